"""Anchored balances: build an epoch (every member's available balance in every program of their tenant, summed
from the ledger's postings up to the epoch's time), record its root on every chain with a `BalanceAnchor`
contract through chain/'s transaction pipeline, retry an anchor whose transaction failed, answer a member's proof,
and check anchored roots against the chains and the ledger.

Balances come from the postings (append-only), not from the balance cache, so the reconciliation can derive the
same leaves again later and notice a ledger that changed under an anchored root.
"""

import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_hash.auto import keccak
from sqlalchemy import Engine, func, insert, select
from sqlmodel import Session, col

from anchoring.merkle import LEAF_TYPES, MerkleTree, leaf_hash
from anchoring.models import AnchorEpoch, AnchorLeaf, AnchorTransaction, MemberSalt
from chain.errors import ChainError
from chain.models import TxStatus
from chain.network import Network
from chain.transactions import live_transaction, plan_transaction
from core.db import unit_of_work
from core.errors import NotFound
from core.logging import get_logger
from core.settings import Settings
from core.tenancy import Member, get_member
from core.types import utcnow
from wallets.keystore import Chain, KeyStore
from wallets.minter import minter_address
from wallets.models import Posting, Program
from wallets.programs import resolve_program

log = get_logger(__name__)
ANCHOR_ROOT = "anchor-root"
"""The chain transactions' purpose."""
ANCHOR_SELECTOR = keccak(b"anchor(uint64,bytes32,uint256)")[:4]
ROOTS_SELECTOR = keccak(b"roots(uint64)")[:4]
RECENT_EPOCHS = 24
"""How many of the latest epochs health, retries and reconciliation look at."""


@dataclass(frozen=True)
class AnchorTarget:
    """Where an epoch's root goes on one chain: the contract, and the key (pipeline sender) that records it."""

    network: Network
    sender: str
    contract: str


@dataclass(frozen=True)
class AnchorRun:
    epoch: int | None
    """The epoch built by this run, None when the last one is recent enough (or there is nobody to anchor)."""
    retried: list[int]
    """Epochs whose failed anchor transaction was planned again."""


def anchor_targets(settings: Settings, keystore: KeyStore, networks: Mapping[str, Network]) -> list[AnchorTarget]:
    """Every configured chain with a BalanceAnchor, signed for by the chain's minter key (so the payout pipeline's
    worker, which advances every transaction of that key, sends the anchors too)."""
    return [
        AnchorTarget(network, minter_address(settings, keystore, Chain(name)), network.anchor_address)
        for name, network in sorted(networks.items())
        if network.anchor_address
    ]


def anchor_call(epoch: int, root: bytes, leaves: int) -> bytes:
    """Call data of `BalanceAnchor.anchor(epoch, root, leaves)` (the same ABI on EVM and Tron)."""
    return ANCHOR_SELECTOR + abi_encode(["uint64", "bytes32", "uint256"], [epoch, root, leaves])


def roots_call(epoch: int) -> bytes:
    return ROOTS_SELECTOR + abi_encode(["uint64"], [epoch])


def anchor_balances(
    engine: Engine, targets: Sequence[AnchorTarget], *, interval: timedelta, force: bool = False
) -> AnchorRun:
    """One turn of the schedule: plan again the anchors whose transaction failed; then, when the last epoch is
    older than `interval` (or `force`), build a new epoch and plan its anchor on every target. Without a target
    (no chain has a BalanceAnchor) nothing is built: a root no chain holds proves nothing."""
    if not targets:
        return AnchorRun(epoch=None, retried=[])
    retried = retry_failed_anchors(engine, targets)
    with unit_of_work(engine) as session:
        last = session.scalar(select(AnchorEpoch).order_by(col(AnchorEpoch.number).desc()).limit(1))
        if not force and last is not None and utcnow() - last.taken_at < interval:
            return AnchorRun(epoch=None, retried=retried)
        epoch = build_epoch(session, (last.number if last is not None else 0) + 1)
        if epoch is None:
            return AnchorRun(epoch=None, retried=retried)
        for target in targets:
            _plan_anchor(session, epoch, target, attempt=1)
        log.info("balances anchored", epoch=epoch.number, leaves=epoch.leaves, root=epoch.root.hex())
        return AnchorRun(epoch=epoch.number, retried=retried)


