from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="NewWebhookOut")



@_attrs_define
class NewWebhookOut:
    """ 
        Attributes:
            active (bool):
            created_at (datetime.datetime):
            events (list[str]):
            id (str):
            secret (str): Signing secret for `Laurel-Signature`, shown once.
            url (str):
     """

    active: bool
    created_at: datetime.datetime
    events: list[str]
    id: str
    secret: str
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        created_at = self.created_at.isoformat()

        events = self.events



        id = self.id

        secret = self.secret

        url = self.url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active": active,
            "created_at": created_at,
            "events": events,
            "id": id,
            "secret": secret,
            "url": url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        events = cast(list[str], d.pop("events"))


        id = d.pop("id")

        secret = d.pop("secret")

        url = d.pop("url")

        new_webhook_out = cls(
            active=active,
            created_at=created_at,
            events=events,
            id=id,
            secret=secret,
            url=url,
        )


        new_webhook_out.additional_properties = d
        return new_webhook_out

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
