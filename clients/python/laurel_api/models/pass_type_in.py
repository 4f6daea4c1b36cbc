from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PassTypeIn")



@_attrs_define
class PassTypeIn:
    """ 
        Attributes:
            key (str):
            name (str):
            event_type (str | Unset): The type of the event each use sends to ingest. Default: 'pass.used'.
            program (None | str | Unset):
            uses (int | None | Unset): Uses the pass grants; unlimited within its validity if omitted.
            valid_days (int | None | Unset): Days the pass is valid from issue; forever if omitted. At least one of the two.
     """

    key: str
    name: str
    event_type: str | Unset = 'pass.used'
    program: None | str | Unset = UNSET
    uses: int | None | Unset = UNSET
    valid_days: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        name = self.name

        event_type = self.event_type

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        uses: int | None | Unset
        if isinstance(self.uses, Unset):
            uses = UNSET
        else:
            uses = self.uses

        valid_days: int | None | Unset
        if isinstance(self.valid_days, Unset):
            valid_days = UNSET
        else:
            valid_days = self.valid_days


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "name": name,
        })
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if program is not UNSET:
            field_dict["program"] = program
        if uses is not UNSET:
            field_dict["uses"] = uses
        if valid_days is not UNSET:
            field_dict["valid_days"] = valid_days

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        name = d.pop("name")

        event_type = d.pop("event_type", UNSET)

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        def _parse_uses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        uses = _parse_uses(d.pop("uses", UNSET))


        def _parse_valid_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        valid_days = _parse_valid_days(d.pop("valid_days", UNSET))


        pass_type_in = cls(
            key=key,
            name=name,
            event_type=event_type,
            program=program,
            uses=uses,
            valid_days=valid_days,
        )


        pass_type_in.additional_properties = d
        return pass_type_in

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
