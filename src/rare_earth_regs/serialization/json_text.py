"""JSON text and files: one strict decoder (numbers as Decimal, duplicate keys and NaN refused)."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from rare_earth_regs.exceptions import (
    FieldError,
    InvalidDocumentError,
    InvalidInputError,
    os_reason,
)
from rare_earth_regs.locale import N_, Message, define, phrase

NOT_TEXT = define("error.not-json-text", "expected JSON text (str or bytes), got {kind}")
MALFORMED = define(
    "error.malformed-json", "malformed JSON: {problem} at line {line} column {column}"
)
TOO_DEEP = define("error.nesting-too-deep", "nesting too deep")
DUPLICATE_KEYS = define("error.duplicate-keys", "duplicate keys: {keys}")
NOT_A_NUMBER = define("error.not-a-json-number", "{name} is not a number JSON allows")
CANNOT_READ = define("error.cannot-read", "{file}: cannot read: {problem}")
# What the json module says is wrong (JSONDecodeError.msg), catalogued so it reads in Chinese.
JSON_PROBLEMS = (
    N_("Expecting value"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Expecting ':' delimiter"),
    N_("Expecting ',' delimiter"),
    N_("Extra data"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
    N_("Invalid \\escape"),
    N_("Invalid \\uXXXX escape"),
    N_("Illegal trailing comma before end of object"),
    N_("Illegal trailing comma before end of array"),
    N_("Unexpected UTF-8 BOM (decode using utf-8-sig)"),
)

# --- JSON text ---------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        raise _DuplicateKeyError(sorted(key for key, count in counts.items() if count > 1))
    return result


class _DocumentValueError(ValueError):
    # A value the decoder refuses, with the message that says why.
    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


class _DuplicateKeyError(_DocumentValueError):
    def __init__(self, keys: list[str]) -> None:
        super().__init__(DUPLICATE_KEYS(keys=", ".join(keys)))


def _refuse_constant(name: str) -> Any:
    raise _DocumentValueError(NOT_A_NUMBER(name=name))


# Python's own limit on the digits of an int read from text (its error would tell a
# reader of the document to call sys.set_int_max_str_digits()).
_MAX_INT_DIGITS = 4300


def _parse_int(text: str) -> int:
    digits = len(text) - text.startswith("-")
    if digits > _MAX_INT_DIGITS:
        raise ValueError(f"a number of {digits} digits (at most {_MAX_INT_DIGITS} are read)")
    return int(text)


# One decoder for every document (json.loads would build one per call with these hooks).
_DECODER = json.JSONDecoder(
    parse_float=Decimal,
    parse_int=_parse_int,
    parse_constant=_refuse_constant,
    object_pairs_hook=_no_duplicates,
)


def parse_json(text: str | bytes, source: str) -> Any:
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidDocumentError(
            [FieldError("$", NOT_TEXT(kind=type(text).__name__))],
            source=source,
        )
    try:
        # what json.loads does before decoding
        if not isinstance(text, str):
            text = text.decode(json.detect_encoding(text), "surrogatepass")
        elif text.startswith("\ufeff"):
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        message = MALFORMED(problem=phrase(error.msg), line=error.lineno, column=error.colno)
        raise InvalidDocumentError([FieldError("$", message)], source=source) from None
    except (ValueError, RecursionError, UnicodeDecodeError) as error:
        reason: Message | str
        if isinstance(error, RecursionError):
            reason = TOO_DEEP()
        elif isinstance(error, _DocumentValueError):
            reason = error.message
        else:
            reason = str(error)  # a UnicodeDecodeError: the codec's own words
        raise InvalidDocumentError([FieldError("$", reason)], source=source) from None


def read_file(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise InvalidInputError(
            CANNOT_READ(file=str(file), problem=os_reason(error)),
            field="path",
            value=str(file),
            accepted="a readable JSON file",
        ) from None
