from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.announcement_patch_kind import AnnouncementPatchKind
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="AnnouncementPatch")



@_attrs_define
class AnnouncementPatch:
    """ Only `ends_at` can be cleared (null: open-ended); the others are left out to keep them.

        Attributes:
            body (str | Unset):
            ends_at (datetime.datetime | None | Unset):
            kind (AnnouncementPatchKind | Unset):
            starts_at (datetime.datetime | Unset):
            title (str | Unset):
     """

    body: str | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    kind: AnnouncementPatchKind | Unset = UNSET
    starts_at: datetime.datetime | Unset = UNSET
    title: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        body = self.body

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        elif isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        starts_at: str | Unset = UNSET
        if not isinstance(self.starts_at, Unset):
            starts_at = self.starts_at.isoformat()

        title = self.title


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if body is not UNSET:
            field_dict["body"] = body
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if kind is not UNSET:
            field_dict["kind"] = kind
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body", UNSET)

        def _parse_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)



                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))


        _kind = d.pop("kind", UNSET)
        kind: AnnouncementPatchKind | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = AnnouncementPatchKind(_kind)




        _starts_at = d.pop("starts_at", UNSET)
        starts_at: datetime.datetime | Unset
        if isinstance(_starts_at,  Unset):
            starts_at = UNSET
        else:
            starts_at = datetime.datetime.fromisoformat(_starts_at)




        title = d.pop("title", UNSET)

        announcement_patch = cls(
            body=body,
            ends_at=ends_at,
            kind=kind,
            starts_at=starts_at,
            title=title,
        )


        announcement_patch.additional_properties = d
        return announcement_patch

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
