from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_leaderboard_v1_leaderboards_key_get_period import GetLeaderboardV1LeaderboardsKeyGetPeriod
from ...models.leaderboard_out import LeaderboardOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    key: str,
    *,
    period: GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset = GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL,
    scope: None | str | Unset = UNSET,
    limit: int | Unset = 10,
    member: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_period: str | Unset = UNSET
    if not isinstance(period, Unset):
        json_period = period.value

    params["period"] = json_period

    json_scope: None | str | Unset
    if isinstance(scope, Unset):
        json_scope = UNSET
    else:
        json_scope = scope
    params["scope"] = json_scope

    params["limit"] = limit

    json_member: None | str | Unset
    if isinstance(member, Unset):
        json_member = UNSET
    else:
        json_member = member
    params["member"] = json_member

    json_program: None | str | Unset
    if isinstance(program, Unset):
        json_program = UNSET
    else:
        json_program = program
    params["program"] = json_program


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/leaderboards/{key}".format(key=quote(str(key), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> LeaderboardOut | Problem | None:
    if response.status_code == 200:
        response_200 = LeaderboardOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[LeaderboardOut | Problem]:
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
    period: GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset = GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL,
    scope: None | str | Unset = UNSET,
    limit: int | Unset = 10,
    member: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> Response[LeaderboardOut | Problem]:
    """ Get Leaderboard

    Args:
        key (str):
        period (GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset):  Default:
            GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL.
        scope (None | str | Unset): The scope value, e.g. a city.
        limit (int | Unset):  Default: 10.
        member (None | str | Unset): Also give this member's rank.
        program (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LeaderboardOut | Problem]
     """


    kwargs = _get_kwargs(
        key=key,
period=period,
scope=scope,
limit=limit,
member=member,
program=program,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    key: str,
    *,
    client: AuthenticatedClient,
    period: GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset = GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL,
    scope: None | str | Unset = UNSET,
    limit: int | Unset = 10,
    member: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> LeaderboardOut | Problem | None:
    """ Get Leaderboard

    Args:
        key (str):
        period (GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset):  Default:
            GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL.
        scope (None | str | Unset): The scope value, e.g. a city.
        limit (int | Unset):  Default: 10.
        member (None | str | Unset): Also give this member's rank.
        program (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LeaderboardOut | Problem
     """


    return sync_detailed(
        key=key,
client=client,
period=period,
scope=scope,
limit=limit,
member=member,
program=program,

    ).parsed

async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    period: GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset = GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL,
    scope: None | str | Unset = UNSET,
    limit: int | Unset = 10,
    member: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> Response[LeaderboardOut | Problem]:
    """ Get Leaderboard

    Args:
        key (str):
        period (GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset):  Default:
            GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL.
        scope (None | str | Unset): The scope value, e.g. a city.
        limit (int | Unset):  Default: 10.
        member (None | str | Unset): Also give this member's rank.
        program (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LeaderboardOut | Problem]
     """


    kwargs = _get_kwargs(
        key=key,
period=period,
scope=scope,
limit=limit,
member=member,
program=program,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient,
    period: GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset = GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL,
    scope: None | str | Unset = UNSET,
    limit: int | Unset = 10,
    member: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> LeaderboardOut | Problem | None:
    """ Get Leaderboard

    Args:
        key (str):
        period (GetLeaderboardV1LeaderboardsKeyGetPeriod | Unset):  Default:
            GetLeaderboardV1LeaderboardsKeyGetPeriod.ALL.
        scope (None | str | Unset): The scope value, e.g. a city.
        limit (int | Unset):  Default: 10.
        member (None | str | Unset): Also give this member's rank.
        program (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LeaderboardOut | Problem
     """


    return (await asyncio_detailed(
        key=key,
client=client,
period=period,
scope=scope,
limit=limit,
member=member,
program=program,

    )).parsed
