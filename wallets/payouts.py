"""Payouts: points leave the ledger as tokens minted to a member's custodial address or an outside address.

A request reserves the points at once (member available → `payout:pending`) in the same unit of work that records
the payout, so two racing requests can never spend the same points. Workers then batch queued payouts into one
`mintBatch` per token, hand it to chain/'s transaction pipeline, and settle (pending → paid) or release
(pending → available) each payout exactly once when the transaction's outcome is final.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlmodel import Session, col

from chain.errors import CallReverted, ChainError, ChainNotConfigured, FeeLimitExceeded
from chain.evm import EvmClient
from chain.fees import FeeCap
from chain.models import ACTIVE_STATUSES, ChainTransaction, TxStatus
from chain.network import Network
from chain.packed_mint import packable
from chain.transactions import (
    GAS_HEADROOM_DENOMINATOR,
    GAS_HEADROOM_NUMERATOR,
    TransactionPipeline,
    TxOutcome,
    TxPolicy,
    live_transaction,
    plan_transaction,
    settle_final,
)
from chain.tron import mint_batch_size
from core.db import insert_rows, is_postgres, one_of, unit_of_work
from core.errors import (
    IdempotencyConflict,
    InsufficientPoints,
    LaurelError,
    NotFound,
    PayoutConflict,
    WithdrawalLimit,
)
from core.ids import new_id
from core.settings import Settings
from core.tenancy import Member
from core.types import utcnow
from wallets import ledger
from wallets.accounts import member_available, payout_paid, payout_pending
from wallets.custody import custodial_addresses
from wallets.keystore import Chain, KeyStore
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.minter import minter_keys
from wallets.models import Balance, Payout, PayoutRecord, Program
from wallets.programs import ProgramNotActive, resolve_program, update_program_settings

MINT_BATCH = "mint-batch"
BATCHES_PER_TURN = 4
PAYING_STATUSES = ("active", "closing")


class PayoutStatus(StrEnum):
    ON_HOLD = "on_hold"
    QUEUED = "queued"
    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    DENIED = "denied"


# Statuses whose points are still reserved or already paid (they count toward the daily withdrawal limit).
_LIVE = (PayoutStatus.ON_HOLD, PayoutStatus.QUEUED, PayoutStatus.SUBMITTED, PayoutStatus.CONFIRMED)


@dataclass(frozen=True)
class PayoutRequest:
    member: str
    amount: int
    chain: str
    to_address: str | None = None
    program: str | None = None

    def digest(self) -> str:
        canonical = f"{self.member}\x00{self.amount}\x00{self.chain}\x00{self.to_address or ''}\x00{self.program or ''}"
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class PayoutPolicy:
    """A program's payout settings, under the `payouts` key of its settings."""

    rate: int
    requires_approval: bool
    withdrawal_daily_limit: int
    token_address: str | None

    @classmethod
    def of(cls, program: Program, network: Network, default_daily_limit: int) -> "PayoutPolicy":
        raw: dict[str, Any] = program.settings.get("payouts", {})
        # Without a rate one point is one whole token: 10^(token decimals - point decimals) units.
        default_rate = 10 ** max(network.token_decimals - program.decimals, 0)
        tokens: dict[str, str] = raw.get("token_addresses", {})
        return cls(
            rate=int(raw.get("rate", default_rate)),
            requires_approval=bool(raw.get("requires_approval", False)),
            withdrawal_daily_limit=int(raw.get("withdrawal_daily_limit", default_daily_limit)),
            token_address=tokens.get(network.name) or network.token_address,
        )


def set_payout_policy(session: Session, tenant_id: str, program_key: str | None, **changes: Any) -> Program:
    """Change some of a program's payout settings, keeping the others (`PATCH /v1/programs/{key}` with
    `{"settings": {"payouts": {...}}}` does the same over HTTP, replacing them all)."""
    program = resolve_program(session, tenant_id, program_key)
    merged = {**program.settings.get("payouts", {}), **changes}
    return update_program_settings(session, tenant_id, program.key, {"payouts": merged})


@dataclass(frozen=True)
class PayoutView:
    id: str
    status: str
    member: str
    amount: int
    chain: str
    to_address: str
    token_address: str
    token_amount: str
    tx_hash: str | None
    explorer_url: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime


def request_payout(
    session: Session,
    keystore: KeyStore,
    networks: Mapping[str, Network],
    tenant_id: str,
    request: PayoutRequest,
    *,
    idempotency_key: str | None,
    default_daily_limit: int,
) -> tuple[Payout, bool]:
    """Record a payout and reserve its points. The same idempotency key gives back the same payout (created False);
    raises InsufficientPoints (409) when the member's available points do not cover it."""
    [result] = request_payouts(
        session, keystore, networks, tenant_id, [(request, idempotency_key)], default_daily_limit=default_daily_limit
    )
    if isinstance(result, LaurelError):
        raise result
    return result


