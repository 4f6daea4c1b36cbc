from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.settlement_out import SettlementOut
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    key: str,
    *,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partners/{key}/settlement".format(key=quote(str(key), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | SettlementOut | None:
    if response.status_code == 200:
        response_200 = SettlementOut.from_dict(response.json())



        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | SettlementOut]:
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
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,

) -> Response[HTTPValidationError | SettlementOut]:
    """ Get Settlement

     Points the partner funded (`earned`) and is owed (`redeemed`) in the period; `owes` says who pays
    `amount`.

    Args:
        key (str):
        from_ (datetime.datetime | None | Unset): Inclusive; all time when omitted.
        to (datetime.datetime | None | Unset): Exclusive; now when omitted.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SettlementOut]
     """


    kwargs = _get_kwargs(
        key=key,
from_=from_,
to=to,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    key: str,
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,

) -> HTTPValidationError | SettlementOut | None:
    """ Get Settlement

     Points the partner funded (`earned`) and is owed (`redeemed`) in the period; `owes` says who pays
    `amount`.

    Args:
        key (str):
        from_ (datetime.datetime | None | Unset): Inclusive; all time when omitted.
        to (datetime.datetime | None | Unset): Exclusive; now when omitted.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SettlementOut
     """


    return sync_detailed(
        key=key,
client=client,
from_=from_,
to=to,

    ).parsed

async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,

) -> Response[HTTPValidationError | SettlementOut]:
    """ Get Settlement

     Points the partner funded (`earned`) and is owed (`redeemed`) in the period; `owes` says who pays
    `amount`.

    Args:
        key (str):
        from_ (datetime.datetime | None | Unset): Inclusive; all time when omitted.
        to (datetime.datetime | None | Unset): Exclusive; now when omitted.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SettlementOut]
     """


    kwargs = _get_kwargs(
        key=key,
from_=from_,
to=to,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,

) -> HTTPValidationError | SettlementOut | None:
    """ Get Settlement

     Points the partner funded (`earned`) and is owed (`redeemed`) in the period; `owes` says who pays
    `amount`.

    Args:
        key (str):
        from_ (datetime.datetime | None | Unset): Inclusive; all time when omitted.
        to (datetime.datetime | None | Unset): Exclusive; now when omitted.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SettlementOut
     """


    return (await asyncio_detailed(
        key=key,
client=client,
from_=from_,
to=to,

    )).parsed
