"""``rare-earth-regs schema``: the JSON Schema of the flow report format."""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import (
    EXIT_OK,
    CommandError,
    Subcommands,
)
from rare_earth_regs.cli.output import emit_json
from rare_earth_regs.exceptions import os_reason
from rare_earth_regs.locale import define
from rare_earth_regs.serialization import (
    report_schema,
)


def register(commands: Subcommands) -> None:
    """Add the ``schema`` command."""
    schema = commands.add_parser(
        "schema",
        help="the JSON Schema of the flow report format",
        description="Print the JSON Schema (draft 2020-12) of the flow report format.",
    )
    schema.set_defaults(handler=run)


def run(_args: argparse.Namespace) -> int:
    try:
        schema = report_schema()
    except OSError as error:  # a broken installation: the package data is missing
        raise CommandError(NO_SCHEMA(reason=os_reason(error))) from None
    emit_json(schema)
    return EXIT_OK


NO_SCHEMA = define(
    "cli.schema.missing", "the report schema is not available in this installation: {reason}"
)
