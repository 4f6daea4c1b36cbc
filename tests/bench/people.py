"""People benchmark (issue 18): what recognitions, transfers and team goals cost, each beside a baseline from the
same run on the same server.

- recognitions and transfers per second: sequential POST /v1/recognitions (each also ingests two events) and
  POST /v1/transfers, beside sequential single POST /v1/events of the cashback rule;
- the team goal's cost on ingestion: 1000-event batches into a tenant with a team goal on the events' type,
  beside the same batches into a tenant without one (interleaved, so both see the same machine).

Run alone with `python -m tests.bench.run --only people` (merged into bench/results.json).
"""

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import orjson
from rich.table import Table

from tests.bench.run import (
    MEMBERS,
    JsonDict,
    api_process,
    batch_body,
    console,
    post_batch,
    prepare_tenant,
    ratio,
    show,
)

REQUESTS = 300
GOAL_BATCHES = 6
GOAL = {
    "key": "store-sales",
    "name": "Store sales",
    "event_type": "purchase",
    "target": 10**9,
    "period": "month",
    "team_attribute": "store",
    "points": 10,
}


def _rate(send: Callable[[int], httpx.Response]) -> JsonDict:
    started = time.perf_counter()
    for n in range(REQUESTS):
        response = send(n)
        if response.status_code != 201:
            raise RuntimeError(f"request {n}: {response.status_code} {response.text[:200]}")
    seconds = time.perf_counter() - started
    return {"requests": REQUESTS, "seconds": round(seconds, 3), "per_s": round(REQUESTS / seconds, 1)}


def _people_tenant(client: httpx.Client) -> dict[str, str]:
    headers = prepare_tenant(client)  # the cashback rule and MEMBERS members who earned points
    settings = {"recognition": {"monthly_allowance": 100}, "transfers": {}}
    client.patch("/v1/programs/default", content=orjson.dumps({"settings": settings}), headers=headers)
    return headers


def bench_people(data_dir: Path, database_url: str) -> JsonDict:
    with api_process(data_dir, database_url) as url, httpx.Client(base_url=url, timeout=120) as client:
        headers = _people_tenant(client)

        def event(n: int) -> httpx.Response:
            body = {
                "id": f"single-{n}",
                "member": f"member-{n % MEMBERS}",
                "type": "purchase",
                "properties": {"amount": 100},
            }
            return client.post("/v1/events", content=orjson.dumps(body), headers=headers)

        def recognition(n: int) -> httpx.Response:
            body = {"id": f"r-{n}", "from": f"member-{n}", "to": f"member-{n + 1}", "points": 5, "message": "thanks"}
            return client.post("/v1/recognitions", content=orjson.dumps(body), headers=headers)

        def transfer(n: int) -> httpx.Response:
            body = {"id": f"t-{n}", "from": f"member-{n + 500}", "to": f"member-{n + 1}", "points": 1}
            return client.post("/v1/transfers", content=orjson.dumps(body), headers=headers)

        baseline = _rate(event)
        recognitions = _rate(recognition)
        transfers = _rate(transfer)

        plain = prepare_tenant(client)
        with_goal = prepare_tenant(client)
        client.post("/v1/goals", content=orjson.dumps(GOAL), headers=with_goal).raise_for_status()
        for n in range(MEMBERS):  # ten stores of a hundred members
            patch = {"attributes": {"store": f"store-{n % 10}"}}
            client.patch(f"/v1/members/member-{n}", content=orjson.dumps(patch), headers=with_goal).raise_for_status()
        timings: dict[str, float] = {"plain": 0.0, "goal": 0.0}
        for b in range(GOAL_BATCHES):
            for name, tenant in (("plain", plain), ("goal", with_goal)):
                body = batch_body(f"g{b}")
                started = time.perf_counter()
                if post_batch(client, tenant, body):
                    raise RuntimeError("a goal benchmark batch had failed events")
                timings[name] += time.perf_counter() - started
        events = GOAL_BATCHES * 1000
        goal = {
            "with_team_goal_events_per_s": round(events / timings["goal"], 1),
            "baseline_no_goal_events_per_s": round(events / timings["plain"], 1),
        }
    return {
        "baseline_single_event": baseline,
        "recognitions": recognitions,
        "transfers": transfers,
        "ratio": {
            "recognitions_vs_event": ratio(recognitions["per_s"], baseline["per_s"]),
            "transfers_vs_event": ratio(transfers["per_s"], baseline["per_s"]),
            "goal_vs_no_goal": ratio(goal["with_team_goal_events_per_s"], goal["baseline_no_goal_events_per_s"]),
        },
        "team_goal_batches": goal,
    }


def print_people(results: JsonDict) -> None:
    table = Table(title="People: recognitions, transfers, team goals")
    for column in ("measure", "laurel", "baseline", "ratio"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for backend, figures in results.items():
        if not isinstance(figures, dict) or "error" in figures:
            table.add_row(f"{backend}: people", str(figures)[:120], "", "")
            continue
        base = figures["baseline_single_event"]["per_s"]
        table.add_row(
            f"{backend}: recognitions/s vs single events/s",
            f"{figures['recognitions']['per_s']:,.0f}",
            f"{base:,.0f}",
            show(figures["ratio"]["recognitions_vs_event"], ".3f"),
        )
        table.add_row(
            f"{backend}: transfers/s vs single events/s",
            f"{figures['transfers']['per_s']:,.0f}",
            f"{base:,.0f}",
            show(figures["ratio"]["transfers_vs_event"], ".3f"),
        )
        goal = figures["team_goal_batches"]
        table.add_row(
            f"{backend}: batch events/s with a team goal vs without",
            f"{goal['with_team_goal_events_per_s']:,.0f}",
            f"{goal['baseline_no_goal_events_per_s']:,.0f}",
            show(figures["ratio"]["goal_vs_no_goal"], ".3f"),
        )
    console.print(table)
