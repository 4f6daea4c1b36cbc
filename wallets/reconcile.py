"""Reconciliation: what the chain says each custodial address holds, against what the ledger says it was paid.

Custodial keys never move tokens on their own, so an address's token balance must equal the sum of its confirmed
payouts; and each program's `payout:paid:<chain>` account must equal the points of its confirmed payouts.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from prometheus_client import Gauge
from sqlalchemy import Engine, select
from sqlmodel import col

from chain.network import Network
from core.db import unit_of_work
from core.logging import get_logger
from wallets.accounts import payout_paid
from wallets.models import Balance, Payout
from wallets.payouts import PayoutStatus

log = get_logger(__name__)
DRIFTING_ADDRESSES = Gauge("laurel_reconcile_drifting_addresses", "Custodial addresses whose token balance drifted")
DRIFTING_ACCOUNTS = Gauge("laurel_reconcile_drifting_accounts", "Paid accounts that disagree with confirmed payouts")


@dataclass(frozen=True)
class AddressDrift:
    chain: str
    token: str
    address: str
    expected: int
    on_chain: int


@dataclass(frozen=True)
class AccountDrift:
    tenant_id: str
    program_id: int
    chain: str
    ledger: int
    confirmed: int


@dataclass
class ReconcileReport:
    addresses_checked: int = 0
    address_drifts: list[AddressDrift] = field(default_factory=list)
    account_drifts: list[AccountDrift] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.address_drifts and not self.account_drifts


def reconcile(engine: Engine, networks: Mapping[str, Network]) -> ReconcileReport:
    report = ReconcileReport()
    expected: dict[tuple[str, str, str], int] = defaultdict(int)
    confirmed_points: dict[tuple[str, int, str], int] = defaultdict(int)
    with unit_of_work(engine, read_only=True) as session:
        rows = session.execute(
            select(
                col(Payout.tenant_id),
                col(Payout.program_id),
                col(Payout.chain),
                col(Payout.token_address),
                col(Payout.to_address),
                col(Payout.custodial),
                col(Payout.points),
                col(Payout.token_amount),
            ).where(col(Payout.status) == PayoutStatus.CONFIRMED)
        ).tuples()
        for tenant_id, program_id, chain, token, address, custodial, points, amount in rows:
            confirmed_points[(tenant_id, program_id, chain)] += points
            if custodial:
                expected[(chain, token, address)] += int(amount)
        paid_accounts = session.execute(
            select(col(Balance.tenant_id), col(Balance.program_id), col(Balance.account), col(Balance.balance)).where(
                col(Balance.account).like(payout_paid("%"))
            )
        ).tuples()
        ledger_paid = {(t, p, account.rsplit(":", 1)[-1]): int(b) for t, p, account, b in paid_accounts}
    for key in sorted(ledger_paid.keys() | confirmed_points.keys()):
        if ledger_paid.get(key, 0) != confirmed_points.get(key, 0):
            tenant_id, program_id, chain = key
            report.account_drifts.append(
                AccountDrift(tenant_id, program_id, chain, ledger_paid.get(key, 0), confirmed_points.get(key, 0))
            )
    for (chain, token, address), amount in sorted(expected.items()):
        network = networks.get(chain)
        if network is None:
            continue
        held = network.client.token_balance(token, address)
        report.addresses_checked += 1
        if held != amount:
            report.address_drifts.append(AddressDrift(chain, token, address, amount, held))
    DRIFTING_ADDRESSES.set(len(report.address_drifts))
    DRIFTING_ACCOUNTS.set(len(report.account_drifts))
    for drift in report.address_drifts:
        log.warning("token balance drift", **vars(drift))
    for account_drift in report.account_drifts:
        log.warning("paid account drift", **vars(account_drift))
    return report
