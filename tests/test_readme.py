"""The README's usage example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_usage_example_prints_the_documented_output(monkeypatch: pytest.MonkeyPatch) -> None:
    [code] = _blocks("python")
    [expected] = _blocks("text")
    monkeypatch.chdir(ROOT)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert output.getvalue() == expected


def test_quick_start_has_exactly_two_marked_commands() -> None:
    marked = re.findall(r"<!-- ci:(\w[\w-]*) -->\n```sh\n(.+)\n```", README)
    assert [name for name, _ in marked] == ["main-command", "test-command"]
    for _, command in marked:
        assert command.startswith("python3 -m venv .venv && ")
    assert os.path.exists(ROOT / ".ci" / "run")
