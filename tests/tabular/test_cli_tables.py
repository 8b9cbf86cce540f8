"""The command line with spreadsheets: template, import, check of .csv/.xlsx, tables out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import attrs
import openpyxl
import pytest

from rare_earth_regs.cli import main
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.serialization import dumps_products, load_report, report_to_dict
from rare_earth_regs.tabular import read_flows, write_flows

EXAMPLES = Path(__file__).parents[2] / "examples"


def example_reports() -> list[FlowReport]:
    return [load_report(path) for path in sorted((EXAMPLES / "reports").glob("*.json"))]


def test_template_import_check_round(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "flows.xlsx"
    assert main(["template", "--format", "xlsx", "--out", str(template)]) == 0
    out = tmp_path / "out"
    out.mkdir()
    assert main(["import", str(template), "--out", str(out)]) == 0
    written = sorted(out.glob("*.json"))
    assert [path.name for path in written] == ["91360700MA35HY0A11-2025-09.json"]
    assert load_report(written[0]) == read_flows(template).reports[0]
    capsys.readouterr()
    assert main(["check", str(template), "--as-of", "2025-10-20"]) == 1
    text = capsys.readouterr().out
    assert f"at: $.lines[0], {template}, sheet flows, row 2" in text


def test_template_needs_a_matching_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["template", "--format", "csv", "--out", str(tmp_path / "t.xlsx")]) == 2
    assert "needs a .csv file name" in capsys.readouterr().err


def test_import_of_the_example_year_gives_the_example_reports(tmp_path: Path) -> None:
    reports = example_reports()
    flows, products, enterprise = write_flows(reports, tmp_path / "flows.csv")
    out = tmp_path / "out"
    out.mkdir()
    args = ["import", str(flows), "--products", str(products), "--enterprise", str(enterprise)]
    assert main([*args, "--out", str(out)]) == 0
    loaded = {r.report_id: r for r in (load_report(path) for path in out.glob("*.json"))}
    assert loaded == {r.report_id: r for r in reports}
    assert {path.name for path in out.glob("*.json")} == {
        f"{r.enterprise.uscc}-{r.month}.json" for r in reports
    }


def test_import_writes_nothing_when_a_cell_is_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = example_reports()
    flows, products, enterprise = write_flows(reports, tmp_path / "flows.csv")
    lines = flows.read_text(encoding="utf-8-sig").splitlines()
    lines[-1] = lines[-1].replace("t,", "tons,", 1)
    lines[3] = lines[3].replace("2025-", "2025-13-", 1)
    flows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    args = ["import", str(flows), "--products", str(products), "--enterprise", str(enterprise)]
    assert main([*args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    first, second = err.splitlines()  # one line per bad cell, the first in the error form
    assert first.startswith("rare-earth-regs: error: ")
    assert second.startswith("  ")
    assert f"{flows}, row 4, column month" in err
    assert f"{flows}, row {len(lines)}, column quantity" in err
    assert list(out.iterdir()) == []


def test_check_csv_and_xlsx_tables_out(tmp_path: Path) -> None:
    reports = example_reports()
    (workbook,) = write_flows(reports, tmp_path / "flows.xlsx")
    allocations = str(EXAMPLES / "allocations.json")
    output = tmp_path / "results.xlsx"
    code = main(
        [
            "check",
            str(workbook),
            "--allocations",
            allocations,
            "--format",
            "xlsx",
            "--output",
            str(output),
            "--exit-zero",
        ]
    )
    assert code == 0
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["findings", "quota_use", "balances"]
    quota = list(book["quota_use"].iter_rows(values_only=True))
    assert quota[0][9:] == ("reo_g", "indicator_g", "headroom_g")
    counted = [row for row in quota if row[6] == "counted" and row[1] == "mining"]
    assert counted[0][9:] == (360_000_000, 500_000_000, 140_000_000)
    output_csv = tmp_path / "results.csv"
    code = main(
        [
            "check",
            str(workbook),
            "--allocations",
            allocations,
            "--format",
            "csv",
            "--output",
            str(output_csv),
            "--exit-zero",
        ]
    )
    assert code == 0
    with output_csv.open(encoding="utf-8-sig", newline="") as stream:
        findings = list(csv.DictReader(stream))
    located = [row["location"] for row in findings if row["subject"].startswith("$.lines[")]
    assert located
    assert all(", sheet flows, row " in where for where in located)
    assert (tmp_path / "results-quota-use.csv").exists()
    assert (tmp_path / "results-balances.csv").exists()


def test_format_csv_needs_output(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES / "reports" / "2025-09-separation.json")
    assert main(["check", path, "--format", "csv"]) == 2
    assert "--format csv needs --output FILE" in capsys.readouterr().err


def test_json_reports_with_a_shared_products_file(tmp_path: Path) -> None:
    report = load_report(EXAMPLES / "reports" / "2025-09-separation.json")
    document = report_to_dict(report)
    products = document.pop("products")
    from rare_earth_regs.serialization import loads_products

    catalogue = loads_products(json.dumps({"products": products}))
    (tmp_path / "products.json").write_text(dumps_products(catalogue), encoding="utf-8")
    (tmp_path / "named.json").write_text(
        json.dumps({**document, "products_file": "products.json"}), encoding="utf-8"
    )
    (tmp_path / "bare.json").write_text(json.dumps({**document, "products": {}}))
    assert load_report(tmp_path / "named.json") == report
    assert load_report(tmp_path / "bare.json", products=catalogue) == report
    assert main(["check", str(tmp_path / "bare.json"), "--exit-zero"]) == 2
    code = main(
        [
            "check",
            str(tmp_path / "bare.json"),
            "--products",
            str(tmp_path / "products.json"),
            "--exit-zero",
        ]
    )
    assert code == 0


def _mining_use(tmp_path: Path, name: str, reports: list[FlowReport]) -> tuple[str, str]:
    """The lines and grams of REO counted against the mining quota, checking a CSV table."""
    folder = tmp_path / name
    folder.mkdir()
    flows, products, enterprise = write_flows(reports, folder / "flows.csv")
    output = folder / "results.csv"
    arguments = ["check", str(flows), "--products", str(products), "--enterprise"]
    arguments += [str(enterprise), "--allocations", str(EXAMPLES / "allocations.json")]
    arguments += ["--format", "csv", "--output", str(output), "--exit-zero"]
    assert main(arguments) == 0
    with (folder / "results-quota-use.csv").open(encoding="utf-8-sig", newline="") as stream:
        (row,) = [
            row
            for row in csv.DictReader(stream)
            if row["activity"] == "mining" and row["status"] == "counted"
        ]
    return row["lines"], row["reo_g"]


def test_a_correction_in_a_table_counts_the_month_once(tmp_path: Path) -> None:
    # Policy P12: revision 1 and revision 2 of one month in the same CSV are two reports;
    # the month counts once, with the content of revision 2.
    original = load_report(EXAMPLES / "reports" / "2025-09-mining.json")
    produced = next(line for line in original.lines if line.direction.value == "produced")
    correction = attrs.evolve(original, revision=2, lines=(*original.lines, produced))
    both = _mining_use(tmp_path, "both", [original, correction])
    assert both == _mining_use(tmp_path, "correction", [correction])
    assert both != _mining_use(tmp_path, "original", [original])
    assert both != _mining_use(tmp_path, "twice", [original, attrs.evolve(correction, revision=1)])


def test_import_writes_each_revision_to_its_own_file(tmp_path: Path) -> None:
    original = load_report(EXAMPLES / "reports" / "2025-09-mining.json")
    correction = attrs.evolve(original, revision=2, lines=original.lines[:1])
    (workbook,) = write_flows([original, correction], tmp_path / "flows.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["import", str(workbook), "--out", str(out)]) == 0
    uscc = original.enterprise.uscc
    assert sorted(path.name for path in out.glob("*.json")) == [
        f"{uscc}-2025-09-r2.json",
        f"{uscc}-2025-09.json",
    ]
    assert load_report(out / f"{uscc}-2025-09.json") == original
    assert load_report(out / f"{uscc}-2025-09-r2.json") == correction
