"""Payouts: points out of the ledger into tokens. `POST` reserves at once and answers 202; a worker mints."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, status
from pydantic import BaseModel, Field
from sqlmodel import Session

from api.chains import Chains
from api.deps import Admin, Reader, State, Writer
from api.schemas import ExternalId, Key
from core.db import run_in_transaction, unit_of_work
from wallets.payouts import PayoutRequest, PayoutView, approve_payout, deny_payout, payout_view, request_payout
from worker.tasks import nudge_payouts

router = APIRouter(prefix="/v1/payouts", tags=["payouts"])
PayoutPath = Annotated[str, Path(min_length=1, max_length=40)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)]


class PayoutIn(BaseModel):
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