def build_epoch(session: Session, number: int) -> AnchorEpoch | None:
    """Epoch `number` over every member and every program of the member's tenant (balance 0 where none), salted per
    member; None when there are no members at all."""
    taken_at = utcnow()
    members = list(session.execute(select(col(Member.id), col(Member.tenant_id), col(Member.external_id))).tuples())
    if not members:
        return None
    programs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for program_id, tenant_id, key in session.execute(
        select(col(Program.id), col(Program.tenant_id), col(Program.key)).order_by(col(Program.id))
    ).tuples():
        assert program_id is not None
        programs[tenant_id].append((program_id, key))
    balances = ledger_balances_at(session, taken_at)
    salts = member_salts(session, [(m, t) for m, t, _ in members if m is not None])
    rows = []
    for member_id, tenant_id, external_id in members:
        assert member_id is not None
        for program_id, key in programs[tenant_id]:
            balance = balances.get((program_id, member_id), 0)
            leaf = leaf_hash(salts[member_id], tenant_id, external_id, key, balance)
            rows.append(
                {
                    "epoch": number,
                    "leaf": leaf,
                    "tenant_id": tenant_id,
                    "member_id": member_id,
                    "program_id": program_id,
                    "balance": balance,
                }
            )
    if not rows:
        return None
    tree = MerkleTree([row["leaf"] for row in rows])
    epoch = AnchorEpoch(number=number, root=tree.root, leaves=len(rows), taken_at=taken_at)
    session.add(epoch)
    session.flush()
    session.execute(insert(AnchorLeaf.__table__), rows)  # type: ignore[attr-defined]
    return epoch


def ledger_balances_at(session: Session, at: datetime) -> dict[tuple[int, int], int]:
    """Every member's available points per (program id, member id), summed from the postings made up to `at`."""
    rows = session.execute(
        select(col(Posting.program_id), col(Posting.account), func.sum(col(Posting.amount)))
        .where(col(Posting.account).like("member:%:available"), col(Posting.created_at) <= at)
        .group_by(col(Posting.program_id), col(Posting.account))
    ).tuples()
    return {(program_id, int(account.split(":")[1])): int(total) for program_id, account, total in rows}


def member_salts(session: Session, members: Sequence[tuple[int, str]]) -> dict[int, bytes]:
    """Each member's salt, drawn (and kept) the first time it is needed."""
    known = {row.member_id: row.salt for row in session.scalars(select(MemberSalt))}
    drawn = {
        member_id: (tenant_id, secrets.token_bytes(32)) for member_id, tenant_id in members if member_id not in known
    }
    if drawn:
        rows = [{"member_id": m, "tenant_id": tenant_id, "salt": salt} for m, (tenant_id, salt) in drawn.items()]
        session.execute(insert(MemberSalt.__table__), rows)  # type: ignore[attr-defined]
        known.update({member_id: salt for member_id, (_, salt) in drawn.items()})
    return known


def _plan_anchor(session: Session, epoch: AnchorEpoch, target: AnchorTarget, *, attempt: int) -> None:
    reference = f"anc_{epoch.number}_{target.network.name}_{attempt}"
    plan_transaction(
        session,
        chain=target.network.name,
        sender=target.sender,
        to=target.contract,
        data=anchor_call(epoch.number, epoch.root, epoch.leaves),
        purpose=ANCHOR_ROOT,
        reference=reference,
    )
    session.add(
        AnchorTransaction(reference=reference, epoch=epoch.number, chain=target.network.name, contract=target.contract)
    )


