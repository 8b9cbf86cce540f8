"""The SQLite filing store: append-only, P12 on the way in, clear errors, concurrent writers."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sqlite3
from pathlib import Path

import attrs
import pytest

from rare_earth_regs.exceptions import (
    FilingConflictError,
    InvalidTimestampError,
    StoreAccessError,
    StoreCorruptError,
    StoreLockedError,
    StoreSchemaError,
)
from rare_earth_regs.filings import content_digest
from rare_earth_regs.findings import Findings
from rare_earth_regs.model.enterprises import make_uscc
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.receipts import check_receipt
from rare_earth_regs.rules import check_filings
from rare_earth_regs.serialization import load_report
from rare_earth_regs.store import SCHEMA_VERSION, FilingStore

ROOT = Path(__file__).resolve().parents[1]
PATHS = sorted((ROOT / "examples" / "reports").glob("*.json"))
SEPTEMBER = ROOT / "examples" / "reports" / "2025-09-separation.json"
ENTERED = dt.datetime(2025, 10, 12, 9, 0, tzinfo=dt.UTC)


def _documents() -> list[tuple[FlowReport, str]]:
    return [(load_report(path), path.name) for path in PATHS]


def test_add_history_and_the_authoritative_filings(tmp_path: Path) -> None:
    path = tmp_path / "filings.sqlite"
    september = load_report(SEPTEMBER)
    correction = attrs.evolve(september, revision=2, lines=september.lines[:-1])
    with FilingStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        outcomes = store.add(_documents(), entered_at=ENTERED)
        assert {outcome.status for outcome in outcomes} == {"added"}
        later = ENTERED + dt.timedelta(days=3)
        [fixed] = store.add([(correction, "september-r2.json")], entered_at=later)
        assert fixed.status == "added"
        [again] = store.add([(september, SEPTEMBER.name)], entered_at=later)
        assert again.status == "already stored"
        [copy] = store.add([(september, "copy.json")], entered_at=later)
        assert copy.status == "copy"
        assert len(store) == 11
        history = store.history(september.enterprise.uscc, "2025-09")
        assert [(doc.revision, doc.source) for doc in history] == [
            (1, "2025-09-separation.json"),
            (1, "copy.json"),
            (2, "september-r2.json"),
        ]
        assert history[0].entered_at == ENTERED
        assert history[-1].report == correction
        authoritative = store.authoritative(2025)
        assert len(authoritative) == 9
        [counted] = [r for r in authoritative if r.month.month == 9 and r.revision == 2]
        assert counted.lines == correction.lines
        assert counted.submitted_at == september.submitted_at  # the first entry's time (P12)


def test_a_conflict_is_refused_and_nothing_of_the_batch_is_written(tmp_path: Path) -> None:
    september = load_report(SEPTEMBER)
    other = attrs.evolve(september, lines=september.lines[1:])
    with FilingStore(tmp_path / "f.sqlite") as store:
        store.add([(september, "site-a.json")], entered_at=ENTERED)
        fresh = load_report(PATHS[0])
        with pytest.raises(FilingConflictError) as caught:
            store.add([(fresh, "fresh.json"), (other, "site-b.json")], entered_at=ENTERED)
        assert "site-a.json (stored)" in str(caught.value)
        assert "site-b.json" in str(caught.value)
        assert len(store) == 1  # the fresh report of the batch was not written either


def test_the_entry_time_is_given_and_aware(tmp_path: Path) -> None:
    with FilingStore(tmp_path / "f.sqlite") as store:
        with pytest.raises(InvalidTimestampError):
            store.add(_documents()[:1], entered_at=dt.datetime(2025, 10, 12, 9, 0))
        assert len(store) == 0


def test_a_folder_a_missing_folder_and_a_missing_store_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreAccessError, match="is a folder"):
        FilingStore(tmp_path)
    with pytest.raises(StoreAccessError, match="does not exist"):
        FilingStore(tmp_path / "no" / "f.sqlite")
    with pytest.raises(StoreAccessError, match="no filing store"):
        FilingStore(tmp_path / "absent.sqlite", create=False)
    assert not (tmp_path / "absent.sqlite").exists()


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database at all, " * 100)
    with pytest.raises(StoreCorruptError, match="not a rare_earth_regs filing store"):
        FilingStore(garbage)
    assert garbage.read_bytes().startswith(b"this is not")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE people (name TEXT)")
    connection.close()
    with pytest.raises(StoreCorruptError, match="people"):
        FilingStore(other)


def test_a_store_of_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite"
    FilingStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO store_migrations VALUES (99, 'from the future')")
    connection.close()
    with pytest.raises(StoreSchemaError, match="schema version 99"):
        FilingStore(path)


def test_a_tampered_document_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite"
    with FilingStore(path) as store:
        store.add(_documents()[:1], entered_at=ENTERED)
    with sqlite3.connect(path) as connection:
        # the triggers refuse the edit; one who drops them is caught by the digest
        connection.execute("DROP TRIGGER filing_documents_no_update")
        connection.execute("UPDATE filing_documents SET document = replace(document, '7', '8')")
    connection.close()
    with FilingStore(path) as store, pytest.raises(StoreCorruptError, match="content digest"):
        store.filing_set()


def test_a_writer_that_waits_too_long_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite"
    FilingStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with (
            FilingStore(path, timeout=0.1) as store,
            pytest.raises(StoreLockedError, match="nothing was written"),
        ):
            store.add(_documents()[:1], entered_at=ENTERED)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with FilingStore(path) as store:
        assert len(store) == 0


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite"
    FilingStore(path).close()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreAccessError), FilingStore(path) as store:
            store.add(_documents()[:1], entered_at=ENTERED)
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)


def _report_of(serial: int, month: int) -> FlowReport:
    base = load_report(PATHS[0])
    firm = attrs.evolve(base.enterprise, uscc=make_uscc(f"91150200MA0{serial:06d}"))
    return attrs.evolve(base, enterprise=firm, month=f"2025-{month:02d}", lines=())


def _write_many(path: str, serial: int, count: int) -> int:
    written = 0
    with FilingStore(path, timeout=30) as store:
        for month in range(1, count + 1):
            report = _report_of(serial, month)
            store.add([(report, f"writer-{serial}/{month}")], entered_at=ENTERED)
            written += 1
    return written


def _write_conflicting(path: str, lines: int) -> str:
    report = attrs.evolve(_report_of(999, 1), lines=load_report(PATHS[0]).lines[:lines])
    try:
        with FilingStore(path, timeout=30) as store:
            store.add([(report, f"conflicting-{lines}")], entered_at=ENTERED)
    except FilingConflictError:
        return "refused"
    return "stored"


def test_several_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite")
    FilingStore(path).close()
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        counts = pool.starmap(_write_many, [(path, serial, 12) for serial in range(4)])
        outcomes = pool.starmap(_write_conflicting, [(path, 1), (path, 2)])
    assert counts == [12] * 4
    assert sorted(outcomes) == ["refused", "stored"]
    with FilingStore(path) as store:
        assert len(store) == 4 * 12 + 1
        assert len(store.filing_set(year=2025)) == 4 * 12 + 1


def test_check_runs_are_stored_with_their_receipts(tmp_path: Path) -> None:
    with FilingStore(tmp_path / "f.sqlite") as store:
        store.add(_documents(), entered_at=ENTERED)
        filings = store.filing_set(year=2025)
        found = check_filings(filings, year=2025)
        receipt = check_receipt(filings, found, years=[2025])
        when = dt.datetime(2026, 1, 20, 8, 0, tzinfo=dt.UTC)
        store.record_check(receipt, checked_at=when)
        store.record_check(receipt, checked_at=when)  # the same run twice: recorded once
        [run] = store.check_runs()
        assert run.checked_at == when
        assert run.receipt == receipt
        stored = {filing["content_sha256"] for filing in receipt["filings"]}
        assert stored == {content_digest(report) for report, _ in _documents()}


_EDITS = (
    "UPDATE filing_documents SET revision = 5",
    "UPDATE filing_documents SET document = replace(document, '7', '8')",
    "DELETE FROM filing_documents",
    "UPDATE check_runs SET receipt = '{}'",
    "DELETE FROM check_runs",
)


def _stored_with_a_run(path: Path) -> None:
    with FilingStore(path) as store:
        store.add(_documents()[:2], entered_at=ENTERED)
        filings = store.filing_set()
        receipt = check_receipt(filings, check_filings(filings), years=[2025])
        store.record_check(receipt, checked_at=ENTERED)


def _refused_edits(path: Path) -> list[str]:
    refused = []
    connection = sqlite3.connect(path)
    try:
        for statement in _EDITS:
            with pytest.raises(sqlite3.IntegrityError, match="append-only") as error:
                connection.execute(statement)
            refused.append(str(error.value))
            connection.rollback()
    finally:
        connection.close()
    return refused


def test_the_database_itself_refuses_update_and_delete(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite"
    _stored_with_a_run(path)
    refused = _refused_edits(path)
    assert refused[0] == "filing_documents is append-only: UPDATE refused"
    assert refused[2] == "filing_documents is append-only: DELETE refused"
    assert refused[4] == "check_runs is append-only: DELETE refused"
    with FilingStore(path) as store:  # nothing changed, and adding still works
        assert len(store) == 2
        assert len(store.check_runs()) == 1
        store.add(_documents()[2:3], entered_at=ENTERED)
        assert len(store) == 3


def test_a_store_of_version_1_gets_the_triggers_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    from rare_earth_regs.store.schema import MIGRATIONS, MIGRATIONS_TABLE

    connection = sqlite3.connect(path)  # a store as version 1 of the schema made it
    connection.execute(MIGRATIONS_TABLE)
    version, description, statements = MIGRATIONS[0]
    for statement in statements:
        connection.execute(statement)
    connection.execute("INSERT INTO store_migrations VALUES (?, ?)", (version, description))
    connection.commit()
    connection.close()
    with FilingStore(path) as store:
        assert store.schema_version == 2 == SCHEMA_VERSION
        store.add(_documents()[:2], entered_at=ENTERED)
        filings = store.filing_set()
        store.record_check(check_receipt(filings, Findings(), years=[2025]), checked_at=ENTERED)
    _refused_edits(path)
    with sqlite3.connect(path) as check:
        rows = check.execute("SELECT version FROM store_migrations ORDER BY version").fetchall()
    check.close()
    assert rows == [(1,), (2,)]
