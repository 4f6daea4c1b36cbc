"""People's program settings and periods, pure: what is refused (naming the setting), and which month or period a
moment falls in, in the program's time zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.errors import InvalidInput
from people.goals import period_key
from people.models import Goal
from people.terms import check_recognition, check_transfers, month_of


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ([], "settings.transfers"),
        ({"daily_limit": -1}, "settings.transfers.daily_limit"),
        ({"min": 0}, "settings.transfers.min"),
        ({"max": True}, "settings.transfers.max"),
        ({"min": 10, "max": 5}, "settings.transfers.min"),
        ({"limit": 5}, "settings.transfers.limit"),
    ],
)
def test_bad_transfer_settings_name_the_setting(value: object, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_transfers(value)
    assert refused.value.extra["field"] == field


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({}, "settings.recognition.monthly_allowance"),
        ({"monthly_allowance": 10, "values": ["a", "a"]}, "settings.recognition.values"),
        ({"monthly_allowance": 10, "segment_allowances": {"m": -1}}, "settings.recognition.segment_allowances"),
        ({"monthly_allowance": 10, "reciprocal_limit": 0}, "settings.recognition.reciprocal_limit"),
    ],
)
def test_bad_recognition_settings_name_the_setting(value: object, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_recognition(value)
    assert refused.value.extra["field"] == field


def test_null_turns_the_features_off_and_empty_transfers_have_no_limits() -> None:
    check_transfers(None)
    check_transfers({})
    check_recognition(None)


def test_the_allowance_month_turns_at_local_midnight() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    assert month_of(datetime(2026, 1, 31, 14, 59, 59, tzinfo=UTC), tokyo) == "2026-01"
    assert month_of(datetime(2026, 1, 31, 15, 0, 0, tzinfo=UTC), tokyo) == "2026-02"


def test_goal_periods_in_the_programs_zone() -> None:
    zone = ZoneInfo("America/New_York")
    moment = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)  # still 31 March in New York
    for period, expected in (("day", "2026-03-31"), ("week", "2026-W14"), ("month", "2026-03"), ("quarter", "2026-Q1")):
        assert period_key(Goal(period=period), moment, zone) == expected
    dated = Goal(period="dates", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31))
    assert period_key(dated, moment, zone) == "2026-03-01..2026-03-31"
    assert period_key(dated, datetime(2026, 4, 1, 5, 0, tzinfo=UTC), zone) is None
