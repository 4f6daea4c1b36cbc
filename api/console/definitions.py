"""The definition editors: one form per kind (rule, badge, quest, level) turned into the same spec the API takes,
saved definitions opened pre-filled and saved as new versions, CEL checked as you type, and "try it on an event"."""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import orjson
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from achievements.catalog import definition_history, list_definitions, rulebook_from_specs, save_definition, spec_of
from achievements.definitions import EVENT_VARS, MEMBER_VARS, SPEC_TYPES, Kind, Spec
from achievements.engine import Engine, EventFacts
from achievements.expressions import compile_expression
from achievements.state import MemberState
from api.console.base import (
    KeyPath,
    NotSignedIn,
    Posted,
    console_words,
    csrf_token,
    form_sender,
    form_text,
    json_sender,
    reason_of,
    redirect_with_notice,
    render,
    signed_in,
    to_login,
)
from api.deps import AppState, State
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput, LaurelError
from core.tenancy import Principal
from wallets.programs import program_by_id

router = APIRouter(prefix="/admin")
# What a CEL field of the editors must be: the variables it may read and the type of its result.
EXPRESSION_FIELDS: dict[str, tuple[frozenset[str], type]] = {
    "condition": (EVENT_VARS, bool),
    "points": (EVENT_VARS, int),
    "member": (MEMBER_VARS, bool),
}
POSITION = re.compile(r"expression:(\d+):(\d+):")


def _rule_body(form: FormData) -> dict[str, Any]:
    return {name: form_text(form, name) for name in ("key", "event_type", "condition", "points", "xp")}


BADGE_SHAPES = ("count", "sum", "streak", "member", "all_of")


def _badge_criteria(form: FormData) -> dict[str, Any]:
    """The criteria of the shape the form chose; the other shapes' fields are ignored (the page hides them)."""
    shape = form_text(form, "criteria") or "count"
    on_events = {"event_type": form_text(form, "event_type"), "condition": form_text(form, "condition")}
    if shape == "count":
        return {**on_events, "count": form_text(form, "count") or 1}
    if shape == "sum":
        return {**on_events, "sum": form_text(form, "sum"), "at_least": form_text(form, "at_least")}
    if shape == "streak":
        return {**on_events, "streak_days": form_text(form, "streak_days")}
    if shape == "member":
        return {"condition": form_text(form, "member_condition")}
    if shape == "all_of":
        return {"all_of": re.findall(r"[^\s,]+", form_text(form, "all_of") or "")}
    raise InvalidInput(f"criteria: one of {', '.join(BADGE_SHAPES)}", field="criteria")


def _badge_body(form: FormData) -> dict[str, Any]:
    criteria = {name: value for name, value in _badge_criteria(form).items() if value is not None}
    body = {name: form_text(form, name) for name in ("key", "name")}
    return {**body, "points": form_text(form, "points") or 0, "criteria": criteria}


def _quest_body(form: FormData) -> dict[str, Any]:
    types, conditions, counts = (form.getlist(f"step_{part}") for part in ("event_type", "condition", "count"))
    steps = [
        {"event_type": str(t).strip(), "condition": str(c).strip() or None, "count": str(n).strip() or 1}
        for t, c, n in zip(types, conditions, counts, strict=False)
        if str(t).strip()
    ]
    body = {name: form_text(form, name) for name in ("key", "name", "badge", "window_days")}
    return {**body, "steps": steps, "points": form_text(form, "points") or 0, "ordered": form.get("ordered") == "on"}


LEVEL_BASES = ("min_points", "min_xp", "min_rolling_points")


def _level_body(form: FormData) -> dict[str, Any]:
    basis = form_text(form, "basis")
    if basis not in LEVEL_BASES:
        raise InvalidInput(f"basis: one of {', '.join(LEVEL_BASES)}", field="basis")
    body: dict[str, Any] = {name: form_text(form, name) for name in ("key", "name")}
    body |= {name: form_text(form, "threshold") if name == basis else None for name in LEVEL_BASES}
    for name, default in (("multiplier", 1), ("reward_points", 0), ("hold_days", 0)):
        body[name] = form_text(form, name) or default
    return body


FORMS: dict[Kind, Callable[[FormData], dict[str, Any]]] = {
    Kind.RULE: _rule_body,
    Kind.BADGE: _badge_body,
    Kind.QUEST: _quest_body,
    Kind.LEVEL: _level_body,
}


def _spec_from_form(kind: Kind, form: FormData, saved: dict[str, Any] | None = None) -> Spec:
    """The spec a form describes. Editing starts from the saved body, so fields the form does not show (a rule's
    segment, a badge's image...) are kept; the fields it shows are taken as posted, an emptied one removed."""
    fields = FORMS[kind](form)
    kept = {name: value for name, value in (saved or {}).items() if name not in fields}
    body = kept | {name: value for name, value in fields.items() if value is not None}
    return SPEC_TYPES[kind].model_validate(body, strict=False)  # form fields are text


