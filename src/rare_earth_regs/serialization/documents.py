"""The document formats: names, version, and JSON shapes not one-to-one with a model class."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from rare_earth_regs.locale import N_, Message, define, phrase
from rare_earth_regs.model.activities import FeedstockOrigin, OreType
from rare_earth_regs.model.enterprises import (
    Designation,
    Enterprise,
)
from rare_earth_regs.model.invoices import Invoice
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import (
    Counterparty,
    FlowDirection,
)
from rare_earth_regs.periods import Month
from rare_earth_regs.units import Tonnage

REPORT_FORMAT = "rare_earth_regs/flow-report"
ALLOCATIONS_FORMAT = "rare_earth_regs/quota-allocations"
DESIGNATIONS_FORMAT = "rare_earth_regs/designations"
PRODUCTS_FORMAT = "rare_earth_regs/products"
INVOICES_FORMAT = "rare_earth_regs/invoices"
PRIOR_USE_FORMAT = "rare_earth_regs/prior-use"
FORMAT_VERSION = 1

#: What each format is called in messages.
KINDS = {
    REPORT_FORMAT: N_("a flow report"),
    ALLOCATIONS_FORMAT: N_("a quota allocations document"),
    DESIGNATIONS_FORMAT: N_("a designations document"),
    INVOICES_FORMAT: N_("an invoices document"),
    PRIOR_USE_FORMAT: N_("a prior use document"),
}
OTHER_KIND = define("error.other-kind", "{found}, not {expected}")
# The key only a document of each format has.
_KEYS = {
    REPORT_FORMAT: "lines",
    ALLOCATIONS_FORMAT: "allocations",
    DESIGNATIONS_FORMAT: "designations",
    INVOICES_FORMAT: "invoices",
    PRIOR_USE_FORMAT: "prior_use",
}


def other_kind(data: object, expected: str) -> Message | None:
    """What ``data`` is, if it is a document of another of the five formats, else None.

    A document that lacks the key its format needs (``lines``, ``allocations``,
    ``designations``, ``invoices``, ``prior_use``) is known by its ``format``, or, without
    one, by the key only another format has. Given to the wrong loader, it is named as
    what it is, rather than by the first field it lacks. (A document with the key its
    loader needs is read by that loader, and a wrong ``format`` is reported as such.)
    """
    if type(data) is not dict or _KEYS[expected] in data:
        return None
    written = data.get("format")
    found = written if type(written) is str and written in KINDS else None
    if found is None and written is None:
        keyed = [kind for kind, key in _KEYS.items() if key in data]
        found = keyed[0] if len(keyed) == 1 else None
    if found is None or found == expected:
        return None
    return OTHER_KIND(found=phrase(KINDS[found]), expected=phrase(KINDS[expected]))


# --- documents: the JSON shapes that are not one-to-one with a model class -------------


@attrs.frozen(kw_only=True)
class LineDocument:
    direction: FlowDirection
    product: str
    quantity: Tonnage
    reo: Tonnage | None = None
    origin: FeedstockOrigin | None = None
    counterparty: Counterparty | None = None
    date: dt.date | None = None
    invoice_number: str | None = None
    customs_declaration: str | None = None
    ore_type: OreType | None = None
    licence_number: str | None = None


@attrs.frozen(kw_only=True)
class ReportDocument:
    """A report with its lines left raw: they are read by ``fast_lines`` or, when
    something is wrong, structured as ``list[LineDocument]`` for a full account."""

    enterprise: Enterprise
    month: Month
    products: dict[str, Product]
    lines: list[Any]
    submitted_at: dt.datetime | None = None
    report_id: str | None = None
    # An optional field of format version 1 (policy P12): absent means the first entry.
    revision: int = 1
    format: str = REPORT_FORMAT
    version: int = FORMAT_VERSION


@attrs.frozen(kw_only=True)
class AllocationsDocument:
    allocations: list[QuotaAllocation]
    format: str = ALLOCATIONS_FORMAT
    version: int = FORMAT_VERSION


@attrs.frozen(kw_only=True)
class PriorUseDocument:
    prior_use: list[PriorUse]
    format: str = PRIOR_USE_FORMAT
    version: int = FORMAT_VERSION


@attrs.frozen(kw_only=True)
class DesignationsDocument:
    designations: list[Designation]
    format: str = DESIGNATIONS_FORMAT
    version: int = FORMAT_VERSION


@attrs.frozen(kw_only=True)
class ProductsDocument:
    """A product catalogue shared by reports: products by key."""

    products: dict[str, Product]
    format: str = PRODUCTS_FORMAT
    version: int = FORMAT_VERSION


@attrs.frozen(kw_only=True)
class InvoicesDocument:
    invoices: list[Invoice]
    format: str = INVOICES_FORMAT
    version: int = FORMAT_VERSION
