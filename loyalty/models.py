"""Tables of the loyalty mechanics: promo codes, rewards catalog, cards, raffles, funds, passes and subscriptions."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class PromoCode(SQLModel, table=True):
    """A code worth `points`; `uses` counts redemptions and is raised by one guarded UPDATE, which is what makes
    redemption race-safe. Codes are stored upper-case: customers type them in any case."""

    __tablename__ = "promo_codes"
    __table_args__ = (UniqueConstraint("tenant_id", "code", name="uq_promo_codes_tenant_code"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    code: str = Field(sa_column=Column(String(64), nullable=False))
    points: int = Field(sa_column=Column(BigInteger, nullable=False))
    max_uses: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    per_member: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    starts_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    expires_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    uses: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    batch: str | None = Field(default=None, sa_column=Column(String(40), nullable=True, index=True))
    segment: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class PromoRedemption(SQLModel, table=True):
    __tablename__ = "promo_redemptions"
    __table_args__ = (Index("ix_promo_redemptions_member", "promo_code_id", "member_id"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    promo_code_id: int = Field(sa_column=Column(BigInteger, ForeignKey("promo_codes.id"), nullable=False))
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    points: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Partner(SQLModel, table=True):
    """A coalition partner: it funds the points members earn with it (events with `"partner": "<key>"`) and is owed
    the points members spend on its rewards."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_partners_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Reward(SQLModel, table=True):
    """An item of the rewards catalog. `stock` null means unlimited; otherwise one guarded UPDATE takes an item."""

    __tablename__ = "rewards"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_rewards_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    cost: int = Field(sa_column=Column(BigInteger, nullable=False))
    stock: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    segment: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    partner: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    streak_freezes: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))


