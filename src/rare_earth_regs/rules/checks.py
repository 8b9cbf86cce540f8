"""The entry points: check one report, or a year's series of reports.

>>> from rare_earth_regs.rules import RULES
>>> "RPT001" in RULES
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

import attrs

from rare_earth_regs.exceptions import InvalidInputError, items_of
from rare_earth_regs.filings import Filing, FilingSet, as_filing_set
from rare_earth_regs.findings import Finding, Findings
from rare_earth_regs.locale import define
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.periods import Month, require_year
from rare_earth_regs.rules.common import ENCODED_FROM, require_date, require_encoded
from rare_earth_regs.rules.quotas import _partial_year, require_encoded_report
from rare_earth_regs.rules.registry import RULES, Rule
from rare_earth_regs.rules.reporting import WorkingDayCalendar

ONLY_PARTIAL_YEAR = define(
    "accepted.only-partial-year",
    "{year}, the only quota year with months before {date}, the start of the encoded range",
)

__all__ = [
    "check_filing",
    "check_filings",
    "check_flow_report",
    "check_year",
    "iter_filing_findings",
    "iter_report_findings",
]


def _report_rules(on: dt.date, scope: str = "report") -> tuple[Rule, ...]:
    return tuple(
        rule for _, rule in sorted(RULES.items()) if rule.scope == scope and rule.is_in_force(on)
    )


def _stamp(finding: Finding, report: FlowReport) -> Finding:
    return attrs.evolve(
        finding,
        enterprise=finding.enterprise or report.enterprise.uscc,
        month=finding.month or str(report.month),
        report_id=finding.report_id or report.report_id,
    )


def iter_report_findings(
    report: FlowReport,
    *,
    designations: DesignationRegister | None = None,
    as_of: dt.date | None = None,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
    balance_tolerance_grams: int = 0,
    rule_ids: Iterable[str] | None = None,
) -> Iterator[Finding]:
    """The findings of :func:`check_flow_report`, as a generator (unordered).

    ``rule_ids`` limits the run to those report-level rules (a stream re-runs RPT001
    alone when it learns an earlier entry time).
    """
    if not isinstance(report, FlowReport):
        raise InvalidInputError(field="report", value=report, accepted="a FlowReport")
    if designations is not None and not isinstance(designations, DesignationRegister):
        raise InvalidInputError(
            field="designations", value=designations, accepted="a DesignationRegister or None"
        )
    if as_of is not None:
        require_date(as_of, "as_of")
    require_encoded_report(report)
    wanted = None if rule_ids is None else frozenset(rule_ids)
    for rule in _report_rules(report.month.last_day):
        if wanted is not None and rule.id not in wanted:
            continue
        for finding in rule.check(
            report,
            designations=designations,
            as_of=as_of,
            roll_over=roll_over,
            is_working_day=is_working_day,
            balance_tolerance_grams=balance_tolerance_grams,
        ):
            yield _stamp(finding, report)


def check_flow_report(
    report: FlowReport,
    *,
    designations: DesignationRegister | None = None,
    as_of: dt.date | None = None,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
    balance_tolerance_grams: int = 0,
) -> Findings:
    """Run every report-level rule in force for the report's month.

    Rules in force on the last day of the report's month apply (policy P5). A report
    for a month before October 2024 raises
    :class:`~rare_earth_regs.exceptions.NotInForceError` (policy P6).

    Args:
        report: the monthly flow report.
        designations: the designation register (Regulations art. 8); without it,
            ENT001 and SRC001 report UNDETERMINED where they need it.
        as_of: the date of the check, used to decide whether an unsubmitted report is
            overdue (RPT001). Never read from the clock.
        roll_over: move a due date on a non-working day to the next working day.
        is_working_day: the working-day calendar for ``roll_over``.
        balance_tolerance_grams: the tolerance of the mass balance (RPT003), default 0.

    Returns:
        The findings, in canonical order, so the same inputs in any line order give the
        same rule ids, severities and messages.
    """
    return Findings(
        iter_report_findings(
            report,
            designations=designations,
            as_of=as_of,
            roll_over=roll_over,
            is_working_day=is_working_day,
            balance_tolerance_grams=balance_tolerance_grams,
        )
    )


def check_year(
    reports: Iterable[FlowReport] | FilingSet,
    *,
    year: int,
    allocations: Iterable[QuotaAllocation] = (),
    designations: DesignationRegister | None = None,
    since: Month | None = None,
    through: Month | None = None,
    prior_use: Iterable[PriorUse] = (),
) -> Findings:
    """Run the year-level rules over a series of reports: series, quotas, stock continuity.

    The reports are resolved into filings first (policy P12): the highest revision of
    each enterprise and month counts, copies count once, and two different documents
    with the same enterprise, month and revision raise
    :class:`~rare_earth_regs.exceptions.FilingConflictError`.

    Args:
        reports: the reports (any order; reports of other years are ignored), or a
            :class:`~rare_earth_regs.filings.FilingSet`. A report for a month before
            October 2024 raises NotInForceError (policies P6, P14): it is never skipped
            silently.
        year: the calendar year; before 2024 raises NotInForceError (policy P6).
        allocations: the quota allocations (any batches, increments or running totals),
            resolved to holders first (policy P7).
        designations: the designation register, as for :func:`check_flow_report`: RPT002
            reads the activities an enterprise is designated for (policy P13) and SRC002
            whether a seller was designated when it produced; None leaves SRC002 unchecked.
        since: the first month the series should cover (default: the earliest month
            reported in ``year``); RPT002.
        through: the last month the series should cover (default: the latest month
            reported in ``year``); RPT002.
        prior_use: output the holders state for the months of a quota year before
            2024-10-01 (only 2024 has such months). Without it, a 2024 quota comparison
            that finds no overrun is undetermined (partial year, policy P14).
    """
    require_year(year)
    require_encoded(dt.date(year, 12, 31), f"year {year}")
    series = as_filing_set(reports).reports()
    for report in series:
        require_encoded_report(report)
    allocation_list: Sequence[QuotaAllocation] = items_of(
        allocations, field="allocations", accepted="an iterable of QuotaAllocation"
    )
    for index, allocation in enumerate(allocation_list):
        if not isinstance(allocation, QuotaAllocation):
            raise InvalidInputError(
                field=f"allocations[{index}]", value=allocation, accepted="a QuotaAllocation"
            )
    stated = _prior_use(prior_use)
    for name, bound in (("since", since), ("through", through)):
        if bound is not None and not isinstance(bound, Month):
            raise InvalidInputError(field=name, value=bound, accepted="a Month or None")
    # A finding names its report by id; where ids repeat, the latest report of the year.
    by_id = {report.report_id: report for report in series if report.month.year == year}
    shared: dict[object, object] = {}  # results several year rules read, computed once
    found: list[Finding] = []
    for _, rule in sorted(RULES.items()):
        if rule.scope != "year" or not rule.is_in_force(dt.date(year, 12, 31)):
            continue
        for finding in rule.check(
            series,
            year=year,
            allocations=allocation_list,
            designations=designations,
            since=since,
            through=through,
            prior_use=stated,
            shared=shared,
        ):
            source = by_id.get(finding.report_id) if finding.report_id else None
            found.append(_stamp(finding, source) if source is not None else finding)
    return Findings(found)


def _prior_use(value: object) -> tuple[PriorUse, ...]:
    """Check the stated earlier output: PriorUse entries of a year that starts before the range."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidInputError(field="prior_use", value=value, accepted="an iterable of PriorUse")
    entries = tuple(value)
    for index, entry in enumerate(entries):
        if not isinstance(entry, PriorUse):
            raise InvalidInputError(field=f"prior_use[{index}]", value=entry, accepted="a PriorUse")
        if not _partial_year(entry.year):  # the quota year that starts before the range
            raise InvalidInputError(
                field=f"prior_use[{index}].year",
                value=entry.year,
                accepted=ONLY_PARTIAL_YEAR(year=ENCODED_FROM.year, date=ENCODED_FROM),
            )
    return entries


