"""Run every example in the docs with Sybil, as part of ``python -m pytest``.

* ``python`` code blocks run; a block that starts with ``>>>`` is a doctest whose output is
  checked (``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` are on, so long output may wrap).
* ``console`` blocks are command-line sessions: each ``$ rare-earth-regs ...`` line runs the
  CLI in-process and its output (stdout and stderr) must match the lines below it;
  ``$ echo $?`` prints the previous command's exit code.
* ``json`` blocks must parse; a block whose ``format`` is one of the library's formats must
  load with the matching loader, and a flow report must also pass the JSON Schema.

Examples run with the repository root as the working directory, so they can name files in
``examples/``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
from collections.abc import Iterator
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path
from typing import Any

import pytest
from sybil import Document, Example, Region, Sybil
from sybil.parsers.markdown.lexers import FencedCodeBlockLexer
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

from rare_earth_regs import cli, serialization

ROOT = Path(__file__).resolve().parent.parent

# The Sphinx configuration, the extension and the inventory script are not test modules.
collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*", "_ext/*", "_inv/*"]

_LOADERS = {
    serialization.REPORT_FORMAT: serialization.loads_report,
    serialization.ALLOCATIONS_FORMAT: serialization.loads_allocations,
    serialization.DESIGNATIONS_FORMAT: serialization.loads_designations,
    serialization.PRODUCTS_FORMAT: serialization.loads_products,
    serialization.INVOICES_FORMAT: serialization.loads_invoices,
}


def run_console(example: Example) -> str | None:
    """Run a console session through ``cli.main`` and compare its output."""
    expected: list[str] = []
    actual: list[str] = []
    status = 0
    for line in str(example.parsed).splitlines():
        if not line.startswith("$ "):
            expected.append(line.rstrip())
            continue
        expected.append(line.rstrip())
        actual.append(line.rstrip())
        command = shlex.split(line[2:])
        if command == ["echo", "$?"]:
            actual.append(str(status))
            continue
        if command[0] != cli.PROG:
            return f"only {cli.PROG} commands can be checked, not: {line}"
        output = io.StringIO()
        with (
            contextlib.redirect_stdout(output),
            contextlib.redirect_stderr(output),
            pytest.MonkeyPatch.context() as patch,
        ):
            patch.setenv("COLUMNS", "80")  # argparse wraps help text to the terminal width
            status = cli.main(command[1:])
        actual.extend(text.rstrip() for text in output.getvalue().splitlines())
    while expected and not expected[-1]:
        expected.pop()
    while actual and not actual[-1]:
        actual.pop()
    if actual != expected:
        return "console output differs:\nexpected:\n{}\ngot:\n{}".format(
            "\n".join(expected), "\n".join(actual)
        )
    return None


def check_json(example: Example) -> str | None:
    """A JSON example parses, and a library document loads with its loader."""
    text = str(example.parsed)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return f"invalid JSON: {error}"
    name = data.get("format") if isinstance(data, dict) else None
    loader = _LOADERS.get(name) if isinstance(name, str) else None
    if loader is not None:
        loader(text)
    if loader is serialization.loads_report:
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(data, serialization.report_schema())
    return None


class FencedParser:
    """Regions for fenced code blocks of one language, evaluated by ``evaluator``."""

    def __init__(self, language: str, evaluator: Any) -> None:
        self.lexer = FencedCodeBlockLexer(language=language, mapping={"source": "source"})
        self.evaluator = evaluator

    def __call__(self, document: Document) -> Iterator[Region]:
        for lexed in self.lexer(document):
            yield Region(lexed.start, lexed.end, lexed.lexemes["source"], self.evaluator)


def _enter_root(namespace: dict[str, Any]) -> None:
    namespace["_previous_cwd"] = Path.cwd()
    os.chdir(ROOT)


def _leave_root(namespace: dict[str, Any]) -> None:
    os.chdir(namespace.pop("_previous_cwd"))


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        DocTestDirectiveParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
        FencedParser("console", run_console),
        FencedParser("json", check_json),
    ],
    patterns=["*.md"],
    excludes=["_build/*"],
    setup=_enter_root,
    teardown=_leave_root,
).pytest()
