from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast






T = TypeVar("T", bound="GoalInType0")



@_attrs_define
class GoalInType0:
    """ 
        Attributes:
            period (Literal['dates']):
            ends_on (Any):
            starts_on (Any):
     """

    period: Literal['dates']
    ends_on: Any
    starts_on: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        period = self.period

        ends_on = self.ends_on

        starts_on = self.starts_on


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "period": period,
            "ends_on": ends_on,
            "starts_on": starts_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period = cast(Literal['dates'] , d.pop("period"))
        if period != 'dates':
            raise ValueError(f"period must match const 'dates', got '{period}'")

        ends_on = d.pop("ends_on")

        starts_on = d.pop("starts_on")

        goal_in_type_0 = cls(
            period=period,
            ends_on=ends_on,
            starts_on=starts_on,
        )


        goal_in_type_0.additional_properties = d
        return goal_in_type_0

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
