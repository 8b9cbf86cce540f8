"""Flow lines, products and enterprises from tables, and reports back to tables.

Reading turns each row into the fields of a report document, the same document the
JSON loader reads, and builds the reports with
:func:`~rare_earth_regs.serialization.report_from_dict`: the quantity grammar, the
enumerations and every other check are the library's own, and an error the loader
finds at ``$.lines[12].quantity`` is reported at the row and column it came from.
Every bad cell of every table is reported in one error; no report is returned (and
the command line writes no file) when there is any.

Cells are read exactly: a text cell as its text; a number cell of a workbook through
the shortest text that gives back the same binary number, which is the number typed
whenever it has at most 15 significant digits (all Excel keeps); a number with more
is refused rather than guessed. A date cell is a date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from rare_earth_regs.exceptions import (
    CellError,
    FieldError,
    InvalidDocumentError,
    InvalidInputError,
    InvalidTableError,
    got_expected,
    one_of,
    short_repr,
)
from rare_earth_regs.locale import COMMA, N_, Message, define, phrase
from rare_earth_regs.model.activities import FeedstockOrigin, OreType
from rare_earth_regs.model.enterprises import Enterprise, validate_uscc
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.reports import (
    MAX_REVISION,
    REVISION_RANGE,
    FlowDirection,
    FlowReport,
)
from rare_earth_regs.periods import Month, iso_date
from rare_earth_regs.serialization import (
    FORMAT_VERSION,
    REPORT_FORMAT,
    report_from_dict,
    report_to_dict,
)
from rare_earth_regs.tabular.layout import (
    ACTIVITY_ZH,
    DIRECTION_ZH,
    ENTERPRISE,
    FLOWS,
    ORE_TYPE_ZH,
    ORIGIN_ZH,
    PRODUCT_CLASS_ZH,
    PRODUCTS,
    Table,
)
from rare_earth_regs.tabular.reading import (
    Sheet,
    find_worksheet,
    open_workbook,
    read_csv,
    worksheet_sheet,
)
from rare_earth_regs.units import parse_tonnage

__all__ = [
    "FlowImport",
    "ImportedReport",
    "exact_number",
    "read_enterprises",
    "read_flows",
    "read_products",
    "report_rows",
]

#: Excel keeps 15 significant digits; a number cell with more was not typed as such.
MAX_CELL_DIGITS = 15


# --- cell values --------------------------------------------------------------------------


PATH_REASON = define("error.field", "{path}: {reason}")
_TEXT = N_("text")
_QUANTITY = N_("a quantity such as '12.5 t'")
DATE_NOT_TEXT = define("table.date-not-text", "got the date {date}; expected text")
NO_UNIT = define(
    "table.number-without-unit",
    "got the number {number} without a unit; write the unit in the cell ('12.5 t') or add a "
    "unit column (单位)",
)
EARLY_DATE = define(
    "table.date-before-1900-03",
    "got the date cell {date}; Excel's 1900 date system counts a 29 February 1900 that never "
    "was, so date cells before 1900-03-01 are not read: write the date as text",
)
DATE_NOT_MONTH = define(
    "table.date-not-month",
    "got the date {date}; expected a month as 'YYYY-MM' (a date on the 1st of a month is read "
    "as its month)",
)
EMPTY_MONTH = define("table.empty-month", "empty; expected a month as 'YYYY-MM'")
DATE_TIME = define(
    "table.date-and-time", "got the date and time {value}; expected a date without a time"
)
NUMBER_NOT_DATE = define(
    "table.number-not-date",
    "got the number {number}; expected a date cell or 'YYYY-MM-DD' text (format the cell as a "
    "date)",
)
AT_MOST_DIGITS = define(
    "accepted.at-most-digits",
    "a number of at most {digits} significant digits (type a longer number as text)",
)
NO_PRODUCTS_TABLE = define(
    "table.no-products-table",
    "no products table: add a products sheet (产品) or give a products file",
)
NO_ENTERPRISE_TABLE = define(
    "table.no-enterprise-table",
    "no enterprise table: add an enterprise sheet (企业) or give an enterprise file",
)
NO_ENTERPRISE_COLUMN = define(
    "table.no-enterprise-column",
    "no enterprise column, and the enterprise table has {count} rows: add an enterprise "
    "column (企业统一社会信用代码)",
)
NOT_AS_ON_ROW = define(
    "table.not-as-on-row",
    "got {got}; expected {expected} as on row {row} (one value per enterprise, month and revision)",
)
EMPTY_KEY = define("table.empty-key", "empty; expected the product's key")
EMPTY_NAME = define("table.empty-name", "empty; expected the product's name")
EMPTY_VALUE = define("table.empty-value", "empty; expected a value")
KEY_USED = define("table.key-used", "the key {key} is already used on row {row}")
ENTERPRISE_TWICE = define("table.enterprise-twice", "the enterprise {uscc} is already on row {row}")
_SHEET = define("table.sheet", "sheet {sheet}")
_ROW = define("table.row", "row {row}")
NAIVE_CELL = define(
    "table.naive-date-time",
    "got the date-time cell {value}, which has no time zone; write it as text with its offset, "
    "such as '2025-10-09T10:15:00+08:00'",
)


class _UnreadableCellError(Exception):
    """A cell that cannot be read; the message says what was expected."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


