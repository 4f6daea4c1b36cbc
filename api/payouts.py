"""Payouts: points out of the ledger into tokens. `POST` reserves at once and answers 202; a worker mints."""

import asyncio
import functools
import weakref
from datetime import datetime
from typing import Annotated, Any, Literal

import anyio
import anyio.to_thread
import orjson
from fastapi import APIRouter, Header, Path, Response, status
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from sqlmodel import Session

from api.chains import ChainRuntime, Chains
from api.deps import Admin, AppState, Reader, State, Writer
from api.problems import describe_validation_errors, problem_body
from api.schemas import ExternalId, Key
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput, LaurelError
from core.strict import StrictInput
from wallets.payouts import (
    PayoutRequest,
    PayoutView,
    approve_payout,
    deny_payout,
    payout_view,
    request_payout,
    request_payouts,
    views_of_payouts,
)
from worker.tasks import nudge_payouts

router = APIRouter(prefix="/v1/payouts", tags=["payouts"])
PayoutPath = Annotated[str, Path(min_length=1, max_length=40)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)]


class PayoutIn(StrictInput):
    member: ExternalId
    amount: int = Field(gt=0, lt=2**63, description="Points, in the program's smallest unit.")
    chain: Literal["evm", "tron"]
    to_address: str | None = Field(None, min_length=1, max_length=64, description="Withdraw to this address.")
    program: Key | None = None

    def to_request(self) -> PayoutRequest:
        return PayoutRequest(self.member, self.amount, self.chain, self.to_address, self.program)


class PayoutOut(BaseModel):
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

    @classmethod
    def of(cls, view: PayoutView) -> "PayoutOut":
        return cls(**vars(view))


class PayoutBatchItemIn(PayoutIn):
    idempotency_key: str = Field(min_length=1, max_length=200, description="As the single call's Idempotency-Key.")


class PayoutBatchIn(StrictInput):
    payouts: list[dict[str, Any]] = Field(min_length=1, description="Each validated on its own.")


class PayoutBatchItemOut(BaseModel):
    idempotency_key: str | None
    status: int = Field(description="202 new, 200 the same key again, else the error's status.")
    payout: PayoutOut | None = None
    error: dict[str, Any] | None = None


class PayoutBatchOut(BaseModel):
    results: list[PayoutBatchItemOut]


@router.post("", status_code=status.HTTP_202_ACCEPTED)
def post_payout(
    body: PayoutIn, principal: Writer, state: State, chains: Chains, key: IdempotencyKey = None
) -> PayoutOut:
    """202 with the payout; the same Idempotency-Key again gives back the same payout (and reserves nothing)."""

    def work(session: Session) -> PayoutView:
        payout, _ = request_payout(
            session,
            state.keystore,
            chains.networks,
            principal.tenant_id,
            body.to_request(),
            idempotency_key=key,
            default_daily_limit=state.settings.withdrawal_daily_limit,
        )
        return payout_view(session, chains.networks, principal.tenant_id, payout.id)

    view = run_in_transaction(state.engine, work)
    if state.queue is not None:
        nudge_payouts(state.queue)
    return PayoutOut.of(view)


# Batches are judged a couple at a time in a process. Their work is CPU under one interpreter lock: a dozen at once
# only made every one of them, and the worker waiting for their payouts, wait for all the others (the first batch
# committed when the last did); in turn, the first is minting while the next are judged. Four, not one or two, so
# that some batches' database round trips overlap the others' CPU (with two, acceptance took 1.6 times as long).
# The others wait on the event loop, holding no worker thread.
BATCHES_AT_ONCE = 4
_batch_limiters: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter]" = (
    weakref.WeakKeyDictionary()
)
# A thousand views as PayoutOut's JSON, serialized in one pass (PayoutView has PayoutOut's fields): no model each.
_VIEWS_JSON = TypeAdapter(list[PayoutView])


