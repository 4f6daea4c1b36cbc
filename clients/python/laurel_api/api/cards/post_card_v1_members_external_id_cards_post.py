from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.card_in import CardIn
from ...models.card_out import CardOut
from ...models.http_validation_error import HTTPValidationError
from typing import cast



def _get_kwargs(
    external_id: str,
    *,
    body: CardIn,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/members/{external_id}/cards".format(external_id=quote(str(external_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CardOut | HTTPValidationError | None:
    if response.status_code == 201:
        response_201 = CardOut.from_dict(response.json())



        return response_201

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CardOut | HTTPValidationError]:
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
    body: CardIn,

) -> Response[CardOut | HTTPValidationError]:
    """ Post Card

     201 with a new virtual card, or a registered physical one; a number the member already holds is a
    200, one
    held by anybody else a 409.

    Args:
        external_id (str):
        body (CardIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CardOut | HTTPValidationError]
     """


    kwargs = _get_kwargs(
        external_id=external_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: CardIn,

) -> CardOut | HTTPValidationError | None:
    """ Post Card

     201 with a new virtual card, or a registered physical one; a number the member already holds is a
    200, one
    held by anybody else a 409.

    Args:
        external_id (str):
        body (CardIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CardOut | HTTPValidationError
     """


    return sync_detailed(
        external_id=external_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: CardIn,

) -> Response[CardOut | HTTPValidationError]:
    """ Post Card

     201 with a new virtual card, or a registered physical one; a number the member already holds is a
    200, one
    held by anybody else a 409.

    Args:
        external_id (str):
        body (CardIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CardOut | HTTPValidationError]
     """


    kwargs = _get_kwargs(
        external_id=external_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: CardIn,

) -> CardOut | HTTPValidationError | None:
    """ Post Card

     201 with a new virtual card, or a registered physical one; a number the member already holds is a
    200, one
    held by anybody else a 409.

    Args:
        external_id (str):
        body (CardIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CardOut | HTTPValidationError
     """


    return (await asyncio_detailed(
        external_id=external_id,
client=client,
body=body,

    )).parsed
