from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="RewardOut")



@_attrs_define
class RewardOut:
    """ 
        Attributes:
            cost (int):
            created_at (datetime.datetime):
            key (str):
            name (str):
            partner (None | str):
            segment (None | str):
            stock (int | None):
            streak_freezes (int):
     """

    cost: int
    created_at: datetime.datetime
    key: str
    name: str
    partner: None | str
    segment: None | str
    stock: int | None
    streak_freezes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        cost = self.cost

        created_at = self.created_at.isoformat()

        key = self.key

        name = self.name

        partner: None | str
        partner = self.partner

        segment: None | str
        segment = self.segment

        stock: int | None
        stock = self.stock

        streak_freezes = self.streak_freezes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cost": cost,
            "created_at": created_at,
            "key": key,
            "name": name,
            "partner": partner,
            "segment": segment,
            "stock": stock,
            "streak_freezes": streak_freezes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cost = d.pop("cost")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        key = d.pop("key")

        name = d.pop("name")

        def _parse_partner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        partner = _parse_partner(d.pop("partner"))


        def _parse_segment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        segment = _parse_segment(d.pop("segment"))


        def _parse_stock(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        stock = _parse_stock(d.pop("stock"))


        streak_freezes = d.pop("streak_freezes")

        reward_out = cls(
            cost=cost,
            created_at=created_at,
            key=key,
            name=name,
            partner=partner,
            segment=segment,
            stock=stock,
            streak_freezes=streak_freezes,
        )


        reward_out.additional_properties = d
        return reward_out

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
