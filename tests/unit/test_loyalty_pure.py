"""The pure parts of the loyalty mechanics: card numbers and the raffle's commit-and-reveal arithmetic."""

import hashlib

from loyalty.cards import luhn_check_digit, luhn_valid, new_card_number
from loyalty.raffles import commitment_of, winning_index


def test_luhn_matches_the_textbook_example() -> None:
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert not luhn_valid("7992739871x")


def test_new_card_numbers_are_16_luhn_valid_private_use_digits() -> None:
    numbers = {new_card_number() for _ in range(500)}
    assert len(numbers) == 500
    assert all(len(n) == 16 and n.startswith("9") and luhn_valid(n) for n in numbers)


def test_commitment_is_sha256_of_the_raw_seed_bytes() -> None:
    seed = "00" * 31 + "01"
    assert commitment_of(seed) == hashlib.sha256(bytes(31) + b"\x01").hexdigest()


def test_winning_index_follows_the_published_formula() -> None:
    seed, tickets = "ab" * 32, ["e1", "e2", "e3"]
    digest = hashlib.sha256(("ab" * 32 + "\ne1\ne2\ne3").encode()).hexdigest()
    assert winning_index(seed, tickets) == int(digest, 16) % 3
    # Every ticket wins for some seed: the draw is not stuck on a position.
    winners = {winning_index(f"{i:064x}", tickets) for i in range(50)}
    assert winners == {0, 1, 2}
