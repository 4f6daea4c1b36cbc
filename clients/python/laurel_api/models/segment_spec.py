from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SegmentSpec")



@_attrs_define
class SegmentSpec:
    """ A group of members by a CEL condition over `member` (attributes, level, points, xp, events, badges...).
    Rules, badges and quests with `segment` only count for members in it when the event arrives.

        Attributes:
            condition (str):
            key (str):
            name (str):
            description (str | Unset):  Default: ''.
            program (None | str | Unset):
     """

    condition: str
    key: str
    name: str
    description: str | Unset = ''
    program: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        condition = self.condition

        key = self.key

        name = self.name

        description = self.description

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "condition": condition,
            "key": key,
            "name": name,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if program is not UNSET:
            field_dict["program"] = program

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        condition = d.pop("condition")

        key = d.pop("key")

        name = d.pop("name")

        description = d.pop("description", UNSET)

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        segment_spec = cls(
            condition=condition,
            key=key,
            name=name,
            description=description,
            program=program,
        )

        return segment_spec

