"""The Babel extraction method for the catalogue (a developer tool; see docs/testing.md).

``pybabel extract`` reads the source with :func:`extract_messages` (named in
``babel.cfg``). It finds, by reading the syntax tree, never by importing:

* ``define("<id>", "<English>")``: a message with its id as ``msgctxt``;
* ``accepted="<English>"`` in any call (the accepted form of an error) and
  ``N_("<English>")``: a phrase looked up by its English text;
* ``help="<English>"``, ``description="<English>"`` and ``epilog="<English>"`` in the
  calls that build the command line's parser (``add_argument``, ``add_parser``,
  ``Parser`` ...): its help text, looked up by its English text too;
* ``register(id="<RULE>", ...)(check)``: the rule's title and summary (the first line and
  the ``Interpretation:`` section of ``check``'s docstring), ids ``rule.<RULE>.title`` and
  ``rule.<RULE>.summary``.

:func:`rule_title_and_summary` is the one reading of a rule docstring, used by the rule
registry too.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["extract_messages", "rule_title_and_summary"]

Extracted = tuple[int, str, "str | list[str]", list[str]]

#: The argparse calls whose help texts are catalogued, and the keywords that hold them.
_PARSER_CALLS = frozenset(
    {
        "add_argument",
        "add_argument_group",
        "add_parser",
        "add_subparsers",
        "ArgumentParser",
        "Parser",
    }
)
_HELP_KEYWORDS = frozenset({"help", "description", "epilog", "title"})


def rule_title_and_summary(doc: str) -> tuple[str, str]:
    """A rule docstring's title (first line) and summary (its ``Interpretation:`` section).

    The summary is the section's text joined into one paragraph; a docstring without the
    section has an empty summary.
    """
    text = inspect.cleandoc(doc)
    lines = text.splitlines()
    title = lines[0].strip() if lines else ""
    summary: list[str] = []
    inside = False
    for line in lines[1:]:
        if line.strip() == "Interpretation:":
            inside = True
            continue
        if inside:
            if line and not line.startswith(" "):
                break  # the next section heading
            if line.strip().startswith(">>>"):
                break
            summary.append(line.strip())
    return title, " ".join(part for part in summary if part)


def _string(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def extract_messages(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[Extracted]:
    """Yield ``(lineno, funcname, messages, comments)`` for Babel (see the module doc)."""
    del keywords, comment_tags, options  # the markers are fixed by this module
    tree = ast.parse(fileobj.read())
    docstrings = {
        node.name: ast.get_docstring(node) or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name == "define" and len(node.args) == 2:
            message_id, english = _string(node.args[0]), _string(node.args[1])
            if message_id is not None and english is not None:
                yield node.lineno, "pgettext", [message_id, english], []
        if name == "N_" and len(node.args) == 1:
            english = _string(node.args[0])
            if english:
                yield node.lineno, "gettext", english, []
        catalogued = {"accepted"} | (_HELP_KEYWORDS if name in _PARSER_CALLS else set())
        for keyword in node.keywords:
            english = _string(keyword.value) if keyword.arg in catalogued else None
            if english:
                yield node.lineno, "gettext", english, []
        yield from _rule(node, docstrings)


def _rule(node: ast.Call, docstrings: dict[str, str]) -> Iterator[Extracted]:
    # register(id="RPT001", ...)(check_report_deadline)
    inner = node.func
    if not (isinstance(inner, ast.Call) and _name(inner.func) == "register"):
        return
    rule_id = next((_string(k.value) for k in inner.keywords if k.arg == "id"), None)
    check = _name(node.args[0]) if node.args else None
    if rule_id is None or check is None or check not in docstrings:
        return
    title, summary = rule_title_and_summary(docstrings[check])
    if title:
        yield node.lineno, "pgettext", [f"rule.{rule_id}.title", title], []
    if summary:
        yield node.lineno, "pgettext", [f"rule.{rule_id}.summary", summary], []
