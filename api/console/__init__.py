"""The admin console at `/admin`: server-rendered pages behind a login with an admin API key, a module per page
sharing `base` (session, CSRF, language, rendering)."""

from fastapi import APIRouter

from api.console import branding, dashboard, definitions, loyalty, members, people, signin, till

router = APIRouter(include_in_schema=False)
for page in (signin, dashboard, definitions, loyalty, people, members, till, branding):
    router.include_router(page.router)
