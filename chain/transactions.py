"""The persisted transaction pipeline: plan → sign (bytes and hash stored before sending) → broadcast →
included → confirmed | failed, with same-nonce replacements (`replaced`): re-priced versions of stuck transactions on
chains with a fee market, and fresh signatures of transactions the chain refused as expired (Tron).

Every step reads its row, talks to the chain, and writes the outcome with a compare-and-set on the status, so a
crash at any point leaves a row that the next worker resumes from, and two workers racing on one row cannot both
win. Re-sending stored bytes is always safe: a node either already knows them, mines them once, or (Tron, past
their expiration) refuses them for good, and only then is the intent signed again.
"""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, Select, or_, select, update
from sqlmodel import Session, col

from chain.client import ChainClient, Fees, Receipt, UnsignedTx
from chain.errors import CallReverted, ChainError, ChainUnavailable, NonceTooLow, TransactionExpired
from chain.fees import FeeCap, initial_fees, outpriced, replacement_fees
from chain.identity import changed_genesis, record_genesis
from chain.models import ACTIVE_STATUSES, ChainSender, ChainTransaction, TxStatus
from core.db import is_postgres, unit_of_work, upsert_dialect
from core.logging import get_logger
from core.types import utcnow

log = get_logger(__name__)
GAS_HEADROOM_NUMERATOR, GAS_HEADROOM_DENOMINATOR = 6, 5  # 20% above the estimate

TRANSITIONS: dict[TxStatus, frozenset[TxStatus]] = {
    TxStatus.PLANNED: frozenset({TxStatus.SIGNED, TxStatus.FAILED}),
    TxStatus.SIGNED: frozenset({TxStatus.BROADCAST, TxStatus.INCLUDED, TxStatus.REPLACED, TxStatus.FAILED}),
    TxStatus.BROADCAST: frozenset({TxStatus.INCLUDED, TxStatus.REPLACED, TxStatus.FAILED}),
    # Back to broadcast: a reorg took the block away. Replaced: after a reorg, a same-nonce sibling was mined.
    TxStatus.INCLUDED: frozenset({TxStatus.CONFIRMED, TxStatus.FAILED, TxStatus.BROADCAST, TxStatus.REPLACED}),
    # A replacement raced its original and lost: the original was mined after all.
    TxStatus.REPLACED: frozenset({TxStatus.INCLUDED}),
    TxStatus.CONFIRMED: frozenset(),
    TxStatus.FAILED: frozenset(),
}


class IllegalTransition(RuntimeError):
    """A programming error: the pipeline asked for a move the state machine does not have."""


def check_transition(old: TxStatus, new: TxStatus) -> None:
    if new not in TRANSITIONS[old]:
        raise IllegalTransition(f"a transaction cannot go from {old} to {new}")


@dataclass(frozen=True)
class TxPolicy:
    confirmations: int
    fee_cap: FeeCap
    stuck_after: timedelta
    lease: timedelta
    poll_interval: timedelta


@dataclass(frozen=True)
class TxOutcome:
    status: TxStatus
    tx_hash: str | None
    error: str | None


def plan_transaction(
    session: Session, *, chain: str, sender: str, to: str, data: bytes, purpose: str, reference: str
) -> ChainTransaction:
    """Record the intent in the caller's unit of work; a worker signs and sends it. No chain access here."""
    tx = ChainTransaction(chain=chain, sender=sender, to_address=to, data=data, purpose=purpose, reference=reference)
    session.add(tx)
    session.flush()
    return tx


def live_transaction(session: Session, chain: str, reference: str) -> ChainTransaction | None:
    """The version of an intent that counts: the mined one, else the newest one not replaced."""
    rows = list(
        session.scalars(
            select(ChainTransaction)
            .where(col(ChainTransaction.chain) == chain, col(ChainTransaction.reference) == reference)
            .order_by(col(ChainTransaction.id).desc())
        )
    )
    for wanted in ((TxStatus.CONFIRMED, TxStatus.INCLUDED), tuple(s for s in TxStatus if s != TxStatus.REPLACED)):
        for row in rows:
            if row.status in wanted:
                return row
    return rows[0] if rows else None


