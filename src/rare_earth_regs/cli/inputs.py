"""The files the tool reads: regular files only, under a size limit; folder scans.

A FIFO, a device such as ``/dev/zero`` or a socket is refused before a byte is read
(reading one could wait for ever or fill the memory), and so is a file above the size
limit (``--max-file-size``, default :data:`DEFAULT_MAX_FILE_SIZE`). A folder of reports
is scanned for ``*.json`` entries; what the scan skips (a link to nothing, a link that
loops, a folder or a FIFO named ``*.json``, a name ending in ``.JSON``) is listed, so a
report is never left out silently.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

import attrs

from rare_earth_regs.cli.common import CommandError, in_file, print_note, say
from rare_earth_regs.exceptions import InvalidInputError, RareEarthRegsError, os_reason
from rare_earth_regs.locale import N_, Message, define, phrase
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.rules.checks import check_year
from rare_earth_regs.rules.common import ENCODED_FROM
from rare_earth_regs.serialization import loads_allocations, loads_designations, loads_prior_use

#: The largest file the tool reads unless ``--max-file-size`` says otherwise: 64 MiB.
DEFAULT_MAX_FILE_SIZE = 64 * 1024**2

_SIZE = re.compile(r"([0-9]{1,15})([kKmMgG]?)")
_SIZE_FACTORS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
_SIZE_ACCEPTED = N_("a size in bytes such as 1000000, or with a suffix K, M or G (1024-based)")

NO_SUCH_NAME = define("cli.no-such-name", "{path}: no such file (not a name a file can have)")
NO_SUCH_FILE = define("cli.no-such-file", "{path}: no such file or folder")
NOT_REGULAR = define("cli.not-regular", "not a regular file ({kind})")
NOT_A_FILE = define("cli.not-a-file", "{path}: {kind}; give a JSON file")
CANNOT_READ = define("cli.cannot-read", "{path}: cannot read: {problem}")
CANNOT_READ_FOLDER = define("cli.cannot-read-folder", "{path}: cannot read this folder: {problem}")
TOO_LARGE = define(
    "cli.file-too-large",
    "{path}: {size} bytes, above the limit of {limit} bytes (--max-file-size changes it)",
)
NO_JSON = define("cli.no-json-files", "{path}: no *.json files in this folder")
NO_JSON_ONE_SKIPPED = define(
    "cli.no-json-files-one-skipped", "{path}: no *.json files in this folder (1 entry skipped)"
)
NO_JSON_SKIPPED = define(
    "cli.no-json-files-skipped", "{path}: no *.json files in this folder ({count} entries skipped)"
)


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of a command that reads documents: the size limit, all errors."""
    parser.add_argument(
        "--max-file-size",
        metavar="SIZE",
        default=str(DEFAULT_MAX_FILE_SIZE),
        help="refuse a file larger than this, in bytes or with a suffix K, M or G "
        "(default 64M, that is 64 MiB)",
    )
    parser.add_argument(
        "--all-errors",
        action="store_true",
        help="show every error of a bad document (default: the first "
        "ten, then a count of the rest)",
    )


def report_files(arguments: Sequence[str]) -> tuple[Path, ...]:
    """The report files of ``arguments`` (see :func:`find_reports`); says what it skipped."""
    found = find_reports(arguments)
    for entry in found.skipped:
        print_note("skipped", entry.describe())
    return found.files


def read_registers(
    args: argparse.Namespace, limit: int
) -> tuple[tuple[QuotaAllocation, ...], DesignationRegister | None]:
    """The ``--allocations`` and ``--designations`` documents, where given."""
    allocations: tuple[QuotaAllocation, ...] = ()
    if args.allocations is not None:
        allocations = loads_allocations(
            read_json_document(args.allocations, "--allocations", limit=limit),
            source=str(args.allocations),
        )
    designations: DesignationRegister | None = None
    if getattr(args, "designations", None) is not None:
        designations = loads_designations(
            read_json_document(args.designations, "--designations", limit=limit),
            source=str(args.designations),
        )
    return allocations, designations


