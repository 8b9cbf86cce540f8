"""Check a stream of flow reports in bounded memory.

:func:`~rare_earth_regs.rules.check_flow_report` needs one report;
:func:`~rare_earth_regs.rules.check_year` needs the whole series, which for many
enterprises and months may not fit in memory. This module checks reports one at a
time, as they arrive (from a generator, a directory of files, a queue), and keeps of
each only a small *digest*: the report without the lines the year-level rules never
read. At the end the year-level rules run once over the digests. Use
:func:`check_stream` on an iterable of reports or paths, or a :class:`StreamChecker`
to feed reports yourself.

The guarantee: for the same reports, in the same order, the per-report findings are
those of :func:`~rare_earth_regs.rules.check_flow_report` and the year findings are
those of :func:`~rare_earth_regs.rules.check_year` run on the full list, equal as
:class:`~rare_earth_regs.findings.Findings`.

Filings (policy P12). The reports are resolved into filings as they arrive, as
:class:`~rare_earth_regs.filings.FilingSet` does: per enterprise and month the checker
keeps the content digest of every revision seen (to tell a copy from a conflict), the
entry time of the lowest revision, and the digest and the findings of the highest
revision only; a higher revision replaces them. A copy is counted once; a second
document with the same enterprise, month and revision and different content raises
:class:`~rare_earth_regs.exceptions.FilingConflictError` when it arrives. The year
findings are those of ``check_year`` over the authoritative filings, and
:attr:`YearResult.filings` holds the findings of each filing (those of
:func:`~rare_earth_regs.rules.check_filing`): together they equal
:func:`~rare_earth_regs.rules.check_filings` on the same reports, in any order of
arrival. A :class:`ReportResult` is the check of one document as filed.

What a digest keeps. The year-level rules read:

* RPT002 (missing month): the enterprise and month of each report;
* RPT004 (stock carried forward): per product, the opening and closing stock lines,
  the basis of the product's balance (REO as soon as one of its lines is stated in
  REO) and the index of the product's first line (the finding's subject);
* QTA001 and QTA002 (quota use): the ``produced`` lines, with their indexes;
* RPT001, run again on a digest when an earlier revision arrives after a later one
  (policy P12): the conduct that brings the deadline (policy P13), read from the lines
  kept for production and the first consumed mineral product and exported rare earth
  product, kept for RPT002 too.

A digest is a :class:`~rare_earth_regs.model.reports.FlowReport` with the same
enterprise, month, submission time and report id, in which every line is kept,
except that each line none of these rules reads is replaced by one shared placeholder
line (a zero ``lost`` line of a placeholder product). Line indexes, and so the JSON
paths of the findings, stay those of the original report; the placeholder costs one
pointer per line left out. Reports outside the window the year rules look at (the
year before to the year after ``year``) keep no lines at all.

The memory held at any time is the report being checked plus the digests of the
reports seen so far. For reports with a few products and most lines being purchases,
sales, consumption and transfers, a digest takes about a quarter of the memory of its
report (measured figures in ``docs/scale-out.md``); a report made mostly of stock and
production lines keeps more. The memory still grows linearly with the number of
reports and with their ``produced`` and stock lines, not with their other lines.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import attrs

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.filings import FilingKey, FilingSet, content_digest
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.legal import Citation
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowDirection, FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules.checks import (
    check_flow_report,
    check_year,
    iter_filing_findings,
    iter_report_findings,
)
from rare_earth_regs.rules.common import ENCODED_FROM
from rare_earth_regs.rules.reporting import WorkingDayCalendar
from rare_earth_regs.rules.sources import PRODUCT_MAKERS
from rare_earth_regs.serialization import load_report
from rare_earth_regs.units import Tonnage

__all__ = [
    "DIGEST_YEAR_RULES",
    "ENTRY_TIME_RULES",
    "ReportResult",
    "StreamChecker",
    "YearResult",
    "check_stream",
    "report_digest",
]

#: The year-level rules a digest is built for. A year-level rule that reads other
#: parts of a report needs the digest extended (a test checks this set against the
#: registry).
DIGEST_YEAR_RULES = frozenset({"QTA001", "QTA002", "RPT002", "RPT004", "SRC002"})

#: The report-level rules that read the entry time: run again on a filing's digest
#: when an earlier revision, with an earlier entry time, arrives after a later one.
ENTRY_TIME_RULES = frozenset({"RPT001"})

#: The product of the placeholder line: a product no report is expected to name.
PLACEHOLDER_PRODUCT = Product(
    name="(line left out of a stream digest)",
    product_class=ProductClass.SECONDARY_RESOURCE,
    form="rare_earth_regs.stream placeholder",
)

#: The line that stands for every line a digest leaves out: zero, ``lost``, of
#: :data:`PLACEHOLDER_PRODUCT`. It has no opening or closing stock (RPT004 skips its
#: product) and is not ``produced`` (the quota rules skip it).
PLACEHOLDER_LINE = FlowLine(
    direction=FlowDirection.LOST, product=PLACEHOLDER_PRODUCT, quantity=Tonnage(0)
)

ReportSource = FlowReport | str | os.PathLike[str]


_TRACED_CLASSES = frozenset(PRODUCT_MAKERS)
_BOUGHT = frozenset({FlowDirection.PURCHASED, FlowDirection.IMPORTED})
_ACQUIRED = frozenset({*_BOUGHT, FlowDirection.RECEIVED})


def _kept_indexes(report: FlowReport, designations: DesignationRegister | None) -> set[int]:
    lines = report.lines
    kept: set[int] = set()
    seen: set[Product] = set()
    seen_reo: set[Product] = set()
    seen_acquired: set[Product] = set()
    conduct: set[str] = set()
    for index, line in enumerate(lines):
        product = line.product
        direction = line.direction
        if product not in seen:
            seen.add(product)
            kept.add(index)
        if line.quantity.is_reo and product not in seen_reo:
            seen_reo.add(product)
            kept.add(index)
        if direction is FlowDirection.PRODUCED or direction.is_stock:
            kept.add(index)
        product_class = product.product_class
        # RPT002 (P13): the first line showing each other kind of conduct.
        if (
            direction is FlowDirection.CONSUMED
            and product_class is ProductClass.MINERAL_PRODUCT
            and "consumed" not in conduct
        ) or (
            direction is FlowDirection.EXPORTED
            and product_class.is_rare_earth_product
            and "exported" not in conduct
        ):
            conduct.add(direction.value)
            kept.add(index)
        if (
            designations is None
            or product_class not in _TRACED_CLASSES
            or direction not in _ACQUIRED
        ):
            continue  # SRC002 reads nothing more, and nothing at all without a register
        # SRC002: every purchase from an identified seller that is not designated to make
        # the product on the line's date, and the first acquisition of each product (a
        # seller that acquired it may be reselling it).
        if (
            direction in _BOUGHT and _undesignated_seller(line, report, designations)
        ) or product not in seen_acquired:
            kept.add(index)
        seen_acquired.add(product)
    return kept


def _undesignated_seller(
    line: FlowLine, report: FlowReport, designations: DesignationRegister
) -> bool:
    seller = line.counterparty
    if seller is None or seller.uscc is None:
        return False
    day = line.activity_date(report.month)
    makers = PRODUCT_MAKERS[line.product.product_class]
    return not any(designations.covers_checked(seller.uscc, kind, day) for kind in makers)


def report_digest(
    report: FlowReport,
    *,
    year: int | None = None,
    designations: DesignationRegister | None = None,
) -> FlowReport:
    """The digest of ``report``: what the year-level rules need of it, nothing more.

    Every line the year-level rules read (``produced`` lines, opening and closing
    stock, the first line of each product and its first line stated in REO, the first
    consumed mineral product and the first exported rare earth product (the conduct
    RPT002 reads, policy P13) and, given the ``designations`` the year rules will use,
    every purchase or import of a mineral product or compound from a seller not
    designated to make it and the first acquisition of each such product (SRC002)) is
    kept as it is; every other line is replaced by :data:`PLACEHOLDER_LINE`, so line
    indexes do not change. With ``year``, a report whose month is outside the window
    the year rules look at (``year - 1`` to ``year + 1``) keeps no lines.

    >>> from rare_earth_regs.model.enterprises import Enterprise
    >>> firm = Enterprise(uscc="91350000MA0000001J", name="Example Separation Co.",
    ...                   activities=["smelting_separation"])
    >>> oxide = Product(name="La oxide", product_class="compound", reo_fraction="1")
    >>> report = FlowReport(enterprise=firm, month="2025-09", lines=[
    ...     FlowLine(direction="opening_stock", product=oxide, quantity="10 t"),
    ...     FlowLine(direction="produced", product=oxide, quantity="5 t", origin="imported"),
    ...     FlowLine(direction="sold", product=oxide, quantity="7 t"),
    ...     FlowLine(direction="closing_stock", product=oxide, quantity="8 t")])
    >>> [line.direction.value for line in report_digest(report).lines]
    ['opening_stock', 'produced', 'lost', 'closing_stock']
    >>> report_digest(report, year=2027).lines
    ()
    """
    if not isinstance(report, FlowReport):
        raise InvalidInputError(field="report", value=report, accepted="a FlowReport")
    if year is not None and report.month.year not in (year - 1, year, year + 1):
        lines: tuple[FlowLine, ...] = ()
    else:
        kept = _kept_indexes(report, designations)
        lines = tuple(
            line if index in kept else PLACEHOLDER_LINE for index, line in enumerate(report.lines)
        )
    return attrs.evolve(report, lines=lines)


@attrs.frozen(kw_only=True)
class ReportResult:
    """The findings of one report of a stream (those of ``check_flow_report``).

    Attributes:
        report_id: the report's id.
        enterprise: the USCC of the reporting enterprise.
        month: the reporting month.
        source: the path the report was read from, or None for a report given as such.
        findings: the report-level findings.
    """

    report_id: str
    enterprise: str
    month: Month
    source: str | None
    findings: Findings


@attrs.frozen(kw_only=True)
class YearResult:
    """The year-level findings of a stream, produced after its last report.

    Attributes:
        years: the years checked (``(year,)``, or every year a report was for).
        reports: how many reports the stream had.
        findings: the findings of ``check_year`` over the reports, for each year.
    """

    years: tuple[int, ...]
    reports: int
    findings: Findings
    # Where the findings of the filings come from: worked out when asked for, so that a
    # stream whose caller wrote out each ReportResult never holds them all at once.
    filing_source: Callable[[], Findings] | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def filings(self) -> Findings:
        """The findings of each filing of :attr:`years` (``check_filing``, policy P12).

        The report-level rules on the authoritative revisions (RPT001 on the first
        revision's entry time) and FIL001 and FIL002, worked out from what the stream
        kept when this is read.
        """
        return Findings() if self.filing_source is None else self.filing_source()

    @property
    def all_findings(self) -> Findings:
        """:attr:`filings` and :attr:`findings` together: the answer of the stream."""
        return self.filings + self.findings


class _FindingPacker:
    """Packs findings small: citations as indexes into a shared table, then pickled and
    compressed. A finding's message and facts, and above all its citations (each with
    its instrument), take more memory than the digest of its report; they are read once,
    at the end."""

    __slots__ = ("_index", "_table")

    def __init__(self) -> None:
        self._table: list[tuple[Citation, ...]] = []
        self._index: dict[tuple[Citation, ...], int] = {}

    def pack(self, findings: Iterable[Finding]) -> bytes:
        rows = []
        for finding in findings:
            number = self._index.get(finding.citations)
            if number is None:
                number = self._index[finding.citations] = len(self._table)
                self._table.append(finding.citations)
            rows.append(
                (
                    finding.rule_id,
                    finding.severity.value,
                    finding.translatable,
                    number,
                    finding.subject,
                    finding.facts,
                    finding.enterprise,
                    finding.month,
                    finding.report_id,
                )
            )
        return zlib.compress(pickle.dumps(rows, pickle.HIGHEST_PROTOCOL))

    def unpack(self, packed: bytes) -> list[Finding]:
        rows = pickle.loads(zlib.decompress(packed))
        return [
            Finding(
                rule_id=rule_id,
                severity=Severity(severity),
                message=message,
                citations=self._table[number],
                subject=subject,
                facts=facts,
                enterprise=enterprise,
                month=month,
                report_id=report_id,
            )
            for (
                rule_id,
                severity,
                message,
                number,
                subject,
                facts,
                enterprise,
                month,
                report_id,
            ) in rows
        ]


@attrs.frozen
class _Checked:
    """The findings of a filing's current revision (packed), and the entry time they used."""

    revision: int
    submitted_at: dt.datetime | None
    packed: bytes


