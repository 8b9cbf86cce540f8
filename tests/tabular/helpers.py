"""Small files for the tabular tests: a product table, an enterprise table, flows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

USCC = "91360700MA35HY0A11"
PRODUCT_HEADER = ["key", "name", "product_class", "form", "elements", "reo_fraction"]
PRODUCT_ROW = ["prnd-oxide", "PrNd oxide", "compound", "oxide", "Pr, Nd", "1"]
ENTERPRISE_HEADER = ["uscc", "name", "activities", "group"]
ENTERPRISE_ROW = [
    USCC,
    "Hengyuan Rare Earth Separation Co., Ltd. (fictional)",
    "smelting_separation",
    "",
]


def write_csv_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def csv_set(tmp_path: Path, flows: str, encoding: str = "utf-8") -> dict[str, Path]:
    """A flows CSV with the standard product and enterprise CSV files beside it."""
    products = tmp_path / "products.csv"
    products.write_text(
        ",".join(PRODUCT_HEADER) + "\n" + ",".join(f'"{v}"' for v in PRODUCT_ROW) + "\n",
        encoding="utf-8",
    )
    enterprise = tmp_path / "enterprise.csv"
    enterprise.write_text(
        ",".join(ENTERPRISE_HEADER) + "\n" + ",".join(f'"{v}"' for v in ENTERPRISE_ROW) + "\n",
        encoding="utf-8",
    )
    return {
        "flows": write_csv_text(tmp_path / "flows.csv", flows, encoding),
        "products": products,
        "enterprise": enterprise,
    }


def workbook(
    path: Path,
    flows: Sequence[Sequence[Any]],
    *,
    flows_title: str = "flows",
    products: Sequence[Sequence[Any]] | None = None,
    enterprise: Sequence[Sequence[Any]] | None = None,
    epoch_1904: bool = False,
) -> Path:
    """A workbook with a flows sheet (rows as given) and the standard other sheets."""
    book = openpyxl.Workbook()
    if epoch_1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    sheet.title = flows_title
    for row in flows:
        sheet.append(list(row))
    other = book.create_sheet("products")
    for row in products or [PRODUCT_HEADER, PRODUCT_ROW]:
        other.append(list(row))
    firm = book.create_sheet("enterprise")
    for row in enterprise or [ENTERPRISE_HEADER, ENTERPRISE_ROW]:
        firm.append(list(row))
    book.save(path)
    return path
