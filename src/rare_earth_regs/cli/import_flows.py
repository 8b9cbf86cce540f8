"""``rare-earth-regs import``: a flows spreadsheet to one JSON report per report in it."""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from pathlib import Path

from rare_earth_regs.cli.common import EXIT_OK, CommandError, Subcommands, print_note, say
from rare_earth_regs.cli.inputs import TABLE_SUFFIXES
from rare_earth_regs.cli.output import emit
from rare_earth_regs.cli.tables import import_flows, load_catalogue
from rare_earth_regs.locale import define
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.serialization import dumps_report


def register(commands: Subcommands) -> None:
    """Add the ``import`` command."""
    command = commands.add_parser(
        "import",
        help="turn a flows spreadsheet (.csv or .xlsx) into JSON reports",
        description=(
            "Read monthly flows from a CSV file or .xlsx workbook in the tabular layout "
            "and write one JSON report per enterprise, month and revision to DIR, named "
            "<USCC>-<YYYY-MM>.json, or <USCC>-<YYYY-MM>-r<N>.json for revision N above 1 "
            "(an existing file of that name is replaced). Nothing "
            "is written when any cell is bad: every bad cell is reported."
        ),
    )
    command.add_argument("flows", metavar="FLOWS", help="the flows table (.csv or .xlsx)")
    command.add_argument(
        "--products",
        metavar="FILE",
        help="the product master table (.csv, .xlsx or a JSON catalogue); default: the "
        "workbook's products sheet",
    )
    command.add_argument(
        "--enterprise",
        metavar="FILE",
        help="the enterprise table (.csv or .xlsx); default: the workbook's enterprise sheet",
    )
    command.add_argument("--out", metavar="DIR", required=True, help="the folder to write to")
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    flows = Path(args.flows)
    if not flows.is_file():
        raise CommandError(NO_SUCH_FLOWS(path=args.flows))
    if flows.suffix.lower() not in TABLE_SUFFIXES:
        raise CommandError(NOT_A_TABLE(path=args.flows))
    folder = Path(args.out)
    if not folder.is_dir():
        raise CommandError(NO_OUT_FOLDER(out=args.out))
    catalogue = None if args.products is None else load_catalogue(args.products)
    imported = import_flows(flows, catalogue=catalogue, enterprise=args.enterprise)
    if imported.ignored_columns:
        ignored = ", ".join(imported.ignored_columns)
        print_note("note:", say(IGNORED, columns=ignored))
    documents = {
        folder / _file_name(report): dumps_report(report) + "\n" for report in imported.reports
    }
    _write_all(documents)
    for path, report in zip(documents, imported.reports, strict=True):
        emit(say(WROTE_REPORT, path=str(path), count=len(report.lines)))
    return EXIT_OK


NO_SUCH_FLOWS = define("cli.import.no-such-file", "{path}: no such file")
NOT_A_TABLE = define("cli.import.not-a-table", "{path}: expected a .csv or .xlsx file")
NO_OUT_FOLDER = define("cli.import.no-folder", "--out {out}: no such folder")
IGNORED = define("cli.import.ignored", "columns not in the layout were ignored: {columns}")
WROTE_REPORT = define("cli.import.wrote", "wrote {path} ({count} lines)")


def _file_name(report: FlowReport) -> str:
    """``<USCC>-<YYYY-MM>.json``, with ``-r<N>`` before ``.json`` for a correction."""
    suffix = "" if report.revision == 1 else f"-r{report.revision}"
    return f"{report.enterprise.uscc}-{report.month}{suffix}.json"


def _write_all(documents: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary file first, renamed at the end."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, text in documents.items():
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            staged.append((temporary, target))
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
