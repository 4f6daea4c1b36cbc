"""Settings come from LAUREL_* variables; the embedded default is SQLite under the data dir."""

from pathlib import Path

import pytest

from core.db import normalise_url
from core.settings import Settings


def test_default_database_is_sqlite_under_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LAUREL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LAUREL_DATABASE_URL", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'laurel.db'}"
    assert settings.is_sqlite


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUREL_DATABASE_URL", "postgresql://u@db/laurel")
    monkeypatch.setenv("LAUREL_ADMIN_TOKEN", "s3cret")
    monkeypatch.setenv("LAUREL_MAX_BATCH_EVENTS", "500")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert not settings.is_sqlite
    assert settings.admin_token is not None and settings.admin_token.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings)
    assert settings.max_batch_events == 500


def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUREL_MAX_BATCH_EVENTS", "0")
    with pytest.raises(ValueError, match="max_batch_events"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_plain_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgresql://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