def outcome(session: Session, chain: str, reference: str) -> TxOutcome | None:
    """The final result of an intent, or None while any version of it may still land."""
    tx = live_transaction(session, chain, reference)
    if tx is None or tx.status not in (TxStatus.CONFIRMED, TxStatus.FAILED):
        return None
    return TxOutcome(status=TxStatus(tx.status), tx_hash=tx.tx_hash, error=tx.error)


def settle_final(
    engine: Engine,
    chain: str,
    references: Select[str | None],
    settle: Callable[[Session, str, TxOutcome], int],
) -> int:
    """Run `settle` for each of `references` (the intents still waiting on the chain) whose outcome is final, each
    in its own unit of work. Returns the sum of what `settle` returned."""
    with unit_of_work(engine, read_only=True) as session:
        pending = [reference for reference in session.scalars(references) if reference is not None]
    settled = 0
    for reference in pending:
        with unit_of_work(engine) as session:
            result = outcome(session, chain, reference)
            if result is not None:
                settled += settle(session, reference, result)
    return settled


ReplacedHook = Callable[[Session, ChainTransaction, ChainTransaction], None]


def allocate_nonce(session: Session, client: ChainClient, sender: str) -> int:
    """The sender's next nonce, under a lock held until the caller's unit of work ends (a row lock on PostgreSQL,
    the database write lock on SQLite). The chain's count (pending included) wins when it is ahead: someone else
    used the key."""
    session.execute(
        upsert_dialect(session.get_bind())
        .insert(ChainSender)
        .values(chain=client.name, address=sender, next_nonce=0)
        .on_conflict_do_nothing(index_elements=["chain", "address"])
    )
    stmt = select(ChainSender).where(col(ChainSender.chain) == client.name, col(ChainSender.address) == sender)
    if is_postgres(session.get_bind()):
        stmt = stmt.with_for_update()
    row = session.scalars(stmt.execution_options(populate_existing=True)).one()
    nonce = max(row.next_nonce, client.account_nonce(sender))
    row.next_nonce = nonce + 1
    return nonce


