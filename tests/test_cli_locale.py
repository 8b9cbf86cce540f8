"""The command line in Chinese: ``--lang zh``, a ``zh_CN.UTF-8`` locale, and the fallback.

Every line the tool writes for the commands below is checked for English words left
untranslated, the data aside (enterprise and product names, paths, codes, amounts).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from clitools import ALLOCATIONS, CHECK_ALL, DESIGNATIONS, REPORTS, ROOT, run, write_json
from expect import untranslated_words
from rare_earth_regs import RULES
from rare_earth_regs.cli import main
from rare_earth_regs.cli.common import NEEDS_HOLIDAYS
from rare_earth_regs.data.quotas import (
    national_quota_record,
    national_quota_years,
    published_allocations,
)
from rare_earth_regs.model.elements import Element
from rare_earth_regs.rules.registry import describe
from rare_earth_regs.serialization import load_allocations, load_designations, load_report


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _example_data() -> Iterator[str]:
    """The names and files of the bundled examples: data, printed as given."""
    for path in sorted((ROOT / REPORTS).glob("*.json")):
        report = load_report(path)
        yield str(path.relative_to(ROOT))
        yield report.enterprise.name
        yield from (line.product.name for line in report.lines)
    for allocation in load_allocations(ROOT / ALLOCATIONS):
        yield allocation.holder
    for designation in load_designations(ROOT / DESIGNATIONS):
        yield designation.uscc


DATA = sorted(set(_example_data()))


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_with_lang_zh_writes_every_line_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _out(capsys, *CHECK_ALL, "--lang", "zh")
    assert code == 1  # the examples hold a violation
    assert err == ""
    assert "已检查 9 份报告（104 行）：1 条违规" in out
    assert "RPT001 违规：" in out
    assert "依据：《稀土开采和稀土冶炼分离总量调控管理暂行办法》" in out
    for line in out.splitlines():
        assert untranslated_words(line, [*DATA, "USCC"]) == [], line


def test_check_json_with_lang_zh_carries_the_message_id_and_iso_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _out(capsys, *CHECK_ALL, "--format", "json", "--lang", "zh")
    assert code == 1
    findings = json.loads(out)["findings"]
    late = next(item for item in findings if item["rule_id"] == "RPT001")
    assert late["lang"] == "zh"
    assert late["message_id"] == "RPT001.entered-late"
    assert late["params"]["due_date"] == "2025-10-10"
    assert "晚于截止日期 2025-10-10" in late["message"]
    code, out, _ = _out(capsys, *CHECK_ALL, "--format", "json")
    english = next(item for item in json.loads(out)["findings"] if item["rule_id"] == "RPT001")
    assert english["lang"] == "en"
    assert english["params"] == late["params"]
    assert "after its due date 2025-10-10" in english["message"]


@pytest.mark.parametrize(
    ("environ", "chinese"),
    [
        ({"LANG": "zh_CN.UTF-8"}, True),
        ({"LC_MESSAGES": "zh_CN.UTF-8"}, True),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, False),
        ({"LANG": "xx_YY.nonsense"}, False),
        ({}, False),
    ],
)
def test_the_locale_decides_without_lang(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environ: dict[str, str],
    chinese: bool,
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    code, out, err = _out(capsys, *CHECK_ALL, "--exit-zero")
    assert code == 0
    assert err == ""
    assert ("已检查 9 份报告" in out) is chinese
    assert ("Checked 9 reports" in out) is not chinese


def test_lang_overrides_the_locale(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, out, _ = _out(capsys, *CHECK_ALL, "--exit-zero", "--lang", "en")
    assert "Checked 9 reports" in out
    _, out, _ = _out(capsys, "--lang", "zh", *CHECK_ALL, "--exit-zero")
    assert "已检查 9 份报告" in out


def test_an_unknown_lang_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _out(capsys, "rules", "--lang", "fr")
    assert code == 2
    assert "--lang" in err


def test_the_real_entry_point_in_a_chinese_locale() -> None:
    done = run(*CHECK_ALL, "--exit-zero", env={"LANG": "zh_CN.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert "已检查 9 份报告（104 行）" in done.stdout
    done = run(*CHECK_ALL, "--exit-zero", env={"LANG": "no_SUCH.locale"})
    assert done.returncode == 0, done.stderr
    assert "Checked 9 reports (104 lines)" in done.stdout


def test_rules_in_chinese_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _out(capsys, "rules", "--lang", "zh")
    assert code == 0
    for rule in RULES.values():
        assert rule.title_in("zh") in out
        assert rule.summary_in("zh") in out
    for line in out.splitlines():
        assert untranslated_words(line, [*RULES, *(rule.name for rule in RULES.values())]) == [], (
            line
        )
    _, out, _ = _out(capsys, "rules", "--format", "json", "--lang", "zh")
    assert json.loads(out)["rules"] == [describe(RULES[key], "zh") for key in sorted(RULES)]


def test_errors_in_chinese_keep_their_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _out(capsys, "check", "missing.json", "--lang", "zh")
    assert code == 2
    assert err == "rare-earth-regs：错误：missing.json：没有这个文件或者文件夹\n"
    code, _, err = _out(capsys, "due", "2025-13", "--lang", "zh")
    assert code == 2
    assert err.startswith("rare-earth-regs：错误：month：收到 '2025-13'；应为")
    bad = write_json(
        tmp_path / "bad.json",
        {"format": "rare_earth_regs/flow-report", "version": 1, "month": "2025-13"},
    )
    code, _, err = _out(capsys, "check", str(bad), "--lang", "zh")
    assert code == 2
    first, *rest = err.splitlines()
    assert first.startswith(f"rare-earth-regs：错误：{bad}：$.")
    assert "处错误）" in first
    for line in [first, *rest]:
        assert (
            untranslated_words(line, [str(bad), "$.enterprise", "$.month", "$.products"]) == []
        ), line


def test_due_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _out(capsys, "due", "2025-12", "--lang", "zh")
    assert code == 0
    assert err == ""
    assert out.splitlines()[:2] == [
        "报告月份：  2025-12",
        "截止日期：  2026-01-10（当日或者之前，北京时间日历日）",
    ]
    for line in out.splitlines():
        assert untranslated_words(line) == [], line


#: The command line's own words: option and command names, the install command.
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
COMMAND_WORDS = ["pip install", "rare-earth-regs", "reo", "stats", "usgs"]


def _lines_in_chinese(text: str, data: list[str]) -> None:
    for line in text.splitlines():
        assert untranslated_words(_OPTION.sub(" ", line), [*data, *COMMAND_WORDS]) == [], line


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("elements",), "Z   符号  英文名"),
        (("quotas",), "全国稀土总量控制指标，吨（以稀土氧化物 REO 计）（无：来源未给出）"),
        (("quotas", "2024"), "2024 年全国稀土总量控制指标，吨（以稀土氧化物 REO 计）"),
        (("reo", "10 t", "Nd"), "氧化物 Nd2O3，折算系数 1.1663766448"),
        (("reo", "10 t", "--fraction", "45%"), "10 t 产品 = 4.5 t REO"),
    ],
)
def test_reference_commands_in_chinese(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], expected: str
) -> None:
    code, out, err = _out(capsys, *argv, "--lang", "zh")
    assert (code, err) == (0, "")
    assert expected in out
    # element names (the English column) and the sources' titles and holders are data
    data = [member.name_en for member in Element]
    for year in national_quota_years():
        record = national_quota_record(year)
        data += [record.source.title, record.source.url or "", record.note or ""]
        data += [allocation.holder for allocation in published_allocations(year)]
    _lines_in_chinese(out, data)


def test_due_verdicts_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _out(
        capsys, "due", "2025-09", "--submitted-at", "2025-10-12T01:00:00+08:00", "--lang", "zh"
    )
    assert code == 1
    assert (
        "录入时间：  迟延 1 天 1 小时（于北京时间 2025-10-12 录入，超过截止日期 2025-10-10 2 天）"
        in out
    )
    code, out, _ = _out(capsys, "due", "2025-09", "--submitted-at", "2025-10-10", "--lang", "zh")
    assert code == 0
    assert "录入时间：  按时：于北京时间 2025-10-10 录入，未超过截止日期" in out
    _lines_in_chinese(out, [])
    code, _, err = _out(capsys, "due", "2025-09", "--submitted-at", "2025-09-30", "--lang", "zh")
    assert code == 2
    assert "早于报告月份 2025-09 结束" in err
    _lines_in_chinese(err, [])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("reo", "1 t"), "reo：给出 ELEMENT 或者 --fraction F 二者之一"),
        (
            ("check", REPORTS, "--since", "2025-09", "--through", "2025-08"),
            "--since 2025-09 晚于 --through 2025-08",
        ),
        (
            ("check", REPORTS, "--year", "2025", "--since", "2024-09"),
            "--since 2024-09 不在 --year 2025 之内",
        ),
        (("template", "--out", "flows.txt", "--format", "csv"), "csv 模板的文件名须以 .csv 结尾"),
        (("import", "missing.csv", "--out", "."), "missing.csv：没有这个文件"),
    ],
)
def test_command_line_errors_in_chinese(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], expected: str
) -> None:
    code, out, err = _out(capsys, *argv, "--lang", "zh")
    assert (code, out) == (2, "")
    assert err.startswith("rare-earth-regs：错误："), err
    assert expected in err, err
    _lines_in_chinese(err, [REPORTS, "flows.txt", "missing.csv", "csv"])


def test_the_holidays_error_names_the_extra_both_ways() -> None:
    zh = NEEDS_HOLIDAYS().render("zh")
    for text in (NEEDS_HOLIDAYS().render("en"), zh):
        assert "pip install 'rare-earth-regs[holidays]'" in text
        assert "pip install '.[holidays]'" in text
    _lines_in_chinese(zh, [])


def test_quota_use_labels_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _out(
        capsys, "quota-use", REPORTS, "--allocations", ALLOCATIONS, "--year", "2025", "--lang", "zh"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("2025 年总量控制指标使用情况，吨（以稀土氧化物 REO 计）")
    assert "    总量控制指标：500 t REO" in lines
    assert "    余量：        140 t REO" in lines
    assert "    已用比例：    72.00 %" in lines
    # the reasons of excluded lines are not catalogued yet: the labels are
    labels = [line for line in lines if "不计入：" not in line and "无法判定：" not in line]
    _lines_in_chinese("\n".join(labels), DATA)


def test_export_check_in_chinese_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _out(capsys, "export-check", "28469011", "--on", "2025-12-01", "--lang", "zh")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "物项：               Y 的氧化物（海关商品编码 28469011）"
    assert "结论：               需要" in lines
    assert "文件：               《商务部 海关总署公告2025年第18号》" in lines
    assert "管制编码：           1C908（编号系推断）" in lines
    assert "海关商品编码对应：   28469011 -> 1C908（系推断）" in lines
    assert lines[-1] == "本库数据的截止日期： 2026-11-10"
    _lines_in_chinese(out, [])
    code, out, _ = _out(
        capsys, "export-check", "oxide:Ho", "--on", "2025-12-01", "--format", "json", "--lang", "zh"
    )
    answer = json.loads(out)
    assert (answer["status"], answer["lang"], answer["subject"]) == (
        "not_required",
        "zh",
        "Ho 的氧化物",
    )
    assert answer["reason"].startswith("不需要：商务部 海关总署公告2025年第57号")
    assert answer["reason_id"] == "export.not-required-inactive"
    _, out, _ = _out(capsys, "export-check", "oxide:Ho", "--on", "2025-12-01", "--format", "json")
    english = json.loads(out)
    assert english["reason"].startswith("not required: MOFCOM/GAC Announcement No. 57 of 2025")
    assert (english["lang"], english["reason_params"]) == ("en", answer["reason_params"])


def test_export_check_in_english_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _out(capsys, "export-check", "technology", "--on", "2025-12-01")
    assert code == 0
    assert out.splitlines()[:3] == [
        "item:              technology, rare earth content not stated",
        "on:                2025-12-01",
        "answer:            undetermined",
    ]


def test_file_and_history_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "filings.sqlite")
    september = f"{REPORTS}/2025-09-separation.json"
    entered = ("--entered-at", "2025-12-01T09:00:00+08:00")
    code, out, _ = _out(capsys, "file", september, "--store", store, *entered, "--lang", "zh")
    assert code == 0
    assert out == f"已存入：91360700MA35HY0A11 2025-09 第 1 修订版本（{september}）\n"
    _, out, _ = _out(capsys, "file", september, "--store", store, *entered, "--lang", "zh")
    assert out.startswith("已存储过：91360700MA35HY0A11 2025-09")
    code, out, _ = _out(
        capsys, "history", "91360700MA35HY0A11", "2025-09", "--store", store, "--lang", "zh"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["修订版本", "存入时间", "录入时间", "sha256", "来源"]
    assert lines[1].startswith("1 *       2025-12-01T01:00:00+00:00")
    assert lines[-1] == "* 计入的修订版本（政策 P12）"
    _, out, _ = _out(
        capsys, "history", "91360700MA35HY0A11", "2025-10", "--store", store, "--lang", "zh"
    )
    assert out == "报告归档库中没有 91360700MA35HY0A11 2025-10 的报告\n"
    _, out, _ = _out(capsys, "history", "91360700MA35HY0A11", "2025-10", "--store", store)
    assert out == "nothing stored for 91360700MA35HY0A11 2025-10\n"


def test_a_file_the_system_refuses_is_named_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    receipt = tmp_path / "no-such-folder" / "receipt.json"
    code, _, err = _out(capsys, *CHECK_ALL, "--receipt", str(receipt), "--lang", "zh")
    assert code == 2
    assert err == f"rare-earth-regs：错误：{receipt}：没有这个文件或者文件夹\n"
    code, _, err = _out(capsys, *CHECK_ALL, "--receipt", str(receipt))
    assert err == f"rare-earth-regs: error: {receipt}: No such file or directory\n"
