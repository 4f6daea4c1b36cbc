from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AnnouncementOut")



@_attrs_define
class AnnouncementOut:
    """ 
        Attributes:
            body (str):
            created_at (datetime.datetime):
            current (bool):
            ends_at (datetime.datetime | None):
            id (str):
            kind (str):
            starts_at (datetime.datetime):
            title (str):
            updated_at (datetime.datetime):
     """

    body: str
    created_at: datetime.datetime
    current: bool
    ends_at: datetime.datetime | None
    id: str
    kind: str
    starts_at: datetime.datetime
    title: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        body = self.body

        created_at = self.created_at.isoformat()

        current = self.current

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        id = self.id

        kind = self.kind

        starts_at = self.starts_at.isoformat()

        title = self.title

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "body": body,
            "created_at": created_at,
            "current": current,
            "ends_at": ends_at,
            "id": id,
            "kind": kind,
            "starts_at": starts_at,
            "title": title,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        current = d.pop("current")

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)



                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))


        id = d.pop("id")

        kind = d.pop("kind")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))




        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        announcement_out = cls(
            body=body,
            created_at=created_at,
            current=current,
            ends_at=ends_at,
            id=id,
            kind=kind,
            starts_at=starts_at,
            title=title,
            updated_at=updated_at,
        )


        announcement_out.additional_properties = d
        return announcement_out

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
