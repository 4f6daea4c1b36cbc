"""Rules, badges, quests, levels, medals, leaderboards and segments: created, versioned on edit, listed with history.

One router factory serves every kind, so they all behave the same: POST creates (the same body again is a 200,
another body under a taken key a 409), PUT `/{key}` adds a version, GET `/{key}/versions` shows the history.
"""

from datetime import datetime
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from achievements.catalog import definition_history, list_definitions, save_definition, spec_of
from achievements.definitions import SPEC_TYPES, BadgeSpec, Kind, Spec
from api.deps import Admin, Reader, State
from api.schemas import Key
from api.segments import backfill_segments
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput

PLURALS = {
    Kind.RULE: "rules",
    Kind.BADGE: "badges",
    Kind.QUEST: "quests",
    Kind.LEVEL: "levels",
    Kind.MEDAL: "medals",
    Kind.LEADERBOARD: "leaderboards",
    Kind.SEGMENT: "segments",
}
KeyPath = Annotated[str, Path(min_length=1, max_length=64)]
ProgramQuery = Annotated[Key | None, Query(description="Program key; `default` when omitted.")]


def shown(body: dict[str, Any], version: int, created_at: datetime) -> dict[str, Any]:
    """A definition as the API shows it: its fields, plus the version and when that version was made."""
    return {**body, "version": version, "created_at": created_at}


def _save(state: State, tenant_id: str, kind: Kind, spec: Spec, *, replace: bool, response: Response) -> dict[str, Any]:
    limit = state.settings.max_expression_length
    saved = run_in_transaction(
        state.engine,
        lambda s: save_definition(s, tenant_id, kind, spec, replace=replace, max_expression_length=limit),
    )
    if not saved.created:
        response.status_code = status.HTTP_200_OK
    elif kind is Kind.SEGMENT:
        backfill_segments(state, tenant_id)
    return shown(saved.spec.model_dump(mode="json", exclude={"program"}), saved.version, saved.created_at)


def definitions_router(kind: Kind) -> APIRouter:
    spec_type = SPEC_TYPES[kind]
    plural = PLURALS[kind]
    router = APIRouter(prefix=f"/v1/{plural}", tags=["definitions"])

    @router.post("", status_code=status.HTTP_201_CREATED, summary=f"Create a {kind.value}")
    def create(body: spec_type, principal: Admin, state: State, response: Response) -> dict[str, Any]:  # type: ignore[valid-type]
        return _save(state, principal.tenant_id, kind, body, replace=False, response=response)

    @router.put("/{key}", status_code=status.HTTP_201_CREATED, summary=f"Add a version of a {kind.value}")
    def replace(key: KeyPath, body: spec_type, principal: Admin, state: State, response: Response) -> dict[str, Any]:  # type: ignore[valid-type]
        spec: Spec = body
        if spec.key != key:
            raise InvalidInput(f"the body's key {spec.key!r} differs from the path's {key!r}", field="key")
        return _save(state, principal.tenant_id, kind, spec, replace=True, response=response)

    @router.get("", summary=f"List {plural}")
    def listing(principal: Reader, state: State, program: ProgramQuery = None) -> list[dict[str, Any]]:
        with unit_of_work(state.engine, read_only=True) as session:
            rows = list_definitions(session, principal.tenant_id, kind, program)
        return [shown(row.body, row.version, row.created_at) for row in rows]

    @router.get("/{key}/versions", summary=f"Every version of a {kind.value}, newest first")
    def versions(key: KeyPath, principal: Reader, state: State) -> list[dict[str, Any]]:
        with unit_of_work(state.engine, read_only=True) as session:
            rows = definition_history(session, principal.tenant_id, kind, key)
        return [shown(row.body, row.version, row.created_at) for row in rows]

    if kind is not Kind.LEADERBOARD:  # GET /v1/leaderboards/{key} gives the standings instead

        @router.get("/{key}", summary=f"The current version of a {kind.value}")
        def current(key: KeyPath, principal: Reader, state: State) -> dict[str, Any]:
            with unit_of_work(state.engine, read_only=True) as session:
                row = definition_history(session, principal.tenant_id, kind, key)[0]
            return shown(row.body, row.version, row.created_at)

    if kind is Kind.BADGE:

        @router.get("/{key}/image.svg", response_class=Response, summary="The badge's image (uploaded or drawn)")
        def image(key: KeyPath, principal: Reader, state: State) -> Response:
            with unit_of_work(state.engine, read_only=True) as session:
                spec = spec_of(definition_history(session, principal.tenant_id, kind, key)[0])
            assert isinstance(spec, BadgeSpec)
            # Uploaded SVG is served inert: no scripts, no outside resources, whatever it contains.
            headers = {
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, max-age=300",
            }
            return Response(spec.image_svg or badge_svg(spec.name), media_type="image/svg+xml", headers=headers)

    return router


def badge_svg(name: str) -> str:
    """A drawn badge: a laurel-coloured medallion with the badge's initials."""
    initials = escape("".join(word[0] for word in name.split()[:2]).upper() or "?")
    hue = sum(map(ord, name)) % 360
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
        f'<circle cx="64" cy="64" r="60" fill="hsl({hue},55%,45%)" stroke="#c9a227" stroke-width="6"/>'
        f'<text x="64" y="78" font-family="sans-serif" font-size="44" font-weight="bold" fill="#fff" '
        f'text-anchor="middle">{initials}</text><title>{escape(name)}</title></svg>'
    )


routers = [definitions_router(kind) for kind in Kind]
