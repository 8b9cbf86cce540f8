"""Reading CSV files and ``.xlsx`` workbooks into rows of cells, located as the user sees them.

CSV is read with the standard library: UTF-8 with or without a byte order mark,
UTF-16 with a byte order mark (Excel's "Unicode text"), or GB18030 (what Chinese
Excel writes by default), separated by commas, semicolons or tabs (the separator
that finds the header row wins). Workbooks are read with openpyxl (the ``excel``
extra), in read-only mode with the values Excel last calculated.

The header row is the first of the first :data:`HEADER_SEARCH_ROWS` rows that holds
every required column of the table, so title rows above it are skipped. Columns with
headers the layout does not know are ignored (:attr:`Sheet.ignored` lists them);
rows whose cells are all empty are skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from rare_earth_regs.exceptions import CellError, InvalidInputError, InvalidTableError, os_reason
from rare_earth_regs.locale import N_, Message, define, phrase
from rare_earth_regs.tabular.layout import Column, Table, header_key

_BOM_BUT = N_("it starts with a UTF-8 byte order mark but")
NOT_ENCODING = define("table.not-encoding", "not {encoding}")
NEITHER = define("table.neither-utf8-nor-gb18030", "neither UTF-8 nor GB18030")
CANNOT_DECODE = define(
    "table.cannot-decode",
    "cannot read the text: {what} (byte 0x{byte} at offset {offset}); save it as 'CSV UTF-8' "
    "or pass the encoding",
)
SAME_COLUMN_TWICE = define("table.same-column-twice", "the same column twice: {pair}")
NO_HEADER = define(
    "table.no-header-row", "no header row in the first {rows} rows naming the columns {columns}"
)
EMPTY_TABLE = define(
    "table.empty",
    "the {table} table is empty: expected a header row with the columns {columns}",
)
CANNOT_READ = define("error.cannot-read", "{file}: cannot read: {problem}")
NOT_XLSX = define("table.not-xlsx", "not an .xlsx workbook ({problem})")
NO_SHEET = define("table.no-sheet", "no sheet named {names}; it has {present}")

__all__ = [
    "CSV_ENCODINGS",
    "HEADER_SEARCH_ROWS",
    "Sheet",
    "open_workbook",
    "read_csv",
    "read_sheet",
    "require_openpyxl",
]

#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 20

#: The encodings a CSV file is tried in, in order, when none is given.
CSV_ENCODINGS = ("utf-8", "gb18030")

_DELIMITERS = (",", ";", "\t")


@attrs.frozen
class Sheet:
    """One table's rows, with the columns found in its header row.

    ``columns`` maps each canonical column name to its position and its header as
    written; ``rows`` yields ``(row number, cells)`` for the rows below the header
    that are not empty. ``sheet`` is None for a CSV file.
    """

    file: str
    sheet: str | None
    table: Table
    header_row: int
    columns: dict[str, tuple[int, str]]
    ignored: tuple[str, ...]
    rows: Iterator[tuple[int, Sequence[Any]]]

    def error(self, row: int | None, column: str | None, message: str | Message) -> CellError:
        """A :class:`CellError` at ``row`` and the column named ``column`` (canonical name)."""
        header = None if column is None else self.columns.get(column, (0, column))[1]
        return CellError(self.file, self.sheet, row, header, message)


def require_openpyxl() -> Any:
    """Import openpyxl, or explain which extra to install."""
    try:
        import openpyxl  # noqa: PLC0415 - optional dependency, imported when asked for
    except ImportError:  # pragma: no cover - the test extra installs it
        raise InvalidInputError(
            "reading or writing .xlsx needs openpyxl: pip install 'rare-earth-regs[excel]'",
            field="format",
            value="xlsx",
            accepted="csv, or install the 'excel' extra",
        ) from None
    return openpyxl


def _decode(data: bytes, file: str, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InvalidInputError(
                field="encoding", value=encoding, accepted="an encoding Python knows"
            ) from None
        except UnicodeDecodeError as error:
            raise _encoding_error(file, NOT_ENCODING(encoding=encoding), error) from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise _encoding_error(file, phrase(_BOM_BUT), error) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _encoding_error(file, NOT_ENCODING(encoding="UTF-16"), error) from None
    failure: UnicodeDecodeError | None = None
    for candidate in CSV_ENCODINGS:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError as error:
            failure = failure or error
    assert failure is not None
    raise _encoding_error(file, NEITHER(), failure)


def _encoding_error(file: str, what: Message | str, error: UnicodeDecodeError) -> InvalidTableError:
    byte = error.object[error.start : error.start + 1].hex()
    return InvalidTableError(
        [
            CellError(
                file,
                None,
                None,
                None,
                CANNOT_DECODE(what=what, byte=byte, offset=error.start),
            )
        ],
        source=file,
    )


def _match_header(
    cells: Sequence[Any], table: Table
) -> tuple[dict[str, tuple[int, str]], list[str], list[str]]:
    """The columns a row names, the headers it does not know, and duplicated columns."""
    index = table.by_header
    found: dict[str, tuple[int, str]] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for position, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        column = index.get(header_key(cell))
        if column is None:
            unknown.append(cell.strip())
        elif column.name in found:
            duplicated.append(f"{found[column.name][1]!r} and {cell.strip()!r}")
        else:
            found[column.name] = (position, cell.strip())
    return found, unknown, duplicated


def _has_required(found: dict[str, tuple[int, str]], table: Table) -> bool:
    return all(column.name in found for column in table.required)


def _describe_required(table: Table) -> str:
    return ", ".join(f"{column.name} ({column.zh})" for column in table.required)


def _is_empty(cells: Sequence[Any]) -> bool:
    for cell in cells:  # a row's first cell is usually filled: return at once
        if cell is None or cell == "" or (type(cell) is str and not cell.strip()):
            continue
        return False
    return True


def read_sheet(
    rows: Iterator[Sequence[Any]], *, file: str, sheet: str | None, table: Table
) -> Sheet:
    """Find the header row of ``rows`` and return the :class:`Sheet` below it.

    Raises :class:`~rare_earth_regs.exceptions.InvalidTableError` when no row of the
    first :data:`HEADER_SEARCH_ROWS` names every required column, or a column is named
    twice.
    """
    try:
        return _find_header(rows, file=file, sheet=sheet, table=table)
    except BaseException:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
        raise


def _find_header(
    rows: Iterator[Sequence[Any]], *, file: str, sheet: str | None, table: Table
) -> Sheet:
    seen_any = False
    for number, cells in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        if _is_empty(cells):
            continue
        seen_any = True
        found, unknown, duplicated = _match_header(cells, table)
        if duplicated:
            raise InvalidTableError(
                [
                    CellError(file, sheet, number, None, SAME_COLUMN_TWICE(pair=pair))
                    for pair in duplicated
                ],
                source=file,
            )
        if _has_required(found, table):
            return Sheet(
                file=file,
                sheet=sheet,
                table=table,
                header_row=number,
                columns=found,
                ignored=tuple(unknown),
                rows=_data_rows(rows, number),
            )
    problem = (
        NO_HEADER(rows=HEADER_SEARCH_ROWS, columns=_describe_required(table))
        if seen_any
        else EMPTY_TABLE(table=table.name, columns=_describe_required(table))
    )
    raise InvalidTableError([CellError(file, sheet, None, None, problem)], source=file)


def _data_rows(
    rows: Iterator[Sequence[Any]], header_row: int
) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        for number, cells in enumerate(rows, start=header_row + 1):
            if not _is_empty(cells):
                yield number, cells
    finally:
        close = getattr(rows, "close", None)
        if close is not None:  # a worksheet's reader holds the workbook's file open
            close()


def read_csv(
    source: str | Path | bytes,
    *,
    table: Table,
    name: str | None = None,
    encoding: str | None = None,
) -> Sheet:
    """Read one table from a CSV file (a path, or the file's bytes with ``name``)."""
    if isinstance(source, bytes):
        data, file = source, name or "table.csv"
    else:
        path = Path(source)
        file = name or str(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InvalidInputError(
                CANNOT_READ(file=file, problem=os_reason(error)),
                field="path",
                value=file,
                accepted="a readable CSV file",
            ) from None
    text = _decode(data, file, encoding)
    best: tuple[int, str] | None = None
    head = text.splitlines()[:HEADER_SEARCH_ROWS]
    for delimiter in _DELIMITERS:
        for cells in csv.reader(head, delimiter=delimiter):
            found = _match_header(cells, table)[0]
            score = len(found) + (100 if _has_required(found, table) else 0)
            if best is None or score > best[0]:
                best = (score, delimiter)
    delimiter = _DELIMITERS[0] if best is None else best[1]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return read_sheet(reader, file=file, sheet=None, table=table)


def open_workbook(source: str | Path, *, name: str | None = None) -> Any:
    """Open an ``.xlsx`` workbook read-only, with the values Excel last calculated."""
    openpyxl = require_openpyxl()
    file = name or str(source)
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except OSError as error:
        raise InvalidInputError(
            CANNOT_READ(file=file, problem=os_reason(error)),
            field="path",
            value=file,
            accepted="a readable .xlsx workbook",
        ) from None
    except Exception as error:  # zipfile.BadZipFile, KeyError, openpyxl's own errors
        raise InvalidTableError(
            [CellError(file, None, None, None, NOT_XLSX(problem=str(error)))], source=file
        ) from None


def find_worksheet(workbook: Any, table: Table, *, file: str, required: bool) -> Any:
    """The worksheet holding ``table`` (by its sheet names), or the only sheet.

    With ``required`` and no such sheet, raises an error listing the sheet names
    accepted; without, returns None.
    """
    wanted = {header_key(name) for name in table.sheet_names}
    for worksheet in workbook.worksheets:
        if header_key(worksheet.title) in wanted:
            return worksheet
    if table.name == "flows" and len(workbook.worksheets) == 1:
        return workbook.worksheets[0]
    if not required:
        return None
    names = ", ".join(repr(title) for title in table.sheet_names[:2])
    present = ", ".join(repr(worksheet.title) for worksheet in workbook.worksheets)
    raise InvalidTableError(
        [CellError(file, None, None, None, NO_SHEET(names=names, present=present))],
        source=file,
    )


def worksheet_sheet(worksheet: Any, *, file: str, table: Table) -> Sheet:
    """Read ``table`` from an openpyxl worksheet."""
    return read_sheet(
        worksheet.iter_rows(values_only=True), file=file, sheet=worksheet.title, table=table
    )


def column_header(column: Column, sheet: Sheet) -> str:
    """The header ``column`` has in ``sheet`` (its canonical name when it is absent)."""
    return sheet.columns.get(column.name, (0, column.name))[1]
