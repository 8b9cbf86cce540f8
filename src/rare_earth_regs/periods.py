"""Reporting months, month arithmetic and China Standard Time.

Flow reports cover a calendar month and fall due on a calendar day in Beijing. This
module holds the one definition of China Standard Time and the :class:`Month` value
used for reporting periods.

**China Standard Time** is UTC+8 with no daylight saving since 1991, so a fixed
offset is exact for every date the library encodes (from 2024-10-01 on, policy P6):

>>> from datetime import datetime, timezone
>>> beijing_date(datetime(2025, 10, 10, 16, 30, tzinfo=timezone.utc))
datetime.date(2025, 10, 11)

A naive datetime has no defined instant and is refused
(:class:`~rare_earth_regs.exceptions.InvalidTimestampError`). A :class:`~datetime.date`
is read as a Beijing calendar day.

Month arithmetic lives in one place (:meth:`Month.shift`, built on
``dateutil.relativedelta``):

>>> Month(2025, 12).next()
Month(2026, 1)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import attrs
from dateutil.relativedelta import relativedelta

from rare_earth_regs.exceptions import InvalidPeriodError, InvalidTimestampError
from rare_earth_regs.locale import N_, define

__all__ = [
    "CHINA_STANDARD_TIME",
    "TIMESTAMP_ACCEPTED",
    "Month",
    "beijing_date",
    "iso_date",
    "parse_timestamp",
    "require_aware",
    "require_year",
]

#: China Standard Time, UTC+8 (no daylight saving since 1991).
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")

_MONTH_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})")  # ASCII digits, as the schema
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The JSON schema's timestamp: ASCII digits, a 'T', seconds and fractions optional, an offset.
_TIMESTAMP_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)"
)
#: The accepted form of a timestamp given as text.
TIMESTAMP_ACCEPTED = N_("an ISO 8601 timestamp with a UTC offset, e.g. '2025-10-09T10:15:00+08:00'")
_ACCEPTED_MONTH = N_("a month as 'YYYY-MM' (year 1-9999, month 01-12)")


def _check_year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    require_year(value, field=attribute.name)


def require_year(value: object, *, field: str = "year") -> int:
    """``value`` if it is a calendar year (an int from 1 to 9999, not a bool).

    Raises:
        InvalidPeriodError: naming ``field``, for anything else (``10000``, ``True``, ``"2025"``).
    """
    if type(value) is not int or not 1 <= value <= 9999:
        raise InvalidPeriodError(field=field, value=value, accepted="a year from 1 to 9999")
    return value


def _check_month(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or not 1 <= value <= 12:
        raise InvalidPeriodError(field=attribute.name, value=value, accepted="a month from 1 to 12")


@attrs.frozen(repr=False)
class Month:
    """A calendar month, the period of a flow report.

    >>> m = Month.parse("2025-09")
    >>> str(m), m.first_day, m.last_day
    ('2025-09', datetime.date(2025, 9, 1), datetime.date(2025, 9, 30))
    >>> m < Month(2025, 10), m.previous(), m.shift(4)
    (True, Month(2025, 8), Month(2026, 1))
    >>> [str(x) for x in Month.range(Month(2025, 11), Month(2026, 2))]
    ['2025-11', '2025-12', '2026-01', '2026-02']
    """

    year: int = attrs.field(validator=_check_year)
    month: int = attrs.field(validator=_check_month)

    @classmethod
    def parse(cls, text: object, *, field: str = "month") -> Month:
        """Read a month written ``YYYY-MM`` (ISO 8601), e.g. ``"2025-09"``."""
        if isinstance(text, Month):
            return text
        if not isinstance(text, str):
            raise InvalidPeriodError(field=field, value=text, accepted=_ACCEPTED_MONTH)
        match = _MONTH_TEXT.fullmatch(text.strip())
        if match is None:
            raise InvalidPeriodError(field=field, value=text, accepted=_ACCEPTED_MONTH)
        year, month = int(match.group(1)), int(match.group(2))
        if not (year >= 1 and 1 <= month <= 12):
            raise InvalidPeriodError(field=field, value=text, accepted=_ACCEPTED_MONTH)
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> Month:
        """The month a calendar day falls in (a datetime is first read in Beijing time)."""
        if isinstance(day, datetime):
            day = beijing_date(day)
        elif not isinstance(day, date):
            raise InvalidPeriodError(field="date", value=day, accepted="a datetime.date")
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        """The first calendar day of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last calendar day of the month."""
        return _last_day(self.year, self.month)

    def shift(self, months: int) -> Month:
        """The month ``months`` later (earlier if negative)."""
        if type(months) is not int:
            raise InvalidPeriodError(field="months", value=months, accepted="a whole number")
        return _shifted(self.year, self.month, months)

    def next(self) -> Month:
        """The following month (December is followed by January of the next year)."""
        return self.shift(1)

    def previous(self) -> Month:
        """The preceding month."""
        return self.shift(-1)

    def months_until(self, other: Month) -> int:
        """How many months from this one to ``other`` (negative if ``other`` is earlier)."""
        return (other.year - self.year) * 12 + (other.month - self.month)

    def __contains__(self, day: object) -> bool:
        """Whether a day falls in this month (a datetime is read in Beijing time, as by ``of``)."""
        if isinstance(day, datetime):
            day = beijing_date(day, field="day")
        return isinstance(day, date) and (day.year, day.month) == (self.year, self.month)

    @staticmethod
    def range(first: Month, last: Month) -> Iterator[Month]:
        """Every month from ``first`` to ``last``, both included (empty if ``last < first``).

        The range may end at the last month there is:

        >>> [str(month) for month in Month.range(Month(9999, 11), Month(9999, 12))]
        ['9999-11', '9999-12']
        """
        count = first.months_until(last) + 1
        current = first
        for step in range(count):
            yield current
            if step + 1 < count:  # the month after the last is never built (9999-12 has none)
                current = current.next()

    # Ordered by (year, month). Written out rather than generated by attrs, whose
    # generic comparison costs a few microseconds: the rules compare months per report.
    def __lt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.year, self.month) < (other.year, other.month)

    def __le__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.year, self.month) <= (other.year, other.month)

    def __gt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.year, self.month) > (other.year, other.month)

    def __ge__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.year, self.month) >= (other.year, other.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"


@functools.lru_cache(maxsize=4096)
def _shifted(year: int, month: int, months: int) -> Month:
    # The rules step to the next month for every report (due dates, continuity): cached.
    try:
        moved = date(year, month, 1) + relativedelta(months=months)
    except (ValueError, OverflowError):
        raise InvalidPeriodError(
            field="months", value=months, accepted="a shift that stays within years 1-9999"
        ) from None
    return Month(moved.year, moved.month)


@functools.lru_cache(maxsize=1024)
def _last_day(year: int, month: int) -> date:
    # Undated lines are dated the last day of their month (P5): once per line, so cached.
    return date(year, month, 1) + relativedelta(day=31)


@functools.lru_cache(maxsize=4096)
def iso_date(text: str) -> date | None:
    """The calendar date written ``YYYY-MM-DD``, or None if ``text`` is not one.

    The loaders and the command line read dates through this one function (and report
    a None in their own words); the same dates recur on many lines, so results are cached.

    >>> iso_date("2025-09-30"), iso_date("2025-09-31"), iso_date("20250930")
    (datetime.date(2025, 9, 30), None, None)
    """
    if _DATE_TEXT.fullmatch(text) is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_timestamp(text: object, *, field: str = "timestamp") -> datetime:
    """An aware datetime from ISO 8601 text with a UTC offset (the JSON schema's form).

    >>> parse_timestamp("2025-10-10T09:30:00+08:00").isoformat()
    '2025-10-10T09:30:00+08:00'
    >>> parse_timestamp("2025-10-10T09:30:00+25:00")
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.InvalidTimestampError: timestamp: got '2025-10-10T09:30:00+25:00'; \
expected an ISO 8601 timestamp with a UTC offset, e.g. '2025-10-09T10:15:00+08:00'
    """
    if not isinstance(text, str) or _TIMESTAMP_TEXT.fullmatch(text) is None:
        raise InvalidTimestampError(field=field, value=text, accepted=TIMESTAMP_ACCEPTED)
    try:
        return require_aware(datetime.fromisoformat(text), field=field)
    except ValueError:  # month 13, hour 25, an offset of 24 hours or more
        raise InvalidTimestampError(field=field, value=text, accepted=TIMESTAMP_ACCEPTED) from None


NAIVE_DATETIME = define(
    "error.naive-datetime",
    "got naive datetime {value}; a timestamp must carry its time zone (e.g. "
    "2025-10-10T09:30:00+08:00)",
)


def require_aware(value: object, *, field: str = "submitted_at") -> datetime:
    """Return ``value`` if it is a time-zone-aware datetime; refuse a naive one."""
    if not isinstance(value, datetime):
        raise InvalidTimestampError(field=field, value=value, accepted="a time-zone-aware datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidTimestampError(
            reason=NAIVE_DATETIME(value=value.isoformat()),
            field=field,
            value=value,
            accepted="a time-zone-aware datetime",
        )
    return value


def beijing_date(value: datetime | date, *, field: str = "submitted_at") -> date:
    """The Beijing calendar day of an aware datetime; a ``date`` is returned as it is."""
    if isinstance(value, datetime):
        aware = require_aware(value, field=field)
        try:
            return aware.astimezone(CHINA_STANDARD_TIME).date()
        except OverflowError:  # 9999-12-31T23:59-01:00 has no Beijing date
            raise InvalidTimestampError(
                field=field,
                value=value,
                accepted="a timestamp whose Beijing date lies in the years 1 to 9999",
            ) from None
    if isinstance(value, date):
        return value
    raise InvalidTimestampError(
        field=field, value=value, accepted="a time-zone-aware datetime or a date"
    )
