"""The :class:`FilingStore`: filings, their history and check runs in a SQLite file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import attrs

from rare_earth_regs.exceptions import (
    FilingConflictError,
    InvalidInputError,
    StoreAccessError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreSchemaError,
)
from rare_earth_regs.filings import CANONICAL_FORM_VERSION, FilingSet, content_digest
from rare_earth_regs.locale import N_, Message, define, phrase
from rare_earth_regs.model.enterprises import validate_uscc
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.periods import Month, require_aware, require_year
from rare_earth_regs.serialization import report_from_dict, report_to_dict
from rare_earth_regs.store.schema import MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION

__all__ = ["AddOutcome", "CheckRun", "FilingStore", "StoredDocument"]

_IS_FOLDER = define("error.store-folder", "{path}: is a folder, not a filing store file")
_NO_FOLDER = define("error.store-no-folder", "{path}: the folder {folder} does not exist")
_NO_STORE = define("error.store-missing", "{path}: no filing store there")
_NO_ACCESS = define("error.store-access", "{path}: the filing store cannot be opened: {reason}")
_NOT_A_STORE = define(
    "error.store-not-a-store",
    "{path}: not a rare_earth_regs filing store ({reason})",
)
_NEWER = define(
    "error.store-newer",
    "{path}: the store has schema version {found}, made by a newer version of "
    "rare_earth_regs; this version reads versions up to {known}",
)
_LOCKED = define(
    "error.store-locked",
    "{path}: another writer held the store for more than {seconds} s; nothing was written",
)
_BAD_ROW = define(
    "error.store-bad-row",
    "{path}: the stored document of {key}, revision {revision}, from {source}, does not "
    "match its content digest",
)
_FAILED = define("error.store-failed", "{path}: {reason}")
_OTHER_TABLES = define("error.store-other-tables", "tables without store_migrations: {tables}")
# SQLite's own words for the problems a store file can have, catalogued so they read in Chinese.
_SQLITE_MESSAGES = (
    N_("file is not a database"),
    N_("database disk image is malformed"),
    N_("attempt to write a readonly database"),
    N_("unable to open database file"),
)

Status = Literal["added", "copy", "already stored"]


@attrs.frozen
class AddOutcome:
    """What adding one document did: ``added`` (a new revision), ``copy`` (the same
    content from another source, recorded) or ``already stored`` (nothing written)."""

    key: str
    revision: int
    source: str
    status: Status


@attrs.frozen
class StoredDocument:
    """One stored document of a filing: revision, digest, source, entry time and report."""

    revision: int
    content_sha256: str
    source: str
    entered_at: dt.datetime
    report: FlowReport


@attrs.frozen
class CheckRun:
    """A stored check run: when the caller says it ran, and its receipt."""

    checked_at: dt.datetime
    receipt: Mapping[str, Any]


def _instant(value: object, field: str) -> str:
    aware = require_aware(value, field=field)
    return aware.astimezone(dt.UTC).isoformat()


class FilingStore:
    """Filings kept in a SQLite file; see :mod:`rare_earth_regs.store`.

    Args:
        path: the store's file (created with ``create=True``, the default).
        create: make a new store when there is none (False: a missing store is an error).
        timeout: how long, in seconds, a writer waits for another to finish.

    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | Path, *, create: bool = True, timeout: float = 5.0) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout < 0:
            raise InvalidInputError(
                field="timeout", value=timeout, accepted="a number of seconds, 0 or more"
            )
        self.path = Path(path)
        self.timeout = float(timeout)
        where = str(self.path)
        if self.path.is_dir():
            raise StoreAccessError(_IS_FOLDER(path=where))
        if not self.path.parent.is_dir():
            raise StoreAccessError(_NO_FOLDER(path=where, folder=str(self.path.parent)))
        if not create and not self.path.exists():
            raise StoreAccessError(_NO_STORE(path=where))
        try:
            self._connection = sqlite3.connect(where, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreAccessError(_NO_ACCESS(path=where, reason=str(error))) from None
        try:
            self._migrate()
        except BaseException:
            self._connection.close()
            raise

    # --- opening ----------------------------------------------------------------------

    def _error(self, error: sqlite3.Error) -> StoreError:
        where, text = str(self.path), str(error)
        lowered = text.lower()
        reason: Message | str = phrase(text) if text in _SQLITE_MESSAGES else text
        if "locked" in lowered or "busy" in lowered:
            return StoreLockedError(_LOCKED(path=where, seconds=f"{self.timeout:g}"))
        if "not a database" in lowered or "malformed" in lowered:
            return StoreCorruptError(_NOT_A_STORE(path=where, reason=reason))
        if "readonly" in lowered or "unable to open" in lowered or "permission" in lowered:
            return StoreAccessError(_NO_ACCESS(path=where, reason=reason))
        return StoreError(_FAILED(path=where, reason=reason))

    def _migrate(self) -> None:
        try:
            self._connection.execute("PRAGMA journal_mode=WAL")
            if self._current_version() == SCHEMA_VERSION:
                return  # the usual case: no write lock needed to open a store
            with self._transaction():  # checked again under the write lock
                current = self._current_version()
                if current == 0:
                    self._connection.execute(MIGRATIONS_TABLE)
                for version, description, statements in MIGRATIONS:
                    if version <= current:
                        continue
                    for statement in statements:
                        self._connection.execute(statement)
                    self._connection.execute(
                        "INSERT INTO store_migrations (version, description) VALUES (?, ?)",
                        (version, description),
                    )
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _current_version(self) -> int:
        """The schema version of the store, 0 for an empty file; refuses any other file."""
        tables = {
            row[0]
            for row in self._connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
        if not tables:
            return 0
        if "store_migrations" not in tables:
            raise StoreCorruptError(
                _NOT_A_STORE(
                    path=str(self.path),
                    reason=_OTHER_TABLES(tables=", ".join(sorted(tables))),
                )
            )
        row = self._connection.execute("SELECT MAX(version) FROM store_migrations").fetchone()
        current = int(row[0] or 0)
        if current > SCHEMA_VERSION:
            raise StoreSchemaError(_NEWER(path=str(self.path), found=current, known=SCHEMA_VERSION))
        return current

    def _transaction(self) -> _Transaction:
        return _Transaction(self._connection)

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the store."""
        row = self._query("SELECT MAX(version) FROM store_migrations")
        return int(row[0][0])

    def close(self) -> None:
        """Close the connection (the store stays on disk)."""
        self._connection.close()

    def __enter__(self) -> FilingStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return list(self._connection.execute(sql, parameters))
        except sqlite3.Error as error:
            raise self._error(error) from None

    # --- writing ----------------------------------------------------------------------

    def add(
        self, documents: Iterable[tuple[FlowReport, str]], *, entered_at: dt.datetime
    ) -> list[AddOutcome]:
        """Add documents, each a (report, source) pair, stored at ``entered_at``.

        One transaction: a conflict (the key and revision of a stored or earlier document
        with other content) raises
        :class:`~rare_earth_regs.exceptions.FilingConflictError` and writes nothing.
        ``entered_at`` is an aware datetime given by the caller.
        """
        stamp = _instant(entered_at, "entered_at")
        prepared: list[tuple[FlowReport, str, str, str]] = []
        for index, item in enumerate(documents):
            if not isinstance(item, tuple) or len(item) != 2:
                raise InvalidInputError(
                    field=f"documents[{index}]", value=item, accepted="a (FlowReport, source) pair"
                )
            report, source = item
            if not isinstance(report, FlowReport):
                raise InvalidInputError(
                    field=f"documents[{index}][0]", value=report, accepted="a FlowReport"
                )
            if not isinstance(source, str) or not source:
                raise InvalidInputError(
                    field=f"documents[{index}][1]", value=source, accepted="a non-empty string"
                )
            document = json.dumps(report_to_dict(report), sort_keys=True, ensure_ascii=True)
            prepared.append((report, source, content_digest(report), document))
        outcomes: list[AddOutcome] = []
        try:
            with self._transaction():
                for report, source, digest, document in prepared:
                    outcomes.append(self._add_one(report, source, digest, document, stamp))
        except sqlite3.Error as error:
            raise self._error(error) from None
        return outcomes

    def _add_one(
        self, report: FlowReport, source: str, digest: str, document: str, stamp: str
    ) -> AddOutcome:
        key = (report.enterprise.uscc, str(report.month), report.revision)
        rows = list(
            self._connection.execute(
                "SELECT content_sha256, source FROM filing_documents "
                "WHERE uscc = ? AND report_month = ? AND revision = ? ORDER BY source",
                key,
            )
        )
        label = f"{key[0]} {key[1]}"
        for stored_digest, stored_source in rows:
            if stored_digest != digest:
                raise FilingConflictError(
                    key=label,
                    revision=report.revision,
                    sources=(f"{stored_source} (stored)", source),
                    digests=(stored_digest, digest),
                )
        if any(stored_source == source for _, stored_source in rows):
            return AddOutcome(label, report.revision, source, "already stored")
        self._connection.execute(
            "INSERT INTO filing_documents (uscc, report_month, revision, content_sha256, "
            "canonical_form, source, entered_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, digest, CANONICAL_FORM_VERSION, source, stamp, document),
        )
        return AddOutcome(label, report.revision, source, "copy" if rows else "added")

    def record_check(self, receipt: Mapping[str, Any], *, checked_at: dt.datetime) -> None:
        """Store the receipt of a check run (see :mod:`rare_earth_regs.receipts`)."""
        digest = receipt.get("receipt_sha256") if isinstance(receipt, Mapping) else None
        if not isinstance(digest, str):
            raise InvalidInputError(
                field="receipt", value=receipt, accepted="a receipt from check_receipt"
            )
        stamp = _instant(checked_at, "checked_at")
        text = json.dumps(receipt, sort_keys=True, ensure_ascii=True)
        try:
            with self._transaction():
                self._connection.execute(
                    "INSERT INTO check_runs (receipt_sha256, checked_at, receipt) VALUES (?, ?, ?)",
                    (digest, stamp, text),
                )
        except sqlite3.IntegrityError:
            return  # the same receipt at the same time: already recorded
        except sqlite3.Error as error:
            raise self._error(error) from None

    # --- reading ----------------------------------------------------------------------

    def _documents(self, where: str, parameters: Sequence[object]) -> Iterator[StoredDocument]:
        rows = self._query(
            "SELECT uscc, report_month, revision, content_sha256, source, entered_at, document "
            f"FROM filing_documents {where} "
            "ORDER BY uscc, report_month, revision, source",
            parameters,
        )
        for uscc, month, revision, digest, source, entered, document in rows:
            try:
                report = report_from_dict(json.loads(document), source=source)
            except (ValueError, TypeError):
                report = None
            if report is None or content_digest(report) != digest:
                raise StoreCorruptError(
                    _BAD_ROW(
                        path=str(self.path),
                        key=f"{uscc} {month}",
                        revision=revision,
                        source=source,
                    )
                )
            yield StoredDocument(
                revision=revision,
                content_sha256=digest,
                source=source,
                entered_at=dt.datetime.fromisoformat(entered),
                report=report,
            )

    def filing_set(self, *, year: int | None = None) -> FilingSet:
        """The stored documents as a :class:`~rare_earth_regs.filings.FilingSet` (P12).

        With ``year``, the filings of that year's months only. Each document's source is
        the one it was stored with.
        """
        if year is not None:
            require_year(year)
        where, parameters = (
            ("", ()) if year is None else ("WHERE report_month LIKE ?", (f"{year:04d}-%",))
        )
        filings = FilingSet()
        for stored in self._documents(where, parameters):
            filings.add(stored.report, source=stored.source, digest=stored.content_sha256)
        return filings

    def authoritative(self, year: int) -> tuple[FlowReport, ...]:
        """The report that counts for each filing of ``year`` (policy P12), in key order."""
        return self.filing_set(year=year).reports()

    def history(self, uscc: str, month: Month | str) -> tuple[StoredDocument, ...]:
        """Every stored document of one enterprise and month, by revision, then source."""
        code = validate_uscc(uscc)
        period = Month.parse(month) if isinstance(month, str) else month
        if not isinstance(period, Month):
            raise InvalidInputError(field="month", value=month, accepted="a Month or 'YYYY-MM'")
        return tuple(self._documents("WHERE uscc = ? AND report_month = ?", (code, str(period))))

    def check_runs(self) -> tuple[CheckRun, ...]:
        """The stored check runs, oldest first."""
        rows = self._query(
            "SELECT checked_at, receipt FROM check_runs ORDER BY checked_at, receipt_sha256"
        )
        return tuple(
            CheckRun(checked_at=dt.datetime.fromisoformat(when), receipt=json.loads(text))
            for when, text in rows
        )

    def __len__(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM filing_documents")[0][0])


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any error."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.connection.execute("COMMIT")
        else:
            self.connection.execute("ROLLBACK")
