from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PlanOut")



@_attrs_define
class PlanOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            currency (None | str):
            free_rewards (int):
            grace_days (int):
            key (str):
            multiplier (float):
            name (str):
            period (str):
            price (int):
     """

    created_at: datetime.datetime
    currency: None | str
    free_rewards: int
    grace_days: int
    key: str
    multiplier: float
    name: str
    period: str
    price: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        currency: None | str
        currency = self.currency

        free_rewards = self.free_rewards

        grace_days = self.grace_days

        key = self.key

        multiplier = self.multiplier

        name = self.name

        period = self.period

        price = self.price


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "currency": currency,
            "free_rewards": free_rewards,
            "grace_days": grace_days,
            "key": key,
            "multiplier": multiplier,
            "name": name,
            "period": period,
            "price": price,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))


        free_rewards = d.pop("free_rewards")

        grace_days = d.pop("grace_days")

        key = d.pop("key")

        multiplier = d.pop("multiplier")

        name = d.pop("name")

        period = d.pop("period")

        price = d.pop("price")

        plan_out = cls(
            created_at=created_at,
            currency=currency,
            free_rewards=free_rewards,
            grace_days=grace_days,
            key=key,
            multiplier=multiplier,
            name=name,
            period=period,
            price=price,
        )


        plan_out.additional_properties = d
        return plan_out

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
