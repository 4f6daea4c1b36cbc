from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.redeem_in import RedeemIn
from ...models.redeem_out import RedeemOut
from typing import cast



def _get_kwargs(
    code: str,
    *,
    body: RedeemIn,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/promo-codes/{code}/redeem".format(code=quote(str(code), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | RedeemOut | None:
    if response.status_code == 200:
        response_200 = RedeemOut.from_dict(response.json())



        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | RedeemOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
    body: RedeemIn,

) -> Response[HTTPValidationError | RedeemOut]:
    """ Redeem

     200 `{"points"}` credited; 404 unknown code, 410 expired, 409 used up or not yet valid.

    Args:
        code (str):
        body (RedeemIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | RedeemOut]
     """


    kwargs = _get_kwargs(
        code=code,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    code: str,
    *,
    client: AuthenticatedClient,
    body: RedeemIn,

) -> HTTPValidationError | RedeemOut | None:
    """ Redeem

     200 `{"points"}` credited; 404 unknown code, 410 expired, 409 used up or not yet valid.

    Args:
        code (str):
        body (RedeemIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | RedeemOut
     """


    return sync_detailed(
        code=code,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
    body: RedeemIn,

) -> Response[HTTPValidationError | RedeemOut]:
    """ Redeem

     200 `{"points"}` credited; 404 unknown code, 410 expired, 409 used up or not yet valid.

    Args:
        code (str):
        body (RedeemIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | RedeemOut]
     """


    kwargs = _get_kwargs(
        code=code,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient,
    body: RedeemIn,

) -> HTTPValidationError | RedeemOut | None:
    """ Redeem

     200 `{"points"}` credited; 404 unknown code, 410 expired, 409 used up or not yet valid.

    Args:
        code (str):
        body (RedeemIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | RedeemOut
     """


    return (await asyncio_detailed(
        code=code,
client=client,
body=body,

    )).parsed
