from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="FundOut")



@_attrs_define
class FundOut:
    """ 
        Attributes:
            balance (int):
            created_at (datetime.datetime):
            event_type (str):
            events (int):
            key (str):
            name (str):
            per_event (int):
     """

    balance: int
    created_at: datetime.datetime
    event_type: str
    events: int
    key: str
    name: str
    per_event: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        balance = self.balance

        created_at = self.created_at.isoformat()

        event_type = self.event_type

        events = self.events

        key = self.key

        name = self.name

        per_event = self.per_event


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "balance": balance,
            "created_at": created_at,
            "event_type": event_type,
            "events": events,
            "key": key,
            "name": name,
            "per_event": per_event,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        balance = d.pop("balance")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        event_type = d.pop("event_type")

        events = d.pop("events")

        key = d.pop("key")

        name = d.pop("name")

        per_event = d.pop("per_event")

        fund_out = cls(
            balance=balance,
            created_at=created_at,
            event_type=event_type,
            events=events,
            key=key,
            name=name,
            per_event=per_event,
        )


        fund_out.additional_properties = d
        return fund_out

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
