"""Every command's help and argparse's usage errors in Chinese; the English as argparse writes it.

The commands are read from the parser itself, so a command added later is covered here
without a change to this file.
"""

from __future__ import annotations

import argparse
import inspect
import re

import pytest

from clitools import run
from expect import untranslated_words
from rare_earth_regs.cli import PROG, build_parser, main
from rare_earth_regs.cli.common import display_width
from rare_earth_regs.cli.parser import ARGPARSE_MESSAGES, argparse_message, wrap
from rare_earth_regs.locale import translate

WIDTH = 80


@pytest.fixture(autouse=True)
def _english_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    # the machine's locale and terminal are not the test's
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", str(WIDTH))


TOP = build_parser()
(SUBCOMMANDS,) = [
    action for action in TOP._actions if isinstance(action, argparse._SubParsersAction)
]
COMMANDS: dict[str, argparse.ArgumentParser] = dict(SUBCOMMANDS.choices)
PARSERS = [TOP, *COMMANDS.values()]
#: The top-level help and each command's.
HELP = [("--help",), *((name, "--help") for name in COMMANDS)]


def _printed_as_given() -> list[str]:
    """What help prints as it is: command and option names, metavars and choices."""
    names = [PROG, *COMMANDS]
    for parser in PARSERS:
        for action in parser._actions:
            names += action.option_strings
            if isinstance(action.metavar, str):
                names.append(action.metavar)
            if action.choices is not None and not isinstance(action.choices, dict):
                names += [str(choice) for choice in action.choices]
    return names


_GIVEN = re.compile(
    "(?<![\\w-])(?:"
    + "|".join(re.escape(name) for name in sorted(set(_printed_as_given()), key=len, reverse=True))
    + ")(?![\\w-])"
)
_FILE_NAME = re.compile(r"[\w<>*-]*\.(?:json|csv|xlsx)\b")
#: Names and code in the help texts: a standard's name and a shell command.
CODE = ["JSON Schema", '"$(date -Iseconds)"']


def _english_left(text: str, data: list[str] | None = None) -> list[tuple[str, list[str]]]:
    """The lines of ``text`` with English words in them, the names, code and data aside."""
    found = []
    for line in text.splitlines():
        plain = _FILE_NAME.sub(" ", _GIVEN.sub(" ", line))
        words = untranslated_words(plain, [*CODE, *(data or [])])
        if words:
            found.append((line, words))
    return found


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_chinese_help(code: int, out: str, err: str) -> None:
    assert (code, err) == (0, "")
    assert out.startswith(f"用法：{PROG}")
    assert "\n选项：\n" in out
    assert _english_left(out) == []
    assert [line for line in out.splitlines() if display_width(line) > WIDTH] == []


@pytest.mark.parametrize("argv", HELP, ids=" ".join)
@pytest.mark.parametrize("where", ["after", "before", "equals"])
def test_every_help_in_chinese_with_lang_zh(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], where: str
) -> None:
    if where == "after":
        arguments = [*argv, "--lang", "zh"]
    elif where == "before":
        arguments = ["--lang", "zh", *argv]
    else:
        arguments = [*argv, "--lang=zh"]
    _assert_chinese_help(*_out(capsys, *arguments))


