"""Benchmark: spreadsheet import against reading the same file by hand, in one run.

One synthetic file of 100,000 flow rows (three fictional enterprises, twelve months,
four products, counterparties on trade lines), written as CSV and as an ``.xlsx``
workbook, is read four ways:

1. **CSV, library**: :func:`rare_earth_regs.tabular.read_flows`, validation included
   (every cell checked, the reports built through the JSON loader);
2. **CSV, baseline**: a plain ``csv`` loop that builds the same line dicts (the dicts
   a JSON report holds), grouped by enterprise and month, with no checks;
3. **xlsx, library**: ``read_flows`` on the workbook;
4. **xlsx, baseline**: openpyxl alone, reading every row of every sheet (read-only
   mode, the values Excel last calculated: the mode ``read_flows`` uses).

It prints each time (best of ``--repeat`` runs), the ratios library/baseline, and for
reference the ratios to ``pandas.read_csv`` and ``pandas.read_excel`` (when pandas is
installed). Both library reads must give the same reports.

Usage: python benchmarks/bench_tabular.py [--rows N] [--repeat N]
Targets: CSV import within 3x of the csv loop; xlsx import within 2x of openpyxl alone.
"""

from __future__ import annotations

import argparse
import csv
import gc
import importlib.util
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from rare_earth_regs.serialization import clear_caches
from rare_earth_regs.tabular import read_flows

ENTERPRISES = (
    (
        "91360700MA35HY0A11",
        "Hengyuan Rare Earth Separation Co., Ltd. (fictional)",
        "smelting_separation",
    ),
    ("91150200MA0BY0M12F", "Baiyun Obo Example Mining Co., Ltd. (fictional)", "mining"),
    (
        "91320400MA1LX0R13A",
        "Luxin Magnet Recycling Co., Ltd. (fictional)",
        "comprehensive_utilization",
    ),
)
PRODUCTS = (
    ("prnd-oxide", "PrNd oxide", "compound", "oxide", "Pr, Nd", "1", "28469019"),
    ("la-oxide", "Lanthanum oxide", "compound", "oxide", "La", "1", "28469011"),
    (
        "bastnaesite",
        "Bastnaesite concentrate",
        "mineral_product",
        "concentrate",
        "La, Ce, Pr, Nd",
        "0.50",
        "25309020",
    ),
    ("scrap", "NdFeB magnet scrap", "secondary_resource", "scrap", "Pr, Nd, Dy", "0.30", ""),
)
DIRECTIONS = ("produced", "sold", "purchased", "consumed", "transferred", "received")
HEADER = (
    "enterprise",
    "month",
    "direction",
    "product",
    "quantity",
    "unit",
    "origin",
    "date",
    "counterparty_uscc",
    "invoice_number",
)


def rows(count: int) -> list[tuple[Any, ...]]:
    """``count`` flow rows, spread over the enterprises and the months of 2025."""
    made = []
    for index in range(count):
        uscc = ENTERPRISES[index % 3][0]
        month = 1 + (index // 3) % 12
        direction = DIRECTIONS[index % len(DIRECTIONS)]
        product = PRODUCTS[index % 4][0]
        whole, fraction = divmod(index * 7919 % 10_000_000, 1000)
        quantity = f"{whole}.{fraction:03d}"
        origin = "imported" if direction == "produced" else ""
        day = f"2025-{month:02d}-{1 + index % 28:02d}"
        party = ENTERPRISES[(index + 1) % 3][0] if direction in ("sold", "purchased") else ""
        invoice = f"INV-{index:07d}" if party else ""
        made.append(
            (
                uscc,
                f"2025-{month:02d}",
                direction,
                product,
                quantity,
                "t",
                origin,
                day,
                party,
                invoice,
            )
        )
    return made


def write_files(folder: Path, count: int) -> dict[str, Path]:
    flows = rows(count)
    paths = {name: folder / f"{name}.csv" for name in ("flows", "products", "enterprise")}
    with paths["flows"].open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(flows)
    with paths["products"].open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ("key", "name", "product_class", "form", "elements", "reo_fraction", "customs_code")
        )
        writer.writerows(PRODUCTS)
    with paths["enterprise"].open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(("uscc", "name", "activities"))
        writer.writerows(ENTERPRISES)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("flows")
    sheet.append(HEADER)
    for row in flows:  # quantities as number cells, as a user's workbook holds them
        sheet.append((*row[:4], float(row[4]), *row[5:]))
    products = book.create_sheet("products")
    products.append(
        ("key", "name", "product_class", "form", "elements", "reo_fraction", "customs_code")
    )
    for product in PRODUCTS:
        products.append(product)
    firms = book.create_sheet("enterprise")
    firms.append(("uscc", "name", "activities"))
    for firm in ENTERPRISES:
        firms.append(firm)
    paths["workbook"] = folder / "flows.xlsx"
    book.save(paths["workbook"])
    return paths


