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
)

# --- JSON text ---------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        raise _DuplicateKeyError(sorted(key for key, count in counts.items() if count > 1))
    return result


class _DuplicateKeyError(ValueError):
    def __init__(self, keys: list[str]) -> None:
        super().__init__(f"duplicate keys: {', '.join(keys)}")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


# One decoder for every document (json.loads would build one per call with these hooks).
_DECODER = json.JSONDecoder(
    parse_float=Decimal, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates
)


def parse_json(text: str | bytes, source: str) -> Any:
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidDocumentError(
            [FieldError("$", f"expected JSON text (str or bytes), got {type(text).__name__}")],
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
        message = f"malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"
        raise InvalidDocumentError([FieldError("$", message)], source=source) from None
    except (ValueError, RecursionError, UnicodeDecodeError) as error:
        message = "nesting too deep" if isinstance(error, RecursionError) else str(error)
        raise InvalidDocumentError([FieldError("$", message)], source=source) from None


def read_file(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise InvalidInputError(
            f"{file}: cannot read: {error.strerror}",
            field="path",
            value=str(file),
            accepted="a readable JSON file",
        ) from None
