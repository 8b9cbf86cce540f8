"""The filing store's schema, as numbered migrations in portable SQL.

Each migration is applied once, in order, inside the transaction that records it in
``store_migrations``. A store whose highest recorded version is above
:data:`SCHEMA_VERSION` was made by a newer version of the library and is refused. The
tables use only portable types and constraints, so the same tables can be created in
PostgreSQL (``TEXT`` holds a whole JSON document in both).

Migration 2 makes the append-only rule the database's own: triggers refuse any ``UPDATE``
or ``DELETE`` of a stored document (``filing_documents``) or check run (``check_runs``),
whoever issues it, not only the library's API. Trigger syntax is SQLite's; in PostgreSQL
the same rule is a ``BEFORE UPDATE OR DELETE`` trigger raising an exception, or
``REVOKE UPDATE, DELETE``. A store of version 1 gets the triggers the next time it is opened
(which needs write access, as every migration does). The triggers stop mistakes and casual
edits; someone who can drop them can still change the file, and a changed document is then
caught by its content digest (:class:`~rare_earth_regs.exceptions.StoreCorruptError` when it
is read).
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

#: (version, description, statements), in order.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "filing documents and check runs",
        (
            """CREATE TABLE filing_documents (
                uscc CHAR(18) NOT NULL,
                report_month CHAR(7) NOT NULL,
                revision INTEGER NOT NULL,
                content_sha256 CHAR(64) NOT NULL,
                canonical_form INTEGER NOT NULL,
                source VARCHAR(4000) NOT NULL,
                entered_at VARCHAR(40) NOT NULL,
                document TEXT NOT NULL,
                PRIMARY KEY (uscc, report_month, revision, source)
            )""",
            "CREATE INDEX filing_documents_by_month ON filing_documents (report_month)",
            """CREATE TABLE check_runs (
                receipt_sha256 CHAR(64) NOT NULL,
                checked_at VARCHAR(40) NOT NULL,
                receipt TEXT NOT NULL,
                PRIMARY KEY (receipt_sha256, checked_at)
            )""",
        ),
    ),
    (
        2,
        "append-only: triggers refuse UPDATE and DELETE on the filing tables",
        tuple(
            f"""CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
            BEGIN
                SELECT RAISE(ABORT, '{table} is append-only: {action} refused');
            END"""
            for table in ("filing_documents", "check_runs")
            for action in ("UPDATE", "DELETE")
        ),
    ),
)

#: The schema version this library writes and reads.
SCHEMA_VERSION = MIGRATIONS[-1][0]

#: The table that records the migrations applied.
MIGRATIONS_TABLE = """CREATE TABLE store_migrations (
    version INTEGER NOT NULL PRIMARY KEY,
    description VARCHAR(200) NOT NULL
)"""
