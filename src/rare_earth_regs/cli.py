"""The command-line tool ``rare-earth-regs`` (also ``python -m rare_earth_regs``).

Commands::

    rare-earth-regs check FILE... [--allocations FILE] [--designations FILE]
                        [--year YYYY] [--as-of YYYY-MM-DD] [--roll-over]
                        [--tolerance-grams N] [--format text|json] [--exit-zero]
    rare-earth-regs due MONTH [--roll-over]
    rare-earth-regs reo QUANTITY ELEMENT
    rare-earth-regs reo QUANTITY --fraction F
    rare-earth-regs elements
    rare-earth-regs quotas [YEAR]
    rare-earth-regs rules [--format text|json]
    rare-earth-regs schema
    rare-earth-regs --version

``check`` reads monthly flow reports (each FILE is a JSON report, or a folder whose
``*.json`` files are reports, read in name order), runs
:func:`~rare_earth_regs.rules.check_flow_report` on each report and
:func:`~rare_earth_regs.rules.check_year` on the series of each calendar year present
(only ``--year`` if given: reports of other years are then skipped). ``--as-of`` is the
date of the check, which decides whether a report with no submission time is overdue;
without it such a report is UNDETERMINED (the tool never reads the clock).
``--roll-over`` moves a due date on a non-working day to the next working day (needs
the optional ``holidays`` package). ``--tolerance-grams`` is the mass-balance tolerance.

``check --format json`` prints one JSON document, keys in this order::

    {
      "summary": {"violation": 2, "warning": 0, "undetermined": 0, "info": 0,
                  "findings": 2, "reports": 9, "lines": 104, "years": [2025]},
      "ok": false,
      "reports": [{"report_id": "...", "file": "examples/reports/2025-07-mining.json",
                   "enterprise": "<USCC>", "month": "2025-07"}, ...],
      "findings": [<Finding.to_dict()>, ...]
    }

``summary`` counts findings by severity (in :class:`~rare_earth_regs.findings.Severity`
order), then all findings, reports and flow lines checked, and the years checked.
``ok`` is false when any finding is a violation. ``reports`` lists the reports checked,
in the order read; ``findings`` are in the canonical order of
:class:`~rare_earth_regs.findings.Findings`, each as :meth:`Finding.to_dict
<rare_earth_regs.findings.Finding.to_dict>` gives it.

Exit codes: ``0`` no violation (undetermined findings and warnings do not count);
``1`` violations found (``--exit-zero`` makes it 0); ``2`` bad input or usage. Bad
input of any kind prints one line on stderr,
``rare-earth-regs: error: <file>: <path>: <message>``, and no traceback.

On a terminal, ``check`` draws a progress bar on stderr when it reads more than a few
files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from rare_earth_regs.data.quotas import (
    NationalQuotaYear,
    QuotaFigures,
    national_quota,
    national_quota_record,
    national_quota_years,
    published_allocations,
)
from rare_earth_regs.exceptions import (
    InvalidDocumentError,
    InvalidInputError,
    InvalidPeriodError,
    RareEarthRegsError,
)
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.model.elements import Element, ElementGroupScheme, element
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.periods import iso_date
from rare_earth_regs.rules import RULES, check_flow_report, check_year
from rare_earth_regs.rules.registry import describe
from rare_earth_regs.rules.reporting import deadline_instant, flow_report_due_date
from rare_earth_regs.serialization import (
    load_report,
    loads_allocations,
    loads_designations,
    report_schema,
)
from rare_earth_regs.units import (
    MassBasis,
    Tonnage,
    element_tonnage_to_reo,
    parse_reo_fraction,
    parse_tonnage,
    product_tonnage_to_reo,
)

__all__ = ["PROG", "CommandError", "build_parser", "main"]

#: The program name used in usage and error lines.
PROG = "rare-earth-regs"

#: ``check`` draws a progress bar only for more files than this (and only on a terminal).
PROGRESS_MIN_FILES = 5
_BAR_WIDTH = 20

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2

_YEAR = re.compile(r"\d{4}")


class CommandError(Exception):
    """Bad input found by the command line itself (a missing file, an empty folder ...)."""


# --- entry point --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (0, 1 or 2).

    ``argv`` defaults to ``sys.argv[1:]``. Bad input prints one error line on stderr
    and returns 2; argparse usage errors exit with status 2 as well.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        _silence_stdout()
        return EXIT_VIOLATIONS
    except (RareEarthRegsError, CommandError, OSError) as error:
        _error(_error_text(error))
        return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the tool (one subcommand per command)."""
    from rare_earth_regs import __version__  # noqa: PLC0415 - avoid an import cycle

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "China's rare earth rules (State Council Decree No. 785, MIIT/NDRC/MNR Order "
            "No. 71): check monthly flow reports and look up deadlines, REO factors, "
            "national quotas and the rule catalogue."
        ),
        epilog="Exit codes: 0 no violation, 1 violations found, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check flow reports against the rules",
        description=(
            "Check monthly flow reports: every report-level rule on each report, then "
            "the year-level rules (series, quotas, stock continuity) on each year."
        ),
    )
    check.add_argument(
        "files", nargs="+", metavar="FILE", help="a report (JSON) or a folder of *.json reports"
    )
    check.add_argument("--allocations", metavar="FILE", help="quota allocations (JSON)")
    check.add_argument("--designations", metavar="FILE", help="designations, art. 8 (JSON)")
    check.add_argument("--year", metavar="YYYY", help="check only this calendar year")
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
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when violations are found"
    )
    check.set_defaults(handler=_cmd_check)

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
    due.set_defaults(handler=_cmd_due)

    reo = commands.add_parser(
        "reo",
        help="convert a mass to its REO equivalent",
        description=(
            "Convert the mass of an element (through its oxide factor) or of a product "
            "(through its REO fraction) to tonnes of rare earth oxide."
        ),
    )
    reo.add_argument("quantity", metavar="QUANTITY", help="a gross mass, such as '12.5 t'")
    reo.add_argument(
        "element", metavar="ELEMENT", nargs="?", help="symbol, English or Chinese name, or Z"
    )
    reo.add_argument("--fraction", metavar="F", help="the product's REO fraction, '0.45' or '45%%'")
    reo.set_defaults(handler=_cmd_reo)

    elements = commands.add_parser(
        "elements",
        help="the 17 rare earth elements",
        description="The 17 rare earth elements, their oxides, REO factors and groups.",
    )
    elements.set_defaults(handler=_cmd_elements)

    quotas = commands.add_parser(
        "quotas",
        help="national quotas (t REO) with their sources",
        description="China's national total quantity control indicators, in t REO.",
    )
    quotas.add_argument("year", metavar="YEAR", nargs="?", help="one year (default: all)")
    quotas.set_defaults(handler=_cmd_quotas)

    rules = commands.add_parser(
        "rules",
        help="the rule catalogue",
        description="Every rule: id, name, citations, effective window and policies.",
    )
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(handler=_cmd_rules)

    schema = commands.add_parser(
        "schema",
        help="the JSON Schema of the flow report format",
        description="Print the JSON Schema (draft 2020-12) of the flow report format.",
    )
    schema.set_defaults(handler=_cmd_schema)
    return parser


