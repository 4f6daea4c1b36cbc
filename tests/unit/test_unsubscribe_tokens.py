"""Every unsubscribe link Laurel signs reads back, whatever bytes its MAC happens to hold; a changed one does not."""

import base64
import secrets
from pathlib import Path

from sqlmodel import SQLModel

from core.db import create_db_engine
from notifications.email import read_unsubscribe_token, unsubscribe_token
from wallets.keystore import KeyStore, MasterKey
from wallets.models import SealedSecret


def test_every_signed_token_reads_back_and_a_changed_one_does_not(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'k.db'}")
    SQLModel.metadata.create_all(engine, tables=[SealedSecret.__table__])  # type: ignore[attr-defined]
    keystore = KeyStore(MasterKey(raw=secrets.token_bytes(32)), engine)
    # One MAC in sixteen holds a `|` byte: a thousand members cover that case many times over.
    for member_id in range(1, 1001):
        token = unsubscribe_token(keystore, "ten_1", member_id, "points.earned")
        assert read_unsubscribe_token(keystore, token) == ("ten_1", member_id, "points.earned")
    signed = base64.urlsafe_b64decode(unsubscribe_token(keystore, "ten_1", 7, "points.earned") + "==")
    another_member = base64.urlsafe_b64encode(signed.replace(b"|7|", b"|8|", 1)).decode()
    assert read_unsubscribe_token(keystore, another_member) is None
    assert read_unsubscribe_token(keystore, "not a token at all") is None
