"""What the tool prints: every line escaped, so that no name can forge a line or drive the terminal.

Names come from the user (file names, which need not be UTF-8) and from documents
(enterprise and product names, which may hold any character). Printed raw, a newline
in a name would forge an output line, an ANSI escape would drive the terminal, and a
lone surrogate or a character the terminal's encoding lacks would end the program with
a ``UnicodeEncodeError``. So every line goes through :func:`escape` and is written in
the stream's own encoding, with what it cannot encode written as ``\\uXXXX``.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from typing import Any, TextIO

#: Characters shown by their short escape rather than ``\\xNN``.
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(text: str) -> str:
    """``text`` with every character that is not printable shown as an escape.

    Control characters (ANSI escapes included), format characters (such as bidi
    overrides), line and paragraph separators, unassigned code points and lone
    surrogates are escaped; spaces of every width and all printable text are kept.
    A byte of a file name that is not UTF-8 (decoded by Python as a surrogate) is
    shown as ``\\xNN``.

    >>> escape("bad\\nname\\x1b[2J.json")
    'bad\\\\nname\\\\x1b[2J.json'
    >>> escape("稀土　Co.")
    '稀土　Co.'
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or unicodedata.category(char) == "Zs" else _escape_char(char)
        for char in text
    )


def _encodable(text: str, stream: TextIO) -> str:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:  # an encoding Python does not know: keep to ASCII
        return text.encode("ascii", "backslashreplace").decode("ascii")
    return text


def emit(line: str = "", *, stream: TextIO | None = None) -> None:
    """Print one line, escaped (see :func:`escape`), in the stream's encoding."""
    out = sys.stdout if stream is None else stream
    out.write(_encodable(escape(line), out) + "\n")


# Inside a JSON document, text that is not printable can only be in strings.
_NOT_PRINTABLE = re.compile(r"[^\n -~]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable() or unicodedata.category(char) == "Zs":
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def emit_json(document: Any, *, stream: TextIO | None = None) -> None:
    """Print ``document`` as indented JSON: still valid JSON whatever its strings hold.

    Text the terminal could misread (control and format characters, lone surrogates)
    is written as ``\\uXXXX`` escapes; if the stream's encoding lacks a character,
    the whole document is written in ASCII with escapes.
    """
    out = sys.stdout if stream is None else stream
    text = _NOT_PRINTABLE.sub(_json_escape, json.dumps(document, indent=2, ensure_ascii=False))
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(document, indent=2, ensure_ascii=True)
    _write(out, text + "\n")


# A large text is written in pieces: one huge write to a pipe whose reader has gone
# can end without an error, so the tool would not learn that its output was lost.
_PIECE = 16 * 1024


def _write(out: TextIO, text: str) -> None:
    for start in range(0, len(text), _PIECE):
        out.write(text[start : start + _PIECE])
        out.flush()
