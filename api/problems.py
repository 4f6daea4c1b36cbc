"""Every error leaves as RFC 9457 problem+json: domain errors, validation errors, HTTP errors, and crashes."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import LaurelError
from core.logging import get_logger

log = get_logger(__name__)
PROBLEM_BASE = "https://laurel.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
RETRY_AFTER_S = "2"


def problem(status: int, title: str, detail: str, slug: str, **extra: Any) -> JSONResponse:
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def problem_body(error: LaurelError) -> dict[str, Any]:
    return {
        "type": PROBLEM_BASE + error.slug,
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        **error.extra,
    }


def describe_validation_errors(errors: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    """A readable one-line summary plus the field-by-field list (input values left out: they may be huge)."""
    fields = [
        {"field": "body", "message": f"not valid JSON ({err.get('ctx', {}).get('error', 'parse error')})"}
        if err.get("type") == "json_invalid"
        else {
            "field": ".".join(str(part) for part in err.get("loc", ()) if part != "body") or "body",
            "message": err.get("msg", "invalid"),
        }
        for err in errors
    ]
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    return summary or "invalid request body", fields


def allowed_methods(request: Request) -> str:
    """Every method the path's route template takes: Starlette's own 405 names only the first route that matched,
    and a template's GET and PUT often live in two routes. The template is the first that matches, as in routing."""
    path = request.scope.get("path", "")
    routes = [route for route in iter_route_contexts(request.app.router.routes) if route.methods]
    template = next((route.path_format for route in routes if route.path_regex.match(path)), None)
    methods = {method for route in routes if route.path_format == template for method in route.methods or ()}
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    @app.exception_handler(LaurelError)
    async def _domain(_: Request, exc: LaurelError) -> JSONResponse:
        if exc.status >= 500:
            log.error("internal error", error=exc.detail)
        return problem(exc.status, exc.title, exc.detail, exc.slug, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        summary, fields = describe_validation_errors(list(exc.errors()))
        return problem(422, "Invalid input", summary, "invalid-input", errors=fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        answer = problem(exc.status_code, str(exc.detail), str(exc.detail), f"http-{exc.status_code}")
        answer.headers.update(exc.headers or {})
        if exc.status_code == 405:
            answer.headers["Allow"] = allowed_methods(request)
        return answer

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        # The database is down, restarting or out of space: nothing was written (the transaction rolled back), so
        # the client may send the same request again; idempotency keeps a retry from awarding twice.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        log.warning("database unavailable", path=request.url.path, reason=reason)
        if "disk is full" in reason or "No space left" in reason:
            detail = "the database's disk is full; nothing was written"
            answer = problem(507, "Insufficient storage", detail, "insufficient-storage")
        else:
            detail = "the database is unavailable; nothing was written, send the request again"
            answer = problem(503, "Database unavailable", detail, "database-unavailable")
        answer.headers["Retry-After"] = RETRY_AFTER_S
        return answer

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", path=request.url.path, error_type=type(exc).__name__)
        return problem(500, "Internal error", "the server failed to handle this request", "internal")
