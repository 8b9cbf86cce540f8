"""Filings: which report counts for an enterprise and month (policy P12).

The traceability system keeps one authoritative entry per enterprise and month and the
history behind it. A :class:`~rare_earth_regs.model.reports.FlowReport` is identified
by its :class:`FilingKey` (the enterprise's USCC and the reporting month) and carries a
``revision``: 1 for the first entry, 2 for its first correction, and so on. A
:class:`FilingSet` resolves any collection of reports into :class:`Filing` objects, one
per key:

* the highest revision is authoritative for content (quota use, mass balance, stock
  carried forward, missing months);
* timeliness (RPT001) is judged on the entry time of the first revision: a correction
  after the 10th does not make a month late, and a late first entry is not cured by a
  later one (:attr:`Filing.report` is the authoritative content with that entry time);
* two documents with the same key and revision and the same content are one filing;
  the copies are recorded (rule FIL001 reports them as information);
* two documents with the same key and revision and different content are a conflict:
  :class:`~rare_earth_regs.exceptions.FilingConflictError`, naming both sources;
* the earlier revisions stay available as :attr:`Filing.history`.

Content is compared by :func:`content_digest`: SHA-256 over a canonical serialization
of the report (:func:`canonical_document`), in which key order, numbers, quantities and
instants have one form each, so the same content gives the same digest whatever the
layout of the file it came from. Line order is content (findings point at lines by
index), and so are the revision and the entry time.

Every consumer of a series (``quota_use``, ``check_year``, the stream, the Dask recipe,
the command line) resolves its reports through a :class:`FilingSet`, so no month is
ever counted twice and the order in which documents arrive never changes the answer.

>>> from rare_earth_regs.model.enterprises import Enterprise
>>> firm = Enterprise(uscc="91350000MA0000001J", name="Example Separation Co.",
...                   activities=["smelting_separation"])
>>> original = FlowReport(enterprise=firm, month="2025-09")
>>> correction = FlowReport(enterprise=firm, month="2025-09", revision=2)
>>> filings = FilingSet([original, correction, original])
>>> len(filings), [filing.current.revision for filing in filings]
(1, [2])
>>> [(entry.revision, len(entry.sources)) for entry in filings.filings()[0].copies]
[(1, 2)]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from rare_earth_regs.exceptions import FilingConflictError, InvalidInputError
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import Counterparty, FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.units import Tonnage

__all__ = [
    "CANONICAL_FORM_VERSION",
    "FiledRevision",
    "Filing",
    "FilingKey",
    "FilingSet",
    "as_filing_set",
    "canonical_bytes",
    "canonical_document",
    "content_digest",
    "resolve_reports",
]

#: The version of the canonical form :func:`canonical_document` writes. A change to the
#: form changes digests, so it takes a new version (receipts and the store record it).
CANONICAL_FORM_VERSION = 1


@attrs.frozen(order=True)
class FilingKey:
    """What identifies a filing: the enterprise's USCC and the reporting month.

    >>> str(FilingKey("91350000MA0000001J", Month(2025, 9)))
    '91350000MA0000001J 2025-09'
    """

    uscc: str
    month: Month

    @classmethod
    def of(cls, report: FlowReport) -> FilingKey:
        """The key of ``report``."""
        return cls(report.enterprise.uscc, report.month)

    def __str__(self) -> str:
        return f"{self.uscc} {self.month}"


# --------------------------------------------------------------------------------------
# The canonical form and the content digest
# --------------------------------------------------------------------------------------


def _decimal(value: Decimal) -> str:
    # One form per number: no exponent, no trailing zeros ("0.50" and "0.5" agree).
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def _tonnage(value: Tonnage | None) -> list[Any] | None:
    return None if value is None else [value.grams, value.basis.value]


def _instant(value: dt.datetime | None) -> str | None:
    # One form per instant: UTC, microseconds always written.
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _product(product: Product) -> dict[str, Any]:
    return {
        "name": product.name,
        "product_class": product.product_class.value,
        "form": product.form,
        "elements": sorted(element.value for element in product.elements),
        "reo_fraction": None if product.reo_fraction is None else _decimal(product.reo_fraction),
        "customs_code": product.customs_code,
    }


def _counterparty(party: Counterparty | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {"uscc": party.uscc, "name": party.name, "country": party.country}


def _line(line: FlowLine, products: dict[Product, dict[str, Any]]) -> dict[str, Any]:
    product = products.get(line.product)
    if product is None:
        product = products[line.product] = _product(line.product)
    return {
        "direction": line.direction.value,
        "product": product,
        "quantity": _tonnage(line.quantity),
        "reo": _tonnage(line.reo),
        "origin": None if line.origin is None else line.origin.value,
        "counterparty": _counterparty(line.counterparty),
        "date": None if line.date is None else line.date.isoformat(),
        "invoice_number": line.invoice_number,
        "customs_declaration": line.customs_declaration,
    }


def canonical_document(report: FlowReport) -> dict[str, Any]:
    """The report as plain JSON values in one fixed form: the input of the digest.

    Quantities are ``[grams, basis]`` (whole grams, ``"gross"`` or ``"REO"``), fractions
    are decimal strings without exponent or trailing zeros, instants are UTC with
    microseconds, sets (activities, elements) are sorted lists. Every field of the report
    is included, in the order of the lines.
    """
    if not isinstance(report, FlowReport):
        raise InvalidInputError(field="report", value=report, accepted="a FlowReport")
    enterprise = report.enterprise
    products: dict[Product, dict[str, Any]] = {}
    return {
        "canonical_form": CANONICAL_FORM_VERSION,
        "enterprise": {
            "uscc": enterprise.uscc,
            "name": enterprise.name,
            "activities": sorted(activity.value for activity in enterprise.activities),
            "group": enterprise.group,
        },
        "month": str(report.month),
        "revision": report.revision,
        "report_id": report.report_id,
        "submitted_at": _instant(report.submitted_at),
        "lines": [_line(line, products) for line in report.lines],
    }


def canonical_bytes(report: FlowReport) -> bytes:
    """:func:`canonical_document` as compact ASCII JSON with sorted keys.

    Every character outside ASCII is written as a ``\\uXXXX`` escape, so any text a
    report can hold (a lone surrogate in a name included) has one encoding.
    """
    return json.dumps(
        canonical_document(report), sort_keys=True, separators=(",", ":"), ensure_ascii=True
    ).encode("ascii")


def content_digest(report: FlowReport) -> str:
    """The SHA-256 of :func:`canonical_bytes`, as 64 lowercase hexadecimal digits.

    The same content gives the same digest whatever the layout of the document it was
    read from (key order, spacing, ``"12.5 t"`` or ``"12500 kg"``, an instant written
    in UTC or in Beijing time); any change of content changes it.
    """
    return hashlib.sha256(canonical_bytes(report)).hexdigest()


# --------------------------------------------------------------------------------------
# Filings
# --------------------------------------------------------------------------------------


def describe_source(report: FlowReport, source: str | None) -> str:
    """``source`` if given, else a description of a report given without one."""
    if source is not None:
        return source
    return f"report {report.report_id} revision {report.revision} (no source given)"


class FiledRevision:
    """One revision of a filing as it was filed: the report and every source it came from.

    ``sources`` lists each document that gave this content (more than one when copies
    were filed), sorted, so that the order of arrival does not show. ``digest`` is the
    :func:`content_digest` of the report, computed on first use.
    """

    __slots__ = ("_digest", "_report", "_sources", "revision", "submitted_at")

    def __init__(self, report: FlowReport, source: str, digest: str | None = None) -> None:
        self._report: FlowReport | None = report
        self._sources = [source]
        self._digest = digest
        #: The revision number.
        self.revision = report.revision
        #: When this revision was entered into the traceability system, if known.
        self.submitted_at = report.submitted_at

    @property
    def report(self) -> FlowReport:
        """The report of this revision (kept for every revision in :attr:`Filing.history`)."""
        if self._report is None:
            raise LookupError(
                f"revision {self.revision} was superseded in a FilingSet that keeps no history"
            )
        return self._report

    @property
    def digest(self) -> str:
        """The content digest of the report (SHA-256, hexadecimal)."""
        if self._digest is None:
            self._digest = content_digest(self.report)
        return self._digest

    @property
    def sources(self) -> tuple[str, ...]:
        """Where the documents of this revision came from, sorted."""
        return tuple(sorted(self._sources))

    @property
    def documents(self) -> int:
        """How many documents gave this revision (1, or more when copies were filed)."""
        return len(self._sources)

    def _drop_report(self) -> None:
        self.digest  # noqa: B018 - computed while the report is at hand
        self._report = None

    def __repr__(self) -> str:
        return f"<FiledRevision r{self.revision} {self.sources}>"


class Filing:
    """The filing of one enterprise and month: its revisions and which one counts.

    Attributes:
        key: the :class:`FilingKey`.
        history: every revision kept, lowest first (:class:`FiledRevision`).
        revisions: every revision number seen, lowest first (with
            ``FilingSet(keep_history=False)``, superseded revisions are counted here but
            their reports are not kept in :attr:`history`).
    """

    __slots__ = ("_all", "_report", "entered_at", "history", "key", "revisions")

    def __init__(
        self,
        key: FilingKey,
        history: tuple[FiledRevision, ...],
        every_revision: tuple[FiledRevision, ...],
        entered_at: dt.datetime | None,
    ) -> None:
        self.key = key
        self.history = history
        self._all = every_revision
        self.revisions = tuple(entry.revision for entry in every_revision)
        #: The entry time of the first revision seen (policy P12: timeliness).
        self.entered_at = entered_at
        self._report: FlowReport | None = None

    @property
    def current(self) -> FlowReport:
        """The highest revision, as filed: the one whose content counts."""
        return self.history[-1].report

    @property
    def digest(self) -> str:
        """The content digest of the current revision."""
        return self.history[-1].digest

    @property
    def first_revision(self) -> int:
        """The lowest revision seen (1 unless the first entry was not given)."""
        return self.revisions[0]

    @property
    def report(self) -> FlowReport:
        """The report the rules check: the current content, entered when the first revision was.

        Policy P12: the highest revision's content counts; timeliness is judged on the
        first revision's entry time. When both are the same report, it is returned as is.
        """
        if self._report is None:
            current = self.current
            if current.submitted_at == self.entered_at:
                self._report = current
            else:
                self._report = attrs.evolve(current, submitted_at=self.entered_at)
        return self._report

    @property
    def all_revisions(self) -> tuple[FiledRevision, ...]:
        """Every revision seen, lowest first, with its digest and sources (history or not)."""
        return self._all

    @property
    def copies(self) -> tuple[FiledRevision, ...]:
        """The revisions filed more than once with the same content (superseded ones too)."""
        return tuple(entry for entry in self._all if entry.documents > 1)

    def __repr__(self) -> str:
        return f"<Filing {self.key} revisions={list(self.revisions)}>"


class _Slot:
    """What a FilingSet keeps of one key."""

    __slots__ = ("entered_at", "first", "history", "revisions")

    def __init__(self) -> None:
        self.history: dict[int, FiledRevision] = {}
        self.revisions: dict[int, FiledRevision] = {}  # every revision, kept or dropped
        self.first = 0
        self.entered_at: dt.datetime | None = None


class FilingSet:
    """Reports resolved into filings, one per enterprise and month (policy P12).

    ``FilingSet(reports)`` adds each report with no source; :meth:`add` takes the
    source (a file path, say) that names the document in a conflict or a copy. The
    filings are iterated in key order (USCC, then month), whatever the order the
    reports were added in.

    With ``keep_history=False`` only the current revision of each key keeps its report
    (earlier ones keep their digest, sources and entry time): what a stream needs to
    stay within bounded memory.

    Raises:
        FilingConflictError: from :meth:`add`, for a second document with the same key
            and revision and different content; the set is unchanged.
    """

    __slots__ = ("_filings", "_slots", "documents", "keep_history")

    def __init__(self, reports: Iterable[FlowReport] = (), *, keep_history: bool = True) -> None:
        if not isinstance(keep_history, bool):
            raise InvalidInputError(
                field="keep_history", value=keep_history, accepted="True or False"
            )
        self.keep_history = keep_history
        self._slots: dict[FilingKey, _Slot] = {}
        self._filings: tuple[Filing, ...] | None = None
        #: How many documents were added (copies included).
        self.documents = 0
        if isinstance(reports, FlowReport | str | bytes | Mapping) or not isinstance(
            reports, Iterable
        ):
            raise InvalidInputError(
                field="reports", value=reports, accepted="an iterable of FlowReport"
            )
        for index, report in enumerate(reports):
            if not isinstance(report, FlowReport):
                raise InvalidInputError(
                    field=f"reports[{index}]", value=report, accepted="a FlowReport"
                )
            self.add(report)

    def add(
        self, report: FlowReport, *, source: str | None = None, digest: str | None = None
    ) -> FiledRevision:
        """Add one document; return the revision it is (or is a copy of).

        ``digest`` is the report's :func:`content_digest` when the caller already has it
        (a stream adds the digest of a full report with a smaller stand-in report).
        """
        if not isinstance(report, FlowReport):
            raise InvalidInputError(field="report", value=report, accepted="a FlowReport")
        if source is not None and not isinstance(source, str):
            raise InvalidInputError(field="source", value=source, accepted="a string or None")
        if digest is not None and not isinstance(digest, str):
            raise InvalidInputError(field="digest", value=digest, accepted="a hex SHA-256")
        described = describe_source(report, source)
        key = FilingKey(report.enterprise.uscc, report.month)
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = _Slot()
        revision = report.revision
        known = slot.revisions.get(revision)
        if known is not None:
            new_digest = digest if digest is not None else content_digest(report)
            if known.digest != new_digest:
                raise FilingConflictError(
                    key=str(key),
                    revision=revision,
                    sources=(known.sources[0], described),
                    digests=(known.digest, new_digest),
                )
            known._sources.append(described)
            self.documents += 1
            self._filings = None
            return known
        entry = FiledRevision(report, described, digest)
        slot.revisions[revision] = entry
        slot.history[revision] = entry
        if not slot.first or revision < slot.first:
            slot.first = revision
            slot.entered_at = report.submitted_at
        if not self.keep_history:
            top = max(slot.history)
            for number in [number for number in slot.history if number != top]:
                slot.history.pop(number)._drop_report()
        self.documents += 1
        self._filings = None
        return entry

    def extend(self, reports: Iterable[FlowReport]) -> None:
        """Add each report with no source."""
        for report in reports:
            self.add(report)

    def filings(self) -> tuple[Filing, ...]:
        """The filings, in key order."""
        if self._filings is None:
            self._filings = tuple(_filing(key, self._slots[key]) for key in sorted(self._slots))
        return self._filings

    def reports(self) -> tuple[FlowReport, ...]:
        """The report of every filing (:attr:`Filing.report`), in key order."""
        return tuple(filing.report for filing in self.filings())

    def get(self, key: FilingKey) -> Filing | None:
        """The filing of ``key``, or None (built from that key alone: cheap to call often)."""
        slot = self._slots.get(key)
        return None if slot is None else _filing(key, slot)

    def __iter__(self) -> Iterator[Filing]:
        return iter(self.filings())

    def __len__(self) -> int:
        return len(self._slots)

    def __repr__(self) -> str:
        return f"<FilingSet {len(self)} filings from {self.documents} documents>"


def _filing(key: FilingKey, slot: _Slot) -> Filing:
    return Filing(
        key,
        tuple(slot.history[number] for number in sorted(slot.history)),
        tuple(slot.revisions[number] for number in sorted(slot.revisions)),
        slot.entered_at,
    )


def as_filing_set(reports: Iterable[FlowReport] | FilingSet) -> FilingSet:
    """``reports`` itself if it is a FilingSet, else a FilingSet of them.

    A non-report item raises InvalidInputError naming ``reports[index]``.
    """
    return reports if isinstance(reports, FilingSet) else FilingSet(reports)


def resolve_reports(reports: Iterable[FlowReport] | FilingSet) -> tuple[FlowReport, ...]:
    """The authoritative report of every filing among ``reports`` (policy P12), in key order."""
    return as_filing_set(reports).reports()
