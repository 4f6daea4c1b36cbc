from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="SubscriptionOut")



@_attrs_define
class SubscriptionOut:
    """ 
        Attributes:
            benefits (bool):
            free_rewards_left (int):
            id (str):
            member (str):
            multiplier (float):
            period_end (datetime.datetime):
            period_start (datetime.datetime):
            plan (str):
            started_at (datetime.datetime):
            status (str): `active`, `cancelled` (benefits until period_end) or `lapsed`.
     """

    benefits: bool
    free_rewards_left: int
    id: str
    member: str
    multiplier: float
    period_end: datetime.datetime
    period_start: datetime.datetime
    plan: str
    started_at: datetime.datetime
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        benefits = self.benefits

        free_rewards_left = self.free_rewards_left

        id = self.id

        member = self.member

        multiplier = self.multiplier

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        plan = self.plan

        started_at = self.started_at.isoformat()

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "benefits": benefits,
            "free_rewards_left": free_rewards_left,
            "id": id,
            "member": member,
            "multiplier": multiplier,
            "period_end": period_end,
            "period_start": period_start,
            "plan": plan,
            "started_at": started_at,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        benefits = d.pop("benefits")

        free_rewards_left = d.pop("free_rewards_left")

        id = d.pop("id")

        member = d.pop("member")

        multiplier = d.pop("multiplier")

        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))




        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))




        plan = d.pop("plan")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        status = d.pop("status")

        subscription_out = cls(
            benefits=benefits,
            free_rewards_left=free_rewards_left,
            id=id,
            member=member,
            multiplier=multiplier,
            period_end=period_end,
            period_start=period_start,
            plan=plan,
            started_at=started_at,
            status=status,
        )


        subscription_out.additional_properties = d
        return subscription_out

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
