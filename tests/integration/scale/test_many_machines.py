"""The topology of "Running on more than one machine", on this one: two API processes (each as if on a machine of
its own, behind a load balancer) and two Celery workers (one with beat) on RabbitMQ, against PostgreSQL, with anvil
for payouts and a local receiver for webhooks. The same event ids and payout keys go to both API processes at
once; every event is awarded once, the ledger matches the balances, and every webhook id arrives once."""

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from chain.devnets.anvil import AnvilDevnet
from core.db import unit_of_work
from tests.conftest import ADMIN_TOKEN, LOCAL_RECEIVERS, make_settings
from tests.integration.api.test_webhooks import Receiver
from tests.integration.payouts.conftest import build_stack
from tests.integration.payouts.helpers import wait_for
from tests.integration.scale.processes import api_process, worker_process
from wallets import ledger

MEMBERS, EVENTS_EACH, POINTS, PAYOUT = 6, 8, 10, 30
WEI = 10**18


def test_two_apis_two_workers_on_rabbitmq_award_once_pay_out_and_deliver_once(
    request: pytest.FixtureRequest, tmp_path: Path, anvil: AnvilDevnet, rabbitmq_url: str, own_database_url: str
) -> None:
    stack = build_stack(
        make_settings("postgresql", tmp_path / "var", request, database_url=own_database_url),
        anvil,
        broker_url=rabbitmq_url,
        webhook_interval_seconds=0.5,
        **LOCAL_RECEIVERS,
    )
    receiver = Receiver()
    try:
        with (
            worker_process(stack.settings, tmp_path / "worker-1.log", beat=True),
            worker_process(stack.settings, tmp_path / "worker-2.log", beat=False),
            api_process(stack.settings, tmp_path / "api-1.log") as first,
            api_process(stack.settings, tmp_path / "api-2.log") as second,
            httpx.Client(base_url=first.url, timeout=60) as one,
            httpx.Client(base_url=second.url, timeout=60) as two,
        ):
            made = one.post("/v1/tenants", json={"name": "Two"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
            tenant_id, auth = made.json()["id"], {"Authorization": f"Bearer {made.json()['api_key']}"}
            topics = ["points.earned", "badge.awarded", "payout.confirmed"]
            assert one.post("/v1/webhooks", json={"url": receiver.url, "events": topics}, headers=auth).is_success
            one.post("/v1/rules", json={"key": "buy", "event_type": "buy", "points": str(POINTS)}, headers=auth)
            badge = {"key": "first", "name": "First", "criteria": {"event_type": "buy", "count": 1}}
            assert two.post("/v1/badges", json=badge, headers=auth).status_code == 201

            events = [
                {"id": f"e{m}-{n}", "member": f"m{m}", "type": "buy"}
                for m in range(MEMBERS)
                for n in range(EVENTS_EACH)
            ]

            def send_twice(event: dict[str, str]) -> list[int]:
                # Every other id goes to the second process in async mode: the modes share one idempotency.
                second_mode = {"Prefer": "respond-async"} if int(event["id"][-1]) % 2 else {}
                with ThreadPoolExecutor(2) as both:
                    a = both.submit(one.post, "/v1/events", json=event, headers=auth)
                    b = both.submit(two.post, "/v1/events", json=event, headers={**auth, **second_mode})
                    return [a.result().status_code, b.result().status_code]

            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(send_twice, events))
            assert all(set(pair) <= {200, 201, 202} and pair.count(201) <= 1 for pair in answers), answers

            def pay(member: str) -> set[str]:
                body = {"member": member, "amount": PAYOUT, "chain": "evm"}
                key = {"Idempotency-Key": f"payout-{member}"}
                with ThreadPoolExecutor(2) as both:
                    calls = [both.submit(c.post, "/v1/payouts", json=body, headers={**auth, **key}) for c in (one, two)]
                    return {call.result().json()["id"] for call in calls}

            wait_for(lambda: _all_evaluated(one, auth, events), timeout=60, what="every event evaluated")
            with ThreadPoolExecutor(4) as pool:
                answered = list(pool.map(pay, [f"m{m}" for m in range(MEMBERS)]))
            assert all(len(ids) == 1 for ids in answered)  # one payout per key, whichever process answered
            payouts = [ids.pop() for ids in answered]

            def confirmed() -> bool:
                statuses = [one.get(f"/v1/payouts/{p}", headers=auth).json()["status"] for p in payouts]
                return statuses == ["confirmed"] * MEMBERS

            wait_for(confirmed, timeout=180, what="every payout confirmed")
            expected = MEMBERS * EVENTS_EACH + MEMBERS + MEMBERS  # points, first badges, payouts
            wait_for(lambda: len(receiver.received) >= expected, timeout=120, what=_Kinds(receiver))
            balances = [two.get(f"/v1/members/m{m}/balance", headers=auth).json() for m in range(MEMBERS)]
            wallets = [one.get(f"/v1/members/m{m}", headers=auth).json()["wallets"]["evm"] for m in range(MEMBERS)]
    finally:
        receiver.server.shutdown()

    assert [b["available"] for b in balances] == [EVENTS_EACH * POINTS - PAYOUT] * MEMBERS
    assert [stack.token_balance(address) for address in wallets] == [PAYOUT * WEI] * MEMBERS
    with unit_of_work(stack.engine, read_only=True) as session:
        assert ledger.verify(session, tenant_id) == []
    delivered = [json.loads(item["body"]) for item in receiver.received]
    ids = Counter(item["id"] for item in delivered)
    assert all(count == 1 for count in ids.values()), ids.most_common(3)
    kinds = Counter(item["type"] for item in delivered)
    assert kinds == {"points.earned": MEMBERS * EVENTS_EACH, "badge.awarded": MEMBERS, "payout.confirmed": MEMBERS}
    stack.engine.dispose()


def _all_evaluated(client: httpx.Client, auth: dict[str, str], events: list[dict[str, str]]) -> bool:
    return all(client.get(f"/v1/events/{e['id']}", headers=auth).json()["status"] == "evaluated" for e in events)


class _Kinds:
    """What the receiver got so far, by type, for a timeout's message."""

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver

    def __str__(self) -> str:
        return f"every webhook delivered; got {Counter(json.loads(r['body'])['type'] for r in self.receiver.received)}"
