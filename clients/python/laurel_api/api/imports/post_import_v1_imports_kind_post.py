from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.import_kind import ImportKind
from ...models.import_out import ImportOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    kind: ImportKind,
    *,
    program: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_program: None | str | Unset
    if isinstance(program, Unset):
        json_program = UNSET
    else:
        json_program = program
    params["program"] = json_program


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/imports/{kind}".format(kind=quote(str(kind), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | ImportOut | None:
    if response.status_code == 202:
        response_202 = ImportOut.from_dict(response.json())



        return response_202

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | ImportOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    kind: ImportKind,
    *,
    client: AuthenticatedClient,
    program: None | str | Unset = UNSET,

) -> Response[HTTPValidationError | ImportOut]:
    """ Upload a CSV (the request body, text/csv); the same file again gives back its import

    Args:
        kind (ImportKind):
        program (None | str | Unset): Program key; `default` when omitted.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | ImportOut]
     """


    kwargs = _get_kwargs(
        kind=kind,
program=program,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    kind: ImportKind,
    *,
    client: AuthenticatedClient,
    program: None | str | Unset = UNSET,

) -> HTTPValidationError | ImportOut | None:
    """ Upload a CSV (the request body, text/csv); the same file again gives back its import

    Args:
        kind (ImportKind):
        program (None | str | Unset): Program key; `default` when omitted.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | ImportOut
     """


    return sync_detailed(
        kind=kind,
client=client,
program=program,

    ).parsed

async def asyncio_detailed(
    kind: ImportKind,
    *,
    client: AuthenticatedClient,
    program: None | str | Unset = UNSET,

) -> Response[HTTPValidationError | ImportOut]:
    """ Upload a CSV (the request body, text/csv); the same file again gives back its import

    Args:
        kind (ImportKind):
        program (None | str | Unset): Program key; `default` when omitted.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | ImportOut]
     """


    kwargs = _get_kwargs(
        kind=kind,
program=program,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    kind: ImportKind,
    *,
    client: AuthenticatedClient,
    program: None | str | Unset = UNSET,

) -> HTTPValidationError | ImportOut | None:
    """ Upload a CSV (the request body, text/csv); the same file again gives back its import

    Args:
        kind (ImportKind):
        program (None | str | Unset): Program key; `default` when omitted.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | ImportOut
     """


    return (await asyncio_detailed(
        kind=kind,
client=client,
program=program,

    )).parsed
