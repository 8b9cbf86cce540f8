"""Every command that reads flow reports reads what ``check`` reads.

A JSON report, a folder of them, or monthly flows in a ``.csv`` file or ``.xlsx``
workbook (the tabular layout, with ``--products`` and ``--enterprise`` for CSV flows).
The example workbook holds the nine example reports, so each command gives the same
answer on it as on the JSON folder. A document that only JSON can hold (allocations,
designations, prior use, invoices) given as a spreadsheet is refused with a line naming the
accepted form, not read as malformed JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clitools import ALLOCATIONS, CHECK_ALL, DESIGNATIONS, REPORTS, ROOT
from rare_earth_regs.cli import main

XLSX = "examples/spreadsheets/flows.xlsx"
CSV = [
    "examples/spreadsheets/流向.csv",
    "--products",
    "examples/spreadsheets/流向-products.csv",
    "--enterprise",
    "examples/spreadsheets/流向-enterprise.csv",
]


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("flows", [[XLSX], CSV], ids=["xlsx", "csv"])
def test_quota_use_reads_spreadsheets_as_check_does(
    capsys: pytest.CaptureFixture[str], flows: list[str]
) -> None:
    options = ["--year", "2025", "--allocations", ALLOCATIONS, "--format", "json"]
    code, from_json, err = _out(capsys, "quota-use", REPORTS, *options)
    assert (code, err) == (0, "")
    code, from_table, err = _out(capsys, "quota-use", *flows, *options)
    assert (code, err) == (0, "")
    assert json.loads(from_table) == json.loads(from_json)
    assert "malformed" not in from_table


def test_stats_reads_a_workbook(capsys: pytest.CaptureFixture[str]) -> None:
    code, from_json, _ = _out(capsys, "stats", REPORTS, "--by", "month")
    assert code == 0
    code, from_table, err = _out(capsys, "stats", XLSX, "--by", "month")
    assert (code, err) == (0, "")
    assert from_table == from_json
    assert "2025-09  import  ores_and_concentrates  300" in from_table


def test_file_stores_the_reports_of_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "filings.sqlite")
    entered = ["--entered-at", "2025-12-01T09:00:00+08:00"]
    code, out, err = _out(capsys, "file", XLSX, "--store", store, *entered)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 9
    assert all(line.startswith("added: ") and line.endswith(f"({XLSX})") for line in lines)
    # the same reports from their JSON files are copies, not new revisions
    code, out, _ = _out(capsys, "file", REPORTS, "--store", store, *entered)
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == ["copy"] * 9
    code, from_store, _ = _out(
        capsys,
        "check",
        "--store",
        store,
        "--checked-at",
        "2025-12-02T09:00:00+08:00",
        "--exit-zero",
    )
    assert code == 0
    # the example findings, and one FIL001 note for each copy
    assert from_store.splitlines()[-1].endswith(
        ": 1 violation, 12 undetermined, 1 warning, 9 info."
    )


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["quota-use", REPORTS, "--year", "2025", "--allocations", XLSX], "--allocations"),
        ([*CHECK_ALL[:2], "--allocations", "examples/spreadsheets/流向.csv"], "--allocations"),
        (["check", REPORTS, "--designations", XLSX], "--designations"),
        (["check", REPORTS, "--invoices", XLSX], "--invoices"),
        (["quota-use", REPORTS, "--year", "2025", "--prior-use", XLSX], "--prior-use"),
    ],
)
def test_a_json_only_document_given_as_a_spreadsheet_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    code, out, err = _out(capsys, *argv)
    assert (code, out) == (2, "")
    path = argv[argv.index(option) + 1]
    assert err == (
        f"rare-earth-regs: error: {option} {path}: give a JSON document; spreadsheets "
        "(.csv, .xlsx) are read for flow reports and product tables only\n"
    )
    code, _, err = _out(capsys, *argv, "--lang", "zh")
    assert code == 2
    assert err == (
        f"rare-earth-regs：错误：{option} {path}：请提供 JSON 文件；电子表格（.csv、.xlsx）"
        "只用于稀土产品流向报告和产品表\n"
    )


def test_the_json_registers_are_still_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _out(capsys, *CHECK_ALL[:2], "--designations", DESIGNATIONS, "--exit-zero")
    assert (code, err) == (0, "")
