"""``rare-earth-regs due``: the flow-report due date of a month and the first late instant."""

from __future__ import annotations

import argparse
import datetime as dt

from rare_earth_regs.cli.common import (
    EXIT_OK,
    EXIT_VIOLATIONS,
    CommandError,
    Subcommands,
    parse_month,
    parse_timestamp,
    require_calendar,
    say,
)
from rare_earth_regs.cli.output import emit
from rare_earth_regs.locale import define
from rare_earth_regs.periods import Month, beijing_date
from rare_earth_regs.rules.common import MEASURES_PUBLISHED
from rare_earth_regs.rules.reporting import deadline_instant, flow_report_due_date

#: ``due --submitted-at`` exits 1 for a late report, as ``check`` does for a violation.
EXIT_LATE = EXIT_VIOLATIONS


def register(commands: Subcommands) -> None:
    """Add the ``due`` command."""
    due = commands.add_parser(
        "due",
        help="the flow-report due date of a month",
        description="The due date of a month's flow report and the first instant that is late.",
    )
    due.add_argument("month", metavar="MONTH", help="the reporting month, YYYY-MM")
    due.add_argument(
        "--roll-over",
        action="store_true",
        help="move a due date on a non-working day to the next working day",
    )
    due.add_argument(
        "--submitted-at",
        metavar="TIMESTAMP",
        help="when the report was entered (ISO 8601 with a UTC offset, or a Beijing "
        "calendar day YYYY-MM-DD): says whether that was on time, or how late; exit 1 if "
        "late (a late July 2025 report is undetermined: policy P2)",
    )
    due.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the due date; with ``--submitted-at``, whether that was on time (0) or late (1)."""
    if args.roll_over:
        require_calendar()
    month = parse_month(args.month, "month")
    submitted = (
        None if args.submitted_at is None else parse_timestamp(args.submitted_at, "--submitted-at")
    )
    due = flow_report_due_date(month, roll_over=args.roll_over)
    late = deadline_instant(month, roll_over=args.roll_over)
    verdict, code = ("", EXIT_OK) if submitted is None else _verdict(month, submitted, due, late)
    rolled = ""
    if args.roll_over:
        plain = flow_report_due_date(month)
        if plain != due:
            rolled = say(ROLLED, plain=plain.isoformat())
    emit(say(MONTH, month=month))
    emit(say(DUE, due=due.isoformat(), rolled=rolled))
    emit(say(LATE_FROM, late=late.isoformat()))
    emit(say(LATE_UTC, late=late.astimezone(dt.UTC).isoformat()))
    if verdict:
        emit(say(SUBMITTED, verdict=verdict))
    emit(say(BASIS))
    return code


ROLLED = define("cli.due.rolled", " (rolled over from {plain}, a non-working day)")
MONTH = define("cli.due.month", "Reporting month:  {month}")
DUE = define("cli.due.due", "Due date:         {due}, on or before, Beijing calendar day{rolled}")
LATE_FROM = define("cli.due.late-from", "Late from:        {late} (Beijing time, UTC+8)")
LATE_UTC = define("cli.due.late-utc", "                  {late} (UTC)")
BASIS = define(
    "cli.due.basis",
    "Basis:            Order No. 71, monthly flow reporting by the 10th (policies P1, P2)",
)


def _verdict(
    month: Month, submitted: dt.datetime | dt.date, due: dt.date, late: dt.datetime
) -> tuple[str, int]:
    """On time or late (and by how much) for a report of ``month`` entered at ``submitted``."""
    day = beijing_date(submitted, field="--submitted-at")
    if day <= month.last_day:
        raise CommandError(
            TOO_EARLY(submitted=submitted.isoformat(), day=day.isoformat(), month=str(month))
        )
    if day <= due:
        return say(ON_TIME, day=day.isoformat()), EXIT_OK
    days = (day - due).days
    after = say(AFTER_DUE, days=_days(days), due=due.isoformat())
    if isinstance(submitted, dt.datetime):
        text = say(LATE_BY, duration=_duration(submitted - late), day=day.isoformat(), after=after)
    else:
        text = say(LATE_ON, day=day.isoformat(), after=after)
    if due < MEASURES_PUBLISHED:  # as RPT001 judges it (policy P2)
        text += say(BEFORE_PUBLISHED, published=MEASURES_PUBLISHED.isoformat())
        return text, EXIT_OK
    return text, EXIT_LATE


SUBMITTED = define("cli.due.submitted", "Submitted:        {verdict}")
TOO_EARLY = define(
    "cli.due.too-early",
    "--submitted-at: {submitted} (Beijing date {day}) is before the reporting month {month} "
    "ended; a month's report is entered after it",
)
ON_TIME = define("cli.due.on-time", "on time: entered {day} (Beijing time), by the due date")
AFTER_DUE = define("cli.due.after-due", "{days} after the due date {due}")
LATE_BY = define("cli.due.late-by", "late by {duration} (entered on {day}, Beijing time, {after})")
LATE_ON = define("cli.due.late-on", "late: entered on {day}, {after}")
BEFORE_PUBLISHED = define(
    "cli.due.before-published",
    "; but that due date fell before Order No. 71 was made public on {published}: "
    "undetermined (policy P2)",
)
DAY = define("cli.due.day", "1 day")
DAYS = define("cli.due.days", "{count} days")
HOURS = define("cli.due.hours", "{count} h")
MINUTES = define("cli.due.minutes", "{count} min")
SECONDS = define("cli.due.seconds", "{count} s")


def _days(count: int) -> str:
    return say(DAY) if count == 1 else say(DAYS, count=count)


def _duration(span: dt.timedelta) -> str:
    """``2 days 2 h``, ``30 min``, ``0 s``: the largest units, down to the second."""
    seconds = int(span.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    parts = [_days(days)] if days else []
    parts += [
        say(unit, count=value) for value, unit in ((hours, HOURS), (minutes, MINUTES)) if value
    ]
    if seconds or not parts:
        parts.append(say(SECONDS, count=seconds))
    return " ".join(parts)