def retry_failed_anchors(engine: Engine, targets: Sequence[AnchorTarget]) -> list[int]:
    """For the recent epochs: a chain whose newest anchor attempt failed gets another one (the contract takes the
    same root again as a no-op, so a retry can never record two roots)."""
    retried = []
    with unit_of_work(engine) as session:
        for epoch in _recent_epochs(session):
            attempts = _attempts(session, epoch.number)
            for target in targets:
                mine = attempts.get(target.network.name, [])
                newest = mine[-1] if mine else None
                status = _status(session, newest) if newest is not None else None
                if newest is None or status == TxStatus.FAILED:
                    _plan_anchor(session, epoch, target, attempt=len(mine) + 1)
                    retried.append(epoch.number)
    return sorted(set(retried))


def _recent_epochs(session: Session) -> list[AnchorEpoch]:
    return list(session.scalars(select(AnchorEpoch).order_by(col(AnchorEpoch.number).desc()).limit(RECENT_EPOCHS)))


def _attempts(session: Session, epoch: int) -> dict[str, list[AnchorTransaction]]:
    by_chain: dict[str, list[AnchorTransaction]] = defaultdict(list)
    rows = session.scalars(
        select(AnchorTransaction)
        .where(col(AnchorTransaction.epoch) == epoch)
        .order_by(col(AnchorTransaction.planned_at), col(AnchorTransaction.reference))
    )
    for row in rows:
        by_chain[row.chain].append(row)
    return by_chain


def _status(session: Session, attempt: AnchorTransaction) -> TxStatus | None:
    tx = live_transaction(session, attempt.chain, attempt.reference)
    return TxStatus(tx.status) if tx is not None else None


@dataclass(frozen=True)
class AnchorView:
    chain: str
    contract: str
    status: str
    tx_hash: str | None
    explorer_url: str | None
    chain_id: int | None


def anchors_of(session: Session, networks: Mapping[str, Network], epoch: int) -> list[AnchorView]:
    """The newest anchor attempt of `epoch` on each chain, with its transaction."""
    views = []
    for chain, attempts in sorted(_attempts(session, epoch).items()):
        attempt = attempts[-1]
        tx = live_transaction(session, chain, attempt.reference)
        network = networks.get(chain)
        tx_hash = tx.tx_hash if tx is not None and tx.status != TxStatus.PLANNED else None
        views.append(
            AnchorView(
                chain=chain,
                contract=attempt.contract,
                status=tx.status if tx is not None else "planned",
                tx_hash=tx_hash,
                explorer_url=network.transaction_url(tx_hash) if network is not None else None,
                chain_id=network.chain_id if network is not None else None,
            )
        )
    return views


@dataclass(frozen=True)
class AnchorHealth:
    ok: bool
    latest_epoch: int | None
    latest_taken_at: datetime | None
    unanchored: list[dict[str, Any]]
    """Recent epochs a chain has not confirmed: a failed attempt (waiting for its retry) or one older than the
    grace period."""


def anchor_health(session: Session, *, grace: timedelta) -> AnchorHealth:
    epochs = _recent_epochs(session)
    unanchored = []
    for epoch in epochs:
        for chain, attempts in sorted(_attempts(session, epoch.number).items()):
            status = _status(session, attempts[-1])
            late = utcnow() - epoch.taken_at > grace
            if status == TxStatus.FAILED or (status != TxStatus.CONFIRMED and late):
                unanchored.append({"epoch": epoch.number, "chain": chain, "status": status or "planned"})
    latest = epochs[0] if epochs else None
    return AnchorHealth(
        ok=not unanchored,
        latest_epoch=latest.number if latest else None,
        latest_taken_at=latest.taken_at if latest else None,
        unanchored=unanchored,
    )