def check_filing(
    filing: Filing,
    *,
    designations: DesignationRegister | None = None,
    as_of: dt.date | None = None,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
    balance_tolerance_grams: int = 0,
) -> Findings:
    """Check one filing: the report-level rules on its authoritative report, and the filing rules.

    The report checked is :attr:`~rare_earth_regs.filings.Filing.report`: the highest
    revision's content with the first revision's entry time (policy P12). The filing
    rules (FIL001, FIL002) report copies and a missing first revision. The options are
    those of :func:`check_flow_report`.
    """
    if not isinstance(filing, Filing):
        raise InvalidInputError(field="filing", value=filing, accepted="a Filing")
    report = filing.report
    found = list(
        iter_report_findings(
            report,
            designations=designations,
            as_of=as_of,
            roll_over=roll_over,
            is_working_day=is_working_day,
            balance_tolerance_grams=balance_tolerance_grams,
        )
    )
    found.extend(iter_filing_findings(filing))
    return Findings(found)


def iter_filing_findings(filing: Filing) -> Iterator[Finding]:
    """The findings of the filing rules alone (FIL001, FIL002) on ``filing``."""
    report = filing.report
    for rule in _report_rules(report.month.last_day, "filing"):
        for finding in rule.check(filing):
            yield _stamp(finding, report)


def check_filings(
    reports: Iterable[FlowReport] | FilingSet,
    *,
    year: int | None = None,
    allocations: Iterable[QuotaAllocation] = (),
    designations: DesignationRegister | None = None,
    as_of: dt.date | None = None,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
    balance_tolerance_grams: int = 0,
    since: Month | None = None,
    through: Month | None = None,
    prior_use: Iterable[PriorUse] = (),
) -> Findings:
    """Check a set of reports as filings: what the command line's ``check`` does.

    The reports are resolved into filings (policy P12); each filing of ``year`` (every
    filing when ``year`` is None) is checked by :func:`check_filing`, and the year-level
    rules run by :func:`check_year` for ``year`` (or for every year a filing is for).
    Any permutation of the reports, and any number of copies of them, give the same
    findings, except the FIL001 notes that list the copies.
    """
    filings = as_filing_set(reports)
    if year is not None:
        require_year(year)
    allocation_list = tuple(allocations)
    # One Findings at the end: adding Findings re-sorts the whole, once per filing.
    found: list[Finding] = []
    for filing in filings:
        if year is None or filing.key.month.year == year:
            found += check_filing(
                filing,
                designations=designations,
                as_of=as_of,
                roll_over=roll_over,
                is_working_day=is_working_day,
                balance_tolerance_grams=balance_tolerance_grams,
            )
    years = [year] if year is not None else sorted({f.key.month.year for f in filings})
    for each in years:
        found += check_year(
            filings,
            year=each,
            allocations=allocation_list,
            designations=designations,
            since=since,
            through=through,
            prior_use=prior_use,
        )
    return Findings(found)