PayoutResult = tuple[Payout, bool] | LaurelError
PAYOUTS = Payout.__table__  # type: ignore[attr-defined]
_PAYOUT_COLUMNS = tuple(column.name for column in PAYOUTS.columns)


def request_payouts(
    session: Session,
    keystore: KeyStore,
    networks: Mapping[str, Network],
    tenant_id: str,
    requests: Sequence[tuple[PayoutRequest, str | None]],
    *,
    default_daily_limit: int,
) -> list[PayoutResult]:
    """Record many payouts and reserve their points, judged in order as one call after another would judge them,
    each with its own result: `(payout, created)` or the error that refused it (nothing recorded for it).

    One unit of work and a handful of statements whatever the count: the idempotency keys, members, wallets and
    balances are read once (the balance rows locked on PostgreSQL, so racing requests see each other's totals),
    and the payouts and their reservations are written in bulk, one statement per table. The payouts returned
    are not attached to `session`: read them again to change them."""
    desk = _PayoutDesk(session, keystore, networks, tenant_id, default_daily_limit)
    desk.load(requests)
    judged: list[_Candidate | PayoutResult] = [desk.judge(request, key) for request, key in requests]
    desk.lock_balances([c for c in judged if isinstance(c, _Candidate)])
    results: list[PayoutResult] = []
    first_of_key: dict[str, int] = {}
    accepted: list[Payout] = []
    for index, ((request, key), candidate) in enumerate(zip(requests, judged, strict=True)):
        if key is not None and key in first_of_key:
            results.append(_again(results[first_of_key[key]], key, request.digest()))
            continue
        if key is not None:
            first_of_key[key] = index
        if isinstance(candidate, _Candidate):
            try:
                desk.reserve(candidate)
            except LaurelError as exc:
                results.append(exc)
                continue
            accepted.append(candidate.payout)
            results.append((candidate.payout, True))
        else:
            results.append(candidate)
    if accepted:
        insert_rows(session, PAYOUTS, _PAYOUT_COLUMNS, [[getattr(p, c) for c in _PAYOUT_COLUMNS] for p in accepted])
        specs = [
            _transfer(p, "reserve", member_available(p.member_id), payout_pending(), "payout reserved")
            for p in accepted
        ]
        ledger.post_many(session, tenant_id, specs)
    return results


def _again(first: PayoutResult, key: str, digest: str) -> PayoutResult:
    """A key repeated within one batch answers as the single call would on a retry."""
    if isinstance(first, LaurelError):
        return first
    payout, _ = first
    if payout.request_sha256 != digest:
        return IdempotencyConflict(f"Idempotency-Key {key!r} was used for another payout")
    return payout, False


@dataclass
class _Candidate:
    payout: Payout
    program: Program
    daily_limit: int


