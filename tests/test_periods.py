"""Tests for :mod:`rare_earth_regs.periods`: Month, month arithmetic, China Standard Time."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rare_earth_regs.exceptions import InvalidPeriodError, InvalidTimestampError
from rare_earth_regs.periods import (
    CHINA_STANDARD_TIME,
    Month,
    beijing_date,
    require_aware,
    require_year,
)

months = st.builds(
    Month, st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=12)
)


def index(month: Month) -> int:
    return month.year * 12 + month.month - 1


# ------------------------------------------------------------------ validation


def test_month_fields() -> None:
    month = Month(2025, 9)
    assert (month.year, month.month) == (2025, 9)
    assert str(month) == "2025-09"
    assert repr(month) == "Month(2025, 9)"
    assert str(Month(1, 1)) == "0001-01"
    assert str(Month(9999, 12)) == "9999-12"


@pytest.mark.parametrize("value", [0, 13, -1, True, False, 9.0, "9", None])
def test_month_number_refused(value: object) -> None:
    with pytest.raises(InvalidPeriodError) as info:
        Month(2025, value)  # type: ignore[arg-type]
    assert info.value.field == "month"
    assert "1 to 12" in info.value.accepted


@pytest.mark.parametrize("value", [0, 10_000, -2025, True, 2025.0, "2025", None])
def test_year_refused(value: object) -> None:
    with pytest.raises(InvalidPeriodError) as info:
        Month(value, 1)  # type: ignore[arg-type]
    assert info.value.field == "year"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09", Month(2025, 9)),
        ("2025-12", Month(2025, 12)),
        ("0001-01", Month(1, 1)),
        ("9999-12", Month(9999, 12)),
        (" 2025-09 ", Month(2025, 9)),
    ],
)
def test_parse(text: str, expected: Month) -> None:
    assert Month.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025-13",
        "2025-00",
        "2025-9",
        "25-09",
        "0000-01",
        "2025/09",
        "2025-09-01",
        "202509",
        "Sep 2025",
        "",
        "2025-1a",
        "12025-01",
    ],
)
def test_parse_refuses_malformed_text(text: str) -> None:
    with pytest.raises(InvalidPeriodError) as info:
        Month.parse(text, field="$.month")
    assert info.value.field == "$.month"
    assert "YYYY-MM" in str(info.value)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("value", [None, 202509, 2025.09, True, (2025, 9), date(2025, 9, 1)])
def test_parse_refuses_non_strings(value: object) -> None:
    with pytest.raises(InvalidPeriodError):
        Month.parse(value)


def test_parse_accepts_a_month() -> None:
    month = Month(2025, 9)
    assert Month.parse(month) is month


def test_month_is_immutable_hashable_and_picklable() -> None:
    month = Month(2025, 9)
    with pytest.raises(AttributeError):
        month.month = 10  # type: ignore[misc]
    assert hash(month) == hash(Month.parse("2025-09"))
    assert {month, Month(2025, 9), Month(2025, 10)} == {Month(2025, 9), Month(2025, 10)}
    assert pickle.loads(pickle.dumps(month)) == month


# ----------------------------------------------------------------- arithmetic


def test_next_and_previous_across_year_ends() -> None:
    assert Month(2025, 12).next() == Month(2026, 1)
    assert Month(2026, 1).previous() == Month(2025, 12)
    assert Month(2025, 9).next() == Month(2025, 10)
    assert Month(2025, 9).previous() == Month(2025, 8)
    assert Month(2025, 1).shift(-13) == Month(2023, 12)
    assert Month(2025, 9).shift(0) == Month(2025, 9)
    assert Month(2025, 9).shift(4) == Month(2026, 1)


def test_shift_beyond_the_calendar_is_refused() -> None:
    with pytest.raises(InvalidPeriodError):
        Month(9999, 12).next()
    with pytest.raises(InvalidPeriodError):
        Month(1, 1).previous()
    with pytest.raises(InvalidPeriodError):
        Month(2025, 1).shift(10**20)
    for bad in (True, 1.0, "1"):
        with pytest.raises(InvalidPeriodError) as info:
            Month(2025, 1).shift(bad)  # type: ignore[arg-type]
        assert info.value.field == "months"


@pytest.mark.parametrize(
    ("month", "first", "last"),
    [
        (Month(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
        (Month(2025, 2), date(2025, 2, 1), date(2025, 2, 28)),
        (Month(2000, 2), date(2000, 2, 1), date(2000, 2, 29)),
        (Month(1900, 2), date(1900, 2, 1), date(1900, 2, 28)),
        (Month(2025, 4), date(2025, 4, 1), date(2025, 4, 30)),
        (Month(2025, 12), date(2025, 12, 1), date(2025, 12, 31)),
        (Month(9999, 12), date(9999, 12, 1), date(9999, 12, 31)),
    ],
)
def test_first_and_last_day(month: Month, first: date, last: date) -> None:
    assert month.first_day == first
    assert month.last_day == last
    assert first in month
    assert last in month
    if last < date.max:
        assert last + timedelta(days=1) not in month
    assert first - timedelta(days=1) not in month


def test_contains_refuses_non_dates() -> None:
    assert "2025-09-03" not in Month(2025, 9)
    assert None not in Month(2025, 9)


def test_range_inclusive_and_empty() -> None:
    assert list(Month.range(Month(2025, 11), Month(2026, 2))) == [
        Month(2025, 11),
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 2),
    ]
    assert list(Month.range(Month(2025, 9), Month(2025, 9))) == [Month(2025, 9)]
    assert list(Month.range(Month(2025, 9), Month(2025, 8))) == []
    assert list(Month.range(Month(2026, 1), Month(2025, 1))) == []


def test_months_until() -> None:
    assert Month(2025, 9).months_until(Month(2026, 9)) == 12
    assert Month(2025, 9).months_until(Month(2024, 9)) == -12
    assert Month(2025, 12).months_until(Month(2026, 1)) == 1


def test_ordering_with_other_types_is_not_defined() -> None:
    with pytest.raises(TypeError):
        Month(2025, 9) < (2025, 10)  # type: ignore[operator]  # noqa: B015
    assert Month(2025, 9) != (2025, 9)  # type: ignore[comparison-overlap]


# ----------------------------------------------------------------- Beijing time


def test_china_standard_time_is_utc_plus_8() -> None:
    assert CHINA_STANDARD_TIME.utcoffset(None) == timedelta(hours=8)
    assert datetime(2025, 7, 1, tzinfo=CHINA_STANDARD_TIME).dst() is None
    assert datetime(2025, 10, 10, tzinfo=CHINA_STANDARD_TIME).isoformat().endswith("+08:00")
    # no daylight saving: the offset is the same in summer and winter
    for day in (date(2025, 1, 15), date(2025, 7, 15)):
        stamp = datetime.combine(day, time(12), CHINA_STANDARD_TIME)
        assert stamp.utcoffset() == timedelta(hours=8)


def test_beijing_date() -> None:
    assert beijing_date(datetime(2025, 10, 10, 15, 59, 59, tzinfo=UTC)) == date(2025, 10, 10)
    assert beijing_date(datetime(2025, 10, 10, 16, 0, tzinfo=UTC)) == date(2025, 10, 11)
    assert beijing_date(datetime(2025, 10, 10, 16, 30, tzinfo=UTC)) == date(2025, 10, 11)
    new_york = timezone(timedelta(hours=-4))
    assert beijing_date(datetime(2025, 10, 9, 12, 0, tzinfo=new_york)) == date(2025, 10, 10)
    assert beijing_date(date(2025, 10, 10)) == date(2025, 10, 10)


def test_beijing_date_refuses_naive_datetimes() -> None:
    with pytest.raises(InvalidTimestampError, match="naive") as info:
        beijing_date(datetime(2025, 10, 10, 9, 30))
    assert info.value.field == "submitted_at"
    assert "+08:00" in str(info.value)  # it shows an accepted form
    with pytest.raises(InvalidTimestampError) as info:
        beijing_date(datetime(2025, 10, 10, 9, 30), field="as_of")
    assert info.value.field == "as_of"


@pytest.mark.parametrize("value", ["2025-10-10", None, 1760000000, Month(2025, 10)])
def test_beijing_date_refuses_non_dates(value: object) -> None:
    with pytest.raises(InvalidTimestampError):
        beijing_date(value)  # type: ignore[arg-type]


def test_require_aware() -> None:
    stamp = datetime(2025, 10, 10, 9, 30, tzinfo=CHINA_STANDARD_TIME)
    assert require_aware(stamp) is stamp
    with pytest.raises(InvalidTimestampError):
        require_aware(datetime(2025, 10, 10))
    with pytest.raises(InvalidTimestampError):
        require_aware(date(2025, 10, 10))


def test_month_of_reads_beijing_time() -> None:
    assert Month.of(datetime(2025, 9, 30, 15, 59, tzinfo=UTC)) == Month(2025, 9)
    assert Month.of(datetime(2025, 9, 30, 16, 0, tzinfo=UTC)) == Month(2025, 10)
    assert Month.of(datetime(2025, 12, 31, 16, 0, tzinfo=UTC)) == Month(2026, 1)
    assert Month.of(datetime(2025, 10, 1, 0, 0, tzinfo=CHINA_STANDARD_TIME)) == Month(2025, 10)
    assert Month.of(date(2025, 9, 30)) == Month(2025, 9)
    with pytest.raises(InvalidTimestampError):
        Month.of(datetime(2025, 9, 30, 16, 0))
    with pytest.raises(InvalidPeriodError):
        Month.of("2025-09")  # type: ignore[arg-type]


def test_contains_agrees_with_month_of_for_aware_datetimes() -> None:
    stamp = datetime(2025, 9, 30, 16, 30, tzinfo=UTC)  # 2025-10-01 00:30 in Beijing
    assert Month.of(stamp) == Month(2025, 10)
    assert (stamp in Month(2025, 9)) is (Month.of(stamp) == Month(2025, 9))


# ------------------------------------------------------------------ properties


@settings(max_examples=150, deadline=None)
@given(months, months)
def test_ordering_matches_tuples(a: Month, b: Month) -> None:
    assert (a < b) is ((a.year, a.month) < (b.year, b.month))
    assert (a <= b) is ((a.year, a.month) <= (b.year, b.month))
    assert (a == b) is ((a.year, a.month) == (b.year, b.month))
    assert a.months_until(b) == index(b) - index(a)


@settings(max_examples=150, deadline=None)
@given(months, st.integers(-2400, 2400), st.integers(-2400, 2400))
def test_shifts_compose(month: Month, a: int, b: int) -> None:
    lowest, highest = index(Month(1, 1)), index(Month(9999, 12))
    assume(lowest <= index(month) + a <= highest)
    assume(lowest <= index(month) + a + b <= highest)
    assert month.shift(a).shift(b) == month.shift(a + b)
    assert index(month.shift(a)) == index(month) + a
    assert month.shift(a).shift(-a) == month


@settings(max_examples=150, deadline=None)
@given(months)
def test_parse_round_trips(month: Month) -> None:
    assert Month.parse(str(month)) == month
    assert Month.of(month.first_day) == month
    assert Month.of(month.last_day) == month
    assert month.first_day <= month.last_day
    assert 28 <= (month.last_day - month.first_day).days + 1 <= 31


@settings(max_examples=60, deadline=None)
@given(
    st.builds(
        Month, st.integers(min_value=1900, max_value=2200), st.integers(min_value=1, max_value=12)
    ),
    st.integers(0, 40),
)
def test_range_length(first: Month, length: int) -> None:
    last = first.shift(length)
    listed = list(Month.range(first, last))
    assert len(listed) == length + 1
    assert listed[0] == first
    assert listed[-1] == last
    assert all(a.next() == b for a, b in pairwise(listed))


def test_a_range_may_end_at_the_last_month_there_is() -> None:
    last = Month(9999, 12)
    assert list(Month.range(last, last)) == [last]
    assert list(Month.range(Month(9998, 12), last))[-2:] == [Month(9999, 11), last]
    assert len(list(Month.range(Month(9998, 1), last))) == 24
    assert list(Month.range(last, Month(9999, 11))) == []


@pytest.mark.parametrize("text", ["２０２５-10", "2025-１0", "٢٠٢٥-10"])
def test_a_month_is_written_in_ascii_digits(text: str) -> None:
    with pytest.raises(InvalidPeriodError):
        Month.parse(text)


@pytest.mark.parametrize("year", [1, 2025, 9999])
def test_require_year_returns_a_calendar_year(year: int) -> None:
    assert require_year(year) == year


@pytest.mark.parametrize("value", [0, 10000, -1, True, "2025", 2025.0, None])
def test_require_year_refuses_what_no_calendar_has(value: object) -> None:
    with pytest.raises(InvalidPeriodError) as caught:
        require_year(value, field="quota year")
    assert caught.value.field == "quota year"
    assert caught.value.accepted == "a year from 1 to 9999"
