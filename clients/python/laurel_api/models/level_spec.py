from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LevelSpec")



@_attrs_define
class LevelSpec:
    """ 
        Attributes:
            key (str):
            name (str):
            hold_days (int | Unset): Kept this long at least, then re-qualified by a job. Default: 0.
            min_points (int | None | Unset): Lifetime points to reach it.
            min_rolling_points (int | None | Unset): Points earned in the last ROLLING_DAYS days (a tier that must be kept).
            min_xp (int | None | Unset):
            multiplier (float | Unset):  Default: 1.0.
            program (None | str | Unset):
            reward_points (int | Unset):  Default: 0.
     """

    key: str
    name: str
    hold_days: int | Unset = 0
    min_points: int | None | Unset = UNSET
    min_rolling_points: int | None | Unset = UNSET
    min_xp: int | None | Unset = UNSET
    multiplier: float | Unset = 1.0
    program: None | str | Unset = UNSET
    reward_points: int | Unset = 0





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        name = self.name

        hold_days = self.hold_days

        min_points: int | None | Unset
        if isinstance(self.min_points, Unset):
            min_points = UNSET
        else:
            min_points = self.min_points

        min_rolling_points: int | None | Unset
        if isinstance(self.min_rolling_points, Unset):
            min_rolling_points = UNSET
        else:
            min_rolling_points = self.min_rolling_points

        min_xp: int | None | Unset
        if isinstance(self.min_xp, Unset):
            min_xp = UNSET
        else:
            min_xp = self.min_xp

        multiplier = self.multiplier

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        reward_points = self.reward_points


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "key": key,
            "name": name,
        })
        if hold_days is not UNSET:
            field_dict["hold_days"] = hold_days
        if min_points is not UNSET:
            field_dict["min_points"] = min_points
        if min_rolling_points is not UNSET:
            field_dict["min_rolling_points"] = min_rolling_points
        if min_xp is not UNSET:
            field_dict["min_xp"] = min_xp
        if multiplier is not UNSET:
            field_dict["multiplier"] = multiplier
        if program is not UNSET:
            field_dict["program"] = program
        if reward_points is not UNSET:
            field_dict["reward_points"] = reward_points

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        name = d.pop("name")

        hold_days = d.pop("hold_days", UNSET)

        def _parse_min_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_points = _parse_min_points(d.pop("min_points", UNSET))


        def _parse_min_rolling_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_rolling_points = _parse_min_rolling_points(d.pop("min_rolling_points", UNSET))


        def _parse_min_xp(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_xp = _parse_min_xp(d.pop("min_xp", UNSET))


        multiplier = d.pop("multiplier", UNSET)

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        reward_points = d.pop("reward_points", UNSET)

        level_spec = cls(
            key=key,
            name=name,
            hold_days=hold_days,
            min_points=min_points,
            min_rolling_points=min_rolling_points,
            min_xp=min_xp,
            multiplier=multiplier,
            program=program,
            reward_points=reward_points,
        )

        return level_spec