def _save_form(state: AppState, request: Request, form: FormData, kind: Kind) -> Response:
    principal = form_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    return _save(state, request, principal, kind, lambda: _spec_from_form(kind, form))


@router.post("/rules")
def create_rule(state: State, request: Request, form: Posted) -> Response:
    return _save_form(state, request, form, Kind.RULE)


@router.post("/badges")
def create_badge(state: State, request: Request, form: Posted) -> Response:
    return _save_form(state, request, form, Kind.BADGE)


@router.post("/quests")
def create_quest(state: State, request: Request, form: Posted) -> Response:
    return _save_form(state, request, form, Kind.QUEST)


@router.post("/levels")
def create_level(state: State, request: Request, form: Posted) -> Response:
    return _save_form(state, request, form, Kind.LEVEL)


PLURALS = {Kind.RULE: "rules", Kind.BADGE: "badges", Kind.QUEST: "quests", Kind.LEVEL: "levels"}


def _values_of(kind: Kind, spec: Spec) -> dict[str, Any]:
    """A saved definition as its editor's fields (the names the form posts)."""
    body = spec.model_dump(mode="json", exclude_none=True)
    if kind is Kind.BADGE:
        criteria = body.pop("criteria")
        shape = spec.criteria.kind  # type: ignore[attr-defined]
        if shape == "member":
            criteria["member_condition"] = criteria.pop("condition")
        if shape == "all_of":
            criteria["all_of"] = ", ".join(criteria["all_of"])
        body |= criteria | {"criteria": shape}
    if kind is Kind.LEVEL:
        basis = next(name for name in LEVEL_BASES if name in body)
        body |= {"basis": basis, "threshold": body[basis]}
    return body


def _posted_values(form: FormData) -> dict[str, Any]:
    """What was posted, to show the form again as it was sent."""
    values: dict[str, Any] = {name: value for name, value in form.items() if isinstance(value, str)}
    types, conditions, counts = (form.getlist(f"step_{part}") for part in ("event_type", "condition", "count"))
    values["steps"] = [
        {"event_type": t, "condition": c, "count": n} for t, c, n in zip(types, conditions, counts, strict=False)
    ]
    values["ordered"] = form.get("ordered") == "on"
    return values