class _PayoutDesk:
    """What judging a batch of payout requests needs, read once: existing keys, members, programs, wallets, and
    the members' available balances (kept in step as the batch reserves them)."""

    def __init__(
        self,
        session: Session,
        keystore: KeyStore,
        networks: Mapping[str, Network],
        tenant_id: str,
        default_daily_limit: int,
    ) -> None:
        self.session, self.keystore, self.networks = session, keystore, networks
        self.tenant_id, self.default_daily_limit = tenant_id, default_daily_limit
        self.known: dict[str, Payout] = {}
        self.members: dict[str, Member] = {}
        self.programs: dict[str | None, Program | LaurelError] = {}
        self.wallets: dict[int, dict[str, str]] = {}
        self.available: dict[tuple[int, int], int] = {}
        self.withdrawn: dict[int, int] = defaultdict(int)

    def load(self, requests: Sequence[tuple[PayoutRequest, str | None]]) -> None:
        keys = {key for _, key in requests if key is not None}
        if keys:
            self.known = {
                p.idempotency_key: p
                for p in self.session.scalars(
                    select(Payout).where(
                        col(Payout.tenant_id) == self.tenant_id,
                        one_of(self.session.get_bind(), col(Payout.idempotency_key), sorted(keys)),
                    )
                )
                if p.idempotency_key is not None
            }
        # A request whose key is known answers with its payout: neither its member nor a wallet is read for it
        # (a client polling by sending its batch again costs little more than the payouts' own read).
        fresh = [request for request, key in requests if key is None or key not in self.known]
        if not fresh:
            return
        names = sorted({request.member for request in fresh})
        self.members = {
            m.external_id: m
            for m in self.session.scalars(
                select(Member).where(
                    col(Member.tenant_id) == self.tenant_id,
                    one_of(self.session.get_bind(), col(Member.external_id), names),
                )
            )
        }
        chains = {Chain(request.chain) for request in fresh if request.chain in set(Chain)}
        self.wallets = custodial_addresses(
            self.session,
            self.keystore,
            self.tenant_id,
            [m.id for m in self.members.values() if m.id is not None],
            chains,
        )

    def _program(self, key: str | None) -> Program:
        if key not in self.programs:
            try:
                self.programs[key] = resolve_program(self.session, self.tenant_id, key)
            except LaurelError as exc:
                self.programs[key] = exc
        found = self.programs[key]
        if isinstance(found, LaurelError):
            raise found
        return found

    def judge(self, request: PayoutRequest, key: str | None) -> "_Candidate | PayoutResult":
        """Everything but the balance: the key, the chain, the member, the program, the token, the address."""
        digest = request.digest()
        existing = self.known.get(key) if key is not None else None
        if existing is not None:
            if existing.request_sha256 != digest:
                return IdempotencyConflict(f"Idempotency-Key {key!r} was used for another payout")
            return existing, False
        try:
            network = self.networks.get(request.chain)
            if network is None:
                raise ChainNotConfigured(f"chain {request.chain!r} is not configured on this server", field="chain")
            member = self.members.get(request.member)
            if member is None or member.id is None:
                raise NotFound(f"member {request.member!r} not found")
            program = self._program(request.program)
            assert program.id is not None
            ensure_pays_out(program)
            policy = PayoutPolicy.of(program, network, self.default_daily_limit)
            if policy.token_address is None:
                raise ChainNotConfigured(f"no reward token is deployed on {request.chain!r}", field="chain")
            custodial_address = self.wallets[member.id][Chain(request.chain).value]
            to_address = custodial_address
            if request.to_address is not None:
                to_address = network.client.check_address(request.to_address)
        except LaurelError as exc:
            return exc
        now = utcnow()
        payout = Payout(
            id=new_id("pay"),
            tenant_id=self.tenant_id,
            program_id=program.id,
            member_id=member.id,
            chain=request.chain,
            to_address=to_address,
            custodial=to_address.lower() == custodial_address.lower(),
            token_address=policy.token_address,
            points=request.amount,
            token_amount=str(request.amount * policy.rate),
            status=PayoutStatus.ON_HOLD if policy.requires_approval else PayoutStatus.QUEUED,
            idempotency_key=key,
            request_sha256=digest,
            created_at=now,
            updated_at=now,
        )
        return _Candidate(payout=payout, program=program, daily_limit=policy.withdrawal_daily_limit)

    def lock_balances(self, candidates: Sequence[_Candidate]) -> None:
        """Read (and on PostgreSQL lock) the available balances the candidates draw on, one query per program."""
        by_program: dict[int, set[int]] = defaultdict(set)
        for candidate in candidates:
            by_program[candidate.payout.program_id].add(candidate.payout.member_id)
        for program_id, member_ids in sorted(by_program.items()):
            accounts = [member_available(m) for m in sorted(member_ids)]
            found = ledger.balances(self.session, self.tenant_id, program_id, accounts, for_update=True)
            for member_id in member_ids:
                row = found.get(member_available(member_id))
                self.available[(program_id, member_id)] = int(row.balance) if row is not None else 0

    def reserve(self, candidate: _Candidate) -> None:
        payout = candidate.payout
        slot = (payout.program_id, payout.member_id)
        if self.available[slot] < payout.points:
            raise InsufficientPoints(
                f"account {member_available(payout.member_id)} has fewer than {payout.points} points available"
            )
        if not payout.custodial:
            earlier = self.withdrawn[payout.member_id]
            _check_daily_limit(
                self.session, self.tenant_id, payout.member_id, earlier + payout.points, candidate.daily_limit
            )
            self.withdrawn[payout.member_id] = earlier + payout.points
        self.available[slot] -= payout.points


def ensure_pays_out(program: Program) -> None:
    """Active and closing programs pay out (the closing window is for spending what is left); a draft has issued
    nothing yet and a closed one has expired what members held."""
    if program.status not in PAYING_STATUSES:
        raise ProgramNotActive(
            f"program {program.key!r} is {program.status}: it pays nothing out", program_status=program.status
        )


