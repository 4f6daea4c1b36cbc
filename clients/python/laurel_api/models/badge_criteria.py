from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="BadgeCriteria")



@_attrs_define
class BadgeCriteria:
    """ Exactly one shape: count, sum, streak (all on events of `event_type`), member condition, or all_of.

        Attributes:
            all_of (list[str] | None | Unset):
            at_least (int | None | Unset):
            condition (None | str | Unset):
            count (int | None | Unset):
            event_type (None | str | Unset):
            streak_days (int | None | Unset):
            sum_ (None | str | Unset):
     """

    all_of: list[str] | None | Unset = UNSET
    at_least: int | None | Unset = UNSET
    condition: None | str | Unset = UNSET
    count: int | None | Unset = UNSET
    event_type: None | str | Unset = UNSET
    streak_days: int | None | Unset = UNSET
    sum_: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        all_of: list[str] | None | Unset
        if isinstance(self.all_of, Unset):
            all_of = UNSET
        elif isinstance(self.all_of, list):
            all_of = self.all_of


        else:
            all_of = self.all_of

        at_least: int | None | Unset
        if isinstance(self.at_least, Unset):
            at_least = UNSET
        else:
            at_least = self.at_least

        condition: None | str | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        else:
            condition = self.condition

        count: int | None | Unset
        if isinstance(self.count, Unset):
            count = UNSET
        else:
            count = self.count

        event_type: None | str | Unset
        if isinstance(self.event_type, Unset):
            event_type = UNSET
        else:
            event_type = self.event_type

        streak_days: int | None | Unset
        if isinstance(self.streak_days, Unset):
            streak_days = UNSET
        else:
            streak_days = self.streak_days

        sum_: None | str | Unset
        if isinstance(self.sum_, Unset):
            sum_ = UNSET
        else:
            sum_ = self.sum_


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if all_of is not UNSET:
            field_dict["all_of"] = all_of
        if at_least is not UNSET:
            field_dict["at_least"] = at_least
        if condition is not UNSET:
            field_dict["condition"] = condition
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
        def _parse_all_of(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                all_of_type_0 = cast(list[str], data)

                return all_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        all_of = _parse_all_of(d.pop("all_of", UNSET))


        def _parse_at_least(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        at_least = _parse_at_least(d.pop("at_least", UNSET))


        def _parse_condition(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))


        def _parse_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        count = _parse_count(d.pop("count", UNSET))


        def _parse_event_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        event_type = _parse_event_type(d.pop("event_type", UNSET))


        def _parse_streak_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        streak_days = _parse_streak_days(d.pop("streak_days", UNSET))


        def _parse_sum_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sum_ = _parse_sum_(d.pop("sum", UNSET))


        badge_criteria = cls(
            all_of=all_of,
            at_least=at_least,
            condition=condition,
            count=count,
            event_type=event_type,
            streak_days=streak_days,
            sum_=sum_,
        )

        return badge_criteria

