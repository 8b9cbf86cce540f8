"""``rare-earth-regs template``: an empty spreadsheet in the tabular layout, to fill in."""

from __future__ import annotations

import argparse
from pathlib import Path

from rare_earth_regs.cli.common import EXIT_OK, WROTE, CommandError, Subcommands, say
from rare_earth_regs.cli.output import emit
from rare_earth_regs.locale import define
from rare_earth_regs.tabular import write_template


def register(commands: Subcommands) -> None:
    """Add the ``template`` command."""
    template = commands.add_parser(
        "template",
        help="write an empty flows template (.xlsx or .csv)",
        description=(
            "Write an empty template in the tabular layout: the flows, products and "
            "enterprise tables with their headers and one example row each; the workbook "
            "has drop-down lists for direction, origin and product class. CSV gives three "
            "files: FILE, FILE-products.csv and FILE-enterprise.csv."
        ),
    )
    template.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    template.add_argument("--out", metavar="FILE", required=True, help="the file to write")
    template.add_argument(
        "--language",
        choices=("en", "zh"),
        default="en",
        help="headers in English (default) or Chinese",
    )
    template.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.out)
    wanted = f".{args.format}"
    if target.suffix.lower() != wanted:
        raise CommandError(WRONG_SUFFIX(out=args.out, format=args.format, suffix=wanted))
    if not target.parent.is_dir():
        raise CommandError(NO_FOLDER(out=args.out, folder=str(target.parent)))
    for written in write_template(target, language=args.language):
        emit(say(WROTE, path=str(written)))
    return EXIT_OK


WRONG_SUFFIX = define(
    "cli.template.wrong-suffix", "--out {out}: a {format} template needs a {suffix} file name"
)
NO_FOLDER = define("cli.template.no-folder", "--out {out}: no such folder {folder}")
