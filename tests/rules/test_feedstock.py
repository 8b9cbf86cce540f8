"""FST001: a comprehensive-utilization enterprise may not use rare earth mineral products as
feedstock (Regulations art. 11(2); penalty art. 22 item (2))."""

from __future__ import annotations

from datetime import date

import pytest

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import Enterprise
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.rules import check_flow_report

from .builders import (
    CONCENTRATE,
    MONAZITE,
    OXIDE,
    SCRAP,
    designation,
    enterprise,
    flow,
    miner,
    produced,
    recycler,
    register,
    report,
    stocked,
)


def _fst001(month: FlowReport) -> list[Finding]:
    return list(check_flow_report(month).by_rule("FST001"))


def test_recycler_consuming_a_mineral_product_is_a_violation() -> None:
    firm = recycler()
    month = report(
        firm, "2025-09", stocked(CONCENTRATE, flow("consumed", CONCENTRATE, "2 t"), opening="5 t")
    )
    [finding] = _fst001(month)
    assert finding.severity is Severity.VIOLATION
    assert finding.subject == "$.lines[1]"
    assert finding.facts["direction"] == "consumed"
    assert finding.facts["product"] == "Bastnaesite concentrate"
    assert finding.facts["penalty_article"] == "Regulations 2024, art. 22, item (2)"
    assert [c.en for c in finding.citations] == [
        "Regulations 2024, art. 11(2)",
        "Regulations 2024, art. 22, item (2)",
    ]
    assert firm.name in finding.message


@pytest.mark.parametrize("direction", ["purchased", "imported", "received"])
def test_recycler_acquiring_a_mineral_product_without_using_it_is_a_warning(
    direction: str,
) -> None:
    # P15: art. 11(2) forbids using mineral products; acquiring one asks what it was for.
    month = report(recycler(), "2025-09", stocked(MONAZITE, flow(direction, MONAZITE, "1 t")))
    [finding] = _fst001(month)
    assert finding.severity is Severity.WARNING
    assert finding.subject == "$.lines[1]"
    assert finding.facts["directions"] == [direction, "closing_stock"]
    assert "what was it bought or held for?" in finding.message
    assert [c.en for c in finding.citations] == ["Regulations 2024, art. 11(2)"]


def test_recycler_holding_mineral_stock_is_a_warning_and_an_empty_stock_is_not() -> None:
    held = report(recycler(), "2025-09", stocked(CONCENTRATE, opening="1 t"))
    [finding] = _fst001(held)
    assert finding.severity is Severity.WARNING
    assert finding.facts["lines"] == [0, 1]
    empty = report(recycler(), "2025-09", stocked(CONCENTRATE, opening="0 t"))
    assert _fst001(empty) == []


def test_recycler_buying_concentrate_and_consuming_it_is_one_violation() -> None:
    # Consumption is the breach; the purchase that fed it is not reported again.
    lines = stocked(
        CONCENTRATE,
        flow("purchased", CONCENTRATE, "3 t", seller=miner().uscc),
        flow("consumed", CONCENTRATE, "3 t"),
    )
    findings = _fst001(report(recycler(), "2025-09", lines))
    assert [(f.subject, f.severity) for f in findings] == [("$.lines[2]", Severity.VIOLATION)]


def test_consuming_one_mineral_product_does_not_hide_holding_another() -> None:
    lines = [
        *stocked(CONCENTRATE, flow("consumed", CONCENTRATE, "1 t"), opening="1 t"),
        *stocked(MONAZITE, flow("purchased", MONAZITE, "2 t")),
    ]
    findings = _fst001(report(recycler(), "2025-09", lines))
    assert [(f.subject, f.severity) for f in findings] == [
        ("$.lines[1]", Severity.VIOLATION),
        ("$.lines[4]", Severity.WARNING),
    ]


@pytest.mark.parametrize("direction", ["sold", "transferred", "exported", "lost"])
def test_recycler_disposing_of_mineral_stock_is_not_feedstock_use(direction: str) -> None:
    # Not use (no violation); holding the stock it disposed of is still a warning.
    month = report(
        recycler(),
        "2025-09",
        stocked(CONCENTRATE, flow(direction, CONCENTRATE, "1 t"), opening="1 t"),
    )
    assert [f.severity for f in _fst001(month)] == [Severity.WARNING]


