from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.use_in import UseIn
from ...models.use_out import UseOut
from typing import cast



def _get_kwargs(
    pass_id: str,
    *,
    body: UseIn,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/passes/{pass_id}/use".format(pass_id=quote(str(pass_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | UseOut | None:
    if response.status_code == 201:
        response_201 = UseOut.from_dict(response.json())



        return response_201

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | UseOut]:
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
    body: UseIn,

) -> Response[HTTPValidationError | UseOut]:
    """ Post Use

     201 with the use and its event's effects; the same `use_id` again a 200 with the same answer. 409
    when used
    up or not yet valid, 410 when expired, 404 for another tenant's or an unknown pass.

    Args:
        pass_id (str):
        body (UseIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | UseOut]
     """


    kwargs = _get_kwargs(
        pass_id=pass_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    pass_id: str,
    *,
    client: AuthenticatedClient,
    body: UseIn,

) -> HTTPValidationError | UseOut | None:
    """ Post Use

     201 with the use and its event's effects; the same `use_id` again a 200 with the same answer. 409
    when used
    up or not yet valid, 410 when expired, 404 for another tenant's or an unknown pass.

    Args:
        pass_id (str):
        body (UseIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | UseOut
     """


    return sync_detailed(
        pass_id=pass_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    pass_id: str,
    *,
    client: AuthenticatedClient,
    body: UseIn,

) -> Response[HTTPValidationError | UseOut]:
    """ Post Use

     201 with the use and its event's effects; the same `use_id` again a 200 with the same answer. 409
    when used
    up or not yet valid, 410 when expired, 404 for another tenant's or an unknown pass.

    Args:
        pass_id (str):
        body (UseIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | UseOut]
     """


    kwargs = _get_kwargs(
        pass_id=pass_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    pass_id: str,
    *,
    client: AuthenticatedClient,
    body: UseIn,

) -> HTTPValidationError | UseOut | None:
    """ Post Use

     201 with the use and its event's effects; the same `use_id` again a 200 with the same answer. 409
    when used
    up or not yet valid, 410 when expired, 404 for another tenant's or an unknown pass.

    Args:
        pass_id (str):
        body (UseIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | UseOut
     """


    return (await asyncio_detailed(
        pass_id=pass_id,
client=client,
body=body,

    )).parsed
