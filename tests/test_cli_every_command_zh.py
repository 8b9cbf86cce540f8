"""Every command of the tool in Chinese: its output and its main error paths.

The commands are enumerated from the parser, so a new command fails
:func:`test_every_command_has_cases` until its cases are written here. Each case runs
with ``--lang zh`` and again in a ``zh_CN.UTF-8`` locale (no ``--lang``), and every line
on stdout and stderr is scanned for English words left untranslated; the data in the
output (enterprise and product names, file names, USCCs, codes, amounts) is not prose
and is taken out first. ``--help`` and argparse's usage errors are not run here.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from clitools import ALLOCATIONS, DESIGNATIONS, REPORTS, ROOT, run
from expect import untranslated_words
from rare_earth_regs import RULES
from rare_earth_regs.cli import build_parser, main
from rare_earth_regs.data.quotas import (
    national_quota_record,
    national_quota_years,
    published_allocations,
)
from rare_earth_regs.model.elements import Element, ElementGroupScheme
from rare_earth_regs.model.reports import FlowDirection
from rare_earth_regs.serialization import load_allocations, load_report
from rare_earth_regs.tabular.layout import ENTERPRISE, FLOWS, PRODUCTS

SPREADSHEETS = "examples/spreadsheets"
XLSX = f"{SPREADSHEETS}/flows.xlsx"
CSV = f"{SPREADSHEETS}/流向.csv"
CSV_PRODUCTS = f"{SPREADSHEETS}/流向-products.csv"
CSV_ENTERPRISE = f"{SPREADSHEETS}/流向-enterprise.csv"
TRADE = "examples/trade"
INVOICES = "examples/invoices.json"
SEPTEMBER = f"{REPORTS}/2025-09-separation.json"
SEPARATION_USCC = json.loads((ROOT / SEPTEMBER).read_text(encoding="utf-8"))["enterprise"]["uscc"]

#: Placeholders in the cases: the test's temporary folder, a bad JSON file, a store.
TMP = "{tmp}"
BAD = "{tmp}/bad.json"
NOT_JSON = "{tmp}/not-json.json"
STORE = "{tmp}/filings.sqlite"
CHECKED_AT = "2025-12-02T09:00:00+08:00"

#: (argv, expected exit code) per command: its output in each format that holds text,
#: then its main error paths (a missing file, a bad input file, a bad option value).
CASES: dict[str, list[tuple[tuple[str, ...], int]]] = {
    "check": [
        (("check", REPORTS, "--allocations", ALLOCATIONS, "--designations", DESIGNATIONS), 1),
        (("check", REPORTS, "--invoices", INVOICES, "--as-of", "2025-12-01"), 1),
        (("check", XLSX, "--allocations", ALLOCATIONS), 1),
        (("check", CSV, "--products", CSV_PRODUCTS, "--enterprise", CSV_ENTERPRISE), 1),
        (("check", REPORTS, "--format", "json"), 1),
        (("check", REPORTS, "--format", "csv", "--output", "{tmp}/findings.csv"), 1),
        (("file", REPORTS, "--store", STORE, "--entered-at", "2025-12-01T09:00:00+08:00"), 0),
        (("check", "--store", STORE, "--checked-at", CHECKED_AT), 1),
        (("check", "--store", STORE), 2),
        (("check", REPORTS, "--store", STORE, "--checked-at", CHECKED_AT), 2),
        (("check", "--store", "{tmp}/missing.sqlite", "--checked-at", CHECKED_AT), 2),
        (("check", REPORTS, "--year", "2024"), 2),
        (("check", "{tmp}/missing.json"), 2),
        (("check", BAD), 2),
        (("check", NOT_JSON), 2),
        (("check", "{tmp}/bad.csv"), 2),
        (("check", TMP), 2),
        (("check", REPORTS, "--tolerance-grams", "lots"), 2),
        (("check", REPORTS, "--max-file-size", "big"), 2),
        (("check", REPORTS, "--invoices", "{tmp}/bad.csv"), 2),
        (("check", REPORTS, "--receipt", "{tmp}/no-such-folder/receipt.json"), 2),
    ],
    "file": [
        (("file", REPORTS, "--store", STORE, "--entered-at", "2025-12-01T09:00:00+08:00"), 0),
        (("file", REPORTS, "--store", STORE, "--entered-at", "2025-12-01T09:00:00+08:00"), 0),
        (("file", XLSX, "--store", STORE, "--entered-at", "2025-12-01T10:00:00+08:00"), 0),
        (("file", "{tmp}/copy", "--store", STORE, "--entered-at", "2025-12-02T09:00:00+08:00"), 0),
        (("file", "{tmp}/missing.json", "--store", STORE, "--entered-at", "2025-12-01"), 2),
        (("file", BAD, "--store", STORE, "--entered-at", "2025-12-01T09:00:00+08:00"), 2),
        (("file", REPORTS, "--store", TMP, "--entered-at", "2025-12-01T09:00:00+08:00"), 2),
        (("file", REPORTS, "--store", NOT_JSON, "--entered-at", "2025-12-01T09:00:00+08:00"), 2),
        (("file", REPORTS, "--store", STORE, "--entered-at", "2025-12-01"), 2),
        (("file", REPORTS, "--store", STORE, "--entered-at", "soon"), 2),
    ],
    "history": [
        (("file", REPORTS, "--store", STORE, "--entered-at", "2025-12-01T09:00:00+08:00"), 0),
        (("history", SEPARATION_USCC, "2025-09", "--store", STORE), 0),
        (("history", SEPARATION_USCC, "2025-10", "--store", STORE), 0),
        (("history", SEPARATION_USCC, "2025-09", "--store", STORE, "--format", "json"), 0),
        (("history", SEPARATION_USCC, "2025-09", "--store", "{tmp}/missing.sqlite"), 2),
        (("history", SEPARATION_USCC, "2025-09", "--store", NOT_JSON), 2),
        (("history", SEPARATION_USCC, "2025-13", "--store", STORE), 2),
    ],
    "template": [
        (("template", "--format", "csv", "--out", "{tmp}/flows.csv"), 0),
        (("template", "--format", "xlsx", "--out", "{tmp}/flows.xlsx", "--language", "zh"), 0),
        (("template", "--format", "csv", "--out", "{tmp}/flows.txt"), 2),
        (("template", "--format", "csv", "--out", "{tmp}/no-such-folder/flows.csv"), 2),
    ],
    "import": [
        (("import", XLSX, "--out", TMP), 0),
        (
            (
                "import",
                CSV,
                "--products",
                CSV_PRODUCTS,
                "--enterprise",
                CSV_ENTERPRISE,
                "--out",
                TMP,
            ),
            0,
        ),
        (("import", "{tmp}/missing.csv", "--out", "{tmp}/imported"), 2),
        (("import", "{tmp}/bad.csv", "--out", "{tmp}/imported"), 2),
        (("import", BAD, "--out", "{tmp}/imported"), 2),
    ],
    "quota-use": [
        (("quota-use", REPORTS, "--year", "2025", "--allocations", ALLOCATIONS), 0),
        (
            (
                "quota-use",
                REPORTS,
                "--year",
                "2025",
                "--allocations",
                ALLOCATIONS,
                "--format",
                "json",
            ),
            0,
        ),
        (("quota-use", XLSX, "--year", "2025", "--allocations", ALLOCATIONS), 0),
        (
            (
                "quota-use",
                CSV,
                "--year",
                "2025",
                "--products",
                CSV_PRODUCTS,
                "--enterprise",
                CSV_ENTERPRISE,
            ),
            0,
        ),
        (("quota-use", REPORTS, "--year", "2025", "--allocations", XLSX), 2),
        (("quota-use", "{tmp}/missing.json", "--year", "2025"), 2),
        (("quota-use", BAD, "--year", "2025"), 2),
        (("quota-use", NOT_JSON, "--year", "2025"), 2),
        (("quota-use", REPORTS, "--year", "25"), 2),
        (("quota-use", REPORTS, "--year", "2025", "--allocations", BAD), 2),
    ],
    "due": [
        (("due", "2025-09"), 0),
        (("due", "2025-09", "--submitted-at", "2025-10-11T00:30:00+08:00"), 1),
        (("due", "2025-13"), 2),
        (("due", "2025-09", "--submitted-at", "later"), 2),
    ],
    "reo": [
        (("reo", "10 t", "Dy"), 0),
        (("reo", "10 t", "--fraction", "45%"), 0),
        (("reo", "10 lb", "Dy"), 2),
        (("reo", "10 t", "Xx"), 2),
        (("reo", "10 t", "--fraction", "145%"), 2),
    ],
    "elements": [(("elements",), 0)],
    "quotas": [
        (("quotas",), 0),
        (("quotas", "2024"), 0),
        (("quotas", "2025"), 2),
        (("quotas", "1999"), 2),
    ],
    "rules": [(("rules",), 0), (("rules", "--format", "json"), 0)],
    "schema": [(("schema",), 0)],
    "export-check": [
        (("export-check", "28469011", "--on", "2025-12-01"), 0),
        (("export-check", "ndfeb_magnet:Nd=29%,Dy", "--on", "2025-06-01"), 0),
        (("export-check", "oxide:Ho", "--on", "2025-12-01"), 0),
        (("export-check", "oxide:Ho", "--on", "2026-12-01"), 0),
        (("export-check", "technology", "--on", "2025-12-01"), 0),
        (("export-check", "magnet:Dy", "--on", "2025-12-01"), 0),
        (("export-check", "oxide:Ce", "--on", "2025-12-01", "--format", "json"), 0),
        (("export-check", "gadget:Dy", "--on", "2025-12-01"), 2),
        (("export-check", "oxide:Dy", "--on", "2025-02-30"), 2),
        (("export-check", "oxide:Dy", "--on", "2024-01-01"), 2),
    ],
    "stats": [
        ((("stats", TRADE)), 0),
        (("stats", TRADE, "--by", "quarter", "--csv", "{tmp}/stats.csv"), 0),
        (("stats", XLSX), 0),
        (("stats", TRADE, "--csv", "{tmp}/no-such-folder/stats.csv"), 2),
        (("stats", "{tmp}/missing.json"), 2),
        (("stats", BAD), 2),
    ],
}


def _commands() -> list[str]:
    parser = build_parser()
    subparsers = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    return sorted(subparsers.choices)


def test_every_command_has_cases() -> None:
    missing = sorted(set(_commands()) - set(CASES))
    assert not missing, f"add Chinese output cases for the commands {missing}"
    assert not set(CASES) - set(_commands())


def _example_data() -> Iterator[str]:
    """Names and files of the bundled examples: data, printed as given."""
    for path in [*sorted((ROOT / REPORTS).glob("*.json")), *sorted((ROOT / TRADE).glob("*.json"))]:
        report = load_report(path)
        yield path.name
        yield report.enterprise.name
        yield report.enterprise.uscc
        for line in report.lines:
            yield line.product.name
            if line.counterparty is not None and line.counterparty.name is not None:
                yield line.counterparty.name
    for allocation in load_allocations(ROOT / ALLOCATIONS):
        yield allocation.holder
    for path in (ROOT / SPREADSHEETS).iterdir():
        yield path.name
    yield from ("flows", "products", "enterprise")  # the sheets of the example workbook
    for table in (FLOWS, PRODUCTS, ENTERPRISE):  # columns, named in English and Chinese
        for column in table.columns:
            yield f"{column.name} ({column.zh})"
    for direction in FlowDirection:  # a direction quoted as it is written: “purchased”
        yield f"“{direction.value}”"
    # the reference commands' data: element names in English, group schemes, rule names,
    # the quota figures' sources and notes (bibliographic data, quoted as published)
    yield from (member.name_en for member in Element)
    yield from (scheme.value for scheme in ElementGroupScheme)
    yield from (rule.name for rule in RULES.values())
    for year in national_quota_years():
        record = national_quota_record(year)
        yield from (record.source.title, record.source.url or "", record.note or "")
        yield from (allocation.holder for allocation in published_allocations(year))
    # the units a quantity may be written in
    yield "tonne(s)"


DATA = sorted(set(_example_data()))
#: Words of the command line itself: option and command names, file suffixes.
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
COMMAND_WORDS = ["rare-earth-regs", "pip install", "sqlite", "csv", "xlsx", "json", "JSON"]
#: The files and folders the cases name.
FILES = [
    REPORTS,
    SPREADSHEETS,
    TRADE,
    ALLOCATIONS,
    DESIGNATIONS,
    INVOICES,
    "bad.json",
    "not-json.json",
    "bad.csv",
    "copy/september.json",
    "missing.json",
    "missing.csv",
    "missing.sqlite",
    "filings.sqlite",
    "imported",
    "no-such-folder",
    "receipt.json",
    "stats.csv",
    "findings-quota-use.csv",
    "findings-balances.csv",
    "findings.csv",
    "flows.txt",
]
#: The commands whose output is a document for programs (the JSON Schema), not text:
#: only their error lines are checked.
MACHINE_OUTPUT = frozenset({"schema"})


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with the files the error cases read, and a copy of one report."""
    (tmp_path / "bad.json").write_text(
        json.dumps({"format": "rare_earth_regs/flow-report", "version": 1, "month": "2025-13"}),
        encoding="utf-8",
    )
    (tmp_path / "not-json.json").write_text("this is not JSON", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("quantity;month\nmany;2025-13\n", encoding="utf-8")
    (tmp_path / "imported").mkdir()
    (tmp_path / "copy").mkdir()
    shutil.copy(ROOT / SEPTEMBER, tmp_path / "copy" / "september.json")
    return tmp_path


def _argv(argv: tuple[str, ...], tmp: Path) -> list[str]:
    return [argument.replace(TMP, str(tmp)) for argument in argv]


def _all_cases() -> list[tuple[str, int]]:
    return [(command, index) for command in sorted(CASES) for index in range(len(CASES[command]))]


def _prose(text: str) -> str:
    """The text a reader reads: of a JSON document, its messages (keys and codes are data)."""
    try:
        document = json.loads(text)
    except ValueError:
        return text
    found: list[str] = []

    def walk(value: object, key: str | None) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                if name not in DATA_KEYS:  # a finding's facts are data for programs
                    walk(item, name)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key in PROSE_KEYS:
            found.append(value)

    walk(document, None)
    return "\n".join(found)


#: The keys of the JSON outputs whose values are sentences in the language of the run.
PROSE_KEYS = frozenset({"message", "reason", "subject", "title", "summary"})
#: The keys of the JSON outputs whose values are data for programs, not sentences.
DATA_KEYS = frozenset({"facts", "params", "reason_params"})
#: A field named in an error line (``month：收到 '2025-13'``) is a name, not prose.
_FIELD = re.compile(r"[a-z_]+(?=：收到)")


def untranslated_lines(text: str, tmp: Path) -> list[tuple[str, list[str]]]:
    """The lines of ``text`` with English words left, and those words."""
    data = [str(tmp), *FILES, *DATA, *COMMAND_WORDS]
    found = []
    for line in _prose(text).splitlines():
        words = untranslated_words(_FIELD.sub(" ", _OPTION.sub(" ", line)), data)
        if words:
            found.append((line, words))
    return found


def _run_command(
    command: str, upto: int, tmp: Path, capsys: pytest.CaptureFixture[str], lang: list[str]
) -> tuple[int, str, str]:
    # the cases of one command build on each other (a store filed, then read back)
    for index in range(upto + 1):
        argv, expected = CASES[command][index]
        code = main([*_argv(argv, tmp), *lang])
        captured = capsys.readouterr()
        assert code == expected, (argv, captured.err)
    return code, captured.out, captured.err


@pytest.mark.parametrize(("command", "index"), _all_cases())
def test_every_line_in_chinese_with_lang_zh(
    command: str, index: int, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, err = _run_command(command, index, workspace, capsys, ["--lang", "zh"])
    if CASES[command][index][1] == 2:
        assert err.startswith("rare-earth-regs：错误："), err
    if command not in MACHINE_OUTPUT:
        assert untranslated_lines(out, workspace) == []
    assert untranslated_lines(err, workspace) == []


@pytest.mark.parametrize(("command", "index"), _all_cases())
def test_every_line_in_chinese_in_a_chinese_locale(
    command: str,
    index: int,
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, out, err = _run_command(command, index, workspace, capsys, [])
    if command not in MACHINE_OUTPUT:
        assert untranslated_lines(out, workspace) == []
    assert untranslated_lines(err, workspace) == []


@pytest.mark.parametrize("command", sorted(CASES))
def test_the_real_entry_point_in_a_chinese_locale(command: str, workspace: Path) -> None:
    argv, expected = CASES[command][0]
    done = run(*_argv(argv, workspace), env={"LANG": "zh_CN.UTF-8"})
    assert done.returncode == expected, done.stderr
    if command not in MACHINE_OUTPUT:
        assert untranslated_lines(done.stdout, workspace) == []
    assert untranslated_lines(done.stderr, workspace) == []


def test_english_is_not_flagged_by_accident(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the scan is not blind: the same command in English is full of words it finds
    code = main(["export-check", "oxide:Ho", "--on", "2025-12-01", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert untranslated_lines(out, workspace)
