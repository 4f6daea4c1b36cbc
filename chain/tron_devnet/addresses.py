"""Tron's three spellings of one address: base58check `T…`, 21-byte `0x41…` hex, and the TVM's 20 bytes.

The chain keeps 21-byte addresses (0x41 prefix) everywhere outside the EVM; inside it, as in Ethereum, an
address is the last 20 bytes. Clients may send either the base58check or the hex form.
"""

from __future__ import annotations

import hashlib

from eth_utils.crypto import keccak

ADDRESS_PREFIX = 0x41
ADDRESS_SIZE = 21
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class BadAddress(ValueError):
    """Not a Tron address in any of the accepted spellings."""


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]


def b58check_encode(payload: bytes) -> str:
    data = payload + _checksum(payload)
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = _ALPHABET[rest] + digits
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + digits


def b58check_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _ALPHABET.find(char)
        if index < 0:
            raise BadAddress(f"{text!r} is not base58")
        number = number * 58 + index
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    data = b"\0" * leading_zeros + body
    payload, checksum = data[:-4], data[-4:]
    if len(data) < 5 or _checksum(payload) != checksum:
        raise BadAddress(f"{text!r} fails its base58check checksum")
    return payload


def parse_address(value: str | bytes) -> bytes:
    """The 21-byte address from base58check (`T…`), hex (`41…`, `0x41…`) or raw bytes; raises BadAddress."""
    if isinstance(value, bytes):
        raw = value
    elif value.startswith("T"):
        raw = b58check_decode(value)
    else:
        try:
            raw = bytes.fromhex(value.removeprefix("0x"))
        except ValueError as exc:
            raise BadAddress(f"{value!r} is neither base58check nor hex") from exc
    if len(raw) != ADDRESS_SIZE or raw[0] != ADDRESS_PREFIX:
        raise BadAddress(f"{value!r} is not a 21-byte address starting with 0x41")
    return raw


def to_base58(address: bytes) -> str:
    return b58check_encode(address)


def to_tvm(address: bytes) -> bytes:
    """The 20 bytes the EVM sees."""
    return address[1:]


def from_tvm(address: bytes) -> bytes:
    return bytes([ADDRESS_PREFIX]) + address[-20:]


def address_of_public_key(public_key: bytes) -> bytes:
    """0x41 + the last 20 bytes of keccak256 of the 64-byte uncompressed public key (no 0x04 prefix)."""
    return from_tvm(keccak(public_key)[12:])
