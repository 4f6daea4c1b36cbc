"""Pure pieces of staff and email: what each role may do, addresses, and the email templates' languages and
fallbacks."""

import pytest

from core.errors import InvalidInput
from core.staff import CAPABILITIES, Capability, Role, normal_email
from notifications.templates import KINDS, TEMPLATES, compose


def test_roles_grant_what_the_issue_says() -> None:
    assert CAPABILITIES[Role.OWNER] == frozenset(Capability)
    assert Capability.STAFF not in CAPABILITIES[Role.ADMIN]
    assert Capability.MONEY not in CAPABILITIES[Role.MODERATOR] and Capability.CONTENT in CAPABILITIES[Role.MODERATOR]
    assert CAPABILITIES[Role.CASHIER] == {Capability.TILL}
    assert CAPABILITIES[Role.VIEWER] == {Capability.READ}


@pytest.mark.parametrize("bad", ["", "no-at", "a@b", "a b@example.com", "x" * 250 + "@example.com"])
def test_malformed_addresses_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        normal_email(bad)


def test_every_kind_has_words_in_both_languages_and_missing_fields_show_a_dash() -> None:
    assert set(TEMPLATES["ru"]) == set(TEMPLATES["en"]) == KINDS
    subject, body = compose("points.earned", "ru-RU", {"points": 5}, "https://x/u")
    assert subject == "Вам начислено 5 баллов" and "—" in body and body.rstrip().endswith("https://x/u")
    assert compose("badge.awarded", "de", {"name": "Star"}, "u")[0] == "New badge: Star"