def _check_daily_limit(session: Session, tenant_id: str, member_id: int, amount: int, limit: int) -> None:
    day_start = datetime.combine(utcnow().date(), time.min, tzinfo=utcnow().tzinfo)
    used = session.scalar(
        select(func.coalesce(func.sum(col(Payout.points)), 0)).where(
            col(Payout.tenant_id) == tenant_id,
            col(Payout.member_id) == member_id,
            col(Payout.custodial).is_(False),
            col(Payout.created_at) >= day_start,
            col(Payout.status).in_(_LIVE),
        )
    )
    if int(used or 0) + amount > limit:
        raise WithdrawalLimit(
            f"withdrawals are limited to {limit} points per member per day; {int(used or 0)} already used today",
            limit=limit,
            used=int(used or 0),
        )


def _transfer(payout: PayoutRecord, step: str, source: str, destination: str, memo: str) -> TransactionSpec:
    return TransactionSpec(
        program_id=payout.program_id,
        kind=Kind.PAYOUT,
        idempotency_key=f"payout:{payout.id}:{step}",
        entries=(Entry(source, -payout.points), Entry(destination, payout.points)),
        memo=f"{memo} ({payout.id})",
    )


def _locked_payout(session: Session, tenant_id: str, payout_id: str) -> Payout:
    stmt = select(Payout).where(col(Payout.tenant_id) == tenant_id, col(Payout.id) == payout_id)
    if is_postgres(session.get_bind()):
        stmt = stmt.with_for_update()
    payout = session.scalars(stmt.execution_options(populate_existing=True)).first()
    if payout is None:
        raise NotFound(f"payout {payout_id!r} not found")
    return payout


def approve_payout(session: Session, tenant_id: str, payout_id: str) -> Payout:
    payout = _locked_payout(session, tenant_id, payout_id)
    if payout.status != PayoutStatus.ON_HOLD:
        raise PayoutConflict(f"payout {payout_id!r} is {payout.status}, not on hold", status_now=payout.status)
    payout.status, payout.updated_at = PayoutStatus.QUEUED, utcnow()
    return payout


def deny_payout(session: Session, tenant_id: str, payout_id: str) -> Payout:
    """Refuse a held payout and give its points back to the member."""
    payout = _locked_payout(session, tenant_id, payout_id)
    if payout.status != PayoutStatus.ON_HOLD:
        raise PayoutConflict(f"payout {payout_id!r} is {payout.status}, not on hold", status_now=payout.status)
    payout.status, payout.updated_at = PayoutStatus.DENIED, utcnow()
    ledger.post(session, tenant_id, _release(payout, "payout denied"))
    return payout


def _release(payout: PayoutRecord, memo: str) -> TransactionSpec:
    return _transfer(payout, "release", payout_pending(), member_available(payout.member_id), memo)


def payout_view(session: Session, networks: Mapping[str, Network], tenant_id: str, payout_id: str) -> PayoutView:
    payout = session.scalar(select(Payout).where(col(Payout.tenant_id) == tenant_id, col(Payout.id) == payout_id))
    if payout is None:
        raise NotFound(f"payout {payout_id!r} not found")
    return view_of_payout(session, networks, payout)


def member_payouts(
    session: Session, networks: Mapping[str, Network], tenant_id: str, member_id: int, *, limit: int = 10
) -> list[PayoutView]:
    """A member's latest payouts, newest first, with their transactions' explorer links."""
    rows = session.scalars(
        select(Payout)
        .where(col(Payout.tenant_id) == tenant_id, col(Payout.member_id) == member_id)
        .order_by(col(Payout.created_at).desc())
        .limit(limit)
    )
    return [view_of_payout(session, networks, payout) for payout in rows]


def view_of_payout(session: Session, networks: Mapping[str, Network], payout: Payout) -> PayoutView:
    [view] = views_of_payouts(session, networks, [payout])
    return view


def views_of_payouts(session: Session, networks: Mapping[str, Network], payouts: Sequence[Payout]) -> list[PayoutView]:
    """The payouts as callers see them: one read of their members' ids and one per batch transaction, however
    many payouts (a batch request answers a thousand)."""
    member_ids = sorted({p.member_id for p in payouts})
    rows = session.execute(
        select(col(Member.id), col(Member.external_id)).where(one_of(session.get_bind(), col(Member.id), member_ids))
    ).tuples()
    external = {member_id: external_id for member_id, external_id in rows}
    hashes: dict[tuple[str, str], str | None] = {}
    for chain, batch_id in sorted({(p.chain, p.batch_id) for p in payouts if p.batch_id}):
        tx = live_transaction(session, chain, batch_id)
        hashes[(chain, batch_id)] = tx.tx_hash if tx is not None and tx.status != TxStatus.PLANNED else None
    views = []
    for payout in payouts:
        network = networks.get(payout.chain)
        tx_hash = hashes.get((payout.chain, payout.batch_id)) if payout.batch_id else None
        views.append(
            PayoutView(
                id=payout.id,
                status=payout.status,
                member=external[payout.member_id],
                amount=payout.points,
                chain=payout.chain,
                to_address=payout.to_address,
                token_address=payout.token_address,
                token_amount=payout.token_amount,
                tx_hash=tx_hash,
                explorer_url=network.transaction_url(tx_hash) if network else None,
                error=payout.error,
                created_at=payout.created_at,
                updated_at=payout.updated_at,
            )
        )
    return views


