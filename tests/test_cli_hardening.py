"""The command line under hostile input: no traceback, no hang, no misleading exit code.

Each class of input is pinned through the real entry point: ``main([...])`` in-process,
and a real subprocess where the class is about the process (pipes, encodings, devices).
"""

from __future__ import annotations

import ast
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from clitools import (
    ALLOCATIONS,
    CHECK_ALL,
    DESIGNATIONS,
    ERROR_PREFIX,
    EXAMPLES,
    REPORTS,
    ROOT,
    assert_one_error_line,
    error_lines,
    example_report,
    run,
    write_json,
)
from rare_earth_regs import cli
from rare_earth_regs.cli import main
from rare_earth_regs.model.enterprises import make_uscc
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.rules import check_year, holder_quota_use
from rare_earth_regs.serialization import load_report

HUGE = "9" * 5000
POSIX = os.name == "posix"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _no_raw_controls(text: str) -> None:
    """No C0/C1 control character but the line ends, no lone surrogate, no line separator."""
    for char in text:
        code = ord(char)
        assert char == "\n" or not (code < 0x20 or 0x7F <= code < 0xA0), repr(text)
        assert not 0xD800 <= code < 0xE000, repr(text)
        assert char not in "\u2028\u2029\x85", repr(text)


# --- regular files only; a size limit ----------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="FIFOs and /dev are POSIX")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_at_once(device: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", device]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert f"{device}: not a regular file (a character device)" in line
    assert main([*CHECK_ALL, "--allocations", device]) == 2
    assert f"{device}: not a regular file" in assert_one_error_line(capsys.readouterr().err)
    assert main([*CHECK_ALL, "--designations", device]) == 2
    assert f"{device}: not a regular file" in assert_one_error_line(capsys.readouterr().err)


@pytest.mark.skipif(not POSIX, reason="FIFOs are POSIX")
def test_a_fifo_is_refused_at_once_in_a_subprocess(tmp_path: Path) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    # No writer ever opens the FIFO: reading it would wait for ever.
    result = run("check", str(fifo), timeout=30)
    assert result.returncode == 2
    assert "report.json: not a regular file (a FIFO)" in assert_one_error_line(result.stderr)
    result = run("check", "/dev/zero", timeout=30)
    assert result.returncode == 2
    assert "not a regular file" in assert_one_error_line(result.stderr)


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A sparse file of 16 GiB: read whole, it would take the machine's memory.
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(16 * 1024**3)
    assert main(["check", str(big)]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "big.json: 17,179,869,184 bytes, above the limit of 67,108,864 bytes" in line
    assert "--max-file-size" in line
    assert cli.DEFAULT_MAX_FILE_SIZE == 64 * 1024**2


def test_the_size_limit_can_be_changed(capsys: pytest.CaptureFixture[str]) -> None:
    report = "examples/reports/2025-07-mining.json"
    size = (ROOT / report).stat().st_size
    assert main(["check", report, "--max-file-size", str(size)]) == 0
    capsys.readouterr()
    assert main(["check", report, "--max-file-size", str(size - 1)]) == 2
    assert f"above the limit of {size - 1:,} bytes" in capsys.readouterr().err
    assert main([*CHECK_ALL, "--max-file-size", "1M", "--exit-zero"]) == 0
    capsys.readouterr()
    assert main([*CHECK_ALL, "--max-file-size", "1k"]) == 2
    assert "allocations.json" not in capsys.readouterr().out


@pytest.mark.parametrize("value", ["-1", "x", "1.5M", "1T", HUGE, "", "1 M"])
def test_a_bad_size_limit_is_one_line(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*CHECK_ALL, "--max-file-size", value]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "--max-file-size: got" in line
    assert "set_int_max_str_digits" not in line


def test_the_default_size_limit_is_documented() -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "--max-file-size" in page
    assert "64 MiB" in page


# --- names are printed escaped -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("bad\nRPT001 violation: forged.json", "bad\\nRPT001 violation: forged.json"),
        ("red\x1b[31mtext\x1b[0m.json", "red\\x1b[31mtext\\x1b[0m.json"),
        ("back\rspace.json", "back\\rspace.json"),
        ("line\u2028sep.json", "line\\u2028sep.json"),
        ("bidi\u202etxt.json", "bidi\\u202etxt.json"),
        ("lone\ud800.json", "lone\\ud800.json"),
        ("caf\udce9.json", "caf\\xe9.json"),  # the byte 0xE9 of a name that is not UTF-8
    ],
)
def test_a_missing_file_name_is_printed_escaped(
    name: str, shown: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    line = assert_one_error_line(err)
    _no_raw_controls(err)
    assert f"{shown}: no such file or folder" in line


@pytest.mark.skipif(not POSIX, reason="file names as bytes are POSIX")
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path, encoding: str) -> None:
    folder = os.fsencode(tmp_path)
    name = folder + b"/caf\xe9\x1b[2J.json"
    with open(name, "wb") as handle:
        handle.write(b"[")
    result = run("check", name, encoding=encoding)
    assert result.returncode == 2
    line = assert_one_error_line(result.stderr)
    _no_raw_controls(result.stderr)
    assert "caf\\xe9\\x1b[2J.json: $: malformed JSON" in line


