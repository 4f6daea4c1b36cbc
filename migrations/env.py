"""Alembic environment: runs on the connection handed in by `core.migrate`, or on `sqlalchemy.url`."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import achievements.models  # noqa: F401  (registers tables on the metadata)
import anchoring.models  # noqa: F401
import chain.models  # noqa: F401
import core.audit
import core.heartbeats
import core.idempotency
import core.staff
import core.tenancy  # noqa: F401
import loyalty.models  # noqa: F401
import notifications.models  # noqa: F401
import people.models  # noqa: F401
import targeting.models  # noqa: F401
import wallets.models  # noqa: F401

target_metadata = SQLModel.metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    with create_engine(context.config.get_main_option("sqlalchemy.url") or "").connect() as own:
        _migrate(own)
        own.commit()


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
