"""The command line and filings (policy P12): copies count once, conflicts exit 2."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from rare_earth_regs.cli import main
from rare_earth_regs.store import FilingStore

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


ENTERED = "2025-10-12T09:00:00+08:00"


def test_file_history_and_check_from_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "filings.sqlite")
    assert main(["file", str(REPORTS), "--store", store, "--entered-at", ENTERED]) == 0
    out = capsys.readouterr().out
    assert out.count("added: ") == 9
    data = json.loads(SEPTEMBER.read_text("utf-8"))
    data["revision"] = 2
    data["lines"] = data["lines"][:-1]
    correction = tmp_path / "september-r2.json"
    correction.write_text(json.dumps(data), "utf-8")
    later = "2025-10-15T09:00:00+08:00"
    assert (
        main(["file", str(correction), str(SEPTEMBER), "--store", store, "--entered-at", later])
        == 0
    )
    out = capsys.readouterr().out
    assert "added: 91360700MA35HY0A11 2025-09 revision 2" in out
    assert "already stored: 91360700MA35HY0A11 2025-09 revision 1" in out
    assert main(["history", "91360700MA35HY0A11", "2025-09", "--store", store]) == 0
    table = capsys.readouterr().out
    assert "2 *" in table
    assert "2025-10-15T01:00:00+00:00" in table
    assert (
        main(["history", "91360700MA35HY0A11", "2025-09", "--store", store, "--format", "json"])
        == 0
    )
    entries = json.loads(capsys.readouterr().out)
    assert [(entry["revision"], entry["counts"]) for entry in entries] == [(1, False), (2, True)]
    # check --store gives what check gives on the same files.
    checked = ["--checked-at", "2026-01-20T08:00:00+00:00"]
    assert main(["check", "--store", store, *checked, "--year", "2025", "--format", "json"]) == 1
    from_store = json.loads(capsys.readouterr().out)
    main(["check", str(REPORTS), str(correction), "--year", "2025", "--format", "json"])
    from_files = json.loads(capsys.readouterr().out)
    assert from_store["findings"] == from_files["findings"]


def test_file_refuses_a_conflict_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "filings.sqlite")
    assert main(["file", str(SEPTEMBER), "--store", store, "--entered-at", ENTERED]) == 0
    capsys.readouterr()
    data = json.loads(SEPTEMBER.read_text("utf-8"))
    data["lines"] = data["lines"][:-1]
    other = tmp_path / "other-september.json"
    other.write_text(json.dumps(data), "utf-8")
    first = REPORTS / "2025-07-mining.json"
    code = main(["file", str(first), str(other), "--store", store, "--entered-at", ENTERED])
    err = capsys.readouterr().err
    assert code == 2
    [line] = err.splitlines()
    assert "conflicting filings" in line
    assert str(other) in line
    assert str(SEPTEMBER) in line
    assert main(["history", "91150200MA0BY0M12F", "2025-07", "--store", store]) == 0
    assert "nothing stored" in capsys.readouterr().out


@pytest.mark.parametrize(
    "arguments",
    [
        ["history", "91360700MA35HY0A11", "2025-09", "--store", "{tmp}"],
        ["history", "91360700MA35HY0A11", "2025-09", "--store", "{tmp}/absent.sqlite"],
        ["file", str(SEPTEMBER), "--store", "{tmp}/f.sqlite", "--entered-at", "2025-10-12T09:00"],
        ["file", str(SEPTEMBER), "--store", "{tmp}/f.sqlite", "--entered-at", "2025-10-12"],
        ["check", "--year", "2025"],
        ["check", str(SEPTEMBER), "--store", "{tmp}/f.sqlite"],
        ["check", "--store", "{tmp}/f.sqlite"],  # no --checked-at: the run is recorded
        ["check", "--store", "{tmp}/f.sqlite", "--checked-at", "2026-01-20"],  # a day
        ["check", str(SEPTEMBER), "--checked-at", "2026-01-20T08:00:00+00:00"],  # no store
    ],
)
def test_store_commands_refuse_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str]
) -> None:
    argv = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err


def test_check_of_a_store_records_its_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "filings.sqlite")
    assert main(["file", str(REPORTS), "--store", store, "--entered-at", ENTERED]) == 0
    receipt = tmp_path / "receipt.json"
    first = "2026-01-20T16:00:00+08:00"
    args = ["check", "--store", store, "--year", "2025", "--receipt", str(receipt)]
    # the examples hold a late report (RPT001): a run that finds a violation is recorded too
    assert main([*args, "--checked-at", first]) == 1
    assert main([*args, "--checked-at", first]) == 1  # the same run again: recorded once
    capsys.readouterr()
    with FilingStore(store, create=False) as opened:
        [run] = opened.check_runs()
    assert run.checked_at == dt.datetime(2026, 1, 20, 8, 0, tzinfo=dt.UTC)
    assert run.receipt == json.loads(receipt.read_text("ascii"))  # what --receipt wrote
    assert run.receipt["years"] == [2025]
    assert len(run.receipt["filings"]) == 9
    later = "2026-02-01T09:00:00+00:00"
    assert main(["check", "--store", store, "--checked-at", later, "--exit-zero"]) == 0
    capsys.readouterr()
    with FilingStore(store, create=False) as opened:
        runs = opened.check_runs()
    assert [entry.checked_at.isoformat() for entry in runs] == [
        "2026-01-20T08:00:00+00:00",
        "2026-02-01T09:00:00+00:00",
    ]
    assert runs[1].receipt["receipt_sha256"] == runs[0].receipt["receipt_sha256"]
