from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PassOut")



@_attrs_define
class PassOut:
    """ 
        Attributes:
            id (str):
            issued_at (datetime.datetime):
            member (str):
            name (str):
            reference (None | str):
            status (str): `active`, `not_yet_valid`, `used_up` or `expired`.
            type_ (str):
            used (int):
            uses (int | None):
            uses_left (int | None):
            valid_from (datetime.datetime):
            valid_until (datetime.datetime | None):
     """

    id: str
    issued_at: datetime.datetime
    member: str
    name: str
    reference: None | str
    status: str
    type_: str
    used: int
    uses: int | None
    uses_left: int | None
    valid_from: datetime.datetime
    valid_until: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        issued_at = self.issued_at.isoformat()

        member = self.member

        name = self.name

        reference: None | str
        reference = self.reference

        status = self.status

        type_ = self.type_

        used = self.used

        uses: int | None
        uses = self.uses

        uses_left: int | None
        uses_left = self.uses_left

        valid_from = self.valid_from.isoformat()

        valid_until: None | str
        if isinstance(self.valid_until, datetime.datetime):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "issued_at": issued_at,
            "member": member,
            "name": name,
            "reference": reference,
            "status": status,
            "type": type_,
            "used": used,
            "uses": uses,
            "uses_left": uses_left,
            "valid_from": valid_from,
            "valid_until": valid_until,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))




        member = d.pop("member")

        name = d.pop("name")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))


        status = d.pop("status")

        type_ = d.pop("type")

        used = d.pop("used")

        def _parse_uses(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        uses = _parse_uses(d.pop("uses"))


        def _parse_uses_left(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        uses_left = _parse_uses_left(d.pop("uses_left"))


        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))




        def _parse_valid_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.datetime.fromisoformat(data)



                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        valid_until = _parse_valid_until(d.pop("valid_until"))


        pass_out = cls(
            id=id,
            issued_at=issued_at,
            member=member,
            name=name,
            reference=reference,
            status=status,
            type_=type_,
            used=used,
            uses=uses,
            uses_left=uses_left,
            valid_from=valid_from,
            valid_until=valid_until,
        )


        pass_out.additional_properties = d
        return pass_out

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
