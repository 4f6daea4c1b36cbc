from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.event_schema_in_schema import EventSchemaInSchema





T = TypeVar("T", bound="EventSchemaIn")



@_attrs_define
class EventSchemaIn:
    """ 
        Attributes:
            schema (EventSchemaInSchema): A JSON Schema for the events' `properties`.
            type_ (str):
     """

    schema: EventSchemaInSchema
    type_: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.event_schema_in_schema import EventSchemaInSchema # noqa: PLC0415
        schema = self.schema.to_dict()

        type_ = self.type_


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "schema": schema,
            "type": type_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_schema_in_schema import EventSchemaInSchema # noqa: PLC0415
        d = dict(src_dict)
        schema = EventSchemaInSchema.from_dict(d.pop("schema"))




        type_ = d.pop("type")

        event_schema_in = cls(
            schema=schema,
            type_=type_,
        )

        return event_schema_in

