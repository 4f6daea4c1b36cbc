"""The encrypted HD seed and BIP-44 derivation of custodial keys.

The master key comes from `LAUREL_MASTER_KEY` (32 bytes, hex or base64), from `LAUREL_MASTER_PASSPHRASE` through
scrypt, or — on the embedded default only — from a key file created under the data dir. The database holds the
seed only as AES-GCM ciphertext; private keys are derived in memory when needed and never stored or logged.
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import base58
import coincurve
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from eth_account.hdaccount import key_from_seed
from eth_account.hdaccount.deterministic import Node, derive_child_key
from eth_keys.datatypes import PrivateKey
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from sqlalchemy import Engine

from core.db import unit_of_work, upsert_dialect
from core.errors import LaurelError
from core.settings import Settings
from core.types import utcnow
from wallets.models import SealedSecret

SEED_NAME = "hd-seed"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


class Chain(StrEnum):
    EVM = "evm"
    TRON = "tron"


COIN_TYPES = {Chain.EVM: 60, Chain.TRON: 195}
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
SOFT_INDEXES = 2**31
TRON_ADDRESS_PREFIX = b"\x41"


class KeyStoreError(LaurelError):
    status, title, slug = 500, "Key store unavailable", "key-store"


@dataclass(frozen=True)
class _Branch:
    """An extended private key (BIP-32) whose soft children are derived in one step: its public point, which
    each child's HMAC needs, is computed once instead of once per child."""

    key: int
    chain_code: bytes
    public_point: bytes

    @classmethod
    def at(cls, seed: bytes, path: str) -> "_Branch":
        master = hmac.new(b"Bitcoin seed", seed, hashlib.sha512).digest()
        key, chain_code = master[:32], master[32:]
        for part in path.split("/")[1:]:
            key, chain_code = derive_child_key(key, chain_code, Node.decode(part))
        return cls(int.from_bytes(key), chain_code, PrivateKey(key).public_key.to_compressed_bytes())

    def soft_child(self, index: int) -> bytes | None:
        """The child key at `index` (< 2^31), or None in the ~2^-127 case BIP-32 skips to the next index."""
        digest = hmac.new(self.chain_code, self.public_point + index.to_bytes(4, "big"), hashlib.sha512).digest()
        tweak = int.from_bytes(digest[:32])
        child = (tweak + self.key) % SECP256K1_N
        if tweak >= SECP256K1_N or child == 0:
            return None
        return child.to_bytes(32, "big")


@dataclass(frozen=True)
class DerivedAddress:
    chain: Chain
    address: str
    path: str


class MasterKey:
    """Turns the configured secret into the AES key for one sealed record (scrypt needs that record's salt)."""

    def __init__(self, *, raw: bytes | None = None, passphrase: str | None = None) -> None:
        if (raw is None) == (passphrase is None):
            raise ValueError("give exactly one of raw key or passphrase")
        if raw is not None and len(raw) != 32:
            raise KeyStoreError("LAUREL_MASTER_KEY must be 32 bytes, hex or base64 encoded")
        self._raw = raw
        self._passphrase = passphrase

    @property
    def kdf(self) -> str:
        return "raw" if self._raw is not None else "scrypt"

    def aes_key(self, kdf: str, salt: bytes) -> bytes:
        if kdf != self.kdf:
            raise KeyStoreError(f"the key store was sealed with kdf {kdf!r}, but a {self.kdf!r} key is configured")
        if self._raw is not None:
            return self._raw
        assert self._passphrase is not None
        return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(self._passphrase.encode())

    @classmethod
    def from_text(cls, text: str, *, passphrase: bool) -> "MasterKey":
        """A key typed by an operator: a passphrase, or 32 bytes in hex or base64."""
        return cls(passphrase=text) if passphrase else cls(raw=_decode_key(text))

    @classmethod
    def from_settings(cls, settings: Settings) -> "MasterKey":
        if settings.master_key is not None:
            return cls(raw=_decode_key(settings.master_key.get_secret_value()))
        if settings.master_passphrase is not None:
            return cls(passphrase=settings.master_passphrase.get_secret_value())
        return cls(raw=_key_file(settings.data_dir / "master.key"))


def _decode_key(text: str) -> bytes:
    text = text.strip()
    try:
        return bytes.fromhex(text.removeprefix("0x"))
    except ValueError:
        pass
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise KeyStoreError("LAUREL_MASTER_KEY is neither hex nor base64") from exc


def replace_key_file(settings: Settings, key_text: str) -> Path:
    """Write a new embedded-default key file (after a rotation), replacing the old one atomically."""
    raw = _decode_key(key_text)
    path = settings.data_dir / "master.key"
    staged = path.with_suffix(".key.new")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(raw.hex())
    staged.replace(path)
    return path