def member_proof(
    session: Session, networks: Mapping[str, Network], tenant_id: str, external_id: str, program_key: str | None
) -> dict[str, Any]:
    """The member's leaf in the latest epoch, with everything needed to check it against a chain without Laurel:
    the leaf's values and encoding, the salt, the sibling hashes, the root, and where the root was anchored."""
    member = get_member(session, tenant_id, external_id)
    program = resolve_program(session, tenant_id, program_key)
    row = session.scalar(
        select(AnchorLeaf)
        .where(
            col(AnchorLeaf.tenant_id) == tenant_id,
            col(AnchorLeaf.member_id) == member.id,
            col(AnchorLeaf.program_id) == program.id,
        )
        .order_by(col(AnchorLeaf.epoch).desc())
        .limit(1)
    )
    if row is None:
        raise NotFound(f"member {external_id!r} is in no anchored epoch of program {program.key!r} yet")
    epoch = session.get(AnchorEpoch, row.epoch)
    salt = session.get(MemberSalt, member.id)
    assert epoch is not None and salt is not None
    leaves = list(session.scalars(select(col(AnchorLeaf.leaf)).where(col(AnchorLeaf.epoch) == epoch.number)))
    tree = MerkleTree(leaves)
    return {
        "epoch": epoch.number,
        "taken_at": epoch.taken_at,
        "root": "0x" + epoch.root.hex(),
        "leaf": "0x" + row.leaf.hex(),
        "salt": "0x" + salt.salt.hex(),
        "proof": ["0x" + node.hex() for node in tree.proof(row.leaf)],
        "values": {
            "tenant": tenant_id,
            "member": external_id,
            "program": program.key,
            "balance": row.balance,
        },
        "leaf_encoding": {
            "types": list(LEAF_TYPES),
            "order": ["salt", "tenant", "member", "program", "balance"],
            "hash": "keccak256(keccak256(abi.encode(values)))",
        },
        "anchors": [vars(view) for view in anchors_of(session, networks, epoch.number)],
    }


@dataclass(frozen=True)
class RootDrift:
    epoch: int
    chain: str | None
    what: str


@dataclass
class AnchorReconcileReport:
    epochs_checked: int = 0
    drifts: list[RootDrift] = field(default_factory=list)


def reconcile_anchors(engine: Engine, networks: Mapping[str, Network]) -> AnchorReconcileReport:
    """For the recent epochs: the leaves stored give the stored root, the ledger's postings up to the epoch's
    time give the same balances, and every chain that confirmed the anchor holds the same root."""
    report = AnchorReconcileReport()
    with unit_of_work(engine, read_only=True) as session:
        epochs = _recent_epochs(session)
        for epoch in epochs:
            report.epochs_checked += 1
            report.drifts += _check_epoch(session, networks, epoch)
    for drift in report.drifts:
        log.warning("anchored root drift", **vars(drift))
    return report


def _check_epoch(session: Session, networks: Mapping[str, Network], epoch: AnchorEpoch) -> list[RootDrift]:
    drifts = []
    rows = list(session.scalars(select(AnchorLeaf).where(col(AnchorLeaf.epoch) == epoch.number)))
    if MerkleTree([row.leaf for row in rows]).root != epoch.root:
        drifts.append(RootDrift(epoch.number, None, "the stored leaves no longer give the stored root"))
    ledger = ledger_balances_at(session, epoch.taken_at)
    moved = sum(1 for row in rows if ledger.get((row.program_id, row.member_id), 0) != row.balance)
    if moved:
        drifts.append(RootDrift(epoch.number, None, f"{moved} leaves disagree with the ledger's postings"))
    for chain, attempts in sorted(_attempts(session, epoch.number).items()):
        network = networks.get(chain)
        if network is None or _status(session, attempts[-1]) != TxStatus.CONFIRMED:
            continue
        try:
            on_chain = network.client.call(attempts[-1].contract, roots_call(epoch.number))
        except ChainError as exc:
            drifts.append(RootDrift(epoch.number, chain, f"the root could not be read: {exc.detail}"))
            continue
        if on_chain[:32] != epoch.root:
            drifts.append(RootDrift(epoch.number, chain, f"the chain holds 0x{on_chain[:32].hex()}"))
    return drifts
