"""The library's exception tree.

Everything the library raises on purpose derives from :class:`RareEarthRegsError`.
Two families matter to callers:

* :class:`InvalidInputError` (also a :class:`ValueError`): the input is malformed
  (month 13, a negative tonnage, a mass where REO is required, an unknown element,
  a naive datetime, malformed JSON). The message names the field, the value
  received and the form that is accepted.
* :class:`NotInForceError` (also a :class:`LookupError`): the question is well
  formed but the library holds no answer for it, because the date lies outside the
  encoded range (policy P6) or the data was never published.

Valid data that breaks a rule is not an exception: the rules return findings.

>>> try:
...     raise InvalidPeriodError(field="month", value="2025-13", accepted="YYYY-MM")
... except ValueError as error:
...     print(error)
month: got '2025-13'; expected YYYY-MM
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rare_earth_regs.locale import COMMA, N_, SEMICOLON, Language, Message, define, phrase

__all__ = [
    "OS_PROBLEMS",
    "AmountSetByOtherLawError",
    "BeyondKnowledgeHorizonError",
    "CellError",
    "ComplianceError",
    "FieldError",
    "FilingConflictError",
    "InvalidDocumentError",
    "InvalidInputError",
    "InvalidPeriodError",
    "InvalidQuantityError",
    "InvalidTableError",
    "InvalidTimestampError",
    "InvalidUSCCError",
    "NotInForceError",
    "RareEarthRegsError",
    "StoreAccessError",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreSchemaError",
    "UndisclosedQuotaError",
    "UnknownElementError",
    "UnknownQuotaError",
    "os_reason",
]


_INVALID_INPUT = define("error.invalid-input", "{field}: {reason}")
_GOT_EXPECTED = define("error.got-expected", "got {value}; expected {accepted}")
_FIELD = define("error.field", "{path}: {reason}")
_DOCUMENT_ONE = define("error.document-one", "{source}: 1 error: {listing}")
_DOCUMENT_MANY = define("error.document-many", "{source}: {count} errors: {listing}")
_ONE_OF = define("accepted.one-of", "one of: {choices}")
_SHEET = define("table.sheet", "sheet {sheet}")
_ROW = define("table.row", "row {row}")
_COLUMN = define("table.column", "column {column}")
_TABLE_MANY = define("error.table-many", "{count} errors: {listing}")
_FILING_CONFLICT = define(
    "error.filing-conflict",
    "conflicting filings for {key}, revision {revision}: {first} (content sha256 "
    "{first_digest}) and {second} (content sha256 {second_digest}) differ; a correction takes "
    "the next revision number (policy P12)",
)


def got_expected(value: Any, accepted: str | Message) -> Message:
    """``got <repr of value>; expected <accepted>`` as a message (a document field's error)."""
    return _GOT_EXPECTED(value=short_repr(value), accepted=accepted)


def one_of(choices: str) -> Message:
    """The accepted form ``one of: <choices>`` (codes, listed as given) as a message."""
    return _ONE_OF(choices=choices)


#: The operating system's words for the problems a file can have (Linux's ``strerror``),
#: catalogued so that an error line quoting one reads in Chinese.
OS_PROBLEMS = (
    N_("No such file or directory"),
    N_("Permission denied"),
    N_("Is a directory"),
    N_("Not a directory"),
    N_("File exists"),
    N_("No space left on device"),
    N_("Read-only file system"),
    N_("File name too long"),
    N_("Too many levels of symbolic links"),
    N_("Input/output error"),
)


def os_reason(error: OSError) -> Message | str:
    """What went wrong with a file, as the operating system says it: a catalogued phrase
    for the common problems (:data:`OS_PROBLEMS`), else the system's own text."""
    text = error.strerror or str(error)
    return phrase(text) if text in OS_PROBLEMS else text


def _message(text: str | Message) -> Message:
    return text if isinstance(text, Message) else phrase(text)


class RareEarthRegsError(Exception):
    """Base of every exception the library raises on purpose.

    :meth:`message_in` renders the error in English (``"en"``) or Chinese (``"zh"``);
    ``str(error)`` is the English text.
    """

    def message_in(self, lang: Language | str) -> str:
        """The error message in ``lang`` (``"en"`` or ``"zh"``)."""
        detail = getattr(self, "detail", None)
        return detail.render(lang) if isinstance(detail, Message) else str(self)


class InvalidInputError(RareEarthRegsError, ValueError):
    """Bad input: names the field, the value received and the accepted form.

    Attributes:
        field: dotted name or JSON path of the offending field.
        value: the value received (``repr`` is shown in the message).
        accepted: a short English description of what is accepted (a catalogued phrase,
            or a :class:`~rare_earth_regs.locale.Message`, so it renders in Chinese too).
        reason: what is wrong, without the field (``got 13; expected a month from 1
            to 12``), as a message; pass ``reason=`` when it is more than that, and the
            message is ``field: reason``.
        detail: the whole message (``field: reason``), rendered by :meth:`message_in`.
    """

    def __init__(
        self,
        message: str | Message | None = None,
        *,
        field: str,
        value: Any = None,
        accepted: str | Message,
        reason: Message | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.accepted = str(accepted)
        self.accepted_message = _message(accepted)
        self._arguments = (message, reason)
        if message is not None:
            self.detail = _message(message)
            self.reason = self.detail
        else:
            self.reason = reason or _GOT_EXPECTED(
                value=short_repr(value), accepted=self.accepted_message
            )
            self.detail = _INVALID_INPUT(field=field, reason=self.reason)
        self.message = str(self.detail)
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        message, reason = self._arguments
        return (
            _rebuild,
            (
                type(self),
                None if message is None else self.detail,
                {
                    "field": self.field,
                    "value": self.value,
                    "accepted": self.accepted_message,
                    "reason": reason,
                },
            ),
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, InvalidInputError)
        return (self.message, self.field, self.accepted) == (
            other.message,
            other.field,
            other.accepted,
        )

    def __hash__(self) -> int:
        return hash((type(self), self.message, self.field))


class UnknownElementError(InvalidInputError):
    """No rare earth element matches the given symbol, name or atomic number."""


class InvalidUSCCError(InvalidInputError):
    """A Unified Social Credit Code (统一社会信用代码) is malformed or fails its check digit."""


class InvalidQuantityError(InvalidInputError):
    """A tonnage is negative, not finite, of the wrong dimension, or unparsable."""


class InvalidPeriodError(InvalidInputError):
    """A month, year or date is malformed or out of range."""


class InvalidTimestampError(InvalidInputError):
    """A timestamp is naive (no time zone) or otherwise unusable."""


class FilingConflictError(InvalidInputError):
    """Two documents claim the same enterprise, month and revision with different content.

    Policy P12: one revision of a filing has one content. A correction takes the next
    revision number. Attributes: :attr:`key` (``"<USCC> <YYYY-MM>"``), :attr:`revision`,
    :attr:`sources` (where each document came from: a file path, or a description of a
    report given in memory) and :attr:`digests` (their content digests), in that order.
    """

    def __init__(
        self,
        *,
        key: str,
        revision: int,
        sources: tuple[str, str],
        digests: tuple[str, str],
    ) -> None:
        self.key = key
        self.revision = revision
        self.sources = sources
        self.digests = digests
        super().__init__(
            _FILING_CONFLICT(
                key=key,
                revision=revision,
                first=sources[0],
                first_digest=digests[0][:12],
                second=sources[1],
                second_digest=digests[1][:12],
            ),
            field="revision",
            value=revision,
            accepted="one content per enterprise, month and revision",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_conflict,
            (type(self), self.key, self.revision, self.sources, self.digests),
        )


class FieldError:
    """One bad field of a document: its JSON path and what is wrong with it.

    ``message`` is the English text; :meth:`message_in` renders ``path: message`` in
    either language (the path is the same in both).
    """

    __slots__ = ("detail", "message", "path")

    def __init__(self, path: str, message: str | Message) -> None:
        self.path = path
        self.detail = _message(message)
        self.message = str(self.detail)

    def message_in(self, lang: Language | str) -> str:
        """``path: message`` in ``lang``."""
        return _FIELD(path=self.path, reason=self.detail).render(lang)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def __repr__(self) -> str:
        return f"FieldError({self.path!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldError):
            return NotImplemented
        return (self.path, self.message) == (other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.message))

    def __reduce__(self) -> tuple[Any, ...]:
        return (FieldError, (self.path, self.detail))


class InvalidDocumentError(InvalidInputError):
    """A JSON document is malformed; :attr:`errors` lists every bad field with its path."""

    def __init__(self, errors: Sequence[FieldError], *, source: str = "document") -> None:
        self.errors = tuple(errors)
        self.source = source
        listing: Message | str = ""
        for error in reversed(self.errors):
            item = _FIELD(path=error.path, reason=error.detail)
            listing = item if listing == "" else SEMICOLON(first=item, rest=listing)
        if len(self.errors) == 1:
            detail = _DOCUMENT_ONE(source=source, listing=listing)
        else:
            detail = _DOCUMENT_MANY(source=source, count=len(self.errors), listing=listing)
        super().__init__(
            detail,
            field=self.errors[0].path if self.errors else "$",
            value=None,
            accepted="a document that follows the rare_earth_regs JSON schema",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_document_error, (type(self), self.errors, self.source))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, InvalidDocumentError)
        return (self.errors, self.source) == (other.errors, other.source)

    def __hash__(self) -> int:
        return hash((type(self), self.errors, self.source))


