"""Does an export need a dual-use export licence on a given day? A cited, dated answer.

:func:`export_licence_required` answers for goods and technologies exported from China under
MOFCOM/GAC Announcements Nos. 18 and 57 and MOFCOM Announcement No. 62 of 2025, as suspended
by No. 70; :func:`foreign_made_item_licence_required` answers No. 61's rule for foreign-made
items by value. Each answer is a :class:`LicenceAnswer`: *required*, *not required* or
*undetermined*, with the instrument, the control codes, the elements that trigger them, the
reason, and the knowledge horizon.

>>> from datetime import date
>>> from rare_earth_regs.export_controls.items import ExportItem
>>> magnet = ExportItem(form="ndfeb_magnet", content={"Nd": "29%", "Dy": "contains"})
>>> answer = export_licence_required(magnet, on=date(2025, 6, 1))
>>> answer.status.value, answer.control_codes, answer.instrument.short_title
('required', ('1C905',), 'MOFCOM/GAC Announcement No. 18 of 2025')
>>> export_licence_required(ExportItem(form="compound", content=["Ce"]), on=date(2025, 6, 1)).status
<LicenceStatus.NOT_REQUIRED: 'not_required'>
>>> holmium = ExportItem(form="oxide", content=["Ho"])
>>> print(export_licence_required(holmium, on=date(2026, 11, 11)).reason)  # doctest: +ELLIPSIS
undetermined, because MOFCOM/GAC Announcement No. 57 of 2025 lists ... 2026-11-10 ...

Interpretation (P19): an item is listed when its form is one the announcement names and it
contains a listed element, whatever the share: the sources give no de minimis content for
goods exported from China. An item whose rare earth content is not stated, or a magnet whose
type is not stated, is undetermined where the answer turns on it (P10).

Interpretation (P20): the knowledge horizon. Past :func:`knowledge_horizon` (2026-11-10, the
end of No. 70's suspension) the status of Nos. 57, 61 and 62 is undetermined: an item they
would list gets *undetermined*, never *suspended* or *in force*. No. 18, which No. 70 does not
suspend and which has no encoded end, stays in force.

Limitations:
    Days before No. 18 (2025-04-04) are refused (NotInForceError): earlier export rules are
    not encoded. End-user and end-use rules (No. 61's military users, listed entities,
    advanced chips), licensing procedure and the catalogue of technologies prohibited or
    restricted from export are not encoded; a technology outside No. 62's force is
    undetermined for that reason.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.export_controls.controls import (
    CustomsMapping,
    ExportControlData,
    Listing,
    customs_mappings,
    export_control_data,
    knowledge_horizon,
)
from rare_earth_regs.export_controls.items import ExportItem, ItemForm
from rare_earth_regs.legal import (
    EXPORT_CONTROL_18_2025,
    Citation,
    Instrument,
    InstrumentStatus,
    articles,
    instrument,
)
from rare_earth_regs.locale import (
    N_,
    SEMICOLON,
    Language,
    Message,
    MessageTemplate,
    bilingual,
    define,
    language,
    phrase,
)
from rare_earth_regs.model.coerce import exact_decimal
from rare_earth_regs.model.elements import Element

__all__ = [
    "CONTROLS_ENCODED_FROM",
    "LicenceAnswer",
    "LicenceStatus",
    "cite",
    "export_licence_required",
    "foreign_made_item_licence_required",
    "meets_value_threshold",
]

#: The first day an export control of rare earth items is encoded (No. 18 in force).
CONTROLS_ENCODED_FROM: Final[dt.date] = EXPORT_CONTROL_18_2025.in_force_from  # type: ignore[assignment]

_IN_FORCE = InstrumentStatus.IN_FORCE
_UNDETERMINED = InstrumentStatus.UNDETERMINED

REQUIRED = define(
    "export.required",
    "required: {instrument} lists {listing}; {which}, control code {codes}",
)
INFERRED = define("export.required-inferred", "{required} (the number of {codes} is inferred)")
CONTAINS = define("export.item-contains", "the item contains {elements}")
IS_ONE_OF_THEM = define("export.item-is-one-of-them", "the item is one of them")
UNDETERMINED_BECAUSE = define("export.undetermined-because", "undetermined, because {because}")
STATUS_UNKNOWN = define(
    "export.status-unknown",
    "{instrument} lists {listing}, and its status after {until} (the end of its suspension by "
    "{suspender}, the knowledge horizon) is not known",
)
MAGNET_TYPE_UNKNOWN = define(
    "export.magnet-type-unknown",
    "the magnet's type is not stated, and {instrument} lists {listing}",
)
CONTENT_UNKNOWN = define(
    "export.content-unknown",
    "the item's rare earth content is not stated, and {instrument} lists {listing}",
)
TECHNOLOGY_UNDETERMINED = define(
    "export.technology-undetermined",
    "undetermined, because {inactive}, and the catalogue of technologies prohibited or "
    "restricted from export is not encoded",
)
DOES_NOT_APPLY = define(
    "export.does-not-apply", "{instrument} does not apply on this day ({status})"
)
SUSPENDED_FROM = define(
    "export.suspended-from", "suspended by {suspender} from {start} until {end}"
)
NOT_YET = define("export.not-yet-in-force", "not in force until {start}")
NOT_REQUIRED_INACTIVE = define(
    "export.not-required-inactive", "not required: {instrument} lists {listing}, but it is {when}"
)
NO_ANNOUNCEMENT = define("export.no-announcement", "no announcement lists {form} items")
NONE_LISTED = define(
    "export.none-listed", "none of its elements ({elements}) is listed for that form"
)
NOT_REQUIRED_NONE = define(
    "export.not-required-none", "not required: {what} by the export controls encoded for this day"
)
FOREIGN_HORIZON = define(
    "export.foreign-made-horizon",
    "undetermined, because the suspension of {instrument} by {suspender} ended on {end}, the "
    "knowledge horizon, and what followed is not encoded",
)
FOREIGN_SUSPENDED = define(
    "export.foreign-made-suspended",
    "not required: {instrument} is suspended by {suspender} from {start} until {end}",
)
FOREIGN_NOT_YET = define(
    "export.foreign-made-not-yet",
    "not required: the foreign-made limb of {instrument} applies from {start}",
)
FOREIGN_REQUIRED = define(
    "export.foreign-made-required",
    "required: {instrument} covers foreign-made items whose Chinese-origin controlled content "
    "is at least {share} of their value",
)
FOREIGN_BELOW = define(
    "export.foreign-made-below",
    "not required: the Chinese-origin controlled content is below {share} of the item's value",
)
FOREIGN_AT_LEAST = define(
    "export.foreign-made-item-at-least",
    "a foreign-made item whose Chinese-origin controlled content is at least {share} of its value",
)
FOREIGN_BELOW_SHARE = define(
    "export.foreign-made-item-below",
    "a foreign-made item whose Chinese-origin controlled content is below {share} of its value",
)
# The item forms as a reason names them (ItemForm.label), and the statuses (values, spaced).
_FORM_WORDS = (
    N_("metal"),
    N_("alloy"),
    N_("target"),
    N_("oxide"),
    N_("compound"),
    N_("SmCo magnet"),
    N_("NdFeB magnet"),
    N_("magnet (type not stated)"),
    N_("mineral"),
    N_("scrap"),
    N_("technology"),
)
_STATUS_WORDS = (
    N_("draft"),
    N_("not yet in force"),
    N_("in force"),
    N_("suspended"),
    N_("no longer in force"),
    N_("undetermined"),
)
BEFORE_CONTROLS = define(
    "export.before-encoded-range",
    "export controls on {on}: the library encodes the rare earth export controls from "
    "{encoded_from} (MOFCOM/GAC Announcement No. 18 of 2025) and does not guess earlier rules",
)
AT_MOST_VALUE = define("accepted.at-most-item-value", "at most the item's value ({total})")
_SHARE = "0.1 %"  # No. 61's de minimis share, as the reasons write it
_CONCATENATED = define("list.concatenated", "{first}{rest}")


def _joined(items: list[Message], separator: MessageTemplate = SEMICOLON) -> Message | str:
    joined: Message | str = ""
    for item in reversed(items):
        joined = item if joined == "" else separator(first=item, rest=joined)
    return joined


_MAGNET_FORMS: Final = frozenset({ItemForm.SMCO_MAGNET, ItemForm.NDFEB_MAGNET})


class LicenceStatus(enum.Enum):
    """The three answers: a licence is required, is not, or the library cannot tell."""

    REQUIRED = "required"
    NOT_REQUIRED = "not_required"
    UNDETERMINED = "undetermined"

    def __str__(self) -> str:
        return self.value


@attrs.frozen(kw_only=True)
class LicenceAnswer:
    """The answer to "does this export need a licence on that day?".

    Attributes:
        status: required, not required or undetermined.
        on: the day asked about.
        subject: what was asked about, in English.
        reason: why, in English; an undetermined answer starts "undetermined, because".
        instrument: the instrument that requires the licence, or that the answer turns on.
        control_codes: the control codes that apply (empty when none does).
        elements: the elements that trigger them.
        citations: the instruments cited.
        customs_mappings: the mapping entries of the item's customs code, with their status.
        knowledge_horizon: the shipped data's as-of date.
    """

    status: LicenceStatus
    on: dt.date
    subject: str
    reason: str
    instrument: Instrument | None = None
    control_codes: tuple[str, ...] = ()
    elements: tuple[Element, ...] = ()
    citations: tuple[Citation, ...] = ()
    customs_mappings: tuple[CustomsMapping, ...] = ()
    knowledge_horizon: dt.date
    #: ``reason`` as a message, to render in English or Chinese.
    explanation: Message | None = attrs.field(default=None, eq=False, repr=False)
    #: ``subject`` as a message, to render in English or Chinese.
    description: Message | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def is_required(self) -> bool:
        """True only for a *required* answer."""
        return self.status is LicenceStatus.REQUIRED

    def to_dict(self, lang: Language | str = "en") -> dict[str, Any]:
        """A JSON-ready dict of the answer, ``subject`` and ``reason`` in ``lang``.

        ``reason_id`` and ``reason_params`` let a reader render the reason in the other
        language later (see :class:`~rare_earth_regs.locale.Message`).
        """
        chosen = language(lang)
        subject = self.subject if self.description is None else self.description.render(chosen)
        reason = self.reason if self.explanation is None else self.explanation.render(chosen)
        return {
            "status": self.status.value,
            "on": self.on.isoformat(),
            "subject": subject,
            "reason": reason,
            "lang": chosen,
            "reason_id": None if self.explanation is None else self.explanation.id,
            "reason_params": None
            if self.explanation is None
            else self.explanation.to_dict()["params"],
            "instrument": None if self.instrument is None else self.instrument.slug,
            "control_codes": list(self.control_codes),
            "elements": [member.value for member in self.elements],
            "citations": [citation.en for citation in self.citations],
            "customs_mappings": [
                {"control_code": entry.control_code, "status": entry.status}
                for entry in self.customs_mappings
            ],
            "knowledge_horizon": self.knowledge_horizon.isoformat(),
        }


def _require_day(on: object) -> dt.date:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InvalidInputError(
            field="on", value=on, accepted="a datetime.date (a Beijing calendar day)"
        )
    if on < CONTROLS_ENCODED_FROM:
        raise NotInForceError(BEFORE_CONTROLS(on=on, encoded_from=CONTROLS_ENCODED_FROM))
    return on


@functools.cache
def cite(announcement: Instrument) -> Citation:
    """The citation of an export-control announcement: its shipped clause (a gloss)."""
    return Citation(announcement, clause=articles(announcement)[0].heading_en)


def _suspender(suspended: Instrument) -> Message | str:
    if suspended.suspended_by is None:
        return ""
    return _title(instrument(suspended.suspended_by))


def _title(found: Instrument) -> Message:
    return bilingual(str(found), found.title_zh)


def _names(elements: Iterable[Element]) -> str:
    return ", ".join(member.value for member in sorted(elements, key=lambda m: m.atomic_number))


@attrs.frozen
class _Match:
    """How a listing meets an item: ``elements`` listed, or ``unknown`` with why."""

    elements: frozenset[Element] = frozenset()
    unknown: Message | None = None


def _match(listing: Listing, item: ExportItem) -> _Match | None:
    """The listing's hold on the item: None when it does not list it."""
    if item.form not in listing.forms:
        if item.form is ItemForm.MAGNET and listing.forms & _MAGNET_FORMS:
            contained = item.contained_elements()
            if contained is None or contained & listing.elements:
                return _Match(
                    unknown=MAGNET_TYPE_UNKNOWN(
                        instrument=_title(listing.instrument),
                        listing=phrase(listing.description),
                    )
                )
        return None
    if not listing.elements:
        return _Match()
    contained = item.contained_elements()
    if contained is None:
        return _Match(
            unknown=CONTENT_UNKNOWN(
                instrument=_title(listing.instrument), listing=phrase(listing.description)
            )
        )
    listed = contained & listing.elements
    return _Match(elements=listed) if listed else None


