from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ReferralTermsOut")



@_attrs_define
class ReferralTermsOut:
    """ 
        Attributes:
            event_type (str):
            referee_points (int):
            referrer_points (int):
     """

    event_type: str
    referee_points: int
    referrer_points: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        referee_points = self.referee_points

        referrer_points = self.referrer_points


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "event_type": event_type,
            "referee_points": referee_points,
            "referrer_points": referrer_points,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_type = d.pop("event_type")

        referee_points = d.pop("referee_points")

        referrer_points = d.pop("referrer_points")

        referral_terms_out = cls(
            event_type=event_type,
            referee_points=referee_points,
            referrer_points=referrer_points,
        )


        referral_terms_out.additional_properties = d
        return referral_terms_out

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
