"""Flow records and the monthly reporting deadline.

References:
    * Regulations 2024, art. 14(2) (《稀土管理条例》第十四条第二款): enterprises engaged
      in mining, smelting and separation, metal smelting, comprehensive utilization
      and export keep a product flow record system and enter the records truthfully
      into the traceability information system. No deadline.
    * Order No. 71, monthly flow-reporting clause (article number not confirmed):
      production enterprises enter the previous month's flow information into the
      traceability system by the 10th of each month (每月10日前).

Limitations:
    * The deadline is a Beijing calendar day (policy P1); a non-working day moves it
      only when the caller asks for the roll-over policy.
    * Metal-smelting, comprehensive-utilization and exporting enterprises have the
      record duty but no encoded deadline (policy P3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence

from rare_earth_regs.exceptions import InvalidInputError, InvalidTimestampError, NotInForceError
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import ORDER_71_MONTHLY_REPORTING, REGULATIONS_2024, Citation
from rare_earth_regs.locale import Message, define
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.reports import FlowDirection, FlowReport, ProductBalance, mass_balance
from rare_earth_regs.periods import (
    CHINA_STANDARD_TIME,
    Month,
    beijing_date,
    iso_date,
    parse_timestamp,
)
from rare_earth_regs.rules.common import (
    MEASURES_IN_FORCE,
    MEASURES_PUBLISHED,
    REGULATIONS_IN_FORCE,
    conduct_activities,
    designated_activities,
    duty_activities,
    require_date,
)
from rare_earth_regs.rules.registry import register
from rare_earth_regs.units import MassBasis

__all__ = [
    "DEADLINE_DAY",
    "FIRST_DEADLINE_MONTH",
    "deadline_instant",
    "flow_report_due_date",
    "has_monthly_deadline",
    "is_submitted_on_time",
]

#: The day of the following month by which a month's flows are entered.
DEADLINE_DAY = 10
#: The first reporting month the Order No. 71 deadline applies to (policy P2): its
#: due date, 2025-08-10, is the first on or after the Measures took effect.
FIRST_DEADLINE_MONTH = Month(2025, 7)

ART_14_2 = Citation(REGULATIONS_2024, 14, 2)
ART_25 = Citation(REGULATIONS_2024, 25)

DEADLINE_NOT_IN_FORCE = define(
    "error.deadline-not-in-force",
    "month {month}: the monthly deadline of Order No. 71 applies from the {first_month} "
    "report on (due {first_due}, the first due date on or after the Measures took effect on "
    "{in_force}; policy P2)",
)
LAST_MONTH = define(
    "error.due-date-beyond-9999",
    "month 9999-12: its due date would fall in the year 10000, beyond the dates the library "
    "can represent",
)
ENTRY_AFTER_MONTH = define(
    "accepted.entry-after-month",
    "an entry time after the reporting month {month} ended ({first_day} or later, Beijing time)",
)
ENTERED_LATE = define(
    "RPT001.entered-late",
    "{enterprise}'s flow report for {month} was entered on {submitted} (Beijing time), "
    "{days_late} day(s) after its due date {due_date}",
)
NO_SUBMISSION_TIME = define(
    "RPT001.no-submission-time",
    "{enterprise}'s flow report for {month} has no submission time; whether it met its due "
    "date {due_date} depends on the date of the check (pass as_of)",
)
NOT_ENTERED = define(
    "RPT001.not-entered",
    "{enterprise}'s flow report for {month} was not entered by its due date {due_date} "
    "(checked as of {as_of})",
)
ENTERED_EARLY = define(
    "RPT001.entered-before-month-ended",
    "{enterprise}'s flow report for {month} gives the entry time {entered} (Beijing time), "
    "before the month ended on {month_ended}: a complete report cannot have been entered then "
    "(a wrong year or month?), so whether it met its due date {due_date} cannot be told",
)
BEFORE_PUBLISHED = define(
    "RPT001.due-before-published",
    "{late}; but that due date fell before Order No. 71 was made public on {published}, so "
    "whether the lateness is a breach cannot be told (policy P2)",
)
MISSING_MONTH = define(
    "RPT002.missing-month",
    "{enterprise} ({uscc}) has no flow report for {month} in a series expected to run from "
    "{first} to {last}",
)
BALANCE_UNCHECKABLE = define(
    "RPT003.cannot-check",
    "{enterprise}, {month}: the balance of {product} cannot be checked: {reason}",
)
NO_OPENING = define("RPT003.no-opening-stock", "no opening stock is reported")
NO_CLOSING = define("RPT003.no-closing-stock", "no closing stock is reported")
NO_STOCK = define("RPT003.no-stock", "no opening stock or closing stock is reported")
REO_UNKNOWN = define("RPT003.reo-unknown", "the REO content of some lines is unknown")
NOT_CLOSED = define(
    "RPT003.not-closed",
    "{enterprise}, {month}: the balance of {product} does not close: opening {opening} + "
    "inflows {inflows} - outflows {outflows} = {expected}, but closing stock is {closing}",
)
STATED_REO = define(
    "RPT005.stated-reo-disagrees",
    "{enterprise}, {month}: a line states {stated} for {quantity} of {product}, but the "
    "product's REO fraction {fraction} gives {from_fraction}; {counted} (the larger) counts "
    "until the record is corrected",
)
NOT_CARRIED_FORWARD = define(
    "RPT004.not-carried-forward",
    "{enterprise}, {month}: opening stock of {product} is {opening}, but the "
    "{previous_month} report closed with {previous_closing}",
)

#: Activities whose enterprises have the monthly deadline (policy P3).
DEADLINE_ACTIVITIES = frozenset({Activity.MINING, Activity.SMELTING_SEPARATION})

WorkingDayCalendar = Callable[[dt.date], bool]


def _china_working_days() -> WorkingDayCalendar:
    try:
        import holidays  # noqa: PLC0415 - optional extra, loaded only when asked for
    except ModuleNotFoundError as error:  # pragma: no cover - the test extra installs it
        raise ModuleNotFoundError(
            "the roll-over policy needs the optional 'holidays' package: "
            "pip install '.[holidays]' in a checkout of the repository"
        ) from error
    calendar = holidays.country_holidays("CN")
    return calendar.is_working_day


def flow_report_due_date(
    month: Month | str,
    *,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
) -> dt.date:
    """The day by which the flows of ``month`` must be in the traceability system.

    The 10th of the following month, as a Beijing calendar day (policy P1). With
    ``roll_over=True`` a due date that falls on a non-working day moves to the next
    working day, by ``is_working_day`` or, if none is given, China's official
    calendar from the optional ``holidays`` package (substituted working days count).

    Legal basis:
        Order No. 71, monthly flow-reporting clause: 每月10日前 — by the 10th of each
        month, enter the previous month's flow information.

    Interpretation:
        P1: "by the 10th" is on or before the 10th, Beijing time; no roll-over unless
        asked. P2: the first month with this deadline is July 2025 (due 2025-08-10, the
        first due date on or after the Measures took effect on 2025-07-28); an earlier
        month raises :class:`~rare_earth_regs.exceptions.NotInForceError`. That due date
        fell before the Measures were made public (2025-08-22), so the lateness of the
        July 2025 report is undetermined (RPT001); from August 2025 on it is a violation.

    >>> flow_report_due_date(Month(2025, 9))
    datetime.date(2025, 10, 10)
    >>> flow_report_due_date("2025-12")
    datetime.date(2026, 1, 10)
    """
    period = Month.parse(month) if isinstance(month, str) else month
    if not isinstance(period, Month):
        raise InvalidInputError(field="month", value=month, accepted="a Month or 'YYYY-MM'")
    if not isinstance(roll_over, bool):
        raise InvalidInputError(field="roll_over", value=roll_over, accepted="True or False")
    if is_working_day is not None and not callable(is_working_day):
        raise InvalidInputError(
            field="is_working_day",
            value=is_working_day,
            accepted="a function from a date to True (working day) or False, or None",
        )
    if period < FIRST_DEADLINE_MONTH:
        first_due = dt.date(2025, 8, DEADLINE_DAY)
        raise NotInForceError(
            DEADLINE_NOT_IN_FORCE(
                month=period,
                first_month=FIRST_DEADLINE_MONTH,
                first_due=first_due,
                in_force=MEASURES_IN_FORCE,
            )
        )
    if period == Month(9999, 12):
        raise NotInForceError(LAST_MONTH())
    following = period.next()
    due = dt.date(following.year, following.month, DEADLINE_DAY)
    if roll_over:
        working = is_working_day if is_working_day is not None else _china_working_days()
        for _ in range(60):  # no run of non-working days in China's calendar is this long
            if working(due):
                break
            due += dt.timedelta(days=1)
        else:
            raise InvalidInputError(
                field="is_working_day",
                value=is_working_day,
                accepted="a calendar with a working day within 60 days of the due date",
            )
    return due


def deadline_instant(
    month: Month | str,
    *,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
) -> dt.datetime:
    """The first instant that is late: 00:00 Beijing time on the day after the due date.

    >>> deadline_instant("2025-09").isoformat()
    '2025-10-11T00:00:00+08:00'
    """
    due = flow_report_due_date(month, roll_over=roll_over, is_working_day=is_working_day)
    return dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), CHINA_STANDARD_TIME)


def is_submitted_on_time(
    month: Month | str,
    submitted_at: dt.datetime | dt.date | str,
    *,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
) -> bool:
    """Whether a report entered at ``submitted_at`` met the deadline for ``month``.

    ``submitted_at`` is an aware datetime in any zone (compared in Beijing time), a
    ``date`` (a Beijing calendar day), or either as ISO 8601 text, as in the JSON
    documents (``"2025-10-10T09:30:00+08:00"``, ``"2025-10-10"``). A naive datetime, or
    a timestamp without an offset, raises
    :class:`~rare_earth_regs.exceptions.InvalidTimestampError`, and so does an entry
    time before the reporting month ended (policy P18: a complete report cannot have
    been entered then, so it is neither on time nor late).

    >>> from datetime import datetime, timezone
    >>> is_submitted_on_time("2025-09", datetime(2025, 10, 10, 15, 59, 59, tzinfo=timezone.utc))
    True
    >>> is_submitted_on_time("2025-09", datetime(2025, 10, 10, 16, 0, tzinfo=timezone.utc))
    False
    >>> is_submitted_on_time("2025-09", "2025-10-10T23:59:59+08:00")
    True
    """
    due = flow_report_due_date(month, roll_over=roll_over, is_working_day=is_working_day)
    given = submitted_at
    if isinstance(submitted_at, str):
        day_only = iso_date(submitted_at)
        submitted_at = (
            day_only
            if day_only is not None
            else parse_timestamp(submitted_at, field="submitted_at")
        )
    day = beijing_date(submitted_at)
    period = Month.parse(month)
    if day <= period.last_day:
        # P18: a complete report cannot be entered before its month has ended.
        raise InvalidTimestampError(
            field="submitted_at",
            value=given if isinstance(given, str) else submitted_at.isoformat(),
            accepted=ENTRY_AFTER_MONTH(month=period, first_day=period.next().first_day),
        )
    return day <= due


def has_monthly_deadline(activities: Iterable[Activity]) -> bool:
    """Whether an enterprise with these activities has the monthly deadline (P3).

    Pass the activities whose duties the enterprise has, not only those it declares:
    :func:`~rare_earth_regs.rules.common.duty_activities` (policy P13).
    """
    return any(activity in DEADLINE_ACTIVITIES for activity in activities)


def _facts_for(report: FlowReport) -> dict[str, str]:
    return {"enterprise": report.enterprise.uscc, "month": str(report.month)}


def _deadline_basis(
    report: FlowReport, designations: DesignationRegister | None
) -> dict[str, list[str]] | None:
    """Why the enterprise has the monthly deadline: declared, shown, designated (P13)."""
    shown = conduct_activities(report)
    basis = {
        "declared": report.enterprise.activities,
        "shown_by_report": frozenset(shown),
        "designated": designated_activities(report, designations),
    }
    found = {
        source: sorted(activity.value for activity in activities & DEADLINE_ACTIVITIES)
        for source, activities in basis.items()
    }
    return found if any(found.values()) else None


def check_report_deadline(
    report: FlowReport,
    *,
    as_of: dt.date | None = None,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
    designations: DesignationRegister | None = None,
    **_: object,
) -> Iterator[Finding]:
    """Monthly flow report entered late, or not entered by its due date.

    Legal basis:
        Order No. 71, monthly flow-reporting clause: 稀土生产企业应当于每月10日前将上月
        稀土产品流向信息录入稀土产品追溯信息系统 — production enterprises enter the
        previous month's rare earth product flow information into the traceability
        system by the 10th of each month. Regulations art. 14(2) is the record duty;
        art. 25 sets the fine for records not entered.

    Interpretation:
        P1: on or before the 10th of the following month, Beijing time (UTC+8). A report
        entered after that day is a VIOLATION. A report with no ``submitted_at`` is a
        VIOLATION once ``as_of`` is after the due date, is not yet due before it, and is
        UNDETERMINED when no ``as_of`` is given. P2: applies from the July 2025 report;
        the July 2025 report was due on 2025-08-10, before the Measures were made public
        on 2025-08-22, so its lateness is UNDETERMINED (nobody could read the deadline
        before it passed); from August 2025 on lateness is a VIOLATION. P3: applies to
        mining and smelting-separation enterprises. P13: an enterprise is one when it
        declares the activity, when its report shows it (mining or smelting-separation
        output, mineral feed consumed) or when it is designated for it in the month; an
        empty or wrong declaration hides nothing. P18: an entry time before the
        reporting month ended is impossible for a complete report: UNDETERMINED, never
        "on time".
    """
    if report.month < FIRST_DEADLINE_MONTH:
        return
    basis = _deadline_basis(report, designations)
    if basis is None:
        return
    due = flow_report_due_date(report.month, roll_over=roll_over, is_working_day=is_working_day)
    name = report.enterprise.name
    facts: dict[str, object] = {
        **_facts_for(report),
        "due_date": due.isoformat(),
        "deadline_because": basis,
    }
    if report.submitted_at is not None:
        yield from _judge_entry(report, report.submitted_at, due, facts)
        return
    if as_of is None:
        yield Finding(
            rule_id="RPT001",
            severity=Severity.UNDETERMINED,
            message=NO_SUBMISSION_TIME(enterprise=name, month=report.month, due_date=due),
            citations=(ORDER_71_MONTHLY_REPORTING,),
            subject="$.submitted_at",
            facts=facts,
        )
        return
    require_date(as_of, "as_of")
    if as_of > due:
        facts |= {"as_of": as_of.isoformat()}
        text = NOT_ENTERED(enterprise=name, month=report.month, due_date=due, as_of=as_of)
        yield _late(text, due, facts)


def _judge_entry(
    report: FlowReport, submitted_at: dt.datetime, due: dt.date, facts: dict[str, object]
) -> Iterator[Finding]:
    submitted_day = beijing_date(submitted_at)
    if submitted_day <= due and submitted_day > report.month.last_day:
        return  # on time: the common case
    beijing = submitted_at.astimezone(CHINA_STANDARD_TIME)
    facts |= {
        "submitted_at": submitted_at.isoformat(),
        "submitted_beijing": beijing.isoformat(),
    }
    name = report.enterprise.name
    if submitted_day <= report.month.last_day:
        yield Finding(
            rule_id="RPT001",
            severity=Severity.UNDETERMINED,
            message=ENTERED_EARLY(
                enterprise=name,
                month=report.month,
                entered=beijing.isoformat(),
                month_ended=report.month.last_day,
                due_date=due,
            ),
            citations=(ORDER_71_MONTHLY_REPORTING,),
            subject="$.submitted_at",
            facts=facts | {"month_ended": report.month.last_day.isoformat()},
        )
        return
    days_late = (submitted_day - due).days
    facts |= {"days_late": days_late}
    text = ENTERED_LATE(
        enterprise=name,
        month=report.month,
        submitted=submitted_day,
        days_late=days_late,
        due_date=due,
    )
    yield _late(text, due, facts)


def _late(text: Message, due: dt.date, facts: dict[str, object]) -> Finding:
    """A late report: a VIOLATION, or UNDETERMINED when due before the Measures were public."""
    if due < MEASURES_PUBLISHED:
        return Finding(
            rule_id="RPT001",
            severity=Severity.UNDETERMINED,
            message=BEFORE_PUBLISHED(late=text, published=MEASURES_PUBLISHED),
            citations=(ORDER_71_MONTHLY_REPORTING,),
            subject="$.submitted_at",
            facts=facts | {"measures_published": MEASURES_PUBLISHED.isoformat()},
        )
    return Finding(
        rule_id="RPT001",
        severity=Severity.VIOLATION,
        message=text,
        citations=(ORDER_71_MONTHLY_REPORTING, ART_14_2),
        subject="$.submitted_at",
        facts=facts,
    )


register(
    id="RPT001",
    name="flow-report-late",
    citations=(ORDER_71_MONTHLY_REPORTING, ART_14_2, ART_25),
    severities=(Severity.VIOLATION, Severity.UNDETERMINED),
    in_force_from=MEASURES_IN_FORCE,
    policies=("P1", "P2", "P3", "P13", "P18"),
)(check_report_deadline)


def check_missing_months(
    reports: Sequence[FlowReport],
    *,
    year: int,
    since: Month | None = None,
    through: Month | None = None,
    designations: DesignationRegister | None = None,
    **_: object,
) -> Iterator[Finding]:
    """A month missing from an enterprise's series of flow reports.

    Legal basis:
        Regulations art. 14(2): 从事稀土开采、冶炼分离、金属冶炼、综合利用和稀土产品出口的
        企业应当建立稀土产品流向记录制度，如实记录稀土产品流向信息并录入稀土产品追溯信息系统
        — enterprises engaged in mining, smelting and separation, metal smelting,
        comprehensive utilization and export keep flow records and enter them into the
        traceability system. Art. 25 sets the fine.

    Interpretation:
        The record duty is continuous: an enterprise with any of these activities
        records every month, a month without movement included (it reports its stock).
        Every month of ``year`` from ``since`` through ``through`` must have a report
        from every enterprise in the series. Both default to the span the series covers
        (the earliest and the latest month of any report in ``year``); pass
        ``since=Month(year, 1)`` to require the whole year. No month before October
        2024, when the Regulations took effect, is expected. P13: an enterprise has the
        record duty when any of its reports in the year declares one of the activities,
        shows one (output, mineral feed consumed, exports) or falls in a month it is
        designated for one; an empty activity list hides nothing.
    """
    in_year = [report for report in reports if report.month.year == year]
    if not in_year:
        return
    last = through if through is not None else max(report.month for report in in_year)
    first = since if since is not None else min(report.month for report in in_year)
    first = max(first, Month.of(REGULATIONS_IN_FORCE))
    expected = [month for month in Month.range(first, last) if month.year == year]
    by_enterprise: dict[str, set[Month]] = {}
    names: dict[str, str] = {}
    with_duty: set[str] = set()
    for report in in_year:
        by_enterprise.setdefault(report.enterprise.uscc, set()).add(report.month)
        names[report.enterprise.uscc] = report.enterprise.name
        if report.enterprise.uscc not in with_duty and duty_activities(report, designations):
            with_duty.add(report.enterprise.uscc)
    for uscc, months in by_enterprise.items():
        if uscc not in with_duty:
            continue
        for month in expected:
            if month in months:
                continue
            yield Finding(
                rule_id="RPT002",
                severity=Severity.VIOLATION,
                message=MISSING_MONTH(
                    enterprise=names[uscc], uscc=uscc, month=month, first=first, last=last
                ),
                citations=(ART_14_2,),
                subject="$",
                facts={"enterprise": uscc, "missing_month": str(month), "through": str(last)},
                enterprise=uscc,
                month=str(month),
            )


register(
    id="RPT002",
    name="flow-report-missing-month",
    citations=(ART_14_2, ART_25),
    severities=(Severity.VIOLATION,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P13",),
    scope="year",
)(check_missing_months)


def check_mass_balance(
    report: FlowReport, *, balance_tolerance_grams: int = 0, **_: object
) -> Iterator[Finding]:
    """A product's mass balance does not close: opening + inflows − outflows ≠ closing.

    Legal basis:
        Regulations art. 14(2): 如实记录稀土产品流向信息 — record the flows truthfully.
        Art. 25 fines records that are not kept truthfully.

    Interpretation:
        Records that do not add up cannot all be true. The balance is exact by default
        (tolerance 0 g); a caller may state a tolerance in grams. A product whose lines
        cannot be put on one basis (a line in REO without a known REO content for the
        others) or whose opening or closing stock is not reported is UNDETERMINED
        (policy P10).
    """
    if type(balance_tolerance_grams) is not int or balance_tolerance_grams < 0:
        raise InvalidInputError(
            field="balance_tolerance_grams",
            value=balance_tolerance_grams,
            accepted="a non-negative whole number of grams",
        )
    name = report.enterprise.name
    for product, balance in mass_balance(report).items():
        difference = balance.difference_grams
        if difference is not None and abs(difference) <= balance_tolerance_grams:
            continue  # the common case: nothing to report, nothing to format
        subject = f"$.lines[{balance.line_indexes[0]}]"
        facts: dict[str, object] = {
            "product": product.name,
            "basis": balance.basis.value,
            "lines": list(balance.line_indexes),
            "inflows": str(balance.inflows),
            "outflows": str(balance.outflows),
        }
        if difference is None:
            if balance.opening is None:
                reason = NO_STOCK() if balance.closing is None else NO_OPENING()
            else:
                reason = NO_CLOSING() if balance.closing is None else REO_UNKNOWN()
            yield Finding(
                rule_id="RPT003",
                severity=Severity.UNDETERMINED,
                message=BALANCE_UNCHECKABLE(
                    enterprise=name, month=report.month, product=product.name, reason=reason
                ),
                citations=(ART_14_2,),
                subject=subject,
                facts=facts,
            )
            continue
        assert balance.opening is not None
        assert balance.closing is not None
        facts |= {
            "opening": str(balance.opening),
            "closing": str(balance.closing),
            "difference_grams": difference,
            "tolerance_grams": balance_tolerance_grams,
        }
        expected = balance.opening.grams + balance.inflows.grams - balance.outflows.grams
        yield Finding(
            rule_id="RPT003",
            severity=Severity.VIOLATION,
            message=NOT_CLOSED(
                enterprise=name,
                month=report.month,
                product=product.name,
                opening=balance.opening,
                inflows=balance.inflows,
                outflows=balance.outflows,
                expected=_signed(expected, balance.basis.value),
                closing=balance.closing,
            ),
            citations=(ART_14_2,),
            subject=subject,
            facts=facts,
        )


register(
    id="RPT003",
    name="mass-balance-not-closed",
    citations=(ART_14_2, ART_25),
    severities=(Severity.VIOLATION, Severity.UNDETERMINED),
    in_force_from=REGULATIONS_IN_FORCE,
)(check_mass_balance)


#: Stated and computed REO figures closer than this agree: the special invoices state
#: REO to the kilogram (SAT Announcement 2012 No. 17), so a smaller gap is rounding.
REO_AGREEMENT_GRAMS = 1_000


def check_stated_reo(report: FlowReport, **_: object) -> Iterator[Finding]:
    """A line's stated REO content disagrees with its product's REO fraction.

    Legal basis:
        Regulations art. 14(2): 如实记录稀土产品流向信息 — record the flows truthfully.
        Art. 25 fines records that are not kept truthfully.

    Interpretation:
        P18: stated facts are checked against each other. A gross line that states its
        REO content (``reo``) for a product with an REO fraction gives two figures for
        one amount; when they differ by 1 kg or more (REO is invoiced to the kilogram)
        at least one is wrong: a WARNING showing both. Until it is corrected the larger
        figure counts for quota use and the balance (the conservative reading; see
        :meth:`~rare_earth_regs.model.reports.FlowLine.reo_content`); the stated one is
        never silently preferred. A stated REO above the gross mass is refused when the
        line is built (an error, not a finding).
    """
    lines = report.lines
    for index, line in enumerate(lines):
        stated = line.reo
        if stated is None:
            continue
        from_fraction = line.product_reo()
        if from_fraction is None:
            continue
        gap = stated.grams - from_fraction.grams
        if abs(gap) < REO_AGREEMENT_GRAMS:
            continue
        counted = line.reo_content()
        yield Finding(
            rule_id="RPT005",
            severity=Severity.WARNING,
            message=STATED_REO(
                enterprise=report.enterprise.name,
                month=report.month,
                stated=stated,
                quantity=line.quantity,
                product=line.product.name,
                fraction=str(line.product.reo_fraction),
                from_fraction=from_fraction,
                counted=str(counted),
            ),
            citations=(ART_14_2,),
            subject=f"$.lines[{index}].reo",
            facts={
                "product": line.product.name,
                "quantity": str(line.quantity),
                "stated_reo": str(stated),
                "reo_fraction": str(line.product.reo_fraction),
                "reo_from_fraction": str(from_fraction),
                "difference_grams": gap,
                "counted_reo": str(counted),
            },
        )


register(
    id="RPT005",
    name="stated-reo-disagrees",
    citations=(ART_14_2, ART_25),
    severities=(Severity.WARNING,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P18",),
)(check_stated_reo)


def _signed(grams: int, basis: str) -> str:
    from rare_earth_regs.units import MassBasis, Tonnage  # noqa: PLC0415

    text = str(Tonnage(abs(grams), MassBasis(basis)))
    return f"-{text}" if grams < 0 else text


def check_stock_continuity(
    reports: Sequence[FlowReport], *, year: int, **_: object
) -> Iterator[Finding]:
    """A month's opening stock of a product differs from the previous month's closing stock.

    Legal basis:
        Regulations art. 14(2): 如实记录稀土产品流向信息 — record the flows truthfully.
        Art. 25 fines records that are not kept truthfully.

    Interpretation:
        Stock does not change between the last day of one month and the first day of
        the next: each product's opening stock must equal its closing stock of the
        month before, exactly, when both reports are given and both state the stock on
        the same basis. A stock in REO that includes a line of unknown REO content is
        unknown (P10) and is not compared. Pairs of consecutive months within ``year``
        (December of the year before included) are compared.
    """
    by_key: dict[tuple[str, Month], FlowReport] = {}
    for report in reports:
        if report.month.year in (year - 1, year):
            by_key[(report.enterprise.uscc, report.month)] = report
    for (uscc, month), report in sorted(by_key.items(), key=lambda item: (item[0][0], item[0][1])):
        if month.year != year:
            continue
        before = by_key.get((uscc, month.previous()))
        if before is None:
            continue
        closing = {
            product: balance.closing
            for product, balance in mass_balance(before).items()
            if balance.closing is not None
            and _stock_known(before, balance, FlowDirection.CLOSING_STOCK)
        }
        for product, balance in mass_balance(report).items():
            previous = closing.get(product)
            opening = balance.opening
            if previous is None or opening is None or previous.basis is not opening.basis:
                continue
            if previous.grams == opening.grams:
                continue
            if not _stock_known(report, balance, FlowDirection.OPENING_STOCK):
                continue
            yield Finding(
                rule_id="RPT004",
                severity=Severity.VIOLATION,
                message=NOT_CARRIED_FORWARD(
                    enterprise=report.enterprise.name,
                    month=month,
                    product=product.name,
                    opening=opening,
                    previous_month=month.previous(),
                    previous_closing=previous,
                ),
                citations=(ART_14_2,),
                subject=f"$.lines[{balance.line_indexes[0]}]",
                facts={
                    "product": product.name,
                    "opening": str(opening),
                    "previous_closing": str(previous),
                    "previous_month": str(month.previous()),
                },
                enterprise=uscc,
                month=str(month),
                report_id=report.report_id,
            )


register(
    id="RPT004",
    name="stock-not-carried-forward",
    citations=(ART_14_2, ART_25),
    severities=(Severity.VIOLATION,),
    in_force_from=REGULATIONS_IN_FORCE,
    scope="year",
)(check_stock_continuity)


def _stock_known(report: FlowReport, balance: ProductBalance, stock: FlowDirection) -> bool:
    """Whether the ``stock`` lines (opening or closing) of a balance give a known amount.

    A product with any line in REO is balanced in REO, and there a stock line whose REO
    content is unknown counts as 0 t REO (the balance itself is not determinable): that
    stock is unknown. A gross balance always knows its stock.
    """
    if balance.basis is not MassBasis.REO:
        return True
    lines = report.lines
    return all(
        lines[index].reo_content() is not None
        for index in balance.line_indexes
        if lines[index].direction is stock
    )
