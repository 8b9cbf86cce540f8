"""Special VAT invoices in and out: the format ``rare_earth_regs/invoices``, version 1."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from rare_earth_regs.model.invoices import Invoice
from rare_earth_regs.serialization.converters import unstructure
from rare_earth_regs.serialization.documents import (
    FORMAT_VERSION,
    INVOICES_FORMAT,
    InvoicesDocument,
)
from rare_earth_regs.serialization.json_text import parse_json, read_file
from rare_earth_regs.serialization.registers import structure_register


def loads_invoices(text: str | bytes, *, source: str = "invoices") -> tuple[Invoice, ...]:
    """Read special VAT invoices from JSON text (``{"invoices": [...]}``).

    Every bad field is reported with its JSON path; duplicate keys, unknown fields,
    floats where a string is expected and ``NaN`` are refused.
    """
    document = structure_register(
        parse_json(text, source), InvoicesDocument, INVOICES_FORMAT, source
    )
    return tuple(document.invoices)


def load_invoices(path: str | Path) -> tuple[Invoice, ...]:
    """Read special VAT invoices from a JSON file."""
    file = Path(path)
    return loads_invoices(read_file(file), source=str(file))


def dumps_invoices(invoices: Iterable[Invoice], *, indent: int | None = 2) -> str:
    """Write special VAT invoices as JSON text; ``loads_invoices`` reads it back equal."""
    data = {
        "format": INVOICES_FORMAT,
        "version": FORMAT_VERSION,
        "invoices": [unstructure(invoice) for invoice in invoices],
    }
    return json.dumps(data, indent=indent, ensure_ascii=False)
