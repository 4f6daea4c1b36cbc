from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PeriodOut")



@_attrs_define
class PeriodOut:
    """ 
        Attributes:
            active_members (int):
            events (int):
            from_ (datetime.datetime):
            new_members (int):
            points_expired (int):
            points_issued (int):
            points_redeemed (int):
            to (datetime.datetime):
     """

    active_members: int
    events: int
    from_: datetime.datetime
    new_members: int
    points_expired: int
    points_issued: int
    points_redeemed: int
    to: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        active_members = self.active_members

        events = self.events

        from_ = self.from_.isoformat()

        new_members = self.new_members

        points_expired = self.points_expired

        points_issued = self.points_issued

        points_redeemed = self.points_redeemed

        to = self.to.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active_members": active_members,
            "events": events,
            "from": from_,
            "new_members": new_members,
            "points_expired": points_expired,
            "points_issued": points_issued,
            "points_redeemed": points_redeemed,
            "to": to,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active_members = d.pop("active_members")

        events = d.pop("events")

        from_ = datetime.datetime.fromisoformat(d.pop("from"))




        new_members = d.pop("new_members")

        points_expired = d.pop("points_expired")

        points_issued = d.pop("points_issued")

        points_redeemed = d.pop("points_redeemed")

        to = datetime.datetime.fromisoformat(d.pop("to"))




        period_out = cls(
            active_members=active_members,
            events=events,
            from_=from_,
            new_members=new_members,
            points_expired=points_expired,
            points_issued=points_issued,
            points_redeemed=points_redeemed,
            to=to,
        )


        period_out.additional_properties = d
        return period_out

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
