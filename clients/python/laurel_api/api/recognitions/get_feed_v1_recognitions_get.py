from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.feed_out import FeedOut
from ...models.get_feed_v1_recognitions_get_status_type_0 import GetFeedV1RecognitionsGetStatusType0
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    member: None | str | Unset = UNSET,
    team: None | str | Unset = UNSET,
    status: GetFeedV1RecognitionsGetStatusType0 | None | Unset = UNSET,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    program: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_member: None | str | Unset
    if isinstance(member, Unset):
        json_member = UNSET
    else:
        json_member = member
    params["member"] = json_member

    json_team: None | str | Unset
    if isinstance(team, Unset):
        json_team = UNSET
    else:
        json_team = team
    params["team"] = json_team

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, GetFeedV1RecognitionsGetStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_before: int | None | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    else:
        json_before = before
    params["before"] = json_before

    params["limit"] = limit

    json_program: None | str | Unset
    if isinstance(program, Unset):
        json_program = UNSET
    else:
        json_program = program
    params["program"] = json_program


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/recognitions",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FeedOut | Problem | None:
    if response.status_code == 200:
        response_200 = FeedOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FeedOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    member: None | str | Unset = UNSET,
    team: None | str | Unset = UNSET,
    status: GetFeedV1RecognitionsGetStatusType0 | None | Unset = UNSET,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    program: None | str | Unset = UNSET,

) -> Response[FeedOut | Problem]:
    """ Get Feed

     The recognition feed, newest first.

    Args:
        member (None | str | Unset): Given or received by this member.
        team (None | str | Unset): Given or received on a team.
        status (GetFeedV1RecognitionsGetStatusType0 | None | Unset): Only these.
        before (int | None | Unset): Cursor: `next_before` of the previous page.
        limit (int | Unset):  Default: 50.
        program (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FeedOut | Problem]
     """


    kwargs = _get_kwargs(
        member=member,
team=team,
status=status,
before=before,
limit=limit,
program=program,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    member: None | str | Unset = UNSET,
    team: None | str | Unset = UNSET,
    status: GetFeedV1RecognitionsGetStatusType0 | None | Unset = UNSET,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    program: None | str | Unset = UNSET,

) -> FeedOut | Problem | None:
    """ Get Feed

     The recognition feed, newest first.

    Args:
        member (None | str | Unset): Given or received by this member.
        team (None | str | Unset): Given or received on a team.
        status (GetFeedV1RecognitionsGetStatusType0 | None | Unset): Only these.
        before (int | None | Unset): Cursor: `next_before` of the previous page.
        limit (int | Unset):  Default: 50.
        program (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FeedOut | Problem
     """


    return sync_detailed(
        client=client,
member=member,
team=team,
status=status,
before=before,
limit=limit,
program=program,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    member: None | str | Unset = UNSET,
    team: None | str | Unset = UNSET,
    status: GetFeedV1RecognitionsGetStatusType0 | None | Unset = UNSET,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    program: None | str | Unset = UNSET,

) -> Response[FeedOut | Problem]:
    """ Get Feed

     The recognition feed, newest first.

    Args:
        member (None | str | Unset): Given or received by this member.
        team (None | str | Unset): Given or received on a team.
        status (GetFeedV1RecognitionsGetStatusType0 | None | Unset): Only these.
        before (int | None | Unset): Cursor: `next_before` of the previous page.
        limit (int | Unset):  Default: 50.
        program (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FeedOut | Problem]
     """


    kwargs = _get_kwargs(
        member=member,
team=team,
status=status,
before=before,
limit=limit,
program=program,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    member: None | str | Unset = UNSET,
    team: None | str | Unset = UNSET,
    status: GetFeedV1RecognitionsGetStatusType0 | None | Unset = UNSET,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
    program: None | str | Unset = UNSET,

) -> FeedOut | Problem | None:
    """ Get Feed

     The recognition feed, newest first.

    Args:
        member (None | str | Unset): Given or received by this member.
        team (None | str | Unset): Given or received on a team.
        status (GetFeedV1RecognitionsGetStatusType0 | None | Unset): Only these.
        before (int | None | Unset): Cursor: `next_before` of the previous page.
        limit (int | Unset):  Default: 50.
        program (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FeedOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
member=member,
team=team,
status=status,
before=before,
limit=limit,
program=program,

    )).parsed
