from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.announcement_out import AnnouncementOut
from ...models.announcement_patch import AnnouncementPatch
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    announcement_id: str,
    *,
    body: AnnouncementPatch,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/announcements/{announcement_id}".format(announcement_id=quote(str(announcement_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AnnouncementOut | Problem | None:
    if response.status_code == 200:
        response_200 = AnnouncementOut.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())



        return response_410

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())



        return response_500

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if response.status_code == 507:
        response_507 = Problem.from_dict(response.json())



        return response_507

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AnnouncementOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    announcement_id: str,
    *,
    client: AuthenticatedClient,
    body: AnnouncementPatch,

) -> Response[AnnouncementOut | Problem]:
    """ Patch Announcement

     Change what is sent; `"ends_at": null` makes it open-ended.

    Args:
        announcement_id (str):
        body (AnnouncementPatch): Only `ends_at` can be cleared (null: open-ended); the others are
            left out to keep them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnnouncementOut | Problem]
     """


    kwargs = _get_kwargs(
        announcement_id=announcement_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    announcement_id: str,
    *,
    client: AuthenticatedClient,
    body: AnnouncementPatch,

) -> AnnouncementOut | Problem | None:
    """ Patch Announcement

     Change what is sent; `"ends_at": null` makes it open-ended.

    Args:
        announcement_id (str):
        body (AnnouncementPatch): Only `ends_at` can be cleared (null: open-ended); the others are
            left out to keep them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnnouncementOut | Problem
     """


    return sync_detailed(
        announcement_id=announcement_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    announcement_id: str,
    *,
    client: AuthenticatedClient,
    body: AnnouncementPatch,

) -> Response[AnnouncementOut | Problem]:
    """ Patch Announcement

     Change what is sent; `"ends_at": null` makes it open-ended.

    Args:
        announcement_id (str):
        body (AnnouncementPatch): Only `ends_at` can be cleared (null: open-ended); the others are
            left out to keep them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnnouncementOut | Problem]
     """


    kwargs = _get_kwargs(
        announcement_id=announcement_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    announcement_id: str,
    *,
    client: AuthenticatedClient,
    body: AnnouncementPatch,

) -> AnnouncementOut | Problem | None:
    """ Patch Announcement

     Change what is sent; `"ends_at": null` makes it open-ended.

    Args:
        announcement_id (str):
        body (AnnouncementPatch): Only `ends_at` can be cleared (null: open-ended); the others are
            left out to keep them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnnouncementOut | Problem
     """


    return (await asyncio_detailed(
        announcement_id=announcement_id,
client=client,
body=body,

    )).parsed
