from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.use_in_properties import UseInProperties





T = TypeVar("T", bound="UseIn")



@_attrs_define
class UseIn:
    """ 
        Attributes:
            use_id (str): The till's id for this use: sending it again takes nothing more.
            properties (UseInProperties | Unset): Extra properties of the use's event.
     """

    use_id: str
    properties: UseInProperties | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.use_in_properties import UseInProperties # noqa: PLC0415
        use_id = self.use_id

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "use_id": use_id,
        })
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.use_in_properties import UseInProperties # noqa: PLC0415
        d = dict(src_dict)
        use_id = d.pop("use_id")

        _properties = d.pop("properties", UNSET)
        properties: UseInProperties | Unset
        if isinstance(_properties,  Unset):
            properties = UNSET
        else:
            properties = UseInProperties.from_dict(_properties)




        use_in = cls(
            use_id=use_id,
            properties=properties,
        )


        use_in.additional_properties = d
        return use_in

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
