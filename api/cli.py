"""The `laurel` command line."""

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from pydantic import SecretStr
from rich.console import Console
from sqlalchemy import Engine

from api.app import create_app
from core import migrate as migrations
from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from core.tenancy import create_tenant

app = typer.Typer(
    help="Laurel: rewards and achievements, backed by a ledger and custodial wallets.", no_args_is_help=True
)
console = Console()
Host = Annotated[str, typer.Option(help="Interface to listen on.")]
Port = Annotated[int, typer.Option(help="TCP port.")]


@app.command()
def migrate() -> None:
    """Apply pending database migrations."""
    settings = Settings()
    migrations.upgrade(engine_from_settings(settings))
    console.print(f"migrated {settings.effective_database_url.split('@')[-1]}")


@app.command()
def serve(host: Host = "127.0.0.1", port: Port = 8000, workers: int = 1) -> None:
    """Run the HTTP API alone (migrates first unless LAUREL_AUTO_MIGRATE=false)."""
    uvicorn.run("api.asgi:app", host=host, port=port, workers=workers, log_level="warning", access_log=False)


@app.command()
def up(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """The whole stack on embedded defaults: migrates, creates a demo tenant on first start, serves the API."""
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    admin_token = _admin_token(settings)
    settings = settings.model_copy(update={"admin_token": admin_token})
    engine = engine_from_settings(settings)
    migrations.upgrade(engine)
    demo_key = _demo_key(settings, engine)
    url = f"http://{host}:{port}"
    console.print(f"[bold]Laurel[/bold] on {url}  (API docs: {url}/docs)")
    console.print(f"admin token:   {admin_token.get_secret_value()}  (stored in {settings.data_dir / 'admin.token'})")
    console.print(f"demo API key:  {demo_key}  (stored in {settings.data_dir / 'demo.key'})")
    console.print("Ctrl-C stops everything.")
    engine.dispose()
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False)


def _admin_token(settings: Settings) -> SecretStr:
    if settings.admin_token is not None:
        return settings.admin_token
    return SecretStr(_read_or_create(settings.data_dir / "admin.token", lambda: secrets.token_urlsafe(32)))


def _demo_key(settings: Settings, engine: Engine) -> str:
    def create() -> str:
        with unit_of_work(engine) as session:
            _, token = create_tenant(session, "Demo")
        return token

    return _read_or_create(settings.data_dir / "demo.key", create)


def _read_or_create(path: Path, make: Callable[[], str]) -> str:
    if path.exists():
        return path.read_text().strip()
    value = make()
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value
