"""The filing store: years of filings kept in one SQLite file (standard library ``sqlite3``).

A compliance team keeps every revision of every monthly report it files, where each came
from and when it was stored, and the receipts of the checks it ran.
:class:`FilingStore` keeps them in a SQLite file:

* **append-only**: adding a document never overwrites one; a correction is a new row
  with the next revision; a copy from another source is a row of its own (so FIL001 can
  name it), and the same document from the same source again adds nothing; the database
  itself refuses ``UPDATE`` and ``DELETE`` of a stored document or check run (triggers,
  schema version 2), whoever issues them;
* **policy P12 on the way in**: a document with the key and revision of a stored one but
  other content raises :class:`~rare_earth_regs.exceptions.FilingConflictError`, naming
  both sources, and nothing of the batch is written;
* **the entry time is given by the caller** (the library never reads the clock);
* a **versioned schema** with a ``store_migrations`` table: a store made by a newer
  version, a file that is not a store, a folder, a missing folder or an unwritable file
  gives a :class:`~rare_earth_regs.exceptions.StoreError` with a clear message;
* **safe under concurrent writers**: WAL journal, one ``BEGIN IMMEDIATE`` transaction per
  batch, a busy timeout; a writer that waits longer raises
  :class:`~rare_earth_regs.exceptions.StoreLockedError` and writes nothing;
* portable SQL (``CHAR``, ``VARCHAR``, ``INTEGER``, ``TEXT``, composite primary keys, no
  SQLite-only types), so a group that runs PostgreSQL can create the same tables.

>>> import datetime as dt, tempfile, pathlib
>>> from rare_earth_regs.serialization import load_report
>>> folder = tempfile.mkdtemp()
>>> with FilingStore(pathlib.Path(folder) / "filings.sqlite") as store:
...     report = load_report("examples/reports/2025-09-separation.json")
...     entered = dt.datetime(2025, 10, 12, 9, 0, tzinfo=dt.timezone.utc)
...     added = store.add([(report, "2025-09-separation.json")], entered_at=entered)
...     [outcome.status for outcome in added]
...     [stored.revision for stored in store.history(report.enterprise.uscc, "2025-09")]
['added']
[1]
"""

from __future__ import annotations

from rare_earth_regs.store.filing_store import (
    AddOutcome,
    CheckRun,
    FilingStore,
    StoredDocument,
)
from rare_earth_regs.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AddOutcome",
    "CheckRun",
    "FilingStore",
    "StoredDocument",
]
