"""The HD seed is sealed with AES-GCM and derives standard BIP-44 addresses for EVM and Tron."""

import secrets
from pathlib import Path

import pytest
from eth_account.hdaccount import key_from_seed, seed_from_mnemonic
from eth_keys.datatypes import PrivateKey
from sqlalchemy import select
from sqlmodel import Session, SQLModel
from tronpy.keys import PrivateKey as TronPrivateKey

from core.db import create_db_engine
from wallets.keystore import Chain, KeyStore, KeyStoreError, MasterKey, address_of
from wallets.models import SealedSecret

# The well-known development mnemonic: its first EVM account is public knowledge.
DEV_MNEMONIC = "test test test test test test test test test test test junk"


def test_bip44_paths_give_the_standard_addresses() -> None:
    seed = seed_from_mnemonic(DEV_MNEMONIC, "")
    assert (
        address_of(Chain.EVM, key_from_seed(seed, "m/44'/60'/0'/0/0")) == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    )
    tron = address_of(Chain.TRON, key_from_seed(seed, "m/44'/195'/0'/0/0"))
    assert tron.startswith("T") and len(tron) == 34


def test_addresses_match_what_the_chain_libraries_derive() -> None:
    for _ in range(50):
        key = secrets.token_bytes(32)
        assert address_of(Chain.EVM, key) == PrivateKey(key).public_key.to_checksum_address()
        assert address_of(Chain.TRON, key) == TronPrivateKey(key).public_key.to_base58check_address()


@pytest.fixture()
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = create_db_engine(f"sqlite:///{tmp_path / 'k.db'}")
    SQLModel.metadata.create_all(engine, tables=[SealedSecret.__table__])  # type: ignore[attr-defined]
    yield engine
    engine.dispose()


def test_seed_is_sealed_and_reopened_with_the_same_key(engine) -> None:  # type: ignore[no-untyped-def]
    raw = secrets.token_bytes(32)
    first = KeyStore(MasterKey(raw=raw), engine)
    address = first.derive_address(Chain.EVM, 7).address
    assert KeyStore(MasterKey(raw=raw), engine).derive_address(Chain.EVM, 7).address == address
    with Session(engine) as session:
        record = session.scalar(select(SealedSecret))
    assert record is not None and first.seed() not in record.ciphertext
    with pytest.raises(KeyStoreError, match="does not open"):
        KeyStore(MasterKey(raw=secrets.token_bytes(32)), engine).seed()


def test_passphrase_key_goes_through_scrypt(engine) -> None:  # type: ignore[no-untyped-def]
    sealed = KeyStore(MasterKey(passphrase="correct horse"), engine)
    address = sealed.derive_address(Chain.TRON, 1).address
    assert KeyStore(MasterKey(passphrase="correct horse"), engine).derive_address(Chain.TRON, 1).address == address
    with pytest.raises(KeyStoreError):
        KeyStore(MasterKey(passphrase="wrong"), engine).seed()
    with pytest.raises(KeyStoreError, match="kdf"):
        KeyStore(MasterKey(raw=secrets.token_bytes(32)), engine).seed()


def test_master_key_must_be_32_bytes() -> None:
    with pytest.raises(KeyStoreError):
        MasterKey(raw=b"short")


def test_rotation_reseals_the_same_seed_under_a_new_key(engine) -> None:  # type: ignore[no-untyped-def]
    old, new = MasterKey(raw=secrets.token_bytes(32)), MasterKey(passphrase="new passphrase")
    store = KeyStore(old, engine)
    address = store.derive_address(Chain.EVM, 3).address

    store.rotate(new)

    assert KeyStore(new, engine).derive_address(Chain.EVM, 3).address == address
    with pytest.raises(KeyStoreError):
        KeyStore(old, engine).seed()


def test_corrupted_ciphertext_is_refused_not_misread(engine) -> None:  # type: ignore[no-untyped-def]
    raw = secrets.token_bytes(32)
    KeyStore(MasterKey(raw=raw), engine).seed()
    with Session(engine) as session:
        record = session.scalar(select(SealedSecret))
        assert record is not None
        record.ciphertext = bytes([record.ciphertext[0] ^ 1]) + record.ciphertext[1:]
        session.commit()

    with pytest.raises(KeyStoreError, match="does not open"):
        KeyStore(MasterKey(raw=raw), engine).seed()


def test_member_keys_from_the_remembered_branch_are_the_full_paths_keys(engine) -> None:  # type: ignore[no-untyped-def]
    store = KeyStore(MasterKey(raw=secrets.token_bytes(32)), engine)
    for chain in Chain:
        for index in (0, 1, 7, 123_456, 2**31 - 1, 2**31):
            key, path = store.private_key(chain, index)
            assert key == key_from_seed(store.seed(), path)
            assert store.derive_address(chain, index).address == address_of(chain, key)
