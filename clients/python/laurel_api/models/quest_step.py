from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="QuestStep")



@_attrs_define
class QuestStep:
    """ 
        Attributes:
            event_type (str):
            condition (None | str | Unset):
            count (int | Unset):  Default: 1.
     """

    event_type: str
    condition: None | str | Unset = UNSET
    count: int | Unset = 1





    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        condition: None | str | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        else:
            condition = self.condition

        count = self.count


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "event_type": event_type,
        })
        if condition is not UNSET:
            field_dict["condition"] = condition
        if count is not UNSET:
            field_dict["count"] = count

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_type = d.pop("event_type")

        def _parse_condition(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))


        count = d.pop("count", UNSET)

        quest_step = cls(
            event_type=event_type,
            condition=condition,
            count=count,
        )

        return quest_step

