"""Requests take only what the OpenAPI document says: no value coerced from another JSON type, date-times only as
RFC 3339 text with an offset, query integers and booleans only in their own text forms. And every schema in the
document has a name of its own, so that no client generator drops one of two models with the same title."""

from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from api.app import create_app
from api.schemas import JsonObject
from core.settings import Settings
from core.staff import Role
from core.strict import ByValue, Date, DateTime, DecimalNumber, QueryBool, QueryInt, StrictInput


class Body(StrictInput):
    count: int = 0
    share: float = 1.0
    flag: bool = False
    at: DateTime | None = None
    on: Date | None = None
    price: DecimalNumber = Decimal(1)
    role: Annotated[Role, ByValue] = Role.VIEWER
    tags: list[str] = Field(default_factory=list)


def _refused(**body: Any) -> bool:
    try:
        Body.model_validate(body)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize(
    "body",
    [
        {"count": False},
        {"count": "1"},
        {"count": 1.5},
        {"share": "1"},
        {"share": True},
        {"flag": 0},
        {"flag": "true"},
        {"at": 0},
        {"at": 0.5},
        {"at": "0.5"},
        {"at": "1700000000"},
        {"at": "2026-01-31"},
        {"at": "2026-01-31T09:30:00"},
        {"at": "2026-01-31T09:30Z"},
        {"on": 0},
        {"on": "20260131"},
        {"price": True},
        {"role": "nobody"},
        {"tags": "a"},
        {"tags": ["a\x00b"]},  # PostgreSQL stores no NUL: refused on both databases
    ],
)
def test_a_value_of_another_type_is_refused(body: dict[str, Any]) -> None:
    assert _refused(**body)


def test_each_type_is_taken_in_its_json_form() -> None:
    body = Body.model_validate(
        {
            "count": 2,
            "share": 3,
            "flag": True,
            "at": "2026-01-31T09:30:00.5+03:00",
            "on": "2026-01-31",
            "price": "2.5",
            "role": "admin",
        }
    )
    assert body.count == 2 and body.share == 3.0 and body.flag is True
    assert body.at == datetime(2026, 1, 31, 6, 30, 0, 500_000, tzinfo=UTC)
    assert body.on is not None and body.on.isoformat() == "2026-01-31"
    assert body.price == Decimal("2.5") and body.role is Role.ADMIN
    assert Body.model_validate({"price": 2}).price == Decimal(2)
    assert Body.model_validate({"count": 2.0}).count == 2  # JSON Schema's integer: no fractional part


def test_query_text_is_read_only_in_its_own_form() -> None:
    integer, boolean = TypeAdapter(QueryInt), TypeAdapter(QueryBool)
    assert integer.validate_python("42") == 42 and integer.validate_python("-1") == -1
    assert boolean.validate_python("true") is True and boolean.validate_python("false") is False
    for text in ("4.0", " 4", "+4", "4_000", "true", ""):
        with pytest.raises(ValidationError):
            integer.validate_python(text)
    for text in ("1", "0", "yes", "on", "True", ""):
        with pytest.raises(ValidationError):
            boolean.validate_python(text)


def test_json_objects_hold_no_nul() -> None:
    objects = TypeAdapter(JsonObject)
    assert objects.validate_python({"a": [{"b": "c"}]}) == {"a": [{"b": "c"}]}
    for value in ({"a\x00": 1}, {"a": {"b": "c\x00"}}, {"a": [{"b\x00": 1}]}):
        with pytest.raises(ValidationError):
            objects.validate_python(value)


def test_every_schema_in_the_document_has_a_title_of_its_own(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, master_key="00" * 32, admin_token="unused")
    schemas: dict[str, dict[str, Any]] = create_app(settings).openapi()["components"]["schemas"]
    titles = Counter(schema.get("title", name) for name, schema in schemas.items())
    assert [title for title, seen in titles.items() if seen > 1] == []
    assert [name for name in schemas if "__" in name] == []  # FastAPI's module-qualified names for a clash
