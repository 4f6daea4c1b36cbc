"""Staff accounts: console users of a tenant, invited by email and role (admin API key)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, status
from pydantic import BaseModel, Field

from api.console.signin import invitation_link
from api.deps import Admin, State
from core.db import unit_of_work
from core.staff import EMAIL_PATTERN, Role, StaffUser, get_staff, invite, list_staff, remove
from core.strict import ByValue, StrictInput
from notifications.invitations import send_invitation

router = APIRouter(prefix="/v1/staff", tags=["staff"])
StaffPath = Annotated[str, Path(min_length=1, max_length=40)]


class StaffIn(StrictInput):
    email: str = Field(min_length=3, max_length=254, pattern=EMAIL_PATTERN)
    role: Annotated[Role, ByValue]


class StaffOut(BaseModel):
    id: str
    email: str
    role: Role
    status: str = Field(description="`invited` until the password is set, then `active`; `removed` once deleted.")
    created_at: datetime
    accepted_at: datetime | None

    @classmethod
    def of(cls, user: StaffUser) -> "StaffOut":
        state = "removed" if user.removed_at else "active" if user.accepted_at else "invited"
        return cls(
            id=user.id,
            email=user.email,
            role=Role(user.role),
            status=state,
            created_at=user.created_at,
            accepted_at=user.accepted_at,
        )


class InvitationOut(StaffOut):
    invitation_url: str = Field(description="Opened by the invitee to set a password; works once.")
    invitation_expires_at: datetime
    emailed: bool = Field(description="Whether the link was also sent by email (when SMTP is configured).")


def invite_staff(state: State, request: Request, tenant_id: str, actor: str, email: str, role: Role) -> InvitationOut:
    """Shared by the API and the console's staff page."""
    with unit_of_work(state.engine) as session:
        user = invite(session, tenant_id, email, role.value, actor)
        link, expires = invitation_link(state, request, user)
        out = StaffOut.of(user)
    emailed = send_invitation(state.settings, out.email, link)
    return InvitationOut(**out.model_dump(), invitation_url=link, invitation_expires_at=expires, emailed=emailed)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Invite a console user with a role")
def post_staff(body: StaffIn, principal: Admin, state: State, request: Request) -> InvitationOut:
    return invite_staff(state, request, principal.tenant_id, f"key:{principal.key_id}", body.email, body.role)


@router.get("", summary="The tenant's console users")
def get_staff_list(principal: Admin, state: State) -> list[StaffOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [StaffOut.of(user) for user in list_staff(session, principal.tenant_id)]


@router.get("/{staff_id}", summary="One console user")
def get_staff_user(staff_id: StaffPath, principal: Admin, state: State) -> StaffOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return StaffOut.of(get_staff(session, principal.tenant_id, staff_id))


@router.delete("/{staff_id}", summary="Remove a console user; every session they hold ends at once")
def delete_staff(staff_id: StaffPath, principal: Admin, state: State) -> StaffOut:
    with unit_of_work(state.engine) as session:
        return StaffOut.of(remove(session, principal.tenant_id, staff_id))