def _named_report(tmp_path: Path, name: str) -> Path:
    """A late report (an RPT001 violation) of an enterprise called ``name``."""
    data = example_report()
    data["enterprise"]["name"] = name
    return write_json(tmp_path / "named.json", data)


FORGED = "RPT001 violation: forged"


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_a_name_in_a_report_cannot_forge_an_output_line(tmp_path: Path, encoding: str) -> None:
    name = f"Evil\ud800 Co.\n  {FORGED}\r\x1b[2K稀土"
    path = _named_report(tmp_path, name)
    result = run("check", str(path), "--designations", DESIGNATIONS, encoding=encoding)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    _no_raw_controls(result.stdout)
    lines = result.stdout.splitlines()
    assert not any(line.strip().startswith(FORGED) for line in lines)
    assert any("Evil\\ud800 Co.\\n" in line for line in lines)
    assert sum(line.startswith("  RPT001 violation: ") for line in lines) == 1
    if encoding == "utf-8":
        assert "稀土" in result.stdout
    else:
        assert "\\u7a00\\u571f" in result.stdout


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_json_output_stays_valid_json_with_any_name(tmp_path: Path, encoding: str) -> None:
    name = "Evil\ud800 Co.\n\x1b[2K稀土"
    path = _named_report(tmp_path, name)
    result = run("check", str(path), "--format", "json", encoding=encoding)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    findings = [f for f in document["findings"] if f["rule_id"] == "RPT001"]
    assert name in findings[0]["message"]
    _no_raw_controls(result.stdout)


@pytest.mark.parametrize(
    "command", [["elements"], ["quotas", "2024"], ["reo", "1 t", "钕"], ["rules"]]
)
def test_chinese_text_on_an_ascii_terminal_is_escaped(command: list[str]) -> None:
    result = run(*command, encoding="ascii")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.isascii()


