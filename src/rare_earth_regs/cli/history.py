"""``rare-earth-regs history``: every stored revision of one enterprise and month."""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import EXIT_OK, Subcommands, parse_month, print_table, say, term
from rare_earth_regs.cli.output import emit, emit_json
from rare_earth_regs.locale import N_, define
from rare_earth_regs.store import FilingStore


def register(commands: Subcommands) -> None:
    """Add the ``history`` command."""
    command = commands.add_parser(
        "history",
        help="the stored revisions of one enterprise and month",
        description=(
            "Every stored document of one enterprise and month: revision, when it was "
            "stored, when it was entered in the traceability system, its content digest and "
            "its source; the revision that counts is marked (policy P12)."
        ),
    )
    command.add_argument("uscc", metavar="USCC", help="the enterprise's USCC")
    command.add_argument("month", metavar="MONTH", help="the reporting month, YYYY-MM")
    command.add_argument("--store", required=True, metavar="PATH", help="the store's file")
    command.add_argument("--format", choices=("text", "json"), default="text")
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the history; an enterprise and month with nothing stored prints so."""
    month = parse_month(args.month, "MONTH")
    with FilingStore(args.store, create=False) as store:
        history = store.history(args.uscc, month)
    counting = max((doc.revision for doc in history), default=None)
    if args.format == "json":
        emit_json(
            [
                {
                    "revision": doc.revision,
                    "counts": doc.revision == counting,
                    "stored_at": doc.entered_at.isoformat(),
                    "submitted_at": (
                        None
                        if doc.report.submitted_at is None
                        else doc.report.submitted_at.isoformat()
                    ),
                    "content_sha256": doc.content_sha256,
                    "source": doc.source,
                }
                for doc in history
            ]
        )
        return EXIT_OK
    if not history:
        emit(say(NOTHING, uscc=args.uscc, month=str(month)))
        return EXIT_OK
    rows = [
        (
            str(doc.revision) + (" *" if doc.revision == counting else ""),
            doc.entered_at.isoformat(),
            "-" if doc.report.submitted_at is None else doc.report.submitted_at.isoformat(),
            doc.content_sha256[:12],
            doc.source,
        )
        for doc in history
    ]
    print_table([name if name == "sha256" else term(name) for name in HEADER], rows)
    emit(term(COUNTS))
    return EXIT_OK


NOTHING = define("cli.history.nothing", "nothing stored for {uscc} {month}")
HEADER = (N_("revision"), N_("stored at"), N_("entered at"), "sha256", N_("source"))
COUNTS = N_("* the revision that counts (policy P12)")
