from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ReferralTermsIn")



@_attrs_define
class ReferralTermsIn:
    """ 
        Attributes:
            event_type (str): The referee's first event of this type pays the referral.
            referrer_points (int):
            program (None | str | Unset):
            referee_points (int | Unset): The referee's welcome bonus. Default: 0.
     """

    event_type: str
    referrer_points: int
    program: None | str | Unset = UNSET
    referee_points: int | Unset = 0





    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        referrer_points = self.referrer_points

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        referee_points = self.referee_points


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "event_type": event_type,
            "referrer_points": referrer_points,
        })
        if program is not UNSET:
            field_dict["program"] = program
        if referee_points is not UNSET:
            field_dict["referee_points"] = referee_points

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_type = d.pop("event_type")

        referrer_points = d.pop("referrer_points")

        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        referee_points = d.pop("referee_points", UNSET)

        referral_terms_in = cls(
            event_type=event_type,
            referrer_points=referrer_points,
            program=program,
            referee_points=referee_points,
        )

        return referral_terms_in

