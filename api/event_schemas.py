"""Event schemas: a JSON Schema per event type, checked on ingest; POST creates, PUT adds a version."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Admin, Reader, State
from api.schemas import EventType, JsonObject
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput
from core.strict import StrictInput
from targeting.event_schemas import SavedSchema, event_schema_history, list_event_schemas, save_event_schema
from targeting.models import EventSchema

router = APIRouter(prefix="/v1/event-schemas", tags=["event schemas"])
TypePath = Annotated[str, Path(min_length=1, max_length=64)]


class EventSchemaIn(StrictInput):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    type: EventType
    json_schema: JsonObject = Field(alias="schema", description="A JSON Schema for the events' `properties`.")


class EventSchemaOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    type: str
    json_schema: dict[str, Any] = Field(alias="schema")
    version: int
    created_at: datetime

    @classmethod
    def of(cls, row: SavedSchema | EventSchema) -> "EventSchemaOut":
        schema = row.schema if isinstance(row, SavedSchema) else row.body
        return cls(type=row.type, json_schema=schema, version=row.version, created_at=row.created_at)


def _save(state: State, tenant_id: str, body: EventSchemaIn, *, replace: bool, response: Response) -> EventSchemaOut:
    saved = run_in_transaction(
        state.engine, lambda s: save_event_schema(s, tenant_id, body.type, body.json_schema, replace=replace)
    )
    if not saved.created:
        response.status_code = status.HTTP_200_OK
    return EventSchemaOut.of(saved)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_event_schema(body: EventSchemaIn, principal: Admin, state: State, response: Response) -> EventSchemaOut:
    return _save(state, principal.tenant_id, body, replace=False, response=response)


@router.put("/{event_type}", status_code=status.HTTP_201_CREATED, summary="Add a version of an event schema")
def replace_event_schema(
    event_type: TypePath, body: EventSchemaIn, principal: Admin, state: State, response: Response
) -> EventSchemaOut:
    if body.type != event_type:
        raise InvalidInput(f"the body's type {body.type!r} differs from the path's {event_type!r}", field="type")
    return _save(state, principal.tenant_id, body, replace=True, response=response)


@router.get("")
def get_event_schemas(principal: Reader, state: State) -> list[EventSchemaOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [EventSchemaOut.of(row) for row in list_event_schemas(session, principal.tenant_id)]


@router.get("/{event_type}")
def get_event_schema(event_type: TypePath, principal: Reader, state: State) -> EventSchemaOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return EventSchemaOut.of(event_schema_history(session, principal.tenant_id, event_type)[0])


@router.get("/{event_type}/versions", summary="Every version of an event schema, newest first")
def get_event_schema_versions(event_type: TypePath, principal: Reader, state: State) -> list[EventSchemaOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [EventSchemaOut.of(row) for row in event_schema_history(session, principal.tenant_id, event_type)]