# --- option values: exit 2 and one line -------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", REPORTS, "--year", "0000"], "--year: got '0000'"),
        (["check", REPORTS, "--year", "\uff12\uff10\uff12\uff15"], "--year: got"),
        (["check", REPORTS, "--year", "99999"], "--year: got '99999'"),
        (["check", REPORTS, "--year", HUGE], "--year: got '9999"),
        (["check", REPORTS, "--tolerance-grams", HUGE], "--tolerance-grams: got '9999"),
        (["check", REPORTS, "--tolerance-grams", "\uff11"], "--tolerance-grams: got"),
        (["check", REPORTS, "--as-of", "0000-01-01"], "--as-of: got '0000-01-01'"),
        (["check", REPORTS, "--as-of", HUGE], "--as-of: got '9999"),
        (["reo", "1 t", HUGE], "element: got '9999"),
        (["reo", HUGE + " t", "Nd"], "quantity: got '9999"),
        (["reo", "1 t", "--fraction", HUGE], "--fraction: got '9999"),
        (["reo", "1 t", "--fraction", "1." + HUGE], "--fraction: got '1.9999"),
        (["quotas", "0000"], "year: got '0000'"),
        (["quotas", HUGE], "year: got '9999"),
        (["due", HUGE], "month: got '9999"),
        (["due", "0000-01"], "month: got '0000-01'"),
        (["due", "2025-09", "--submitted-at", "2025-10-09T10:15:00+25:00"], "--submitted-at"),
        (["due", "2025-09", "--submitted-at", "2025-10-09T10:15:00+24:00"], "--submitted-at"),
        (["due", "2025-09", "--submitted-at", "2025-10-09T10:15:00"], "--submitted-at"),
        (["due", "2025-09", "--submitted-at", HUGE], "--submitted-at: got '9999"),
    ],
)
def test_bad_option_values_give_exit_2_and_one_line(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    line = assert_one_error_line(captured.err)
    assert expected in line
    assert "set_int_max_str_digits" not in line
    assert len(line) < 400


@pytest.mark.parametrize(
    "args",
    [
        ["check", "x.json", "--\x1b[2Jx"],
        ["frob\nnicate\ud800"],
        ["check", "x.json", "--format", "\x1b]0;title\x07"],
    ],
)
def test_usage_errors_echo_arguments_escaped(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    _no_raw_controls(err)
    assert err.splitlines()[-1].startswith("rare-earth-regs")
    assert ": error: " in err.splitlines()[-1]


def test_a_bad_year_in_a_subprocess_is_one_line() -> None:
    result = run("check", REPORTS, "--year", "0000")
    assert result.returncode == 2
    assert "--year: got '0000'" in assert_one_error_line(result.stderr)


def test_an_unexpected_error_is_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("something the tool did not expect")

    monkeypatch.setattr(cli.check, "check_filing", broken)
    assert main(CHECK_ALL) == cli.EXIT_INTERNAL == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == [
        "rare-earth-regs: internal error: RuntimeError: something the tool did not expect "
        "(please report this)"
    ]


# --- a closed pipe: the SIGPIPE convention -----------------------------------------------


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_in_process_exits_141(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(CHECK_ALL) == cli.EXIT_BROKEN_PIPE == 141
    assert main(["schema"]) == 141
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(not POSIX, reason="pipes and SIGPIPE are POSIX")
@pytest.mark.parametrize(
    "command", [CHECK_ALL, ["schema"], ["rules"], ["due", "2025-09"], ["--help"], ["check", "-h"]]
)
def test_a_closed_pipe_in_a_subprocess_exits_141(command: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the tool writes a byte
    try:
        result = subprocess.run(
            [sys.executable, "-m", "rare_earth_regs", *command],
            cwd=ROOT,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == b""


@pytest.mark.skipif(shutil.which("bash") is None or not POSIX, reason="needs bash")
def test_check_piped_into_head_exits_141(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Enough reports that the output is far larger than a pipe's buffer (64 KiB), so
    # the tool is still writing when head has gone.
    data = example_report("2025-07-mining.json")
    for number in range(1000):
        # A report of another enterprise each: copies of one filing would count once (P12).
        data["report_id"] = f"copy-{number:04d}"
        data["enterprise"]["uscc"] = make_uscc(f"91150200MA0{number:06d}")
        write_json(tmp_path / f"r{number:04d}.json", data)
    args = ["check", str(tmp_path), "--format", "json", "--exit-zero"]
    assert main(args) == 0
    assert len(capsys.readouterr().out) > 3 * 64 * 1024
    script = (
        f"{sys.executable} -m rare_earth_regs {' '.join(args)} | head -c1 >/dev/null; "
        'echo "${PIPESTATUS[0]}" >&2'
    )
    result = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.stderr.strip() == "141", result.stderr
    assert int(signal.SIGPIPE) + 128 == 141


# --- check --year, folder scans ----------------------------------------------------------


def test_a_year_with_no_report_exits_2_and_names_the_years_held(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([*CHECK_ALL, "--year", "2026"]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert (
        "--year 2026: no report matches; the 9 reports read are of 2025 (2025-07 to 2025-09)"
        in line
    )


def test_a_folder_scan_says_what_it_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLES / "reports" / "2025-07-mining.json", tmp_path / "a.json")
    shutil.copy(EXAMPLES / "reports" / "2025-08-mining.json", tmp_path / "B.JSON")
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
    if POSIX:
        os.mkfifo(tmp_path / "pipe.json")
    assert main(["check", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "Checked 1 report" in captured.out
    skipped = captured.err.splitlines()
    assert all(line.startswith("rare-earth-regs: skipped ") for line in skipped), skipped
    text = "\n".join(skipped)
    assert "B.JSON: the name ends in '.JSON', not '.json'" in text
    assert "dangling.json: a symbolic link to nothing" in text
    assert "loop.json: a symbolic link that loops" in text
    assert "folder.json: a folder" in text
    if POSIX:
        assert "pipe.json: not a regular file (a FIFO)" in text
    assert "notes.txt" not in text  # files of other names are no reports: not worth a line
    assert len(skipped) == 4 + POSIX


def test_a_folder_with_only_skipped_entries_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLES / "reports" / "2025-08-mining.json", tmp_path / "B.JSON")
    assert main(["check", str(tmp_path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].startswith(ERROR_PREFIX)
    assert "no *.json files in this folder (1 entry skipped)" in lines[-1]
    assert "B.JSON" in lines[0]


def test_an_unreadable_folder_is_not_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(_path: object) -> object:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(os, "scandir", refuse)
    assert main(["check", str(tmp_path)]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "cannot read this folder: Permission denied" in line
    assert "no *.json" not in line


@pytest.mark.skipif(not POSIX or os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_for_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(EXAMPLES / "reports" / "2025-07-mining.json", tmp_path / "a.json")
    tmp_path.chmod(0)
    try:
        assert main(["check", str(tmp_path)]) == 2
    finally:
        tmp_path.chmod(0o700)
    assert "cannot read this folder" in assert_one_error_line(capsys.readouterr().err)


# --- a document of another kind -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "kind"),
    [(ALLOCATIONS, "a quota allocations document"), (DESIGNATIONS, "a designations document")],
)
def test_a_document_of_another_kind_in_a_reports_folder_is_named(
    source: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLES / "reports" / "2025-07-mining.json", tmp_path / "a.json")
    shutil.copy(ROOT / source, tmp_path / "b.json")
    assert main(["check", str(tmp_path)]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert f"b.json: $: {kind}, not a flow report" in line
    assert "required field missing" not in line


def test_a_report_given_as_allocations_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    report = "examples/reports/2025-07-mining.json"
    assert main(["check", REPORTS, "--allocations", report]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "2025-07-mining.json: $: a flow report, not a quota allocations document" in line
    assert main(["check", REPORTS, "--designations", ALLOCATIONS]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "allocations.json: $: a quota allocations document, not a designations document" in (
        line
    )


# --- several errors: all of them ---------------------------------------------------------


def test_every_error_of_a_document_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example_report()
    data["month"] = "2025-13"
    data["submitted_at"] = "yesterday"
    data["lines"][0]["quantity"] = "12.5 bananas"
    path = write_json(tmp_path / "three.json", data)
    assert main(["check", str(path)]) == 2
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 3
    assert lines[0].endswith("(and 2 more errors)")
    assert "three.json: $.lines[0].quantity: got '12.5 bananas'" in "\n".join(lines)
    assert all(line.startswith("  ") for line in lines[1:])
    assert any("$.submitted_at: got 'yesterday'" in line for line in lines[1:])


def test_many_errors_are_cut_at_a_limit_with_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example_report()
    line = data["lines"][0]
    data["lines"] = [{**line, "quantity": f"{n} bananas"} for n in range(50)]
    path = write_json(tmp_path / "fifty.json", data)
    assert main(["check", str(path)]) == 2
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == cli.MAX_ERRORS_SHOWN + 1
    assert lines[0].endswith("(and 49 more errors)")
    assert lines[-1] == (
        f"  ... {50 - cli.MAX_ERRORS_SHOWN} more errors not shown (--all-errors shows them all)"
    )
    assert main(["check", str(path), "--all-errors"]) == 2
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 50
    assert "$.lines[49].quantity: got '49 bananas'" in lines[-1]


def test_the_readme_promises_every_bad_field() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "errors that name every bad field by its path" in readme


# --- check --since / --through ------------------------------------------------------------


def _two_months(tmp_path: Path) -> Path:
    for name in ("2025-08-mining.json", "2025-09-mining.json"):
        shutil.copy(EXAMPLES / "reports" / name, tmp_path / name)
    return tmp_path


def test_since_makes_a_missing_first_month_visible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(_two_months(tmp_path))
    assert main(["check", folder, "--designations", DESIGNATIONS, "--format", "json"]) == 0
    assert "RPT002" not in capsys.readouterr().out
    assert main(["check", folder, "--designations", DESIGNATIONS, "--since", "2025-07"]) == 1
    out = capsys.readouterr().out
    assert "RPT002 violation" in out
    assert "no flow report for 2025-07" in out
    assert "no flow report for 2025-08" not in out


def test_through_makes_a_missing_last_month_visible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(_two_months(tmp_path))
    args = ["check", folder, "--designations", DESIGNATIONS, "--through", "2025-10"]
    assert main([*args, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    missing = [
        f["facts"]["missing_month"] for f in document["findings"] if f["rule_id"] == "RPT002"
    ]
    assert missing == ["2025-10"]
    assert document["summary"]["since"] is None
    assert document["summary"]["through"] == "2025-10"


def test_since_and_through_select_the_reports(capsys: pytest.CaptureFixture[str]) -> None:
    args = [*CHECK_ALL, "--since", "2025-08", "--through", "2025-08", "--format", "json"]
    main(args)
    document = json.loads(capsys.readouterr().out)
    assert {entry["month"] for entry in document["reports"]} == {"2025-08"}
    assert document["summary"]["reports"] == 3


def _quota_findings(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    main([*args, "--format", "json", "--exit-zero"])
    document = json.loads(capsys.readouterr().out)
    return [f for f in document["findings"] if f["rule_id"].startswith("QTA")]


def test_the_annual_quota_comparison_counts_the_months_the_window_skips(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # P23: the indicator is annual, so --since/--through narrow the report checks only.
    whole = _quota_findings(list(CHECK_ALL), capsys)
    windowed = _quota_findings([*CHECK_ALL, "--since", "2025-08"], capsys)
    assert windowed == whole
    mining = next(f for f in windowed if f["facts"]["activity"] == "mining")
    assert mining["facts"]["used"] == "360 t REO"  # July's 120 t REO included
    assert "2025-07" not in mining["facts"]["missing_months"]["91150200MA0BY0M12F"]


@pytest.mark.parametrize(
    ("indicator", "rule"), [("360 t REO", "QTA002"), ("359.999999 t REO", "QTA001")]
)
def test_a_month_before_since_can_take_the_year_over_its_indicator(
    tmp_path: Path, indicator: str, rule: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # August and September mine 240 t REO, July 120 t: with --since 2025-08 the year is over
    # an indicator one gram below 360 t REO, and at 360 t it is not (months still missing).
    document = json.loads((EXAMPLES / "allocations.json").read_text(encoding="utf-8"))
    for allocation in document["allocations"]:
        if allocation["activity"] == "mining":
            allocation["amount"] = indicator
    allocations = tmp_path / "allocations.json"
    allocations.write_text(json.dumps(document), encoding="utf-8")
    args = ["check", str(EXAMPLES / "reports"), "--allocations", str(allocations)]
    found = _quota_findings([*args, "--since", "2025-08"], capsys)
    mining = [f for f in found if f["facts"]["activity"] == "mining"]
    assert [f["rule_id"] for f in mining] == [rule]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--since", "2025-13"], "--since: got '2025-13'"),
        (["--through", HUGE], "--through: got '9999"),
        (["--since", "2025-09", "--through", "2025-08"], "--since 2025-09 is after --through"),
        (["--year", "2025", "--since", "2024-12"], "--since 2024-12 is not in --year 2025"),
        (["--since", "2024-06"], "policy P6"),
    ],
)
def test_bad_windows_are_one_line(
    extra: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*CHECK_ALL, *extra]) == 2
    assert expected in assert_one_error_line(capsys.readouterr().err)


# --- due --submitted-at -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "code", "expected"),
    [
        ("2025-10-10T23:59:59+08:00", 0, "on time: entered 2025-10-10 (Beijing time)"),
        ("2025-10-10T15:59:59Z", 0, "on time"),
        ("2025-10-10", 0, "on time"),
        ("2025-10-11T00:00:00+08:00", 1, "late by 0 s (entered on 2025-10-11"),
        ("2025-10-10T16:30:00+00:00", 1, "late by 30 min (entered on 2025-10-11"),
        ("2025-10-13T02:00:00+08:00", 1, "late by 2 days 2 h"),
        ("2025-10-11", 1, "late: entered on 2025-10-11, 1 day after the due date"),
    ],
)
def test_due_submitted_at(
    submitted: str, code: int, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["due", "2025-09", "--submitted-at", submitted]) == code
    out = capsys.readouterr().out
    assert "Due date:         2025-10-10" in out
    assert expected in out


def test_due_a_late_july_2025_report_is_undetermined(capsys: pytest.CaptureFixture[str]) -> None:
    # P2: due 2025-08-10, before Order No. 71 was made public on 2025-08-22
    assert main(["due", "2025-07", "--submitted-at", "2025-08-11T09:00:00+08:00"]) == 0
    out = capsys.readouterr().out
    assert "late by 9 h" in out
    assert "undetermined (policy P2)" in out
    assert main(["due", "2025-08", "--submitted-at", "2025-09-11T09:00:00+08:00"]) == 1
    assert "undetermined" not in capsys.readouterr().out


def test_due_submitted_before_the_month_ended(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "2025-09", "--submitted-at", "2025-09-20T10:00:00+08:00"]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "before the reporting month 2025-09 ended" in line


# --- quota-use -----------------------------------------------------------------------------


def test_quota_use_per_holder(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["quota-use", REPORTS, "--allocations", ALLOCATIONS, "--year", "2025"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Hengyuan Rare Earth Separation Co., Ltd. (fictional)" in out
    assert "91360700MA35HY0A11" in out
    for label in ("counted", "indicator", "headroom", "share used"):
        assert label in out


def test_quota_use_json_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    from rare_earth_regs.rules.quotas import quota_use

    args = ["quota-use", REPORTS, "--allocations", ALLOCATIONS, "--year", "2025"]
    assert main([*args, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    reports = [load_report(p) for p in sorted((EXAMPLES / "reports").glob("*.json"))]
    use = quota_use(reports, year=2025, activity="smelting_separation")
    holders = {h["uscc"]: h for h in document["smelting_separation"]["holders"]}
    hengyuan = holders["91360700MA35HY0A11"]
    assert hengyuan["counted"] == str(use.enterprises["91360700MA35HY0A11"].counted)
    assert hengyuan["indicator"] == "400 t REO"


def test_quota_use_needs_a_year_with_reports(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quota-use", REPORTS, "--year", "0000"]) == 2
    assert "--year: got '0000'" in assert_one_error_line(capsys.readouterr().err)


def _indicator(amount: str) -> QuotaAllocation:
    return QuotaAllocation(
        year=2025,
        batch=1,
        activity="smelting_separation",
        holder="Hengyuan Rare Earth Separation Co., Ltd. (fictional)",
        holder_uscc="91360700MA35HY0A11",
        amount=amount,
        basis="increment",
        source="test",
    )


@pytest.mark.parametrize(
    ("amount", "headroom", "excess", "share"),
    [
        ("275.500001 t REO", "0.000001 t REO", "0 t REO", "0.9999999964"),
        ("275.5 t REO", "0 t REO", "0 t REO", "1"),  # equal to the indicator: compliant
        ("275.499999 t REO", "0 t REO", "0.000001 t REO", "1.0000000036"),  # one gram over
    ],
)
def test_holder_quota_use_at_the_indicator(
    amount: str, headroom: str, excess: str, share: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = [load_report(p) for p in sorted((EXAMPLES / "reports").glob("*.json"))]
    allocation = _indicator(amount)
    (use,) = holder_quota_use(
        reports, year=2025, activity="smelting_separation", allocations=[allocation]
    )
    assert str(use.counted) == str(use.used) == "275.5 t REO"
    assert (str(use.headroom), str(use.excess)) == (headroom, excess)
    assert use.share_used is not None
    assert round(use.share_used, 10) == Decimal(share)
    found = check_year(reports, year=2025, allocations=[allocation])
    over = [finding for finding in found if finding.rule_id == "QTA001"]
    assert bool(over) == (use.excess.grams > 0)  # the same comparison as QTA001


def test_quota_use_shows_an_excess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((ROOT / ALLOCATIONS).read_text(encoding="utf-8"))
    data["allocations"][0]["amount"] = "275.499999 t REO"
    path = write_json(tmp_path / "tight.json", data)
    args = ["quota-use", REPORTS, "--allocations", str(path), "--year", "2025"]
    assert main([*args, "--activity", "smelting_separation"]) == 0
    out = capsys.readouterr().out
    assert "excess:       0.000001 t REO above the indicator (QTA001)" in out
    assert "share used:   100.00 %" in out
    assert "Mining" not in out


def test_quota_use_without_allocations_lists_the_uncovered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["quota-use", REPORTS, "--year", "2025", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["smelting_separation"]["holders"] == []
    uncovered = document["smelting_separation"]["without_indicator"]
    assert [entry["uscc"] for entry in uncovered] == ["91360700MA35HY0A11"]
    assert uncovered[0]["counted"] == "275.5 t REO"
    assert uncovered[0]["excluded"][0]["lines"] == 1


def test_every_command_prints_through_the_escaping_writer() -> None:
    # The class, not the cases: a command that printed with print() would bypass escape().

    package = ROOT / "src" / "rare_earth_regs" / "cli"
    offenders = [
        f"{module.name}:{node.lineno}"
        for module in sorted(package.glob("*.py"))
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    ]
    assert offenders == []


@pytest.mark.parametrize("name", ["\ud800", "a\x00b", "caf\udce9\ud800.json"])
@pytest.mark.parametrize("option", ["--allocations", "--designations"])
def test_a_name_no_file_can_have_is_one_line(
    name: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found by the fuzzer: a lone surrogate in --allocations ended in an internal error.
    assert main([*CHECK_ALL, option, name]) == 2
    err = capsys.readouterr().err
    _no_raw_controls(err)
    assert "no such file" in assert_one_error_line(err)
    assert main(["check", name]) == 2
    assert "no such file" in assert_one_error_line(capsys.readouterr().err)


def test_the_skip_reasons_and_the_internal_error_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMPLES / "reports" / "2025-07-mining.json", tmp_path / "a.json")
    shutil.copy(EXAMPLES / "reports" / "2025-08-mining.json", tmp_path / "B.JSON")
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    (tmp_path / "folder.json").mkdir()
    assert main(["check", str(tmp_path), "--lang", "zh"]) == 0
    text = capsys.readouterr().err
    skipped = f"rare-earth-regs：已跳过 {tmp_path / 'B.JSON'}"
    assert f"{skipped}：文件名以 '.JSON' 结尾，而不是 '.json'" in text
    assert "dangling.json：指向不存在目标的符号链接" in text
    assert "loop.json：循环的符号链接" in text
    assert "folder.json：文件夹" in text

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("something the tool did not expect")

    monkeypatch.setattr(cli.check, "check_filing", broken)
    assert main([*CHECK_ALL, "--lang", "zh"]) == cli.EXIT_INTERNAL
    assert capsys.readouterr().err.splitlines() == [
        "rare-earth-regs：内部错误：RuntimeError：something the tool did not expect（请报告此问题）"
    ]
