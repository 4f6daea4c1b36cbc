from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PromoCodeOut")



@_attrs_define
class PromoCodeOut:
    """ 
        Attributes:
            batch (None | str):
            code (str):
            created_at (datetime.datetime):
            expires_at (datetime.datetime | None):
            max_uses (int | None):
            per_member (int | None):
            points (int):
            segment (None | str):
            starts_at (datetime.datetime | None):
            uses (int):
     """

    batch: None | str
    code: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    max_uses: int | None
    per_member: int | None
    points: int
    segment: None | str
    starts_at: datetime.datetime | None
    uses: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        batch: None | str
        batch = self.batch

        code = self.code

        created_at = self.created_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        max_uses: int | None
        max_uses = self.max_uses

        per_member: int | None
        per_member = self.per_member

        points = self.points

        segment: None | str
        segment = self.segment

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        uses = self.uses


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "batch": batch,
            "code": code,
            "created_at": created_at,
            "expires_at": expires_at,
            "max_uses": max_uses,
            "per_member": per_member,
            "points": points,
            "segment": segment,
            "starts_at": starts_at,
            "uses": uses,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_batch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        batch = _parse_batch(d.pop("batch"))


        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        def _parse_max_uses(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_uses = _parse_max_uses(d.pop("max_uses"))


        def _parse_per_member(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        per_member = _parse_per_member(d.pop("per_member"))


        points = d.pop("points")

        def _parse_segment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        segment = _parse_segment(d.pop("segment"))


        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)



                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("starts_at"))


        uses = d.pop("uses")

        promo_code_out = cls(
            batch=batch,
            code=code,
            created_at=created_at,
            expires_at=expires_at,
            max_uses=max_uses,
            per_member=per_member,
            points=points,
            segment=segment,
            starts_at=starts_at,
            uses=uses,
        )


        promo_code_out.additional_properties = d
        return promo_code_out

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
