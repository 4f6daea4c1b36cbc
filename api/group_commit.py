"""Group commit for single events: concurrent `POST /v1/events` requests are ingested together.

Each request hands its event to one writer thread and waits. The writer takes everything that queued up while it
was busy and ingests it per tenant in one transaction, so under load many requests share one commit (and, on
SQLite, nobody queues for the database lock), while a lone request waits for nothing. If a shared transaction
fails, its events are retried one by one, so one bad event never fails its neighbours.

What the transaction does is `write`: ingestion by default; `accept_events` for events acknowledged with 202, whose
writes are small and many, so sharing commits is what keeps them cheap. Before it, the transaction reads every stamp
the tenant's events may consult in one statement (`core.stamps.read_many`), and `confirm` checks the callers' keys
against the API keys' stamp read there: a refused caller's event is left out, the others go ahead.
"""

import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from achievements.service import EventInput, ingest_now
from core import stamps
from core.db import run_in_transaction
from core.logging import get_logger

log = get_logger(__name__)


class _Outcome(Protocol):
    """What a write gives back: one result per event, in order (and whatever `after_commit` needs)."""

    @property
    def results(self) -> Sequence[Any]: ...


OutcomeT = TypeVar("OutcomeT", bound=_Outcome)


@dataclass
class _Pending:
    tenant_id: str
    event: EventInput
    caller: Any = None
    future: Future[Any] = field(default_factory=Future)


# Each caller's refusal (an exception to raise in its request) or None, as the transaction sees the API keys.
Confirm = Callable[[Session, list[Any]], Sequence[BaseException | None]]


class GroupCommitter(Generic[OutcomeT]):
    def __init__(
        self,
        engine: Engine,
        after_commit: Callable[[str, OutcomeT], None],
        *,
        write: Callable[[Session, str, list[EventInput]], OutcomeT] = ingest_now,  # type: ignore[assignment]
        confirm: Confirm | None = None,
        max_batch: int = 500,
    ) -> None:
        self._engine = engine
        self._after_commit = after_commit
        self._write = write
        self._confirm = confirm
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)

    def ingest(self, tenant_id: str, event: EventInput, caller: Any = None) -> Any:
        """The event's result (an `EventResult` from ingestion), once its shared transaction committed; `caller` is
        what `confirm` checks."""
        return self.submit(tenant_id, event, caller).result()

    def submit(self, tenant_id: str, event: EventInput, caller: Any = None) -> Future[Any]:
        """`ingest` without the wait: the future of the event's result."""
        pending = _Pending(tenant_id, event, caller)
        self._queue.put(pending)
        return pending.future

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)
                    break
                batch.append(item)
            by_tenant: dict[str, list[_Pending]] = defaultdict(list)
            for pending in batch:
                by_tenant[pending.tenant_id].append(pending)
            for tenant_id, group in by_tenant.items():
                self._ingest(tenant_id, group)

    def _ingest(self, tenant_id: str, group: list[_Pending]) -> None:
        try:
            refusals, outcome = run_in_transaction(self._engine, lambda s: self._transaction(s, tenant_id, group))
        except Exception as exc:
            if len(group) == 1:
                group[0].future.set_exception(exc)
                return
            log.warning(
                "group ingestion failed; retrying its events one by one",
                events=len(group),
                error_type=type(exc).__name__,
            )
            for pending in group:
                self._ingest(tenant_id, [pending])
            return
        if outcome is not None:
            self._after_commit(tenant_id, outcome)
        results = iter(outcome.results if outcome is not None else ())
        for pending, refusal in zip(group, refusals, strict=True):
            if refusal is not None:
                pending.future.set_exception(refusal)
            else:
                pending.future.set_result(next(results))

    def _transaction(
        self, session: Session, tenant_id: str, group: list[_Pending]
    ) -> tuple[Sequence[BaseException | None], OutcomeT | None]:
        stamps.read_many(session, [stamps.API_KEYS, *stamps.tenant_scopes(tenant_id)])
        refusals = self._confirm(session, [p.caller for p in group]) if self._confirm else [None] * len(group)
        admitted = [p.event for p, refusal in zip(group, refusals, strict=True) if refusal is None]
        return refusals, (self._write(session, tenant_id, admitted) if admitted else None)
