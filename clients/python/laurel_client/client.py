"""`Laurel`: the generated client, authenticated, with retried event sending, pagination and problem errors."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from types import ModuleType
from typing import Any

import httpx
import laurel_api.api
from laurel_api.client import AuthenticatedClient

from laurel_client.pagination import pages
from laurel_client.retry import RetryPolicy


class LaurelError(Exception):
    """An answer of 4xx or 5xx; `problem` is its RFC 9457 problem+json body (`type`, `title`, `detail`, ...)."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        self.problem: dict[str, Any] = body if isinstance(body, dict) else {"title": response.text}
        super().__init__(f"{self.status}: {self.problem.get('detail') or self.problem.get('title')}")


class Laurel:
    """One tenant's API key against one Laurel: `Laurel("http://127.0.0.1:8000", key)`.

    `api` is the generated `AuthenticatedClient`, for every operation of the document (see `operation`)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = AuthenticatedClient(base_url=base_url, token=api_key, timeout=httpx.Timeout(timeout))
        self.retry = retry or RetryPolicy()
        self._sleep = sleep

    @property
    def http(self) -> httpx.Client:
        return self.api.get_httpx_client()

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Laurel:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def request(self, method: str, path: str, *, retried: bool = False, **kwargs: Any) -> Any:
        """The answer's JSON (None when empty); LaurelError for a 4xx or a 5xx. With `retried`, 5xx, 429 and
        connection errors are retried per the policy: only for requests that are safe to repeat."""
        attempts = self.retry.attempts if retried else 1
        for attempt in range(attempts):
            try:
                response: httpx.Response | None = self.http.request(method, path, **kwargs)
            except httpx.TransportError:
                if attempt == attempts - 1:
                    raise
                response = None
            if response is not None and (not self.retry.should_retry(response) or attempt == attempts - 1):
                if response.is_error:
                    raise LaurelError(response)
                return response.json() if response.content else None
            self._sleep(self.retry.wait(attempt, response))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def send_event(self, event: Mapping[str, Any], *, respond_async: bool = False) -> dict[str, Any]:
        """Send one event, again and again under the same id until Laurel answers: a replay awards nothing twice
        (200 with the same effects), so a lost answer is never a lost or a doubled award. An event without an id
        gets one here, before the first attempt."""
        body = {"id": str(uuid.uuid4()), **event}
        headers = {"Prefer": "respond-async"} if respond_async else {}
        answer: dict[str, Any] = self.request("POST", "/v1/events", json=body, headers=headers, retried=True)
        return answer

    def send_events(self, events: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Up to 1,000 events in one request, retried like `send_event`; one result per event."""
        batch = [{"id": str(uuid.uuid4()), **event} for event in events]
        answer = self.request("POST", "/v1/events/batch", json={"events": batch}, retried=True)
        results: list[dict[str, Any]] = answer["results"]
        return results

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a cursor-paginated listing, e.g. `paginate("/v1/members/alice/ledger", {"limit": 50})`."""
        return pages(lambda query: self.request("GET", path, params=query, retried=True), params)


@cache
def _operations() -> dict[tuple[str, str], ModuleType]:
    found: dict[tuple[str, str], ModuleType] = {}
    for info in pkgutil.walk_packages(laurel_api.api.__path__, "laurel_api.api."):
        module = importlib.import_module(info.name)
        get_kwargs = getattr(module, "_get_kwargs", None)
        if get_kwargs is None:
            continue
        source = inspect.getsource(get_kwargs)
        method = source.split('"method": "', 1)[1].split('"', 1)[0]
        url = source.split('"url": ', 1)[1].lstrip("f")[1:].split('"', 1)[0]
        found[(method.upper(), url)] = module
    return found


def operation(method: str, path: str) -> ModuleType:
    """The generated module of one operation, by its method and path as the document spells them:
    `operation("GET", "/v1/members/{external_id}/balance").sync(external_id="alice", client=laurel.api)`.
    Paths are the API's contract; the generated names follow operation ids, which may change."""
    return _operations()[(method.upper(), path)]
