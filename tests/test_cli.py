"""The command-line tool: through the real entry points, and main() in-process."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import rare_earth_regs
from clitools import (
    ALLOCATIONS,
    CHECK_ALL,
    DESIGNATIONS,
    EXAMPLES,
    REPORTS,
    ROOT,
    assert_one_error_line,
    error_lines,
    example_report,
    run,
    write_json,
)
from rare_earth_regs import RULES, check_flow_report, check_year
from rare_earth_regs.cli import main
from rare_earth_regs.rules.registry import describe
from rare_earth_regs.serialization import load_report, loads_allocations, loads_designations


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# --- subprocess: the real entry points ----------------------------------------------------


def test_check_examples_finds_the_documented_violations() -> None:
    result = run(*CHECK_ALL)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert "RPT001 violation" in result.stdout
    assert "FST001 warning" in result.stdout  # bought, not consumed (P15)
    assert "Hengyuan Rare Earth Separation Co., Ltd. (fictional) [USCC 91360700MA35HY0A11]" in (
        result.stdout
    )
    assert "Regulations 2024, art. 11(2)" in result.stdout
    assert "Checked 9 reports" in result.stdout
    assert "1 violation, 2 undetermined, 1 warning" in result.stdout
    # P23: the examples give July to September 2025; each holder's quota year is undetermined
    assert result.stdout.count("(months missing)") == 2


def test_console_script_exit_zero() -> None:
    result = run(*CHECK_ALL, "--exit-zero", script=True)
    assert result.returncode == 0, result.stderr
    assert "RPT001" in result.stdout
    assert "FST001" in result.stdout


def test_console_script_version() -> None:
    result = run("--version", script=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"rare-earth-regs {rare_earth_regs.__version__}"


def test_check_json_output() -> None:
    result = run(*CHECK_ALL, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert list(document) == ["summary", "ok", "reports", "filings", "findings"]
    assert document["ok"] is False
    assert document["summary"]["violation"] == 1
    assert document["summary"]["warning"] == 1
    assert document["summary"]["reports"] == 9
    assert {finding["rule_id"] for finding in document["findings"]} == {
        "RPT001",
        "FST001",
        "QTA002",  # P23: the examples give three months of the quota year
    }
    assert list(document["reports"][0]) == [
        "report_id",
        "file",
        "enterprise",
        "month",
        "revision",
    ]
    assert document["summary"]["filings"] == 9
    assert len(document["filings"]) == 9


def test_check_clean_report_exits_zero() -> None:
    result = run("check", "examples/reports/2025-07-mining.json", "--designations", DESIGNATIONS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 violations" in result.stdout


def test_due() -> None:
    result = run("due", "2025-09")
    assert result.returncode == 0
    assert "2025-10-10" in result.stdout
    assert "2025-10-11T00:00:00+08:00" in result.stdout
    assert "2025-10-10T16:00:00+00:00" in result.stdout


def test_due_before_order_71_exits_2() -> None:
    result = run("due", "2025-06")
    assert result.returncode == 2
    line = assert_one_error_line(result.stderr)
    assert "policy P2" in line


def test_reo_element() -> None:
    result = run("reo", "12.5 t", "Nd")
    assert result.returncode == 0
    assert "14.579708 t REO" in result.stdout
    assert "Nd2O3" in result.stdout
    assert "1.1663766448" in result.stdout


def test_reo_promethium_exits_2() -> None:
    result = run("reo", "1 t", "Pm")
    assert result.returncode == 2
    assert "P9" in assert_one_error_line(result.stderr)


def test_elements_table() -> None:
    result = run("elements")
    assert result.returncode == 0
    rows = [line for line in result.stdout.splitlines() if line[:2].strip().isdigit()]
    assert len(rows) == 17
    assert any("Nd" in row and "钕" in row and "1.1664" in row for row in rows)


def test_quotas_2024() -> None:
    result = run("quotas", "2024")
    assert result.returncode == 0
    assert "254000" in result.stdout
    assert "270000" in result.stdout


def test_quotas_2025_is_undisclosed() -> None:
    result = run("quotas", "2025")
    assert result.returncode == 2
    assert "not published" in assert_one_error_line(result.stderr)


def test_rules_lists_every_rule() -> None:
    result = run("rules")
    assert result.returncode == 0
    for rule_id in RULES:
        assert rule_id in result.stdout


def test_schema_prints_json() -> None:
    result = run("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert isinstance(schema, dict)
    assert "properties" in schema


def _missing(tmp: Path) -> list[str]:
    return ["check", str(tmp / "missing.json")]


def _empty_folder(tmp: Path) -> list[str]:
    (tmp / "empty").mkdir()
    (tmp / "empty" / "notes.txt").write_text("no reports here", encoding="utf-8")
    return ["check", str(tmp / "empty")]


def _invalid_json(tmp: Path) -> list[str]:
    (tmp / "bad.json").write_text('{"month": "2025-09",', encoding="utf-8")
    return ["check", str(tmp / "bad.json")]


def _not_utf8(tmp: Path) -> list[str]:
    (tmp / "binary.json").write_bytes(b"\x80\x81{}")
    return ["check", str(tmp / "binary.json")]


def _wrong_schema(tmp: Path) -> list[str]:
    return ["check", str(write_json(tmp / "schema.json", {"format": "something-else"}))]


def _naive_timestamp(tmp: Path) -> list[str]:
    data = example_report()
    data["submitted_at"] = "2025-10-09T10:15:00"
    return ["check", str(write_json(tmp / "naive.json", data))]


def _unknown_element(tmp: Path) -> list[str]:
    data = example_report()
    data["products"]["prnd-oxide"]["elements"] = ["Pr", "Xx"]
    return ["check", str(write_json(tmp / "element.json", data))]


def _bad_month(tmp: Path) -> list[str]:
    data = example_report()
    data["month"] = "2025-13"
    return ["check", str(write_json(tmp / "month.json", data))]


def _bad_quantity(tmp: Path) -> list[str]:
    data = example_report()
    data["lines"][0]["quantity"] = "12.5 bananas"
    return ["check", str(write_json(tmp / "quantity.json", data))]


def _bad_as_of(_tmp: Path) -> list[str]:
    return [*CHECK_ALL, "--as-of", "2025-02-30"]


@pytest.mark.parametrize(
    ("make_args", "expected"),
    [
        (_missing, "missing.json: no such file or folder"),
        (_empty_folder, "no *.json files"),
        (_invalid_json, "bad.json: $: malformed JSON"),
        (_not_utf8, "binary.json: $:"),
        (_wrong_schema, "schema.json: $."),
        (_naive_timestamp, "naive.json: $.submitted_at:"),
        (_unknown_element, "element.json: $.products['prnd-oxide'].elements:"),
        (_bad_month, "month.json: $.month: got '2025-13'"),
        (_bad_quantity, "quantity.json: $.lines[0].quantity: got '12.5 bananas'"),
        (_bad_as_of, "--as-of: got '2025-02-30'"),
    ],
    ids=lambda value: getattr(value, "__name__", "")[1:] if callable(value) else "",
)
def test_bad_input_gives_an_error_report(
    tmp_path: Path, make_args: Callable[[Path], list[str]], expected: str
) -> None:
    result = run(*make_args(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert expected in error_lines(result.stderr)[0]


# --- in-process: main() ------------------------------------------------------------------


def test_main_returns_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(CHECK_ALL) == 1
    assert main([*CHECK_ALL, "--exit-zero"]) == 0
    out = capsys.readouterr().out
    assert out.count("RPT001 violation") == 2


def test_json_findings_match_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*CHECK_ALL, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    reports = [load_report(path) for path in sorted((EXAMPLES / "reports").glob("*.json"))]
    designations = loads_designations((EXAMPLES / "designations.json").read_bytes())
    allocations = loads_allocations((EXAMPLES / "allocations.json").read_bytes())
    expected = check_year(reports, year=2025, allocations=allocations, designations=designations)
    for report in reports:
        expected += check_flow_report(report, designations=designations)
    assert document["findings"] == expected.to_dicts()
    assert document["summary"] == {
        "violation": 1,
        "warning": 1,
        "undetermined": 2,
        "info": 0,
        "findings": 4,
        "reports": 9,
        "lines": sum(len(report.lines) for report in reports),
        "years": [2025],
        "since": None,
        "through": None,
        "filings": 9,
    }
    assert [entry["file"] for entry in document["reports"]][:2] == [
        "examples/reports/2025-07-mining.json",
        "examples/reports/2025-07-recycling.json",
    ]


def test_undetermined_findings_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    # Without designations, ENT001/SRC001 are undetermined; only violations set exit 1.
    assert main(["check", "examples/reports/2025-07-separation.json"]) == 0
    out = capsys.readouterr().out
    assert "undetermined" in out
    assert "0 violations" in out


def test_as_of_decides_an_unsubmitted_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example_report()
    data["submitted_at"] = None
    path = str(write_json(tmp_path / "unsubmitted.json", data))
    assert main(["check", path, "--designations", DESIGNATIONS]) == 0
    assert "RPT001 undetermined" in capsys.readouterr().out
    assert main(["check", path, "--designations", DESIGNATIONS, "--as-of", "2025-10-10"]) == 0
    assert "RPT001" not in capsys.readouterr().out
    assert main(["check", path, "--designations", DESIGNATIONS, "--as-of", "2025-10-11"]) == 1
    assert "checked as of 2025-10-11" in capsys.readouterr().out


def test_year_filter_and_duplicate_files(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", REPORTS, "examples/reports/2025-09-mining.json", *CHECK_ALL[2:]]
    args += ["--format", "json"]
    assert main([*args, "--year", "2025"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["reports"] == 9  # the repeated file is read once
    assert main([*args, "--year", "2026"]) == 2  # no report of 2026: said, not a silent pass
    assert "--year 2026: no report matches" in capsys.readouterr().err


def test_roll_over_and_tolerance_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*CHECK_ALL, "--roll-over", "--tolerance-grams", "1000"]) == 1
    assert "RPT001" in capsys.readouterr().out


def test_report_before_the_encoded_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example_report("2025-07-mining.json")
    data["month"] = "2024-06"
    data["report_id"] = None
    data["submitted_at"] = None
    for line in data["lines"]:
        line.pop("date", None)
    path = write_json(tmp_path / "old.json", data)
    assert main(["check", str(path)]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "old.json: " in line
    assert "policy P6" in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", REPORTS, "--year", "20x5"], "--year: got '20x5'"),
        (["check", REPORTS, "--year", "2023"], "policy P6"),
        (["check", REPORTS, "--tolerance-grams", "1.5"], "--tolerance-grams: got '1.5'"),
        (["check", REPORTS, "--allocations", "nowhere.json"], "nowhere.json: no such file"),
        (["check", REPORTS, "--designations", ALLOCATIONS], "$: a quota allocations document, not"),
        (["due", "2025-13"], "month: got '2025-13'"),
        (["due", "September"], "month: got 'September'"),
        (["reo", "12.5 bananas", "Nd"], "quantity: got '12.5 bananas'"),
        (["reo", "3 t REO", "Nd"], "quantity: got '3 t REO'"),
        (["reo", "1 t", "Fe"], "element: got 'Fe'"),
        (["reo", "1 t"], "either an ELEMENT or --fraction"),
        (["reo", "1 t", "Nd", "--fraction", "0.5"], "either an ELEMENT or --fraction"),
        (["reo", "1 t", "--fraction", "1.5"], "--fraction: got '1.5'"),
        (["quotas", "abc"], "year: got 'abc'"),
        (["quotas", "2010"], "dataset covers 2017-2025"),
    ],
)
def test_bad_input_in_process(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert expected in assert_one_error_line(captured.err)


def test_document_errors_are_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = example_report()
    data["month"] = "2025-13"
    data["submitted_at"] = "yesterday"
    path = write_json(tmp_path / "two.json", data)
    assert main(["check", str(path)]) == 2
    first, second = error_lines(capsys.readouterr().err)
    assert first.endswith("(and 1 more error)")
    assert second.startswith(f"  {path}: $.submitted_at: got 'yesterday'")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["check"]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["check", REPORTS, "--format", "xml"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "check" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert rare_earth_regs.__version__ in capsys.readouterr().out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*CHECK_ALL, "--exit-zero"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: no bar
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([*CHECK_ALL, "--exit-zero"]) == 0
    bar = terminal.getvalue()
    assert "\r[" in bar
    assert "] 1/9" in bar
    assert "[####################] 9/9" in bar
    assert bar.endswith("\r")  # the bar is cleared at the end
    few = _Terminal()
    monkeypatch.setattr(sys, "stderr", few)
    assert main(["check", "examples/reports/2025-07-mining.json"]) == 0
    assert few.getvalue() == ""  # a few files: no bar


def test_progress_bar_is_cleared_on_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted((EXAMPLES / "reports").glob("*.json"))[:6]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "zz-broken.json").write_text("[", encoding="utf-8")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", str(tmp_path)]) == 2
    drawn, _, error = terminal.getvalue().rpartition("\r")
    assert "] 6/7" in drawn
    assert error.startswith("rare-earth-regs: error: ")
    assert "zz-broken.json: $: malformed JSON" in error


def test_due_roll_over(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("holidays")
    assert main(["due", "2025-12", "--roll-over"]) == 0
    out = capsys.readouterr().out
    assert "rolled over from 2026-01-10" in out
    assert "2026-01-12" in out


def test_reo_fraction_and_element_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reo", "10 t", "--fraction", "45%"]) == 0
    assert "4.5 t REO" in capsys.readouterr().out
    assert main(["reo", "1 t", "钕"]) == 0
    assert "1.166377 t REO" in capsys.readouterr().out
    assert main(["reo", "1 t", "60"]) == 0
    assert "Nd2O3" in capsys.readouterr().out


def test_quotas_all_years(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotas"]) == 0
    out = capsys.readouterr().out
    for year in range(2017, 2026):
        assert str(year) in out
    assert "2025  not disclosed" in out
    assert "Sources:" in out


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [entry["id"] for entry in document["rules"]] == sorted(RULES)
    assert document["rules"][0] == describe(RULES[sorted(RULES)[0]])


def test_schema_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rare_earth_regs.cli import schema as schema_command

    placeholder = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
    monkeypatch.setattr(schema_command, "report_schema", lambda: placeholder)
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == placeholder

    def missing() -> dict[str, Any]:
        raise FileNotFoundError(2, "No such file or directory", "flow-report.schema.json")

    monkeypatch.setattr(schema_command, "report_schema", missing)
    assert main(["schema"]) == 2
    assert "report schema is not available" in assert_one_error_line(capsys.readouterr().err)


def test_elements_quotas_and_rules_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["elements"]) == 0
    table = capsys.readouterr().out
    assert "Nd2O3" in table
    assert "1.1664" in table
    assert "n/a" in table  # promethium: no atomic weight, no factor (P9)
    assert main(["quotas", "2024"]) == 0
    quotas = capsys.readouterr().out
    assert "254,000" in quotas or "254000" in quotas
    assert "China Northern Rare Earth" in quotas
    assert main(["quotas", "2022"]) == 0
    assert "all batches listed" in capsys.readouterr().out
    assert main(["rules"]) == 0
    catalogue = capsys.readouterr().out
    for rule_id in ("RPT001", "QTA001", "SRC001"):
        assert rule_id in catalogue
    assert "in force:  2025-07-28" in catalogue  # RPT001, from Order No. 71


def test_missing_and_empty_inputs_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "absent.json")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 2
    assert "no *.json files" in capsys.readouterr().err
    assert main(["check", REPORTS, "--as-of", "2025-13-01"]) == 2
    assert "--as-of: got '2025-13-01'" in capsys.readouterr().err


# --- export-check ----------------------------------------------------------------------------


def test_export_check_answers_with_the_horizon(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-check", "oxide:Y", "--on", "2025-04-04"]) == 0
    out = capsys.readouterr().out
    assert "answer:            required" in out
    assert "1C908 (number inferred)" in out
    assert "knowledge horizon: 2026-11-10" in out


def test_export_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-check", "28469015", "--on", "2025-06-01", "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "required"
    assert answer["customs_mappings"] == [{"control_code": "1C905", "status": "inferred"}]
    assert answer["knowledge_horizon"] == "2026-11-10"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["oxide:Y", "--on", "2025-04-03"], "2025-04-04"),
        (["oxide:Fe", "--on", "2025-06-01"], "content['Fe']"),
        (["powder:Y", "--on", "2025-06-01"], "form"),
        (["oxide:Y,Y", "--on", "2025-06-01"], "item"),
        (["28469099", "--on", "2025-06-01"], "customs_code"),
        (["oxide:Y", "--on", "2025-06-31"], "--on"),
    ],
)
def test_export_check_bad_input_is_one_line_and_exit_2(
    args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export-check", *args]) == 2
    assert fragment in assert_one_error_line(capsys.readouterr().err)


# --- stats ---------------------------------------------------------------------------------


def test_stats_prints_the_half_years_and_writes_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "stats.csv"
    assert main(["stats", "examples/trade", "--csv", str(target)]) == 0
    out = capsys.readouterr().out
    assert any(
        line.split() == ["2025-H1", "export", "magnets", "220", "-19.0%", "6"]
        for line in out.splitlines()
    )
    text = target.read_text(encoding="utf-8")
    assert text.startswith("period,direction,group,tonnes,lines,yoy_change_percent\n")
    assert "2025-H1,import,separation_products,386,18,-12.0\n" in text


def test_stats_by_quarter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "examples/trade", "--by", "quarter"]) == 0
    out = capsys.readouterr().out
    assert "2025-Q2" in out
    assert "2025-H1" not in out


def test_stats_without_trade_lines_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "examples/reports/2025-07-recycling.json"]) == 2
    assert "no imported or exported line" in assert_one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    "command",
    [["check"], ["quota-use", "--year", "2025"], ["stats"]],
    ids=["check", "quota-use", "stats"],
)
def test_a_malformed_report_is_named_once_by_every_reading_command(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main([*command, str(broken)]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert line.count(str(broken)) == 1, line
    assert "malformed JSON" in line
