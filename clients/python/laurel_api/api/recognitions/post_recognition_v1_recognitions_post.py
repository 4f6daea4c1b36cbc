from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.recognition_in import RecognitionIn
from ...models.recognition_out import RecognitionOut
from typing import cast



def _get_kwargs(
    *,
    body: RecognitionIn,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/recognitions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | RecognitionOut | None:
    if response.status_code == 201:
        response_201 = RecognitionOut.from_dict(response.json())



        return response_201

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | RecognitionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RecognitionIn,

) -> Response[HTTPValidationError | RecognitionOut]:
    """ Post Recognition

     201 `given` (or `pending` above the program's approval threshold); the same id and body again a 200,
    another
    body a 409. 409 when the allowance left (`available`), the per-recipient maximum (`remaining`) or
    the reciprocal
    limit does not allow it; 422 for a value the program does not have.

    Args:
        body (RecognitionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | RecognitionOut]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: RecognitionIn,

) -> HTTPValidationError | RecognitionOut | None:
    """ Post Recognition

     201 `given` (or `pending` above the program's approval threshold); the same id and body again a 200,
    another
    body a 409. 409 when the allowance left (`available`), the per-recipient maximum (`remaining`) or
    the reciprocal
    limit does not allow it; 422 for a value the program does not have.

    Args:
        body (RecognitionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | RecognitionOut
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RecognitionIn,

) -> Response[HTTPValidationError | RecognitionOut]:
    """ Post Recognition

     201 `given` (or `pending` above the program's approval threshold); the same id and body again a 200,
    another
    body a 409. 409 when the allowance left (`available`), the per-recipient maximum (`remaining`) or
    the reciprocal
    limit does not allow it; 422 for a value the program does not have.

    Args:
        body (RecognitionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | RecognitionOut]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RecognitionIn,

) -> HTTPValidationError | RecognitionOut | None:
    """ Post Recognition

     201 `given` (or `pending` above the program's approval threshold); the same id and body again a 200,
    another
    body a 409. 409 when the allowance left (`available`), the per-recipient maximum (`remaining`) or
    the reciprocal
    limit does not allow it; 422 for a value the program does not have.

    Args:
        body (RecognitionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | RecognitionOut
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
