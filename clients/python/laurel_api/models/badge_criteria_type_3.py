from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="BadgeCriteriaType3")



@_attrs_define
class BadgeCriteriaType3:
    """ 
        Attributes:
            condition (Any):
            all_of (None | Unset):
            at_least (None | Unset):
            count (None | Unset):
            event_type (None | Unset):
            streak_days (None | Unset):
            sum_ (None | Unset):
     """

    condition: Any
    all_of: None | Unset = UNSET
    at_least: None | Unset = UNSET
    count: None | Unset = UNSET
    event_type: None | Unset = UNSET
    streak_days: None | Unset = UNSET
    sum_: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        condition = self.condition

        all_of = self.all_of

        at_least = self.at_least

        count = self.count

        event_type = self.event_type

        streak_days = self.streak_days

        sum_ = self.sum_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "condition": condition,
        })
        if all_of is not UNSET:
            field_dict["all_of"] = all_of
        if at_least is not UNSET:
            field_dict["at_least"] = at_least
        if count is not UNSET:
            field_dict["count"] = count
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if streak_days is not UNSET:
            field_dict["streak_days"] = streak_days
        if sum_ is not UNSET:
            field_dict["sum"] = sum_

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        condition = d.pop("condition")

        all_of = d.pop("all_of", UNSET)

        at_least = d.pop("at_least", UNSET)

        count = d.pop("count", UNSET)

        event_type = d.pop("event_type", UNSET)

        streak_days = d.pop("streak_days", UNSET)

        sum_ = d.pop("sum", UNSET)

        badge_criteria_type_3 = cls(
            condition=condition,
            all_of=all_of,
            at_least=at_least,
            count=count,
            event_type=event_type,
            streak_days=streak_days,
            sum_=sum_,
        )


        badge_criteria_type_3.additional_properties = d
        return badge_criteria_type_3

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