def _key_file(path: Path) -> bytes:
    """The embedded default's key: created once with owner-only permissions, next to the database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _decode_key(path.read_text())
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return _decode_key(path.read_text())


ADDRESS_MEMO_SIZE = 100_000


class KeyStore:
    """Opens (or creates, once) the sealed HD seed and derives custodial keys from it."""

    def __init__(self, master_key: MasterKey, engine: Engine) -> None:
        self._master_key = master_key
        self._engine = engine
        self._seed: bytes | None = None
        self._lock = threading.Lock()
        self._addresses: dict[tuple[Chain, int], DerivedAddress] = {}
        self._branches: dict[Chain, _Branch] = {}

    def seed(self) -> bytes:
        with self._lock:
            if self._seed is None:
                self._seed = self._open_or_create()
            return self._seed

    def _open_or_create(self) -> bytes:
        # Its own committed transaction, never a caller's: a seed that was used to derive addresses must not
        # vanish with a rolled-back request. Concurrent first starts agree on one seed: the first insert wins.
        with unit_of_work(self._engine) as session:
            salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
            key = self._master_key.aes_key(self._master_key.kdf, salt)
            ciphertext = AESGCM(key).encrypt(nonce, secrets.token_bytes(64), SEED_NAME.encode())
            session.execute(
                upsert_dialect(self._engine)
                .insert(SealedSecret)
                .values(
                    name=SEED_NAME,
                    kdf=self._master_key.kdf,
                    salt=salt,
                    nonce=nonce,
                    ciphertext=ciphertext,
                    created_at=utcnow(),
                )
                .on_conflict_do_nothing(index_elements=["name"])
            )
            record = session.get(SealedSecret, SEED_NAME, populate_existing=True)
            assert record is not None
        key = self._master_key.aes_key(record.kdf, record.salt)
        try:
            return AESGCM(key).decrypt(record.nonce, record.ciphertext, SEED_NAME.encode())
        except InvalidTag as exc:
            raise KeyStoreError("the configured master key does not open the key store") from exc

    def seal(self, plaintext: bytes, purpose: str) -> bytes:
        """Encrypt a small secret (a webhook signing key, say) under a key derived from the seed for `purpose`."""
        nonce = secrets.token_bytes(12)
        return nonce + AESGCM(self.derived_key(purpose)).encrypt(nonce, plaintext, purpose.encode())

    def unseal(self, sealed: bytes, purpose: str) -> bytes:
        try:
            return AESGCM(self.derived_key(purpose)).decrypt(sealed[:12], sealed[12:], purpose.encode())
        except InvalidTag as exc:
            raise KeyStoreError(f"a sealed {purpose} secret does not open with this key store") from exc

    def derived_key(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose (sealing webhook secrets, signing page links), derived from the seed:
        no second secret to store or lose."""
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"laurel:{purpose}".encode()).derive(
            self.seed()
        )

    def rotate(self, new_master_key: MasterKey) -> None:
        """Re-seal the seed under a new master key. The seed itself stays, so every derived address and key stays;
        the current master key must still open it. Start the service with the new key afterwards."""
        seed = self.seed()
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        aes_key = new_master_key.aes_key(new_master_key.kdf, salt)
        ciphertext = AESGCM(aes_key).encrypt(nonce, seed, SEED_NAME.encode())
        with unit_of_work(self._engine) as session:
            record = session.get(SealedSecret, SEED_NAME, with_for_update=True, populate_existing=True)
            assert record is not None, "a seed that was just opened is in the database"
            record.kdf, record.salt, record.nonce, record.ciphertext = new_master_key.kdf, salt, nonce, ciphertext
        self._master_key = new_master_key

    def private_key(self, chain: Chain, index: int) -> tuple[bytes, str]:
        """A member's key, m/44'/<coin>'/0'/0/<index>: one step from the members' branch, which is derived once
        (the full path costs five elliptic-curve multiplications, a first payout to a thousand members seconds)."""
        path = f"m/44'/{COIN_TYPES[chain]}'/0'/0/{index}"
        key = self._members_branch(chain).soft_child(index) if 0 <= index < SOFT_INDEXES else None
        return key if key is not None else key_from_seed(self.seed(), path), path

    def _members_branch(self, chain: Chain) -> _Branch:
        branch = self._branches.get(chain)
        if branch is None:
            branch = self._branches[chain] = _Branch.at(self.seed(), f"m/44'/{COIN_TYPES[chain]}'/0'/0")
        return branch

    def treasury_key(self, chain: Chain) -> bytes:
        """The service's own signing key (minter, fee payer): BIP-44 account 1, apart from members' account 0."""
        return key_from_seed(self.seed(), f"m/44'/{COIN_TYPES[chain]}'/1'/0/0")

    def minter_lane_key(self, chain: Chain, lane: int) -> bytes:
        """The key of an extra minter lane (lane ≥ 1): the treasury key's siblings, m/44'/<coin>'/1'/0/<lane>."""
        if lane < 1:
            raise ValueError("lane 0 is the minter key itself")
        return key_from_seed(self.seed(), f"m/44'/{COIN_TYPES[chain]}'/1'/0/{lane}")

    def derive_address(self, chain: Chain, index: int) -> DerivedAddress:
        """A member's address; remembered (it is public and never changes) because deriving it costs a
        couple of milliseconds, which a read path such as a balance would otherwise pay on every request."""
        found = self._addresses.get((chain, index))
        if found is None:
            key, path = self.private_key(chain, index)
            found = DerivedAddress(chain=chain, address=address_of(chain, key), path=path)
            if len(self._addresses) >= ADDRESS_MEMO_SIZE:
                self._addresses.clear()
            self._addresses[(chain, index)] = found
        return found


def address_of(chain: Chain, private_key: bytes) -> str:
    """The account of a key: the last 20 bytes of the Keccak-256 of its public point, checksummed (EVM) or
    base58check with Tron's 0x41 prefix. One point multiplication: the key classes of eth-keys and tronpy compute
    two public keys each (coincurve's x-only one too), which made a first payout to a new member a third dearer."""
    point = coincurve.PublicKey.from_valid_secret(private_key).format(compressed=False)[1:]
    account = keccak(point)[-20:]
    if chain is Chain.EVM:
        return str(to_checksum_address(account))
    return str(base58.b58encode_check(TRON_ADDRESS_PREFIX + account).decode())
