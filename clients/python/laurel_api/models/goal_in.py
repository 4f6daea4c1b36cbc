from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.goal_in_period import GoalInPeriod
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="GoalIn")



@_attrs_define
class GoalIn:
    """ 
        Attributes:
            event_type (str): The events that count.
            key (str):
            name (str):
            period (GoalInPeriod): Calendar periods in the program's time zone, or `dates` with `starts_on` and `ends_on`.
            target (int):
            badge (None | str | Unset): Awarded to every member of the team, once per period.
            count (bool | None | Unset): Count the events (the default when `sum` is absent).
            ends_on (datetime.date | None | Unset):
            points (int | Unset): Paid to every member of the team. Default: 0.
            program (None | str | Unset):
            segment (None | str | Unset): A team goal for the members of this segment.
            starts_on (datetime.date | None | Unset):
            sum_ (None | str | Unset): Sum this CEL integer over the events, e.g. `event.amount`.
            team_attribute (None | str | Unset): A team goal for members sharing this (string) attribute's value, e.g.
                `team`.
     """

    event_type: str
    key: str
    name: str
    period: GoalInPeriod
    target: int
    badge: None | str | Unset = UNSET
    count: bool | None | Unset = UNSET
    ends_on: datetime.date | None | Unset = UNSET
    points: int | Unset = 0
    program: None | str | Unset = UNSET
    segment: None | str | Unset = UNSET
    starts_on: datetime.date | None | Unset = UNSET
    sum_: None | str | Unset = UNSET
    team_attribute: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        key = self.key

        name = self.name

        period = self.period.value

        target = self.target

        badge: None | str | Unset
        if isinstance(self.badge, Unset):
            badge = UNSET
        else:
            badge = self.badge

        count: bool | None | Unset
        if isinstance(self.count, Unset):
            count = UNSET
        else:
            count = self.count

        ends_on: None | str | Unset
        if isinstance(self.ends_on, Unset):
            ends_on = UNSET
        elif isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        points = self.points

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

        starts_on: None | str | Unset
        if isinstance(self.starts_on, Unset):
            starts_on = UNSET
        elif isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        sum_: None | str | Unset
        if isinstance(self.sum_, Unset):
            sum_ = UNSET
        else:
            sum_ = self.sum_

        team_attribute: None | str | Unset
        if isinstance(self.team_attribute, Unset):
            team_attribute = UNSET
        else:
            team_attribute = self.team_attribute


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "event_type": event_type,
            "key": key,
            "name": name,
            "period": period,
            "target": target,
        })
        if badge is not UNSET:
            field_dict["badge"] = badge
        if count is not UNSET:
            field_dict["count"] = count
        if ends_on is not UNSET:
            field_dict["ends_on"] = ends_on
        if points is not UNSET:
            field_dict["points"] = points
        if program is not UNSET:
            field_dict["program"] = program
        if segment is not UNSET:
            field_dict["segment"] = segment
        if starts_on is not UNSET:
            field_dict["starts_on"] = starts_on
        if sum_ is not UNSET:
            field_dict["sum"] = sum_
        if team_attribute is not UNSET:
            field_dict["team_attribute"] = team_attribute

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_type = d.pop("event_type")

        key = d.pop("key")

        name = d.pop("name")

        period = GoalInPeriod(d.pop("period"))




        target = d.pop("target")

        def _parse_badge(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        badge = _parse_badge(d.pop("badge", UNSET))


        def _parse_count(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        count = _parse_count(d.pop("count", UNSET))


        def _parse_ends_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)



                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ends_on = _parse_ends_on(d.pop("ends_on", UNSET))


        points = d.pop("points", UNSET)

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


        def _parse_starts_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)



                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        starts_on = _parse_starts_on(d.pop("starts_on", UNSET))


        def _parse_sum_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sum_ = _parse_sum_(d.pop("sum", UNSET))


        def _parse_team_attribute(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        team_attribute = _parse_team_attribute(d.pop("team_attribute", UNSET))


        goal_in = cls(
            event_type=event_type,
            key=key,
            name=name,
            period=period,
            target=target,
            badge=badge,
            count=count,
            ends_on=ends_on,
            points=points,
            program=program,
            segment=segment,
            starts_on=starts_on,
            sum_=sum_,
            team_attribute=team_attribute,
        )


        goal_in.additional_properties = d
        return goal_in

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
