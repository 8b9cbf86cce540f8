"""``rare-earth-regs check``: monthly flow reports against the rules, per report and per year."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rare_earth_regs.cli.common import (
    EXIT_OK,
    EXIT_VIOLATIONS,
    CommandError,
    Subcommands,
    parse_date,
    parse_grams,
    parse_year,
    read_bytes,
    require_calendar,
)
from rare_earth_regs.exceptions import (
    RareEarthRegsError,
)
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.rules import check_flow_report, check_year
from rare_earth_regs.rules.quotas import require_encoded_report
from rare_earth_regs.serialization import (
    load_report,
    loads_allocations,
    loads_designations,
)

#: ``check`` draws a progress bar only for more files than this (and only on a terminal).
PROGRESS_MIN_FILES = 5
_BAR_WIDTH = 20


def register(commands: Subcommands) -> None:
    """Add the ``check`` command."""
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
    check.set_defaults(handler=run)


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


def run(args: argparse.Namespace) -> int:
    as_of = None if args.as_of is None else parse_date(args.as_of, "--as-of")
    year = None if args.year is None else parse_year(args.year, "--year")
    tolerance = parse_grams(args.tolerance_grams, "--tolerance-grams")
    if args.roll_over:
        require_calendar()
    files = _report_files(args.files)
    allocations: tuple[QuotaAllocation, ...] = ()
    if args.allocations is not None:
        allocations = loads_allocations(read_bytes(args.allocations), source=str(args.allocations))
    designations: DesignationRegister | None = None
    if args.designations is not None:
        designations = loads_designations(
            read_bytes(args.designations), source=str(args.designations)
        )

    progress = _Progress(len(files))
    checked: list[tuple[Path, FlowReport]] = []
    found = Findings()
    try:
        for done, path in enumerate(files, start=1):
            report = load_report(path)
            try:
                # P6, P14: a report before the encoded range is refused, whatever --year says
                require_encoded_report(report)
                if year is None or report.month.year == year:
                    found += check_flow_report(
                        report,
                        designations=designations,
                        as_of=as_of,
                        roll_over=args.roll_over,
                        balance_tolerance_grams=tolerance,
                    )
                    checked.append((path, report))
            except RareEarthRegsError as error:
                raise CommandError(f"{path}: {error}") from error
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
