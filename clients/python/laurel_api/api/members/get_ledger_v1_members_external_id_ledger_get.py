from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.ledger_page import LedgerPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    external_id: str,
    *,
    program: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_program: None | str | Unset
    if isinstance(program, Unset):
        json_program = UNSET
    else:
        json_program = program
    params["program"] = json_program

    params["limit"] = limit

    json_before: int | None | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    else:
        json_before = before
    params["before"] = json_before


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/members/{external_id}/ledger".format(external_id=quote(str(external_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> LedgerPage | Problem | None:
    if response.status_code == 200:
        response_200 = LedgerPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[LedgerPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    external_id: str,
    *,
    client: AuthenticatedClient,
    program: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,

) -> Response[LedgerPage | Problem]:
    """ Get Ledger

    Args:
        external_id (str):
        program (None | str | Unset): Program key; `default` when omitted.
        limit (int | Unset):  Default: 50.
        before (int | None | Unset): Cursor: `next_before` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LedgerPage | Problem]
     """


    kwargs = _get_kwargs(
        external_id=external_id,
program=program,
limit=limit,
before=before,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    external_id: str,
    *,
    client: AuthenticatedClient,
    program: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,

) -> LedgerPage | Problem | None:
    """ Get Ledger

    Args:
        external_id (str):
        program (None | str | Unset): Program key; `default` when omitted.
        limit (int | Unset):  Default: 50.
        before (int | None | Unset): Cursor: `next_before` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LedgerPage | Problem
     """


    return sync_detailed(
        external_id=external_id,
client=client,
program=program,
limit=limit,
before=before,

    ).parsed

async def asyncio_detailed(
    external_id: str,
    *,
    client: AuthenticatedClient,
    program: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,

) -> Response[LedgerPage | Problem]:
    """ Get Ledger

    Args:
        external_id (str):
        program (None | str | Unset): Program key; `default` when omitted.
        limit (int | Unset):  Default: 50.
        before (int | None | Unset): Cursor: `next_before` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LedgerPage | Problem]
     """


    kwargs = _get_kwargs(
        external_id=external_id,
program=program,
limit=limit,
before=before,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    external_id: str,
    *,
    client: AuthenticatedClient,
    program: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    before: int | None | Unset = UNSET,

) -> LedgerPage | Problem | None:
    """ Get Ledger

    Args:
        external_id (str):
        program (None | str | Unset): Program key; `default` when omitted.
        limit (int | Unset):  Default: 50.
        before (int | None | Unset): Cursor: `next_before` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LedgerPage | Problem
     """


    return (await asyncio_detailed(
        external_id=external_id,
client=client,
program=program,
limit=limit,
before=before,

    )).parsed
