from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PassTypeOut")



@_attrs_define
class PassTypeOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            event_type (str):
            key (str):
            name (str):
            uses (int | None):
            valid_days (int | None):
     """

    created_at: datetime.datetime
    event_type: str
    key: str
    name: str
    uses: int | None
    valid_days: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        event_type = self.event_type

        key = self.key

        name = self.name

        uses: int | None
        uses = self.uses

        valid_days: int | None
        valid_days = self.valid_days


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "event_type": event_type,
            "key": key,
            "name": name,
            "uses": uses,
            "valid_days": valid_days,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        event_type = d.pop("event_type")

        key = d.pop("key")

        name = d.pop("name")

        def _parse_uses(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        uses = _parse_uses(d.pop("uses"))


        def _parse_valid_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        valid_days = _parse_valid_days(d.pop("valid_days"))


        pass_type_out = cls(
            created_at=created_at,
            event_type=event_type,
            key=key,
            name=name,
            uses=uses,
            valid_days=valid_days,
        )


        pass_type_out.additional_properties = d
        return pass_type_out

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
