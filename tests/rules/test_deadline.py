"""The monthly deadline of Order No. 71 (每月10日前) under policies P1 and P2.

``flow_report_due_date``, ``deadline_instant`` and ``is_submitted_on_time``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from rare_earth_regs.exceptions import (
    InvalidInputError,
    InvalidTimestampError,
    NotInForceError,
)
from rare_earth_regs.periods import CHINA_STANDARD_TIME, Month
from rare_earth_regs.rules import deadline_instant, flow_report_due_date, is_submitted_on_time

NEW_YORK_WINTER = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    ("month", "due"),
    [
        ("2025-09", date(2025, 10, 10)),
        ("2025-12", date(2026, 1, 10)),
        ("2025-07", date(2025, 8, 10)),  # the first month the deadline applies to (P2)
        ("2026-01", date(2026, 2, 10)),
        ("2099-12", date(2100, 1, 10)),
    ],
)
def test_due_date_is_the_tenth_of_the_following_month(month: str, due: date) -> None:
    assert flow_report_due_date(month) == due
    assert flow_report_due_date(Month.parse(month)) == due


def test_month_before_the_measures_raises_not_in_force() -> None:
    # June 2025 would be due 2025-07-10, before Order No. 71 took effect on 2025-07-28 (P2).
    with pytest.raises(NotInForceError, match="2025-06"):
        flow_report_due_date("2025-06")
    with pytest.raises(NotInForceError):
        flow_report_due_date(Month(2024, 10))


@pytest.mark.parametrize("bad", ["2025-13", "2025-9", "September 2025", "", 202509, None, 2025.09])
def test_bad_month_raises_invalid_input(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        flow_report_due_date(bad)  # type: ignore[arg-type]


def test_deadline_instant_is_midnight_beijing_after_the_due_date() -> None:
    instant = deadline_instant("2025-09")
    assert instant == datetime(2025, 10, 11, tzinfo=CHINA_STANDARD_TIME)
    assert instant == datetime(2025, 10, 10, 16, tzinfo=UTC)


# --- roll-over (opt-in) -----------------------------------------------------------------


def test_roll_over_moves_a_weekend_due_date_to_the_next_working_day(
    china_working_day: Callable[[date], bool],
) -> None:
    # 2026-01-10 is a Saturday, the 11th a Sunday: the deadline moves to Monday the 12th.
    assert not china_working_day(date(2026, 1, 10))
    assert flow_report_due_date("2025-12", roll_over=True) == date(2026, 1, 12)


def test_roll_over_keeps_a_substituted_working_day(
    china_working_day: Callable[[date], bool],
) -> None:
    # 2026-10-10 is a Saturday, but a working day in China's official calendar (调休).
    due = date(2026, 10, 10)
    assert due.weekday() == 5
    assert china_working_day(due)
    assert flow_report_due_date("2026-09", roll_over=True) == due


def test_roll_over_leaves_a_working_day_unchanged() -> None:
    assert flow_report_due_date("2025-09", roll_over=True) == date(2025, 10, 10)  # a Friday


def test_roll_over_uses_a_custom_calendar() -> None:
    closed = {date(2025, 10, 10), date(2025, 10, 11)}

    def is_working_day(day: date) -> bool:
        return day not in closed

    assert flow_report_due_date("2025-09", roll_over=True, is_working_day=is_working_day) == date(
        2025, 10, 12
    )
    assert deadline_instant("2025-09", roll_over=True, is_working_day=is_working_day) == datetime(
        2025, 10, 13, tzinfo=CHINA_STANDARD_TIME
    )


def test_without_roll_over_the_calendar_is_ignored() -> None:
    def never(day: date) -> bool:
        raise AssertionError("the calendar must not be consulted without roll_over")

    assert flow_report_due_date("2025-12") == date(2026, 1, 10)
    assert flow_report_due_date("2025-12", roll_over=False, is_working_day=never) == date(
        2026, 1, 10
    )


def test_a_calendar_without_working_days_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        flow_report_due_date("2025-09", roll_over=True, is_working_day=lambda day: False)


# --- is_submitted_on_time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted_at", "on_time"),
    [
        (datetime(2025, 10, 10, 15, 59, 59, tzinfo=UTC), True),  # 23:59:59 in Beijing
        (datetime(2025, 10, 10, 16, 0, 0, tzinfo=UTC), False),  # 00:00 on the 11th in Beijing
        (datetime(2025, 10, 10, 16, 30, tzinfo=UTC), False),  # the example of P1
        (datetime(2025, 10, 10, 23, 59, 59, tzinfo=CHINA_STANDARD_TIME), True),
        (datetime(2025, 10, 11, 0, 0, 0, tzinfo=CHINA_STANDARD_TIME), False),
        (datetime(2025, 10, 1, 9, tzinfo=CHINA_STANDARD_TIME), True),
        (datetime(2025, 10, 1, 0, 0, 0, tzinfo=CHINA_STANDARD_TIME), True),  # month over
        (datetime(2025, 9, 30, 16, 0, 0, tzinfo=UTC), True),  # 00:00 on 1 October in Beijing
        (date(2025, 10, 10), True),  # a date is a Beijing calendar day
        (date(2025, 10, 11), False),
        # 2025-10-10 10:59:59 in New York (UTC-5) is 23:59:59 in Beijing: on time;
        (datetime(2025, 10, 10, 10, 59, 59, tzinfo=NEW_YORK_WINTER), True),
        # one second later it is the 11th in Beijing, though still the 10th in New York.
        (datetime(2025, 10, 10, 11, 0, 0, tzinfo=NEW_YORK_WINTER), False),
    ],
)
def test_submission_is_judged_on_the_beijing_calendar_day(
    submitted_at: datetime | date, on_time: bool
) -> None:
    assert is_submitted_on_time("2025-09", submitted_at) is on_time


@pytest.mark.parametrize(
    "early",
    [
        datetime(2025, 9, 30, 23, 59, 59, tzinfo=CHINA_STANDARD_TIME),  # the month's last second
        datetime(2025, 9, 30, 15, 59, 59, tzinfo=UTC),  # the same second, in UTC
        date(2025, 9, 30),
        datetime(2024, 10, 20, 9, tzinfo=CHINA_STANDARD_TIME),  # a year typo
    ],
)
def test_an_entry_before_the_month_ended_is_refused_not_on_time(early: datetime | date) -> None:
    # P18: a complete report for September cannot be entered before September is over.
    with pytest.raises(InvalidTimestampError) as caught:
        is_submitted_on_time("2025-09", early)
    assert caught.value.field == "submitted_at"
    assert "after the reporting month 2025-09 ended (2025-10-01 or later" in str(caught.value)


def test_naive_datetime_is_refused_as_a_value_error() -> None:
    with pytest.raises(InvalidTimestampError, match="naive") as caught:
        is_submitted_on_time("2025-09", datetime(2025, 10, 10, 12, 0))
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "bad",
    [
        "2025-10-10T10:00",
        "2025-10-10T10:00:00",
        "2025-10-10 10:00+08:00",
        "2025-10-10T09:30:00+25:00",
        "2025-10-10T25:00+08:00",
        "2025-10-32",
        "10/10/2025",
        "２０２５-10-10T10:00+08:00",
        "",
        1760000000,
        None,
    ],
)
def test_non_timestamp_is_refused(bad: object) -> None:
    with pytest.raises(InvalidTimestampError) as info:
        is_submitted_on_time("2025-09", bad)  # type: ignore[arg-type]
    assert info.value.field == "submitted_at"
    assert info.value.value == bad


@pytest.mark.parametrize(
    ("text", "on_time"),
    [
        ("2025-10-10T23:59:59+08:00", True),
        ("2025-10-10T16:00:00Z", False),  # 00:00 on the 11th in Beijing
        ("2025-10-10T15:59:59.999999Z", True),
        ("2025-10-11T00:00+08:00", False),
        ("2025-10-10", True),
        ("2025-10-11", False),
    ],
)
def test_an_iso_text_is_read_like_the_json_documents(text: str, on_time: bool) -> None:
    assert is_submitted_on_time("2025-09", text) is on_time


def test_on_time_with_roll_over() -> None:
    monday = date(2026, 1, 12)
    assert not is_submitted_on_time("2025-12", monday)
    assert is_submitted_on_time("2025-12", monday, roll_over=True)
    assert not is_submitted_on_time("2025-12", date(2026, 1, 13), roll_over=True)


def test_on_time_for_a_month_before_the_measures_raises() -> None:
    with pytest.raises(NotInForceError):
        is_submitted_on_time("2025-06", date(2025, 7, 1))