class StreamChecker:
    """Check reports one at a time; keep only their digests for the year-level rules.

    ``feed`` checks a report (or a path to a JSON report, read with
    :func:`~rare_earth_regs.serialization.load_report`) and returns its findings, those
    of :func:`~rare_earth_regs.rules.check_flow_report`. ``finish`` returns the
    year-level findings, those of :func:`~rare_earth_regs.rules.check_year` over every
    report fed. With ``year=None``, ``finish`` checks every year a report was fed for
    and returns the findings of all of them.

    The options are those of ``check_flow_report`` (``designations``, ``as_of``,
    ``roll_over``, ``is_working_day``, ``balance_tolerance_grams``) and of
    ``check_year`` (``year``, ``allocations``, ``designations``, ``since``,
    ``through``, ``prior_use``); they are checked when the checker is made.
    """

    def __init__(
        self,
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
    ) -> None:
        self.year = year
        self.allocations: tuple[QuotaAllocation, ...] = tuple(allocations)
        self.designations = designations
        self.as_of = as_of
        self.roll_over = roll_over
        self.is_working_day = is_working_day
        self.balance_tolerance_grams = balance_tolerance_grams
        self.since = since
        self.through = through
        if isinstance(prior_use, str | bytes) or not isinstance(prior_use, Iterable):
            check_year((), year=ENCODED_FROM.year, prior_use=prior_use)  # refuses it, named
        self.prior_use: tuple[PriorUse, ...] = tuple(prior_use)
        self._filings = FilingSet(keep_history=False)
        self._checked: dict[FilingKey, _Checked] = {}
        self._packer = _FindingPacker()
        self._years: set[int] = set()
        self._validate()

    def _validate(self) -> None:
        if self.year is not None:
            # An empty series checks year, allocations, designations, since, through and
            # the stated earlier output.
            self._check_year((), self.year)
        else:
            # The stated earlier output is checked on its own (it does not depend on year).
            check_year((), year=ENCODED_FROM.year, prior_use=self.prior_use)
            for name, bound in (("since", self.since), ("through", self.through)):
                if bound is not None and not isinstance(bound, Month):
                    raise InvalidInputError(field=name, value=bound, accepted="a Month or None")
            for index, allocation in enumerate(self.allocations):
                if not isinstance(allocation, QuotaAllocation):
                    raise InvalidInputError(
                        field=f"allocations[{index}]",
                        value=allocation,
                        accepted="a QuotaAllocation",
                    )
        if self.designations is not None and not isinstance(self.designations, DesignationRegister):
            raise InvalidInputError(
                field="designations",
                value=self.designations,
                accepted="a DesignationRegister or None",
            )
        if type(self.balance_tolerance_grams) is not int or self.balance_tolerance_grams < 0:
            raise InvalidInputError(
                field="balance_tolerance_grams",
                value=self.balance_tolerance_grams,
                accepted="a non-negative whole number of grams",
            )

    def _check_year(self, reports: Iterable[FlowReport] | FilingSet, year: int) -> Findings:
        return check_year(
            reports,
            year=year,
            allocations=self.allocations,
            designations=self.designations,
            since=self.since,
            through=self.through,
            prior_use=self.prior_use,
        )

    @property
    def reports(self) -> int:
        """How many reports (or digests) have been fed, copies included."""
        return self._filings.documents

    @property
    def years(self) -> tuple[int, ...]:
        """The years ``finish`` checks."""
        return (self.year,) if self.year is not None else tuple(sorted(self._years))

    def load(self, item: ReportSource) -> FlowReport:
        """``item`` itself if it is a report, else the report read from the path ``item``."""
        if isinstance(item, FlowReport):
            return item
        if isinstance(item, str | os.PathLike):
            return load_report(Path(item))
        raise InvalidInputError(
            field="report", value=item, accepted="a FlowReport or the path of a JSON flow report"
        )

    def check(self, report: FlowReport) -> Findings:
        """The report-level findings of ``report`` (``check_flow_report``), not recorded."""
        return check_flow_report(
            report,
            designations=self.designations,
            as_of=self.as_of,
            roll_over=self.roll_over,
            is_working_day=self.is_working_day,
            balance_tolerance_grams=self.balance_tolerance_grams,
        )

    def feed(self, item: ReportSource) -> Findings:
        """Check one report (or the report at a path) and keep its digest."""
        report = self.load(item)
        findings = self.check(report)
        source = None if isinstance(item, FlowReport) else os.fspath(item)
        self.add_checked(
            report_digest(report, year=self.year, designations=self.designations),
            findings,
            digest=content_digest(report),
            source=source,
        )
        return findings

    def add_digest(self, report: FlowReport) -> None:
        """Keep the digest of ``report`` for the year-level rules, without checking it.

        For digests made elsewhere with :func:`report_digest`; a full report is digested
        here. A report added this way has no report-level findings of its own in
        :meth:`filing_findings`.
        """
        self.add_checked(
            report_digest(report, year=self.year, designations=self.designations),
            Findings(),
            digest=content_digest(report),
        )

    def add_checked(
        self,
        digest_report: FlowReport,
        findings: Findings,
        *,
        digest: str | None = None,
        source: str | None = None,
    ) -> None:
        """Record a report checked elsewhere (on a Dask worker, say): its digest and findings.

        ``digest_report`` is :func:`report_digest` of the report, ``findings`` its
        ``check_flow_report`` findings, ``digest`` the :func:`content_digest` of the full
        report (without it, that of ``digest_report``) and ``source`` where it was read
        from. Raises :class:`~rare_earth_regs.exceptions.FilingConflictError` when it
        conflicts with a document recorded before; nothing is recorded then.
        """
        entry = self._filings.add(digest_report, source=source, digest=digest)
        key = FilingKey.of(digest_report)
        self._years.add(digest_report.month.year)
        if entry.documents > 1:
            return  # a copy of a revision recorded before
        kept = self._checked.get(key)
        if kept is None or kept.revision < digest_report.revision:
            self._checked[key] = _Checked(
                digest_report.revision, digest_report.submitted_at, self._packer.pack(findings)
            )

    def filing_findings(self) -> Findings:
        """The findings of each filing (``check_filing``), of the years :meth:`finish` checks.

        The report-level findings of each filing's highest revision, with RPT001 judged
        on the first revision's entry time, and the filing rules (FIL001, FIL002).
        """
        found: list[Finding] = []
        years = set(self.years)
        for filing in self._filings:
            if filing.key.month.year not in years:
                continue
            checked = self._checked.get(filing.key)
            if checked is not None and checked.revision == filing.current.revision:
                kept = self._packer.unpack(checked.packed)
                if checked.submitted_at == filing.entered_at:
                    found.extend(kept)
                else:
                    found.extend(f for f in kept if f.rule_id not in ENTRY_TIME_RULES)
                    found.extend(
                        iter_report_findings(
                            filing.report,
                            designations=self.designations,
                            as_of=self.as_of,
                            roll_over=self.roll_over,
                            is_working_day=self.is_working_day,
                            balance_tolerance_grams=self.balance_tolerance_grams,
                            rule_ids=ENTRY_TIME_RULES,
                        )
                    )
            found.extend(iter_filing_findings(filing))
        return Findings(found)

    def finish(self) -> Findings:
        """The year-level findings over every filing fed so far.

        May be called more than once; feeding more reports afterwards is allowed.
        """
        found = Findings()
        for year in self.years:
            found += self._check_year(self._filings, year)
        return found

    def findings(self) -> Findings:
        """:meth:`filing_findings` and :meth:`finish` together: ``check_filings``'s answer."""
        return self.filing_findings() + self.finish()


