from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="BadgeCriteriaType2")



@_attrs_define
class BadgeCriteriaType2:
    """ 
        Attributes:
            event_type (Any):
            streak_days (Any):
            all_of (None | Unset):
            at_least (None | Unset):
            count (None | Unset):
            sum_ (None | Unset):
     """

    event_type: Any
    streak_days: Any
    all_of: None | Unset = UNSET
    at_least: None | Unset = UNSET
    count: None | Unset = UNSET
    sum_: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        streak_days = self.streak_days

        all_of = self.all_of

        at_least = self.at_least

        count = self.count

        sum_ = self.sum_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "event_type": event_type,
            "streak_days": streak_days,
        })
        if all_of is not UNSET:
            field_dict["all_of"] = all_of
        if at_least is not UNSET:
            field_dict["at_least"] = at_least
        if count is not UNSET:
            field_dict["count"] = count
        if sum_ is not UNSET:
            field_dict["sum"] = sum_

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_type = d.pop("event_type")

        streak_days = d.pop("streak_days")

        all_of = d.pop("all_of", UNSET)

        at_least = d.pop("at_least", UNSET)

        count = d.pop("count", UNSET)

        sum_ = d.pop("sum", UNSET)

        badge_criteria_type_2 = cls(
            event_type=event_type,
            streak_days=streak_days,
            all_of=all_of,
            at_least=at_least,
            count=count,
            sum_=sum_,
        )


        badge_criteria_type_2.additional_properties = d
        return badge_criteria_type_2

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