def _edit_page(
    state: AppState,
    request: Request,
    principal: Principal,
    token: str,
    kind: Kind,
    key: str,
    *,
    values: dict[str, Any] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A definition's editor, pre-filled with its current version (or with what was just posted and refused), and
    every version it has had."""
    with unit_of_work(state.engine, read_only=True) as session:
        history = definition_history(session, principal.tenant_id, kind, key)
        program = program_by_id(session, history[0].program_id).key
        badges = [spec_of(row) for row in list_definitions(session, principal.tenant_id, Kind.BADGE, program)]
    current = spec_of(history[0])
    return render(
        request,
        "admin/definition.html",
        status_code,
        kind=kind.value,
        plural=PLURALS[kind],
        key=key,
        program=program,
        values={**(values or _values_of(kind, current)), "key": key, "editing": True},
        history=[(row.version, row.created_at, row.is_current, row.body) for row in history],
        badges=badges,
        csrf=csrf_token(state, token),
        error=error,
        notice=request.query_params.get("notice"),
    )


def _open_editor(state: AppState, request: Request, kind: Kind, key: str) -> Response:
    try:
        principal, token = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    try:
        return _edit_page(state, request, principal, token, kind, key)
    except LaurelError as exc:
        return render(request, "admin/error.html", exc.status, message=exc.detail)


def _save_version(state: AppState, request: Request, form: FormData, kind: Kind, key: str) -> Response:
    """Save the edited form as the definition's next version, as `PUT /v1/{kind}s/{key}` does."""
    principal = form_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    _, token = signed_in(state, request)
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            row = definition_history(session, principal.tenant_id, kind, key)[0]
            saved = row.body | {"key": key, "program": program_by_id(session, row.program_id).key}
    except LaurelError as exc:
        return render(request, "admin/error.html", exc.status, message=exc.detail)
    limit = state.settings.max_expression_length
    try:
        spec = _spec_from_form(kind, form, saved)
        if spec.key != key:
            raise InvalidInput(f"key: the form's key {spec.key!r} differs from {key!r}", field="key")
        version = run_in_transaction(
            state.engine,
            lambda s: (
                save_definition(s, principal.tenant_id, kind, spec, replace=True, max_expression_length=limit).version
            ),
        )
    except (ValidationError, LaurelError) as exc:
        return _edit_page(
            state,
            request,
            principal,
            token,
            kind,
            key,
            values=_posted_values(form),
            error=reason_of(exc),
            status_code=422,
        )
    notice = console_words(request)["notices"]["version_saved"].format(
        kind=console_words(request)["kinds"][kind.value], key=key, version=version
    )
    return RedirectResponse(f"/admin/{PLURALS[kind]}/{quote(key)}?{urlencode({'notice': notice})}", status_code=303)


def _editor_routes(kind: Kind) -> None:
    def open_editor(state: State, request: Request, key: KeyPath) -> Response:
        return _open_editor(state, request, kind, key)

    def save_version(state: State, request: Request, key: KeyPath, form: Posted) -> Response:
        return _save_version(state, request, form, kind, key)

    router.add_api_route(f"/{PLURALS[kind]}/{{key}}", open_editor, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"/{PLURALS[kind]}/{{key}}", save_version, methods=["POST"])


for _kind in PLURALS:
    _editor_routes(_kind)


@router.post("/definitions")
def save_any_definition(
    state: State,
    request: Request,
    csrf: Annotated[str | None, Form(max_length=128)] = None,
    kind: Annotated[str, Form(max_length=16)] = "",
    body: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    """Medals, leaderboards and the rest, written as the API takes them (the form is the API's body)."""
    principal = form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    if kind not in {k.value for k in Kind}:
        return redirect_with_notice(request, "not_saved", reason=f"unknown kind {kind[:16]!r}")
    definition_kind = Kind(kind)
    return _save(
        state, request, principal, definition_kind, lambda: SPEC_TYPES[definition_kind].model_validate_json(body)
    )


def _save(
    state: AppState, request: Request, principal: Principal, kind: Kind, make_spec: Callable[[], Spec]
) -> Response:
    """Save a definition a console form describes, and say on the front page whether it worked and why not."""
    try:
        spec = make_spec()
        run_in_transaction(state.engine, lambda s: save_definition(s, principal.tenant_id, kind, spec, replace=False))
    except (ValidationError, LaurelError) as exc:
        return redirect_with_notice(request, "not_saved", reason=reason_of(exc))
    return redirect_with_notice(request, "saved", kind=console_words(request)["kinds"][kind.value], key=spec.key)


@router.post("/check-expression")
def check_expression(state: State, request: Request, body: dict[str, Any]) -> Response:
    """The CEL check behind the editors' as-you-type feedback: the same compiler and checks as saving, with the
    position of a syntax error."""
    sender = json_sender(state, request, request.headers.get("x-csrf-token"))
    if isinstance(sender, JSONResponse):
        return sender
    source = body.get("expression")
    field = body.get("field", "condition")
    if not isinstance(source, str) or field not in EXPRESSION_FIELDS:
        return JSONResponse(
            {"ok": False, "error": f"give `expression` (text) and `field` ({', '.join(EXPRESSION_FIELDS)})"},
            status_code=422,
        )
    if not source.strip():
        return JSONResponse({"ok": True})
    allowed, expected = EXPRESSION_FIELDS[field]
    try:
        compile_expression(source, field=field, expected=expected, allowed=allowed)
    except LaurelError as exc:
        position = POSITION.search(exc.detail)
        if position is None:
            return JSONResponse({"ok": False, "error": exc.detail, "line": None, "column": None})
        # The parser's own words from the position on: what is wrong there, and the line with a caret under it.
        error = exc.detail[position.end() :].strip()
        return JSONResponse({"ok": False, "error": error, "line": int(position[1]), "column": int(position[2])})
    return JSONResponse({"ok": True})


@router.post("/try/{kind}")
def try_definition(state: State, request: Request, kind: str, form: Posted) -> Response:
    """ "Try it on an event": what one event would do with the program's saved definitions plus this draft (in
    place of a saved one of the same key), for a member starting from zero. Nothing is written."""
    principal = json_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, JSONResponse):
        return principal
    try:
        if kind not in {k.value for k in FORMS}:
            raise InvalidInput(f"kind: one of {', '.join(k.value for k in FORMS)}", field="kind")
        draft_kind = Kind(kind)
        draft = _spec_from_form(draft_kind, form)
        properties = orjson.loads(form_text(form, "try_properties") or "{}")
        if not isinstance(properties, dict):
            raise InvalidInput("try_properties: a JSON object", field="try_properties")
        event_type = form_text(form, "try_event_type") or getattr(draft, "event_type", None)
        if event_type is None:
            raise InvalidInput("try_event_type: which event to try", field="try_event_type")
        with unit_of_work(state.engine, read_only=True) as session:
            saved = [
                (k, spec_of(row))
                for k in FORMS
                for row in list_definitions(session, principal.tenant_id, k)
                if (k, row.key) != (draft_kind, draft.key)
            ]
        now = datetime.now(UTC)
        outcome = Engine(rulebook_from_specs([*saved, (draft_kind, draft)]), UTC).evaluate(
            EventFacts("try", str(event_type), properties, "someone", now),
            MemberState(member_id=0, external_id="someone", attributes={}, joined_at=now),
        )
    except orjson.JSONDecodeError:
        return JSONResponse({"ok": False, "error": console_words(request)["try_bad_json"]})
    except (ValidationError, LaurelError) as exc:
        return JSONResponse({"ok": False, "error": reason_of(exc)})
    return JSONResponse({"ok": True, "effects": outcome.effects()})
