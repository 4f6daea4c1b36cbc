from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.pass_out import PassOut





T = TypeVar("T", bound="PassesOut")



@_attrs_define
class PassesOut:
    """ 
        Attributes:
            passes (list[PassOut]):
     """

    passes: list[PassOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.pass_out import PassOut # noqa: PLC0415
        passes = []
        for passes_item_data in self.passes:
            passes_item = passes_item_data.to_dict()
            passes.append(passes_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "passes": passes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pass_out import PassOut # noqa: PLC0415
        d = dict(src_dict)
        passes = []
        _passes = d.pop("passes")
        for passes_item_data in (_passes):
            passes_item = PassOut.from_dict(passes_item_data)



            passes.append(passes_item)


        passes_out = cls(
            passes=passes,
        )


        passes_out.additional_properties = d
        return passes_out

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
