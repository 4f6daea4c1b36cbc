from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.free_reward_in import FreeRewardIn
from ...models.http_validation_error import HTTPValidationError
from ...models.redemption_out import RedemptionOut
from typing import cast



def _get_kwargs(
    subscription_id: str,
    *,
    body: FreeRewardIn,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subscriptions/{subscription_id}/free-rewards".format(subscription_id=quote(str(subscription_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | RedemptionOut | None:
    if response.status_code == 201:
        response_201 = RedemptionOut.from_dict(response.json())



        return response_201

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | RedemptionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    body: FreeRewardIn,

) -> Response[HTTPValidationError | RedemptionOut]:
    """ Post Free Reward

     Take a catalog reward free, as one of the period's free items; 409 when they are taken.

    Args:
        subscription_id (str):
        body (FreeRewardIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | RedemptionOut]
     """


    kwargs = _get_kwargs(
        subscription_id=subscription_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    body: FreeRewardIn,

) -> HTTPValidationError | RedemptionOut | None:
    """ Post Free Reward

     Take a catalog reward free, as one of the period's free items; 409 when they are taken.

    Args:
        subscription_id (str):
        body (FreeRewardIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | RedemptionOut
     """


    return sync_detailed(
        subscription_id=subscription_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    body: FreeRewardIn,

) -> Response[HTTPValidationError | RedemptionOut]:
    """ Post Free Reward

     Take a catalog reward free, as one of the period's free items; 409 when they are taken.

    Args:
        subscription_id (str):
        body (FreeRewardIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | RedemptionOut]
     """


    kwargs = _get_kwargs(
        subscription_id=subscription_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    body: FreeRewardIn,

) -> HTTPValidationError | RedemptionOut | None:
    """ Post Free Reward

     Take a catalog reward free, as one of the period's free items; 409 when they are taken.

    Args:
        subscription_id (str):
        body (FreeRewardIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | RedemptionOut
     """


    return (await asyncio_detailed(
        subscription_id=subscription_id,
client=client,
body=body,

    )).parsed
