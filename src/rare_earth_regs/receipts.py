"""Audit receipts: what a check ran on, and what it found, as one deterministic document.

An auditor asks what was checked, under which rules, against which data. A receipt
answers with digests, never with the data itself:

* the library version and the version of the canonical form of reports;
* the ids and effective windows of the rules that ran (those in force for the months
  and years checked);
* each filing's key (USCC, month), its counting revision, every revision seen and the
  content digest of each (:func:`~rare_earth_regs.filings.content_digest`);
* the SHA-256 of the quota allocations and of the designation register used (each
  entry in a canonical form, the entries sorted, so their order does not matter);
* ``as_of``, the years and the options of the check;
* the number of findings by severity and the SHA-256 of the findings in a canonical
  form (rule, severity, subject, enterprise, month, report id and facts; the messages
  are left out, since they are rendered from the facts in either language);
* ``receipt_sha256``, the SHA-256 of everything above.

The receipt reads no clock and holds no file path in a digest (the sources a FIL001
finding names are left out of the findings digest), so the same inputs give the same
receipt, byte for byte, on any machine; and any change of an input, a revision, an
allocation, a designation, ``as_of`` or an option changes it.

>>> from rare_earth_regs.filings import FilingSet
>>> receipt = check_receipt(FilingSet(), Findings(), years=[2025])
>>> receipt["format"], receipt["findings"]["count"], len(receipt["receipt_sha256"])
('rare_earth_regs/check-receipt', 0, 64)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.filings import CANONICAL_FORM_VERSION, Filing, FilingSet
from rare_earth_regs.findings import Finding, Findings
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.rules.registry import RULES, Rule
from rare_earth_regs.serialization import dumps_allocations, dumps_designations

__all__ = [
    "RECEIPT_FORMAT",
    "RECEIPT_VERSION",
    "check_receipt",
    "dumps_receipt",
    "findings_digest",
    "receipt_digest",
]

RECEIPT_FORMAT = "rare_earth_regs/check-receipt"
RECEIPT_VERSION = 1


def _sha256(value: object) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _entries_digest(text: str, key: str) -> str:
    entries = json.loads(text)[key]
    return _sha256(sorted(entries, key=_sha256))


def _canonical_finding(finding: Finding) -> dict[str, Any]:
    facts = {name: value for name, value in finding.facts.items() if name != "sources"}
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "subject": finding.subject,
        "enterprise": finding.enterprise,
        "month": finding.month,
        "report_id": finding.report_id,
        "facts": facts,
    }


def findings_digest(findings: Findings) -> str:
    """The SHA-256 of the findings in canonical order, without messages or file paths."""
    if not isinstance(findings, Findings):
        raise InvalidInputError(field="findings", value=findings, accepted="a Findings")
    return _sha256([_canonical_finding(finding) for finding in findings])


def _rules_run(filings: FilingSet, years: Iterable[int]) -> list[Rule]:
    ran: dict[str, Rule] = {}
    for filing in filings:
        day = filing.key.month.last_day
        for rule in RULES.values():
            if rule.scope in ("report", "filing") and rule.is_in_force(day):
                ran[rule.id] = rule
    for year in years:
        for rule in RULES.values():
            if rule.scope == "year" and rule.is_in_force(dt.date(year, 12, 31)):
                ran[rule.id] = rule
    return [ran[rule_id] for rule_id in sorted(ran)]


def _filing_entry(filing: Filing) -> dict[str, Any]:
    return {
        "enterprise": filing.key.uscc,
        "month": str(filing.key.month),
        "revision": filing.current.revision,
        "content_sha256": filing.digest,
        "revisions": [
            {"revision": entry.revision, "content_sha256": entry.digest}
            for entry in filing.all_revisions
        ],
    }


def check_receipt(
    filings: FilingSet,
    findings: Findings,
    *,
    years: Iterable[int],
    as_of: dt.date | None = None,
    allocations: Iterable[QuotaAllocation] = (),
    designations: DesignationRegister | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The receipt of a check of ``filings`` that found ``findings`` (a JSON-ready dict).

    ``years`` are the years the year-level rules ran for; ``options`` the other options
    of the check (``roll_over``, ``balance_tolerance_grams``, ``since``, ``through``),
    JSON-ready values, recorded as given.
    """
    if not isinstance(filings, FilingSet):
        raise InvalidInputError(field="filings", value=filings, accepted="a FilingSet")
    year_list = sorted(set(years))
    if any(type(year) is not int for year in year_list):
        raise InvalidInputError(field="years", value=year_list, accepted="years such as 2025")
    if as_of is not None and (not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime)):
        raise InvalidInputError(field="as_of", value=as_of, accepted="a datetime.date or None")
    if designations is not None and not isinstance(designations, DesignationRegister):
        raise InvalidInputError(
            field="designations", value=designations, accepted="a DesignationRegister or None"
        )
    allocation_list = tuple(allocations)
    from rare_earth_regs import __version__  # noqa: PLC0415 - the package imports this module lazily

    receipt: dict[str, Any] = {
        "format": RECEIPT_FORMAT,
        "version": RECEIPT_VERSION,
        "library_version": __version__,
        "canonical_form": CANONICAL_FORM_VERSION,
        "as_of": None if as_of is None else as_of.isoformat(),
        "years": year_list,
        "options": dict(sorted((options or {}).items())),
        "rules": [
            {
                "id": rule.id,
                "in_force_from": rule.in_force_from.isoformat(),
                "in_force_until": (
                    None if rule.in_force_until is None else rule.in_force_until.isoformat()
                ),
            }
            for rule in _rules_run(filings, year_list)
        ],
        "filings": [_filing_entry(filing) for filing in filings],
        "allocations_sha256": _entries_digest(dumps_allocations(allocation_list), "allocations"),
        "designations_sha256": (
            None
            if designations is None
            else _entries_digest(dumps_designations(designations.designations), "designations")
        ),
        "findings": {
            "count": len(findings),
            "by_severity": {severity.value: n for severity, n in findings.counts.items()},
            "sha256": findings_digest(findings),
        },
    }
    receipt["receipt_sha256"] = receipt_digest(receipt)
    return receipt


def receipt_digest(receipt: Mapping[str, Any]) -> str:
    """The SHA-256 of a receipt without its own ``receipt_sha256`` (to verify one)."""
    return _sha256({key: value for key, value in receipt.items() if key != "receipt_sha256"})


def dumps_receipt(receipt: Mapping[str, Any]) -> str:
    """A receipt as JSON text: keys sorted, two-space indent, ASCII, a final newline."""
    return json.dumps(receipt, sort_keys=True, indent=2, ensure_ascii=True) + "\n"
