"""Tests that kill mutants of :mod:`rare_earth_regs.periods` (docs/testing.md, Mutation testing).

They pin what a caller can rely on beyond "an error is raised": every
:class:`~rare_earth_regs.exceptions.InvalidInputError` names the field, the value received
and the accepted form (its documented contract), and the Beijing-time reading of aware
datetimes holds for ``in`` as it does for :meth:`Month.of`.
"""

from __future__ import annotations

import operator as op
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import pytest

from expect import assert_error, raised
from rare_earth_regs.exceptions import InvalidPeriodError, InvalidTimestampError
from rare_earth_regs.periods import Month, beijing_date, require_aware

ACCEPTED_MONTH = "a month as 'YYYY-MM' (year 1-9999, month 01-12)"


class _NoOffset(tzinfo):
    """A tzinfo that knows no offset: a datetime carrying it is still naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


# ------------------------------------------------------------------------- Month fields


@pytest.mark.parametrize("year", [0, 10_000, "2025"])
def test_a_bad_year_names_the_year_field_and_the_range(year: object) -> None:
    assert_error(
        InvalidPeriodError(field="year", value=year, accepted="a year from 1 to 9999"),
        lambda: Month(year, 1),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("month", [0, 13, 1.0])
def test_a_bad_month_names_the_month_field_and_the_range(month: object) -> None:
    assert_error(
        InvalidPeriodError(field="month", value=month, accepted="a month from 1 to 12"),
        lambda: Month(2025, month),  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------------- Month.parse


@pytest.mark.parametrize("text", [202509, None, date(2025, 9, 1)])
def test_parse_of_a_non_string_names_the_field_and_value(text: object) -> None:
    assert_error(
        InvalidPeriodError(field="month", value=text, accepted=ACCEPTED_MONTH),
        lambda: Month.parse(text),
    )


@pytest.mark.parametrize("text", ["2025-9", "2025-13", "0000-01"])
def test_parse_of_malformed_text_keeps_the_text_as_received(text: str) -> None:
    assert_error(
        InvalidPeriodError(field="since", value=text, accepted=ACCEPTED_MONTH),
        lambda: Month.parse(text, field="since"),
    )


def test_parse_of_a_non_string_uses_the_field_it_is_given() -> None:
    assert_error(
        InvalidPeriodError(field="through", value=7, accepted=ACCEPTED_MONTH),
        lambda: Month.parse(7, field="through"),
    )


# ----------------------------------------------------------------- Month.of and shift


def test_month_of_a_non_date_names_the_date_field() -> None:
    assert_error(
        InvalidPeriodError(field="date", value="2025-09-30", accepted="a datetime.date"),
        lambda: Month.of("2025-09-30"),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("months", [1.0, "1", True])
def test_shift_by_a_non_integer_names_the_months_field(months: object) -> None:
    assert_error(
        InvalidPeriodError(field="months", value=months, accepted="a whole number"),
        lambda: Month(2025, 9).shift(months),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(("start", "months"), [(Month(9999, 12), 1), (Month(1, 1), -1)])
def test_shift_off_the_calendar_names_the_shift(start: Month, months: int) -> None:
    assert_error(
        InvalidPeriodError(
            field="months", value=months, accepted="a shift that stays within years 1-9999"
        ),
        lambda: start.shift(months),
    )


# --------------------------------------------------------------------------------- in


def test_an_aware_datetime_is_in_the_month_of_its_beijing_day() -> None:
    late_utc = datetime(2025, 9, 30, 16, 30, tzinfo=UTC)  # 2025-10-01 00:30 in Beijing
    assert late_utc in Month(2025, 10)
    assert late_utc not in Month(2025, 9)
    assert datetime(2025, 9, 30, 15, 59, tzinfo=UTC) in Month(2025, 9)


def test_a_naive_datetime_in_a_month_is_refused_naming_the_day() -> None:
    naive = datetime(2025, 9, 3, 12, 0)
    error = raised(lambda: naive in Month(2025, 9))
    assert type(error) is InvalidTimestampError
    assert (error.field, error.value) == ("day", naive)
    assert str(error).startswith("day: got naive datetime 2025-09-03T12:00:00;")


# ------------------------------------------------------------- require_aware, beijing_date


@pytest.mark.parametrize("value", ["2025-10-10T09:30:00+08:00", date(2025, 10, 10), None])
def test_require_aware_of_a_non_datetime(value: object) -> None:
    assert_error(
        InvalidTimestampError(
            field="submitted_at", value=value, accepted="a time-zone-aware datetime"
        ),
        lambda: require_aware(value),
    )
    assert raised(lambda: require_aware(value, field="as_of")).field == "as_of"


def test_require_aware_of_a_naive_datetime_says_how_to_write_one() -> None:
    naive = datetime(2025, 10, 10, 9, 30)
    assert_error(
        InvalidTimestampError(
            "submitted_at: got naive datetime 2025-10-10T09:30:00; a timestamp must carry its "
            "time zone (e.g. 2025-10-10T09:30:00+08:00)",
            field="submitted_at",
            value=naive,
            accepted="a time-zone-aware datetime",
        ),
        lambda: require_aware(naive),
    )


def test_a_tzinfo_without_an_offset_does_not_make_a_datetime_aware() -> None:
    stamp = datetime(2025, 10, 10, 9, 30, tzinfo=_NoOffset())
    assert stamp.tzinfo is not None
    error = raised(lambda: require_aware(stamp, field="submitted_at"))
    assert type(error) is InvalidTimestampError
    assert (error.field, error.value) == ("submitted_at", stamp)
    assert "naive" in str(error)


@pytest.mark.parametrize("value", ["2025-10-10", 1760000000, None])
def test_beijing_date_of_a_non_date_names_the_field(value: object) -> None:
    assert_error(
        InvalidTimestampError(
            field="submitted_at", value=value, accepted="a time-zone-aware datetime or a date"
        ),
        lambda: beijing_date(value),  # type: ignore[arg-type]
    )
    assert raised(lambda: beijing_date(value, field="as_of")).field == "as_of"  # type: ignore[arg-type]


def test_a_timestamp_with_no_beijing_date_is_refused_naming_the_field() -> None:
    last = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1)))
    assert_error(
        InvalidTimestampError(
            field="as_of",
            value=last,
            accepted="a timestamp whose Beijing date lies in the years 1 to 9999",
        ),
        lambda: beijing_date(last, field="as_of"),
    )


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (Month(2025, 9), Month(2025, 10), (True, True, False, False)),
        (Month(2025, 9), Month(2025, 9), (False, True, False, True)),
        (Month(2025, 10), Month(2025, 9), (False, False, True, True)),
        (Month(2024, 12), Month(2025, 1), (True, True, False, False)),
        (Month(2025, 1), Month(2024, 12), (False, False, True, True)),
    ],
)
def test_months_order_by_year_then_month(
    first: Month, second: Month, expected: tuple[bool, bool, bool, bool]
) -> None:
    assert (first < second, first <= second, first > second, first >= second) == expected
    assert sorted([second, first]) == sorted([first, second])


@pytest.mark.parametrize("other", ["2025-09", (2025, 9), 202509, None])
@pytest.mark.parametrize("operator", [op.lt, op.le, op.gt, op.ge])
def test_a_month_does_not_order_against_other_types(
    other: object, operator: Callable[[object, object], bool]
) -> None:
    with pytest.raises(TypeError):
        operator(Month(2025, 9), other)
