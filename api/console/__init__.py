"""The admin console at `/admin`: server-rendered pages behind a sign-in (a staff user's email and password, or an
operator's admin API key), a module per page sharing `base` (session, roles, CSRF, language, rendering)."""

from fastapi import APIRouter

from api.console import branding, dashboard, definitions, loyalty, members, people, signin, staff, till

router = APIRouter(include_in_schema=False)
for page in (signin, dashboard, definitions, loyalty, people, members, till, branding, staff):
    router.include_router(page.router)
