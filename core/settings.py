"""All configuration in one object, read from `LAUREL_*` environment variables (or a `.env` file)."""

from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LAUREL_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("./var"), description="Local state: SQLite database, master key file, devnets.")
    database_url: str = Field("", description="SQLAlchemy URL; empty means SQLite under data_dir.")
    admin_token: SecretStr | None = Field(None, description="Bearer token allowed to create tenants.")
    master_key: SecretStr | None = Field(None, description="32-byte key (hex or base64) sealing the HD seed.")
    master_passphrase: SecretStr | None = Field(None, description="Passphrase turned into the key by scrypt.")
    auto_migrate: bool = True
    log_level: str = "INFO"
    log_json: bool = False
    redis_url: str = ""
    db_pool_size: int = Field(10, ge=1, le=200)
    max_batch_events: int = Field(1000, ge=1, le=10_000)
    max_event_bytes: int = Field(32_768, ge=256, description="Largest accepted event `properties`, as JSON.")
    max_expression_length: int = Field(2_000, ge=16)

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @cached_property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'laurel.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")
