from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.pass_out import PassOut
  from ..models.use_out_effects import UseOutEffects





T = TypeVar("T", bound="UseOut")



@_attrs_define
class UseOut:
    """ 
        Attributes:
            effects (UseOutEffects):
            event_id (str):
            pass_ (PassOut):
            use_id (str):
            used_at (datetime.datetime):
     """

    effects: UseOutEffects
    event_id: str
    pass_: PassOut
    use_id: str
    used_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.pass_out import PassOut # noqa: PLC0415
        from ..models.use_out_effects import UseOutEffects # noqa: PLC0415
        effects = self.effects.to_dict()

        event_id = self.event_id

        pass_ = self.pass_.to_dict()

        use_id = self.use_id

        used_at = self.used_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "effects": effects,
            "event_id": event_id,
            "pass": pass_,
            "use_id": use_id,
            "used_at": used_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pass_out import PassOut # noqa: PLC0415
        from ..models.use_out_effects import UseOutEffects # noqa: PLC0415
        d = dict(src_dict)
        effects = UseOutEffects.from_dict(d.pop("effects"))




        event_id = d.pop("event_id")

        pass_ = PassOut.from_dict(d.pop("pass"))




        use_id = d.pop("use_id")

        used_at = datetime.datetime.fromisoformat(d.pop("used_at"))




        use_out = cls(
            effects=effects,
            event_id=event_id,
            pass_=pass_,
            use_id=use_id,
            used_at=used_at,
        )


        use_out.additional_properties = d
        return use_out

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