class RewardRedemption(SQLModel, table=True):
    """A member took a reward: `redeemed`, or `cancelled` (points refunded, the item back in stock)."""

    __tablename__ = "reward_redemptions"
    __table_args__ = (Index("ix_reward_redemptions_member", "tenant_id", "member_id", "created_at"),)

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(max_length=40)
    reward_id: int = Field(sa_column=Column(BigInteger, ForeignKey("rewards.id"), nullable=False))
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    cost: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class Card(SQLModel, table=True):
    """A member's loyalty card: a Luhn-checked number, unique across tenants. A member holds any number of cards
    (`virtual` ones issued by Laurel, `physical` plastic registered by its printed number); one active card is
    `is_primary`. A lost card is `blocked`, or `replaced` by a new one (`replaced_by`); points belong to the member,
    so no card change moves a balance."""

    __tablename__ = "member_cards"
    __table_args__ = (
        UniqueConstraint("number", name="uq_member_cards_number"),
        Index("ix_member_cards_member", "tenant_id", "member_id"),
        Index(
            "uq_member_cards_primary",
            "member_id",
            unique=True,
            sqlite_where=text("is_primary"),
            postgresql_where=text("is_primary"),
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    number: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    status: str = Field(default="active", max_length=16)
    is_primary: bool = Field(default=False)
    label: str | None = Field(default=None, max_length=100)
    replaced_by: str | None = Field(default=None, max_length=32)
    issued_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    blocked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class Raffle(SQLModel, table=True):
    """A provably fair raffle: `commitment` = sha256(seed) is public from creation, `seed` only after the draw."""

    __tablename__ = "raffles"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_raffles_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    ticket_event_type: str = Field(max_length=64)
    seed: str = Field(max_length=64)
    commitment: str = Field(max_length=64)
    starts_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    ends_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    status: str = Field(default="open", max_length=16)
    tickets: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    winning_ticket: str | None = Field(default=None, sa_column=Column(String(128), nullable=True))
    winner_member_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    drawn_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Fund(SQLModel, table=True):
    """A charity fund fed `per_event` points by every `event_type` event received after it was created."""

    __tablename__ = "funds"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_funds_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    event_type: str = Field(max_length=64)
    per_event: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class ExpiryReminder(SQLModel, table=True):
    """A `points.expiring` reminder sent for one member account and expiry day: its key makes the reminder once."""

    __tablename__ = "expiry_reminders"

    tenant_id: str = Field(primary_key=True, max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    account: str = Field(sa_column=Column(String(120), primary_key=True))
    expires_on: str = Field(sa_column=Column(String(10), primary_key=True))
    points: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class PassType(SQLModel, table=True):
    """What a pass (season ticket) sold to members entitles to: `uses` uses, a validity of `valid_days` from
    issue, or both. Each use is an event of `event_type`, so rules and badges can react to it."""

    __tablename__ = "pass_types"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_pass_types_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    uses: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    valid_days: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    event_type: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Pass(SQLModel, table=True):
    """A pass issued to a member. `used` is raised by one guarded UPDATE (`used < uses`), which is what makes the
    last use race-safe; `reference` (the sale, say) makes issuing idempotent."""

    __tablename__ = "passes"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reference", name="uq_passes_tenant_reference"),
        Index("ix_passes_member", "tenant_id", "member_id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(max_length=40)
    pass_type_id: int = Field(sa_column=Column(BigInteger, ForeignKey("pass_types.id"), nullable=False))
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    reference: str | None = Field(default=None, sa_column=Column(String(128), nullable=True))
    uses: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    used: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    valid_from: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    valid_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    issued_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class PassUse(SQLModel, table=True):
    """One use of a pass, keyed by the till's `use_id`: the same use sent again is found here, not taken twice."""

    __tablename__ = "pass_uses"
    __table_args__ = (UniqueConstraint("pass_id", "use_id", name="uq_pass_uses_pass_use"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    pass_id: str = Field(sa_column=Column(String(40), ForeignKey("passes.id"), nullable=False))
    use_id: str = Field(max_length=64)
    event_id: str = Field(max_length=128)
    used: int = Field(sa_column=Column(BigInteger, nullable=False))
    used_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class SubscriptionPlan(SQLModel, table=True):
    """A paid tier: `price` per `period` (`month` or `year`), with benefits while paid: `multiplier` on the points
    rules award, and `free_rewards` catalog items free per period. Unpaid `grace_days` after the period ends, the
    subscription lapses."""

    __tablename__ = "subscription_plans"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_subscription_plans_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    period: str = Field(max_length=8)
    price: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str | None = Field(default=None, max_length=8)
    multiplier: float = Field(default=1.0)
    free_rewards: int = Field(default=0)
    grace_days: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Subscription(SQLModel, table=True):
    """A member's subscription to a plan, one row per member and plan: `active` (paid through `period_end`),
    `cancelled` (benefits until `period_end`, no renewal expected) or `lapsed`. Starting again reuses the row.
    `free_used` counts the free catalog items taken in the paid period that starts at `free_period`."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("plan_id", "member_id", name="uq_subscriptions_plan_member"),
        Index("ix_subscriptions_due", "status", "period_end"),
        Index("ix_subscriptions_member", "tenant_id", "member_id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(max_length=40)
    plan_id: int = Field(sa_column=Column(BigInteger, ForeignKey("subscription_plans.id"), nullable=False))
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    status: str = Field(max_length=16)
    period_start: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    period_end: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    free_used: int = Field(default=0)
    free_period: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    started_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class SubscriptionPayment(SQLModel, table=True):
    """A paid period (start or renewal), keyed by the payment's id: a renewal sent twice extends once."""

    __tablename__ = "subscription_payments"
    __table_args__ = (UniqueConstraint("subscription_id", "payment_id", name="uq_subscription_payments_payment"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    subscription_id: str = Field(sa_column=Column(String(40), ForeignKey("subscriptions.id"), nullable=False))
    payment_id: str = Field(max_length=128)
    kind: str = Field(max_length=16)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    period_start: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    period_end: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Branding(SQLModel, table=True):
    """How a tenant's pages look: colours, a logo and a cover image (data URIs), a description and contacts. One row
    per tenant; none means Laurel's own look."""

    __tablename__ = "brandings"

    tenant_id: str = Field(primary_key=True, foreign_key="tenants.id", max_length=40)
    name: str | None = Field(default=None, max_length=200)
    colors: dict[str, str] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    logo: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    cover: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    contacts: dict[str, str] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Announcement(SQLModel, table=True):
    """News or a promotion shown on member pages between `starts_at` and `ends_at` (open-ended when none)."""

    __tablename__ = "announcements"
    __table_args__ = (Index("ix_announcements_tenant_starts", "tenant_id", "starts_at"),)

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    kind: str = Field(max_length=16)
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    starts_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    ends_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
