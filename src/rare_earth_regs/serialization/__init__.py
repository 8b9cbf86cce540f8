"""JSON in and out: flow reports, quota allocations, prior use, designations and invoices.

The package keeps one module per concern: ``documents`` (the formats and their
version), ``json_text`` (the strict decoder), ``converters`` (cattrs hooks and
errors with paths), ``fast_path`` and ``detailed_path`` (the two loader paths,
which accept exactly the same documents), ``reports``, ``registers``
(allocations and designations), ``invoices`` and ``schema``.

The formats are documented in the JSON Schema shipped with the package
(:func:`report_schema`) and in the docs. In short, a flow report is::

    {
      "format": "rare_earth_regs/flow-report", "version": 1,
      "report_id": "91350000MA0000001K-2025-09",
      "enterprise": {"uscc": "...", "name": "...", "activities": ["smelting_separation"],
                     "group": null},
      "month": "2025-09",
      "submitted_at": "2025-10-09T10:15:00+08:00",
      "products": {"prnd-oxide": {"name": "PrNd oxide", "product_class": "compound", ...}},
      "lines": [{"direction": "produced", "product": "prnd-oxide", "quantity": "12.5 t",
                 "origin": "imported", "date": "2025-09-03"}]
    }

Lines refer to products by their key in ``products``, so a product is written once
and shared by every line that names it. Quantities are exact decimal strings with a
unit (``"12.5 t"``, ``"9 t REO"``); JSON numbers are read as :class:`~decimal.Decimal`,
never as binary floats, and ``NaN``/``Infinity`` are refused.

Malformed input raises :class:`~rare_earth_regs.exceptions.InvalidDocumentError`
listing every bad field with its JSON path:

>>> loads_report('{"month": "2025-13", "lines": []}')
Traceback (most recent call last):
...
rare_earth_regs.exceptions.InvalidDocumentError: report: 3 errors: $.enterprise: required \
field missing; $.month: got '2025-13'; expected a month as 'YYYY-MM' (year 1-9999, month \
01-12); $.products: required field missing

Round trips are lossless: ``loads_report(dumps_report(r)) == r``.
"""

from __future__ import annotations

from rare_earth_regs.serialization.converters import clear_caches, field_errors, strict_converter
from rare_earth_regs.serialization.documents import (
    ALLOCATIONS_FORMAT,
    DESIGNATIONS_FORMAT,
    FORMAT_VERSION,
    INVOICES_FORMAT,
    PRIOR_USE_FORMAT,
    PRODUCTS_FORMAT,
    REPORT_FORMAT,
)
from rare_earth_regs.serialization.invoices import dumps_invoices, load_invoices, loads_invoices
from rare_earth_regs.serialization.registers import (
    dumps_allocations,
    dumps_designations,
    dumps_prior_use,
    dumps_products,
    load_allocations,
    load_designations,
    load_prior_use,
    load_products,
    loads_allocations,
    loads_designations,
    loads_prior_use,
    loads_products,
)
from rare_earth_regs.serialization.reports import (
    dumps_report,
    load_report,
    loads_report,
    report_from_dict,
    report_to_dict,
)
from rare_earth_regs.serialization.schema import report_schema

__all__ = [
    "ALLOCATIONS_FORMAT",
    "DESIGNATIONS_FORMAT",
    "FORMAT_VERSION",
    "INVOICES_FORMAT",
    "PRIOR_USE_FORMAT",
    "PRODUCTS_FORMAT",
    "REPORT_FORMAT",
    "clear_caches",
    "dumps_allocations",
    "dumps_designations",
    "dumps_invoices",
    "dumps_prior_use",
    "dumps_products",
    "dumps_report",
    "field_errors",
    "load_allocations",
    "load_designations",
    "load_invoices",
    "load_prior_use",
    "load_products",
    "load_report",
    "loads_allocations",
    "loads_designations",
    "loads_invoices",
    "loads_prior_use",
    "loads_products",
    "loads_report",
    "report_from_dict",
    "report_schema",
    "report_to_dict",
    "strict_converter",
]
