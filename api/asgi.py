"""ASGI entry point for `laurel serve` and any ASGI server: settings come from the environment."""

from api.app import create_app

app = create_app()
