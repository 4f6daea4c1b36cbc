from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.payout_out import PayoutOut
from typing import cast



def _get_kwargs(
    payout_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payouts/{payout_id}/approve".format(payout_id=quote(str(payout_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | PayoutOut | None:
    if response.status_code == 200:
        response_200 = PayoutOut.from_dict(response.json())



        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | PayoutOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payout_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[HTTPValidationError | PayoutOut]:
    """ Post Approve

    Args:
        payout_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | PayoutOut]
     """


    kwargs = _get_kwargs(
        payout_id=payout_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    payout_id: str,
    *,
    client: AuthenticatedClient,

) -> HTTPValidationError | PayoutOut | None:
    """ Post Approve

    Args:
        payout_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | PayoutOut
     """


    return sync_detailed(
        payout_id=payout_id,
client=client,

    ).parsed

async def asyncio_detailed(
    payout_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[HTTPValidationError | PayoutOut]:
    """ Post Approve

    Args:
        payout_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | PayoutOut]
     """


    kwargs = _get_kwargs(
        payout_id=payout_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    payout_id: str,
    *,
    client: AuthenticatedClient,

) -> HTTPValidationError | PayoutOut | None:
    """ Post Approve

    Args:
        payout_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | PayoutOut
     """


    return (await asyncio_detailed(
        payout_id=payout_id,
client=client,

    )).parsed
