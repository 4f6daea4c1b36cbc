from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.reversal_effects import ReversalEffects





T = TypeVar("T", bound="ReversalOut")



@_attrs_define
class ReversalOut:
    """ 
        Attributes:
            effects (ReversalEffects):
            event (str):
            id (str):
     """

    effects: ReversalEffects
    event: str
    id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.reversal_effects import ReversalEffects # noqa: PLC0415
        effects = self.effects.to_dict()

        event = self.event

        id = self.id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "effects": effects,
            "event": event,
            "id": id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reversal_effects import ReversalEffects # noqa: PLC0415
        d = dict(src_dict)
        effects = ReversalEffects.from_dict(d.pop("effects"))




        event = d.pop("event")

        id = d.pop("id")

        reversal_out = cls(
            effects=effects,
            event=event,
            id=id,
        )


        reversal_out.additional_properties = d
        return reversal_out

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
