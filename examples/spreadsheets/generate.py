"""Write the example spreadsheets from the example JSON reports (run from the repository root).

    python examples/spreadsheets/generate.py

``flows.xlsx`` holds the three tables of the tabular layout with English headers and
quantities as numbers with a unit column; ``流向.csv`` (with ``流向-products.csv`` and
``流向-enterprise.csv``) holds the same with Chinese headers and quantities as text
with their unit. Reading either back gives the example reports (a test checks it).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from rare_earth_regs.serialization import load_report
from rare_earth_regs.tabular import write_flows

HERE = Path(__file__).resolve().parent
REPORTS = sorted((HERE.parent / "reports").glob("*.json"))
# A fixed time stamp for the workbook's parts, so the file is the same on every run.
STAMP = (2025, 10, 31, 0, 0, 0)


def _normalize(path: Path) -> None:
    """Rewrite a workbook with fixed member times and a fixed creation date."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    fixed = dt.datetime(*STAMP).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            content = _stamp(data, fixed) if name == "docProps/core.xml" else data
            target.writestr(zipfile.ZipInfo(name, date_time=STAMP), content)


def _stamp(core: bytes, fixed: bytes) -> bytes:
    for tag in (b"dcterms:created", b"dcterms:modified"):
        start = core.find(b">", core.find(b"<" + tag)) + 1
        end = core.find(b"</" + tag, start)
        if start > 0 and end > start:
            core = core[:start] + fixed + core[end:]
    return core


def main() -> None:
    reports = [load_report(path) for path in REPORTS]
    for written in write_flows(reports, HERE / "flows.xlsx"):
        _normalize(written)
        print(f"wrote {written.relative_to(HERE.parent.parent)}")
    for written in write_flows(reports, HERE / "流向.csv", language="zh"):
        print(f"wrote {written.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
