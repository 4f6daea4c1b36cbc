from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.standing_out import StandingOut





T = TypeVar("T", bound="LeaderboardOut")



@_attrs_define
class LeaderboardOut:
    """ 
        Attributes:
            as_of (datetime.datetime):
            key (str):
            member (None | StandingOut):
            metric (str):
            name (str):
            period (str):
            scope (None | str):
            source (str):
            top (list[StandingOut]):
     """

    as_of: datetime.datetime
    key: str
    member: None | StandingOut
    metric: str
    name: str
    period: str
    scope: None | str
    source: str
    top: list[StandingOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.standing_out import StandingOut # noqa: PLC0415
        as_of = self.as_of.isoformat()

        key = self.key

        member: dict[str, Any] | None
        if isinstance(self.member, StandingOut):
            member = self.member.to_dict()
        else:
            member = self.member

        metric = self.metric

        name = self.name

        period = self.period

        scope: None | str
        scope = self.scope

        source = self.source

        top = []
        for top_item_data in self.top:
            top_item = top_item_data.to_dict()
            top.append(top_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "as_of": as_of,
            "key": key,
            "member": member,
            "metric": metric,
            "name": name,
            "period": period,
            "scope": scope,
            "source": source,
            "top": top,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.standing_out import StandingOut # noqa: PLC0415
        d = dict(src_dict)
        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))




        key = d.pop("key")

        def _parse_member(data: object) -> None | StandingOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                member_type_0 = StandingOut.from_dict(data)



                return member_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StandingOut, data)

        member = _parse_member(d.pop("member"))


        metric = d.pop("metric")

        name = d.pop("name")

        period = d.pop("period")

        def _parse_scope(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scope = _parse_scope(d.pop("scope"))


        source = d.pop("source")

        top = []
        _top = d.pop("top")
        for top_item_data in (_top):
            top_item = StandingOut.from_dict(top_item_data)



            top.append(top_item)


        leaderboard_out = cls(
            as_of=as_of,
            key=key,
            member=member,
            metric=metric,
            name=name,
            period=period,
            scope=scope,
            source=source,
            top=top,
        )


        leaderboard_out.additional_properties = d
        return leaderboard_out

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
