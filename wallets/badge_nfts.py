"""Badge NFTs: a badge that asks for it (`"nft": true`) is also minted as a soulbound ERC-1155 token to the member's
custodial address. Mints are queued in the award's transaction and go through the same transaction pipeline as
payouts, many to one `mintBatch`."""

import hashlib
from collections.abc import Iterable

from sqlalchemy import Engine, select, update
from sqlmodel import Session, col

from chain.models import TxStatus
from chain.transactions import TxOutcome, settle_final
from core.db import is_postgres, unit_of_work, upsert_dialect
from core.types import utcnow
from wallets.custody import member_wallets
from wallets.keystore import KeyStore
from wallets.models import BadgeMint
from wallets.payouts import PayoutChain, plan_batch

BADGE_MINT = "badge-mint-batch"


def badge_token_id(tenant_id: str, badge: str) -> int:
    """The ERC-1155 id of a tenant's badge: stable, and distinct across tenants sharing one contract."""
    return int.from_bytes(hashlib.sha256(f"{tenant_id}:{badge}".encode()).digest()[:8], "big")


def queue_badge_mints(
    session: Session, tenant_id: str, awards: Iterable[tuple[int, str]], chains: Iterable[str]
) -> None:
    """Owe a token for each (member id, badge) on each chain; a badge is minted once per member and chain."""
    now = utcnow()
    rows = [
        {
            "tenant_id": tenant_id,
            "member_id": member_id,
            "badge": badge,
            "chain": chain,
            "status": "queued",
            "token_id": str(badge_token_id(tenant_id, badge)),
            "created_at": now,
            "updated_at": now,
        }
        for member_id, badge in awards
        for chain in chains
    ]
    if rows:
        session.execute(
            upsert_dialect(session.get_bind())
            .insert(BadgeMint)
            .on_conflict_do_nothing(index_elements=["tenant_id", "member_id", "badge", "chain"]),
            rows,
        )


def assemble_badge_mints(session: Session, chain: PayoutChain, keystore: KeyStore, max_size: int) -> list[str]:
    """Turn queued mints into one planned `mintBatch` on the chain's badge contract. Returns the batch ids."""
    token = chain.network.badge_address
    if token is None:
        return []
    stmt = (
        select(BadgeMint)
        .where(col(BadgeMint.chain) == chain.network.name, col(BadgeMint.status) == "queued")
        .order_by(col(BadgeMint.id))
        .limit(max_size)
    )
    if is_postgres(session.get_bind()):
        stmt = stmt.with_for_update(skip_locked=True)
    mints = list(session.scalars(stmt))
    if not mints:
        return []
    recipients = [member_wallets(session, keystore, m.tenant_id, m.member_id)[chain.network.name] for m in mints]
    data = chain.network.client.mint_batch_call(token, recipients, [int(m.token_id) for m in mints])
    batch_id = plan_batch(session, chain, token=token, calldata=data, purpose=BADGE_MINT, prefix="bdg")
    session.execute(
        update(BadgeMint)
        .where(col(BadgeMint.id).in_([m.id for m in mints]), col(BadgeMint.status) == "queued")
        .values(status="submitted", batch_id=batch_id, updated_at=utcnow())
    )
    return [batch_id]


def settle_badge_mints(engine: Engine, chain_name: str) -> int:
    """Mark the mints of every final batch minted (or failed, to be looked at). Returns how many were settled."""
    submitted = (
        select(col(BadgeMint.batch_id))
        .where(col(BadgeMint.chain) == chain_name, col(BadgeMint.status) == "submitted")
        .distinct()
    )
    return settle_final(engine, chain_name, submitted, _settle_mints)


def _settle_mints(session: Session, batch_id: str, result: TxOutcome) -> int:
    minted = result.status == TxStatus.CONFIRMED
    return int(
        session.execute(
            update(BadgeMint)
            .where(col(BadgeMint.batch_id) == batch_id, col(BadgeMint.status) == "submitted")
            .values(
                status="minted" if minted else "failed", error=None if minted else result.error, updated_at=utcnow()
            )
        ).rowcount  # type: ignore[attr-defined]
    )


def advance_badge_mints(engine: Engine, chain: PayoutChain, keystore: KeyStore, *, batch_size: int) -> int:
    """One turn: batch what is queued, then settle what is final (the pipeline moves the transactions)."""
    with unit_of_work(engine) as session:
        assemble_badge_mints(session, chain, keystore, batch_size)
    return settle_badge_mints(engine, chain.network.name)
