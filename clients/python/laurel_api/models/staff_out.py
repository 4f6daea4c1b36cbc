from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.role import Role
from typing import cast
import datetime






T = TypeVar("T", bound="StaffOut")



@_attrs_define
class StaffOut:
    """ 
        Attributes:
            accepted_at (datetime.datetime | None):
            created_at (datetime.datetime):
            email (str):
            id (str):
            role (Role):
            status (str): `invited` until the password is set, then `active`; `removed` once deleted.
     """

    accepted_at: datetime.datetime | None
    created_at: datetime.datetime
    email: str
    id: str
    role: Role
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        accepted_at: None | str
        if isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        created_at = self.created_at.isoformat()

        email = self.email

        id = self.id

        role = self.role.value

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "accepted_at": accepted_at,
            "created_at": created_at,
            "email": email,
            "id": id,
            "role": role,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_accepted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)



                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        email = d.pop("email")

        id = d.pop("id")

        role = Role(d.pop("role"))




        status = d.pop("status")

        staff_out = cls(
            accepted_at=accepted_at,
            created_at=created_at,
            email=email,
            id=id,
            role=role,
            status=status,
        )


        staff_out.additional_properties = d
        return staff_out

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
