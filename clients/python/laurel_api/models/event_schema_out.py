from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.event_schema_out_schema import EventSchemaOutSchema





T = TypeVar("T", bound="EventSchemaOut")



@_attrs_define
class EventSchemaOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            schema (EventSchemaOutSchema):
            type_ (str):
            version (int):
     """

    created_at: datetime.datetime
    schema: EventSchemaOutSchema
    type_: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.event_schema_out_schema import EventSchemaOutSchema # noqa: PLC0415
        created_at = self.created_at.isoformat()

        schema = self.schema.to_dict()

        type_ = self.type_

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "schema": schema,
            "type": type_,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_schema_out_schema import EventSchemaOutSchema # noqa: PLC0415
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        schema = EventSchemaOutSchema.from_dict(d.pop("schema"))




        type_ = d.pop("type")

        version = d.pop("version")

        event_schema_out = cls(
            created_at=created_at,
            schema=schema,
            type_=type_,
            version=version,
        )


        event_schema_out.additional_properties = d
        return event_schema_out

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
