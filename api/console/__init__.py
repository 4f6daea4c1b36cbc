"""The admin console at `/admin`: server-rendered pages behind a login with an admin API key."""

from api.console.definitions import router

__all__ = ["router"]
