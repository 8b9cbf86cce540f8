"""``rare-earth-regs stats``: customs-style trade statistics from flow reports."""

from __future__ import annotations

import argparse
from pathlib import Path

from rare_earth_regs.cli.common import (
    EXIT_OK,
    CommandError,
    Subcommands,
    current_language,
    print_table,
    say,
    term,
)
from rare_earth_regs.cli.inputs import (
    add_input_options,
    parse_size,
    report_files,
)
from rare_earth_regs.cli.output import emit
from rare_earth_regs.cli.tables import REPORTS_HELP, add_table_options, load_catalogue, reports_in
from rare_earth_regs.locale import N_, define
from rare_earth_regs.statistics import (
    TradeStatistics,
    format_tonnes,
    trade_statistics,
    write_statistics_csv,
)

#: ``--by``: which periods to print, by the form of their label.
_PERIOD_KINDS = {"month": 7, "quarter": "Q", "half": "H", "year": 4}


def register(commands: Subcommands) -> None:
    """Add the ``stats`` command."""
    command = commands.add_parser(
        "stats",
        help="trade statistics (imports and exports by customs-code group) from flow reports",
        description=(
            "Add up the imported and exported lines of flow reports by customs-code group "
            "(ores and concentrates; separation products: oxides, compounds, metals; magnets), "
            "by period, in gross tonnes, with the change from the same period a year before."
        ),
    )
    command.add_argument("files", nargs="+", metavar="FILE", help=REPORTS_HELP)
    add_table_options(command)
    command.add_argument(
        "--by",
        choices=tuple(_PERIOD_KINDS),
        default="half",
        help="the periods to show (default: half)",
    )
    command.add_argument("--csv", metavar="PATH", help="also write the rows shown as CSV to PATH")
    add_input_options(command)
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    limit = parse_size(args.max_file_size, "--max-file-size")
    catalogue = None if args.products is None else load_catalogue(args.products, limit)
    reports = []
    for path in report_files(args.files):
        # The loader's errors name the file already (as in ``check`` and ``quota-use``).
        reports += reports_in(path, catalogue=catalogue, enterprise=args.enterprise, limit=limit)
    statistics = trade_statistics(reports)
    shown = _select(statistics, args.by)
    print_table(
        [term(name) for name in HEADER],
        [
            (
                row.period,
                term(row.direction),
                term(row.group.value),
                format_tonnes(row.tonnes),
                term(N_("n/a"))
                if row.yoy_change_percent is None
                else f"{row.yoy_change_percent:+}%",
                str(row.lines),
            )
            for row in shown.rows
        ],
    )
    months = shown.months
    emit(
        say(SUMMARY, count=len(reports), first=str(months[0]), last=str(months[-1]))
        if months
        else term(N_("no reports"))
    )
    for skipped in statistics.skipped:
        reason = skipped.reason if skipped.why is None else skipped.why.render(current_language())
        emit(say(SKIPPED, report=skipped.report_id, line=skipped.line, reason=reason))
    if args.csv is not None:
        with Path(args.csv).open("w", encoding="utf-8", newline="") as out:
            write_statistics_csv(shown, out)
    return EXIT_OK


def _select(statistics: TradeStatistics, by: str) -> TradeStatistics:
    kind = _PERIOD_KINDS[by]

    def wanted(period: str) -> bool:
        if isinstance(kind, int):
            return len(period) == kind
        return period[5:6] == kind

    rows = tuple(row for row in statistics.rows if wanted(row.period))
    if not any(row.lines for row in rows):
        raise CommandError(NOTHING_TO_COUNT())
    return TradeStatistics(rows=rows, months=statistics.months, skipped=statistics.skipped)


def _change(percent: object) -> str:
    return term(N_("n/a")) if percent is None else f"{percent:+}%"


HEADER = (N_("period"), N_("flow"), N_("group"), N_("tonnes"), N_("y/y"), N_("lines"))
SUMMARY = define(
    "cli.stats.summary",
    "{count} reports, months {first} to {last}; gross tonnes; y/y n/a where a period or its "
    "year-earlier period is not fully covered",
)
SKIPPED = define("cli.stats.skipped", "skipped: {report} line {line}: {reason}")
NOTHING_TO_COUNT = define(
    "cli.stats.nothing", "stats: the reports hold no imported or exported line to count"
)
