from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="PromoBatchIn")



@_attrs_define
class PromoBatchIn:
    """ 
        Attributes:
            count (int):
            points (int):
            expires_at (datetime.datetime | None | Unset):
            length (int | Unset):  Default: 10.
            max_uses (int | None | Unset): Redemptions in total; unlimited when omitted.
            per_member (int | None | Unset): Redemptions per member; unlimited when omitted.
            prefix (str | Unset):  Default: ''.
            program (None | str | Unset):
            segment (None | str | Unset): Only members in this segment may redeem the code.
            starts_at (datetime.datetime | None | Unset):
     """

    count: int
    points: int
    expires_at: datetime.datetime | None | Unset = UNSET
    length: int | Unset = 10
    max_uses: int | None | Unset = UNSET
    per_member: int | None | Unset = UNSET
    prefix: str | Unset = ''
    program: None | str | Unset = UNSET
    segment: None | str | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        count = self.count

        points = self.points

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        length = self.length

        max_uses: int | None | Unset
        if isinstance(self.max_uses, Unset):
            max_uses = UNSET
        else:
            max_uses = self.max_uses

        per_member: int | None | Unset
        if isinstance(self.per_member, Unset):
            per_member = UNSET
        else:
            per_member = self.per_member

        prefix = self.prefix

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        segment: None | str | Unset
        if isinstance(self.segment, Unset):
            segment = UNSET
        else:
            segment = self.segment

        starts_at: None | str | Unset
        if isinstance(self.starts_at, Unset):
            starts_at = UNSET
        elif isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "count": count,
            "points": points,
        })
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if length is not UNSET:
            field_dict["length"] = length
        if max_uses is not UNSET:
            field_dict["max_uses"] = max_uses
        if per_member is not UNSET:
            field_dict["per_member"] = per_member
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if program is not UNSET:
            field_dict["program"] = program
        if segment is not UNSET:
            field_dict["segment"] = segment
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        points = d.pop("points")

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))


        length = d.pop("length", UNSET)

        def _parse_max_uses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_uses = _parse_max_uses(d.pop("max_uses", UNSET))


        def _parse_per_member(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_member = _parse_per_member(d.pop("per_member", UNSET))


        prefix = d.pop("prefix", UNSET)

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        def _parse_segment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        segment = _parse_segment(d.pop("segment", UNSET))


        def _parse_starts_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)



                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        starts_at = _parse_starts_at(d.pop("starts_at", UNSET))


        promo_batch_in = cls(
            count=count,
            points=points,
            expires_at=expires_at,
            length=length,
            max_uses=max_uses,
            per_member=per_member,
            prefix=prefix,
            program=program,
            segment=segment,
            starts_at=starts_at,
        )


        promo_batch_in.additional_properties = d
        return promo_batch_in

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
