"""Assertions on the library's errors and findings, shared by the test modules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import Citation
from rare_earth_regs.locale import Message


def raised(call: Callable[[], object]) -> InvalidInputError:
    """The InvalidInputError ``call`` raises."""
    with pytest.raises(InvalidInputError) as info:
        call()
    return info.value


def assert_error(expected: InvalidInputError, call: Callable[[], object]) -> None:
    """``call`` raises exactly ``expected``: same class, field, value, accepted form, message."""
    error = raised(call)
    assert type(error) is type(expected)
    assert (error.field, error.value, error.accepted) == (
        expected.field,
        expected.value,
        expected.accepted,
    )
    assert str(error) == str(expected)


class EnglishFinding:
    """An expected finding as an English reader sees it: equal to a Finding with these fields.

    The message is compared as English text, so a test pins the wording a user reads;
    the other fields are compared as they are.
    """

    __hash__ = None  # type: ignore[assignment]  # holds dicts of facts

    def __init__(
        self,
        *,
        rule_id: str,
        severity: Severity,
        message: str,
        citations: tuple[Citation, ...] = (),
        subject: str = "$",
        facts: dict[str, Any] | None = None,
        enterprise: str | None = None,
        month: str | None = None,
        report_id: str | None = None,
    ) -> None:
        self.fields = (
            rule_id,
            severity,
            message,
            citations,
            subject,
            facts or {},
            enterprise,
            month,
            report_id,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self.fields == (
            other.rule_id,
            other.severity,
            other.message,
            other.citations,
            other.subject,
            other.facts,
            other.enterprise,
            other.month,
            other.report_id,
        )

    def __repr__(self) -> str:
        return f"EnglishFinding{self.fields!r}"


# --- Chinese output ------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_./'-]*[A-Za-z0-9_]|[A-Za-z]")
_CODE_SPAN = re.compile(r"``[^`]*``")
_ROLE = re.compile(r":[a-z]+:`[^`]*`")  # :func:`name`
_JSON_PATH = re.compile(r"\$[.\[][^\s：，；（）]*")  # $.lines[7].quantity
#: Words that may stand in Chinese text: Python values and types, units, the tool's name.
ALLOWED_WORDS = frozenset(
    {
        "None",
        "True",
        "False",
        "null",
        "true",
        "false",
        "int",
        "str",
        "bytes",
        "float",
        "pint",
        "kg",
        "Decimal",
        "Month",
        "Finding",
        "Product",
        "Counterparty",
        "Designation",
        "Enterprise",
        "Tonnage",
        "Activity",
        "Citation",
        "Message",
        "datetime",
        "rare-earth-regs",
    }
)


def leaf_strings(message: Message) -> list[str]:
    """The data a message carries verbatim (names, amounts, dates, codes): its str parameters."""
    found: list[str] = []
    for value in message.params.values():
        if isinstance(value, Message):
            found.extend(leaf_strings(value))
        elif isinstance(value, str | int):
            found.append(str(value))
    return found


def untranslated_words(text: str, data: Iterable[str] = ()) -> list[str]:
    """The English words in ``text`` once the data in it is taken out: [] for a translated text.

    Data (names, amounts, dates, codes) is whatever the caller passes; JSON paths, code
    spans and roles, element symbols (Dy), acronyms (REO, USCC), identifiers (RPT001,
    smelting_separation, datetime.date), one-letter units and :data:`ALLOWED_WORDS` are
    not English prose.
    """
    for value in sorted({str(item) for item in data if str(item)}, key=len, reverse=True):
        text = text.replace(value, " ")
    text = _CODE_SPAN.sub(" ", _ROLE.sub(" ", text))
    text = _JSON_PATH.sub(" ", text)
    text = re.sub(r"'[^'\n]*'", " ", text)  # quoted codes: 'YYYY-MM', 'oxide'
    words = []
    for word in _WORD.findall(text):
        if (
            len(word) == 1
            or (len(word) == 2 and word[0].isupper())  # an element symbol: Dy, Tb
            or word in ALLOWED_WORDS
            or word.isupper()
            or any(character.isdigit() or character in "_." for character in word)
            or any(character.isupper() for character in word[1:])
        ):
            continue
        words.append(word)
    return words
