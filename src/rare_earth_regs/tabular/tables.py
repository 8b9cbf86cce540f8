"""Tables out: findings, quota use and monthly balances, to CSV, ``.xlsx`` or pandas.

Every tonnage in these tables is a whole number of grams in a column whose header
names the unit (``reo_g`` is grams of REO; ``opening_g`` is grams on the basis the
``basis`` column names), never a binary float. In a workbook a number of grams is a
number cell when Excel holds it exactly (below 10^15) and text otherwise.

pandas is imported only by :meth:`ResultTable.to_dataframe`; openpyxl only when a
workbook is written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from rare_earth_regs.exceptions import InvalidInputError, items_of
from rare_earth_regs.findings import Findings
from rare_earth_regs.model.quotas import QUOTA_ACTIVITIES, QuotaAllocation
from rare_earth_regs.model.reports import FlowReport, mass_balance
from rare_earth_regs.rules.quotas import holder_quota_use, quota_use
from rare_earth_regs.tabular.reading import require_openpyxl

__all__ = [
    "ResultTable",
    "balances_table",
    "findings_table",
    "quota_use_table",
    "write_csv",
    "write_workbook",
]

#: Integers from this size on are written to workbooks as text (Excel keeps 15 digits).
EXCEL_EXACT_LIMIT = 10**15


@attrs.frozen
class ResultTable:
    """A table of results: a name (the sheet name), column headers and rows."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def to_dataframe(self) -> Any:
        """The table as a :class:`pandas.DataFrame` (needs the ``pandas`` extra).

        A column of whole numbers (the gram columns, counts, years) has pandas'
        nullable ``Int64`` dtype, built from the Python integers, so no value passes
        through a float and an empty cell is ``<NA>``; a column with a number beyond
        64 bits keeps Python integers (dtype ``object``).
        """
        try:
            import pandas  # noqa: PLC0415 - optional dependency, imported when asked for
        except ImportError:  # pragma: no cover - the test extra installs it
            raise InvalidInputError(
                "a DataFrame needs pandas: pip install 'rare-earth-regs[pandas]'",
                field="pandas",
                value=None,
                accepted="the 'pandas' extra installed",
            ) from None
        data: dict[str, Any] = {}
        for position, column in enumerate(self.columns):
            values = [row[position] for row in self.rows]
            present = [value for value in values if value is not None]
            if present and all(type(value) is int and abs(value) < 2**63 for value in present):
                data[column] = pandas.array(values, dtype="Int64")
            else:
                data[column] = pandas.Series(values, dtype=object)
        return pandas.DataFrame(data, columns=list(self.columns))


def findings_table(
    findings: Iterable[Any], *, locate: Callable[[str | None, str], str | None] | None = None
) -> ResultTable:
    """One row per finding; ``locate`` maps (report id, subject) to a file location.

    The message is given in English (``message``) and in Chinese (``message_zh``).

    :meth:`FlowImport.location <rare_earth_regs.tabular.flows.FlowImport.location>` is
    such a function: with it, findings on imported lines name their spreadsheet rows.
    """
    rows = []
    for finding in Findings(findings):
        where = None if locate is None else locate(finding.report_id, finding.subject)
        rows.append(
            (
                finding.rule_id,
                finding.severity.value,
                finding.enterprise,
                finding.month,
                finding.report_id,
                finding.subject,
                where,
                finding.message,
                finding.message_in("zh"),
                "; ".join(citation.en for citation in finding.citations),
                json.dumps(finding.facts, ensure_ascii=False, sort_keys=True, default=str),
            )
        )
    return ResultTable(
        "findings",
        (
            "rule_id",
            "severity",
            "enterprise",
            "month",
            "report_id",
            "subject",
            "location",
            "message",
            "message_zh",
            "citations",
            "facts",
        ),
        tuple(rows),
    )


def balances_table(reports: Iterable[FlowReport]) -> ResultTable:
    """The mass balance of each product in each report, in grams.

    ``difference_g`` is opening + inflows − outflows − closing (empty when the
    balance cannot be determined: a stock figure or an REO content is missing).
    """
    rows = []
    for report in items_of(reports, field="reports", accepted="an iterable of FlowReport"):
        for product, balance in mass_balance(report).items():
            rows.append(
                (
                    report.enterprise.uscc,
                    str(report.month),
                    report.report_id,
                    product.name,
                    balance.basis.value,
                    None if balance.opening is None else balance.opening.grams,
                    balance.inflows.grams,
                    balance.outflows.grams,
                    None if balance.closing is None else balance.closing.grams,
                    balance.difference_grams,
                    balance.determinable,
                )
            )
    return ResultTable(
        "balances",
        (
            "enterprise",
            "month",
            "report_id",
            "product",
            "basis",
            "opening_g",
            "inflows_g",
            "outflows_g",
            "closing_g",
            "difference_g",
            "determinable",
        ),
        tuple(rows),
    )


