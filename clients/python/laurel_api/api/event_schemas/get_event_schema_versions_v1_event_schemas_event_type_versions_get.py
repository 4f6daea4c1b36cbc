from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.event_schema_out import EventSchemaOut
from ...models.http_validation_error import HTTPValidationError
from typing import cast



def _get_kwargs(
    event_type: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/event-schemas/{event_type}/versions".format(event_type=quote(str(event_type), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | list[EventSchemaOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = EventSchemaOut.from_dict(response_200_item_data)



            response_200.append(response_200_item)

        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | list[EventSchemaOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    event_type: str,
    *,
    client: AuthenticatedClient,

) -> Response[HTTPValidationError | list[EventSchemaOut]]:
    """ Every version of an event schema, newest first

    Args:
        event_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[EventSchemaOut]]
     """


    kwargs = _get_kwargs(
        event_type=event_type,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    event_type: str,
    *,
    client: AuthenticatedClient,

) -> HTTPValidationError | list[EventSchemaOut] | None:
    """ Every version of an event schema, newest first

    Args:
        event_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[EventSchemaOut]
     """


    return sync_detailed(
        event_type=event_type,
client=client,

    ).parsed

async def asyncio_detailed(
    event_type: str,
    *,
    client: AuthenticatedClient,

) -> Response[HTTPValidationError | list[EventSchemaOut]]:
    """ Every version of an event schema, newest first

    Args:
        event_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[EventSchemaOut]]
     """


    kwargs = _get_kwargs(
        event_type=event_type,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    event_type: str,
    *,
    client: AuthenticatedClient,

) -> HTTPValidationError | list[EventSchemaOut] | None:
    """ Every version of an event schema, newest first

    Args:
        event_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[EventSchemaOut]
     """


    return (await asyncio_detailed(
        event_type=event_type,
client=client,

    )).parsed