def exact_number(value: object) -> Decimal:
    """The exact decimal value of a number cell (int, float or Decimal).

    A float is read through its shortest round-tripping text, which is the number
    typed in the cell whenever it has at most 15 significant digits; a float needing
    more digits did not come from a typed number and is refused.

    >>> exact_number(12.345678), exact_number(3)
    (Decimal('12.345678'), Decimal('3'))
    >>> exact_number(0.1 + 0.2)
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.InvalidInputError: cell: got 0.30000000000000004; expected \
a number of at most 15 significant digits (type a longer number as text)
    """
    if isinstance(value, bool):
        raise InvalidInputError(field="cell", value=value, accepted="a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        raise InvalidInputError(field="cell", value=value, accepted="a number")
    if not number.is_finite() or len(number.normalize().as_tuple().digits) > MAX_CELL_DIGITS:
        raise InvalidInputError(
            field="cell",
            value=value,
            accepted=AT_MOST_DIGITS(digits=MAX_CELL_DIGITS),
        )
    return number


def _number_text(value: object) -> str:
    try:
        return f"{exact_number(value):f}"
    except InvalidInputError as error:
        raise _UnreadableCellError(got_expected(value, error.accepted_message)) from None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


# "12,500.5" and "1,234 t": commas only between groups of three digits.
_GROUPED = re.compile(r"\s*([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?)(.*)", re.DOTALL)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _text(value: object) -> str | None:
    """A text cell trimmed (None when empty); numbers as their exact decimal text."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if _is_number(value):
        return _number_text(value)
    if isinstance(value, dt.datetime | dt.date):
        raise _UnreadableCellError(DATE_NOT_TEXT(date=value.isoformat()))
    raise _UnreadableCellError(got_expected(value, phrase(_TEXT)))


def _amount(value: object, unit: str | None, *, reo: bool) -> str | None:
    """A quantity cell (and the row's unit) as the quantity text the loader reads."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if _is_number(value):
        number = _number_text(value)
    elif isinstance(value, str):
        text = value.strip()
        grouped = _GROUPED.fullmatch(text) if "," in text else None
        if grouped is not None:  # thousands separators: "12,500.5 t"
            text = grouped.group(1).replace(",", "") + grouped.group(2)
        if _PLAIN_NUMBER.fullmatch(text) is None:
            return text  # a quantity with its unit, read by the library's parser
        number = text
    else:
        raise _UnreadableCellError(got_expected(value, phrase(_QUANTITY)))
    if unit is None:
        raise _UnreadableCellError(NO_UNIT(number=str(number)))
    if reo and "REO" not in unit:
        return f"{number} {unit} REO"
    return f"{number} {unit}"


# Excel's 1900 date system counts a 29 February 1900 that never was (serial 60), so a
# date cell before 1 March 1900 cannot be read with certainty.
_FIRST_CERTAIN_DAY = dt.date(1900, 3, 1)


def _date_cell(value: dt.date) -> dt.date:
    day = value.date() if isinstance(value, dt.datetime) else value
    if day < _FIRST_CERTAIN_DAY:
        raise _UnreadableCellError(EARLY_DATE(date=day.isoformat()))
    return day


def _month(value: object) -> Month:
    if isinstance(value, dt.datetime | dt.date):
        _date_cell(value)
        if value.day != 1 or (isinstance(value, dt.datetime) and value.time() != dt.time()):
            raise _UnreadableCellError(DATE_NOT_MONTH(date=value.isoformat()))
        return Month(value.year, value.month)
    text = _text(value)
    if text is None:
        raise _UnreadableCellError(EMPTY_MONTH())
    try:
        return Month.parse(text.replace("/", "-"))
    except InvalidInputError as error:
        raise _UnreadableCellError(got_expected(text, error.accepted_message)) from None


_SLASHED_DATE = re.compile(r"([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})")
_CJK_DATE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        raise _UnreadableCellError(DATE_TIME(value=value.isoformat()))
    if isinstance(value, dt.date):
        return _date_cell(value).isoformat()
    if _is_number(value):
        raise _UnreadableCellError(NUMBER_NOT_DATE(number=short_repr(value)))
    text = _text(value)
    if text is None:
        return None
    match = _SLASHED_DATE.fullmatch(text) or _CJK_DATE.fullmatch(text)
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text  # the loader reads YYYY-MM-DD and names anything else


def _timestamp(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        raise _UnreadableCellError(NAIVE_CELL(value=value.isoformat()))
    return _text(value)


_DIGITS = re.compile(r"[0-9]+")


def _revision(value: object) -> int:
    """A revision cell: a whole number from 1 (an empty cell is the first entry, 1)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 1
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)  # a whole number Excel stored as a float
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        number = int(value)
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None or not 1 <= number <= MAX_REVISION:
        raise _UnreadableCellError(got_expected(value, REVISION_RANGE(highest=MAX_REVISION)))
    return number


def _member(aliases: Mapping[str, Any], values: Iterable[str]) -> Any:
    """A converter for an enumerated column: canonical values, any case, or Chinese terms."""
    accepted = {value: value for value in values}
    accepted |= {text: str(member.value) for text, member in aliases.items()}
    listing = ", ".join(dict.fromkeys(accepted.values()))

    def convert(value: object) -> str | None:
        text = _text(value)
        if text is None:
            return None
        found = accepted.get(text) or accepted.get(text.lower())
        if found is None:
            raise _UnreadableCellError(got_expected(text, one_of(listing)))
        return found

    return convert


def _reference(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an invoice number Excel stored as a number
    return _text(value)


_LIST_SEPARATORS = re.compile(r"[,;，；、\s]+")


def _list(value: object, aliases: Mapping[str, Any] | None = None) -> list[str]:
    text = _text(value)
    if text is None:
        return []
    items = [item for item in _LIST_SEPARATORS.split(text) if item]
    if aliases is None:
        return items
    return [str(aliases[item].value) if item in aliases else item for item in items]


# --- locations ----------------------------------------------------------------------------


@attrs.frozen
class ImportedReport:
    """A report read from a table, with where each of its lines came from."""

    report: FlowReport
    file: str
    sheet: str | None
    rows: tuple[int, ...]

    def location(self, subject: str) -> str:
        """Where the subject of a finding (``$.lines[3]``, ``$``) is in the table.

        >>> # see FlowImport.location
        """
        return str(self.place(subject))

    def place(self, subject: str) -> Message | str:
        """:meth:`location` as a message, to render in English or Chinese."""
        match = _LINE_PATH.match(subject)
        where: Message | str = self.file
        if self.sheet is not None:
            where = COMMA(first=where, rest=_SHEET(sheet=self.sheet))
        if match is None:
            return where
        index = int(match.group(1))
        if index >= len(self.rows):
            return where
        return COMMA(first=where, rest=_ROW(row=self.rows[index]))


@attrs.frozen
class FlowImport:
    """The result of :func:`read_flows`: the reports, in order of first appearance."""

    imported: tuple[ImportedReport, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def reports(self) -> tuple[FlowReport, ...]:
        """The reports, one per enterprise, month and revision."""
        return tuple(item.report for item in self.imported)

    def location(self, report_id: str | None, subject: str) -> str | None:
        """Where a finding's subject is in the table (None for a report not read here)."""
        for item in self.imported:
            if item.report.report_id == report_id:
                return item.location(subject)
        return None


_LINE_PATH = re.compile(r"\$\.lines\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?")


# --- the tables ---------------------------------------------------------------------------


def _sheets(
    source: str | Path,
    table: Table,
    *,
    required: bool,
    opened: dict[Path, Any],
    encoding: str | None = None,
) -> Sheet | None:
    """The sheet of ``table`` in ``source``; workbooks stay open in ``opened``."""
    path = Path(source)
    file = str(path)
    if _is_workbook(path):
        workbook = opened.get(path)
        if workbook is None:
            workbook = opened[path] = open_workbook(path, name=file)
        worksheet = find_worksheet(workbook, table, file=file, required=required)
        if worksheet is None:
            return None
        sheet = worksheet_sheet(worksheet, file=file, table=table)
        opened[Path(f"{path}#{table.name}")] = sheet.rows  # closed with the workbook
        return sheet
    return read_csv(path, table=table, name=file, encoding=encoding)


def _is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".xlsx", ".xlsm")


def _close(opened: dict[Path, Any]) -> None:
    # The sheets' row readers first: each holds a file of the workbook open.
    for reader in sorted(opened.values(), key=lambda item: not hasattr(item, "gi_frame")):
        reader.close()


def _cell(cells: Sequence[Any], position: int | None) -> Any:
    if position is None or position >= len(cells):
        return None
    return cells[position]


def _positions(sheet: Sheet, table: Table) -> dict[str, int | None]:
    return {
        column.name: sheet.columns[column.name][0] if column.name in sheet.columns else None
        for column in table.columns
    }


def _product_rows(sheet: Sheet, errors: list[FieldError]) -> dict[str, dict[str, Any]]:
    at = _positions(sheet, PRODUCTS)
    products: dict[str, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    for number, cells in sheet.rows:
        document: dict[str, Any] = {}
        key: str | None = None
        bad = False
        for column, convert in (
            ("key", _text),
            ("name", _text),
            ("product_class", _member(PRODUCT_CLASS_ZH, (c.value for c in ProductClass))),
            ("form", _text),
            ("elements", _list),
            ("ore_type", _member(ORE_TYPE_ZH, (o.value for o in OreType))),
            ("reo_fraction", _fraction),
            ("customs_code", _reference),
        ):
            try:
                value = convert(_cell(cells, at[column]))
            except _UnreadableCellError as problem:
                errors.append(sheet.error(number, column, problem.message))
                bad = True
                continue
            if column == "key":
                key = value if isinstance(value, str) else None
            elif value not in (None, []):
                document[column] = value
        if key is None:
            errors.append(sheet.error(number, "key", EMPTY_KEY()))
            continue
        if key in first_row:
            errors.append(sheet.error(number, "key", KEY_USED(key=repr(key), row=first_row[key])))
            continue
        first_row[key] = number
        if bad:
            continue
        try:
            Product(**document)
        except TypeError:
            errors.append(sheet.error(number, "name", EMPTY_NAME()))
            continue
        except InvalidInputError as error:
            column = error.field.split("[")[0].split(".")[0]
            errors.append(sheet.error(number, column if column in at else None, _message(error)))
            continue
        products[key] = document
    return products


def _fraction(value: object) -> str | None:
    if _is_number(value):
        return _number_text(value)
    return _text(value)


def _message(error: InvalidInputError) -> Message:
    # What is wrong, without the field name: the cell's location says where.
    return error.reason


def _enterprise_rows(
    sheet: Sheet, errors: list[FieldError]
) -> dict[str, tuple[int, dict[str, Any]]]:
    at = _positions(sheet, ENTERPRISE)
    enterprises: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, cells in sheet.rows:
        document: dict[str, Any] = {}
        bad = False
        for column, convert in (
            ("uscc", _text),
            ("name", _text),
            ("activities", lambda value: _list(value, ACTIVITY_ZH)),
            ("group", _text),
        ):
            try:
                value = convert(_cell(cells, at[column]))
            except _UnreadableCellError as problem:
                errors.append(sheet.error(number, column, problem.message))
                bad = True
                continue
            if value is not None:
                document[column] = value
        if bad:
            continue
        try:
            enterprise = Enterprise(**document)
        except TypeError:
            missing = next(name for name in ("uscc", "name") if name not in document)
            errors.append(sheet.error(number, missing, EMPTY_VALUE()))
            continue
        except InvalidInputError as error:
            column = error.field.split("[")[0]
            errors.append(sheet.error(number, column if column in at else None, _message(error)))
            continue
        if enterprise.uscc in enterprises:
            errors.append(
                sheet.error(
                    number,
                    "uscc",
                    ENTERPRISE_TWICE(uscc=enterprise.uscc, row=enterprises[enterprise.uscc][0]),
                )
            )
            continue
        document["uscc"] = enterprise.uscc
        document["activities"] = sorted(activity.value for activity in enterprise.activities)
        enterprises[enterprise.uscc] = (number, document)
    return enterprises


def read_products(source: str | Path, *, encoding: str | None = None) -> Mapping[str, Product]:
    """Read a product master table (CSV, or the products sheet of a workbook).

    Returns the products by key. Every bad cell is reported in one
    :class:`~rare_earth_regs.exceptions.InvalidTableError`.
    """
    errors: list[FieldError] = []
    opened: dict[Path, Any] = {}
    try:
        sheet = _sheets(source, PRODUCTS, required=True, opened=opened, encoding=encoding)
        assert sheet is not None
        documents = _product_rows(sheet, errors)
    finally:
        _close(opened)
    if errors:
        raise InvalidTableError(errors, source=sheet.file)
    return {key: Product(**document) for key, document in documents.items()}


def read_enterprises(
    source: str | Path, *, encoding: str | None = None
) -> Mapping[str, Enterprise]:
    """Read an enterprise table (CSV, or the enterprise sheet of a workbook), by USCC."""
    errors: list[FieldError] = []
    opened: dict[Path, Any] = {}
    try:
        sheet = _sheets(source, ENTERPRISE, required=True, opened=opened, encoding=encoding)
        assert sheet is not None
        documents = _enterprise_rows(sheet, errors)
    finally:
        _close(opened)
    if errors:
        raise InvalidTableError(errors, source=sheet.file)
    return {uscc: Enterprise(**document) for uscc, (_, document) in documents.items()}


# The flow columns that become keys of a line document, with their converters.
_LINE_FIELDS: tuple[tuple[str, str, Any], ...] = (
    ("direction", "direction", _member(DIRECTION_ZH, (d.value for d in FlowDirection))),
    ("product", "product", _text),
    ("origin", "origin", _member(ORIGIN_ZH, (o.value for o in FeedstockOrigin))),
    ("ore_type", "ore_type", _member(ORE_TYPE_ZH, (o.value for o in OreType))),
    ("date", "date", _date),
    ("invoice_number", "invoice_number", _reference),
    ("customs_declaration", "customs_declaration", _reference),
    ("licence_number", "licence_number", _reference),
)
_PARTY_FIELDS = (("counterparty_uscc", "uscc"), ("counterparty", "name"), ("country", "country"))
# A loader path below $.lines[i] -> the flow column it came from.
_COLUMN_OF_FIELD = {
    "direction": "direction",
    "product": "product",
    "quantity": "quantity",
    "reo": "reo",
    "origin": "origin",
    "ore_type": "ore_type",
    "date": "date",
    "invoice_number": "invoice_number",
    "customs_declaration": "customs_declaration",
    "licence_number": "licence_number",
    "uscc": "counterparty_uscc",
    "name": "counterparty",
    "country": "country",
}


@attrs.define
class _Group:
    uscc: str
    month: Month
    revision: int
    rows: list[int] = attrs.Factory(list)
    lines: list[dict[str, Any]] = attrs.Factory(list)
    header: dict[str, tuple[int, str | None]] = attrs.Factory(dict)


def read_flows(
    flows: str | Path,
    *,
    products: str | Path | Mapping[str, Product] | None = None,
    enterprise: str | Path | Iterable[Enterprise] | None = None,
    encoding: str | None = None,
) -> FlowImport:
    """Read monthly flows from a CSV file or an ``.xlsx`` workbook into reports.

    ``flows`` holds the flows table; a workbook may also hold the products and
    enterprise tables (sheets ``products``/``产品`` and ``enterprise``/``企业``).
    ``products`` and ``enterprise`` give those tables from other files (CSV or
    ``.xlsx``) or as objects; given, they replace the workbook's sheets. The result
    holds one report per enterprise, month and revision (an empty or missing
    revision column is revision 1; policy P12), in the order of their first rows.

    Raises :class:`~rare_earth_regs.exceptions.InvalidTableError` listing every bad
    cell of every table, each with its file, sheet, row and column.
    """
    errors: list[FieldError] = []
    opened: dict[Path, Any] = {}
    try:
        sheet = _sheets(flows, FLOWS, required=True, opened=opened, encoding=encoding)
        assert sheet is not None
        catalogue = _catalogue(flows, products, errors, encoding, opened)
        firms = _firms(flows, enterprise, errors, encoding, opened)
        groups = _group_rows(sheet, catalogue, firms, errors)
    finally:
        _close(opened)
    imported: list[ImportedReport] = []
    for group in groups:
        _, enterprise_document = firms[group.uscc]
        document: dict[str, Any] = {
            "format": REPORT_FORMAT,
            "version": FORMAT_VERSION,
            "enterprise": enterprise_document,
            "month": str(group.month),
            "products": {
                key: catalogue[key]
                for key in dict.fromkeys(line["product"] for line in group.lines)
            },
            "lines": group.lines,
        }
        for field in ("submitted_at", "report_id"):
            if field in group.header:
                document[field] = group.header[field][1]
        if group.revision != 1:
            document["revision"] = group.revision
        try:
            report = report_from_dict(document, source=sheet.file)
        except InvalidDocumentError as error:
            errors.extend(_located(error, group, sheet))
            continue
        imported.append(ImportedReport(report, sheet.file, sheet.sheet, tuple(group.rows)))
    if errors:
        raise InvalidTableError(_in_order(errors), source=sheet.file)
    return FlowImport(tuple(imported), sheet.ignored)


def _in_order(errors: list[FieldError]) -> list[FieldError]:
    def key(error: FieldError) -> tuple[str, str, int]:
        if isinstance(error, CellError):
            return (error.file, error.sheet or "", error.row or 0)
        return ("", "", 0)

    return sorted(errors, key=key)


def _catalogue(
    flows: str | Path,
    products: str | Path | Mapping[str, Product] | None,
    errors: list[FieldError],
    encoding: str | None,
    opened: dict[Path, Any],
) -> dict[str, dict[str, Any]]:
    if isinstance(products, Mapping):
        return {key: _product_document(product) for key, product in products.items()}
    sheet = _side_table(
        flows,
        products,
        PRODUCTS,
        opened,
        encoding,
        missing=NO_PRODUCTS_TABLE(),
    )
    return _product_rows(sheet, errors)


def _side_table(
    flows: str | Path,
    given: str | Path | None,
    table: Table,
    opened: dict[Path, Any],
    encoding: str | None,
    *,
    missing: Message,
) -> Sheet:
    """The products or enterprise table: from its own file, else a sheet of the workbook."""
    if given is not None:
        sheet = _sheets(given, table, required=True, opened=opened, encoding=encoding)
    elif _is_workbook(flows):
        sheet = _sheets(flows, table, required=False, opened=opened)
    else:
        sheet = None
    if sheet is None:
        raise InvalidTableError(
            [CellError(str(flows), None, None, None, missing)], source=str(flows)
        )
    return sheet


def _product_document(product: Product) -> dict[str, Any]:
    document: dict[str, Any] = {
        "name": product.name,
        "product_class": product.product_class.value,
    }
    if product.form:
        document["form"] = product.form
    if product.elements:
        document["elements"] = [element.symbol for element in product.sorted_elements]
    if product.reo_fraction is not None:
        document["reo_fraction"] = str(product.reo_fraction)
    if product.customs_code is not None:
        document["customs_code"] = product.customs_code
    if product.ore_type is not None:
        document["ore_type"] = product.ore_type.value
    return document


def _enterprise_document(enterprise: Enterprise) -> dict[str, Any]:
    document: dict[str, Any] = {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "activities": sorted(activity.value for activity in enterprise.activities),
    }
    if enterprise.group is not None:
        document["group"] = enterprise.group
    return document


def _firms(
    flows: str | Path,
    enterprise: str | Path | Iterable[Enterprise] | None,
    errors: list[FieldError],
    encoding: str | None,
    opened: dict[Path, Any],
) -> dict[str, tuple[int, dict[str, Any]]]:
    if enterprise is not None and not isinstance(enterprise, str | Path):
        return {firm.uscc: (0, _enterprise_document(firm)) for firm in enterprise}
    sheet = _side_table(
        flows,
        enterprise,
        ENTERPRISE,
        opened,
        encoding,
        missing=NO_ENTERPRISE_TABLE(),
    )
    return _enterprise_rows(sheet, errors)


_MISSING: Any = object()
# Columns whose values rarely repeat: not worth remembering.
_UNIQUE_COLUMNS = frozenset({"invoice_number", "customs_declaration", "licence_number"})
# A column's remembered conversions stop growing here (dates, months and products repeat;
# invoice numbers do not, and are not remembered).
_MEMO_LIMIT = 4096


class _Memo:
    """A column's converter that remembers its result for each cell value it has seen."""

    __slots__ = ("convert", "known")

    def __init__(self, convert: Any) -> None:
        self.convert = convert
        self.known: dict[tuple[type, object], Any] = {}

    def __call__(self, raw: object) -> Any:
        # Keyed by type too: True, 1 and 1.0 are equal keys of a dict but different cells.
        key = (type(raw), raw)
        found = self.known.get(key, _MISSING)
        if found is _MISSING:
            found = self.convert(raw)  # a bad cell raises and is not remembered
            if len(self.known) < _MEMO_LIMIT:
                self.known[key] = found
        return found


class _RowReader:
    """Turns flow rows into line documents grouped by enterprise and month.

    Each column's position and converter are looked up once. Every row is padded to
    the header's width and given one more empty cell at its end, which a missing
    column reads (position -1).
    """

    def __init__(
        self,
        sheet: Sheet,
        catalogue: Mapping[str, dict[str, Any]],
        firms: Mapping[str, tuple[int, dict[str, Any]]],
        errors: list[FieldError],
    ) -> None:
        at = _positions(sheet, FLOWS)
        self.width = 1 + max(position for position in at.values() if position is not None)
        self.at = {name: -1 if position is None else position for name, position in at.items()}
        self.sheet, self.catalogue, self.firms, self.errors = sheet, catalogue, firms, errors
        self.only_firm = next(iter(firms)) if len(firms) == 1 else None
        self.has_enterprise = at["enterprise"] is not None
        self.line_fields = [
            (
                key,
                self.at[column],
                convert if column in _UNIQUE_COLUMNS else _Memo(convert),
                column,
            )
            for column, key, convert in _LINE_FIELDS
            if at[column] is not None
        ]
        self.party_fields = [
            (key, self.at[column], column)
            for column, key in _PARTY_FIELDS
            if at[column] is not None
        ]
        self.header_fields = [
            name for name in ("submitted_at", "report_id") if at[name] is not None
        ]
        self.month_of = _Memo(_month)
        self.revision_of = _Memo(_revision)
        self.unit_of = _Memo(_text)
        self.enterprise_of = _Memo(lambda raw: _enterprise_of(raw, firms))
        self.groups: dict[tuple[str, Month, int], _Group] = {}

    def fail(self, number: int, column: str, message: str | Message) -> None:
        self.errors.append(self.sheet.error(number, column, message))

    def read(self) -> list[_Group]:
        if not self.has_enterprise and self.only_firm is None:
            self.errors.append(
                self.sheet.error(
                    self.sheet.header_row,
                    None,
                    NO_ENTERPRISE_COLUMN(count=len(self.firms)),
                )
            )
            return []
        padding = (None,) * (self.width + 1)
        width = self.width
        for number, cells in self.sheet.rows:
            short = width - len(cells)
            self.row(number, (*cells, *padding[: short + 1]) if short > 0 else (*cells, None))
        return list(self.groups.values())

    def row(self, number: int, cells: Sequence[Any]) -> None:
        at, fail = self.at, self.fail
        bad = False
        month: Month | None = None
        try:
            month = self.month_of(cells[at["month"]])
        except _UnreadableCellError as problem:
            fail(number, "month", problem.message)
            bad = True
        revision = 1
        try:
            revision = self.revision_of(cells[at["revision"]])
        except _UnreadableCellError as problem:
            fail(number, "revision", problem.message)
            bad = True
        uscc = self.uscc(number, cells[at["enterprise"]])
        line: dict[str, Any] = {}
        for key, position, convert, column in self.line_fields:
            raw = cells[position]
            if raw is None or raw == "":
                continue
            try:
                value = convert(raw)
            except _UnreadableCellError as problem:
                fail(number, column, problem.message)
                bad = True
                continue
            if value is not None:
                line[key] = value
        bad = not self.amounts(number, cells, line) or bad
        bad = not self.required(number, line, month, bad) or bad
        if self.party_fields:
            bad = not self.party(number, cells, line) or bad
        header = self.header(number, cells)
        if header is None or bad or uscc is None or month is None:
            self.errors.extend(_quantity_errors(line, number, self.sheet))
            return
        # One report per enterprise, month and revision (policy P12): a correction in the
        # same table is a report of its own, and the filings decide which one counts.
        group = self.groups.get((uscc, month, revision))
        if group is None:
            group = self.groups[(uscc, month, revision)] = _Group(uscc, month, revision)
        if header:
            self.agree(number, group, header)
        group.rows.append(number)
        group.lines.append(line)

    def uscc(self, number: int, raw: object) -> str | None:
        if (raw is None or raw == "") and self.only_firm is not None:
            return self.only_firm
        found: str | None = self.enterprise_of(raw)
        if found is None:
            self.fail(
                number,
                "enterprise",
                f"got {short_repr(raw)}; expected the USCC of an enterprise in the enterprise "
                "table",
            )
        return found

    def amounts(self, number: int, cells: Sequence[Any], line: dict[str, Any]) -> bool:
        at = self.at
        ok = True
        unit = None
        try:
            unit = self.unit_of(cells[at["unit"]])
        except _UnreadableCellError as problem:
            self.fail(number, "unit", problem.message)
            ok = False
        for key in ("quantity", "reo"):
            try:
                amount = _amount(cells[at[key]], unit, reo=key == "reo")
            except _UnreadableCellError as problem:
                self.fail(number, key, problem.message)
                ok = False
                continue
            if amount is not None:
                line[key] = amount
        return ok

    def required(self, number: int, line: dict[str, Any], month: Month | None, bad: bool) -> bool:
        ok = True
        text = line.get("date")
        day = None if text is None else iso_date(text)
        if (
            day is not None
            and month is not None
            and (day.year != month.year or day.month != month.month)
        ):
            self.fail(number, "date", f"got {text!r}; expected a day in {month}")
            ok = False
        if "quantity" not in line and not bad:
            self.fail(number, "quantity", "empty; expected a quantity such as '12.5 t'")
            ok = False
        if "direction" not in line and not bad:
            self.fail(number, "direction", "empty; expected the kind of movement")
            ok = False
        product = line.get("product")
        if product is None:
            self.fail(number, "product", "empty; expected a key of the products table")
            ok = False
        elif product not in self.catalogue:
            self.fail(number, "product", f"got {product!r}; expected a key of the products table")
            ok = False
        return ok

    def party(self, number: int, cells: Sequence[Any], line: dict[str, Any]) -> bool:
        ok = True
        party: dict[str, str] = {}
        for key, position, column in self.party_fields:
            try:
                text = _text(cells[position])
            except _UnreadableCellError as problem:
                self.fail(number, column, problem.message)
                ok = False
                continue
            if text is not None:
                party[key] = text
        if party:
            line["counterparty"] = party
        return ok

    def header(self, number: int, cells: Sequence[Any]) -> dict[str, str | None] | None:
        """The report-level cells of a row (None when one is unreadable)."""
        header: dict[str, str | None] = {}
        ok = True
        for name in self.header_fields:
            try:
                header[name] = _timestamp(cells[self.at[name]])
            except _UnreadableCellError as problem:
                self.fail(number, name, problem.message)
                ok = False
        return header if ok else None

    def agree(self, number: int, group: _Group, header: dict[str, str | None]) -> None:
        for name, value in header.items():
            seen = group.header.get(name)
            if seen is None:
                group.header[name] = (number, value)
            elif seen[1] != value:
                self.fail(
                    number,
                    name,
                    NOT_AS_ON_ROW(got=short_repr(value), expected=short_repr(seen[1]), row=seen[0]),
                )


def _group_rows(
    sheet: Sheet,
    catalogue: Mapping[str, dict[str, Any]],
    firms: Mapping[str, tuple[int, dict[str, Any]]],
    errors: list[FieldError],
) -> list[_Group]:
    return _RowReader(sheet, catalogue, firms, errors).read()


def _quantity_errors(line: dict[str, Any], number: int, sheet: Sheet) -> Iterator[CellError]:
    """The quantity errors of a row that is not sent to the loader for another error."""
    for key in ("quantity", "reo"):
        if key in line:
            try:
                parse_tonnage(line[key], field=key)
            except InvalidInputError as error:
                yield sheet.error(number, key, _message(error))


def _enterprise_of(raw: object, firms: Mapping[str, Any]) -> str | None:
    try:
        text = _text(raw)
        uscc = None if text is None else validate_uscc(text)
    except (_UnreadableCellError, InvalidInputError):
        return None
    return uscc if uscc in firms else None


def _located(error: InvalidDocumentError, group: _Group, sheet: Sheet) -> Iterator[CellError]:
    first = group.rows[0] if group.rows else None
    for field_error in error.errors:
        match = _LINE_PATH.fullmatch(field_error.path) or _LINE_PATH.match(field_error.path)
        if match is not None:
            index = int(match.group(1))
            row = group.rows[index] if index < len(group.rows) else first
            field = match.group(3) or match.group(2)
            column: str | None
            if field == "counterparty" or (
                match.group(2) == "counterparty" and match.group(3) is None
            ):
                column = next(
                    (name for name, _ in _PARTY_FIELDS if name in sheet.columns), "counterparty"
                )
            else:
                column = _COLUMN_OF_FIELD.get(field or "")
            yield sheet.error(row, column, field_error.detail)
            continue
        name = field_error.path.removeprefix("$.").split(".")[0].split("[")[0]
        header_column = name if name in ("month", "submitted_at", "report_id", "revision") else None
        yield sheet.error(
            first,
            header_column,
            field_error.detail
            if header_column is not None
            else PATH_REASON(path=field_error.path, reason=field_error.detail),
        )


# --- reports to rows ------------------------------------------------------------------------


def report_rows(
    reports: Sequence[FlowReport],
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The flow rows, the product table and the enterprise table of ``reports``.

    Rows are dicts keyed by canonical column names, values as exact text; reading
    them back gives equal reports (a report with no lines has no rows).
    """
    product_keys: dict[Product, str] = {}
    used: set[str] = set()
    flows: list[dict[str, Any]] = []
    products: dict[str, dict[str, Any]] = {}
    enterprises: dict[str, dict[str, Any]] = {}
    for report in reports:
        document = report_to_dict(report)
        enterprises.setdefault(report.enterprise.uscc, _enterprise_document(report.enterprise))
        local: dict[str, str] = {}
        for line_object, line in zip(report.lines, document["lines"], strict=True):
            if line["product"] in local:
                continue
            product = line_object.product
            known = product_keys.get(product)
            if known is None:
                base = known = line["product"]
                number = 2
                while known in used:
                    known, number = f"{base}-{number}", number + 1
                product_keys[product] = known
                used.add(known)
                products[known] = _product_document(product)
            local[line["product"]] = known
        for line in document["lines"]:
            party = line.get("counterparty") or {}
            row = {
                "enterprise": report.enterprise.uscc,
                "month": document["month"],
                "direction": line["direction"],
                "product": local[line["product"]],
                "quantity": line["quantity"],
                "reo": line.get("reo"),
                "origin": line.get("origin"),
                "ore_type": line.get("ore_type"),
                "date": line.get("date"),
                "counterparty_uscc": party.get("uscc"),
                "counterparty": party.get("name"),
                "country": party.get("country"),
                "invoice_number": line.get("invoice_number"),
                "customs_declaration": line.get("customs_declaration"),
                "licence_number": line.get("licence_number"),
                "submitted_at": document["submitted_at"],
                "report_id": document["report_id"],
                "revision": str(report.revision),
            }
            flows.append(row)
    return flows, products, list(enterprises.values())
