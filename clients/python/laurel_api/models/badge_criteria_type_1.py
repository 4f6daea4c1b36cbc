from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="BadgeCriteriaType1")



@_attrs_define
class BadgeCriteriaType1:
    """ 
        Attributes:
            at_least (Any):
            event_type (Any):
            sum_ (Any):
            all_of (None | Unset):
            count (None | Unset):
            streak_days (None | Unset):
     """

    at_least: Any
    event_type: Any
    sum_: Any
    all_of: None | Unset = UNSET
    count: None | Unset = UNSET
    streak_days: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        at_least = self.at_least

        event_type = self.event_type

        sum_ = self.sum_

        all_of = self.all_of

        count = self.count

        streak_days = self.streak_days


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "at_least": at_least,
            "event_type": event_type,
            "sum": sum_,
        })
        if all_of is not UNSET:
            field_dict["all_of"] = all_of
        if count is not UNSET:
            field_dict["count"] = count
        if streak_days is not UNSET:
            field_dict["streak_days"] = streak_days

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at_least = d.pop("at_least")

        event_type = d.pop("event_type")

        sum_ = d.pop("sum")

        all_of = d.pop("all_of", UNSET)

        count = d.pop("count", UNSET)

        streak_days = d.pop("streak_days", UNSET)

        badge_criteria_type_1 = cls(
            at_least=at_least,
            event_type=event_type,
            sum_=sum_,
            all_of=all_of,
            count=count,
            streak_days=streak_days,
        )


        badge_criteria_type_1.additional_properties = d
        return badge_criteria_type_1

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
