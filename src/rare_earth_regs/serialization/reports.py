"""Flow reports in and out: the fast path first, the detailed path for a full account of errors."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rare_earth_regs.exceptions import (
    FieldError,
    InvalidDocumentError,
    InvalidInputError,
    short_repr,
)
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import (
    FlowReport,
    checked_report,
)
from rare_earth_regs.serialization.converters import FAST, unstructure
from rare_earth_regs.serialization.detailed_path import detailed_report
from rare_earth_regs.serialization.documents import FORMAT_VERSION, REPORT_FORMAT, ReportDocument
from rare_earth_regs.serialization.fast_path import fast_lines
from rare_earth_regs.serialization.json_text import parse_json, read_file
from rare_earth_regs.serialization.registers import load_products


def report_from_dict(
    data: object, *, source: str = "report", products: Mapping[str, Product] | None = None
) -> FlowReport:
    """Build a :class:`FlowReport` from parsed JSON (a dict), checking every field.

    ``products`` is a shared product catalogue: its products are available to the
    lines under their keys, and a product of the document's own ``products`` with
    the same key takes precedence. A document that names a ``products_file`` needs
    one (:func:`load_report` reads the file it names).
    """
    data = _with_catalogue(data, products, source)
    header = None
    with contextlib.suppress(Exception):  # the detailed path below explains any failure
        header = FAST.structure(data, ReportDocument)
    if (
        header is not None
        and header.format == REPORT_FORMAT
        and header.version == FORMAT_VERSION
        and type(header.lines) is list
    ):
        built = fast_lines(header.lines, header.products, header.month)
        if built is not None:
            try:
                return checked_report(
                    enterprise=header.enterprise,
                    month=header.month,
                    lines=built[0],
                    indexes=built[1],
                    submitted_at=header.submitted_at,
                    report_id=header.report_id,
                    revision=header.revision,
                )
            except InvalidInputError:
                pass  # the detailed path reports it with its path
    return detailed_report(data, source)


def _with_catalogue(data: object, products: Mapping[str, Product] | None, source: str) -> object:
    if type(data) is not dict:
        return data
    if products is None:
        if "products_file" in data:
            raise InvalidDocumentError(
                [
                    FieldError(
                        "$.products_file",
                        "a products file is read by load_report, which knows the report's "
                        "folder; pass the catalogue as products=",
                    )
                ],
                source=source,
            )
        return data
    own = data.get("products", {})
    if type(own) is not dict:
        return data  # the loader names the bad field
    merged = dict(data)
    merged.pop("products_file", None)
    merged["products"] = {key: unstructure(product) for key, product in products.items()} | own
    return merged


def loads_report(
    text: str | bytes,
    *,
    source: str = "report",
    products: Mapping[str, Product] | None = None,
    folder: str | Path | None = None,
) -> FlowReport:
    """Read a flow report from JSON text.

    ``source`` names the document in error messages (a file name, say); ``products``
    is a shared product catalogue (see :func:`report_from_dict`); ``folder`` is where
    a ``products_file`` the report names is looked for (without it, such a report
    needs ``products``).
    """
    data = parse_json(text, source)
    if folder is not None and type(data) is dict and "products_file" in data:
        name = data["products_file"]
        if not isinstance(name, str) or not name.strip():
            raise InvalidDocumentError(
                [
                    FieldError(
                        "$.products_file",
                        f"got {short_repr(name)}; expected the path of a products file",
                    )
                ],
                source=source,
            )
        shared = load_products(Path(folder) / name)
        products = shared if products is None else {**products, **shared}
    return report_from_dict(data, source=source, products=products)


def load_report(path: str | Path, *, products: Mapping[str, Product] | None = None) -> FlowReport:
    """Read a flow report from a JSON file.

    A report whose ``products_file`` names a product catalogue (a path relative to
    the report's folder, read by :func:`load_products`) has its products from there;
    ``products`` gives a catalogue directly (the report's own products, then the
    file's, take precedence over it).
    """
    file = Path(path)
    return loads_report(read_file(file), source=str(file), products=products, folder=file.parent)


def _product_keys(products: Iterable[Product]) -> dict[Product, str]:
    """A key per product: its name as a slug, numbered from 2 when the slug is taken.

    Each slug remembers the next number to try (every smaller one is taken), so many
    products of one name cost linear time, not quadratic.
    """
    keys: dict[Product, str] = {}
    used: set[str] = set()
    next_number: dict[str, int] = {}
    for product in products:
        if product in keys:
            continue
        base = re.sub(r"[^0-9a-z]+", "-", product.name.lower()).strip("-") or "product"
        key = base
        if key in used:
            number = next_number.get(base, 2)
            key = f"{base}-{number}"
            while key in used:  # a product named like a numbered key ("oxide 2")
                number += 1
                key = f"{base}-{number}"
            next_number[base] = number + 1
        keys[product] = key
        used.add(key)
    return keys


def report_to_dict(report: FlowReport) -> dict[str, Any]:
    """The JSON-ready dict of a report (see :func:`dumps_report`)."""
    keys = _product_keys(line.product for line in report.lines)
    lines: list[dict[str, Any]] = []
    for line in report.lines:
        entry: dict[str, Any] = {
            "direction": line.direction.value,
            "product": keys[line.product],
            "quantity": str(line.quantity),
        }
        optional = {
            "reo": None if line.reo is None else str(line.reo),
            "origin": None if line.origin is None else line.origin.value,
            "counterparty": (None if line.counterparty is None else unstructure(line.counterparty)),
            "date": None if line.date is None else line.date.isoformat(),
            "invoice_number": line.invoice_number,
            "customs_declaration": line.customs_declaration,
            "ore_type": None if line.ore_type is None else line.ore_type.value,
            "licence_number": line.licence_number,
        }
        entry.update((name, value) for name, value in optional.items() if value is not None)
        lines.append(entry)
    document: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "version": FORMAT_VERSION,
        "report_id": report.report_id,
        "enterprise": unstructure(report.enterprise),
        "month": str(report.month),
        "submitted_at": None if report.submitted_at is None else report.submitted_at.isoformat(),
        "products": {key: unstructure(product) for product, key in keys.items()},
        "lines": lines,
    }
    if report.revision != 1:
        # Written only for a correction, so that a first entry stays readable by
        # versions of the library that predate the field.
        document["revision"] = report.revision
    return document


def dumps_report(report: FlowReport, *, indent: int | None = 2) -> str:
    """Write a flow report as JSON text (lossless: ``loads_report`` gives it back)."""
    return json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False)
