"""``rare-earth-regs export-check``: does an export need a licence on a given day?"""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
    current_language,
    display_width,
    parse_date,
    say,
    term,
)
from rare_earth_regs.cli.output import emit, emit_json
from rare_earth_regs.cli.parser import describe
from rare_earth_regs.export_controls import (
    ExportItem,
    LicenceAnswer,
    export_control_data,
    export_licence_required,
    knowledge_horizon,
)
from rare_earth_regs.locale import N_, define, phrase


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
        emit_json(answer.to_dict(current_language()))
    else:
        print_answer(answer)
    return EXIT_OK


def print_answer(answer: LicenceAnswer) -> None:
    """The answer as labelled lines, in the language of this run."""
    lang = current_language()
    codes = export_control_data().control_codes
    rows = [
        (ITEM, answer.subject if answer.description is None else answer.description.render(lang)),
        (ON, answer.on.isoformat()),
        (ANSWER, term(answer.status.value.replace("_", " "))),
    ]
    if answer.instrument is not None:
        instrument = answer.instrument
        rows.append(
            (
                INSTRUMENT,
                instrument.short_title if lang == "en" else f"《{instrument.title_zh}》",
            )
        )
    if answer.control_codes:
        rows.append(
            (
                CONTROL_CODES,
                term(", ").join(
                    say(NUMBER, code=code, status=phrase(codes[code].number_status))
                    for code in answer.control_codes
                ),
            )
        )
    if answer.elements:
        rows.append((ELEMENTS, ", ".join(member.value for member in answer.elements)))
    rows.append(
        (REASON, answer.reason if answer.explanation is None else answer.explanation.render(lang))
    )
    for entry in answer.customs_mappings:
        rows.append(
            (
                CUSTOMS_MAPPING,
                say(
                    MAPPING,
                    customs=entry.customs_code,
                    control=entry.control_code,
                    status=phrase(entry.status),
                ),
            )
        )
    for citation in answer.citations:
        rows.append((CITES, citation.en if lang == "en" else citation.zh))
    rows.append((HORIZON, answer.knowledge_horizon.isoformat()))
    labels = [term(label) + term(":") for label, _ in rows]
    width = max(display_width(label) for label in labels)
    for label, (_, value) in zip(labels, rows, strict=True):
        emit(f"{label}{' ' * (width - display_width(label))} {value}")


ITEM = N_("item")
ON = N_("on")
ANSWER = N_("answer")
INSTRUMENT = N_("instrument")
CONTROL_CODES = N_("control codes")
ELEMENTS = N_("elements")
REASON = N_("reason")
CUSTOMS_MAPPING = N_("customs mapping")
CITES = N_("cites")
HORIZON = N_("knowledge horizon")
ANSWERS = (N_("required"), N_("not required"), N_("undetermined"))
NUMBER_STATUSES = (N_("confirmed"), N_("inferred"))
SEPARATORS = (N_(":"), N_(", "))
NUMBER = define("cli.export-check.number", "{code} (number {status})")
MAPPING = define("cli.export-check.mapping", "{customs} -> {control} ({status})")