def quota_use_table(
    reports: Sequence[FlowReport],
    *,
    allocations: Sequence[QuotaAllocation] = (),
    years: Iterable[int] | None = None,
) -> ResultTable:
    """Output against quotas per holder: counted, excluded by reason, indicator, headroom.

    For each year (default: every year of the reports) and quota activity, each
    holder of an indicator in ``allocations`` has a ``counted`` row (REO counted,
    the indicator, and the headroom: indicator − counted, negative when exceeded),
    then one ``excluded`` row per reason and one ``undetermined`` row per reason. A
    mining indicator split by ore type has one ``counted`` row per part (``ore_type``).
    Enterprises whose output no indicator covers appear as their own holders with
    no indicator. ``reo_g`` of an excluded or undetermined row sums the lines whose
    REO content is known.
    """
    reports = list(reports)
    chosen = sorted({report.month.year for report in reports} if years is None else set(years))
    rows: list[tuple[Any, ...]] = []
    for year in chosen:
        for activity in sorted(QUOTA_ACTIVITIES, key=lambda kind: kind.value):
            use = quota_use(reports, year=year, activity=activity)
            holdings = holder_quota_use(
                reports, year=year, activity=activity, allocations=allocations
            )
            covered = {uscc for holding in holdings for uscc in holding.members}
            groups: list[tuple[str, str | None, str | None, tuple[str, ...], int | None, int]] = [
                (
                    holding.holder.name,
                    holding.holder.uscc,
                    None if holding.ore_type is None else holding.ore_type.value,
                    holding.members,
                    holding.indicator.grams,
                    holding.used.grams,
                )
                for holding in holdings
            ]
            groups += [
                (each.enterprise.name, uscc, None, (uscc,), None, each.counted.grams)
                for uscc, each in use.enterprises.items()
                if uscc not in covered
            ]
            listed: set[tuple[str, str | None]] = set()
            for holder, holder_uscc, ore_type, members, indicator, counted in groups:
                uses = [use.enterprises[uscc] for uscc in members]
                lines = sum(len(each.counted_lines) for each in uses)
                base = (year, activity.value, holder, holder_uscc, ", ".join(members))
                rows.append(
                    (
                        *base,
                        ore_type,
                        "counted",
                        "counted",
                        lines,
                        counted,
                        indicator,
                        None if indicator is None else indicator - counted,
                    )
                )
                if (holder, holder_uscc) in listed:
                    continue  # the other part of a split indicator: exclusions listed once
                listed.add((holder, holder_uscc))
                for status in ("excluded", "undetermined"):
                    by_reason: dict[str, list[int]] = {}
                    for each in uses:
                        for ref in getattr(each, status):
                            entry = by_reason.setdefault(ref.reason, [0, 0])
                            entry[0] += 1
                            entry[1] += 0 if ref.reo is None else ref.reo.grams
                    for reason, (count, grams) in by_reason.items():
                        rows.append((*base, None, status, reason, count, grams, None, None))
    return ResultTable(
        "quota_use",
        (
            "year",
            "activity",
            "holder",
            "holder_uscc",
            "enterprises",
            "ore_type",
            "status",
            "reason",
            "lines",
            "reo_g",
            "indicator_g",
            "headroom_g",
        ),
        tuple(rows),
    )


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(path: str | Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a table as UTF-8 CSV with a byte order mark (so Excel reads the Chinese)."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(value) for value in row])


def workbook_value(value: object) -> object:
    """A value as a workbook cell holds it exactly: big integers and floats as text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if abs(value) < EXCEL_EXACT_LIMIT else str(value)
    if isinstance(value, str):
        return value
    return str(value)


def set_cell(worksheet: Any, row: int, column: int, value: object) -> None:
    """Write ``value`` to a cell; text that starts with '=' stays text, not a formula."""
    if isinstance(value, str) and "\r" in value:  # XML reads a carriage return back as \n
        raise InvalidInputError(
            field="cell",
            value=value,
            accepted="text without carriage returns (a workbook cannot keep them; use CSV)",
        )
    try:
        cell = worksheet.cell(row=row, column=column, value=workbook_value(value))
    except Exception as error:  # openpyxl's IllegalCharacterError: XML has no such character
        if type(error).__name__ != "IllegalCharacterError":
            raise
        raise InvalidInputError(
            field="cell",
            value=value,
            accepted="text without control characters (a workbook cannot hold them; use CSV)",
        ) from error
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def write_workbook(path: str | Path, tables: Sequence[ResultTable]) -> None:
    """Write tables to an ``.xlsx`` workbook, one sheet each (needs the ``excel`` extra)."""
    openpyxl = require_openpyxl()
    workbook = openpyxl.Workbook()
    first = True
    for table in tables:
        if first:
            worksheet = workbook.active
            worksheet.title = table.name
            first = False
        else:
            worksheet = workbook.create_sheet(table.name)
        for column, header in enumerate(table.columns, start=1):
            set_cell(worksheet, 1, column, header)
        for row_number, row in enumerate(table.rows, start=2):
            for column, value in enumerate(row, start=1):
                set_cell(worksheet, row_number, column, value)
        worksheet.freeze_panes = "A2"
    workbook.save(path)
