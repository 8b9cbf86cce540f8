"""``rare-earth-regs export-check``: does an export need a licence on a given day?"""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import EXIT_OK, Subcommands, parse_date
from rare_earth_regs.cli.output import emit, emit_json
from rare_earth_regs.cli.parser import describe
from rare_earth_regs.export_controls import (
    ExportItem,
    LicenceAnswer,
    export_control_data,
    export_licence_required,
    knowledge_horizon,
)
from rare_earth_regs.locale import define


def register(commands: Subcommands) -> None:
    """Add the ``export-check`` command."""
    command = commands.add_parser(
        "export-check",
        help="whether exporting an item needs a licence on a given day",
    )
    describe(command, DESCRIPTION(horizon=knowledge_horizon().isoformat()))
    command.add_argument(
        "item",
        metavar="ITEM",
        help="a shipped customs code ('28469011') or FORM[:ELEMENT[=SHARE],...], e.g. "
        "'ndfeb_magnet:Nd=29%%,Dy', 'oxide:Y', 'compound:Ce', 'technology'",
    )
    command.add_argument("--on", metavar="DATE", required=True, help="the day, YYYY-MM-DD")
    command.add_argument("--format", choices=("text", "json"), default="text")
    command.set_defaults(handler=run)


DESCRIPTION = define(
    "cli.export-check.description",
    "Answer required, not required or undetermined for exporting ITEM on DATE under the 2025 "
    "export controls (MOFCOM/GAC Nos. 18, 57, 61, 62 as suspended by No. 70). Knowledge "
    "horizon: {horizon}; later days are undetermined for the suspended announcements.",
)


def run(args: argparse.Namespace) -> int:
    item = ExportItem.parse(args.item)
    answer = export_licence_required(item, on=parse_date(args.on, "--on"))
    if args.format == "json":
        emit_json(answer.to_dict())
    else:
        print_answer(answer)
    return EXIT_OK


def print_answer(answer: LicenceAnswer) -> None:
    """The answer as labelled lines."""
    codes = export_control_data().control_codes
    rows = [
        ("item", answer.subject),
        ("on", answer.on.isoformat()),
        ("answer", answer.status.value.replace("_", " ")),
    ]
    if answer.instrument is not None:
        rows.append(("instrument", answer.instrument.short_title))
    if answer.control_codes:
        rows.append(
            (
                "control codes",
                ", ".join(
                    f"{code} (number {codes[code].number_status})" for code in answer.control_codes
                ),
            )
        )
    if answer.elements:
        rows.append(("elements", ", ".join(member.value for member in answer.elements)))
    rows.append(("reason", answer.reason))
    for entry in answer.customs_mappings:
        rows.append(
            ("customs mapping", f"{entry.customs_code} -> {entry.control_code} ({entry.status})")
        )
    for citation in answer.citations:
        rows.append(("cites", citation.en))
    rows.append(("knowledge horizon", answer.knowledge_horizon.isoformat()))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        emit(f"{label + ':':<{width + 1}} {value}")
