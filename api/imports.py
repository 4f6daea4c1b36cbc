"""Bulk imports: upload a CSV of members or point adjustments; the worker applies it; poll its progress."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import Admin, State
from api.schemas import Key
from core.db import run_in_transaction, unit_of_work
from targeting.imports import create_import, get_import
from targeting.models import ImportJob
from worker.tasks import nudge_imports

router = APIRouter(prefix="/v1/imports", tags=["imports"])


class ImportKind(StrEnum):
    MEMBERS = "members"
    POINTS = "points"


class ImportOut(BaseModel):
    id: str
    kind: str
    status: str
    rows: int
    done: int
    applied: int
    error_count: int
    errors: list[dict[str, Any]]
    sha256: str
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: ImportJob) -> "ImportOut":
        return cls(**job.model_dump(exclude={"content", "tenant_id", "program_id"}))


def _upload(kind: ImportKind) -> Any:
    async def post_import(
        request: Request,
        principal: Admin,
        state: State,
        response: Response,
        program: Annotated[Key | None, Query(description="Program key; `default` when omitted.")] = None,
    ) -> ImportOut:
        content = await request.body()
        upload = await run_in_threadpool(
            run_in_transaction,
            state.engine,
            lambda s: create_import(s, principal.tenant_id, kind.value, content, program),
        )
        if not upload.created:
            response.status_code = status.HTTP_200_OK
        elif upload.job.status != "done" and state.queue is not None:
            nudge_imports(state.queue, upload.job.id)
        return ImportOut.of(upload.job)

    return post_import


# One route per kind rather than `/{kind}`: a path parameter would also take POST /v1/imports/<an import id>, which
# must be a 405 (only GET reads an import).
for _kind in ImportKind:
    router.add_api_route(
        f"/{_kind.value}",
        _upload(_kind),
        methods=["POST"],
        status_code=status.HTTP_202_ACCEPTED,
        name=f"post_import_{_kind.value}",
        summary=f"Upload a CSV of {_kind.value} (the request body, text/csv); the same file again gives its import",
    )


@router.get("/{import_id}", summary="An import's progress: status, rows, done, and per-row errors")
def get_import_progress(
    import_id: Annotated[str, Path(min_length=1, max_length=40)], principal: Admin, state: State
) -> ImportOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return ImportOut.of(get_import(session, principal.tenant_id, import_id))