def csv_baseline(path: Path) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The plain loop: the same line dicts, grouped by enterprise and month, no checks."""
    reports: dict[tuple[str, str], list[dict[str, Any]]] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        for uscc, month, direction, product, quantity, unit, origin, day, party, invoice in reader:
            line: dict[str, Any] = {
                "direction": direction,
                "product": product,
                "quantity": f"{quantity} {unit}",
            }
            if origin:
                line["origin"] = origin
            if day:
                line["date"] = day
            if party:
                line["counterparty"] = {"uscc": party}
            if invoice:
                line["invoice_number"] = invoice
            reports.setdefault((uscc, month), []).append(line)
    return reports


def openpyxl_alone(path: Path) -> int:
    """Every row of every sheet, read as ``read_flows`` reads them."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            count += 1
    book.close()
    return count


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        clear_caches()
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = write_files(Path(folder), args.rows)

        def library_csv() -> object:
            return read_flows(
                paths["flows"], products=paths["products"], enterprise=paths["enterprise"]
            )

        from_csv = library_csv()
        from_xlsx = read_flows(paths["workbook"])
        assert from_csv.reports == from_xlsx.reports, "CSV and xlsx gave different reports"
        lines = sum(len(report.lines) for report in from_csv.reports)
        assert lines == args.rows
        print(f"{args.rows:,} rows, {len(from_csv.reports)} reports, best of {args.repeat}")

        csv_library = best(args.repeat, library_csv)
        csv_plain = best(args.repeat, lambda: csv_baseline(paths["flows"]))
        xlsx_library = best(args.repeat, lambda: read_flows(paths["workbook"]))
        xlsx_plain = best(args.repeat, lambda: openpyxl_alone(paths["workbook"]))
        print(
            f"CSV  import {csv_library:7.3f} s   csv loop       {csv_plain:7.3f} s   "
            f"ratio {csv_library / csv_plain:5.2f}x (target <= 3x)"
        )
        print(
            f"xlsx import {xlsx_library:7.3f} s   openpyxl alone {xlsx_plain:7.3f} s   "
            f"ratio {xlsx_library / xlsx_plain:5.2f}x (target <= 2x)"
        )
        if importlib.util.find_spec("pandas") is None:
            print("pandas not installed: no pandas reference")
            return
        import pandas  # noqa: PLC0415 - optional: only for the reference figures

        pandas_csv = best(args.repeat, lambda: pandas.read_csv(paths["flows"], dtype=str))
        pandas_xlsx = best(
            1, lambda: pandas.read_excel(paths["workbook"], sheet_name=None, dtype=str)
        )
        print(
            f"reference: pandas.read_csv {pandas_csv:7.3f} s (CSV import "
            f"{csv_library / pandas_csv:5.2f}x); pandas.read_excel {pandas_xlsx:7.3f} s "
            f"(xlsx import {xlsx_library / pandas_xlsx:5.2f}x)"
        )


if __name__ == "__main__":
    main()
