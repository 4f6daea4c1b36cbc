from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.reversal_in_properties_type_0 import ReversalInPropertiesType0





T = TypeVar("T", bound="ReversalIn")



@_attrs_define
class ReversalIn:
    """ 
        Attributes:
            id (str): The return's own id: sending it again reverses nothing twice.
            properties (None | ReversalInPropertiesType0 | Unset): The returned part, numeric properties of the event
                (`{"amount": 40}`); omitted: all of it.
     """

    id: str
    properties: None | ReversalInPropertiesType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.reversal_in_properties_type_0 import ReversalInPropertiesType0 # noqa: PLC0415
        id = self.id

        properties: dict[str, Any] | None | Unset
        if isinstance(self.properties, Unset):
            properties = UNSET
        elif isinstance(self.properties, ReversalInPropertiesType0):
            properties = self.properties.to_dict()
        else:
            properties = self.properties


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
        })
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reversal_in_properties_type_0 import ReversalInPropertiesType0 # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_properties(data: object) -> None | ReversalInPropertiesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                properties_type_0 = ReversalInPropertiesType0.from_dict(data)



                return properties_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReversalInPropertiesType0 | Unset, data)

        properties = _parse_properties(d.pop("properties", UNSET))


        reversal_in = cls(
            id=id,
            properties=properties,
        )


        reversal_in.additional_properties = d
        return reversal_in

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
