from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.audit_page import AuditPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_before: int | None | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    else:
        json_before = before
    params["before"] = json_before

    json_actor: None | str | Unset
    if isinstance(actor, Unset):
        json_actor = UNSET
    else:
        json_actor = actor
    params["actor"] = json_actor

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_target: None | str | Unset
    if isinstance(target, Unset):
        json_target = UNSET
    else:
        json_target = target
    params["target"] = json_target

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AuditPage | Problem | None:
    if response.status_code == 200:
        response_200 = AuditPage.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())



        return response_410

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())



        return response_500

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if response.status_code == 507:
        response_507 = Problem.from_dict(response.json())



        return response_507

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AuditPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> Response[AuditPage | Problem]:
    """ The audit log, newest first, paginated with ?before=

    Args:
        limit (int | Unset):  Default: 50.
        before (int | None | Unset): Cursor: `next_before` of the previous page.
        actor (None | str | Unset):
        action (None | str | Unset):
        target (None | str | Unset):
        since (datetime.datetime | None | Unset): Entries at or after this instant.
        until (datetime.datetime | None | Unset): Entries before this instant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
before=before,
actor=actor,
action=action,
target=target,
since=since,
until=until,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> AuditPage | Problem | None:
    """ The audit log, newest first, paginated with ?before=

    Args:
        limit (int | Unset):  Default: 50.
        before (int | None | Unset): Cursor: `next_before` of the previous page.
        actor (None | str | Unset):
        action (None | str | Unset):
        target (None | str | Unset):
        since (datetime.datetime | None | Unset): Entries at or after this instant.
        until (datetime.datetime | None | Unset): Entries before this instant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
before=before,
actor=actor,
action=action,
target=target,
since=since,
until=until,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> Response[AuditPage | Problem]:
    """ The audit log, newest first, paginated with ?before=

    Args:
        limit (int | Unset):  Default: 50.
        before (int | None | Unset): Cursor: `next_before` of the previous page.
        actor (None | str | Unset):
        action (None | str | Unset):
        target (None | str | Unset):
        since (datetime.datetime | None | Unset): Entries at or after this instant.
        until (datetime.datetime | None | Unset): Entries before this instant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
before=before,
actor=actor,
action=action,
target=target,
since=since,
until=until,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> AuditPage | Problem | None:
    """ The audit log, newest first, paginated with ?before=

    Args:
        limit (int | Unset):  Default: 50.
        before (int | None | Unset): Cursor: `next_before` of the previous page.
        actor (None | str | Unset):
        action (None | str | Unset):
        target (None | str | Unset):
        since (datetime.datetime | None | Unset): Entries at or after this instant.
        until (datetime.datetime | None | Unset): Entries before this instant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
before=before,
actor=actor,
action=action,
target=target,
since=since,
until=until,

    )).parsed
