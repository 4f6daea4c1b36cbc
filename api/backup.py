"""`laurel backup` and `laurel restore`: one archive holding the database (SQLite through its online backup API, so
the stack keeps serving; PostgreSQL through pg_dump), the embedded master key file when the data dir uses one (the
sealed seed lives in the database: with its key, a restored stack derives the same addresses and can sign), the
records of deployed tokens and the local devnets' state.

An archive holding the key file is as secret as the key: it is written owner-only.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from core.db import engine_from_settings
from core.errors import LaurelError
from core.settings import Settings
from wallets.keystore import KeyStore, MasterKey

FORMAT = 1
DATABASE_SQLITE = "laurel.db"
DATABASE_DUMP = "database.dump"
KEY_FILE = "master.key"
# Files of the data dir that travel with the database: token records, the embedded stack's tokens and devnets.
DATA_FILES = ("evm-contracts.json", "tron-contracts.json", "admin.token", "demo.key", "anvil/anvil-state.json")
SQLITE_DATA_FILES = ("tron-devnet.sqlite3",)


class BackupError(LaurelError):
    title, slug = "Backup failed", "backup-failed"


def backup(settings: Settings, archive: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest."""
    if archive.exists():
        raise BackupError(f"{archive} exists already: give a new path")
    with tempfile.TemporaryDirectory(prefix="laurel-backup-") as tmp:
        staging = Path(tmp)
        if settings.is_sqlite:
            _sqlite_copy(settings.data_dir / DATABASE_SQLITE, staging / DATABASE_SQLITE)
            database = DATABASE_SQLITE
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={staging / DATABASE_DUMP}", _libpq(settings)])
            database = DATABASE_DUMP
        files = [database]
        if settings.master_key is None and settings.master_passphrase is None:
            key_file = settings.data_dir / KEY_FILE
            if key_file.is_file():
                shutil.copy2(key_file, staging / KEY_FILE)
                files.append(KEY_FILE)
        for name in DATA_FILES:
            if (settings.data_dir / name).is_file():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(settings.data_dir / name, staging / name)
                files.append(name)
        for name in SQLITE_DATA_FILES:
            if (settings.data_dir / name).is_file():
                _sqlite_copy(settings.data_dir / name, staging / name)
                files.append(name)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "dialect": "sqlite" if settings.is_sqlite else "postgresql",
            "database": database,
            "files": {name: _sha256(staging / name) for name in files},
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        archive.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
            tar.add(staging / "manifest.json", arcname="manifest.json")
            for name in files:
                tar.add(staging / name, arcname=name)
    return manifest


def restore(settings: Settings, archive: Path) -> dict[str, Any]:
    """Restore the archive into the configured data dir and database, which must hold no Laurel data yet; then check
    that the configured master key (or the restored key file) opens the restored seed."""
    if not archive.is_file():
        raise BackupError(f"no backup at {archive}")
    with tempfile.TemporaryDirectory(prefix="laurel-restore-") as tmp:
        staging = Path(tmp)
        try:
            with tarfile.open(archive, mode="r:gz") as tar:
                tar.extractall(staging, filter="data")
            manifest: dict[str, Any] = json.loads((staging / "manifest.json").read_text())
        except (tarfile.TarError, OSError, ValueError) as exc:
            raise BackupError(f"{archive} is not a Laurel backup: {exc}") from exc
        for name, digest in manifest["files"].items():
            if _sha256(staging / name) != digest:
                raise BackupError(f"{archive} is damaged: {name} does not match its checksum")
        dialect = "sqlite" if settings.is_sqlite else "postgresql"
        if manifest["dialect"] != dialect:
            raise BackupError(f"the backup holds a {manifest['dialect']} database, the configured one is {dialect}")
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        _refuse_to_overwrite(settings)
        for name in manifest["files"]:
            if name == DATABASE_DUMP:
                continue
            if name == KEY_FILE and (settings.master_key is not None or settings.master_passphrase is not None):
                continue  # the configured key is what opens the seed
            target = settings.data_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(staging / name, target)
        if manifest["database"] == DATABASE_DUMP:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    f"--dbname={_libpq(settings)}",
                    str(staging / DATABASE_DUMP),
                ]
            )
    engine = engine_from_settings(settings)
    try:
        KeyStore(MasterKey.from_settings(settings), engine).seed()
    finally:
        engine.dispose()
    return manifest


def _refuse_to_overwrite(settings: Settings) -> None:
    if (settings.data_dir / KEY_FILE).exists() and settings.master_key is None and settings.master_passphrase is None:
        raise BackupError(f"{settings.data_dir} has a master key file already: restore into a new LAUREL_DATA_DIR")
    if settings.is_sqlite:
        if (settings.data_dir / DATABASE_SQLITE).exists():
            raise BackupError(f"{settings.data_dir / DATABASE_SQLITE} exists: restore into a new LAUREL_DATA_DIR")
        return
    engine = engine_from_settings(settings)
    try:
        tables = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise BackupError("the configured PostgreSQL database has tables already: restore into an empty database")


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database: the online backup API copies pages while writers go on."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst, pages=1024)


def _libpq(settings: Settings) -> str:
    """The SQLAlchemy URL as libpq takes it (no driver suffix)."""
    url = make_url(settings.effective_database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(argv: list[str]) -> None:
    try:
        subprocess.run(argv, check=True, capture_output=True, text=True)  # noqa: S603 - fixed tools, our arguments
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is not installed (PostgreSQL's client tools)") from exc
    except subprocess.CalledProcessError as exc:
        last = (exc.stderr or "").strip().splitlines()[-1:] or [f"exit status {exc.returncode}"]
        raise BackupError(f"{argv[0]} failed: {last[0]}") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
