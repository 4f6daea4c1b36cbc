from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.member_out import MemberOut
from ...models.member_patch import MemberPatch
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    external_id: str,
    *,
    body: MemberPatch,
    program: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    json_program: None | str | Unset
    if isinstance(program, Unset):
        json_program = UNSET
    else:
        json_program = program
    params["program"] = json_program


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/members/{external_id}".format(external_id=quote(str(external_id), safe=""),),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | MemberOut | None:
    if response.status_code == 200:
        response_200 = MemberOut.from_dict(response.json())



        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | MemberOut]:
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
    body: MemberPatch,
    program: None | str | Unset = UNSET,

) -> Response[HTTPValidationError | MemberOut]:
    """ Patch Member

    Args:
        external_id (str):
        program (None | str | Unset): Program key; `default` when omitted.
        body (MemberPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | MemberOut]
     """


    kwargs = _get_kwargs(
        external_id=external_id,
body=body,
program=program,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: MemberPatch,
    program: None | str | Unset = UNSET,

) -> HTTPValidationError | MemberOut | None:
    """ Patch Member

    Args:
        external_id (str):
        program (None | str | Unset): Program key; `default` when omitted.
        body (MemberPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | MemberOut
     """


    return sync_detailed(
        external_id=external_id,
client=client,
body=body,
program=program,

    ).parsed

async def asyncio_detailed(
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: MemberPatch,
    program: None | str | Unset = UNSET,

) -> Response[HTTPValidationError | MemberOut]:
    """ Patch Member

    Args:
        external_id (str):
        program (None | str | Unset): Program key; `default` when omitted.
        body (MemberPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | MemberOut]
     """


    kwargs = _get_kwargs(
        external_id=external_id,
body=body,
program=program,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: MemberPatch,
    program: None | str | Unset = UNSET,

) -> HTTPValidationError | MemberOut | None:
    """ Patch Member

    Args:
        external_id (str):
        program (None | str | Unset): Program key; `default` when omitted.
        body (MemberPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | MemberOut
     """


    return (await asyncio_detailed(
        external_id=external_id,
client=client,
body=body,
program=program,

    )).parsed
