"""The command line and filings (policy P12): copies count once, conflicts exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rare_earth_regs.cli import main

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "examples" / "reports"
ALLOCATIONS = str(ROOT / "examples" / "allocations.json")
DESIGNATIONS = str(ROOT / "examples" / "designations.json")
SEPTEMBER = REPORTS / "2025-09-separation.json"


def _check_json(capsys: pytest.CaptureFixture[str], *files: str) -> tuple[int, dict[str, object]]:
    code = main(
        [
            "check",
            *files,
            "--allocations",
            ALLOCATIONS,
            "--designations",
            DESIGNATIONS,
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr().out
    document: dict[str, object] = json.loads(out)
    return code, document


def _findings(document: dict[str, object]) -> list[dict[str, object]]:
    found = document["findings"]
    assert isinstance(found, list)
    return found


def test_an_extra_copy_of_a_report_changes_no_finding_but_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy-of-september.json"
    shutil.copyfile(SEPTEMBER, copy)
    code, plain = _check_json(capsys, str(REPORTS))
    code_with_copy, doubled = _check_json(capsys, str(REPORTS), str(copy))
    assert code == code_with_copy
    without_notes = [f for f in _findings(doubled) if f["rule_id"] != "FIL001"]
    assert without_notes == _findings(plain)
    [note] = [f for f in _findings(doubled) if f["rule_id"] == "FIL001"]
    assert note["severity"] == "info"
    assert str(copy) in str(note["message"])
    assert str(SEPTEMBER.relative_to(ROOT)) in str(note["message"]) or str(SEPTEMBER) in str(
        note["message"]
    )
    assert not [f for f in _findings(doubled) if f["rule_id"] == "QTA001"]


def test_a_correction_replaces_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(SEPTEMBER.read_text("utf-8"))
    data["revision"] = 2
    data["submitted_at"] = "2025-10-20T09:00:00+08:00"  # after the 10th: not late (P12)
    correction = tmp_path / "september-r2.json"
    correction.write_text(json.dumps(data), "utf-8")
    _, plain = _check_json(capsys, str(REPORTS))
    _, corrected = _check_json(capsys, str(REPORTS), str(correction))
    rpt001 = [f for f in _findings(corrected) if f["rule_id"] == "RPT001"]
    assert rpt001 == [f for f in _findings(plain) if f["rule_id"] == "RPT001"]
    filings = corrected["filings"]
    assert isinstance(filings, list)
    assert len(filings) == 9
    [september] = [f for f in filings if f["revisions"] == [1, 2]]
    assert september["revision"] == 2
    assert september["sources"] == [str(correction)]
    assert september["entered_at"] == data_entered_at(SEPTEMBER)


def data_entered_at(path: Path) -> object:
    return json.loads(path.read_text("utf-8"))["submitted_at"]


def test_a_conflict_exits_2_naming_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(SEPTEMBER.read_text("utf-8"))
    data["lines"] = data["lines"][:-1]
    other = tmp_path / "other-september.json"
    other.write_text(json.dumps(data), "utf-8")
    code = main(["check", str(SEPTEMBER), str(other)])
    captured = capsys.readouterr()
    assert code == 2
    [line] = captured.err.splitlines()
    assert "conflicting filings" in line
    assert str(SEPTEMBER) in line
    assert str(other) in line
    assert captured.out == ""


def test_a_bad_revision_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(SEPTEMBER.read_text("utf-8"))
    data["revision"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    assert main(["check", str(bad)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "$.revision" in line
