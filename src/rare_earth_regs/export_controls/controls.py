"""The 2025 export controls as shipped data: control codes, listed items, customs mapping.

The facts ship as package data (``data/export_controls.json``) with their sources and are
read once, on first use, by :func:`export_control_data`. They are:

* the control codes (1C902 Sm ... 1C913 Yb, 1E902 technologies), each with its element,
  its instrument and whether its number is *confirmed* or *inferred* (1C905-1C908 and 1C913
  are inferred from the announcements' element order);
* the listings: which forms of which elements each announcement controls;
* Announcement No. 61's limbs and its 0.1 % by-value threshold;
* a mapping between customs codes and control codes, every entry marked *confirmed* or
  *inferred*;
* the knowledge horizon (:func:`knowledge_horizon`, the data's ``as_of``): the last day whose
  status the encoded instruments determine.

>>> knowledge_horizon()
datetime.date(2026, 11, 10)
>>> code = export_control_data().control_codes["1C905"]
>>> code.element.value, code.instrument.short_title, code.number_status
('Dy', 'MOFCOM/GAC Announcement No. 18 of 2025', 'inferred')
>>> [(m.control_code, m.status) for m in customs_mappings("2805301910")]
[('1C902', 'confirmed'), ('1C903', 'confirmed'), ('1C906', 'inferred')]

References:
    MOFCOM/GAC Announcement 2025 No. 18 (Holland & Knight alert, 2025-04-04); MOFCOM/GAC No. 57
    and MOFCOM Nos. 61 and 62 of 2025-10-09 (SiliconExpert, 2025-10-17); MOFCOM/GAC No. 70 of
    2025-11-07 (Pillsbury, ChemRadar, GvW). The sources are repeated in the data file's
    ``_about`` block.

Limitations:
    No source says what happened when No. 70's suspension ended on 2026-11-10: the horizon is
    that day, and it moves only with new sourced data.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

import attrs

from rare_earth_regs.export_controls.items import ItemForm
from rare_earth_regs.legal import Instrument, instrument
from rare_earth_regs.locale import N_
from rare_earth_regs.model.elements import Element, element
from rare_earth_regs.model.products import validate_customs_code

__all__ = [
    "ControlCode",
    "CustomsMapping",
    "ExportControlData",
    "ForeignMadeRule",
    "Listing",
    "customs_mappings",
    "export_control_data",
    "knowledge_horizon",
]

Status = Literal["confirmed", "inferred"]

# The descriptions of the shipped listings (data/export_controls.json), catalogued so that a
# licence answer quoting one reads in Chinese; tests/test_locale.py checks the list is whole.
LISTING_DESCRIPTIONS = (
    N_(
        "metals, alloys, targets, oxides and mixtures, compounds and mixtures of Sm, Gd, Tb, Dy, "
        "Lu, Sc, Y"
    ),
    N_("samarium-cobalt magnets"),
    N_("NdFeB magnets containing Tb or Dy"),
    N_(
        "metals, alloys, targets, oxides and mixtures, compounds and mixtures of Ho, Er, Tm, Eu, Yb"
    ),
    N_("permanent magnet materials containing Ho"),
    N_("rare earth technologies (1E902)"),
)


@attrs.frozen(kw_only=True)
class ControlCode:
    """A control code of the dual-use list, e.g. ``1C905`` (dysprosium items).

    Attributes:
        code: the control code.
        element: the element it controls (``None`` for the technology code 1E902).
        instrument: the announcement that lists it.
        number_status: ``'confirmed'``, or ``'inferred'`` when the sources give the element
            but not the number (1C905-1C908, 1C913).
        covers: what it covers, in English.
    """

    code: str
    element: Element | None
    instrument: Instrument
    number_status: Status
    covers: str


@attrs.frozen(kw_only=True)
class Listing:
    """What one announcement controls: some forms of some elements.

    An item is listed when its form is one of :attr:`forms` and it contains one of
    :attr:`elements` (a listing without elements, the technology one, lists every item of
    its forms).
    """

    instrument: Instrument
    forms: frozenset[ItemForm]
    elements: frozenset[Element]
    control_codes: tuple[str, ...]
    description: str


@attrs.frozen(kw_only=True)
class CustomsMapping:
    """One customs code <-> control code pair, confirmed by a source or inferred."""

    customs_code: str
    control_code: str
    status: Status
    basis: str


@attrs.frozen(kw_only=True)
class ForeignMadeRule:
    """Announcement No. 61's limbs and their dates; the de minimis threshold is by value."""

    instrument: Instrument
    limb_a_from: dt.date
    limb_b_from: dt.date
    limb_c_from: dt.date
    value_threshold: Decimal
    description: str


