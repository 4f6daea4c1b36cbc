"""Members, their balances and their ledger history."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session

from achievements.service import (
    MemberView,
    badges_of,
    medals_of,
    member_view,
    quests_of,
    register_member,
    set_attributes,
)
from api.chains import Chains
from api.deps import Admin, Reader, State, Writer
from api.schemas import AttributesPatch, ExternalId, Key, Name
from core.db import read_then_write, run_in_transaction, unit_of_work
from core.errors import InvalidInput
from core.staff import EMAIL_PATTERN, normal_email
from core.strict import QueryBool, QueryInt, StrictInput
from core.tenancy import Principal, get_member
from core.types import utcnow
from loyalty.privacy import erase_member, export_member
from targeting.segments import segments_of
from wallets.pending import release_matured
from wallets.programs import resolve_program
from wallets.service import MemberBalance, member_balance, member_history, member_wallets, on_chain_balances

router = APIRouter(prefix="/v1/members", tags=["members"])
MemberPath = Annotated[str, Path(min_length=1, max_length=128)]
ProgramQuery = Annotated[Key | None, Query(description="Program key; `default` when omitted.")]


Email = Annotated[
    str, Field(min_length=3, max_length=254, pattern=EMAIL_PATTERN, description="Where the program's emails go.")
]
Locale = Annotated[
    str,
    Field(pattern=r"^[a-z]{2}(-[A-Za-z]{2,4})?$", max_length=16, description="Language of emails (`en`, `ru`, ...)."),
]


class Contact(StrictInput):
    email: Email | None = None
    locale: Locale | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return normal_email(value)
        except InvalidInput as exc:
            raise ValueError(exc.detail) from exc

    def contact(self) -> dict[str, str | None]:
        """Only the fields the body named: a named null removes one, an absent one is left as it is."""
        return {name: getattr(self, name) for name in ("email", "locale") if name in self.model_fields_set}


class MemberIn(Contact):
    external_id: ExternalId
    display_name: Name | None = None
    referred_by: ExternalId | None = Field(None, description="The member who referred this one (new members).")


class MemberPatch(Contact):
    model_config = ConfigDict(extra="forbid")

    attributes: AttributesPatch = Field(
        default_factory=dict,
        max_length=200,
        json_schema_extra={"maxProperties": 200},  # the type states its own schema, without the bound
        description="Merged into the member's attributes; a null value removes that attribute.",
    )


class BalanceOut(BaseModel):
    available: int
    pending: int = Field(description="Points inside the program's return window (`pending_days`), not yet spendable.")
    lifetime: int
    in_payout: int = Field(0, description="Points reserved by payouts not settled yet (held, queued, submitted).")
    debt: int = Field(0, description="Points a return took back that the member had already spent; paid off first.")
    on_chain: dict[str, str | None]


class LevelOut(BaseModel):
    key: str
    name: str
    multiplier: float
    since: datetime | None


class MemberOut(BaseModel):
    external_id: str
    display_name: str | None
    email: str | None
    locale: str | None
    attributes: dict[str, Any]
    created_at: datetime
    wallets: dict[str, str]
    balance: BalanceOut
    xp: int
    level: LevelOut | None
    badges: list[dict[str, Any]]

    @classmethod
    def of(cls, view: MemberView) -> "MemberOut":
        balance = BalanceOut(**vars(view.balance), on_chain={"evm": None, "tron": None})
        return cls(**{**vars(view), "balance": balance})


class PostingOut(BaseModel):
    id: int
    transaction_id: int
    account: str
    amount: int
    kind: str
    memo: str
    event_id: str | None
    created_at: datetime


class LedgerPage(BaseModel):
    items: list[PostingOut]
    next_before: int | None


@router.post("", status_code=status.HTTP_201_CREATED)
def post_member(body: MemberIn, principal: Writer, state: State, response: Response) -> MemberOut:
    view, created = run_in_transaction(
        state.engine,
        lambda s: register_member(
            s,
            state.keystore,
            principal.tenant_id,
            body.external_id,
            body.display_name,
            body.referred_by,
            body.contact(),
        ),
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return MemberOut.of(view)


class ErasureOut(BaseModel):
    member: str = Field(description="The pseudonym the member's ledger postings and records are kept under.")
    erased_at: datetime
    already_erased: bool
    wallets: dict[str, str] = Field(description="Custodial addresses, kept: tokens on chain cannot be erased.")
    on_chain: dict[str, str | None] = Field(description="Reward token units each custodial address still holds.")
    badge_tokens: list[dict[str, str]] = Field(description="Badge tokens minted (or queued) to those addresses.")
    withdrawal_addresses: list[dict[str, str]] = Field(description="Outside addresses the member was paid to.")


def _actor(principal: Principal) -> str:
    return f"key:{principal.key_id}"


@router.delete("/{external_id}", summary="Erase the member's personal data; the ledger keeps a pseudonym")
def delete_member(external_id: MemberPath, principal: Admin, state: State, chains: Chains) -> ErasureOut:
    erasure = run_in_transaction(
        state.engine,
        lambda s: erase_member(s, state.keystore, principal.tenant_id, external_id, _actor(principal)),
    )
    return ErasureOut(**vars(erasure), on_chain=on_chain_balances(chains.networks, erasure.wallets))


@router.get("/{external_id}/export", summary="Everything Laurel holds about the member, as JSON")
def get_member_export(external_id: MemberPath, principal: Admin, state: State) -> dict[str, Any]:
    with unit_of_work(state.engine) as session:
        return export_member(session, state.keystore, principal.tenant_id, external_id, _actor(principal))


@router.get("/{external_id}")
def get_member_view(
    external_id: MemberPath, principal: Reader, state: State, chains: Chains, program: ProgramQuery = None
) -> MemberOut:
    # Writes only when the view finds something to record: derived addresses the first time, matured points.
    view = read_then_write(
        state.engine, lambda s: member_view(s, state.keystore, principal.tenant_id, external_id, program)
    )
    out = MemberOut.of(view)
    out.balance.on_chain = on_chain_balances(chains.networks, out.wallets)
    return out


@router.patch("/{external_id}")
def patch_member(
    external_id: MemberPath, body: MemberPatch, principal: Writer, state: State, program: ProgramQuery = None
) -> MemberOut:
    view = run_in_transaction(
        state.engine,
        lambda s: set_attributes(
            s, state.keystore, principal.tenant_id, external_id, body.attributes, program, body.contact()
        ),
    )
    return MemberOut.of(view)


@router.get("/{external_id}/balance")
def get_balance(
    external_id: MemberPath, principal: Reader, state: State, chains: Chains, program: ProgramQuery = None
) -> BalanceOut:
    def read(session: Session) -> tuple[MemberBalance, dict[str, str]]:
        # Writes only when pending points are past their return window (they are released) or addresses are new.
        member = get_member(session, principal.tenant_id, external_id)
        program_row = resolve_program(session, principal.tenant_id, program)
        assert member.id is not None and program_row.id is not None
        release_matured(session, principal.tenant_id, program_row, member.id, utcnow())
        balance = member_balance(session, principal.tenant_id, program_row.id, member.id)
        return balance, member_wallets(session, state.keystore, principal.tenant_id, member.id)

    balance, wallets = read_then_write(state.engine, read)
    return BalanceOut(**vars(balance), on_chain=on_chain_balances(chains.networks, wallets))


@router.get("/{external_id}/ledger")
def get_ledger(
    external_id: MemberPath,
    principal: Reader,
    state: State,
    program: ProgramQuery = None,
    limit: Annotated[QueryInt, Query(ge=1, le=500)] = 50,
    before: Annotated[QueryInt | None, Query(ge=1, description="Cursor: `next_before` of the previous page.")] = None,
) -> LedgerPage:
    with unit_of_work(state.engine, read_only=True) as session:
        member = get_member(session, principal.tenant_id, external_id)
        program_row = resolve_program(session, principal.tenant_id, program)
        assert member.id is not None and program_row.id is not None
        rows = member_history(session, principal.tenant_id, program_row.id, member.id, before=before, limit=limit)
    items = [PostingOut(**{**vars(row), "account": row.account.rsplit(":", 1)[-1]}) for row in rows]
    return LedgerPage(items=items, next_before=items[-1].id if len(items) == limit else None)


class BadgeOut(BaseModel):
    key: str
    name: str
    description: str
    points: int
    awarded: bool
    awarded_at: datetime | None
    period: str
    times_awarded: int
    progress: int
    max_progress: int
    version: int
    image_url: str
    freezes: dict[str, int] | None = Field(
        None, description="A streak badge with `freezes`: streak freezes the member holds and has used on it."
    )


class QuestOut(BaseModel):
    key: str
    name: str
    description: str
    ordered: bool
    status: str
    progress: int
    max_progress: int
    steps: list[dict[str, Any]]
    started_at: datetime | None
    completed_at: datetime | None
    expires_at: datetime | None


class MedalOut(BaseModel):
    key: str
    name: str
    counter: str
    value: int
    rank: int
    rank_name: str | None
    next_at: int | None


@router.get("/{external_id}/badges")
def get_badges(
    external_id: MemberPath,
    principal: Reader,
    state: State,
    program: ProgramQuery = None,
    include_locked: Annotated[QueryBool, Query(description="Also list badges not earned yet, with progress.")] = False,
) -> list[BadgeOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        badges = badges_of(session, principal.tenant_id, external_id, program, include_locked=include_locked)
    return [BadgeOut(**vars(b), image_url=f"/v1/badges/{b.key}/image.svg") for b in badges]


@router.get("/{external_id}/quests")
def get_quests(
    external_id: MemberPath, principal: Reader, state: State, program: ProgramQuery = None
) -> list[QuestOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [QuestOut(**vars(q)) for q in quests_of(session, principal.tenant_id, external_id, program)]


@router.get("/{external_id}/medals")
def get_medals(
    external_id: MemberPath, principal: Reader, state: State, program: ProgramQuery = None
) -> list[MedalOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [MedalOut(**vars(m)) for m in medals_of(session, principal.tenant_id, external_id, program)]


@router.get("/{external_id}/segments", summary="The keys of the segments the member is in now")
def get_member_segments(
    external_id: MemberPath, principal: Reader, state: State, program: ProgramQuery = None
) -> list[str]:
    with unit_of_work(state.engine, read_only=True) as session:
        return segments_of(session, principal.tenant_id, external_id, program)