def _codes(data: ExportControlData, listing: Listing, elements: frozenset[Element]) -> list[str]:
    if not listing.elements:
        return list(listing.control_codes)
    return [code for code in listing.control_codes if data.control_codes[code].element in elements]


def export_licence_required(item: ExportItem, *, on: dt.date) -> LicenceAnswer:
    """Whether exporting ``item`` from China on the day ``on`` needs a dual-use export licence.

    Legal basis:
        Regulations 2024, art. 15 (items under export control follow the export-control
        laws); MOFCOM/GAC Announcement No. 18 of 2025 (Sm, Gd, Tb, Dy, Lu, Sc, Y from
        2025-04-04), No. 57 (Ho, Er, Tm, Eu, Yb from 2025-11-08), MOFCOM No. 62
        (technologies, 1E902, from 2025-10-09), each as suspended by No. 70 (Nos. 57 and 62
        from 2025-11-07 until 2026-11-10).

    Interpretation:
        P19 (listed whatever the share), P20 (undetermined past the knowledge horizon), P10.

    Returns:
        *required* when an announcement in force lists the item (all the control codes and
        elements that trigger it, the first instrument); *undetermined* when one that is in
        force, or whose status past the horizon is unknown, might list it; else *not
        required*, saying which suspended or not-yet-applicable announcement would list it.

    Raises:
        InvalidInputError: ``item`` is not an :class:`ExportItem`, ``on`` is not a date.
        NotInForceError: ``on`` is before 2025-04-04.
    """
    if not isinstance(item, ExportItem):
        raise InvalidInputError(field="item", value=item, accepted="an ExportItem")
    day = _require_day(on)
    data = export_control_data()
    required: list[tuple[Listing, list[str], frozenset[Element]]] = []
    unknown: list[tuple[Listing, Message]] = []
    inactive: list[tuple[Listing, InstrumentStatus]] = []
    for listing in data.listings:
        found = _match(listing, item)
        if found is None:
            continue
        status = listing.instrument.status(day)
        if status is _UNDETERMINED:
            unknown.append(
                (
                    listing,
                    STATUS_UNKNOWN(
                        instrument=_title(listing.instrument),
                        listing=phrase(listing.description),
                        until=str(listing.instrument.suspended_until),
                        suspender=_suspender(listing.instrument),
                    ),
                )
            )
        elif status is not _IN_FORCE:
            inactive.append((listing, status))
        elif found.unknown is not None:
            unknown.append((listing, found.unknown))
        else:
            required.append((listing, _codes(data, listing, found.elements), found.elements))
    common: dict[str, Any] = {
        "on": day,
        "subject": item.describe(),
        "description": item.description,
        "customs_mappings": ()
        if item.customs_code is None
        else customs_mappings(item.customs_code),
        "knowledge_horizon": knowledge_horizon(),
    }
    if required:
        codes = tuple(dict.fromkeys(code for _, found_codes, _ in required for code in found_codes))
        elements = frozenset().union(*(found for _, _, found in required))
        instruments = tuple(dict.fromkeys(listing.instrument for listing, _, _ in required))
        inferred = [code for code in codes if data.control_codes[code].number_status == "inferred"]
        which = CONTAINS(elements=_names(elements)) if elements else IS_ONE_OF_THEM()
        explanation = REQUIRED(
            instrument=_title(instruments[0]),
            listing=phrase(required[0][0].description),
            which=which,
            codes=", ".join(codes),
        )
        if inferred:
            explanation = INFERRED(required=explanation, codes=", ".join(inferred))
        return LicenceAnswer(
            status=LicenceStatus.REQUIRED,
            reason=str(explanation),
            explanation=explanation,
            instrument=instruments[0],
            control_codes=codes,
            elements=tuple(sorted(elements, key=lambda m: m.atomic_number)),
            citations=tuple(cite(found) for found in instruments),
            **common,
        )
    if unknown:
        explanation = UNDETERMINED_BECAUSE(because=_joined([text for _, text in unknown]))
        return LicenceAnswer(
            status=LicenceStatus.UNDETERMINED,
            reason=str(explanation),
            explanation=explanation,
            instrument=unknown[0][0].instrument,
            citations=tuple(dict.fromkeys(cite(listing.instrument) for listing, _ in unknown)),
            **common,
        )
    if item.form is ItemForm.TECHNOLOGY:
        explanation = TECHNOLOGY_UNDETERMINED(
            inactive=_joined(
                [
                    DOES_NOT_APPLY(
                        instrument=_title(listing.instrument),
                        status=phrase(status.value.replace("_", " ")),
                    )
                    for listing, status in inactive
                ],
                separator=_CONCATENATED,
            )
        )
        return LicenceAnswer(
            status=LicenceStatus.UNDETERMINED,
            reason=str(explanation),
            explanation=explanation,
            instrument=inactive[0][0].instrument if inactive else None,
            **common,
        )
    if inactive:
        listing, status = inactive[0]
        when = (
            SUSPENDED_FROM(
                suspender=_suspender(listing.instrument),
                start=str(listing.instrument.suspended_from),
                end=str(listing.instrument.suspended_until),
            )
            if status is InstrumentStatus.SUSPENDED
            else NOT_YET(start=str(listing.instrument.in_force_from))
        )
        explanation = NOT_REQUIRED_INACTIVE(
            instrument=_title(listing.instrument),
            listing=phrase(listing.description),
            when=when,
        )
        return LicenceAnswer(
            status=LicenceStatus.NOT_REQUIRED,
            reason=str(explanation),
            explanation=explanation,
            instrument=listing.instrument,
            citations=(cite(listing.instrument),),
            **common,
        )
    contained = item.contained_elements()
    what = (
        NO_ANNOUNCEMENT(form=phrase(item.form.label))
        if not any(item.form in listing.forms for listing in data.listings)
        else NONE_LISTED(elements=_names(contained or ()))
    )
    explanation = NOT_REQUIRED_NONE(what=what)
    return LicenceAnswer(
        status=LicenceStatus.NOT_REQUIRED,
        reason=str(explanation),
        explanation=explanation,
        **common,
    )