@attrs.frozen(kw_only=True)
class ExportControlData:
    """Everything the shipped export-control data holds (see the module docstring)."""

    as_of: dt.date
    control_codes: Mapping[str, ControlCode]
    listings: tuple[Listing, ...]
    customs_mapping: tuple[CustomsMapping, ...]
    reference_customs_codes: Mapping[str, tuple[str, ...]]
    foreign_made_rule: ForeignMadeRule
    sources: tuple[str, ...]
    limitations: str

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        """The instruments the listings and the foreign-made rule come from, in order."""
        found: dict[str, Instrument] = {}
        for listing in self.listings:
            found.setdefault(listing.instrument.slug, listing.instrument)
        found.setdefault(self.foreign_made_rule.instrument.slug, self.foreign_made_rule.instrument)
        return tuple(found.values())


@functools.cache
def export_control_data() -> ExportControlData:
    """The shipped export-control data, read on first use and cached."""
    # Imported here: importlib.resources is slow to import and needed once.
    import importlib.resources  # noqa: PLC0415

    resource = importlib.resources.files("rare_earth_regs.data") / "export_controls.json"
    document = json.loads(resource.read_text(encoding="utf-8"))
    codes = {
        code: ControlCode(
            code=code,
            element=None if entry["element"] is None else element(entry["element"]),
            instrument=instrument(entry["instrument"]),
            number_status=entry["number"],
            covers=entry["covers"],
        )
        for code, entry in document["control_codes"].items()
    }
    listings = []
    for entry in document["listings"]:
        listed = frozenset(element(symbol) for symbol in entry["elements"])
        own_codes = entry.get("control_codes") or [
            code.code for code in codes.values() if code.element in listed
        ]
        listings.append(
            Listing(
                instrument=instrument(entry["instrument"]),
                forms=frozenset(ItemForm(form) for form in entry["forms"]),
                elements=listed,
                control_codes=tuple(own_codes),
                description=entry["description"],
            )
        )
    rule = document["foreign_made_rule"]
    return ExportControlData(
        as_of=dt.date.fromisoformat(document["as_of"]),
        control_codes=MappingProxyType(codes),
        listings=tuple(listings),
        customs_mapping=tuple(
            CustomsMapping(
                customs_code=entry["customs_code"],
                control_code=entry["control_code"],
                status=entry["status"],
                basis=entry["basis"],
            )
            for entry in document["customs_mapping"]
        ),
        reference_customs_codes=MappingProxyType(
            {slug: tuple(found) for slug, found in document["reference_customs_codes"].items()}
        ),
        foreign_made_rule=ForeignMadeRule(
            instrument=instrument(rule["instrument"]),
            limb_a_from=dt.date.fromisoformat(rule["limb_a_from"]),
            limb_b_from=dt.date.fromisoformat(rule["limb_b_from"]),
            limb_c_from=dt.date.fromisoformat(rule["limb_c_from"]),
            value_threshold=Decimal(rule["value_threshold"]),
            description=rule["description"],
        ),
        sources=tuple(document["_about"]["sources"]),
        limitations=document["_about"]["limitations"],
    )


def customs_mappings(customs_code: object) -> tuple[CustomsMapping, ...]:
    """The mapping entries of a customs code (none for a code no control code is mapped to).

    Raises:
        InvalidInputError: (field ``customs_code``) for a malformed code.
    """
    code = validate_customs_code(customs_code)
    return tuple(
        entry for entry in export_control_data().customs_mapping if entry.customs_code == code
    )


def knowledge_horizon() -> dt.date:
    """The knowledge horizon: the shipped data's as-of date, one value for the whole library.

    The last day whose export-control status the encoded instruments determine (the end of
    No. 70's suspension, 2026-11-10). For a later day the status of the suspended
    announcements is undetermined. It moves only with new sourced data.

    >>> knowledge_horizon()
    datetime.date(2026, 11, 10)
    """
    return export_control_data().as_of