def test_recycler_consuming_secondary_scrap_has_no_finding() -> None:
    lines = [
        *stocked(
            SCRAP,
            flow("purchased", SCRAP, "10 t", seller=enterprise("export", serial=14).uscc),
            flow("consumed", SCRAP, "10 t"),
        ),
        *stocked(OXIDE, produced(OXIDE, "3 t", origin="secondary")),
    ]
    assert _fst001(report(recycler(), "2025-09", lines)) == []


_CONSUMES = stocked(CONCENTRATE, flow("consumed", CONCENTRATE, "2 t"), opening="5 t")


@pytest.mark.parametrize(
    ("firm", "activity"),
    [
        (
            enterprise(Activity.COMPREHENSIVE_UTILIZATION, Activity.SMELTING_SEPARATION, serial=15),
            Activity.SMELTING_SEPARATION,
        ),
        (
            enterprise(Activity.COMPREHENSIVE_UTILIZATION, Activity.MINING, serial=16),
            Activity.MINING,
        ),
    ],
    ids=["recycler-and-separator", "recycler-and-miner"],
)
def test_a_recycler_designated_to_produce_may_use_mineral_products(
    firm: Enterprise, activity: Activity
) -> None:
    month = report(firm, "2025-09", _CONSUMES)
    designated = register(designation(firm.uscc, activity))
    assert list(check_flow_report(month, designations=designated).by_rule("FST001")) == []


@pytest.mark.parametrize(
    "firm",
    [
        enterprise(Activity.COMPREHENSIVE_UTILIZATION, Activity.SMELTING_SEPARATION, serial=15),
        enterprise(Activity.COMPREHENSIVE_UTILIZATION, Activity.MINING, serial=16),
    ],
    ids=["recycler-and-separator", "recycler-and-miner"],
)
def test_declaring_production_is_not_an_exemption(firm: Enterprise) -> None:
    # P13: a recycler designated for nothing does not escape art. 11(2) by declaring more.
    month = report(firm, "2025-09", _CONSUMES)
    [without_register] = _fst001(month)
    assert without_register.severity is Severity.UNDETERMINED
    assert "no designation register was given" in without_register.message
    nobody = register()
    [with_register] = check_flow_report(month, designations=nobody).by_rule("FST001")
    assert with_register.severity is Severity.VIOLATION


def test_a_designation_that_ends_before_the_line_date_does_not_exempt() -> None:
    firm = enterprise(Activity.COMPREHENSIVE_UTILIZATION, Activity.SMELTING_SEPARATION, serial=15)
    lines = stocked(
        CONCENTRATE,
        flow("consumed", CONCENTRATE, "2 t", date=date(2025, 9, 16)),
        opening="5 t",
    )
    ended = register(
        designation(firm.uscc, valid_from=date(2024, 10, 1), valid_until=date(2025, 9, 15))
    )
    month = report(firm, "2025-09", lines)
    [finding] = check_flow_report(month, designations=ended).by_rule("FST001")
    assert finding.severity is Severity.VIOLATION


def test_an_undeclared_recycler_is_found_by_its_output() -> None:
    # P13: an empty activity list hides nothing; oxide from scrap is comprehensive utilization.
    firm = enterprise(serial=18)
    lines = [*_CONSUMES, *stocked(OXIDE, produced(OXIDE, "1 t", origin="secondary"))]
    [finding] = _fst001(report(firm, "2025-09", lines))
    assert finding.severity is Severity.VIOLATION


@pytest.mark.parametrize(
    "activity", [Activity.SMELTING_SEPARATION, Activity.METAL_SMELTING, Activity.EXPORT]
)
def test_rule_applies_only_to_comprehensive_utilization(activity: Activity) -> None:
    assert _fst001(report(enterprise(activity, serial=17), "2025-09", _CONSUMES)) == []