class CellError(FieldError):
    """One bad cell of a table, located as the user sees it: file, sheet, row, column.

    ``sheet`` is None for a CSV file; ``row`` is the 1-based row number a spreadsheet
    program shows; ``column`` is the header as written in the file (None when the
    problem is the row or the file as a whole).
    """

    __slots__ = ("column", "file", "location", "row", "sheet")

    def __init__(
        self,
        file: str,
        sheet: str | None,
        row: int | None,
        column: str | None,
        message: str | Message,
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        parts: list[Message] = []
        if sheet is not None:
            parts.append(_SHEET(sheet=sheet))
        if row is not None:
            parts.append(_ROW(row=row))
        if column is not None:
            parts.append(_COLUMN(column=column))
        location: Message | str = file
        for part in parts:
            location = COMMA(first=location, rest=part)
        self.location = location
        super().__init__(str(location), message)

    def message_in(self, lang: Language | str) -> str:
        """``location: message`` in ``lang`` (file, sheet, row and column as the user sees them)."""
        return _FIELD(path=self.location, reason=self.detail).render(lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (CellError, (self.file, self.sheet, self.row, self.column, self.detail))


class InvalidTableError(InvalidDocumentError):
    """A CSV file or workbook is malformed; :attr:`errors` lists every bad cell.

    Each entry is a :class:`CellError`; the message lists them all, in file order, as
    ``flows.xlsx, sheet 流向, row 55, column 数量: got '12.5 tons'; expected ...``.
    """

    def __init__(self, errors: Sequence[FieldError], *, source: str = "table") -> None:
        self.errors = tuple(errors)
        self.source = source
        listing: Message | str = ""
        for error in reversed(self.errors):
            location = error.location if isinstance(error, CellError) else error.path
            item = _FIELD(path=location, reason=error.detail)
            listing = item if listing == "" else SEMICOLON(first=item, rest=listing)
        detail = (
            _TABLE_MANY(count=len(self.errors), listing=listing)
            if len(self.errors) > 1
            else listing
        )
        InvalidInputError.__init__(
            self,
            detail,
            field=self.errors[0].path if self.errors else source,
            value=None,
            accepted="a table that follows the rare_earth_regs tabular layout",
        )


class _MessageError(RareEarthRegsError):
    """An error that is fully described by its message (equal when the messages are)."""

    def __init__(self, message: str | Message) -> None:
        self.detail = _message(message)
        self.message = str(self.detail)
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.detail,))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _MessageError)
        return self.message == other.message

    def __hash__(self) -> int:
        return hash((type(self), self.message))