@dataclass
class ChainFacts:
    packed_tokens: dict[str, bool] = field(default_factory=dict)
    """Which tokens have `mintPacked` (see _has_mint_packed)."""
    block_recipients: int | None = None
    """Most recipients whose mint fits one transaction (see _block_fit)."""


@dataclass(frozen=True)
class PayoutChain:
    """A configured chain with the pipeline that signs for it (the minter key stays inside the pipeline)."""

    network: Network
    pipeline: TransactionPipeline
    batch_size: int
    """Most recipients in one mintBatch on this chain."""
    lanes: tuple[TransactionPipeline, ...] = ()
    """Every minter key's pipeline (`pipeline`, the minter key's, first); payout batches are spread over them."""

    @property
    def pipelines(self) -> tuple[TransactionPipeline, ...]:
        return self.lanes or (self.pipeline,)

    learned: ChainFacts = field(default_factory=ChainFacts)
    """What this process learned from the chain, asked once."""


SettlementHook = Callable[[Session, Sequence[PayoutRecord]], None]
"""Runs once for the payouts one settlement moved to `confirmed` or `failed`, inside its transaction (the webhook
outbox uses it)."""
ReplacementHook = Callable[[Session, Payout, ChainTransaction, ChainTransaction], None]
"""Runs for each payout of a batch whose transaction was replaced (old version, new version), in the replacement's
own transaction (the webhook outbox uses it)."""


def payout_chains(
    settings: Settings,
    engine: Engine,
    keystore: KeyStore,
    networks: Mapping[str, Network],
    *,
    on_replaced: ReplacementHook | None = None,
) -> dict[str, PayoutChain]:
    """Pipelines for every configured chain, signing with the configured minter key or the treasury key derived
    from the HD seed."""
    lease = timedelta(seconds=settings.chain_lease_seconds)
    poll_interval = timedelta(seconds=min(settings.payout_interval_seconds, 5.0))
    policies = {
        "evm": TxPolicy(
            confirmations=settings.evm_confirmations,
            fee_cap=FeeCap.from_gwei(settings.evm_max_fee_gwei, settings.evm_max_priority_fee_gwei),
            stuck_after=timedelta(seconds=settings.evm_stuck_after_seconds),
            lease=lease,
            poll_interval=poll_interval,
        ),
        # Tron: a receipt is read from a solidified block, which is final; the "fee" is sun per unit of energy,
        # and nothing is re-priced (TronClient.replaceable is False).
        "tron": TxPolicy(
            confirmations=1,
            fee_cap=FeeCap(max_fee=settings.tron_max_energy_price_sun, max_priority_fee=0),
            stuck_after=timedelta(seconds=settings.tron_expiration_seconds),
            lease=lease,
            poll_interval=poll_interval,
        ),
    }
    # A Tron batch's energy must fit the fee limit: 200 new holders need about 2,100 TRX of energy. A batch that
    # does not fit anyway (LAUREL_TRON_BATCH_SIZE set high, new holders) is split when it is assembled.
    batch_sizes = {
        Chain.EVM: settings.payout_batch_size,
        Chain.TRON: settings.tron_batch_size or mint_batch_size(settings.tron_fee_limit_sun),
    }
    replaced = _batch_replacement_hook(on_replaced) if on_replaced is not None else None
    chains: dict[str, PayoutChain] = {}
    for chain in Chain:
        network = networks.get(chain.value)
        if network is None:
            continue
        lanes = tuple(
            TransactionPipeline(engine, network.client, key, policies[chain.value], on_replaced=replaced)
            for key in minter_keys(settings, keystore, chain)
        )
        chains[chain.value] = PayoutChain(
            network=network, pipeline=lanes[0], batch_size=batch_sizes[chain], lanes=lanes
        )
    return chains


def _batch_replacement_hook(
    on_replaced: ReplacementHook,
) -> Callable[[Session, ChainTransaction, ChainTransaction], None]:
    def payouts_replaced(session: Session, old: ChainTransaction, new: ChainTransaction) -> None:
        if old.purpose != MINT_BATCH:
            return
        batch = select(Payout).where(
            col(Payout.batch_id) == old.reference, col(Payout.status) == PayoutStatus.SUBMITTED
        )
        for payout in session.scalars(batch.order_by(col(Payout.id))):
            on_replaced(session, payout, old, new)

    return payouts_replaced


