"""FST001: a comprehensive-utilization enterprise may not use rare earth mineral products as
feedstock (Regulations art. 11(2); penalty art. 22 item (2))."""

from __future__ import annotations

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
    enterprise,
    flow,
    miner,
    produced,
    recycler,
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
def test_recycler_acquiring_a_mineral_product_is_a_violation(direction: str) -> None:
    month = report(recycler(), "2025-09", stocked(MONAZITE, flow(direction, MONAZITE, "1 t")))
    assert [f.facts["direction"] for f in _fst001(month)] == [direction]


def test_recycler_buying_concentrate_and_consuming_it_gives_two_findings() -> None:
    lines = stocked(
        CONCENTRATE,
        flow("purchased", CONCENTRATE, "3 t", seller=miner().uscc),
        flow("consumed", CONCENTRATE, "3 t"),
    )
    assert [f.subject for f in _fst001(report(recycler(), "2025-09", lines))] == [
        "$.lines[1]",
        "$.lines[2]",
    ]


@pytest.mark.parametrize("direction", ["sold", "transferred", "exported", "lost"])
def test_recycler_disposing_of_mineral_stock_is_not_feedstock_use(direction: str) -> None:
    month = report(
        recycler(),
        "2025-09",
        stocked(CONCENTRATE, flow(direction, CONCENTRATE, "1 t"), opening="1 t"),
    )
    assert _fst001(month) == []


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


@pytest.mark.parametrize(
    "firm",
    [
        enterprise(Activity.COMPREHENSIVE_UTILIZATION, Activity.SMELTING_SEPARATION, serial=15),
        enterprise(Activity.COMPREHENSIVE_UTILIZATION, Activity.MINING, serial=16),
    ],
    ids=["recycler-and-separator", "recycler-and-miner"],
)
def test_recycler_that_is_also_a_producer_may_use_mineral_products(firm: Enterprise) -> None:
    lines = stocked(CONCENTRATE, flow("consumed", CONCENTRATE, "2 t"), opening="5 t")
    assert _fst001(report(firm, "2025-09", lines)) == []


@pytest.mark.parametrize(
    "activity", [Activity.SMELTING_SEPARATION, Activity.METAL_SMELTING, Activity.EXPORT]
)
def test_rule_applies_only_to_comprehensive_utilization(activity: Activity) -> None:
    lines = stocked(CONCENTRATE, flow("consumed", CONCENTRATE, "2 t"), opening="5 t")
    assert _fst001(report(enterprise(activity, serial=17), "2025-09", lines)) == []
