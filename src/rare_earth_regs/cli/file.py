"""``rare-earth-regs file``: add reports to a filing store (policy P12 on the way in)."""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import EXIT_OK, Subcommands, parse_instant, say
from rare_earth_regs.cli.inputs import report_files
from rare_earth_regs.cli.output import emit
from rare_earth_regs.cli.tables import REPORTS_HELP, add_table_options, load_catalogue, reports_in
from rare_earth_regs.locale import N_, define, phrase
from rare_earth_regs.store import FilingStore


def register(commands: Subcommands) -> None:
    """Add the ``file`` command."""
    command = commands.add_parser(
        "file",
        help="add flow reports to a filing store",
        description=(
            "Add flow reports to a filing store (SQLite). Append-only: a correction is a new "
            "revision, a copy from another file is recorded, the same file again adds "
            "nothing; a report with the enterprise, month and revision of a stored one but "
            "other content is refused (exit 2, naming both) and nothing is written."
        ),
    )
    command.add_argument("files", nargs="+", metavar="REPORT", help=REPORTS_HELP)
    add_table_options(command)
    command.add_argument("--store", required=True, metavar="PATH", help="the store's file")
    command.add_argument(
        "--entered-at",
        required=True,
        metavar="TIMESTAMP",
        help="when the reports are stored, ISO 8601 with a UTC offset (the tool reads no "
        'clock, so a run can be repeated and audited: --entered-at "$(date -Iseconds)")',
    )
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Store the reports; print what each did."""
    entered = parse_instant(args.entered_at, "--entered-at")
    catalogue = None if args.products is None else load_catalogue(args.products)
    documents = []
    for path in report_files(args.files):
        reports = reports_in(path, catalogue=catalogue, enterprise=args.enterprise)
        documents += [(report, str(path)) for report in reports]
    with FilingStore(args.store) as store:
        outcomes = store.add(documents, entered_at=entered)
    for outcome in outcomes:
        emit(
            say(
                OUTCOME,
                status=phrase(outcome.status),
                key=outcome.key,
                revision=outcome.revision,
                source=outcome.source,
            )
        )
    return EXIT_OK


OUTCOME = define("cli.file.outcome", "{status}: {key} revision {revision} ({source})")
STATUSES = (N_("added"), N_("copy"), N_("already stored"))
