"""Benchmark: the filing store. Filings added per second, and ``check --store`` vs ``check``.

Reads a synthetic industry-year (``benchmarks/generate.py``), then:

1. **add**: every report added to a new SQLite store, in batches of one enterprise's
   year (one transaction each), timed; reports per second;
2. **check files**: ``rare-earth-regs check DIR --year 2025`` in-process, timed;
3. **check store**: ``rare-earth-regs check --store PATH --checked-at TIME --year 2025``
   (which also records the run in the store), timed, and the findings compared with those
   of the files (they must be equal).

Usage: python benchmarks/bench_store.py [--data DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rare_earth_regs.cli import main as cli
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.serialization import load_report
from rare_earth_regs.store import FilingStore

ENTERED = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)


def _check(argv: list[str]) -> tuple[float, list[object]]:
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        cli([*argv, "--year", "2025", "--format", "json", "--exit-zero"])
    elapsed = time.perf_counter() - start
    return elapsed, json.loads(out.getvalue())["findings"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(args.data.glob("*.json"))
    if not paths:
        sys.exit(f"no reports in {args.data}: run benchmarks/generate.py first")
    reports = [(load_report(path), str(path)) for path in paths]
    by_enterprise: dict[str, list[tuple[FlowReport, str]]] = defaultdict(list)
    for report, source in reports:
        by_enterprise[report.enterprise.uscc].append((report, source))
    adds, files, stores = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "filings.sqlite"
            start = time.perf_counter()
            with FilingStore(path) as store:
                for batch in by_enterprise.values():
                    store.add(batch, entered_at=ENTERED)
            adds.append(time.perf_counter() - start)
            file_time, file_findings = _check(["check", str(args.data)])
            store_time, store_findings = _check(
                ["check", "--store", str(path), "--checked-at", ENTERED.isoformat()]
            )
            if store_findings != file_findings:
                sys.exit("check --store and check disagree")
            files.append(file_time)
            stores.append(store_time)
    best_add = min(adds)
    print(f"reports: {len(reports)} ({sum(len(r.lines) for r, _ in reports)} lines)")
    print(f"add to store: {best_add:.2f} s, {len(reports) / best_add:.0f} reports/s")
    print(f"check files:  {min(files):.2f} s (median {statistics.median(files):.2f} s)")
    print(f"check store:  {min(stores):.2f} s (median {statistics.median(stores):.2f} s)")
    print(f"ratio store/files: {min(stores) / min(files):.2f}")


if __name__ == "__main__":
    main()
