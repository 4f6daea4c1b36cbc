"""Address spellings agree with tronpy's own conversions, the client every Laurel Tron call goes through."""

from __future__ import annotations

import pytest
from tronpy import keys as tronpy_keys

from chain.tron_devnet.addresses import (
    BadAddress,
    address_of_public_key,
    b58check_decode,
    from_tvm,
    parse_address,
    to_base58,
    to_tvm,
)

KEYS = [tronpy_keys.PrivateKey(bytes([n]) * 32) for n in (1, 7, 42, 200)]


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.public_key.to_base58check_address())
def test_public_key_gives_the_address_tronpy_derives(key: tronpy_keys.PrivateKey) -> None:
    address = address_of_public_key(key.public_key.to_bytes())

    assert address.hex() == key.public_key.to_hex_address()
    assert to_base58(address) == key.public_key.to_base58check_address()


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.public_key.to_base58check_address())
def test_base58_hex_and_0x_spellings_parse_to_the_same_address(key: tronpy_keys.PrivateKey) -> None:
    base58 = key.public_key.to_base58check_address()
    hex_address = tronpy_keys.to_hex_address(base58)

    assert parse_address(base58) == parse_address(hex_address) == parse_address("0x" + hex_address)
    assert parse_address(base58).hex() == hex_address


def test_tvm_address_is_the_address_without_its_0x41_prefix() -> None:
    address = parse_address(KEYS[0].public_key.to_base58check_address())

    assert to_tvm(address) == tronpy_keys.to_tvm_address(to_base58(address))
    assert len(to_tvm(address)) == 20
    assert from_tvm(to_tvm(address)) == address


def test_a_mistyped_base58_address_fails_its_checksum() -> None:
    base58 = KEYS[0].public_key.to_base58check_address()
    mistyped = base58[:-1] + ("A" if base58[-1] != "A" else "B")

    with pytest.raises(BadAddress, match="checksum"):
        parse_address(mistyped)


@pytest.mark.parametrize(
    "value",
    ["", "0x" + "11" * 20, "42" + "11" * 20, "41" + "11" * 19, "not an address", "T0OIl"],
)
def test_anything_but_a_21_byte_0x41_address_is_refused(value: str) -> None:
    with pytest.raises(BadAddress):
        parse_address(value)


def test_base58_keeps_leading_zero_bytes() -> None:
    payload = b"\0\0" + bytes(range(1, 20))

    assert b58check_decode(to_base58(payload)) == payload
