from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.period_out import PeriodOut
  from ..models.stats_out_segments import StatsOutSegments





T = TypeVar("T", bound="StatsOut")



@_attrs_define
class StatsOut:
    """ 
        Attributes:
            active_30d (int):
            liability (int):
            liability_tokens (None | str):
            members (int):
            period (PeriodOut):
            points_expired (int):
            points_issued (int):
            points_redeemed (int):
            program (str):
            redemption_rate (float):
            repeat_rate (float):
            segments (StatsOutSegments | Unset):
     """

    active_30d: int
    liability: int
    liability_tokens: None | str
    members: int
    period: PeriodOut
    points_expired: int
    points_issued: int
    points_redeemed: int
    program: str
    redemption_rate: float
    repeat_rate: float
    segments: StatsOutSegments | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.period_out import PeriodOut # noqa: PLC0415
        from ..models.stats_out_segments import StatsOutSegments # noqa: PLC0415
        active_30d = self.active_30d

        liability = self.liability

        liability_tokens: None | str
        liability_tokens = self.liability_tokens

        members = self.members

        period = self.period.to_dict()

        points_expired = self.points_expired

        points_issued = self.points_issued

        points_redeemed = self.points_redeemed

        program = self.program

        redemption_rate = self.redemption_rate

        repeat_rate = self.repeat_rate

        segments: dict[str, Any] | Unset = UNSET
        if not isinstance(self.segments, Unset):
            segments = self.segments.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active_30d": active_30d,
            "liability": liability,
            "liability_tokens": liability_tokens,
            "members": members,
            "period": period,
            "points_expired": points_expired,
            "points_issued": points_issued,
            "points_redeemed": points_redeemed,
            "program": program,
            "redemption_rate": redemption_rate,
            "repeat_rate": repeat_rate,
        })
        if segments is not UNSET:
            field_dict["segments"] = segments

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.period_out import PeriodOut # noqa: PLC0415
        from ..models.stats_out_segments import StatsOutSegments # noqa: PLC0415
        d = dict(src_dict)
        active_30d = d.pop("active_30d")

        liability = d.pop("liability")

        def _parse_liability_tokens(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        liability_tokens = _parse_liability_tokens(d.pop("liability_tokens"))


        members = d.pop("members")

        period = PeriodOut.from_dict(d.pop("period"))




        points_expired = d.pop("points_expired")

        points_issued = d.pop("points_issued")

        points_redeemed = d.pop("points_redeemed")

        program = d.pop("program")

        redemption_rate = d.pop("redemption_rate")

        repeat_rate = d.pop("repeat_rate")

        _segments = d.pop("segments", UNSET)
        segments: StatsOutSegments | Unset
        if isinstance(_segments,  Unset):
            segments = UNSET
        else:
            segments = StatsOutSegments.from_dict(_segments)




        stats_out = cls(
            active_30d=active_30d,
            liability=liability,
            liability_tokens=liability_tokens,
            members=members,
            period=period,
            points_expired=points_expired,
            points_issued=points_issued,
            points_redeemed=points_redeemed,
            program=program,
            redemption_rate=redemption_rate,
            repeat_rate=repeat_rate,
            segments=segments,
        )


        stats_out.additional_properties = d
        return stats_out

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
