from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="TeamProgressOut")



@_attrs_define
class TeamProgressOut:
    """ 
        Attributes:
            percent (int):
            reached_at (None | str):
            team (str): The team's attribute value, the segment, or the member of a quota.
            value (int):
     """

    percent: int
    reached_at: None | str
    team: str
    value: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        percent = self.percent

        reached_at: None | str
        reached_at = self.reached_at

        team = self.team

        value = self.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "percent": percent,
            "reached_at": reached_at,
            "team": team,
            "value": value,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        percent = d.pop("percent")

        def _parse_reached_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reached_at = _parse_reached_at(d.pop("reached_at"))


        team = d.pop("team")

        value = d.pop("value")

        team_progress_out = cls(
            percent=percent,
            reached_at=reached_at,
            team=team,
            value=value,
        )


        team_progress_out.additional_properties = d
        return team_progress_out

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
