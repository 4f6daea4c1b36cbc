from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.effects import Effects
  from ..models.event_view_error_type_0 import EventViewErrorType0
  from ..models.event_view_properties import EventViewProperties





T = TypeVar("T", bound="EventView")



@_attrs_define
class EventView:
    """ 
        Attributes:
            id (str):
            member (str):
            occurred_at (datetime.datetime | None):
            program (None | str):
            properties (EventViewProperties):
            received_at (datetime.datetime):
            status (str): `evaluated`, `pending` (acknowledged, not yet evaluated) or `failed`.
            type_ (str):
            effects (Effects | None | Unset):
            error (EventViewErrorType0 | None | Unset): Why evaluation refused it (problem+json).
     """

    id: str
    member: str
    occurred_at: datetime.datetime | None
    program: None | str
    properties: EventViewProperties
    received_at: datetime.datetime
    status: str
    type_: str
    effects: Effects | None | Unset = UNSET
    error: EventViewErrorType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.effects import Effects # noqa: PLC0415
        from ..models.event_view_error_type_0 import EventViewErrorType0 # noqa: PLC0415
        from ..models.event_view_properties import EventViewProperties # noqa: PLC0415
        id = self.id

        member = self.member

        occurred_at: None | str
        if isinstance(self.occurred_at, datetime.datetime):
            occurred_at = self.occurred_at.isoformat()
        else:
            occurred_at = self.occurred_at

        program: None | str
        program = self.program

        properties = self.properties.to_dict()

        received_at = self.received_at.isoformat()

        status = self.status

        type_ = self.type_

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
        elif isinstance(self.error, EventViewErrorType0):
            error = self.error.to_dict()
        else:
            error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "member": member,
            "occurred_at": occurred_at,
            "program": program,
            "properties": properties,
            "received_at": received_at,
            "status": status,
            "type": type_,
        })
        if effects is not UNSET:
            field_dict["effects"] = effects
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.effects import Effects # noqa: PLC0415
        from ..models.event_view_error_type_0 import EventViewErrorType0 # noqa: PLC0415
        from ..models.event_view_properties import EventViewProperties # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        member = d.pop("member")

        def _parse_occurred_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_at_type_0 = datetime.datetime.fromisoformat(data)



                return occurred_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        occurred_at = _parse_occurred_at(d.pop("occurred_at"))


        def _parse_program(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        program = _parse_program(d.pop("program"))


        properties = EventViewProperties.from_dict(d.pop("properties"))




        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))




        status = d.pop("status")

        type_ = d.pop("type")

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


        def _parse_error(data: object) -> EventViewErrorType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = EventViewErrorType0.from_dict(data)



                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventViewErrorType0 | None | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        event_view = cls(
            id=id,
            member=member,
            occurred_at=occurred_at,
            program=program,
            properties=properties,
            received_at=received_at,
            status=status,
            type_=type_,
            effects=effects,
            error=error,
        )


        event_view.additional_properties = d
        return event_view

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
