from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RewardIn")



@_attrs_define
class RewardIn:
    """ 
        Attributes:
            cost (int): Points one item costs.
            key (str):
            name (str):
            partner (None | str | Unset): The partner delivering the item (it is owed the points).
            program (None | str | Unset):
            segment (None | str | Unset): Only members in this segment may redeem the item.
            stock (int | None | Unset):
            streak_freezes (int | Unset): Streak freezes the item gives the member who takes it. Default: 0.
     """

    cost: int
    key: str
    name: str
    partner: None | str | Unset = UNSET
    program: None | str | Unset = UNSET
    segment: None | str | Unset = UNSET
    stock: int | None | Unset = UNSET
    streak_freezes: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        cost = self.cost

        key = self.key

        name = self.name

        partner: None | str | Unset
        if isinstance(self.partner, Unset):
            partner = UNSET
        else:
            partner = self.partner

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

        stock: int | None | Unset
        if isinstance(self.stock, Unset):
            stock = UNSET
        else:
            stock = self.stock

        streak_freezes = self.streak_freezes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cost": cost,
            "key": key,
            "name": name,
        })
        if partner is not UNSET:
            field_dict["partner"] = partner
        if program is not UNSET:
            field_dict["program"] = program
        if segment is not UNSET:
            field_dict["segment"] = segment
        if stock is not UNSET:
            field_dict["stock"] = stock
        if streak_freezes is not UNSET:
            field_dict["streak_freezes"] = streak_freezes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cost = d.pop("cost")

        key = d.pop("key")

        name = d.pop("name")

        def _parse_partner(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner = _parse_partner(d.pop("partner", UNSET))


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


        def _parse_stock(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stock = _parse_stock(d.pop("stock", UNSET))


        streak_freezes = d.pop("streak_freezes", UNSET)

        reward_in = cls(
            cost=cost,
            key=key,
            name=name,
            partner=partner,
            program=program,
            segment=segment,
            stock=stock,
            streak_freezes=streak_freezes,
        )


        reward_in.additional_properties = d
        return reward_in

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
