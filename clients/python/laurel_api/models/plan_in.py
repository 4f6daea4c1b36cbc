from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan_in_period import PlanInPeriod
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PlanIn")



@_attrs_define
class PlanIn:
    """ 
        Attributes:
            key (str):
            name (str):
            period (PlanInPeriod):
            price (int): Per period, in the currency's smallest unit.
            currency (None | str | Unset):
            free_rewards (int | Unset): Catalog rewards free per period. Default: 0.
            grace_days (int | Unset): Days after the period before it lapses. Default: 0.
            multiplier (float | Unset): Applied to the points rules award while the subscription is paid (floored). Default:
                1.0.
            program (None | str | Unset):
     """

    key: str
    name: str
    period: PlanInPeriod
    price: int
    currency: None | str | Unset = UNSET
    free_rewards: int | Unset = 0
    grace_days: int | Unset = 0
    multiplier: float | Unset = 1.0
    program: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        name = self.name

        period = self.period.value

        price = self.price

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        free_rewards = self.free_rewards

        grace_days = self.grace_days

        multiplier = self.multiplier

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "name": name,
            "period": period,
            "price": price,
        })
        if currency is not UNSET:
            field_dict["currency"] = currency
        if free_rewards is not UNSET:
            field_dict["free_rewards"] = free_rewards
        if grace_days is not UNSET:
            field_dict["grace_days"] = grace_days
        if multiplier is not UNSET:
            field_dict["multiplier"] = multiplier
        if program is not UNSET:
            field_dict["program"] = program

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        name = d.pop("name")

        period = PlanInPeriod(d.pop("period"))




        price = d.pop("price")

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        free_rewards = d.pop("free_rewards", UNSET)

        grace_days = d.pop("grace_days", UNSET)

        multiplier = d.pop("multiplier", UNSET)

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        plan_in = cls(
            key=key,
            name=name,
            period=period,
            price=price,
            currency=currency,
            free_rewards=free_rewards,
            grace_days=grace_days,
            multiplier=multiplier,
            program=program,
        )


        plan_in.additional_properties = d
        return plan_in

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
