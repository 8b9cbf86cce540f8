"""What the commands share: the program name, exit codes, errors and option parsing."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from rare_earth_regs.exceptions import (
    InvalidDocumentError,
    InvalidInputError,
    InvalidPeriodError,
)
from rare_earth_regs.periods import iso_date

#: The program name used in usage and error lines.
PROG = "rare-earth-regs"

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2

_YEAR = re.compile(r"\d{4}")


#: The type of argparse's subcommand collection, which each command module adds itself to.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CommandError(Exception):
    """Bad input found by the command line itself (a missing file, an empty folder ...)."""


# --- errors --------------------------------------------------------------------------------


def error_text(error: BaseException) -> str:
    if isinstance(error, InvalidDocumentError) and error.errors:
        first = error.errors[0]
        more = len(error.errors) - 1
        tail = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        return f"{error.source}: {first.path}: {first.message}{tail}"
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename is not None else ""
        return f"{where}{error.strerror}"
    return str(error)


def print_error(text: str) -> None:
    one_line = " ".join(text.split())
    print(f"{PROG}: error: {one_line}", file=sys.stderr)


def silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file
        pass


# --- option parsing (one error line, never argparse's usage block) -------------------------


def parse_date(text: str, field: str) -> dt.date:
    day = iso_date(text.strip())
    if day is None:
        raise InvalidPeriodError(field=field, value=text, accepted="a date as YYYY-MM-DD")
    return day


def parse_year(text: str, field: str) -> int:
    if _YEAR.fullmatch(text.strip()):
        return int(text)
    raise InvalidPeriodError(field=field, value=text, accepted="a year as YYYY, e.g. 2025")


def parse_grams(text: str, field: str) -> int:
    if text.strip().isascii() and text.strip().isdigit():
        return int(text)
    raise InvalidInputError(field=field, value=text, accepted="a whole number of grams, 0 or more")


def require_calendar() -> None:
    if importlib.util.find_spec("holidays") is None:
        raise CommandError(
            "--roll-over needs the optional 'holidays' package: "
            "pip install 'rare-earth-regs[holidays]'"
        )


def read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: cannot read: {error.strerror or error}") from None


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(display_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())
