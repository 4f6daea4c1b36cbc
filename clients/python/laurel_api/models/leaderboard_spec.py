from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LeaderboardSpec")



@_attrs_define
class LeaderboardSpec:
    """ 
        Attributes:
            key (str):
            name (str):
            metric (str | Unset):  Default: 'points'.
            program (None | str | Unset):
            scope (None | str | Unset): A member attribute that splits the board (team, city, store).
     """

    key: str
    name: str
    metric: str | Unset = 'points'
    program: None | str | Unset = UNSET
    scope: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        name = self.name

        metric = self.metric

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        else:
            scope = self.scope


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "key": key,
            "name": name,
        })
        if metric is not UNSET:
            field_dict["metric"] = metric
        if program is not UNSET:
            field_dict["program"] = program
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        name = d.pop("name")

        metric = d.pop("metric", UNSET)

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        def _parse_scope(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))


        leaderboard_spec = cls(
            key=key,
            name=name,
            metric=metric,
            program=program,
            scope=scope,
        )

        return leaderboard_spec

