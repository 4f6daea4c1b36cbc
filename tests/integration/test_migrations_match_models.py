"""The migrations build exactly the schema the models describe, on both databases: a model changed without a
migration (or a migration that drifts from its model) shows up here, not on a customer's upgrade."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine
from sqlmodel import SQLModel

import api.app  # noqa: F401 - imports every model onto SQLModel.metadata
from core import migrate
from tests.conftest import own_pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'schema.db'}")
        yield engine
        engine.dispose()
        return
    with own_pg_database() as url:
        engine = create_engine(url)
        yield engine
        engine.dispose()


def test_migrated_schema_is_the_models_schema(fresh_engine: Engine) -> None:
    migrate.upgrade(fresh_engine)
    with fresh_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
