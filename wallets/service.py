"""The wallets package's public face: member balances and ledger history, custody, ledger checks."""

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from chain.errors import ChainError
from chain.network import Network
from wallets import ledger
from wallets.accounts import member_available, member_debt, member_pending
from wallets.custody import member_wallets
from wallets.keystore import KeyStore
from wallets.ledger import PostingView
from wallets.pending import in_payout
from wallets.programs import resolve_program

__all__ = [
    "KeyStore",
    "MemberBalance",
    "member_balance",
    "member_history",
    "member_wallets",
    "on_chain_balances",
    "resolve_program",
]
ON_CHAIN_CACHE_SECONDS = 10.0


@dataclass(frozen=True)
class MemberBalance:
    available: int
    pending: int
    lifetime: int
    in_payout: int = 0
    debt: int = 0


def member_balance(session: Session, tenant_id: str, program_id: int, member_id: int) -> MemberBalance:
    """Available and pending points (inside the return window), points reserved by unsettled payouts, and what the
    member owes after returns; lifetime counts earnings net of penalties and returns, debt included."""
    available, pending, debt = member_available(member_id), member_pending(member_id), member_debt(member_id)
    rows = ledger.balances(session, tenant_id, program_id, [available, pending, debt])
    return MemberBalance(
        available=rows[available].balance if available in rows else 0,
        pending=rows[pending].balance if pending in rows else 0,
        lifetime=sum(row.lifetime for row in rows.values()),
        in_payout=in_payout(session, tenant_id, program_id, [member_id]).get(member_id, 0),
        debt=-rows[debt].balance if debt in rows else 0,
    )


def member_history(
    session: Session, tenant_id: str, program_id: int, member_id: int, *, before: int | None, limit: int
) -> list[PostingView]:
    accounts = [member_available(member_id), member_pending(member_id), member_debt(member_id)]
    return ledger.postings_of(session, tenant_id, program_id, accounts, before=before, limit=limit)


_on_chain_cache: dict[tuple[str, str, str], tuple[float, int]] = {}
_on_chain_lock = threading.Lock()


def on_chain_balances(networks: Mapping[str, Network], wallets: Mapping[str, str]) -> dict[str, str | None]:
    """Token units (a decimal string) each custodial address holds, per chain; None where no chain or token is
    configured or the node does not answer. Cached for a few seconds: pages ask often, a node round trip is slow."""
    result: dict[str, str | None] = {chain: None for chain in wallets}
    now = time.monotonic()
    for chain, address in wallets.items():
        network = networks.get(chain)
        if network is None or network.token_address is None:
            continue
        key = (chain, network.token_address, address)
        with _on_chain_lock:
            cached = _on_chain_cache.get(key)
        if cached is not None and now - cached[0] < ON_CHAIN_CACHE_SECONDS:
            result[chain] = str(cached[1])
            continue
        try:
            held = network.client.token_balance(network.token_address, address)
        except ChainError:
            continue
        with _on_chain_lock:
            _on_chain_cache[key] = (now, held)
        result[chain] = str(held)
    return result