class TransactionPipeline:
    """Advances the transactions of one sender key on one chain. The key stays in memory only."""

    def __init__(
        self,
        engine: Engine,
        client: ChainClient,
        private_key: bytes,
        policy: TxPolicy,
        *,
        on_replaced: ReplacedHook | None = None,
    ) -> None:
        """`on_replaced(session, old, new)` runs in the unit of work that records a replacement (re-priced, or
        signed again after expiring), before the new version is broadcast."""
        self.engine = engine
        self.client = client
        self.policy = policy
        self.on_replaced = on_replaced
        self._key = private_key
        self.sender = client.address_of(private_key)

    def advance_due(self, limit: int = 100) -> int:
        """Claim the transactions that are due (or whose previous worker's lease ran out) and move each on."""
        claimed = self._claim(limit)
        for tx_id in claimed:
            self.advance(tx_id)
        return len(claimed)

    def _claim(self, limit: int) -> list[int]:
        now = utcnow()
        with unit_of_work(self.engine) as session:
            stmt = (
                select(col(ChainTransaction.id))
                .where(
                    col(ChainTransaction.chain) == self.client.name,
                    col(ChainTransaction.sender) == self.sender,
                    col(ChainTransaction.status).in_(ACTIVE_STATUSES),
                    or_(col(ChainTransaction.due_at).is_(None), col(ChainTransaction.due_at) <= now),
                )
                .order_by(col(ChainTransaction.nonce).is_(None), col(ChainTransaction.nonce), col(ChainTransaction.id))
                .limit(limit)
            )
            if is_postgres(self.engine):
                stmt = stmt.with_for_update(skip_locked=True)
            ids = [tx_id for tx_id in session.scalars(stmt) if tx_id is not None]
            if ids:
                session.execute(
                    update(ChainTransaction)
                    .where(col(ChainTransaction.id).in_(ids))
                    .values(due_at=now + self.policy.lease)
                )
        return ids

    def advance(self, tx_id: int) -> None:
        """One step, or a few in a row when the next one is ready (planned → signed → broadcast)."""
        tx = self._load(tx_id)
        if tx.status == TxStatus.PLANNED:
            self._sign(tx)
            tx = self._load(tx_id)
        if tx.status == TxStatus.SIGNED:
            self._broadcast(tx)
        elif tx.status == TxStatus.BROADCAST:
            self._track_pending(tx)
        elif tx.status == TxStatus.INCLUDED:
            self._track_included(tx)

    def _load(self, tx_id: int) -> ChainTransaction:
        with unit_of_work(self.engine, read_only=True) as session:
            tx = session.get(ChainTransaction, tx_id)
            assert tx is not None, f"chain transaction {tx_id} vanished"
            return tx

    def _move(self, session: Session, tx: ChainTransaction, new: TxStatus, **fields: Any) -> bool:
        """Compare-and-set: only moves a row still in the status `tx` was read in. False when another worker won."""
        old = TxStatus(tx.status)
        check_transition(old, new)
        final = new in (TxStatus.CONFIRMED, TxStatus.FAILED, TxStatus.REPLACED)
        values = {
            "status": new.value,
            "due_at": None if final else utcnow() + self.policy.poll_interval,
            **({"finished_at": utcnow()} if final else {}),
            **fields,
        }
        result = session.execute(
            update(ChainTransaction)
            .where(col(ChainTransaction.id) == tx.id, col(ChainTransaction.status) == old.value)
            .values(**values)
        )
        moved = bool(result.rowcount)  # type: ignore[attr-defined]
        if moved:
            tx_hash = fields.get("tx_hash", tx.tx_hash)
            log.info("chain transaction", id=tx.id, reference=tx.reference, status=new.value, tx_hash=tx_hash)
        return moved

    def _reschedule(self, tx: ChainTransaction, **fields: Any) -> None:
        with unit_of_work(self.engine) as session:
            session.execute(
                update(ChainTransaction)
                .where(col(ChainTransaction.id) == tx.id, col(ChainTransaction.status) == tx.status)
                .values(due_at=utcnow() + self.policy.poll_interval, **fields)
            )

    def _sign(self, tx: ChainTransaction) -> None:
        try:
            estimate = self.client.estimate_gas(self.sender, tx.to_address, tx.data)
        except CallReverted as exc:
            # Refused before a nonce was taken: nothing reaches the chain, the intent simply fails.
            with unit_of_work(self.engine) as session:
                self._move(session, tx, TxStatus.FAILED, error=exc.detail[:500])
            return
        fees = initial_fees(self.client.fee_quote(), self.policy.fee_cap)
        gas_limit = estimate * GAS_HEADROOM_NUMERATOR // GAS_HEADROOM_DENOMINATOR
        with unit_of_work(self.engine) as session:
            current = session.get(ChainTransaction, tx.id, with_for_update=True, populate_existing=True)
            if current is None or current.status != TxStatus.PLANNED:
                return
            nonce = allocate_nonce(session, self.client, self.sender)
            unsigned = UnsignedTx(self.sender, tx.to_address, tx.data, nonce, gas_limit, fees)
            signed = self.client.sign(self._key, unsigned)
            self._move(
                session,
                tx,
                TxStatus.SIGNED,
                nonce=nonce,
                gas_limit=gas_limit,
                max_fee=fees.max_fee,
                max_priority_fee=fees.max_priority_fee,
                raw=signed.raw,
                tx_hash=signed.tx_hash,
            )

    def _broadcast(self, tx: ChainTransaction) -> None:
        assert tx.raw is not None
        try:
            self.client.send_raw(tx.raw)
        except NonceTooLow:
            self._nonce_taken(tx)
            return
        except TransactionExpired:
            self._sign_again(tx)
            return
        except ChainUnavailable:
            raise
        except ChainError as exc:
            # A replacement refused because the version it replaces was mined meanwhile: that one counts.
            found = self._find_mined(tx)
            if found is not None:
                self._record_mined(*found)
                return
            # Refused as under the base fee, say: this nonce would stay a hole that every later one waits behind.
            if self._outpriced(tx):
                log.warning(
                    "broadcast refused below the chain's fees: signing it again dearer", id=tx.id, error=exc.detail
                )
                if self._reprice(tx):
                    return
            # Otherwise, e.g. the key lacks coins for gas: kept as is, and tried again once an operator fixed it.
            log.warning("broadcast refused", id=tx.id, error=exc.detail)
            self._reschedule(tx, error=exc.detail[:500])
            return
        with unit_of_work(self.engine) as session:
            self._move(session, tx, TxStatus.BROADCAST, broadcast_at=utcnow(), error=None)

    def _versions(self, tx: ChainTransaction) -> list[ChainTransaction]:
        """Every signed version of this nonce: the transaction itself and what it replaced or was replaced by."""
        with unit_of_work(self.engine, read_only=True) as session:
            return list(
                session.scalars(
                    select(ChainTransaction)
                    .where(
                        col(ChainTransaction.chain) == tx.chain,
                        col(ChainTransaction.sender) == tx.sender,
                        col(ChainTransaction.nonce) == tx.nonce,
                    )
                    .order_by(col(ChainTransaction.id))
                )
            )

    def _find_mined(self, tx: ChainTransaction) -> tuple[ChainTransaction, Receipt] | None:
        for version in self._versions(tx):
            if version.tx_hash is not None and version.status != TxStatus.FAILED:
                receipt = self.client.receipt(version.tx_hash)
                if receipt is not None:
                    return version, receipt
        return None

    def _record_mined(self, mined: ChainTransaction, receipt: Receipt) -> None:
        with unit_of_work(self.engine) as session:
            for version in self._versions(mined):
                if version.id == mined.id:
                    continue
                if version.status in (TxStatus.SIGNED, TxStatus.BROADCAST, TxStatus.INCLUDED):
                    self._move(session, version, TxStatus.REPLACED)
            self._move(
                session,
                mined,
                TxStatus.INCLUDED,
                succeeded=receipt.succeeded,
                block_number=receipt.block_number,
                block_hash=receipt.block_hash,
                gas_used=receipt.gas_used,
            )

    def _nonce_taken(self, tx: ChainTransaction) -> None:
        found = self._find_mined(tx)
        if found is not None:
            self._record_mined(*found)
            return
        with unit_of_work(self.engine) as session:
            self._move(session, tx, TxStatus.FAILED, error="the nonce was used by a transaction Laurel did not sign")

    def _track_pending(self, tx: ChainTransaction) -> None:
        found = self._find_mined(tx)
        if found is not None:
            self._record_mined(*found)
            return
        assert tx.broadcast_at is not None and tx.tx_hash is not None
        stuck = utcnow() - tx.broadcast_at >= self.policy.stuck_after
        dropped = not self.client.is_pending_or_mined(tx.tx_hash)
        if (stuck or dropped) and self._send_forgotten(tx):
            self._reschedule(tx)
            return
        if stuck and self.client.replaceable and self._reprice(tx):
            return
        if dropped:
            # Dropped from the mempool, or the node restarted without it: the same bytes, again.
            assert tx.raw is not None
            try:
                self.client.send_raw(tx.raw)
            except NonceTooLow:
                self._nonce_taken(tx)
                return
            except TransactionExpired:
                self._sign_again(tx)
                return
        self._reschedule(tx)

    def _send_forgotten(self, tx: ChainTransaction) -> bool:
        """A node restarted from an older state forgets blocks: transactions Laurel saw confirmed are gone, and this
        one waits behind the hole in the sender's nonces forever. Their recorded bytes are sent again, in nonce order;
        signed bytes can be mined once per chain, so nothing is paid twice. True when something was sent, and when
        the node turns out to run another chain than the recorded one (then nothing is sent: see `chain.identity`)."""
        if not self.client.replaceable or tx.nonce is None:
            return False  # no chain-kept nonces (Tron): nothing waits behind a forgotten transaction
        known = self.client.account_nonce(self.sender)
        if known >= tx.nonce:
            return False
        if (changed := changed_genesis(self.engine, self.client)) is not None:
            # Not the chain that forgot: another one. Replaying history there would mint against its ledger.
            log.error("the node runs another chain than the recorded one: nothing is sent again", genesis=changed)
            return True
        with unit_of_work(self.engine, read_only=True) as session:
            forgotten = session.scalars(
                select(ChainTransaction)
                .where(
                    col(ChainTransaction.chain) == self.client.name,
                    col(ChainTransaction.sender) == self.sender,
                    col(ChainTransaction.status) == TxStatus.CONFIRMED,
                    col(ChainTransaction.nonce) >= known,
                    col(ChainTransaction.nonce) < tx.nonce,
                )
                .order_by(col(ChainTransaction.nonce))
            ).all()
        for lost in forgotten:
            assert lost.raw is not None
            log.warning("the chain forgot a confirmed transaction: sending it again", id=lost.id, nonce=lost.nonce)
            with suppress(NonceTooLow):
                self.client.send_raw(lost.raw)
        return bool(forgotten)

    def _outpriced(self, tx: ChainTransaction) -> bool:
        """A replaceable version whose fees the chain's quote has outgrown since it was signed."""
        if not self.client.replaceable or tx.max_fee is None or tx.max_priority_fee is None:
            return False
        offered = Fees(max_fee=tx.max_fee, max_priority_fee=tx.max_priority_fee)
        return outpriced(offered, self.client.fee_quote(), self.policy.fee_cap)

    def _reprice(self, tx: ChainTransaction) -> bool:
        assert tx.nonce is not None and tx.gas_limit is not None
        assert tx.max_fee is not None and tx.max_priority_fee is not None
        previous = Fees(max_fee=tx.max_fee, max_priority_fee=tx.max_priority_fee)
        fees = replacement_fees(previous, self.client.fee_quote(), self.policy.fee_cap)
        if fees is None:
            log.warning("stuck transaction at the fee cap", id=tx.id, tx_hash=tx.tx_hash)
            return False
        self._replace(tx, fees)
        return True

    def _sign_again(self, tx: ChainTransaction) -> None:
        """The chain refused these bytes as expired, so they can never land: a fresh version, same fees."""
        assert tx.max_fee is not None and tx.max_priority_fee is not None
        found = self._find_mined(tx)
        if found is not None:
            self._record_mined(*found)
            return
        log.info("signing an expired transaction again", id=tx.id, tx_hash=tx.tx_hash)
        self._replace(tx, Fees(max_fee=tx.max_fee, max_priority_fee=tx.max_priority_fee))

    def _replace(self, tx: ChainTransaction, fees: Fees) -> None:
        """A new signed version of `tx` in the same nonce slot, broadcast at once; `tx` ends `replaced`."""
        assert tx.nonce is not None and tx.gas_limit is not None
        unsigned = UnsignedTx(self.sender, tx.to_address, tx.data, tx.nonce, tx.gas_limit, fees)
        signed = self.client.sign(self._key, unsigned)
        with unit_of_work(self.engine) as session:
            if not self._move(session, tx, TxStatus.REPLACED):
                return
            replacement = ChainTransaction(
                chain=tx.chain,
                purpose=tx.purpose,
                reference=tx.reference,
                sender=tx.sender,
                to_address=tx.to_address,
                data=tx.data,
                status=TxStatus.SIGNED,
                nonce=tx.nonce,
                gas_limit=tx.gas_limit,
                max_fee=fees.max_fee,
                max_priority_fee=fees.max_priority_fee,
                raw=signed.raw,
                tx_hash=signed.tx_hash,
                replaces_id=tx.id,
            )
            session.add(replacement)
            session.flush()
            if self.on_replaced is not None:
                self.on_replaced(session, tx, replacement)
        log.info("replaced a transaction", old=tx.tx_hash, new=signed.tx_hash, max_fee=fees.max_fee)
        self._broadcast(replacement)

    def _track_included(self, tx: ChainTransaction) -> None:
        assert tx.tx_hash is not None and tx.block_number is not None
        receipt = self.client.receipt(tx.tx_hash)
        if receipt is None:
            # A reorg took the block away: back to the mempool with the same bytes.
            with unit_of_work(self.engine) as session:
                moved = self._move(
                    session, tx, TxStatus.BROADCAST, block_number=None, block_hash=None, broadcast_at=utcnow()
                )
            if moved and tx.raw is not None:
                # NonceTooLow: a sibling was mined in the new chain instead; the next step finds it.
                with suppress(NonceTooLow):
                    self.client.send_raw(tx.raw)
            return
        if receipt.block_hash != tx.block_hash:
            self._reschedule(tx, block_number=receipt.block_number, block_hash=receipt.block_hash)
            return
        if self.client.head() - receipt.block_number + 1 < self.policy.confirmations:
            self._reschedule(tx)
            return
        with unit_of_work(self.engine) as session:
            if receipt.succeeded:
                self._move(session, tx, TxStatus.CONFIRMED)
            else:
                error = receipt.error or "the transaction reverted on chain"
                self._move(session, tx, TxStatus.FAILED, error=error[:500])
        record_genesis(self.engine, self.client)
