"""Reading flows from CSV and .xlsx: encodings, separators, exact cells, located errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rare_earth_regs.exceptions import CellError, InvalidInputError, InvalidTableError
from rare_earth_regs.model.reports import FlowDirection
from rare_earth_regs.tabular import exact_number, read_enterprises, read_flows, read_products

from .helpers import USCC, csv_set, workbook

FLOWS_EN = "month,direction,product,quantity,origin,date\n"
ROW = "2025-09,produced,prnd-oxide,12.5 t,imported,2025-09-03\n"
FLOWS_ZH = "月份,流向,产品,数量,单位,来源,日期\n2025-09,生产,prnd-oxide,12.5,吨,进口,2025-09-03\n"


def read(paths: dict[str, Path]) -> list[object]:
    result = read_flows(paths["flows"], products=paths["products"], enterprise=paths["enterprise"])
    return list(result.reports)


def grams(paths: dict[str, Path]) -> list[int]:
    (report,) = read(paths)
    return [line.quantity.grams for line in report.lines]  # type: ignore[attr-defined]


# --- encodings and separators --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FLOWS_EN + ROW, "utf-8"),
        (FLOWS_EN + ROW, "utf-8-sig"),
        (FLOWS_EN + ROW, "utf-16"),
        (FLOWS_EN.replace(",", ";") + ROW.replace(",", ";"), "utf-8"),
        (FLOWS_EN.replace(",", "\t") + ROW.replace(",", "\t"), "gb18030"),
    ],
)
def test_csv_encodings_and_separators(tmp_path: Path, text: str, encoding: str) -> None:
    assert grams(csv_set(tmp_path, text, encoding)) == [12_500_000]


def test_gb18030_with_chinese_headers_and_terms(tmp_path: Path) -> None:
    zh = FLOWS_ZH.replace("吨", "t")
    (report,) = read(csv_set(tmp_path, zh, "gb18030"))
    (line,) = report.lines  # type: ignore[attr-defined]
    assert line.direction is FlowDirection.PRODUCED
    assert line.origin.value == "imported"
    assert line.quantity.grams == 12_500_000


def test_unreadable_encoding_is_named(tmp_path: Path) -> None:
    text = "month,direction,product,quantity\n2025-09,produced,café,1 t\n"
    paths = csv_set(tmp_path, text, "latin-1")
    with pytest.raises(InvalidTableError, match=r"neither UTF-8 nor GB18030 \(byte 0xe9"):
        read(paths)


def test_given_encoding_that_fails_is_named(tmp_path: Path) -> None:
    paths = csv_set(tmp_path, FLOWS_ZH, "utf-8")
    with pytest.raises(InvalidTableError, match="not ascii"):
        read_flows(
            paths["flows"],
            products=paths["products"],
            enterprise=paths["enterprise"],
            encoding="ascii",
        )


# --- errors name the file, sheet, row and column; every bad cell at once ------------------


def test_every_bad_cell_in_one_error(tmp_path: Path) -> None:
    text = (
        "报告 flows export\n"  # a title row above the header
        "月份,流向,产品,数量,日期\n"
        "2025-09,produced,prnd-oxide,12.5 tons,2025-09-03\n"
        "2025-13,produced,prnd-oxide,-1 t,\n"
        "2025-09,melted,prnd-oxide,1 t,2025-10-01\n"
        "2025-09,sold,nope,1 t,\n"
    )
    with pytest.raises(InvalidTableError) as caught:
        read(csv_set(tmp_path, text))
    errors = caught.value.errors
    where = [(e.row, e.column) for e in errors if isinstance(e, CellError)]
    assert [row for row, _ in where] == [3, 4, 4, 5, 5, 6]  # in row order
    assert set(where) == {
        (3, "数量"),
        (4, "月份"),
        (4, "数量"),
        (5, "流向"),
        (5, "日期"),
        (6, "产品"),
    }
    message = str(caught.value)
    assert message.startswith("6 errors: ")
    assert f"{tmp_path / 'flows.csv'}, row 3, column 数量: got '12.5 tons'" in message
    assert isinstance(caught.value, ValueError)
    chinese = caught.value.message_in("zh")
    assert chinese.startswith("6 处错误：")
    csv = tmp_path / "flows.csv"
    assert f"{csv}、第 3 行、列 数量：收到 '12.5 tons'；单位 'tons' 有歧义" in chinese
    assert errors[0].message_in("zh").startswith(f"{tmp_path / 'flows.csv'}、第 3 行、列 数量：")


def test_xlsx_errors_name_the_sheet(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [["月份", "流向", "产品", "数量"], ["2025-09", "生产", "prnd-oxide", "12.5 tons"]],
        flows_title="流向",
    )
    with pytest.raises(InvalidTableError) as caught:
        read_flows(path)
    assert str(caught.value).startswith(f"{path}, sheet 流向, row 2, column 数量: got '12.5 tons'")
    assert caught.value.message_in("zh").startswith(
        f"{path}、工作表 流向、第 2 行、列 数量：收到 '12.5 tons'"
    )


def test_bad_product_and_enterprise_tables_are_located(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [["month", "direction", "product", "quantity"], ["2025-09", "sold", "a", "1 t"]],
        products=[
            ["key", "name", "product_class", "reo_fraction"],
            ["a", "A", "compound", "1.5"],
            ["a", "B", "oxide", ""],
        ],
        enterprise=[["uscc", "name", "activities"], ["91360700MA35HY0A12", "X", "mining"]],
    )
    with pytest.raises(InvalidTableError) as caught:
        read_flows(path)
    where = {(e.sheet, e.row, e.column) for e in caught.value.errors if isinstance(e, CellError)}
    assert ("products", 2, "reo_fraction") in where
    assert ("products", 3, "key") in where  # the key is used twice
    assert ("enterprise", 2, "uscc") in where


def test_row_level_rule_of_the_loader_is_mapped_back(tmp_path: Path) -> None:
    # A stated REO on a quantity already in REO: found by the model, reported at the cell.
    text = "month,direction,product,quantity,reo\n2025-09,sold,prnd-oxide,1 t REO,1 t REO\n"
    with pytest.raises(InvalidTableError) as caught:
        read(csv_set(tmp_path, text))
    (error,) = caught.value.errors
    assert isinstance(error, CellError)
    assert (error.row, error.column) == (2, "reo")


def test_values_that_must_agree_within_a_month(tmp_path: Path) -> None:
    text = (
        "month,direction,product,quantity,submitted_at\n"
        "2025-09,sold,prnd-oxide,1 t,2025-10-09T10:00:00+08:00\n"
        "2025-09,sold,prnd-oxide,1 t,2025-10-10T10:00:00+08:00\n"
    )
    with pytest.raises(InvalidTableError, match=r"row 3, column submitted_at: .* as on row 2"):
        read(csv_set(tmp_path, text))


def test_missing_products_table_is_explained(tmp_path: Path) -> None:
    paths = csv_set(tmp_path, FLOWS_EN + ROW)
    with pytest.raises(InvalidTableError, match="no products table"):
        read_flows(paths["flows"], enterprise=paths["enterprise"])


# --- exact cells --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        (12.345678, "t", 12_345_678),
        (0.000001, "t", 1),
        (1234567.123456, "t", 1_234_567_123_456),
        (999999999.999999, "t", 999_999_999_999_999),
        (3, "t", 3_000_000),
        (0.001, "kg", 1),
        (2.5, "t REO", 2_500_000),
    ],
)
def test_number_cells_are_exact_to_the_gram(
    tmp_path: Path, cell: float, unit: str, expected: int
) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity", "unit"],
            ["2025-09", "sold", "prnd-oxide", cell, unit],
        ],
    )
    (report,) = read_flows(path).reports
    assert report.lines[0].quantity.grams == expected


def test_a_float_needing_more_than_15_digits_is_refused(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity", "unit"],
            ["2025-09", "sold", "prnd-oxide", 1 / 3, "t"],
        ],
    )
    with pytest.raises(InvalidTableError, match="at most 15 significant digits"):
        read_flows(path)


def test_exact_number() -> None:
    assert exact_number(Decimal("1.10")) == Decimal("1.10")
    with pytest.raises(InvalidInputError):
        exact_number(True)
    with pytest.raises(InvalidInputError):
        exact_number(float("nan"))


def test_a_number_without_unit_is_refused(tmp_path: Path) -> None:
    text = "month,direction,product,quantity\n2025-09,sold,prnd-oxide,12.5\n"
    with pytest.raises(InvalidTableError, match="without a unit"):
        read(csv_set(tmp_path, text))


def test_stated_reo_number_takes_the_unit_as_reo(tmp_path: Path) -> None:
    text = "month,direction,product,quantity,unit,reo\n2025-09,sold,prnd-oxide,10,t,4.5\n"
    (report,) = read(csv_set(tmp_path, text))
    line = report.lines[0]  # type: ignore[attr-defined]
    assert (line.quantity.grams, line.reo.grams, line.reo.is_reo) == (10_000_000, 4_500_000, True)


def test_products_and_enterprises_alone(tmp_path: Path) -> None:
    paths = csv_set(tmp_path, FLOWS_EN + ROW)
    products = read_products(paths["products"])
    assert products["prnd-oxide"].reo_fraction == 1
    assert list(read_enterprises(paths["enterprise"])) == [USCC]


# --- junk ---------------------------------------------------------------------------------


def test_empty_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "flows.xlsx", [])
    with pytest.raises(InvalidTableError, match="sheet flows: the flows table is empty"):
        read_flows(path)


def test_empty_csv(tmp_path: Path) -> None:
    with pytest.raises(InvalidTableError, match="the flows table is empty"):
        read(csv_set(tmp_path, ""))


def test_header_row_below_titles_is_found_and_too_low_is_refused(tmp_path: Path) -> None:
    header = ["month", "direction", "product", "quantity"]
    row = ["2025-09", "sold", "prnd-oxide", "1 t"]
    titles = [["Example Co. flows"], [], ["exported 2025-10-02"]]
    path = workbook(tmp_path / "ok.xlsx", [*titles, header, row])
    assert len(read_flows(path).imported[0].rows) == 1
    assert read_flows(path).imported[0].rows == (5,)
    low = workbook(tmp_path / "low.xlsx", [["title"]] * 20 + [header, row])
    with pytest.raises(InvalidTableError, match="no header row in the first 20 rows"):
        read_flows(low)


def test_merged_cells_leave_the_other_rows_empty(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity"],
            ["2025-09", "sold", "prnd-oxide", "1 t"],
            [None, "sold", "prnd-oxide", "2 t"],
        ],
    )
    book = openpyxl.load_workbook(path)
    book["flows"].merge_cells("A2:A3")
    book.save(path)
    with pytest.raises(InvalidTableError, match="row 3, column month: empty"):
        read_flows(path)


def test_formula_without_a_stored_value(tmp_path: Path) -> None:
    # openpyxl writes formulas without a calculated value: the cell reads as empty.
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity", "unit"],
            ["2025-09", "sold", "prnd-oxide", "=1+2", "t"],
        ],
    )
    with pytest.raises(InvalidTableError, match="row 2, column quantity: empty"):
        read_flows(path)


def test_hidden_rows_are_read(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity"],
            ["2025-09", "sold", "prnd-oxide", "1 t"],
            ["2025-09", "sold", "prnd-oxide", "2 t"],
        ],
    )
    book = openpyxl.load_workbook(path)
    book["flows"].row_dimensions[3].hidden = True
    book.save(path)
    (report,) = read_flows(path).reports
    assert [line.quantity.grams for line in report.lines] == [1_000_000, 2_000_000]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,500.5 t", 12_500_500_000), ("1,234 kg", 1_234_000), ('"12,500"', None)],
)
def test_quantity_with_thousands_separators(
    tmp_path: Path, text: str, expected: int | None
) -> None:
    body = f'month,direction,product,quantity,unit\n2025-09,sold,prnd-oxide,"{text}",t\n'
    body = body.replace('""', '"') if text.startswith('"') else body
    if expected is None:  # "12,500" with the unit column
        assert grams(csv_set(tmp_path, body)) == [12_500_000_000]
    else:
        assert grams(csv_set(tmp_path, body)) == [expected]


def test_misgrouped_separator_is_refused(tmp_path: Path) -> None:
    body = 'month,direction,product,quantity\n2025-09,sold,prnd-oxide,"1,23 t"\n'
    with pytest.raises(InvalidTableError, match="column quantity: got '1,23 t'"):
        read(csv_set(tmp_path, body))


@pytest.mark.parametrize("text", ["2025-09-03", "2025/09/03", "2025/9/3", "2025年9月3日"])
def test_date_as_text(tmp_path: Path, text: str) -> None:
    body = f"month,direction,product,quantity,date\n2025-09,sold,prnd-oxide,1 t,{text}\n"
    (report,) = read(csv_set(tmp_path, body))
    assert report.lines[0].date == dt.date(2025, 9, 3)  # type: ignore[attr-defined]


def test_date_cells_and_the_1904_date_system(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["month", "direction", "product", "quantity", "date"],
        [dt.datetime(2025, 9, 1), "sold", "prnd-oxide", "1 t", dt.date(2025, 9, 3)],
    ]
    for name, epoch_1904 in (("1900.xlsx", False), ("1904.xlsx", True)):
        path = workbook(tmp_path / name, rows, epoch_1904=epoch_1904)
        (report,) = read_flows(path).reports
        assert str(report.month) == "2025-09"
        assert report.lines[0].date == dt.date(2025, 9, 3)


def test_date_serial_number_and_date_with_time_are_refused(tmp_path: Path) -> None:
    # 45903 is 2025-09-03 in the 1900 system; a bare number is not read as a date
    # (in the 1904 system the same serial is four years later).
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity", "date"],
            ["2025-09", "sold", "prnd-oxide", "1 t", 45903],
            ["2025-09", "sold", "prnd-oxide", "1 t", dt.datetime(2025, 9, 3, 14, 30)],
            [dt.datetime(2025, 9, 15), "sold", "prnd-oxide", "1 t", None],
        ],
    )
    with pytest.raises(InvalidTableError) as caught:
        read_flows(path)
    messages = [(e.row, e.column, e.message) for e in caught.value.errors]  # type: ignore[attr-defined]
    assert messages[0][:2] == (2, "date")
    assert "format the cell as a date" in messages[0][2]
    assert messages[1][:2] == (3, "date")
    assert "without a time" in messages[1][2]
    assert messages[2][:2] == (4, "month")


def test_unknown_columns_are_listed(tmp_path: Path) -> None:
    body = "month,direction,product,quantity,备注\n2025-09,sold,prnd-oxide,1 t,ok\n"
    paths = csv_set(tmp_path, body)
    result = read_flows(paths["flows"], products=paths["products"], enterprise=paths["enterprise"])
    assert result.ignored_columns == ("备注",)


def test_the_same_column_twice_is_refused(tmp_path: Path) -> None:
    body = "month,direction,方向,product,quantity\n2025-09,sold,sold,prnd-oxide,1 t\n"
    with pytest.raises(InvalidTableError, match="the same column twice"):
        read(csv_set(tmp_path, body))


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "flows.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InvalidTableError, match=r"not an \.xlsx workbook"):
        read_flows(path)


def test_enterprise_column_picks_the_enterprise(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["企业统一社会信用代码", "month", "direction", "product", "quantity"],
            [USCC.lower(), "2025-09", "sold", "prnd-oxide", "1 t"],
            ["91350000MA0000001J", "2025-09", "sold", "prnd-oxide", "1 t"],
        ],
    )
    with pytest.raises(InvalidTableError, match="row 3, column 企业统一社会信用代码"):
        read_flows(path)


def test_excel_1900_leap_day_quirk_is_refused(tmp_path: Path) -> None:
    # Serial 60 is Excel's 1900-02-29, a day that never was; openpyxl reads serials 59
    # and 60 both as 1900-02-28. Date cells before 1900-03-01 are refused, not guessed.
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity", "date"],
            ["1900-02", "sold", "prnd-oxide", "1 t", 60],
        ],
    )
    book = openpyxl.load_workbook(path)
    book["flows"]["E2"].number_format = "yyyy-mm-dd"
    book.save(path)
    with pytest.raises(InvalidTableError, match="29 February 1900 that never was"):
        read_flows(path)


# --- revisions (policy P12) ------------------------------------------------------------------


def test_a_file_without_a_revision_column_reads_as_revision_1(tmp_path: Path) -> None:
    (report,) = read(csv_set(tmp_path, FLOWS_EN + ROW))
    assert report.revision == 1  # type: ignore[attr-defined]


def test_rows_of_one_month_with_different_revisions_are_separate_reports(
    tmp_path: Path,
) -> None:
    text = (
        "month,direction,product,quantity,revision,submitted_at\n"
        "2025-09,sold,prnd-oxide,1 t,1,2025-10-09T10:00:00+08:00\n"
        "2025-09,sold,prnd-oxide,2 t,2,2025-10-20T10:00:00+08:00\n"
        "2025-09,sold,prnd-oxide,3 t,,2025-10-09T10:00:00+08:00\n"
        "2025-09,sold,prnd-oxide,4 t,2,2025-10-20T10:00:00+08:00\n"
    )
    first, correction = read(csv_set(tmp_path, text))
    assert first.revision == 1  # type: ignore[attr-defined]
    assert [line.quantity.grams for line in first.lines] == [1_000_000, 3_000_000]  # type: ignore[attr-defined]
    assert correction.revision == 2  # type: ignore[attr-defined]
    assert [line.quantity.grams for line in correction.lines] == [2_000_000, 4_000_000]  # type: ignore[attr-defined]


@pytest.mark.parametrize("header", ["revision", "修订版本", "版次", "修订号"])
def test_revision_headers(tmp_path: Path, header: str) -> None:
    text = f"month,direction,product,quantity,{header}\n2025-09,sold,prnd-oxide,1 t,3\n"
    (report,) = read(csv_set(tmp_path, text))
    assert report.revision == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize("cell", [2, 2.0, Decimal("2"), "2", " 2 ", 2**31 - 1])
def test_revision_cells_of_a_workbook(tmp_path: Path, cell: object) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity", "版次"],
            ["2025-09", "sold", "prnd-oxide", "1 t", cell],
        ],
    )
    (report,) = read_flows(path).reports
    assert report.revision == (2**31 - 1 if cell == 2**31 - 1 else 2)


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (0, "0"),
        (-1, "-1"),
        (2.5, "2.5"),
        ("two", "'two'"),
        ("1.5", "'1.5'"),
        (True, "True"),
        ("TRUE", "'TRUE'"),
        (2**31, str(2**31)),
        (dt.date(2025, 9, 1), "datetime"),
    ],
)
def test_bad_revision_cells_are_located(tmp_path: Path, cell: object, shown: str) -> None:
    path = workbook(
        tmp_path / "flows.xlsx",
        [
            ["month", "direction", "product", "quantity", "revision"],
            ["2025-09", "sold", "prnd-oxide", "1 t", 1],
            ["2025-09", "sold", "prnd-oxide", "1 t", cell],
        ],
    )
    with pytest.raises(InvalidTableError) as caught:
        read_flows(path)
    (error,) = caught.value.errors
    assert isinstance(error, CellError)
    assert (error.file, error.sheet, error.row, error.column) == (str(path), "flows", 3, "revision")
    assert f"got {shown}" in str(error)
    assert "a whole number from 1 to 2147483647" in str(error)
    assert "应为1 至 2147483647 的整数" in error.message_in("zh")