def check_stream(
    reports: Iterable[ReportSource],
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
) -> Iterator[ReportResult | YearResult]:
    """Check reports one at a time: a :class:`ReportResult` per report, then a :class:`YearResult`.

    ``reports`` is any iterable of reports or paths of JSON reports (a generator is
    read lazily, one item at a time; paths are loaded one at a time). The options are
    checked at once, before the first report is read; see :class:`StreamChecker`.
    Errors in a report (an unreadable file, a month before the encoded range) are
    raised when that report is reached.
    """
    checker = StreamChecker(
        year=year,
        allocations=allocations,
        designations=designations,
        as_of=as_of,
        roll_over=roll_over,
        is_working_day=is_working_day,
        balance_tolerance_grams=balance_tolerance_grams,
        since=since,
        through=through,
        prior_use=prior_use,
    )
    return _run(checker, reports)


def _run(
    checker: StreamChecker, reports: Iterable[ReportSource]
) -> Iterator[ReportResult | YearResult]:
    for item in reports:
        report = checker.load(item)
        source = None if isinstance(item, FlowReport) else os.fspath(item)
        findings = checker.check(report)
        checker.add_checked(
            report_digest(report, year=checker.year, designations=checker.designations),
            findings,
            digest=content_digest(report),
            source=source,
        )
        del item
        yield ReportResult(
            report_id=report.report_id,
            enterprise=report.enterprise.uscc,
            month=report.month,
            source=source,
            findings=findings,
        )
        del report
    yield YearResult(
        years=checker.years,
        reports=checker.reports,
        findings=checker.finish(),
        filing_source=checker.filing_findings,
    )
