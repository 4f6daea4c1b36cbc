from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="GoalOut")



@_attrs_define
class GoalOut:
    """ 
        Attributes:
            badge (None | str):
            ends_on (datetime.date | None):
            event_type (str):
            key (str):
            name (str):
            period (str):
            points (int):
            segment (None | str):
            starts_on (datetime.date | None):
            sum_ (None | str):
            target (int):
            team_attribute (None | str):
     """

    badge: None | str
    ends_on: datetime.date | None
    event_type: str
    key: str
    name: str
    period: str
    points: int
    segment: None | str
    starts_on: datetime.date | None
    sum_: None | str
    target: int
    team_attribute: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        badge: None | str
        badge = self.badge

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        event_type = self.event_type

        key = self.key

        name = self.name

        period = self.period

        points = self.points

        segment: None | str
        segment = self.segment

        starts_on: None | str
        if isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        sum_: None | str
        sum_ = self.sum_

        target = self.target

        team_attribute: None | str
        team_attribute = self.team_attribute


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "badge": badge,
            "ends_on": ends_on,
            "event_type": event_type,
            "key": key,
            "name": name,
            "period": period,
            "points": points,
            "segment": segment,
            "starts_on": starts_on,
            "sum": sum_,
            "target": target,
            "team_attribute": team_attribute,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_badge(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        badge = _parse_badge(d.pop("badge"))


        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)



                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))


        event_type = d.pop("event_type")

        key = d.pop("key")

        name = d.pop("name")

        period = d.pop("period")

        points = d.pop("points")

        def _parse_segment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        segment = _parse_segment(d.pop("segment"))


        def _parse_starts_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)



                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        starts_on = _parse_starts_on(d.pop("starts_on"))


        def _parse_sum_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sum_ = _parse_sum_(d.pop("sum"))


        target = d.pop("target")

        def _parse_team_attribute(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        team_attribute = _parse_team_attribute(d.pop("team_attribute"))


        goal_out = cls(
            badge=badge,
            ends_on=ends_on,
            event_type=event_type,
            key=key,
            name=name,
            period=period,
            points=points,
            segment=segment,
            starts_on=starts_on,
            sum_=sum_,
            target=target,
            team_attribute=team_attribute,
        )


        goal_out.additional_properties = d
        return goal_out

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
