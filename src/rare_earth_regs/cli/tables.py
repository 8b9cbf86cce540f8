"""What the commands share about spreadsheets and catalogues.

Every command that reads flow reports (``check``, ``file``, ``quota-use``, ``stats``)
reads the same inputs: a JSON report, a folder of them, or a ``.csv``/``.xlsx`` flows
table in the tabular layout (with ``--products`` and ``--enterprise`` for CSV flows).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path

from rare_earth_regs.cli.inputs import DEFAULT_MAX_FILE_SIZE, TABLE_SUFFIXES, read_document
from rare_earth_regs.findings import Findings
from rare_earth_regs.locale import N_
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.serialization import loads_products, loads_report
from rare_earth_regs.tabular import (
    FlowImport,
    ImportedReport,
    balances_table,
    findings_table,
    quota_use_table,
    read_flows,
    read_products,
    write_csv,
    write_workbook,
)

#: The help of the FILE arguments of the commands that read flow reports.
REPORTS_HELP = N_(
    "a report (JSON), a folder of *.json reports, or monthly flows in a .csv file or "
    ".xlsx workbook (the tabular layout)"
)


def add_table_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--products`` and ``--enterprise``, for flows given as a table."""
    parser.add_argument(
        "--products",
        metavar="FILE",
        help="the product master table (.csv or .xlsx) or a JSON product catalogue: for "
        "flows given as CSV, and shared by JSON reports",
    )
    parser.add_argument(
        "--enterprise", metavar="FILE", help="the enterprise table (.csv or .xlsx) for CSV flows"
    )


def reports_in(
    path: Path,
    *,
    catalogue: Mapping[str, Product] | None,
    enterprise: str | None,
    limit: int = DEFAULT_MAX_FILE_SIZE,
    locations: dict[str, ImportedReport] | None = None,
) -> list[FlowReport]:
    """The reports of one file: a JSON report, or every report of a flows table.

    ``locations`` (where given) gets, per report id, where the report's lines are in the
    table, so that a finding can name its row.
    """
    if path.suffix.lower() not in TABLE_SUFFIXES:
        data = read_document(path, limit=limit)
        return [loads_report(data, source=str(path), products=catalogue, folder=path.parent)]
    imported = import_flows(path, catalogue=catalogue, enterprise=enterprise, limit=limit)
    if locations is not None:
        for item in imported.imported:
            # Revisions of a month share a report id; findings are of the one that counts.
            known = locations.get(item.report.report_id)
            if known is None or known.report.revision <= item.report.revision:
                locations[item.report.report_id] = item
    return list(imported.reports)


def check_table_file(path: str | Path, limit: int) -> Path:
    """``path`` if it is a readable regular file within the size limit.

    The file is read by the tabular readers themselves (a workbook is read lazily,
    sheet by sheet); the checks are those of every file the tool reads.
    """
    read_document(path, limit=limit)
    return Path(path)


def load_catalogue(path: str, limit: int = DEFAULT_MAX_FILE_SIZE) -> dict[str, Product]:
    """A product catalogue: a JSON catalogue, or a product table in CSV or .xlsx."""
    file = Path(path)
    if file.suffix.lower() in TABLE_SUFFIXES:
        return dict(read_products(check_table_file(file, limit)))
    return loads_products(read_document(file, limit=limit), source=str(file))


def import_flows(
    path: Path,
    *,
    catalogue: Mapping[str, Product] | None,
    enterprise: str | None,
    limit: int = DEFAULT_MAX_FILE_SIZE,
) -> FlowImport:
    """Read a flows table with the products and enterprise given on the command line."""
    check_table_file(path, limit)
    if enterprise is not None:
        check_table_file(enterprise, limit)
    return read_flows(path, products=catalogue, enterprise=enterprise)


def write_result_tables(
    output: Path,
    kind: str,
    found: Findings,
    reports: Sequence[FlowReport],
    *,
    allocations: Sequence[QuotaAllocation],
    years: Sequence[int],
    locations: Mapping[str, ImportedReport],
) -> list[Path]:
    """Write findings, quota use and balances: one workbook, or three CSV files."""

    def locate(report_id: str | None, subject: str) -> str | None:
        item = locations.get(report_id) if report_id is not None else None
        return None if item is None else item.location(subject)

    tables = [
        findings_table(found, locate=locate),
        quota_use_table(reports, allocations=allocations, years=years),
        balances_table(reports),
    ]
    if kind == "xlsx":
        write_workbook(output, tables)
        return [output]
    written = []
    for table in tables:
        target = output
        if table.name != "findings":
            suffix = table.name.replace("_", "-")
            target = output.with_name(f"{output.stem}-{suffix}{output.suffix or '.csv'}")
        write_csv(target, table.columns, table.rows)
        written.append(target)
    return written