class StoreError(_MessageError):
    """The filing store cannot be opened, read or written; nothing was changed in it."""


class StoreAccessError(StoreError):
    """The store's path cannot be used: a folder, a missing folder, no store there, no access."""


class StoreCorruptError(StoreError):
    """The file is not a filing store, or a stored document does not match its digest."""


class StoreSchemaError(StoreError):
    """The store was made by a newer version of the library (a schema this one does not know)."""


class StoreLockedError(StoreError):
    """Another writer held the store longer than the timeout allowed."""


class NotInForceError(_MessageError, LookupError):
    """The date is outside the range the library encodes, or the data does not exist."""


class BeyondKnowledgeHorizonError(NotInForceError):
    """The answer depends on what happened after the last date the shipped data encode."""


class UnknownQuotaError(NotInForceError):
    """The shipped dataset holds no quota figure for that year, activity or ore type."""


class UndisclosedQuotaError(UnknownQuotaError):
    """The quota for that year was issued but its figures were not published."""


class AmountSetByOtherLawError(_MessageError, LookupError):
    """The penalty for that article is set by another law; the library encodes no range."""


class ComplianceError(RareEarthRegsError):
    """Raised on request when findings include violations; carries the findings."""

    def __init__(self, message: str | Message, findings: Any) -> None:
        self.detail = _message(message)
        self.message = str(self.detail)
        self.findings = findings
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.detail, self.findings))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, ComplianceError)
        return bool(self.message == other.message and self.findings == other.findings)

    def __hash__(self) -> int:
        return hash((type(self), self.message))


def _rebuild(
    cls: type[InvalidInputError], message: Message | None, fields: dict[str, Any]
) -> InvalidInputError:
    return cls(message, **fields)


def _rebuild_conflict(
    cls: type[FilingConflictError],
    key: str,
    revision: int,
    sources: tuple[str, str],
    digests: tuple[str, str],
) -> FilingConflictError:
    return cls(key=key, revision=revision, sources=sources, digests=digests)


def _rebuild_document_error(
    cls: type[InvalidDocumentError], errors: tuple[FieldError, ...], source: str
) -> InvalidDocumentError:
    return cls(errors, source=source)


def items_of(value: object, *, field: str, accepted: str | Message) -> tuple[Any, ...]:
    """The items of a collection argument, or InvalidInputError for anything else.

    ``None``, a number, a text or a mapping is not a collection of records: it is refused
    here, naming ``field``, rather than failing later as a TypeError or being read one
    character or key at a time.
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(field=field, value=value, accepted=accepted)
    return tuple(value)


def short_repr(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters; never raises, whatever the value.

    Bad input can be anything: a list nested thousands deep, an integer of more digits
    than Python will print. Such a value is described by its type instead.
    """
    try:
        text = repr(value)
    except Exception:  # RecursionError, ValueError (int digits limit) and the like
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."