@pytest.mark.parametrize(
    "argv", [("--la", "zh", "--help"), ("due", "--help", "--lan=zh"), ("due", "--l", "zh", "-h")]
)
def test_lang_abbreviated_as_argparse_allows_chooses_the_help_s_language_too(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    _assert_chinese_help(*_out(capsys, *argv))


def test_lang_abbreviated_chooses_the_output_s_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert _out(capsys, "due", "2025-09", "--la", "zh")[1].startswith("报告月份：")
    assert _out(capsys, "--lan=zh", "due", "2025-09", "--l", "en")[1].startswith("Reporting month")


@pytest.mark.parametrize("argv", HELP, ids=" ".join)
def test_every_help_in_chinese_in_a_chinese_locale(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _assert_chinese_help(*_out(capsys, *argv))


@pytest.mark.parametrize("argv", HELP, ids=" ".join)
def test_every_help_in_english_keeps_argparse_and_the_source_texts(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, err = _out(capsys, *argv)
    assert (code, err) == (0, "")
    assert out.startswith(f"usage: {PROG}")
    assert "\noptions:\n" in out
    parser = COMMANDS[argv[0]] if len(argv) == 2 else TOP
    flat = " ".join(out.split())
    if parser.description:
        assert " ".join(parser.description.split()) in flat
    # the one Chinese in English help names the language --lang chooses
    assert set(re.findall(r"[\u4e00-\u9fff]+", out)) == {"简体中文"}


def test_the_help_names_every_command_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _out(capsys, "--help", "--lang", "zh")
    for name, command in COMMANDS.items():
        listed = next(line for line in out.splitlines() if line.startswith(f"    {name} "))
        assert listed.split(maxsplit=1)[1] == translate(_summary(name), "zh"), command.prog


def _summary(name: str) -> str:
    (choice,) = [action for action in SUBCOMMANDS._choices_actions if action.dest == name]
    assert choice.help is not None
    return choice.help


def test_the_export_check_description_carries_the_knowledge_horizon(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = _out(capsys, "export-check", "--help", "--lang", "zh")
    assert "本库数据的截止日期：2026-11-10" in "".join(out.split())
    _, out, _ = _out(capsys, "export-check", "--help")
    assert "Knowledge horizon: 2026-11-10;" in " ".join(out.split())


@pytest.mark.parametrize(
    "environ",
    [{"LANG": "xx_YY.bogus"}, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, {"LANG": ""}, {}],
)
def test_an_unknown_or_missing_locale_gives_the_english_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], environ: dict[str, str]
) -> None:
    english = _out(capsys, "check", "--help")
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert _out(capsys, "check", "--help") == english
    assert english[1].startswith("usage: rare-earth-regs check")


def test_the_real_entry_point_helps_in_the_locale_it_runs_in() -> None:
    chinese = run("check", "--help", env={"LANG": "zh_CN.UTF-8", "COLUMNS": "80"})
    assert (chinese.returncode, chinese.stderr) == (0, "")
    assert chinese.stdout.startswith("用法：rare-earth-regs check")
    assert "检查月度稀土产品流向报告" in chinese.stdout
    english = run("check", "--help", env={"COLUMNS": "80"})
    unknown = run("check", "--help", env={"LANG": "no_SUCH.locale", "COLUMNS": "80"})
    assert (unknown.returncode, unknown.stderr) == (0, "")
    assert unknown.stdout == english.stdout
    assert english.stdout.startswith("usage: rare-earth-regs check")


# --- usage errors --------------------------------------------------------------------------

USAGE_ERRORS = [
    ((), PROG, "缺少以下必需的参数：COMMAND"),
    (("frobnicate",), PROG, "参数 COMMAND：无效的选择 'frobnicate'（可选：'check', "),
    (("check", "--nope"), PROG, "无法识别的参数：--nope"),
    (("template",), f"{PROG} template", "缺少以下必需的参数：--out"),
    (("quota-use", "examples/reports"), f"{PROG} quota-use", "缺少以下必需的参数：--year"),
    (
        ("rules", "--format", "x"),
        f"{PROG} rules",
        "参数 --format：无效的选择 'x'（可选：'text', 'json'）",
    ),
    (("template", "--out"), f"{PROG} template", "参数 --out：需要一个值"),
    (("check", "--exit-zero=1"), f"{PROG} check", "参数 --exit-zero：此选项不带值，不能给出 '1'"),
    (("check", "--a"), f"{PROG} check", "选项 --a 有歧义，可能是 --allocations, --as-of, "),
]


@pytest.mark.parametrize(
    "case", USAGE_ERRORS, ids=[" ".join(argv) or "(nothing)" for argv, _, _ in USAGE_ERRORS]
)
@pytest.mark.parametrize("locale", [False, True])
def test_usage_errors_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: tuple[tuple[str, ...], str, str],
    locale: bool,
) -> None:
    argv, prog, message = case
    if locale:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, out, err = _out(capsys, *argv, *(() if locale else ("--lang", "zh")))
    assert (code, out) == (2, "")
    *usage, last = err.splitlines()
    assert usage[0].startswith(f"用法：{prog} ")
    assert last.startswith(f"{prog}：错误：{message}")
    # the values argparse echoes (a bad argument) are the user's words
    assert _english_left(err, list(argv)) == []


def test_usage_errors_in_english_are_argparse_s_own(capsys: pytest.CaptureFixture[str]) -> None:
    assert _out(capsys, "check", "--nope") == (
        2,
        "",
        "usage: rare-earth-regs [-h] [--version] [--lang {en,zh}] COMMAND ...\n"
        "rare-earth-regs: error: unrecognized arguments: --nope\n",
    )
    assert _out(capsys, "rules", "--format", "x") == (
        2,
        "",
        "usage: rare-earth-regs rules [-h] [--format {text,json}] [--lang {en,zh}]\n"
        "rare-earth-regs rules: error: argument --format: invalid choice: 'x' "
        "(choose from 'text', 'json')\n",
    )


# --- the catalogue of argparse's own words -------------------------------------------------

_CONVERSIONS = re.compile(r"%(?:\(\w+\))?[rsd%]")


@pytest.mark.parametrize("english", ARGPARSE_MESSAGES)
def test_argparse_s_own_words_are_argparse_s_and_translated(english: str) -> None:
    # argparse changes its wording between versions: a template it no longer uses would
    # leave its errors in English, so each must be argparse's own, word for word
    assert english in inspect.getsource(argparse)
    chinese = translate(english, "zh")
    assert chinese != english
    assert sorted(_CONVERSIONS.findall(chinese)) == sorted(_CONVERSIONS.findall(english))


def test_an_argparse_message_keeps_its_values_and_stays_english_unmatched() -> None:
    assert argparse_message("unrecognized arguments: --a b", "zh") == "无法识别的参数：--a b"
    assert argparse_message("unrecognized arguments: --a b", "en") == (
        "unrecognized arguments: --a b"
    )
    assert argparse_message("something argparse never said", "zh") == (
        "something argparse never said"
    )
    nested = "argument --on: invalid choice: 'a: b' (choose from 'x', 'y')"
    assert argparse_message(nested, "zh") == "参数 --on：无效的选择 'a: b'（可选：'x', 'y'）"


@pytest.mark.parametrize("width", [10, 24, 56])
def test_chinese_wraps_by_display_width_and_keeps_punctuation_with_its_word(width: int) -> None:
    text = (
        "检查日期：没有录入时间的报告过了截止日期即为逾期（默认：此类报告无法判定），"
        "见 --as-of YYYY-MM-DD 和 FILE-quota-use.csv。"
    )
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for index, line in enumerate(lines):
        longest_word = max(display_width(word) for word in line.split())
        assert display_width(line) <= max(width, longest_word) + 2, line  # + a closing mark
        assert line[0] not in "，。、；：）", line
        assert line[-1] not in "（", line
        if index:
            assert not line.startswith(" ")
