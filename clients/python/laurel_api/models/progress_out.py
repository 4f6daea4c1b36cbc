from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.progress_out_kind import ProgressOutKind
from typing import cast

if TYPE_CHECKING:
  from ..models.team_progress_out import TeamProgressOut





T = TypeVar("T", bound="ProgressOut")



@_attrs_define
class ProgressOut:
    """ 
        Attributes:
            badge (None | str):
            current_period (None | str): This period's key; null outside a dated goal's dates.
            event_type (str):
            key (str):
            kind (ProgressOutKind):
            name (str):
            period (str):
            points (int):
            target (int):
            teams (list[TeamProgressOut]):
     """

    badge: None | str
    current_period: None | str
    event_type: str
    key: str
    kind: ProgressOutKind
    name: str
    period: str
    points: int
    target: int
    teams: list[TeamProgressOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.team_progress_out import TeamProgressOut # noqa: PLC0415
        badge: None | str
        badge = self.badge

        current_period: None | str
        current_period = self.current_period

        event_type = self.event_type

        key = self.key

        kind = self.kind.value

        name = self.name

        period = self.period

        points = self.points

        target = self.target

        teams = []
        for teams_item_data in self.teams:
            teams_item = teams_item_data.to_dict()
            teams.append(teams_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "badge": badge,
            "current_period": current_period,
            "event_type": event_type,
            "key": key,
            "kind": kind,
            "name": name,
            "period": period,
            "points": points,
            "target": target,
            "teams": teams,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.team_progress_out import TeamProgressOut # noqa: PLC0415
        d = dict(src_dict)
        def _parse_badge(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        badge = _parse_badge(d.pop("badge"))


        def _parse_current_period(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        current_period = _parse_current_period(d.pop("current_period"))


        event_type = d.pop("event_type")

        key = d.pop("key")

        kind = ProgressOutKind(d.pop("kind"))




        name = d.pop("name")

        period = d.pop("period")

        points = d.pop("points")

        target = d.pop("target")

        teams = []
        _teams = d.pop("teams")
        for teams_item_data in (_teams):
            teams_item = TeamProgressOut.from_dict(teams_item_data)



            teams.append(teams_item)


        progress_out = cls(
            badge=badge,
            current_period=current_period,
            event_type=event_type,
            key=key,
            kind=kind,
            name=name,
            period=period,
            points=points,
            target=target,
            teams=teams,
        )


        progress_out.additional_properties = d
        return progress_out

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
