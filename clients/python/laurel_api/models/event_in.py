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
  from ..models.event_in_properties import EventInProperties





T = TypeVar("T", bound="EventIn")



@_attrs_define
class EventIn:
    """ 
        Attributes:
            id (str): The app's own id: sending it again never awards twice.
            member (str):
            type_ (str):
            occurred_at (datetime.datetime | None | Unset):
            program (None | str | Unset):
            properties (EventInProperties | Unset):
     """

    id: str
    member: str
    type_: str
    occurred_at: datetime.datetime | None | Unset = UNSET
    program: None | str | Unset = UNSET
    properties: EventInProperties | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.event_in_properties import EventInProperties # noqa: PLC0415
        id = self.id

        member = self.member

        type_ = self.type_

        occurred_at: None | str | Unset
        if isinstance(self.occurred_at, Unset):
            occurred_at = UNSET
        elif isinstance(self.occurred_at, datetime.datetime):
            occurred_at = self.occurred_at.isoformat()
        else:
            occurred_at = self.occurred_at

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "member": member,
            "type": type_,
        })
        if occurred_at is not UNSET:
            field_dict["occurred_at"] = occurred_at
        if program is not UNSET:
            field_dict["program"] = program
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_in_properties import EventInProperties # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        member = d.pop("member")

        type_ = d.pop("type")

        def _parse_occurred_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_at_type_0 = datetime.datetime.fromisoformat(data)



                return occurred_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_at = _parse_occurred_at(d.pop("occurred_at", UNSET))


        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        _properties = d.pop("properties", UNSET)
        properties: EventInProperties | Unset
        if isinstance(_properties,  Unset):
            properties = UNSET
        else:
            properties = EventInProperties.from_dict(_properties)




        event_in = cls(
            id=id,
            member=member,
            type_=type_,
            occurred_at=occurred_at,
            program=program,
            properties=properties,
        )


        event_in.additional_properties = d
        return event_in

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
