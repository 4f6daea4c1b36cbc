from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.level_spec_type_0 import LevelSpecType0
from ...models.level_spec_type_1 import LevelSpecType1
from ...models.level_spec_type_2 import LevelSpecType2
from ...models.problem import Problem
from ...models.replace_v1_levels_key_put_response_replace_v1_levels_key_put import ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut
from typing import cast



def _get_kwargs(
    key: str,
    *,
    body: LevelSpecType0 | LevelSpecType1 | LevelSpecType2,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/levels/{key}".format(key=quote(str(key), safe=""),),
    }

    
    if isinstance(body, LevelSpecType0):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LevelSpecType1):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()


    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut | None:
    if response.status_code == 200:
        response_200 = ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut.from_dict(response.json())



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

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut]:
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
    body: LevelSpecType0 | LevelSpecType1 | LevelSpecType2,

) -> Response[Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut]:
    """ Add a version of a level

    Args:
        key (str):
        body (LevelSpecType0 | LevelSpecType1 | LevelSpecType2):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut]
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
    body: LevelSpecType0 | LevelSpecType1 | LevelSpecType2,

) -> Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut | None:
    """ Add a version of a level

    Args:
        key (str):
        body (LevelSpecType0 | LevelSpecType1 | LevelSpecType2):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut
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
    body: LevelSpecType0 | LevelSpecType1 | LevelSpecType2,

) -> Response[Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut]:
    """ Add a version of a level

    Args:
        key (str):
        body (LevelSpecType0 | LevelSpecType1 | LevelSpecType2):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut]
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
    body: LevelSpecType0 | LevelSpecType1 | LevelSpecType2,

) -> Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut | None:
    """ Add a version of a level

    Args:
        key (str):
        body (LevelSpecType0 | LevelSpecType1 | LevelSpecType2):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut
     """


    return (await asyncio_detailed(
        key=key,
client=client,
body=body,

    )).parsed
