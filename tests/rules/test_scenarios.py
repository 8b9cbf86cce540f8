"""Scenario tests: every ``tests/scenarios/*.toml`` file is one test, readable by a jurist.

A scenario file states, in this order:

* ``name`` and ``description``: what happens and what the law says (citing the article);
* ``expected``: the findings the library must give, as ``{rule = "RPT001", severity =
  "violation"}`` entries (a rule found twice is listed twice; ``expected = []`` for none);
* optionally ``checks`` (``["report"]`` by default: :func:`check_flow_report` on every
  report; ``"year"``: :func:`check_year` over all the reports, for ``year``;
  ``"filings"``: :func:`check_filings`, the reports resolved into filings by enterprise
  and month, policy P12, for ``year`` if given), ``as_of``, ``roll_over``,
  ``balance_tolerance_grams`` (report checks), ``since`` and ``through``
  (year checks, ``"YYYY-MM"``), and ``designations = []`` for a register with nobody in it
  (leaving out ``designations`` altogether means no register is given);
* ``[enterprises.<key>]``: each enterprise (USCC, name, activities, group);
* ``[products.<key>]``: each product (name, class, REO fraction ...);
* ``[[reports]]``: each monthly report, with ``enterprise = "<key>"``, ``month``,
  ``submitted_at``, optionally ``revision`` (1 by default) and ``source`` (the file it
  stands for, named in copies and conflicts), and ``lines`` (``direction``,
  ``product = "<key>"``, ``quantity`` and optionally ``origin``, ``date``,
  ``counterparty`` — an enterprise key for a domestic party, or ``{name = ...,
  country = ...}`` for a foreign one — and ``customs_declaration``);
* ``[[allocations]]``: quota batches (``holder`` a group name, or ``holder_enterprise =
  "<key>"`` for a quota held by one enterprise);
* ``[[prior_use]]``: output a holder states for 2024 before 1 October (policy P14), written
  like an allocation without ``batch``;
* ``raises`` and ``raises_match``: instead of findings (``expected = []``), the check must
  raise this library exception (``"NotInForceError"``, ``"InvalidInputError"``,
  ``"FilingConflictError"``) with a message containing ``raises_match``; every ``source``
  of the reports must be named in it;
* ``[[invoices]]``: special VAT invoices (``number``, ``issued_on``, ``seller = "<key>"``,
  optionally ``buyer``, ``xt_mark``, ``rare_earth_module``, ``goods_list_attachment``, and
  ``lines`` of ``goods_name``, ``category``, ``unit``, ``quantity``, ``oxide_equivalent``),
  checked with ``checks = ["invoice"]`` by :func:`check_invoices` with the reports;
* ``[[designations]]``: designations under art. 8 (``enterprise = "<key>"``, ``activity``,
  ``valid_from``, ``valid_until``).

The test compares the multiset of (rule, severity) exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

from expect import leaf_strings, untranslated_words
from rare_earth_regs import exceptions
from rare_earth_regs.filings import FilingSet
from rare_earth_regs.findings import Findings
from rare_earth_regs.model.enterprises import Designation, DesignationRegister
from rare_earth_regs.model.invoices import Invoice, InvoiceLine
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules import (
    RULES,
    check_filings,
    check_flow_report,
    check_invoices,
    check_year,
)
from rare_earth_regs.serialization import report_from_dict

SCENARIOS = Path(__file__).parent.parent / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.toml"))

_TOP_LEVEL = {
    "name",
    "description",
    "expected",
    "checks",
    "year",
    "as_of",
    "roll_over",
    "balance_tolerance_grams",
    "since",
    "through",
    "enterprises",
    "products",
    "reports",
    "allocations",
    "prior_use",
    "designations",
    "raises",
    "raises_match",
    "invoices",
}
_SEVERITIES = {"violation", "warning", "undetermined", "info"}


class Scenario:
    """A scenario file, read and turned into the library's objects."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        unknown = set(self.data) - _TOP_LEVEL
        assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
        self.enterprises: dict[str, dict[str, Any]] = self.data.get("enterprises", {})
        self.products: dict[str, dict[str, Any]] = self.data.get("products", {})

    @property
    def expected(self) -> Counter[tuple[str, str]]:
        counted: Counter[tuple[str, str]] = Counter()
        for entry in self.data["expected"]:
            assert set(entry) == {"rule", "severity"}, f"{self.path.name}: bad entry {entry}"
            assert entry["rule"] in RULES, f"{self.path.name}: unknown rule {entry['rule']}"
            assert entry["severity"] in _SEVERITIES
            counted[(entry["rule"], entry["severity"])] += 1
        return counted

    def _uscc(self, key: str) -> str:
        uscc: str = self.enterprises[key]["uscc"]
        return uscc

    def _line(self, line: dict[str, Any]) -> dict[str, Any]:
        converted = dict(line)
        if isinstance(converted.get("date"), dt.date):
            converted["date"] = converted["date"].isoformat()
        counterparty = converted.get("counterparty")
        if isinstance(counterparty, str):
            converted["counterparty"] = {"uscc": self._uscc(counterparty)}
        return converted

    def reports(self) -> list[FlowReport]:
        built: list[FlowReport] = []
        for index, entry in enumerate(self.data.get("reports", [])):
            submitted_at = entry.get("submitted_at")
            if isinstance(submitted_at, dt.datetime):
                submitted_at = submitted_at.isoformat()
            document = {
                "enterprise": self.enterprises[entry["enterprise"]],
                "month": entry["month"],
                "submitted_at": submitted_at,
                "products": self.products,
                "lines": [self._line(line) for line in entry.get("lines", [])],
            }
            known = {"enterprise", "month", "submitted_at", "lines", "revision", "source"}
            unknown = set(entry) - known
            assert not unknown, f"{self.path.name}: reports[{index}]: unknown keys {unknown}"
            monthly = report_from_dict(document, source=f"{self.path.name}:reports[{index}]")
            built.append(attrs.evolve(monthly, revision=entry.get("revision", 1)))
        return built

    def filing_set(self) -> FilingSet:
        filings = FilingSet()
        for entry, monthly in zip(self.data.get("reports", []), self.reports(), strict=True):
            filings.add(monthly, source=entry.get("source"))
        return filings

    def designations(self) -> DesignationRegister | None:
        if "designations" not in self.data:
            return None
        entries = []
        for entry in self.data["designations"]:
            fields = dict(entry)
            fields["uscc"] = self._uscc(fields.pop("enterprise"))
            entries.append(Designation(**fields))
        return DesignationRegister(entries)

    def _holder_fields(self, entry: dict[str, Any]) -> dict[str, Any]:
        fields = dict(entry)
        holder = fields.pop("holder_enterprise", None)
        if holder is not None:
            fields["holder"] = self.enterprises[holder]["name"]
            fields["holder_uscc"] = self._uscc(holder)
        return fields

    def allocations(self) -> list[QuotaAllocation]:
        return [
            QuotaAllocation(**self._holder_fields(entry))
            for entry in self.data.get("allocations", [])
        ]

    def prior_use(self) -> list[PriorUse]:
        return [PriorUse(**self._holder_fields(entry)) for entry in self.data.get("prior_use", [])]

    def run(self) -> Findings:
        checks = self.data.get("checks", ["report"])
        assert checks, f"{self.path.name}: no checks"
        assert set(checks) <= {"report", "year", "invoice", "filings"}, f"{self.path.name}: bad"
        reports = self.reports()
        designations = self.designations()
        found = Findings()
        if "report" in checks:
            for monthly in reports:
                found += check_flow_report(
                    monthly,
                    designations=designations,
                    as_of=self.data.get("as_of"),
                    roll_over=self.data.get("roll_over", False),
                    balance_tolerance_grams=self.data.get("balance_tolerance_grams", 0),
                )
        if "year" in checks:
            since, through = self.data.get("since"), self.data.get("through")
            found += check_year(
                reports,
                year=self.data["year"],
                allocations=self.allocations(),
                prior_use=self.prior_use(),
                designations=designations,
                since=None if since is None else Month.parse(since),
                through=None if through is None else Month.parse(through),
            )
        if "invoice" in checks:
            found += check_invoices(self.invoices(), reports=reports)
        if "filings" in checks:
            since, through = self.data.get("since"), self.data.get("through")
            found += check_filings(
                self.filing_set(),
                year=self.data.get("year"),
                allocations=self.allocations(),
                designations=designations,
                as_of=self.data.get("as_of"),
                since=None if since is None else Month.parse(since),
                through=None if through is None else Month.parse(through),
                prior_use=self.prior_use(),
            )
        return found

    def invoices(self) -> list[Invoice]:
        built = []
        for entry in self.data.get("invoices", []):
            fields = dict(entry)
            fields["seller_uscc"] = self._uscc(fields.pop("seller"))
            if "buyer" in fields:
                fields["buyer_uscc"] = self._uscc(fields.pop("buyer"))
            fields["lines"] = [InvoiceLine(**line) for line in fields["lines"]]
            built.append(Invoice(**fields))
        return built


