from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.pass_out import PassOut
from typing import cast



def _get_kwargs(
    pass_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/passes/{pass_id}".format(pass_id=quote(str(pass_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | PassOut | None:
    if response.status_code == 200:
        response_200 = PassOut.from_dict(response.json())



        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | PassOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    pass_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[HTTPValidationError | PassOut]:
    """ Get Issued Pass

    Args:
        pass_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | PassOut]
     """


    kwargs = _get_kwargs(
        pass_id=pass_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    pass_id: str,
    *,
    client: AuthenticatedClient,

) -> HTTPValidationError | PassOut | None:
    """ Get Issued Pass

    Args:
        pass_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | PassOut
     """


    return sync_detailed(
        pass_id=pass_id,
client=client,

    ).parsed

async def asyncio_detailed(
    pass_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[HTTPValidationError | PassOut]:
    """ Get Issued Pass

    Args:
        pass_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | PassOut]
     """


    kwargs = _get_kwargs(
        pass_id=pass_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    pass_id: str,
    *,
    client: AuthenticatedClient,

) -> HTTPValidationError | PassOut | None:
    """ Get Issued Pass

    Args:
        pass_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | PassOut
     """


    return (await asyncio_detailed(
        pass_id=pass_id,
client=client,

    )).parsed
