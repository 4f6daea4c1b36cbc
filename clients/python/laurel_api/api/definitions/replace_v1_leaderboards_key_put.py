from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.leaderboard_spec import LeaderboardSpec
from ...models.replace_v1_leaderboards_key_put_response_replace_v1_leaderboards_key_put import ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut
from typing import cast



def _get_kwargs(
    key: str,
    *,
    body: LeaderboardSpec,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/leaderboards/{key}".format(key=quote(str(key), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut | None:
    if response.status_code == 201:
        response_201 = ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut.from_dict(response.json())



        return response_201

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    body: LeaderboardSpec,

) -> Response[HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut]:
    """ Add a version of a leaderboard

    Args:
        key (str):
        body (LeaderboardSpec):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut]
     """


    kwargs = _get_kwargs(
        key=key,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    key: str,
    *,
    client: AuthenticatedClient,
    body: LeaderboardSpec,

) -> HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut | None:
    """ Add a version of a leaderboard

    Args:
        key (str):
        body (LeaderboardSpec):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut
     """


    return sync_detailed(
        key=key,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    body: LeaderboardSpec,

) -> Response[HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut]:
    """ Add a version of a leaderboard

    Args:
        key (str):
        body (LeaderboardSpec):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut]
     """


    kwargs = _get_kwargs(
        key=key,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient,
    body: LeaderboardSpec,

) -> HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut | None:
    """ Add a version of a leaderboard

    Args:
        key (str):
        body (LeaderboardSpec):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut
     """


    return (await asyncio_detailed(
        key=key,
client=client,
body=body,

    )).parsed
