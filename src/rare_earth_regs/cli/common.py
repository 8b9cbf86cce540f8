"""What the commands share: the program name, exit codes, errors and option parsing."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import os
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TypeAlias

from rare_earth_regs import periods
from rare_earth_regs.cli.output import emit
from rare_earth_regs.exceptions import (
    FieldError,
    InvalidDocumentError,
    InvalidInputError,
    InvalidPeriodError,
    InvalidTableError,
    InvalidTimestampError,
    RareEarthRegsError,
    os_reason,
)
from rare_earth_regs.locale import (
    N_,
    Language,
    Message,
    MessageTemplate,
    define,
    language_from_environ,
    phrase,
)
from rare_earth_regs.periods import Month, iso_date
from rare_earth_regs.units import MAX_GRAMS

#: The program name used in usage and error lines.
PROG = "rare-earth-regs"

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2
#: A bug in the tool (sysexits' EX_SOFTWARE): one line on stderr, never a traceback.
EXIT_INTERNAL = 70
#: Interrupted (Ctrl-C): 128 + SIGINT, as a shell reports it.
EXIT_INTERRUPTED = 130
#: The reader of the output went away (``| head``): 128 + SIGPIPE, as a shell reports it.
EXIT_BROKEN_PIPE = 141

#: How many errors of one document are shown without ``--all-errors``.
MAX_ERRORS_SHOWN = 10

_YEAR = re.compile(r"[0-9]{4}")
_GRAMS = re.compile(r"[0-9]{1,19}")
_TIMESTAMP_ACCEPTED = N_(
    "an ISO 8601 timestamp with a UTC offset, e.g. '2025-10-09T10:15:00+08:00', "
    "or a Beijing calendar day as YYYY-MM-DD"
)


#: The type of argparse's subcommand collection, which each command module adds itself to.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CommandError(Exception):
    """Bad input found by the command line itself (a missing file, an empty folder ...).

    The message is a catalogued :class:`~rare_earth_regs.locale.Message` where one is
    written, so the error line reads in the language of the run.
    """

    def __init__(self, message: str | Message) -> None:
        self.detail = message if isinstance(message, Message) else phrase(message)
        super().__init__(str(self.detail))

    def message_in(self, lang: Language) -> str:
        """The message in ``lang``."""
        return self.detail.render(lang)


# --- the language of the output ------------------------------------------------------------

_LANGUAGE: list[Language] = ["en"]


def choose_language(argv: Sequence[str], environ: Mapping[str, str]) -> Language:
    """The language of this run: ``--lang`` if given, else the locale of the environment.

    Only the command line reads the environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
    a ``zh_*`` locale gives Chinese; a missing or unknown one, English). A ``--lang`` that
    is neither ``en`` nor ``zh`` is left for argparse to refuse. argparse takes ``--la``
    (or ``--l``, ``--lan``) for ``--lang`` as well, so they count too.
    """
    chosen: Language = language_from_environ(environ)
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        option, equals, value = argument.partition("=")
        if not (option.startswith("--l") and "--lang".startswith(option)):
            continue
        if not equals:
            value = argv[index + 1] if index + 1 < len(argv) else ""
        if value in ("en", "zh"):
            chosen = "zh" if value == "zh" else "en"
    _LANGUAGE[0] = chosen
    return chosen


def current_language() -> Language:
    """The language the tool writes in on this run (see :func:`choose_language`)."""
    return _LANGUAGE[0]


def term(english: str) -> str:
    """A catalogued phrase (marked with ``N_``) in the language of this run."""
    return phrase(english).render(_LANGUAGE[0])


def in_file(path: object, error: RareEarthRegsError) -> CommandError:
    """``error`` of the document at ``path``, as one error line in the language of this run."""
    return CommandError(IN_FILE(path=str(path), error=error.message_in(_LANGUAGE[0])))


def say(template: MessageTemplate, **params: object) -> str:
    """``template`` with ``params``, in the language of this run."""
    return template(**params).render(_LANGUAGE[0])


ERROR = define("cli.error", "{prog}: error: {first}")
OS_ERROR = define("cli.os-error", "{path}: {problem}")
IN_FILE = define("cli.in-file", "{path}: {error}")
NEEDS_TIME = define("cli.needs-time", "{option}: give a time with a UTC offset, not a day")
IN_SOURCE = define("cli.in-source", "{source}: {error}")
MORE_ERRORS = define("cli.more-errors", "{first} (and {count} more errors)")
ONE_MORE_ERROR = define("cli.one-more-error", "{first} (and 1 more error)")
NOT_SHOWN = define(
    "cli.errors-not-shown", "... {count} more errors not shown (--all-errors shows them all)"
)


# --- errors --------------------------------------------------------------------------------


def error_lines(error: BaseException, *, all_errors: bool = False) -> list[str]:
    """The error report of ``error``: its first line, then one line per further error.

    A document with several bad fields gives a line for each, under the first, up to
    :data:`MAX_ERRORS_SHOWN` lines unless ``all_errors``, then a count of the rest.
    """
    lang = _LANGUAGE[0]
    if isinstance(error, InvalidDocumentError) and error.errors:
        first, *rest = error.errors
        more = len(rest)
        # A table's errors name their file, sheet, row and column themselves.
        table = isinstance(error, InvalidTableError)

        def located(item: FieldError) -> str:
            text = item.message_in(lang)
            return text if table else say(IN_SOURCE, source=error.source, error=text)

        head = located(first)
        if more == 1:
            head = say(ONE_MORE_ERROR, first=head)
        elif more:
            head = say(MORE_ERRORS, first=head, count=more)
        lines = [head]
        shown = rest if all_errors else rest[: MAX_ERRORS_SHOWN - 1]
        lines += ["  " + located(item) for item in shown]
        if len(shown) < more:
            lines.append("  " + say(NOT_SHOWN, count=more - len(shown)))
        return lines
    if isinstance(error, OSError) and error.strerror:
        problem = os_reason(error)
        if error.filename is None:
            return [problem if isinstance(problem, str) else problem.render(lang)]
        return [say(OS_ERROR, path=str(error.filename), problem=problem)]
    if isinstance(error, RareEarthRegsError | CommandError):
        return [error.message_in(lang)]
    return [str(error)]


def print_error(*lines: str) -> None:
    """Print an error report on stderr: the first line in the tool's error form."""
    first, *rest = lines
    emit(say(ERROR, prog=PROG, first=first), stream=sys.stderr)
    for line in rest:
        emit(line, stream=sys.stderr)


