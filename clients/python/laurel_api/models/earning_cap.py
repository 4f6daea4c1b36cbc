from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.earning_cap_per import EarningCapPer
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="EarningCap")



@_attrs_define
class EarningCap:
    """ At most `points` points and/or `times` awards per member per `per` (in the program's time zone).

        Attributes:
            per (EarningCapPer):
            points (int | None | Unset):
            times (int | None | Unset):
     """

    per: EarningCapPer
    points: int | None | Unset = UNSET
    times: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        per = self.per.value

        points: int | None | Unset
        if isinstance(self.points, Unset):
            points = UNSET
        else:
            points = self.points

        times: int | None | Unset
        if isinstance(self.times, Unset):
            times = UNSET
        else:
            times = self.times


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "per": per,
        })
        if points is not UNSET:
            field_dict["points"] = points
        if times is not UNSET:
            field_dict["times"] = times

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        per = EarningCapPer(d.pop("per"))




        def _parse_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        points = _parse_points(d.pop("points", UNSET))


        def _parse_times(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        times = _parse_times(d.pop("times", UNSET))


        earning_cap = cls(
            per=per,
            points=points,
            times=times,
        )

        return earning_cap

