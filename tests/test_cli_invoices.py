"""``check --invoices FILE``: invoice findings join the others; exit codes as documented."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clitools import CHECK_ALL, EXAMPLES, assert_one_error_line, error_lines, write_json
from rare_earth_regs.cli import main
from rare_earth_regs.rules import check_invoices
from rare_earth_regs.serialization import load_invoices, load_report

INVOICES = str(EXAMPLES / "invoices.json")
SEPARATION = str(EXAMPLES / "reports" / "2025-09-separation.json")
SELLER = "91360700MA35HY0A11"


def _invoice(**changes: Any) -> dict[str, Any]:
    invoice: dict[str, Any] = {
        "number": "HY-2025-10-001",
        "issued_on": "2025-10-08",
        "seller_uscc": SELLER,
        "xt_mark": True,
        "lines": [
            {
                "goods_name": "氧化镨钕",
                "category": "separation_product",
                "unit": "t",
                "quantity": "12.5",
                "oxide_equivalent": True,
            }
        ],
    }
    invoice.update(changes)
    return invoice


def _file(tmp_path: Path, *invoices: dict[str, Any]) -> str:
    data = {"format": "rare_earth_regs/invoices", "version": 1, "invoices": list(invoices)}
    return str(write_json(tmp_path / "invoices.json", data))


def test_json_findings_are_the_library_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*CHECK_ALL, "--invoices", INVOICES, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    reports = [load_report(path) for path in sorted((EXAMPLES / "reports").glob("*.json"))]
    expected = check_invoices(load_invoices(INVOICES), reports=reports).to_dicts()
    found = [entry for entry in document["findings"] if entry["rule_id"].startswith("INV")]
    assert found == expected
    assert [entry["facts"]["invoice"] for entry in found] == [
        "HY-2025-07-001",
        "HY-2025-08-001",
        "HY-2025-09-001",
    ]
    assert document["summary"]["invoices"] == 19
    assert document["summary"]["undetermined"] == 5  # two of them QTA002: months missing (P23)


def test_without_invoices_no_invoice_rule_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*CHECK_ALL, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert "invoices" not in document["summary"]
    assert not [entry for entry in document["findings"] if entry["rule_id"].startswith("INV")]


def test_text_output_names_the_invoice_and_the_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", SEPARATION, "--invoices", INVOICES]) == 1  # RPT001: a day late
    out = capsys.readouterr().out
    assert "INV004 undetermined" in out
    assert "HY-2025-09-001, which was not given" in out
    assert f"at: $.lines[6].invoice_number in {SEPARATION}" in out
    # INV004 reads the reports checked only: the July and August lines are not in them
    assert "HY-2025-08-001" not in out
    assert "Checked 1 report (21 lines) and 19 invoices:" in out


def test_an_invoice_violation_sets_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = _file(tmp_path, _invoice())
    report = str(EXAMPLES / "reports" / "2025-09-mining.json")
    assert main(["check", report, "--invoices", clean]) == 0
    no_mark = _file(tmp_path, _invoice(xt_mark=False))
    assert main(["check", report, "--invoices", no_mark]) == 1
    assert main(["check", report, "--invoices", no_mark, "--exit-zero"]) == 0
    out = capsys.readouterr().out
    assert "INV001 violation: invoice HY-2025-10-001 of 2025-10-08: rare earth products" in out


def test_a_bad_invoices_file_is_exit_2_with_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _file(tmp_path, _invoice(number="HY 1", issued_on="2025-10-32"))
    assert main(["check", SEPARATION, "--invoices", bad]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = error_lines(captured.err)
    assert "$.invoices[0].issued_on" in lines[0]
    assert any("$.invoices[0].number" in line for line in lines)


def test_an_invoice_before_the_encoded_range_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _file(tmp_path, _invoice(issued_on="2024-09-30"))
    assert main(["check", SEPARATION, "--invoices", old]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "2024-09-30" in line
    assert "2024-10-01" in line
    first_day = _file(tmp_path, _invoice(issued_on="2024-10-01"))
    assert (
        main(["check", str(EXAMPLES / "reports" / "2025-09-mining.json"), "--invoices", first_day])
        == 0
    )


def test_a_missing_invoices_file_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", SEPARATION, "--invoices", "no-such-invoices.json"]) == 2
    assert "no-such-invoices.json" in assert_one_error_line(capsys.readouterr().err)


def test_csv_output_holds_the_invoice_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "findings.csv"
    assert (
        main(
            [
                "check",
                SEPARATION,
                "--invoices",
                INVOICES,
                "--format",
                "csv",
                "--output",
                str(output),
            ]
        )
        == 1
    )
    capsys.readouterr()
    rows = output.read_text(encoding="utf-8-sig").splitlines()
    assert sum(row.startswith("INV004,undetermined") for row in rows) == 1
