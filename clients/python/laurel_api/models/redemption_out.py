from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="RedemptionOut")



@_attrs_define
class RedemptionOut:
    """ 
        Attributes:
            cancelled_at (datetime.datetime | None):
            cost (int):
            created_at (datetime.datetime):
            id (str):
            member (str):
            reward (str):
            status (str):
     """

    cancelled_at: datetime.datetime | None
    cost: int
    created_at: datetime.datetime
    id: str
    member: str
    reward: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        cost = self.cost

        created_at = self.created_at.isoformat()

        id = self.id

        member = self.member

        reward = self.reward

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cancelled_at": cancelled_at,
            "cost": cost,
            "created_at": created_at,
            "id": id,
            "member": member,
            "reward": reward,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)



                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))


        cost = d.pop("cost")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        member = d.pop("member")

        reward = d.pop("reward")

        status = d.pop("status")

        redemption_out = cls(
            cancelled_at=cancelled_at,
            cost=cost,
            created_at=created_at,
            id=id,
            member=member,
            reward=reward,
            status=status,
        )


        redemption_out.additional_properties = d
        return redemption_out

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
