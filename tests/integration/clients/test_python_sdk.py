"""The README's tour through the Python SDK (clients/python) against a live Laurel: a tenant, a program, a rule, a
member, events (sent through a flaky front, retried under the same id), the balance, badges, the ledger page by
page, and a signed webhook delivery checked with the SDK."""

import pytest
from laurel_client import BadSignature, Laurel, LaurelError, RetryPolicy, operation, verify_signature

from tests.conftest import ADMIN_TOKEN, LiveServer
from tests.integration.api.test_webhooks import Receiver
from tests.integration.clients.conftest import FlakyFront

FAST = RetryPolicy(attempts=5, base=0.01, cap=0.05)


def test_the_tour_through_the_python_sdk(laurel: LiveServer, front: FlakyFront, receiver: Receiver) -> None:
    with Laurel(laurel.url, ADMIN_TOKEN) as operator:
        tenant = operator.request("POST", "/v1/tenants", json={"name": "Tour shop"})
    shop = Laurel(front.url, tenant["api_key"], retry=FAST)

    shop.request("POST", "/v1/programs", json={"key": "summer", "name": "Summer", "status": "active"})
    program = operation("GET", "/v1/programs/{key}").sync(key="summer", client=shop.api)
    assert (program.key, program.status) == ("summer", "active")

    rule = {"key": "cashback", "event_type": "purchase", "condition": "event.amount >= 10"}
    shop.request("POST", "/v1/rules", json={**rule, "points": "event.amount * 5 / 100", "xp": "1"})
    regular = {"key": "regular", "name": "Regular", "criteria": {"event_type": "purchase", "count": 2}}
    big = {"key": "big", "name": "Big spender", "criteria": {"event_type": "purchase", "sum": "event.amount"}}
    shop.request("POST", "/v1/badges", json=regular)
    shop.request("POST", "/v1/badges", json={**big, "criteria": {**big["criteria"], "at_least": 10_000}})
    hook = shop.request("POST", "/v1/webhooks", json={"url": receiver.url, "events": ["badge.awarded"]})
    member = shop.request("POST", "/v1/members", json={"external_id": "alice", "display_name": "Alice"})
    assert member["external_id"] == "alice"

    # A 503, a 429 and a lost answer (Laurel stored the event, the 502 came back): sent again under the same id,
    # the event is awarded once.
    front.faults = [(503, False), (429, False), (502, True)]
    first = shop.send_event({"id": "order-1", "member": "alice", "type": "purchase", "properties": {"amount": 400}})
    assert first["effects"]["points"] == 20
    assert front.seen.count("POST /v1/events") == 4
    second = shop.send_event({"id": "order-2", "member": "alice", "type": "purchase", "properties": {"amount": 200}})
    assert [badge["key"] for badge in second["effects"]["badges"]] == ["regular"]
    assert (
        shop.send_event({"id": "order-1", "member": "alice", "type": "purchase", "properties": {"amount": 400}})[
            "effects"
        ]
        == first["effects"]
    )

    balance = operation("GET", "/v1/members/{external_id}/balance").sync(external_id="alice", client=shop.api)
    assert (balance.available, balance.lifetime) == (30, 30)

    badges = operation("GET", "/v1/members/{external_id}/badges").sync(
        external_id="alice", client=shop.api, include_locked=True
    )
    by_key = {badge.key: badge for badge in badges}
    assert by_key["regular"].awarded
    assert (by_key["big"].awarded, by_key["big"].progress, by_key["big"].max_progress) == (False, 600, 10_000)

    postings = list(shop.paginate("/v1/members/alice/ledger", {"limit": 1}))
    assert len(postings) == 2
    assert len({p["id"] for p in postings}) == 2

    with pytest.raises(LaurelError) as refused:
        shop.request("POST", "/v1/rules", json={"key": "broken", "event_type": "purchase", "points": "event.amount *"})
    assert refused.value.status == 422
    assert refused.value.problem["status"] == 422

    shop.request("POST", "/v1/jobs/deliver-webhooks")
    (delivery,) = receiver.received
    verify_signature(hook["secret"], delivery["headers"]["Laurel-Signature"], delivery["body"])
    with pytest.raises(BadSignature):
        verify_signature(hook["secret"], delivery["headers"]["Laurel-Signature"], delivery["body"] + b" ")
    with pytest.raises(BadSignature):
        verify_signature(hook["secret"], delivery["headers"]["Laurel-Signature"], delivery["body"], now=4e9)
    shop.close()