def plan_batch(
    session: Session,
    chain: PayoutChain,
    *,
    token: str,
    calldata: bytes,
    purpose: str,
    prefix: str,
    sender: str | None = None,
) -> str:
    """Plan one mintBatch transaction on `token`, sent by `sender` (a lane's, the minter key's by default); returns
    its batch id (the transaction's reference)."""
    batch_id = new_id(prefix)
    plan_transaction(
        session,
        chain=chain.network.name,
        sender=sender or chain.pipeline.sender,
        to=token,
        data=calldata,
        purpose=purpose,
        reference=batch_id,
    )
    return batch_id


def _mint_call(chain: PayoutChain, token: str, payouts: Sequence[Payout]) -> bytes:
    """`mintPacked` where the token has it and every amount fits a packed word, else `mintBatch`."""
    client = chain.network.client
    recipients, amounts = [p.to_address for p in payouts], [int(p.token_amount) for p in payouts]
    if packable(amounts) and _has_mint_packed(chain, token):
        return client.mint_packed_call(token, recipients, amounts)
    return client.mint_batch_call(token, recipients, amounts)


def _has_mint_packed(chain: PayoutChain, token: str) -> bool:
    """Whether `token` is a RewardToken with `mintPacked` (tokens deployed before it was added are not), asked once
    per token and process with an empty call; an unreachable node answers no for now, and is asked again next time."""
    known = chain.learned.packed_tokens.get(token)
    if known is not None:
        return known
    client = chain.network.client
    try:
        client.estimate_gas(chain.pipeline.sender, token, client.mint_packed_call(token, [], []))
    except CallReverted:
        chain.learned.packed_tokens[token] = False
        return False
    except ChainError:
        return False
    chain.learned.packed_tokens[token] = True
    return True


# Gas of a batched mint to new holders: mintBatch's (the dearer of the two) rounded up, and the call's own base.
MINT_GAS_PER_RECIPIENT = 26_000
MINT_BASE_GAS = 60_000
# EIP-7825 (Osaka): no transaction may use more than 2^24 gas, whatever the block's limit.
MAX_TRANSACTION_GAS = 2**24


