"""Page links: a signed claim round-trips; any change to it, or its expiry, makes it worthless."""

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from api.page_links import PageClaim, sign, verify
from core.db import create_db_engine
from core.errors import NotFound
from wallets.keystore import KeyStore, MasterKey
from wallets.models import SealedSecret


@pytest.fixture()
def keystore(tmp_path: Path) -> KeyStore:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'k.db'}")
    SQLModel.metadata.create_all(engine, tables=[SealedSecret.__table__])  # type: ignore[attr-defined]
    return KeyStore(MasterKey(raw=secrets.token_bytes(32)), engine)


def test_a_signed_claim_round_trips_until_it_expires(keystore: KeyStore) -> None:
    until = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    token = sign(keystore, PageClaim("ten_x", "member-1", until))
    assert verify(keystore, token) == PageClaim("ten_x", "member-1", until)
    with pytest.raises(NotFound, match="expired"):
        verify(keystore, token, now=until)


def test_any_change_to_a_link_is_refused(keystore: KeyStore, tmp_path: Path) -> None:
    token = sign(keystore, PageClaim("ten_x", "m", datetime.now(UTC) + timedelta(days=1)))
    body, mac = token.split(".")
    for bad in (f"{body}A.{mac}", f"{body}.{mac[::-1]}", body, "", "..", f"{mac}.{body}"):
        with pytest.raises(NotFound):
            verify(keystore, bad)
    other_engine = create_db_engine(f"sqlite:///{tmp_path / 'other.db'}")
    SQLModel.metadata.create_all(other_engine, tables=[SealedSecret.__table__])  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        verify(KeyStore(MasterKey(raw=secrets.token_bytes(32)), other_engine), token)


def test_every_language_has_every_string() -> None:
    from api.pages import STRINGS

    assert set(STRINGS) >= {"en", "ru"}
    assert all(table.keys() == STRINGS["en"].keys() for table in STRINGS.values())
