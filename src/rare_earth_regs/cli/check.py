"""``rare-earth-regs check``: monthly flow reports against the rules, per report and per year."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

from rare_earth_regs.cli.common import (
    EXIT_OK,
    EXIT_VIOLATIONS,
    WROTE,
    CommandError,
    Subcommands,
    current_language,
    in_file,
    parse_date,
    parse_grams,
    parse_instant,
    parse_month,
    parse_year,
    require_calendar,
    say,
)
from rare_earth_regs.cli.inputs import (
    add_input_options,
    add_prior_use_option,
    parse_size,
    read_json_document,
    read_prior_use,
    read_registers,
    report_files,
)
from rare_earth_regs.cli.output import emit, emit_json
from rare_earth_regs.cli.tables import (
    REPORTS_HELP,
    add_table_options,
    load_catalogue,
    reports_in,
    write_result_tables,
)
from rare_earth_regs.exceptions import RareEarthRegsError
from rare_earth_regs.filings import Filing, FilingSet
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.locale import Message, MessageTemplate, define
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.invoices import Invoice
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.receipts import check_receipt, dumps_receipt
from rare_earth_regs.rules import check_filing, check_invoices, check_year
from rare_earth_regs.rules.common import require_encoded
from rare_earth_regs.rules.quotas import require_encoded_report
from rare_earth_regs.serialization import dumps_prior_use, loads_invoices
from rare_earth_regs.store import FilingStore
from rare_earth_regs.tabular import ImportedReport

#: The months ``--since`` and ``--through`` give (None where not given).
Window: TypeAlias = tuple[Month | None, Month | None]

#: ``check`` draws a progress bar only for more files than this (and only on a terminal).
PROGRESS_MIN_FILES = 5
_BAR_WIDTH = 20


def register(commands: Subcommands) -> None:
    """Add the ``check`` command."""
    check = commands.add_parser(
        "check",
        help="check flow reports against the rules",
        description=(
            "Check monthly flow reports: the reports are resolved into filings, one per "
            "enterprise and month (the highest revision counts; a copy counts once; two "
            "different reports with the same revision are refused), then every "
            "report-level rule runs on each filing and the year-level rules (series, "
            "quotas, stock continuity) on each year."
        ),
    )
    check.add_argument("files", nargs="*", metavar="FILE", help=REPORTS_HELP)
    add_table_options(check)
    check.add_argument("--allocations", metavar="FILE", help="quota allocations (JSON)")
    check.add_argument("--designations", metavar="FILE", help="designations, art. 8 (JSON)")
    add_prior_use_option(check)
    check.add_argument(
        "--invoices",
        metavar="FILE",
        help="special VAT invoices (JSON): run the invoice rules INV001-INV004 on them and on "
        "the flow lines of the reports checked",
    )
    check.add_argument("--year", metavar="YYYY", help="check only this calendar year")
    check.add_argument(
        "--since",
        metavar="YYYY-MM",
        help="the first month the series must cover: reports before it are not checked (the "
        "annual quota comparison still counts them), and a month missing from it on is a "
        "finding (default: the first month reported)",
    )
    check.add_argument(
        "--through",
        metavar="YYYY-MM",
        help="the last month the series must cover: reports after it are not checked (the "
        "annual quota comparison still counts them), and a month missing up to it is a "
        "finding (default: the last month reported)",
    )
    check.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="date of the check: a report with no submission time is overdue after its due "
        "date (default: such a report is undetermined)",
    )
    check.add_argument(
        "--roll-over",
        action="store_true",
        help="move a due date on a non-working day to the next working day",
    )
    check.add_argument(
        "--tolerance-grams",
        metavar="N",
        default="0",
        help="tolerance of the mass balance in grams (default 0)",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "csv", "xlsx"),
        default="text",
        help="text or json on stdout; csv or xlsx: tables of findings, quota use and "
        "balances written to --output",
    )
    check.add_argument(
        "--output",
        metavar="FILE",
        help="where --format csv|xlsx writes (csv: FILE holds the findings, FILE-quota-use.csv "
        "and FILE-balances.csv the other tables)",
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when violations are found"
    )
    check.add_argument(
        "--store",
        metavar="PATH",
        help="check the filings in this filing store (see `file`) instead of report files",
    )
    check.add_argument(
        "--checked-at",
        metavar="TIMESTAMP",
        help="with --store: when this check runs, ISO 8601 with a UTC offset; the run and "
        "its receipt are recorded in the store (the tool reads no clock: "
        '--checked-at "$(date -Iseconds)")',
    )
    check.add_argument(
        "--receipt",
        metavar="FILE",
        help="write an audit receipt (JSON): library version, rules run, filing keys, "
        "revisions and content digests, digests of the allocations, designations and "
        "findings; deterministic (no clock, no paths in the digests)",
    )
    add_input_options(check)
    check.set_defaults(handler=run)


class _Progress:
    """``\\r[####....] n/N`` on stderr, only on a terminal and for more than a few files."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = total > PROGRESS_MIN_FILES and sys.stderr.isatty()

    def step(self, done: int) -> None:
        """Draw the bar for ``done`` files of ``total``."""
        if not self.shown:
            return
        filled = _BAR_WIDTH * done // self.total
        bar = "#" * filled + "." * (_BAR_WIDTH - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        """Clear the bar, if it was drawn."""
        if self.shown:
            sys.stderr.write("\r" + " " * (_BAR_WIDTH + 30) + "\r")
            sys.stderr.flush()
            self.shown = False


def run(args: argparse.Namespace) -> int:
    """Check the reports; 0 if no violation (or ``--exit-zero``), 1 otherwise."""
    as_of = None if args.as_of is None else parse_date(args.as_of, "--as-of")
    year = _year_option(args.year)
    window = _window(args, year)
    tolerance = parse_grams(args.tolerance_grams, "--tolerance-grams")
    limit = parse_size(args.max_file_size, "--max-file-size")
    checked_at = _check_options(args)
    files = () if args.store is not None else report_files(args.files)
    (allocations, designations), prior_use = (
        read_registers(args, limit),
        read_prior_use(args, limit),
    )
    invoices = _read_invoices(args.invoices, limit)
    catalogue = None if args.products is None else load_catalogue(args.products, limit)

    progress = _Progress(len(files))
    checked: list[tuple[Path, FlowReport]] = []
    locations: dict[str, ImportedReport] = {}
    months_held: set[Month] = set()
    filings = FilingSet()
    # The indicators are annual (art. 10, P23): the year rules read every report of the
    # year held, also those --since/--through skip; only the report checks are windowed.
    year_filings = FilingSet()
    if args.store is not None:
        _from_store(
            args.store,
            year=year,
            window=window,
            filings=filings,
            year_filings=year_filings,
            checked=checked,
            months_held=months_held,
        )
    try:
        for done, path in enumerate(files, start=1):
            for report in reports_in(
                path,
                catalogue=catalogue,
                enterprise=args.enterprise,
                limit=limit,
                locations=locations,
            ):
                months_held.add(report.month)
                try:
                    # P6, P14: a report before the encoded range is refused, whatever --year says
                    require_encoded_report(report)
                except RareEarthRegsError as error:
                    raise in_file(path, error) from error
                if year is None or report.month.year == year:
                    # P12: one filing per enterprise and month; a conflict names both files
                    year_filings.add(report, source=str(path))
                if _selected(report, year, window):
                    filings.add(report, source=str(path))
                    checked.append((path, report))
            progress.step(done)
    finally:
        progress.close()
    if not checked and (year is not None or window != (None, None)):
        raise CommandError(_no_report_of(_selection(year, window), len(files), months_held))

    found = _check_each_filing(
        filings,
        designations=designations,
        as_of=as_of,
        roll_over=args.roll_over,
        tolerance=tolerance,
    )
    years = _years(filings.reports(), year, window)
    found += _year_findings(
        year_filings,
        years,
        window,
        allocations=allocations,
        designations=designations,
        prior_use=prior_use,
    )

    _keep_receipt(
        args,
        checked_at,
        year_filings,  # every document the findings were read from (filings, without a window)
        found,
        years=years,
        as_of=as_of,
        allocations=allocations,
        designations=designations,
        options=_receipt_options(args, tolerance, window, prior_use),
    )
    # after the receipt, which records the checks of the filings it names (no invoices)
    found += _invoice_findings(args.invoices, invoices, filings.reports())
    if args.format == "json":
        emit_json(_check_document(found, checked, years, window, filings, invoices=invoices))
    elif args.format in ("csv", "xlsx"):
        written = write_result_tables(
            Path(args.output),
            args.format,
            found,
            filings.reports(),
            allocations=allocations,
            years=years,
            locations=locations,
        )
        for path in written:
            emit(say(WROTE, path=str(path)))
    else:
        _print_check_text(found, checked, allocations, locations, invoices)
    if found.ok or args.exit_zero:
        return EXIT_OK
    return EXIT_VIOLATIONS


def _year_option(text: str | None) -> int | None:
    """``--year``: a year of the encoded range (P6), or None."""
    if text is None:
        return None
    year = parse_year(text, "--year")
    require_encoded(dt.date(year, 12, 31), f"--year {year}")
    return year


def _check_options(args: argparse.Namespace) -> dt.datetime | None:
    """Refuse options that do not go together; the time of a run checked in a store."""
    if args.roll_over:
        require_calendar()
    if args.format in ("csv", "xlsx") and args.output is None:
        raise CommandError(NEEDS_OUTPUT(format=args.format))
    if (args.store is None) == (not args.files):
        raise CommandError(FILES_OR_STORE())
    if (args.store is None) != (args.checked_at is None):
        raise CommandError(CHECKED_AT_WITH_STORE())
    if args.checked_at is None:
        return None
    return parse_instant(args.checked_at, "--checked-at")


def _receipt_options(
    args: argparse.Namespace, tolerance: int, window: Window, prior_use: Sequence[PriorUse]
) -> dict[str, object]:
    """The options a receipt records; the prior use only where stated (P14)."""
    options: dict[str, object] = {
        "roll_over": args.roll_over,
        "balance_tolerance_grams": tolerance,
        "since": None if window[0] is None else str(window[0]),
        "through": None if window[1] is None else str(window[1]),
    }
    if prior_use:  # only where stated, so the receipts of other checks stay as they were
        options["prior_use"] = json.loads(dumps_prior_use(prior_use))["prior_use"]
    return options


def _keep_receipt(
    args: argparse.Namespace,
    checked_at: dt.datetime | None,
    filings: FilingSet,
    found: Findings,
    *,
    years: Sequence[int],
    as_of: dt.date | None,
    allocations: Sequence[QuotaAllocation],
    designations: DesignationRegister | None,
    options: dict[str, object],
) -> None:
    """The receipt of the run: written to ``--receipt``, and recorded in ``--store``."""
    if args.receipt is None and args.store is None:
        return
    receipt = check_receipt(
        filings,
        found,
        years=years,
        as_of=as_of,
        allocations=allocations,
        designations=designations,
        options=options,
    )
    if args.receipt is not None:
        Path(args.receipt).write_text(dumps_receipt(receipt), encoding="ascii")
    if args.store is not None and checked_at is not None:
        with FilingStore(args.store, create=False) as store:
            store.record_check(receipt, checked_at=checked_at)


def _from_store(
    path: str,
    *,
    year: int | None,
    window: Window,
    filings: FilingSet,
    year_filings: FilingSet,
    checked: list[tuple[Path, FlowReport]],
    months_held: set[Month],
) -> None:
    """Every stored document: of the year into ``year_filings``, of the selected months
    also into ``filings`` and ``checked``."""
    with FilingStore(path, create=False) as store:
        stored = store.filing_set(year=year)
    for filing in stored:
        for entry in filing.history:
            months_held.add(entry.report.month)
            for source in entry.sources:
                year_filings.add(entry.report, source=source, digest=entry.digest)
            if not _selected(entry.report, year, window):
                continue
            for source in entry.sources:
                filings.add(entry.report, source=source, digest=entry.digest)
                checked.append((Path(source), entry.report))


def _check_each_filing(
    filings: FilingSet,
    *,
    designations: DesignationRegister | None,
    as_of: dt.date | None,
    roll_over: bool,
    tolerance: int,
) -> Findings:
    """The report-level and filing findings of every filing; an error names its file."""
    # One Findings at the end: adding Findings re-sorts the whole, once per filing.
    found: list[Finding] = []
    for filing in filings:
        try:
            found += check_filing(
                filing,
                designations=designations,
                as_of=as_of,
                roll_over=roll_over,
                balance_tolerance_grams=tolerance,
            )
        except RareEarthRegsError as error:
            raise in_file(filing.history[-1].sources[0], error) from error
    return Findings(found)


def _read_invoices(path: str | None, limit: int) -> tuple[Invoice, ...] | None:
    """The ``--invoices`` document, where given (read before any report: a bad one stops)."""
    if path is None:
        return None
    return loads_invoices(read_json_document(path, "--invoices", limit=limit), source=str(path))


def _invoice_findings(
    path: str | None, invoices: Sequence[Invoice] | None, reports: Sequence[FlowReport]
) -> Findings:
    """The invoice rules on ``invoices`` and the lines of the reports checked, if given."""
    if invoices is None:
        return Findings()
    try:
        return check_invoices(invoices, reports=reports)
    except RareEarthRegsError as error:  # an invoice before the encoded range (P6)
        raise in_file(path, error) from error


def _window(args: argparse.Namespace, year: int | None) -> Window:
    since = None if args.since is None else parse_month(args.since, "--since")
    through = None if args.through is None else parse_month(args.through, "--through")
    if since is not None and through is not None and since > through:
        raise CommandError(SINCE_AFTER_THROUGH(since=str(since), through=str(through)))
    for name, bound in (("--since", since), ("--through", through)):
        if bound is None:
            continue
        if year is not None and bound.year != year:
            raise CommandError(NOT_IN_YEAR(option=name, bound=str(bound), year=year))
        require_encoded(bound.last_day, f"{name} {bound}")
    return since, through


def _selected(report: FlowReport, year: int | None, window: Window) -> bool:
    return (year is None or report.month.year == year) and _within(report.month, window)


def _within(month: Month, window: Window) -> bool:
    since, through = window
    return (since is None or month >= since) and (through is None or month <= through)


def _years(reports: Sequence[FlowReport], year: int | None, window: Window) -> list[int]:
    """The years to check: ``--year``, or those reported and those the window spans."""
    if year is not None:
        return [year]
    years = {report.month.year for report in reports}
    since, through = window
    if since is not None and through is not None:
        years |= set(range(since.year, through.year + 1))
    elif years:
        if since is not None:
            years |= set(range(since.year, max(years) + 1))
        if through is not None:
            years |= set(range(min(years), through.year + 1))
    return sorted(years)


def _year_findings(
    year_filings: FilingSet,
    years: Sequence[int],
    window: Window,
    *,
    allocations: Sequence[QuotaAllocation],
    designations: DesignationRegister | None,
    prior_use: Sequence[PriorUse],
) -> Findings:
    """The year rules over every report of each year, shown for the window's months."""
    found = Findings()
    for each in years:
        since, through = _bounds(window, each)
        found += _in_window(
            check_year(
                year_filings,
                year=each,
                allocations=allocations,
                designations=designations,
                since=since,
                through=through,
                prior_use=prior_use,
            ),
            window,
        )
    return found


def _in_window(found: Findings, window: Window) -> Findings:
    """The year findings, less those about a month the window skips (a report's own)."""
    if window == (None, None):
        return found
    return Findings(
        finding
        for finding in found
        if finding.month is None or _within(Month.parse(finding.month), window)
    )


def _bounds(window: Window, year: int) -> Window:
    """The window within ``year``: a year the window runs through is checked whole."""
    since, through = window
    first = None if since is None else (since if since.year == year else Month(year, 1))
    last = None if through is None else (through if through.year == year else Month(year, 12))
    return first, last


def _selection(year: int | None, window: Window) -> str:
    parts = [] if year is None else [f"--year {year}"]
    parts += [
        f"{name} {bound}"
        for name, bound in zip(("--since", "--through"), window, strict=True)
        if bound
    ]
    return " ".join(parts)


def _no_report_of(what: str, read: int, held: set[Month]) -> Message:
    if not held:
        return NO_REPORT_READ(what=what)
    first, last = min(held), max(held)
    years = ", ".join(str(year) for year in sorted({month.year for month in held}))
    span = str(first) if first == last else say(SPAN, first=str(first), last=str(last))
    if read == 1:
        return NO_MATCH_OF_ONE(what=what, years=years, span=span)
    return NO_MATCH(what=what, read=read, years=years, span=span)


SINCE_AFTER_THROUGH = define(
    "cli.check.since-after-through", "--since {since} is after --through {through}"
)
NOT_IN_YEAR = define("cli.check.not-in-year", "{option} {bound} is not in --year {year}")
NEEDS_OUTPUT = define("cli.check.needs-output", "--format {format} needs --output FILE")
CHECKED_AT_WITH_STORE = define(
    "cli.check.checked-at-with-store",
    "--store and --checked-at go together: a check of a store is recorded in it, at the time "
    "--checked-at gives (ISO 8601 with a UTC offset; the tool reads no clock)",
)
FILES_OR_STORE = define(
    "cli.check.files-or-store", "give report files or --store PATH (one of the two)"
)
NO_REPORT_READ = define("cli.check.no-report-read", "{what}: no report was read")
SPAN = define("cli.check.span", "{first} to {last}")
NO_MATCH_OF_ONE = define(
    "cli.check.no-match-one",
    "{what}: no report matches; the one report read is of {years} ({span})",
)
NO_MATCH = define(
    "cli.check.no-match",
    "{what}: no report matches; the {read} reports read are of {years} ({span})",
)


def _summary(
    found: Findings,
    checked: Sequence[tuple[Path, FlowReport]],
    years: Sequence[int],
    window: Window,
    invoices: Sequence[Invoice] | None,
) -> dict[str, Any]:
    summary: dict[str, Any] = {severity.value: n for severity, n in found.counts.items()}
    summary["findings"] = len(found)
    summary["reports"] = len(checked)
    summary["lines"] = sum(len(report.lines) for _, report in checked)
    if invoices is not None:
        summary["invoices"] = len(invoices)
    summary["years"] = list(years)
    summary["since"], summary["through"] = (
        None if bound is None else str(bound) for bound in window
    )
    return summary


def _check_document(
    found: Findings,
    checked: Sequence[tuple[Path, FlowReport]],
    years: Sequence[int],
    window: Window,
    filings: FilingSet,
    *,
    invoices: Sequence[Invoice] | None,
) -> dict[str, Any]:
    return {
        "summary": _summary(found, checked, years, window, invoices) | {"filings": len(filings)},
        "ok": found.ok,
        "reports": [
            {
                "report_id": report.report_id,
                "file": str(path),
                "enterprise": report.enterprise.uscc,
                "month": str(report.month),
                "revision": report.revision,
            }
            for path, report in checked
        ],
        "filings": [filing_summary(filing) for filing in filings],
        "findings": found.to_dicts(current_language()),
    }


def filing_summary(filing: Filing) -> dict[str, Any]:
    """A JSON-ready description of a filing: key, revisions, entry time, digest, sources."""
    current = filing.history[-1]
    return {
        "enterprise": filing.key.uscc,
        "month": str(filing.key.month),
        "revision": current.revision,
        "revisions": list(filing.revisions),
        "entered_at": None if filing.entered_at is None else filing.entered_at.isoformat(),
        "content_sha256": current.digest,
        "sources": list(current.sources),
    }


def _group_header(finding: Finding, names: dict[str, str]) -> str:
    if finding.enterprise is None:
        who = say(ALL_ENTERPRISES)
    else:
        name = names.get(finding.enterprise)
        who = f"{name} [USCC {finding.enterprise}]" if name else f"USCC {finding.enterprise}"
    if finding.month is not None:
        when = finding.month
    elif "year" in finding.facts:
        when = say(YEAR, year=finding.facts["year"])
    else:
        when = say(ALL_MONTHS)
    return say(GROUP, who=who, when=when)


def _print_check_text(
    found: Findings,
    checked: Sequence[tuple[Path, FlowReport]],
    allocations: Sequence[QuotaAllocation],
    locations: Mapping[str, ImportedReport],
    invoices: Sequence[Invoice] | None,
) -> None:
    names = {a.holder_uscc: a.holder for a in allocations if a.holder_uscc is not None}
    names |= {report.enterprise.uscc: report.enterprise.name for _, report in checked}
    files = {report.report_id: path for path, report in checked}
    current: tuple[str | None, str | None, object] | None = None
    for finding in found:
        key = (finding.enterprise, finding.month, finding.facts.get("year"))
        if key != current:
            if current is not None:
                emit()
            emit(_group_header(finding, names))
            current = key
        lang = current_language()
        line = FINDING(
            rule_id=finding.rule_id, severity=finding.severity.term, message=finding.translatable
        )
        emit("  " + line.render(lang))
        if finding.citations:
            cited = "; ".join(
                citation.zh if lang == "zh" else citation.en for citation in finding.citations
            )
            emit("    " + say(CITES, citations=cited))
        where = files.get(finding.report_id) if finding.report_id else None
        table = locations.get(finding.report_id) if finding.report_id else None
        if table is not None:
            emit(
                "    " + say(AT_PLACE, subject=finding.subject, place=table.place(finding.subject))
            )
        elif where is not None:
            emit("    " + say(AT_FILE, subject=finding.subject, file=str(where)))
        elif finding.report_id:
            emit("    " + say(AT_REPORT, subject=finding.subject, report=finding.report_id))
    if found:
        emit()
    counts = found.counts
    lines = sum(len(report.lines) for _, report in checked)
    given = {} if invoices is None else {"invoices": _count(len(invoices), ONE_INVOICE, INVOICES)}
    emit(
        say(
            CHECKED if invoices is None else CHECKED_WITH_INVOICES,
            reports=_count(len(checked), ONE_REPORT, REPORTS),
            lines=_count(lines, ONE_LINE, LINES),
            violations=_count(counts[Severity.VIOLATION], ONE_VIOLATION, VIOLATIONS),
            undetermined=counts[Severity.UNDETERMINED],
            warnings=_count(counts[Severity.WARNING], ONE_WARNING, WARNINGS),
            info=counts[Severity.INFO],
            **given,
        )
    )


FINDING = define("cli.check.finding", "{rule_id} {severity}: {message}")
ALL_ENTERPRISES = define("cli.check.all-enterprises", "All enterprises")
YEAR = define("cli.check.year", "year {year}")
ALL_MONTHS = define("cli.check.all-months", "all months")
GROUP = define("cli.check.group", "{who}, {when}")
CITES = define("cli.check.cites", "cites: {citations}")
AT_PLACE = define("cli.check.at-place", "at: {subject}, {place}")
AT_FILE = define("cli.check.at-file", "at: {subject} in {file}")
AT_REPORT = define("cli.check.at-report", "at: {subject} in report {report}")
CHECKED = define(
    "cli.check.summary",
    "Checked {reports} ({lines}): {violations}, {undetermined} undetermined, {warnings}, "
    "{info} info.",
)
CHECKED_WITH_INVOICES = define(
    "cli.check.summary-with-invoices",
    "Checked {reports} ({lines}) and {invoices}: {violations}, {undetermined} undetermined, "
    "{warnings}, {info} info.",
)
ONE_REPORT = define("cli.check.one-report", "1 report")
REPORTS = define("cli.check.reports", "{count} reports")
ONE_LINE = define("cli.check.one-line", "1 line")
LINES = define("cli.check.lines", "{count} lines")
ONE_INVOICE = define("cli.check.one-invoice", "1 invoice")
INVOICES = define("cli.check.invoices", "{count} invoices")
ONE_VIOLATION = define("cli.check.one-violation", "1 violation")
VIOLATIONS = define("cli.check.violations", "{count} violations")
ONE_WARNING = define("cli.check.one-warning", "1 warning")
WARNINGS = define("cli.check.warnings", "{count} warnings")


def _count(count: int, one: MessageTemplate, many: MessageTemplate) -> Message:
    return one() if count == 1 else many(count=count)