def print_internal_error(error: BaseException) -> None:
    """Print one line for an error the tool did not expect (a bug to report)."""
    text = str(error)
    if len(text) > 300:
        text = text[:297] + "..."
    emit(say(INTERNAL_ERROR, prog=PROG, kind=type(error).__name__, text=text), stream=sys.stderr)


INTERNAL_ERROR = define(
    "cli.internal-error", "{prog}: internal error: {kind}: {text} (please report this)"
)


def print_note(kind: str, text: str) -> None:
    """Print one line that is not an error (``skipped ...``) on stderr."""
    emit(say(NOTE, prog=PROG, kind=phrase(kind), text=text), stream=sys.stderr)


NOTE = define("cli.note", "{prog}: {kind} {text}")
NOTE_KINDS = (N_("skipped"), N_("note:"))
WROTE = define("cli.wrote", "wrote {path}")


def silence_stdout() -> None:
    """Point stdout at the null device, so that Python's flush at exit cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # stdout is not a real file


# --- option parsing (one error line, never argparse's usage block) -------------------------


def parse_date(text: str, field: str) -> dt.date:
    """A date from ``YYYY-MM-DD`` (year 1 to 9999)."""
    day = iso_date(text.strip()) if len(text) <= 40 else None
    if day is None:
        raise InvalidPeriodError(field=field, value=text, accepted="a date as YYYY-MM-DD")
    return day


def parse_year(text: str, field: str) -> int:
    """A year from four ASCII digits, 0001 to 9999."""
    stripped = text.strip()
    if _YEAR.fullmatch(stripped) and stripped != "0000":
        return int(stripped)
    raise InvalidPeriodError(field=field, value=text, accepted="a year as YYYY, 0001 to 9999")


def parse_month(text: str, field: str) -> Month:
    """A month from ``YYYY-MM``."""
    return Month.parse(text.strip(), field=field)


def parse_grams(text: str, field: str) -> int:
    """A whole number of grams, 0 up to the largest mass the library reads."""
    stripped = text.strip()
    if _GRAMS.fullmatch(stripped) and int(stripped) <= MAX_GRAMS:
        return int(stripped)
    raise InvalidInputError(field=field, value=text, accepted=GRAMS_ACCEPTED(largest=MAX_GRAMS))


GRAMS_ACCEPTED = define("accepted.whole-grams", "a whole number of grams, 0 to {largest}")


def parse_instant(text: str, option: str) -> dt.datetime:
    """An aware timestamp for ``option`` (a run's time): a day alone is refused."""
    instant = parse_timestamp(text, option)
    if not isinstance(instant, dt.datetime):
        raise CommandError(NEEDS_TIME(option=option))
    return instant


def parse_timestamp(text: str, field: str) -> dt.datetime | dt.date:
    """A Beijing calendar day (``YYYY-MM-DD``), or an aware timestamp in the loaders'
    grammar (:func:`~rare_earth_regs.periods.parse_timestamp`)."""
    stripped = text.strip()
    day = iso_date(stripped) if len(stripped) == 10 else None
    if day is not None:
        return day
    try:
        return periods.parse_timestamp(stripped, field=field)
    except InvalidTimestampError:
        raise InvalidTimestampError(field=field, value=text, accepted=_TIMESTAMP_ACCEPTED) from None


def require_calendar() -> None:
    if importlib.util.find_spec("holidays") is None:
        raise CommandError(NEEDS_HOLIDAYS())


NEEDS_HOLIDAYS = define(
    "cli.needs-holidays",
    "--roll-over needs the optional 'holidays' package: pip install "
    "'rare-earth-regs[holidays]' (or, from a checkout, pip install '.[holidays]')",
)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(display_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)]
        emit("  ".join(cells).rstrip())