def test_there_are_enough_scenarios_covering_every_rule() -> None:
    assert len(SCENARIO_FILES) >= 12
    covered = {rule for path in SCENARIO_FILES for rule, _ in Scenario(path).expected}
    assert covered == set(RULES)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[path.stem for path in SCENARIO_FILES])
def test_scenario(path: Path) -> None:
    scenario = Scenario(path)
    assert scenario.data["name"].strip()
    description = scenario.data["description"]
    assert any(word in description for word in ("art.", "Order No. 71", "Announcement")), (
        "cite the article"
    )
    if "raises" in scenario.data:
        assert scenario.expected == Counter(), f"{path.name}: raises and expects findings"
        error_type = getattr(exceptions, scenario.data["raises"])
        with pytest.raises(error_type) as error:
            scenario.run()
        assert scenario.data["raises_match"] in str(error.value)
        for entry in scenario.data.get("reports", []):
            if "source" in entry:  # the error names every source involved
                assert entry["source"] in str(error.value), f"{entry['source']} not named"
        return
    found = scenario.run()
    for finding in found:
        rule = RULES[finding.rule_id]
        assert finding.severity in rule.severities, f"{rule.id} gave an undeclared severity"
        assert set(finding.citations) <= set(rule.citations), f"{rule.id} cites beyond its rule"
        assert finding.citations, f"{rule.id} finding cites nothing"
        assert finding.enterprise is not None, f"{rule.id} finding names no enterprise"
    for finding in found:  # every finding reads in Chinese, the data aside
        chinese = finding.message_in("zh")
        assert chinese != finding.message
        assert untranslated_words(chinese, leaf_strings(finding.translatable)) == [], chinese
    document = json.loads(found.to_json())  # facts are JSON-ready
    assert len(document["findings"]) == len(found)
    got = Counter((finding.rule_id, finding.severity.value) for finding in found)
    if got != scenario.expected:
        detail = "\n".join(f"  {f.rule_id} {f.severity.value}: {f.message}" for f in found)
        pytest.fail(
            f"{path.name}: expected {sorted(scenario.expected.elements())}, "
            f"got {sorted(got.elements())}\n{detail}"
        )
