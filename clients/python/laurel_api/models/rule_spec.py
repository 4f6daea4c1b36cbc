from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.earning_cap import EarningCap





T = TypeVar("T", bound="RuleSpec")



@_attrs_define
class RuleSpec:
    """ 
        Attributes:
            event_type (str):
            key (str):
            active (bool | Unset):  Default: True.
            cap (EarningCap | list[EarningCap] | None | Unset): At most so many points and/or times per member per day, week
                or month.
            condition (None | str | Unset):
            level_multiplier (bool | Unset): Multiply the points by the member's level multiplier. Default: False.
            points (None | str | Unset):
            program (None | str | Unset):
            segment (None | str | Unset):
            streak_freezes (int | Unset): Streak freezes the member is given with it. Default: 0.
            xp (None | str | Unset):
     """

    event_type: str
    key: str
    active: bool | Unset = True
    cap: EarningCap | list[EarningCap] | None | Unset = UNSET
    condition: None | str | Unset = UNSET
    level_multiplier: bool | Unset = False
    points: None | str | Unset = UNSET
    program: None | str | Unset = UNSET
    segment: None | str | Unset = UNSET
    streak_freezes: int | Unset = 0
    xp: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.earning_cap import EarningCap # noqa: PLC0415
        event_type = self.event_type

        key = self.key

        active = self.active

        cap: dict[str, Any] | list[dict[str, Any]] | None | Unset
        if isinstance(self.cap, Unset):
            cap = UNSET
        elif isinstance(self.cap, EarningCap):
            cap = self.cap.to_dict()
        elif isinstance(self.cap, list):
            cap = []
            for cap_type_1_item_data in self.cap:
                cap_type_1_item = cap_type_1_item_data.to_dict()
                cap.append(cap_type_1_item)


        else:
            cap = self.cap

        condition: None | str | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        else:
            condition = self.condition

        level_multiplier = self.level_multiplier

        points: None | str | Unset
        if isinstance(self.points, Unset):
            points = UNSET
        else:
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

        streak_freezes = self.streak_freezes

        xp: None | str | Unset
        if isinstance(self.xp, Unset):
            xp = UNSET
        else:
            xp = self.xp


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "event_type": event_type,
            "key": key,
        })
        if active is not UNSET:
            field_dict["active"] = active
        if cap is not UNSET:
            field_dict["cap"] = cap
        if condition is not UNSET:
            field_dict["condition"] = condition
        if level_multiplier is not UNSET:
            field_dict["level_multiplier"] = level_multiplier
        if points is not UNSET:
            field_dict["points"] = points
        if program is not UNSET:
            field_dict["program"] = program
        if segment is not UNSET:
            field_dict["segment"] = segment
        if streak_freezes is not UNSET:
            field_dict["streak_freezes"] = streak_freezes
        if xp is not UNSET:
            field_dict["xp"] = xp

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.earning_cap import EarningCap # noqa: PLC0415
        d = dict(src_dict)
        event_type = d.pop("event_type")

        key = d.pop("key")

        active = d.pop("active", UNSET)

        def _parse_cap(data: object) -> EarningCap | list[EarningCap] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cap_type_0 = EarningCap.from_dict(data)



                return cap_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                cap_type_1 = []
                _cap_type_1 = data
                for cap_type_1_item_data in (_cap_type_1):
                    cap_type_1_item = EarningCap.from_dict(cap_type_1_item_data)



                    cap_type_1.append(cap_type_1_item)

                return cap_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EarningCap | list[EarningCap] | None | Unset, data)

        cap = _parse_cap(d.pop("cap", UNSET))


        def _parse_condition(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))


        level_multiplier = d.pop("level_multiplier", UNSET)

        def _parse_points(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        points = _parse_points(d.pop("points", UNSET))


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


        streak_freezes = d.pop("streak_freezes", UNSET)

        def _parse_xp(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        xp = _parse_xp(d.pop("xp", UNSET))


        rule_spec = cls(
            event_type=event_type,
            key=key,
            active=active,
            cap=cap,
            condition=condition,
            level_multiplier=level_multiplier,
            points=points,
            program=program,
            segment=segment,
            streak_freezes=streak_freezes,
            xp=xp,
        )

        return rule_spec

