"""Reports to spreadsheets in the tabular layout, and the empty template.

A workbook holds three sheets (flows, products, enterprise); CSV holds one table per
file, so :func:`write_flows` writes ``<name>.csv`` with the flows and, beside it,
``<name>-products.csv`` and ``<name>-enterprise.csv``. Headers are the canonical
English names, or the Chinese headers with ``language="zh"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.model.activities import FeedstockOrigin, OreType
from rare_earth_regs.model.products import ProductClass
from rare_earth_regs.model.reports import FlowDirection, FlowReport
from rare_earth_regs.tabular.flows import MAX_CELL_DIGITS, report_rows
from rare_earth_regs.tabular.layout import ENTERPRISE, FLOWS, LAYOUT_VERSION, PRODUCTS, Table
from rare_earth_regs.tabular.reading import require_openpyxl
from rare_earth_regs.tabular.tables import set_cell, write_csv
from rare_earth_regs.units import MassBasis, parse_tonnage

__all__ = ["companion_paths", "write_flows", "write_template"]

Language = Literal["en", "zh"]

# The flow columns written, in order (the unit column only with split units).
_FLOW_COLUMNS = tuple(column.name for column in FLOWS.columns)


def _header(table: Table, name: str, language: Language) -> str:
    column = table.column(name)
    return column.zh if language == "zh" else column.name


def _check_language(language: str) -> Language:
    if language not in ("en", "zh"):
        raise InvalidInputError(field="language", value=language, accepted="'en' or 'zh'")
    return language  # type: ignore[return-value]


def companion_paths(path: str | Path) -> tuple[Path, Path]:
    """The products and enterprise CSV files written beside a flows CSV file."""
    file = Path(path)
    return (
        file.with_name(f"{file.stem}-products{file.suffix}"),
        file.with_name(f"{file.stem}-enterprise{file.suffix}"),
    )


def _split(quantity: str | None, unit_of_row: str | None) -> tuple[object, str | None]:
    """A quantity text as (number, unit): the number exact, text when Excel would round it."""
    if quantity is None:
        return None, unit_of_row
    tonnage = parse_tonnage(quantity)
    unit = "t REO" if tonnage.basis is MassBasis.REO else "t"
    tonnes = tonnage.tonnes
    digits = len(tonnes.normalize().as_tuple().digits)
    number: object = tonnes if digits <= MAX_CELL_DIGITS else f"{tonnes:f}"
    return number, unit


def _flow_cells(row: dict[str, Any], split_units: bool) -> dict[str, object]:
    cells: dict[str, object] = dict(row)
    if split_units:
        quantity, unit = _split(row["quantity"], None)
        cells["quantity"], cells["unit"] = quantity, unit
        if row["reo"] is not None:
            reo, _ = _split(row["reo"], None)
            if unit == "t REO":  # pragma: no cover - the model forbids REO on an REO line
                raise AssertionError("a stated REO on a line already in REO")
            cells["reo"] = reo
    return cells


def write_flows(
    reports: Sequence[FlowReport],
    path: str | Path,
    *,
    language: str = "en",
    split_units: bool | None = None,
) -> list[Path]:
    """Write reports in the tabular layout; return the files written.

    ``path`` ending in ``.xlsx`` gives one workbook with three sheets; any other
    suffix gives CSV files (see :func:`companion_paths`). ``split_units`` writes
    quantities as numbers with a unit column (default: in workbooks), otherwise as
    text with the unit (``"12.5 t"``). Reading the files back with
    :func:`~rare_earth_regs.tabular.read_flows` gives equal reports.
    """
    chosen = _check_language(language)
    file = Path(path)
    workbook = file.suffix.lower() == ".xlsx"
    split = workbook if split_units is None else split_units
    flows, products, enterprises = report_rows(reports)
    flow_names = [name for name in _FLOW_COLUMNS if split or name != "unit"]
    flow_rows = [
        [cells.get(name) for name in flow_names]
        for cells in (_flow_cells(row, split) for row in flows)
    ]
    product_names = [column.name for column in PRODUCTS.columns]
    product_rows = [
        [key, *(_product_value(document, name) for name in product_names[1:])]
        for key, document in products.items()
    ]
    enterprise_names = [column.name for column in ENTERPRISE.columns]
    enterprise_rows = [
        [
            ", ".join(document[name]) if name == "activities" else document.get(name)
            for name in enterprise_names
        ]
        for document in enterprises
    ]
    sheets = [
        (FLOWS, [_header(FLOWS, name, chosen) for name in flow_names], flow_rows),
        (PRODUCTS, [_header(PRODUCTS, name, chosen) for name in product_names], product_rows),
        (
            ENTERPRISE,
            [_header(ENTERPRISE, name, chosen) for name in enterprise_names],
            enterprise_rows,
        ),
    ]
    if workbook:
        _write_workbook(file, sheets, chosen, validations=False)
        return [file]
    products_file, enterprise_file = companion_paths(file)
    for target, (_, header, rows) in zip(
        (file, products_file, enterprise_file), sheets, strict=True
    ):
        write_csv(target, header, rows)
    return [file, products_file, enterprise_file]


def _product_value(document: dict[str, Any], name: str) -> object:
    value = document.get(name)
    if name == "elements":
        return None if value is None else ", ".join(value)
    return value


def _write_workbook(
    file: Path,
    sheets: Sequence[tuple[Table, list[str], list[list[object]]]],
    language: Language,
    *,
    validations: bool,
) -> None:
    openpyxl = require_openpyxl()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    workbook.properties.subject = f"rare_earth_regs tabular layout {LAYOUT_VERSION}"
    for table, header, rows in sheets:
        worksheet = workbook.create_sheet(table.zh if language == "zh" else table.name)
        for column, text in enumerate(header, start=1):
            set_cell(worksheet, 1, column, text)
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                if isinstance(value, Decimal):
                    worksheet.cell(row=row_number, column=column, value=value)
                else:
                    set_cell(worksheet, row_number, column, value)
        worksheet.freeze_panes = "A2"
        if validations:
            _add_drop_downs(worksheet, table, header, language)
    workbook.save(file)


_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("flows", "direction"): tuple(member.value for member in FlowDirection),
    ("flows", "origin"): tuple(member.value for member in FeedstockOrigin),
    ("flows", "ore_type"): tuple(member.value for member in OreType),
    ("products", "product_class"): tuple(member.value for member in ProductClass),
    ("products", "ore_type"): tuple(member.value for member in OreType),
}


def _add_drop_downs(worksheet: Any, table: Table, header: list[str], language: Language) -> None:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - optional dependency
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    for position, text in enumerate(header, start=1):
        name = next(column.name for column in table.columns if text in (column.name, column.zh))
        choices = _CHOICES.get((table.name, name))
        if choices is None:
            continue
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=text,
            error="one of: " + ", ".join(choices),
        )
        letter = get_column_letter(position)
        validation.add(f"{letter}2:{letter}1048576")
        worksheet.add_data_validation(validation)


def write_template(path: str | Path, *, language: str = "en") -> list[Path]:
    """Write an empty template: the headers, one example row, drop-down lists.

    ``path`` ending in ``.xlsx`` gives a workbook with the three sheets and drop-down
    lists for direction, origin and product class; otherwise the three CSV files of
    :func:`write_flows`.
    """
    chosen = _check_language(language)
    file = Path(path)
    sheets = []
    for table in (FLOWS, PRODUCTS, ENTERPRISE):
        columns = [
            column for column in table.columns if column.name not in ("submitted_at", "report_id")
        ]
        header = [column.zh if chosen == "zh" else column.name for column in columns]
        example: list[object] = [column.example or None for column in columns]
        sheets.append((table, header, [example]))
    if file.suffix.lower() == ".xlsx":
        _write_workbook(file, sheets, chosen, validations=True)
        return [file]
    products_file, enterprise_file = companion_paths(file)
    for target, (_, header, rows) in zip(
        (file, products_file, enterprise_file), sheets, strict=True
    ):
        write_csv(target, header, rows)
    return [file, products_file, enterprise_file]
