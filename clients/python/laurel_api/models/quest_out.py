from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.quest_out_steps_item import QuestOutStepsItem





T = TypeVar("T", bound="QuestOut")



@_attrs_define
class QuestOut:
    """ 
        Attributes:
            completed_at (datetime.datetime | None):
            description (str):
            expires_at (datetime.datetime | None):
            key (str):
            max_progress (int):
            name (str):
            ordered (bool):
            progress (int):
            started_at (datetime.datetime | None):
            status (str):
            steps (list[QuestOutStepsItem]):
     """

    completed_at: datetime.datetime | None
    description: str
    expires_at: datetime.datetime | None
    key: str
    max_progress: int
    name: str
    ordered: bool
    progress: int
    started_at: datetime.datetime | None
    status: str
    steps: list[QuestOutStepsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.quest_out_steps_item import QuestOutStepsItem # noqa: PLC0415
        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        description = self.description

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        key = self.key

        max_progress = self.max_progress

        name = self.name

        ordered = self.ordered

        progress = self.progress

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "completed_at": completed_at,
            "description": description,
            "expires_at": expires_at,
            "key": key,
            "max_progress": max_progress,
            "name": name,
            "ordered": ordered,
            "progress": progress,
            "started_at": started_at,
            "status": status,
            "steps": steps,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quest_out_steps_item import QuestOutStepsItem # noqa: PLC0415
        d = dict(src_dict)
        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))


        description = d.pop("description")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        key = d.pop("key")

        max_progress = d.pop("max_progress")

        name = d.pop("name")

        ordered = d.pop("ordered")

        progress = d.pop("progress")

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))


        status = d.pop("status")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
            steps_item = QuestOutStepsItem.from_dict(steps_item_data)



            steps.append(steps_item)


        quest_out = cls(
            completed_at=completed_at,
            description=description,
            expires_at=expires_at,
            key=key,
            max_progress=max_progress,
            name=name,
            ordered=ordered,
            progress=progress,
            started_at=started_at,
            status=status,
            steps=steps,
        )


        quest_out.additional_properties = d
        return quest_out

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
