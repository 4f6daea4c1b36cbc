from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.replace_v1_rules_key_put_response_replace_v1_rules_key_put import ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut
from ...models.rule_spec import RuleSpec
from typing import cast



def _get_kwargs(
    key: str,
    *,
    body: RuleSpec,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/rules/{key}".format(key=quote(str(key), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut | None:
    if response.status_code == 201:
        response_201 = ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut.from_dict(response.json())



        return response_201

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut]:
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
    body: RuleSpec,

) -> Response[HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut]:
    """ Add a version of a rule

    Args:
        key (str):
        body (RuleSpec):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut]
     """


    kwargs = _get_kwargs(
        key=key,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    key: str,
    *,
    client: AuthenticatedClient,
    body: RuleSpec,

) -> HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut | None:
    """ Add a version of a rule

    Args:
        key (str):
        body (RuleSpec):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut
     """


    return sync_detailed(
        key=key,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    key: str,
    *,
    client: AuthenticatedClient,
    body: RuleSpec,

) -> Response[HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut]:
    """ Add a version of a rule

    Args:
        key (str):
        body (RuleSpec):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut]
     """


    kwargs = _get_kwargs(
        key=key,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    key: str,
    *,
    client: AuthenticatedClient,
    body: RuleSpec,

) -> HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut | None:
    """ Add a version of a rule

    Args:
        key (str):
        body (RuleSpec):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut
     """


    return (await asyncio_detailed(
        key=key,
client=client,
body=body,

    )).parsed
