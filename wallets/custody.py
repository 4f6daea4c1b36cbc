"""Custodial addresses of members: one per chain, derived from the HD seed by the member's id."""

from sqlalchemy import select
from sqlmodel import Session, col

from core.db import upsert_dialect
from wallets.keystore import Chain, KeyStore
from wallets.models import MemberWallet


def member_wallets(session: Session, keystore: KeyStore, tenant_id: str, member_id: int) -> dict[str, str]:
    """`{"evm": "0x…", "tron": "T…"}`, deriving and recording the addresses the first time they are asked for.

    Members created by events get their addresses lazily: deriving costs about a millisecond per chain, which
    would dominate batch ingestion.
    """
    rows = session.scalars(select(MemberWallet).where(col(MemberWallet.member_id) == member_id))
    known = {row.chain: row.address for row in rows}
    missing = [chain for chain in Chain if chain.value not in known]
    if missing:
        dialect = upsert_dialect(session.get_bind())
        for chain in missing:
            derived = keystore.derive_address(chain, member_id)
            session.execute(
                dialect.insert(MemberWallet)
                .values(
                    member_id=member_id,
                    chain=chain.value,
                    tenant_id=tenant_id,
                    address=derived.address,
                    derivation_path=derived.path,
                )
                .on_conflict_do_nothing(index_elements=["member_id", "chain"])
            )
            known[chain.value] = derived.address
    return {chain.value: known[chain.value] for chain in Chain}