# --- errors --------------------------------------------------------------------------------


def _error_text(error: BaseException) -> str:
    if isinstance(error, InvalidDocumentError) and error.errors:
        first = error.errors[0]
        more = len(error.errors) - 1
        tail = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        return f"{error.source}: {first.path}: {first.message}{tail}"
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename is not None else ""
        return f"{where}{error.strerror}"
    return str(error)


def _error(text: str) -> None:
    one_line = " ".join(text.split())
    print(f"{PROG}: error: {one_line}", file=sys.stderr)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file
        pass


# --- option parsing (one error line, never argparse's usage block) -------------------------


def _parse_date(text: str, field: str) -> dt.date:
    day = iso_date(text.strip())
    if day is None:
        raise InvalidPeriodError(field=field, value=text, accepted="a date as YYYY-MM-DD")
    return day


def _parse_year(text: str, field: str) -> int:
    if _YEAR.fullmatch(text.strip()):
        return int(text)
    raise InvalidPeriodError(field=field, value=text, accepted="a year as YYYY, e.g. 2025")


def _parse_grams(text: str, field: str) -> int:
    if text.strip().isascii() and text.strip().isdigit():
        return int(text)
    raise InvalidInputError(field=field, value=text, accepted="a whole number of grams, 0 or more")


def _require_calendar() -> None:
    if importlib.util.find_spec("holidays") is None:
        raise CommandError(
            "--roll-over needs the optional 'holidays' package: "
            "pip install 'rare-earth-regs[holidays]'"
        )


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: cannot read: {error.strerror or error}") from None


