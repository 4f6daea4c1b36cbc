from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.quest_step import QuestStep





T = TypeVar("T", bound="QuestSpec")



@_attrs_define
class QuestSpec:
    """ 
        Attributes:
            key (str):
            name (str):
            steps (list[QuestStep]):
            badge (None | str | Unset):
            description (str | Unset):  Default: ''.
            ordered (bool | Unset):  Default: False.
            points (int | Unset):  Default: 0.
            program (None | str | Unset):
            segment (None | str | Unset):
            window_days (int | None | Unset):
     """

    key: str
    name: str
    steps: list[QuestStep]
    badge: None | str | Unset = UNSET
    description: str | Unset = ''
    ordered: bool | Unset = False
    points: int | Unset = 0
    program: None | str | Unset = UNSET
    segment: None | str | Unset = UNSET
    window_days: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.quest_step import QuestStep # noqa: PLC0415
        key = self.key

        name = self.name

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)



        badge: None | str | Unset
        if isinstance(self.badge, Unset):
            badge = UNSET
        else:
            badge = self.badge

        description = self.description

        ordered = self.ordered

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

        window_days: int | None | Unset
        if isinstance(self.window_days, Unset):
            window_days = UNSET
        else:
            window_days = self.window_days


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "key": key,
            "name": name,
            "steps": steps,
        })
        if badge is not UNSET:
            field_dict["badge"] = badge
        if description is not UNSET:
            field_dict["description"] = description
        if ordered is not UNSET:
            field_dict["ordered"] = ordered
        if points is not UNSET:
            field_dict["points"] = points
        if program is not UNSET:
            field_dict["program"] = program
        if segment is not UNSET:
            field_dict["segment"] = segment
        if window_days is not UNSET:
            field_dict["window_days"] = window_days

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quest_step import QuestStep # noqa: PLC0415
        d = dict(src_dict)
        key = d.pop("key")

        name = d.pop("name")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
            steps_item = QuestStep.from_dict(steps_item_data)



            steps.append(steps_item)


        def _parse_badge(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        badge = _parse_badge(d.pop("badge", UNSET))


        description = d.pop("description", UNSET)

        ordered = d.pop("ordered", UNSET)

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


        def _parse_window_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        window_days = _parse_window_days(d.pop("window_days", UNSET))


        quest_spec = cls(
            key=key,
            name=name,
            steps=steps,
            badge=badge,
            description=description,
            ordered=ordered,
            points=points,
            program=program,
            segment=segment,
            window_days=window_days,
        )

        return quest_spec

