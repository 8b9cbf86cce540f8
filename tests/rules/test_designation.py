"""ENT001: mining or separation output by an enterprise not designated for it (Regulations
art. 8; penalties art. 20 and art. 22 item (1)); policies P5 and P10."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DesignationRegister, Enterprise
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.rules import check_flow_report

from .builders import (
    CONCENTRATE,
    OXIDE,
    PRND_METAL,
    designation,
    enterprise,
    flow,
    produced,
    register,
    report,
    stocked,
)

LINE_DAY = date(2025, 9, 12)


def _ent001(month: FlowReport, designations: DesignationRegister | None) -> list[Finding]:
    return list(check_flow_report(month, designations=designations).by_rule("ENT001"))


def _separation(firm: Enterprise, day: date | None = LINE_DAY) -> FlowReport:
    return report(firm, "2025-09", stocked(OXIDE, produced(OXIDE, "5 t", date=day)))


def test_designated_separator_has_no_finding(
    sep: Enterprise, sep_register: DesignationRegister
) -> None:
    assert _ent001(_separation(sep), sep_register) == []


def test_designation_starting_the_day_after_the_line_is_a_violation(sep: Enterprise) -> None:
    late_start = register(designation(sep.uscc, valid_from=LINE_DAY + timedelta(days=1)))
    [finding] = _ent001(_separation(sep), late_start)
    assert finding.severity is Severity.VIOLATION
    assert finding.subject == "$.lines[1]"
    assert finding.facts["activity"] == "smelting_separation"
    assert finding.facts["date"] == "2025-09-12"
    assert finding.facts["penalty_article"] == "Regulations 2024, art. 22, item (1)"
    assert [c.en for c in finding.citations] == [
        "Regulations 2024, art. 8",
        "Regulations 2024, art. 22, item (1)",
    ]
    assert sep.uscc in finding.message


def test_designation_starting_on_the_line_date_covers_it(sep: Enterprise) -> None:
    assert _ent001(_separation(sep), register(designation(sep.uscc, valid_from=LINE_DAY))) == []


def test_designation_ending_on_the_line_date_covers_it(sep: Enterprise) -> None:
    ends = register(designation(sep.uscc, valid_until=LINE_DAY))
    assert _ent001(_separation(sep), ends) == []
    ended = register(designation(sep.uscc, valid_until=LINE_DAY - timedelta(days=1)))
    assert [f.severity for f in _ent001(_separation(sep), ended)] == [Severity.VIOLATION]


def test_undated_line_is_judged_on_the_last_day_of_the_month(sep: Enterprise) -> None:
    # P5: no date means 2025-09-30.
    ends_29th = register(designation(sep.uscc, valid_until=date(2025, 9, 29)))
    [finding] = _ent001(_separation(sep, day=None), ends_29th)
    assert finding.facts["date"] == "2025-09-30"
    ends_30th = register(designation(sep.uscc, valid_until=date(2025, 9, 30)))
    assert _ent001(_separation(sep, day=None), ends_30th) == []


def test_designation_of_another_enterprise_does_not_cover(sep: Enterprise) -> None:
    other = enterprise(Activity.SMELTING_SEPARATION, serial=8)
    assert [f.severity for f in _ent001(_separation(sep), register(designation(other.uscc)))] == [
        Severity.VIOLATION
    ]


def test_empty_register_is_a_violation_not_undetermined(sep: Enterprise) -> None:
    # A register was given and the enterprise is not on it: that decides the question.
    assert [f.severity for f in _ent001(_separation(sep), register())] == [Severity.VIOLATION]


def test_no_register_gives_one_undetermined_finding_per_report(sep: Enterprise) -> None:
    firm = enterprise(Activity.MINING, Activity.SMELTING_SEPARATION, serial=11)
    lines = [
        *stocked(OXIDE, produced(OXIDE, "5 t"), produced(OXIDE, "2 t")),
        *stocked(CONCENTRATE, produced(CONCENTRATE, "8 t", origin=None)),
    ]
    [finding] = _ent001(report(firm, "2025-09", lines), None)
    assert finding.severity is Severity.UNDETERMINED
    assert finding.subject == "$"
    assert finding.facts["activities"] == ["mining", "smelting_separation"]
    assert "mining and smelting and separation" in finding.message


def test_every_undesignated_line_is_reported(sep: Enterprise) -> None:
    lines = stocked(OXIDE, produced(OXIDE, "5 t"), produced(OXIDE, "2 t"))
    found = _ent001(report(sep, "2025-09", lines), register())
    assert [f.subject for f in found] == ["$.lines[1]", "$.lines[2]"]


def test_mining_designation_does_not_cover_separation_and_vice_versa() -> None:
    firm = enterprise(Activity.MINING, Activity.SMELTING_SEPARATION, serial=12)
    lines = [
        *stocked(CONCENTRATE, produced(CONCENTRATE, "8 t", origin=None)),
        *stocked(OXIDE, produced(OXIDE, "2 t")),
    ]
    month = report(firm, "2025-09", lines)
    mining_only = register(designation(firm.uscc, Activity.MINING))
    [finding] = _ent001(month, mining_only)
    assert finding.facts["activity"] == "smelting_separation"
    assert finding.facts["penalty_article"] == "Regulations 2024, art. 22, item (1)"
    separation_only = register(designation(firm.uscc, Activity.SMELTING_SEPARATION))
    [finding] = _ent001(month, separation_only)
    assert finding.facts["activity"] == "mining"
    assert finding.facts["penalty_article"] == "Regulations 2024, art. 20"
    both = register(
        designation(firm.uscc, Activity.MINING),
        designation(firm.uscc, Activity.SMELTING_SEPARATION),
    )
    assert _ent001(month, both) == []


@pytest.mark.parametrize(
    "line",
    [
        produced(OXIDE, "3 t", origin="secondary"),  # comprehensive utilization
        produced(PRND_METAL, "3 t", origin=None),  # metal smelting
        produced(OXIDE, "3 t", origin=None),  # feed not stated: not read as separation
        flow("purchased", OXIDE, "3 t", seller=enterprise("smelting_separation", serial=13).uscc),
    ],
    ids=["recovered-from-scrap", "metal", "origin-unknown", "purchase"],
)
def test_lines_that_are_not_mining_or_separation_output_need_no_designation(
    sep: Enterprise, line: FlowLine
) -> None:
    month = report(sep, "2025-09", stocked(line.product, line))
    assert _ent001(month, register()) == []
    assert _ent001(month, None) == []


# --- ENT002: the declared activities disagree with conduct or designation (P13) ----------


def _ent002(month: FlowReport, designations: DesignationRegister | None = None) -> list[Finding]:
    return list(check_flow_report(month, designations=designations).by_rule("ENT002"))


@pytest.mark.parametrize(
    ("lines", "activity"),
    [
        (stocked(OXIDE, produced(OXIDE, "5 t")), "smelting_separation"),
        (stocked(CONCENTRATE, produced(CONCENTRATE, "5 t", origin=None)), "mining"),
        (stocked(CONCENTRATE, flow("consumed", CONCENTRATE, "1 t"), opening="1 t"), None),
        (stocked(PRND_METAL, produced(PRND_METAL, "1 t", origin=None)), "metal_smelting"),
        (stocked(OXIDE, produced(OXIDE, "1 t", origin="secondary")), "comprehensive_utilization"),
        (stocked(OXIDE, flow("exported", OXIDE, "1 t"), opening="1 t"), "export"),
    ],
    ids=["separation", "mining", "mineral-feed", "metal", "recycling", "export"],
)
def test_ent002_an_empty_declaration_hides_nothing(
    lines: list[FlowLine], activity: str | None
) -> None:
    # P13: conduct the report shows but the enterprise does not declare is reported.
    [finding] = _ent002(report(enterprise(serial=40), "2025-09", lines))
    expected = activity or "smelting_separation"  # consuming mineral feed is separation
    assert finding.severity is Severity.WARNING
    assert finding.facts["activity"] == expected
    assert finding.facts["disagreement"] == "undeclared_conduct"
    assert finding.facts["declared"] == []
    assert finding.subject == f"$.lines[{finding.facts['lines'][0]}]"
    assert [c.en for c in finding.citations] == [
        "Regulations 2024, art. 8",
        "Regulations 2024, art. 14(2)",
    ]


def test_ent002_consuming_mineral_feed_at_a_mine_is_its_own_beneficiation() -> None:
    firm = enterprise(Activity.MINING, serial=41)
    lines = stocked(
        CONCENTRATE,
        produced(CONCENTRATE, "5 t", origin=None),
        flow("consumed", CONCENTRATE, "1 t"),
        opening="1 t",
    )
    crude = stocked(CONCENTRATE, flow("consumed", CONCENTRATE, "1 t"), opening="1 t")
    assert _ent002(report(firm, "2025-09", lines)) == []
    assert [f.facts["activity"] for f in _ent002(report(firm, "2025-09", crude))] == [
        "smelting_separation"
    ]


def test_ent002_declared_and_shown_agree() -> None:
    firm = enterprise(Activity.SMELTING_SEPARATION, serial=42)
    month = report(firm, "2025-09", stocked(OXIDE, produced(OXIDE, "5 t")))
    assert _ent002(month) == []
    designated = register(designation(firm.uscc))
    assert _ent002(month, designated) == []


def test_ent002_a_declared_activity_without_conduct_is_not_a_disagreement() -> None:
    firm = enterprise(Activity.METAL_SMELTING, Activity.EXPORT, serial=43)
    assert _ent002(report(firm, "2025-09")) == []


def test_ent002_declared_but_not_designated_on_any_day_of_the_month() -> None:
    firm = enterprise(Activity.SMELTING_SEPARATION, Activity.MINING, serial=44)
    month = report(firm, "2025-09")
    assert _ent002(month) == []  # no register: the designation is unknown, not absent
    findings = _ent002(month, register())
    assert [(f.facts["activity"], f.facts["disagreement"]) for f in findings] == [
        ("mining", "declared_not_designated"),
        ("smelting_separation", "declared_not_designated"),
    ]
    assert all(f.subject == "$.enterprise.activities" for f in findings)
    # Designated on the last day of the month only: the declaration agrees for that month.
    last_day = register(
        designation(firm.uscc, valid_from=date(2025, 9, 30)),
        designation(firm.uscc, Activity.MINING, valid_until=date(2025, 9, 1)),
    )
    assert _ent002(month, last_day) == []
    ended = register(
        designation(firm.uscc, valid_until=date(2025, 8, 31)),
        designation(firm.uscc, Activity.MINING, valid_from=date(2025, 10, 1)),
    )
    assert len(_ent002(month, ended)) == 2


def test_ent002_designated_but_not_declared() -> None:
    firm = enterprise(Activity.METAL_SMELTING, serial=45)
    designated = register(designation(firm.uscc))
    [finding] = _ent002(report(firm, "2025-09"), designated)
    assert finding.facts["disagreement"] == "designated_not_declared"
    assert finding.facts["declared"] == ["metal_smelting"]
    assert "designated for smelting and separation in 2025-09" in finding.message
    # Shown and designated but not declared: one finding, for the conduct.
    shown = report(firm, "2025-09", stocked(OXIDE, produced(OXIDE, "5 t")))
    [conduct] = _ent002(shown, designated)
    assert conduct.facts["disagreement"] == "undeclared_conduct"