# --- check ---------------------------------------------------------------------------------


def _report_files(arguments: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    seen: set[Path] = set()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(item for item in path.glob("*.json") if item.is_file())
            if not found:
                raise CommandError(f"{argument}: no *.json files in this folder")
        elif path.exists():
            found = [path]
        else:
            raise CommandError(f"{argument}: no such file or folder")
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                files.append(item)
    return files


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


def _cmd_check(args: argparse.Namespace) -> int:
    as_of = None if args.as_of is None else _parse_date(args.as_of, "--as-of")
    year = None if args.year is None else _parse_year(args.year, "--year")
    tolerance = _parse_grams(args.tolerance_grams, "--tolerance-grams")
    if args.roll_over:
        _require_calendar()
    files = _report_files(args.files)
    allocations: tuple[QuotaAllocation, ...] = ()
    if args.allocations is not None:
        allocations = loads_allocations(_read_bytes(args.allocations), source=str(args.allocations))
    designations: DesignationRegister | None = None
    if args.designations is not None:
        designations = loads_designations(
            _read_bytes(args.designations), source=str(args.designations)
        )

    progress = _Progress(len(files))
    checked: list[tuple[Path, FlowReport]] = []
    found = Findings()
    try:
        for done, path in enumerate(files, start=1):
            report = load_report(path)
            if year is None or report.month.year == year:
                try:
                    found += check_flow_report(
                        report,
                        designations=designations,
                        as_of=as_of,
                        roll_over=args.roll_over,
                        balance_tolerance_grams=tolerance,
                    )
                except RareEarthRegsError as error:
                    raise CommandError(f"{path}: {error}") from error
                checked.append((path, report))
            progress.step(done)
    finally:
        progress.close()

    reports = [report for _, report in checked]
    years = [year] if year is not None else sorted({r.month.year for r in reports})
    for each in years:
        found += check_year(reports, year=each, allocations=allocations, designations=designations)

    if args.format == "json":
        print(json.dumps(_check_document(found, checked, years), indent=2, ensure_ascii=False))
    else:
        _print_check_text(found, checked, allocations)
    if found.ok or args.exit_zero:
        return EXIT_OK
    return EXIT_VIOLATIONS


def _summary(
    found: Findings, checked: Sequence[tuple[Path, FlowReport]], years: Sequence[int]
) -> dict[str, Any]:
    summary: dict[str, Any] = {severity.value: n for severity, n in found.counts().items()}
    summary["findings"] = len(found)
    summary["reports"] = len(checked)
    summary["lines"] = sum(len(report.lines) for _, report in checked)
    summary["years"] = list(years)
    return summary


def _check_document(
    found: Findings, checked: Sequence[tuple[Path, FlowReport]], years: Sequence[int]
) -> dict[str, Any]:
    return {
        "summary": _summary(found, checked, years),
        "ok": found.ok,
        "reports": [
            {
                "report_id": report.report_id,
                "file": str(path),
                "enterprise": report.enterprise.uscc,
                "month": str(report.month),
            }
            for path, report in checked
        ],
        "findings": found.to_dicts(),
    }


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _group_header(finding: Finding, names: dict[str, str]) -> str:
    if finding.enterprise is None:
        who = "All enterprises"
    else:
        name = names.get(finding.enterprise)
        who = f"{name} [USCC {finding.enterprise}]" if name else f"USCC {finding.enterprise}"
    if finding.month is not None:
        when = finding.month
    elif "year" in finding.facts:
        when = f"year {finding.facts['year']}"
    else:
        when = "all months"
    return f"{who}, {when}"


def _print_check_text(
    found: Findings,
    checked: Sequence[tuple[Path, FlowReport]],
    allocations: Sequence[QuotaAllocation],
) -> None:
    names = {a.holder_uscc: a.holder for a in allocations if a.holder_uscc is not None}
    names |= {report.enterprise.uscc: report.enterprise.name for _, report in checked}
    files = {report.report_id: path for path, report in checked}
    current: tuple[str | None, str | None, object] | None = None
    for finding in found:
        key = (finding.enterprise, finding.month, finding.facts.get("year"))
        if key != current:
            if current is not None:
                print()
            print(_group_header(finding, names))
            current = key
        print(f"  {finding.rule_id} {finding.severity.value}: {finding.message}")
        if finding.citations:
            print("    cites: " + "; ".join(citation.en for citation in finding.citations))
        where = files.get(finding.report_id) if finding.report_id else None
        if where is not None:
            print(f"    at: {finding.subject} in {where}")
        elif finding.report_id:
            print(f"    at: {finding.subject} in report {finding.report_id}")
    if found:
        print()
    counts = found.counts()
    lines = sum(len(report.lines) for _, report in checked)
    print(
        f"Checked {_plural(len(checked), 'report')} ({_plural(lines, 'line')}): "
        f"{_plural(counts[Severity.VIOLATION], 'violation')}, "
        f"{counts[Severity.UNDETERMINED]} undetermined, "
        f"{_plural(counts[Severity.WARNING], 'warning')}, "
        f"{counts[Severity.INFO]} info."
    )


# --- due -------------------------------------------------------------------------------------


def _cmd_due(args: argparse.Namespace) -> int:
    if args.roll_over:
        _require_calendar()
    month = str(args.month).strip()
    due = flow_report_due_date(month, roll_over=args.roll_over)
    late = deadline_instant(month, roll_over=args.roll_over)
    rolled = ""
    if args.roll_over:
        plain = flow_report_due_date(month)
        if plain != due:
            rolled = f" (rolled over from {plain.isoformat()}, a non-working day)"
    print(f"Reporting month:  {month}")
    print(f"Due date:         {due.isoformat()}, on or before, Beijing calendar day{rolled}")
    print(f"Late from:        {late.isoformat()} (Beijing time, UTC+8)")
    print(f"                  {late.astimezone(dt.UTC).isoformat()} (UTC)")
    print("Basis:            Order No. 71, monthly flow reporting by the 10th (policies P1, P2)")
    return EXIT_OK


# --- reo -------------------------------------------------------------------------------------


def _cmd_reo(args: argparse.Namespace) -> int:
    if (args.element is None) == (args.fraction is None):
        raise CommandError("reo: give either an ELEMENT or --fraction F, not both or neither")
    mass = parse_tonnage(args.quantity, basis=MassBasis.GROSS)
    if args.element is not None:
        found = element(_element_designator(args.element))
        result = element_tonnage_to_reo(mass, found)
        print(f"{mass} {found.symbol} = {result}")
        print(f"oxide {found.oxide_formula}, factor {found.oxide_factor}")
    else:
        fraction = parse_reo_fraction(args.fraction, field="--fraction")
        result = product_tonnage_to_reo(mass, fraction)
        print(f"{mass} of product = {result}")
        print(f"REO fraction {fraction}")
    return EXIT_OK


def _element_designator(text: str) -> str | int:
    stripped = text.strip()
    return int(stripped) if stripped.isascii() and stripped.isdigit() else text


# --- elements --------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())


def _cmd_elements(_args: argparse.Namespace) -> int:
    schemes = tuple(ElementGroupScheme)
    header = ["Z", "symbol", "English", "Chinese", "atomic weight", "oxide", "factor"]
    header += [scheme.value for scheme in schemes]
    rows = []
    for member in sorted(Element, key=lambda item: item.atomic_number):
        factor = member.oxide_factor
        rows.append(
            [
                str(member.atomic_number),
                member.symbol,
                member.name_en,
                member.name_zh,
                "n/a" if member.atomic_weight is None else str(member.atomic_weight),
                member.oxide_formula,
                "n/a" if factor is None else str(factor.quantize(Decimal("0.0001"))),
                *(scheme.group_of(member) or "-" for scheme in schemes),
            ]
        )
    _print_table(header, rows)
    print()
    print("factor: t REO per t of element. n/a: promethium has no standard atomic weight (P9).")
    for scheme in schemes:
        print(f"{scheme.value}: {scheme.description}")
    return EXIT_OK


# --- quotas ----------------------------------------------------------------------------------


def _figure(value: Tonnage | None) -> str:
    return "n/a" if value is None else f"{value.tonnes:f}"


def _cmd_quotas(args: argparse.Namespace) -> int:
    if args.year is None:
        _print_all_quotas()
    else:
        _print_quota_year(national_quota_record(_parse_year(args.year, "year")))
    return EXIT_OK


def _print_all_quotas() -> None:
    print("China's national rare earth quotas, t REO (n/a: not given by the sources)")
    print()
    header = ["year", "mining", "rock-type", "ion-adsorption", "S&S"]
    rows = []
    records = [national_quota_record(year) for year in national_quota_years()]
    for record in records:
        if record.disclosed:
            totals = record.totals
            rows.append(
                [
                    str(record.year),
                    _figure(totals.mining),
                    _figure(totals.mining_rock),
                    _figure(totals.mining_ion_adsorption),
                    _figure(totals.smelting_separation),
                ]
            )
        else:
            rows.append([str(record.year), "not disclosed", "", "", "not disclosed"])
    _print_table(header, rows)
    print()
    print("Sources:")
    for record in records:
        url = f" <{record.source.url}>" if record.source.url else ""
        print(f"  {record.year}: {record.source.title}{url}")


def _batch_text(figures: QuotaFigures) -> str:
    parts = []
    if figures.mining is not None:
        split = [
            f"{label} {_figure(value)}"
            for label, value in (
                ("rock-type", figures.mining_rock),
                ("ion-adsorption", figures.mining_ion_adsorption),
            )
            if value is not None
        ]
        parts.append(
            f"mining {_figure(figures.mining)}" + (f" ({'; '.join(split)})" if split else "")
        )
    if figures.smelting_separation is not None:
        parts.append(f"S&S {_figure(figures.smelting_separation)}")
    return ", ".join(parts) or "no figures given"


def _print_quota_year(record: NationalQuotaYear) -> None:
    if not record.disclosed:
        national_quota(record.year, "mining")  # raises UndisclosedQuotaError
    totals = record.totals
    print(f"China's national rare earth quotas for {record.year}, t REO")
    print(f"  mining:                   {_figure(totals.mining)}")
    print(f"    rock-type ore:          {_figure(totals.mining_rock)}")
    print(f"    ion-adsorption ore:     {_figure(totals.mining_ion_adsorption)}")
    print(f"  smelting and separation:  {_figure(totals.smelting_separation)}")
    if record.batches:
        complete = "all batches listed" if record.all_batches_listed else "not every batch listed"
        print(f"Batches ({complete}):")
        for batch in record.batches:
            print(f"  batch {batch.batch} ({batch.basis.value}): {_batch_text(batch.figures)}")
    allocations = published_allocations(record.year)
    if allocations:
        print("Per-holder allocations:")
        for allocation in allocations:
            ore = f", {allocation.ore_type.value}" if allocation.ore_type is not None else ""
            print(
                f"  batch {allocation.batch}: {allocation.holder}, "
                f"{allocation.activity.value}{ore}: {allocation.amount}"
            )
    url = f" <{record.source.url}>" if record.source.url else ""
    print(f"Source: {record.source.title}{url}")
    if record.note:
        print(f"Note: {record.note}")


# --- rules and schema ------------------------------------------------------------------------


def _cmd_rules(args: argparse.Namespace) -> int:
    rules = [rule for _, rule in sorted(RULES.items())]
    if args.format == "json":
        print(json.dumps({"rules": [describe(rule) for rule in rules]}, indent=2))
        return EXIT_OK
    for index, rule in enumerate(rules):
        if index:
            print()
        until = rule.in_force_until.isoformat() if rule.in_force_until else "open-ended"
        print(f"{rule.id}  {rule.name}")
        print(f"  {rule.title}")
        print(f"  cites:     {'; '.join(citation.en for citation in rule.citations)}")
        print(f"  in force:  {rule.in_force_from.isoformat()} to {until}")
        print(f"  policies:  {', '.join(rule.policies) or '-'}")
        print(
            f"  scope:     {rule.scope}; severities: "
            f"{', '.join(severity.value for severity in rule.severities)}"
        )
    return EXIT_OK


def _cmd_schema(_args: argparse.Namespace) -> int:
    try:
        schema = report_schema()
    except OSError as error:  # a broken installation: the package data is missing
        raise CommandError(
            f"the report schema is not available in this installation: {error.strerror or error}"
        ) from None
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK
