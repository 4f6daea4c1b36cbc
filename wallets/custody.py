"""Custodial addresses of members: one per chain, derived from the HD seed by the member's id."""

from collections import defaultdict
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from core.db import insert_rows, is_read_only, one_of
from wallets.keystore import Chain, KeyStore
from wallets.models import MemberWallet

_WALLET_COLUMNS = ("member_id", "chain", "tenant_id", "address", "derivation_path")


def member_wallets(session: Session, keystore: KeyStore, tenant_id: str, member_id: int) -> dict[str, str]:
    """`{"evm": "0x…", "tron": "T…"}`, deriving the addresses the first time they are asked for (see
    `custodial_addresses` for when they are recorded).

    Members created by events get their addresses lazily: deriving costs about a tenth of a millisecond per chain,
    which would still be a large share of batch ingestion.
    """
    return custodial_addresses(session, keystore, tenant_id, [member_id])[member_id]


def custodial_addresses(
    session: Session,
    keystore: KeyStore,
    tenant_id: str,
    member_ids: Sequence[int],
    chains: Collection[Chain] = tuple(Chain),
) -> dict[int, dict[str, str]]:
    """`member_wallets` for many members on `chains` (every chain by default): one read, and the missing addresses
    derived and recorded in one insert. A payout needs its own chain's address only: deriving the other one too
    doubled a first payout's cost.

    In a read-only unit (a member's page or view) missing addresses are derived and not recorded: the same seed and
    id always give the same address, and recording it there would turn a member's first view into a write
    transaction (on SQLite, a wait behind every ingestion batch). Whatever pays, mints to or exports the member
    records them."""
    if not member_ids:
        return {}
    wanted = [chain for chain in Chain if chain in chains]
    known: dict[int, dict[str, str]] = defaultdict(dict)
    rows = session.execute(
        select(col(MemberWallet.member_id), col(MemberWallet.chain), col(MemberWallet.address)).where(
            one_of(session.get_bind(), col(MemberWallet.member_id), sorted(set(member_ids))),
            col(MemberWallet.chain).in_([chain.value for chain in wanted]),
        )
    ).tuples()
    for member_id, chain_name, address in rows:
        known[member_id][chain_name] = address
    missing: list[tuple[int, str, str, str, str]] = []
    for member_id in sorted(set(member_ids)):
        for chain in wanted:
            if chain.value not in known[member_id]:
                derived = keystore.derive_address(chain, member_id)
                known[member_id][chain.value] = derived.address
                missing.append((member_id, chain.value, tenant_id, derived.address, derived.path))
    if missing and not is_read_only(session):
        insert_rows(
            session,
            MemberWallet.__table__,  # type: ignore[attr-defined]
            _WALLET_COLUMNS,
            missing,
            on_conflict="ON CONFLICT (member_id, chain) DO NOTHING",
        )
    return {member_id: {chain.value: known[member_id][chain.value] for chain in wanted} for member_id in member_ids}
