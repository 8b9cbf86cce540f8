"""Result tables: exact grams, findings located in the spreadsheet, DataFrames, no import cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.locale import phrase
from rare_earth_regs.model.enterprises import Enterprise
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.rules import check_flow_report
from rare_earth_regs.serialization import load_report
from rare_earth_regs.tabular import (
    ResultTable,
    balances_table,
    findings_table,
    quota_use_table,
    read_flows,
    write_csv,
    write_flows,
    write_workbook,
)
from rare_earth_regs.units import MAX_GRAMS

EXAMPLES = Path(__file__).parents[2] / "examples"
FIRM = Enterprise(uscc="91360700MA35HY0A11", name="Example", activities=["smelting_separation"])
OXIDE = Product(name="PrNd oxide", product_class="compound", reo_fraction="1")


def report(*quantities: str) -> FlowReport:
    lines = [FlowLine(direction="opening_stock", product=OXIDE, quantity=quantities[0])]
    lines += [FlowLine(direction="sold", product=OXIDE, quantity=q) for q in quantities[1:-1]]
    lines.append(FlowLine(direction="closing_stock", product=OXIDE, quantity=quantities[-1]))
    return FlowReport(enterprise=FIRM, month="2025-09", lines=lines)


def test_balances_are_exact_grams() -> None:
    table = balances_table([report("0.3 t", "0.1 t", "0.2 t", "0.000001 t")])
    (row,) = table.rows
    named = dict(zip(table.columns, row, strict=True))
    assert named["opening_g"] == 300_000
    assert named["outflows_g"] == 300_000
    assert named["difference_g"] == -1
    assert named["determinable"] is True


def test_huge_grams_stay_exact_in_csv_workbook_and_dataframe(tmp_path: Path) -> None:
    big = f"{MAX_GRAMS // 10**6} t"
    table = balances_table([report(big, big, "0 t")])
    write_csv(tmp_path / "b.csv", table.columns, table.rows)
    assert f",{MAX_GRAMS}," in (tmp_path / "b.csv").read_text(encoding="utf-8-sig")
    write_workbook(tmp_path / "b.xlsx", [table])
    cells = list(
        openpyxl.load_workbook(tmp_path / "b.xlsx")["balances"].iter_rows(values_only=True)
    )
    assert cells[1][5] == str(MAX_GRAMS)  # beyond what Excel holds exactly: text
    frame = table.to_dataframe()
    assert str(frame["opening_g"].dtype) == "Int64"
    assert int(frame["opening_g"][0]) == MAX_GRAMS


def test_dataframe_keeps_empty_cells_without_floats() -> None:
    table = ResultTable("t", ("a_g", "b"), ((1, None), (None, "x"), (10**17 + 1, "y")))
    frame = table.to_dataframe()
    assert str(frame["a_g"].dtype) == "Int64"
    assert int(frame["a_g"][2]) == 10**17 + 1
    assert frame["a_g"].isna().tolist() == [False, True, False]


def test_findings_table_names_the_spreadsheet_row(tmp_path: Path) -> None:
    found = report("1 t", "2 t")  # closing above opening: the balance does not close
    (workbook,) = write_flows([found], tmp_path / "flows.xlsx")
    imported = read_flows(workbook)
    findings = check_flow_report(imported.reports[0])
    table = findings_table(findings, locate=imported.location)
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    located = {row["subject"]: row["location"] for row in rows}
    assert located["$.submitted_at"] == f"{workbook}, sheet flows"
    assert located["$.lines[0]"] == f"{workbook}, sheet flows, row 2"
    chinese = [row["message_zh"] for row in rows]
    assert all(any("\u4e00" <= char <= "\u9fff" for char in text) for text in chinese)
    line_rows = [where for subject, where in located.items() if subject.startswith("$.lines")]
    assert all(where.startswith(f"{workbook}, sheet flows, row ") for where in line_rows)


def test_findings_table_columns() -> None:
    finding = Finding(
        rule_id="X001", severity=Severity.WARNING, message=phrase("m"), facts={"grams": 10**18}
    )
    table = findings_table([finding])
    assert table.rows == (
        (
            "X001",
            "warning",
            None,
            None,
            None,
            "$",
            None,
            "m",
            "m",
            "",
            '{"grams": 1000000000000000000}',
        ),
    )


def test_quota_use_rows() -> None:
    from rare_earth_regs.serialization import load_allocations

    reports = [load_report(path) for path in sorted((EXAMPLES / "reports").glob("*.json"))]
    table = quota_use_table(reports, allocations=load_allocations(EXAMPLES / "allocations.json"))
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    separation = [row for row in rows if row["holder_uscc"] == "91360700MA35HY0A11"]
    counted = next(row for row in separation if row["status"] == "counted")
    assert counted["headroom_g"] == counted["indicator_g"] - counted["reo_g"]
    excluded = [row for row in separation if row["status"] == "excluded"]
    assert excluded
    assert all(row["indicator_g"] is None for row in excluded)
    recycler = [row for row in rows if row["holder_uscc"] == "91320400MA1LX0R13A"]
    assert {row["status"] for row in recycler} == {"counted", "excluded"}
    assert all(row["indicator_g"] is None for row in recycler)  # no indicator covers it


def test_no_pandas_or_openpyxl_at_import() -> None:
    code = (
        "import sys, rare_earth_regs, rare_earth_regs.tabular, rare_earth_regs.cli;"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'numpy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