def _batch_limiter() -> anyio.CapacityLimiter:
    """The process's limiter, one per event loop (a test suite runs several loops one after another)."""
    loop = asyncio.get_running_loop()
    limiter = _batch_limiters.get(loop)
    if limiter is None:
        limiter = _batch_limiters[loop] = anyio.CapacityLimiter(BATCHES_AT_ONCE)
    return limiter


@router.post("/batch", response_model=PayoutBatchOut)
async def post_payout_batch(body: PayoutBatchIn, principal: Writer, state: State, chains: Chains) -> Response:
    """Up to `max_batch_payouts` payouts in one call and one transaction, each with its own idempotency key and
    result, validated as the single call validates; the answer is 200 with one result per payout, in order."""
    work = functools.partial(_payout_batch, body, principal.tenant_id, state, chains)
    return await anyio.to_thread.run_sync(work, limiter=_batch_limiter())


def _payout_batch(body: PayoutBatchIn, tenant_id: str, state: AppState, chains: ChainRuntime) -> Response:
    limit = state.settings.max_batch_payouts
    if len(body.payouts) > limit:
        raise InvalidInput(f"a batch holds at most {limit} payouts, got {len(body.payouts)}", field="payouts")
    items: list[dict[str, Any] | int] = []
    valid: list[tuple[PayoutRequest, str]] = []
    for raw in body.payouts:
        try:
            item = PayoutBatchItemIn.model_validate(raw)
        except ValidationError as exc:
            detail, fields = describe_validation_errors(list(exc.errors()))
            items.append(_failed(raw.get("idempotency_key"), InvalidInput(detail, errors=fields)))
            continue
        items.append(len(valid))
        valid.append((item.to_request(), item.idempotency_key))

    def work(session: Session) -> list[dict[str, Any]]:
        results = request_payouts(
            session,
            state.keystore,
            chains.networks,
            tenant_id,
            valid,
            default_daily_limit=state.settings.withdrawal_daily_limit,
        )
        answered = [result for result in results if not isinstance(result, LaurelError)]
        views = iter(
            _VIEWS_JSON.dump_python(views_of_payouts(session, chains.networks, [p for p, _ in answered]), mode="json")
        )
        answers = []
        for (_, key), result in zip(valid, results, strict=True):
            if isinstance(result, LaurelError):
                answers.append(_failed(key, result))
                continue
            _, created = result
            answers.append(
                {
                    "idempotency_key": key,
                    "status": 202 if created else 200,
                    "payout": next(views),
                }
            )
        return answers

    answers = run_in_transaction(state.engine, work) if valid else []
    if any(answer["status"] == 202 for answer in answers) and state.queue is not None:
        nudge_payouts(state.queue)
    results = [answers[item] if isinstance(item, int) else item for item in items]
    return Response(orjson.dumps({"results": results}), media_type="application/json")


def _failed(key: object, error: LaurelError) -> dict[str, Any]:
    return {
        "idempotency_key": key if isinstance(key, str) else None,
        "status": error.status,
        "error": problem_body(error),
    }


@router.get("/{payout_id}")
def get_payout(payout_id: PayoutPath, principal: Reader, state: State, chains: Chains) -> PayoutOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return PayoutOut.of(payout_view(session, chains.networks, principal.tenant_id, payout_id))


@router.post("/{payout_id}/approve")
def post_approve(payout_id: PayoutPath, principal: Admin, state: State, chains: Chains) -> PayoutOut:
    with unit_of_work(state.engine) as session:
        approve_payout(session, principal.tenant_id, payout_id)
        view = payout_view(session, chains.networks, principal.tenant_id, payout_id)
    if state.queue is not None:
        nudge_payouts(state.queue)
    return PayoutOut.of(view)


@router.post("/{payout_id}/deny")
def post_deny(payout_id: PayoutPath, principal: Admin, state: State, chains: Chains) -> PayoutOut:
    with unit_of_work(state.engine) as session:
        deny_payout(session, principal.tenant_id, payout_id)
        return PayoutOut.of(payout_view(session, chains.networks, principal.tenant_id, payout_id))
