from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.effects import Effects
  from ..models.event_batch_item_out_error_type_0 import EventBatchItemOutErrorType0





T = TypeVar("T", bound="EventBatchItemOut")



@_attrs_define
class EventBatchItemOut:
    """ 
        Attributes:
            id (None | str):
            status (int):
            effects (Effects | None | Unset):
            error (EventBatchItemOutErrorType0 | None | Unset):
     """

    id: None | str
    status: int
    effects: Effects | None | Unset = UNSET
    error: EventBatchItemOutErrorType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.effects import Effects # noqa: PLC0415
        from ..models.event_batch_item_out_error_type_0 import EventBatchItemOutErrorType0 # noqa: PLC0415
        id: None | str
        id = self.id

        status = self.status

        effects: dict[str, Any] | None | Unset
        if isinstance(self.effects, Unset):
            effects = UNSET
        elif isinstance(self.effects, Effects):
            effects = self.effects.to_dict()
        else:
            effects = self.effects

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, EventBatchItemOutErrorType0):
            error = self.error.to_dict()
        else:
            error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
        })
        if effects is not UNSET:
            field_dict["effects"] = effects
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.effects import Effects # noqa: PLC0415
        from ..models.event_batch_item_out_error_type_0 import EventBatchItemOutErrorType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        id = _parse_id(d.pop("id"))


        status = d.pop("status")

        def _parse_effects(data: object) -> Effects | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effects_type_0 = Effects.from_dict(data)



                return effects_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Effects | None | Unset, data)

        effects = _parse_effects(d.pop("effects", UNSET))


        def _parse_error(data: object) -> EventBatchItemOutErrorType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = EventBatchItemOutErrorType0.from_dict(data)



                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventBatchItemOutErrorType0 | None | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        event_batch_item_out = cls(
            id=id,
            status=status,
            effects=effects,
            error=error,
        )


        event_batch_item_out.additional_properties = d
        return event_batch_item_out

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
