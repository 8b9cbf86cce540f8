"""The filing store's schema, as numbered migrations in portable SQL.

Each migration is applied once, in order, inside the transaction that records it in
``store_migrations``. A store whose highest recorded version is above
:data:`SCHEMA_VERSION` was made by a newer version of the library and is refused. The
statements use only portable types and constraints, so the same tables can be created in
PostgreSQL (``TEXT`` holds a whole JSON document in both).
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
)

#: The schema version this library writes and reads.
SCHEMA_VERSION = MIGRATIONS[-1][0]

#: The table that records the migrations applied.
MIGRATIONS_TABLE = """CREATE TABLE store_migrations (
    version INTEGER NOT NULL PRIMARY KEY,
    description VARCHAR(200) NOT NULL
)"""
