from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.audit_out_detail import AuditOutDetail





T = TypeVar("T", bound="AuditOut")



@_attrs_define
class AuditOut:
    """ 
        Attributes:
            action (str): A named action (`member.erase`) or the method and route called.
            actor (str): `key:<id>` (an API key), `staff:<id>` (a console user) or `operator`.
            at (datetime.datetime):
            detail (AuditOutDetail):
            id (int):
            target (str):
     """

    action: str
    actor: str
    at: datetime.datetime
    detail: AuditOutDetail
    id: int
    target: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_out_detail import AuditOutDetail # noqa: PLC0415
        action = self.action

        actor = self.actor

        at = self.at.isoformat()

        detail = self.detail.to_dict()

        id = self.id

        target = self.target


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action": action,
            "actor": actor,
            "at": at,
            "detail": detail,
            "id": id,
            "target": target,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_out_detail import AuditOutDetail # noqa: PLC0415
        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        detail = AuditOutDetail.from_dict(d.pop("detail"))




        id = d.pop("id")

        target = d.pop("target")

        audit_out = cls(
            action=action,
            actor=actor,
            at=at,
            detail=detail,
            id=id,
            target=target,
        )


        audit_out.additional_properties = d
        return audit_out

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