def _block_fit(chain: PayoutChain) -> int:
    """Most recipients whose mint, with the pipeline's gas headroom, fits one transaction: under the block's gas
    limit and EIP-7825's cap on a transaction (535 recipients). Two such batches share a 30M-gas block (the node
    admits a transaction while its gas limit, the estimate plus headroom, fits what the block has left): about
    1,070 recipients a block, where batches of one block's worth (959) left a block holding one batch and a
    remainder. Other chains: the chain's batch size (Tron's is sized by its fee limit)."""
    client = chain.network.client
    if not isinstance(client, EvmClient):
        return chain.batch_size
    if chain.learned.block_recipients is None:
        try:
            limit = min(client.block_gas_limit(), MAX_TRANSACTION_GAS)
        except ChainError:
            return chain.batch_size
        usable = limit * GAS_HEADROOM_DENOMINATOR // GAS_HEADROOM_NUMERATOR - MINT_BASE_GAS
        chain.learned.block_recipients = max(1, usable // MINT_GAS_PER_RECIPIENT)
    return chain.learned.block_recipients


def _within_fee_limit(
    chain: PayoutChain, token: str, payouts: list[Payout]
) -> Iterator[tuple[list[Payout], bytes, FeeLimitExceeded | None]]:
    """Cut `payouts` into batches whose fee estimate fits the chain's fee limit, halving a batch that does not,
    down to one recipient; a single payout that still does not fit comes with the refusal. Any other refusal or
    an unreachable node leaves the batch whole: the pipeline estimates again when it signs and decides then.
    Each batch comes with its call data."""
    client = chain.network.client
    calldata = _mint_call(chain, token, payouts)
    if isinstance(client, EvmClient):  # no fee limit per transaction there (batches are sized by the block)
        yield payouts, calldata, None
        return
    try:
        client.estimate_gas(chain.pipeline.sender, token, calldata)
    except FeeLimitExceeded as exc:
        if len(payouts) == 1:
            yield payouts, calldata, exc
            return
        half = (len(payouts) + 1) // 2
        yield from _within_fee_limit(chain, token, payouts[:half])
        yield from _within_fee_limit(chain, token, payouts[half:])
        return
    except ChainError:
        pass
    yield payouts, calldata, None


def assemble_batches(
    session: Session, chain: PayoutChain, max_size: int, on_settled: SettlementHook | None = None
) -> list[str]:
    """Turn queued payouts into planned `mintBatch` transactions, one per token, split further where one would
    exceed the chain's fee limit. A payout that exceeds it alone fails here, its points released (`on_settled`
    runs for it). Returns the batch ids (chain tx references)."""
    stmt = (
        select(Payout)
        .where(col(Payout.chain) == chain.network.name, col(Payout.status) == PayoutStatus.QUEUED)
        .order_by(col(Payout.created_at), col(Payout.id))
        .limit(max_size)
    )
    if is_postgres(session.get_bind()):
        stmt = stmt.with_for_update(skip_locked=True)
    by_token: dict[str, list[Payout]] = defaultdict(list)
    for payout in session.scalars(stmt):
        by_token[payout.token_address].append(payout)
    batches = []
    for token, queued in by_token.items():
        for payouts, calldata, refusal in _within_fee_limit(chain, token, queued):
            if refusal is not None:
                _fail_unpayable(session, payouts[0], refusal.detail, on_settled)
                continue
            batch_id = plan_batch(
                session,
                chain,
                token=token,
                calldata=calldata,
                purpose=MINT_BATCH,
                prefix="bat",
                sender=_least_busy_lane(session, chain),
            )
            session.execute(
                update(Payout)
                .where(_one_of_ids(session, payouts), col(Payout.status) == PayoutStatus.QUEUED)
                .values(status=PayoutStatus.SUBMITTED, batch_id=batch_id, updated_at=utcnow())
                .execution_options(synchronize_session=False)  # the loaded payouts are not used again
            )
            batches.append(batch_id)
    return batches


def _one_of_ids(session: Session, payouts: Sequence[Payout]) -> Any:
    return one_of(session.get_bind(), col(Payout.id), [p.id for p in payouts])


def _least_busy_lane(session: Session, chain: PayoutChain) -> str:
    """The lane (minter key) with the fewest transactions still on their way, the first on a tie."""
    senders = [p.sender for p in chain.pipelines]
    if len(senders) == 1:
        return senders[0]
    counts = session.execute(
        select(col(ChainTransaction.sender), func.count())
        .where(
            col(ChainTransaction.chain) == chain.network.name,
            col(ChainTransaction.sender).in_(senders),
            col(ChainTransaction.status).in_(ACTIVE_STATUSES),
        )
        .group_by(col(ChainTransaction.sender))
    ).tuples()
    busy = {sender: count for sender, count in counts}
    return min(senders, key=lambda sender: busy.get(sender, 0))


def _fail_unpayable(session: Session, payout: Payout, error: str, on_settled: SettlementHook | None) -> None:
    payout.status, payout.error, payout.updated_at = PayoutStatus.FAILED, error[:500], utcnow()
    ledger.post(session, payout.tenant_id, _release(payout, "payout failed"))
    if on_settled is not None:
        on_settled(session, [payout])


def settle_batches(engine: Engine, chain_name: str, on_settled: SettlementHook | None = None) -> int:
    """Settle or release every submitted payout whose batch transaction is final. Returns payouts settled.
    `on_settled` runs for each batch's payouts inside its settlement's transaction (the webhook outbox uses it)."""
    submitted = (
        select(col(Payout.batch_id))
        .where(col(Payout.chain) == chain_name, col(Payout.status) == PayoutStatus.SUBMITTED)
        .distinct()
    )

    def settle(session: Session, batch_id: str, result: TxOutcome) -> int:
        return _settle_batch(session, batch_id, result, on_settled)

    return settle_final(engine, chain_name, submitted, settle)


@dataclass(frozen=True)
class _Settled:
    """A payout as its settlement leaves it, read as plain columns: a batch is hundreds of payouts, and loading
    them as ORM objects was most of a settlement's CPU."""

    id: str
    tenant_id: str
    program_id: int
    member_id: int
    chain: str
    to_address: str
    points: int
    token_amount: str
    status: str
    error: str | None


_SETTLED_COLUMNS = tuple(
    col(getattr(Payout, name))
    for name in ("id", "tenant_id", "program_id", "member_id", "chain", "to_address", "points", "token_amount")
)


def _settle_batch(session: Session, batch_id: str, result: TxOutcome, on_settled: SettlementHook | None) -> int:
    stmt = select(*_SETTLED_COLUMNS).where(
        col(Payout.batch_id) == batch_id, col(Payout.status) == PayoutStatus.SUBMITTED
    )
    if is_postgres(session.get_bind()):
        stmt = stmt.with_for_update()
    confirmed = result.status == TxStatus.CONFIRMED
    status, error = (PayoutStatus.CONFIRMED, None) if confirmed else (PayoutStatus.FAILED, result.error)
    payouts = [
        _Settled(payout_id, tenant_id, program_id, member_id, chain, to_address, points, token_amount, status, error)
        for payout_id, tenant_id, program_id, member_id, chain, to_address, points, token_amount in session.execute(
            stmt
        )
    ]
    specs: dict[str, list[TransactionSpec]] = defaultdict(list)
    for payout in payouts:
        if confirmed:
            spec = _transfer(payout, "settle", payout_pending(), payout_paid(payout.chain), memo="payout paid")
        else:
            spec = _release(payout, "payout failed")
        specs[payout.tenant_id].append(spec)
    # In bulk, one statement each: every payout leaves `submitted` here, under its row lock, so none of these
    # settlements was posted before.
    session.execute(
        update(Payout)
        .where(one_of(session.get_bind(), col(Payout.id), [p.id for p in payouts]))
        .values(status=status, error=error, updated_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    for tenant_id, tenant_specs in specs.items():
        ledger.post_many(session, tenant_id, tenant_specs)
    if on_settled is not None and payouts:
        on_settled(session, payouts)
    return len(payouts)


@dataclass(frozen=True)
class PayoutProgress:
    batches: int
    transactions: int
    settled: int


def advance_payouts(
    engine: Engine, chain: PayoutChain, *, batch_size: int | None = None, on_settled: SettlementHook | None = None
) -> PayoutProgress:
    """One turn of the payout machine: batch what is queued (per mintBatch at most `batch_size`, never more than
    the chain's own batch size nor what fits a transaction; up to BATCHES_PER_TURN batches, each its own unit of
    work), move transactions on — several batches are in flight at once, each with the next nonce, none waiting for
    the one before to confirm — and settle what is final.

    The three run side by side, in threads: settling what was final when the turn began, batching and sending,
    and each lane's transactions (a lane waits on its node and its database rows, never on another lane's). Each
    holds its own units of work on rows the others do not take, and every part resumes from the database, so
    running a turn twice at once, or after a crash, is safe."""
    size = min(batch_size or chain.batch_size, chain.batch_size, _block_fit(chain))
    with ThreadPoolExecutor(max_workers=len(chain.pipelines) + 1, thread_name_prefix="payouts") as pool:
        settling = pool.submit(settle_batches, engine, chain.network.name, on_settled)
        batches: list[str] = []
        for _ in range(BATCHES_PER_TURN):
            with unit_of_work(engine) as session:
                made = assemble_batches(session, chain, size, on_settled)
            if not made:
                break
            batches += made
        transactions = sum(pool.map(lambda pipeline: pipeline.advance_due(), chain.pipelines))
        settled = settling.result()
    return PayoutProgress(batches=len(batches), transactions=transactions, settled=settled)


def request_automatic_payouts(
    engine: Engine, keystore: KeyStore, networks: Mapping[str, Network], *, default_daily_limit: int
) -> int:
    """For every program with `payouts.auto_threshold`: each member holding at least that many available points
    gets a payout of all of them to their custodial address (on `payouts.auto_chain`, `evm` by default).
    Run on a schedule; a threshold of 1 pays out everything at every run. Returns how many payouts it requested."""
    with unit_of_work(engine, read_only=True) as session:
        programs = [
            p
            for p in session.scalars(select(Program).where(col(Program.status).in_(PAYING_STATUSES)))
            if p.settings.get("payouts", {}).get("auto_threshold")
        ]
        due: list[tuple[Program, str, int]] = []
        for program in programs:
            threshold = int(program.settings["payouts"]["auto_threshold"])
            balances = session.execute(
                select(col(Balance.account), col(Balance.balance)).where(
                    col(Balance.tenant_id) == program.tenant_id,
                    col(Balance.program_id) == program.id,
                    col(Balance.account).like("member:%:available"),
                    col(Balance.balance) >= threshold,
                )
            ).tuples()
            by_member = {int(account.split(":")[1]): int(balance) for account, balance in balances}
            members = session.scalars(select(Member).where(col(Member.id).in_(by_member)))
            due += [(program, m.external_id, by_member[m.id]) for m in members if m.id is not None]
    requested = 0
    for program, external_id, balance in due:
        chain = str(program.settings["payouts"].get("auto_chain", "evm"))
        request = PayoutRequest(member=external_id, amount=balance, chain=chain, program=program.key)
        try:
            with unit_of_work(engine) as session:
                request_payout(
                    session,
                    keystore,
                    networks,
                    program.tenant_id,
                    request,
                    idempotency_key=None,
                    default_daily_limit=default_daily_limit,
                )
            requested += 1
        except (InsufficientPoints, ProgramNotActive):
            continue  # spent meanwhile, another run paid it out first, or the program closed meanwhile
    return requested