# ------------------------------------------------------------------ No. 61, by value


def _money(value: object, field: str) -> Decimal:
    number = exact_decimal(value)
    if number is None or number < 0:
        raise InvalidInputError(
            field=field,
            value=value,
            accepted="a value of 0 or more as a Decimal, an int or a decimal string (no float),"
            " in the same currency as the other value",
        )
    return number


def meets_value_threshold(chinese_controlled_value: object, item_value: object) -> bool:
    """No. 61's de minimis test: Chinese-origin controlled content >= 0.1 % of the item's value.

    By value (价值比例), not by mass or REO content. Exact: ``1000 x content >= item value``.

    >>> meets_value_threshold("1", "1000"), meets_value_threshold("0.99", "1000")
    (True, False)

    Raises:
        InvalidInputError: a value that is negative, not a number, a float, a zero item value,
            or content worth more than the item.
    """
    content = _money(chinese_controlled_value, "chinese_controlled_value")
    total = _money(item_value, "item_value")
    if total == 0:
        raise InvalidInputError(field="item_value", value=item_value, accepted="a value above 0")
    if content > total:
        raise InvalidInputError(
            field="chinese_controlled_value",
            value=chinese_controlled_value,
            accepted=AT_MOST_VALUE(total=str(total)),
        )
    threshold = export_control_data().foreign_made_rule.value_threshold
    return content >= total * threshold


