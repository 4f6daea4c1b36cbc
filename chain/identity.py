"""Which chain a node runs, told by its genesis block: recorded when Laurel first confirms a transaction on a
configured chain, compared before Laurel trusts the node with its history again (re-sending what it forgot) and by
the health watch. A node restored from an older state keeps its genesis; a node started afresh under the same chain
id and URL does not, and replaying Laurel's confirmed transactions on it would mint against another chain's ledger.
"""

from sqlalchemy import Engine, select
from sqlmodel import col

from chain.client import ChainClient
from chain.models import ChainIdentity
from core.db import unit_of_work, upsert_dialect
from core.types import utcnow

_recorded: set[tuple[str, str]] = set()  # (database, chain) this process saw recorded: recording is then a no-op


def record_genesis(engine: Engine, client: ChainClient) -> None:
    """Remember the node's genesis for its chain unless one is remembered already (the first one stays)."""
    known = (engine.url.render_as_string(hide_password=True), client.name)
    if known in _recorded:
        return
    genesis = client.block_hash(0)
    if genesis is None:
        return
    with unit_of_work(engine) as session:
        insert = upsert_dialect(engine).insert(ChainIdentity)
        session.execute(
            insert.values(chain=client.name, genesis_hash=genesis, recorded_at=utcnow()).on_conflict_do_nothing(
                index_elements=["chain"]
            )
        )
    _recorded.add(known)


def changed_genesis(engine: Engine, client: ChainClient) -> tuple[str, str] | None:
    """(recorded, now) when the node's genesis is not the recorded one; None when it is, or nothing is recorded."""
    with unit_of_work(engine, read_only=True) as session:
        recorded = session.scalar(
            select(col(ChainIdentity.genesis_hash)).where(col(ChainIdentity.chain) == client.name)
        )
    if recorded is None:
        return None
    now = client.block_hash(0)
    return (recorded, now or "none") if now != recorded else None


def changed_genesis_warning(engine: Engine, client: ChainClient) -> str | None:
    """What health says of a node that runs another chain than the recorded one."""
    changed = changed_genesis(engine, client)
    if changed is None:
        return None
    recorded, now = changed
    return (
        f"the node of {client.name} runs another chain (genesis {now}) than the one Laurel confirmed transactions on "
        f"(genesis {recorded}): nothing is sent again to it; restore that node, or start Laurel on a fresh database"
    )