def add_prior_use_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--prior-use FILE``: output stated for the months before the encoded range."""
    parser.add_argument(
        "--prior-use",
        metavar="FILE",
        help="output the holders state for 2024 before 1 October (JSON, policy P14): added to "
        "the 2024 quota comparison, which is undetermined (partial year) without it",
    )


def read_prior_use(args: argparse.Namespace, limit: int) -> tuple[PriorUse, ...]:
    """The ``--prior-use`` document, where given: every entry of a year with earlier months.

    An entry of another year than 2024 is refused here, naming the file and the entry,
    before any report is read.
    """
    path = getattr(args, "prior_use", None)
    if path is None:
        return ()
    entries = loads_prior_use(
        read_json_document(path, "--prior-use", limit=limit), source=str(path)
    )
    try:
        check_year((), year=ENCODED_FROM.year, prior_use=entries)  # refuses another year
    except RareEarthRegsError as error:
        raise in_file(path, error) from error
    return entries


#: The file suffixes read as tables (flows, products); anything else is a JSON document.
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def read_json_document(path: str | Path, option: str, *, limit: int) -> bytes:
    """The bytes of a document that only JSON can hold (``--allocations``, ``--invoices``).

    A spreadsheet given there is refused naming the accepted form, rather than read as
    malformed JSON.
    """
    if Path(path).suffix.lower() in TABLE_SUFFIXES:
        raise CommandError(JSON_ONLY(option=option, path=str(path)))
    return read_document(path, limit=limit)


JSON_ONLY = define(
    "cli.json-only",
    "{option} {path}: give a JSON document; spreadsheets (.csv, .xlsx) are read for flow "
    "reports and product tables only",
)


def parse_size(text: str, field: str) -> int:
    """A size in bytes from ``"1000"``, ``"64M"``, ``"1k"`` or ``"2G"`` (1024-based)."""
    found = _SIZE.fullmatch(text.strip())
    if found is None:
        raise InvalidInputError(field=field, value=text, accepted=_SIZE_ACCEPTED)
    return int(found.group(1)) * _SIZE_FACTORS[found.group(2).lower()]


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, N_("a folder")),
        (stat.S_ISFIFO, N_("a FIFO")),
        (stat.S_ISCHR, N_("a character device")),
        (stat.S_ISBLK, N_("a block device")),
        (stat.S_ISSOCK, N_("a socket")),
    )
    for test, name in kinds:
        if test(mode):
            return name
    return N_("not a file")


def _not_regular(mode: int) -> Message:
    return NOT_REGULAR(kind=phrase(_kind(mode)))


def read_document(path: str | Path, *, limit: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`CommandError` for anything else: a missing file, a FIFO or device,
    a folder, a file above the limit, a file that cannot be read.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise CommandError(NOT_A_FILE(path=str(path), kind=_not_regular(info.st_mode)))
        _check_size(path, info.st_size, limit)
        # O_NONBLOCK: should the path become a FIFO between the stat and the open,
        # opening it does not wait for a writer (and fstat below refuses it).
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise CommandError(NO_SUCH_FILE(path=str(path))) from None
    except OSError as error:
        raise CommandError(CANNOT_READ(path=str(path), problem=os_reason(error))) from None
    except ValueError:  # a NUL character, or a lone surrogate no file name can hold
        raise CommandError(NO_SUCH_NAME(path=str(path))) from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise CommandError(NOT_A_FILE(path=str(path), kind=_not_regular(info.st_mode)))
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise CommandError(CANNOT_READ(path=str(path), problem=os_reason(error))) from None
    _check_size(path, len(data), limit)  # the file may have grown since the stat
    return data


def _check_size(path: str | Path, size: int, limit: int) -> None:
    if size > limit:
        raise CommandError(TOO_LARGE(path=str(path), size=f"{size:,}", limit=f"{limit:,}"))


@attrs.frozen
class Skipped:
    """An entry of a folder the scan did not read, and why."""

    path: Path
    reason: Message

    def describe(self) -> str:
        """``path: reason``, in the language of this run."""
        return say(SKIPPED_ENTRY, path=str(self.path), reason=self.reason)


@attrs.frozen
class Found:
    """The report files named on the command line, and the folder entries skipped."""

    files: tuple[Path, ...]
    skipped: tuple[Skipped, ...]


def find_reports(arguments: Sequence[str]) -> Found:
    """The report files: each argument is a file, or a folder whose ``*.json`` are read.

    A file named twice (or reached through two arguments) is read once. A folder that
    cannot be listed, or has no ``*.json`` entry to read, raises :class:`CommandError`.
    """
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found, passed = _scan_folder(path)
            skipped += passed
            if not found:
                if not passed:
                    empty = NO_JSON(path=argument)
                elif len(passed) == 1:
                    empty = NO_JSON_ONE_SKIPPED(path=argument)
                else:
                    empty = NO_JSON_SKIPPED(path=argument, count=len(passed))
                raise _EmptyFolderError(empty, tuple(skipped))
        elif path.exists() or path.is_symlink():
            found = [path]
        else:
            raise CommandError(NO_SUCH_FILE(path=argument))
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                files.append(item)
    return Found(tuple(files), tuple(skipped))


class _EmptyFolderError(CommandError):
    """A folder with no report to read; carries the entries skipped, to be listed first."""

    def __init__(self, message: Message, skipped: tuple[Skipped, ...]) -> None:
        super().__init__(message)
        self.skipped = skipped


def _scan_folder(folder: Path) -> tuple[list[Path], list[Skipped]]:
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as error:
        raise CommandError(CANNOT_READ_FOLDER(path=str(folder), problem=os_reason(error))) from None
    found: list[Path] = []
    skipped: list[Skipped] = []
    for name in names:
        path = folder / name
        if not name.endswith(".json"):
            suffix = name[-5:]
            if suffix.lower() == ".json":
                skipped.append(Skipped(path, NAME_ENDS_IN(suffix=repr(suffix))))
            continue
        reason = _unreadable_entry(path)
        if reason is None:
            found.append(path)
        else:
            skipped.append(Skipped(path, reason))
    return found, skipped


def _unreadable_entry(path: Path) -> Message | None:
    """Why the folder entry ``path`` is not a report file to read, or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return phrase(LINK_LOOPS)
        if error.errno == errno.ENOENT and path.is_symlink():
            return phrase(LINK_TO_NOTHING)
        return CANNOT_READ_ENTRY(problem=os_reason(error))
    if stat.S_ISDIR(mode):
        return phrase("a folder")
    if not stat.S_ISREG(mode):
        return _not_regular(mode)  # the reason a skipped entry is listed with
    return None


LINK_LOOPS = N_("a symbolic link that loops")
LINK_TO_NOTHING = N_("a symbolic link to nothing")
CANNOT_READ_ENTRY = define("cli.cannot-read-entry", "cannot read: {problem}")
NAME_ENDS_IN = define("cli.name-ends-in", "the name ends in {suffix}, not '.json'")
SKIPPED_ENTRY = define("cli.skipped-entry", "{path}: {reason}")