def foreign_made_item_licence_required(
    *, chinese_controlled_value: object, item_value: object, on: dt.date
) -> LicenceAnswer:
    """No. 61, limb (a): does a foreign-made listed item need a licence on ``on``?

    Legal basis:
        MOFCOM Announcement No. 61 of 2025: foreign-made listed items (magnets, targets,
        parts) whose Chinese-origin listed rare earth content is at least 0.1 % of the item's
        value need a licence, from 2025-12-01; suspended by No. 70 from 2025-11-07 until
        2026-11-10.

    Interpretation:
        P20: the rule answers only while in force. Before 2025-12-01 and during the suspension
        (so on every day up to the horizon: it was suspended before its foreign-made part ever
        applied) the answer is *not required*; after the horizon it is *undetermined*. The
        values are compared exactly (:func:`meets_value_threshold`).
    """
    meets = meets_value_threshold(chinese_controlled_value, item_value)
    return _foreign_made_answer(export_control_data().foreign_made_rule.instrument, meets, on)


def _foreign_made_answer(rule_instrument: Instrument, meets: bool, on: object) -> LicenceAnswer:
    day = _require_day(on)
    rule = export_control_data().foreign_made_rule
    description = (FOREIGN_AT_LEAST if meets else FOREIGN_BELOW_SHARE)(share=_SHARE)
    common: dict[str, Any] = {
        "on": day,
        "subject": str(description),
        "description": description,
        "instrument": rule_instrument,
        "citations": (cite(rule_instrument),),
        "knowledge_horizon": knowledge_horizon(),
    }
    status = rule_instrument.status(day)
    title = _title(rule_instrument)
    explanation: Message
    if status is _UNDETERMINED:
        answer = LicenceStatus.UNDETERMINED
        explanation = FOREIGN_HORIZON(
            instrument=title,
            suspender=_suspender(rule_instrument),
            end=str(rule_instrument.suspended_until),
        )
    elif status is InstrumentStatus.SUSPENDED:
        answer = LicenceStatus.NOT_REQUIRED
        explanation = FOREIGN_SUSPENDED(
            instrument=title,
            suspender=_suspender(rule_instrument),
            start=str(rule_instrument.suspended_from),
            end=str(rule_instrument.suspended_until),
        )
    elif status is not _IN_FORCE or day < rule.limb_a_from:
        answer = LicenceStatus.NOT_REQUIRED
        explanation = FOREIGN_NOT_YET(instrument=title, start=str(rule.limb_a_from))
    elif meets:
        answer = LicenceStatus.REQUIRED
        explanation = FOREIGN_REQUIRED(instrument=title, share=_SHARE)
    else:
        answer = LicenceStatus.NOT_REQUIRED
        explanation = FOREIGN_BELOW(share=_SHARE)
    return LicenceAnswer(status=answer, reason=str(explanation), explanation=explanation, **common)
