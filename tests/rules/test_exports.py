"""EXP001: an exported line of an item under export control needs a licence number."""

from __future__ import annotations

import datetime as dt

import pytest

from rare_earth_regs.findings import Severity
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.rules import check_flow_report, get_rule
from rare_earth_regs.rules.exports import check_export_licences
from rules.builders import enterprise, flow, report, stocked

DY_OXIDE = Product(
    name="Dysprosium oxide",
    product_class=ProductClass.COMPOUND,
    form="oxide",
    elements=["Dy"],
    reo_fraction="1",
)
HO_OXIDE = Product(
    name="Holmium oxide", product_class=ProductClass.COMPOUND, form="oxide", elements=["Ho"]
)
CE_OXIDE = Product(
    name="Cerium oxide", product_class=ProductClass.COMPOUND, form="oxide", elements=["Ce"]
)
UNKNOWN_OXIDE = Product(name="Mixed oxide", product_class=ProductClass.COMPOUND, form="oxide")
BUYER = ("Example Magnetics K.K.", "JP")
EXPORTER = enterprise("export", serial=6)


def exported(product: Product, day: dt.date, licence: str | None = None) -> list[object]:
    line = flow("exported", product, "2 t", foreign=BUYER, date=day, licence_number=licence)
    return list(stocked(product, line, opening="5 t"))


def exp001(product: Product, day: dt.date, licence: str | None = None) -> list[Severity]:
    month = f"{day.year}-{day.month:02d}"
    found = check_flow_report(report(EXPORTER, month, exported(product, day, licence)))  # type: ignore[arg-type]
    return [finding.severity for finding in found if finding.rule_id == "EXP001"]


def test_dysprosium_oxide_exported_without_a_licence_number_is_a_violation() -> None:
    lines = exported(DY_OXIDE, dt.date(2025, 6, 16))
    findings = list(check_export_licences(report(EXPORTER, "2025-06", lines)))  # type: ignore[arg-type]
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.rule_id, finding.severity, finding.subject) == (
        "EXP001",
        Severity.VIOLATION,
        "$.lines[1]",
    )
    assert "on 2025-06-16 without an export licence number" in finding.message
    assert finding.facts["control_codes"] == "1C905"
    assert finding.facts["knowledge_horizon"] == "2026-11-10"
    assert [c.key for c in finding.citations] == [
        "regulations-2024:15",
        "export-control-18-2025:listed-items",
    ]


def test_a_licence_number_clears_the_line() -> None:
    assert exp001(DY_OXIDE, dt.date(2025, 6, 16), licence="LIC-2025-0042") == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 4, 3), []),  # before No. 18: outside the rule's window
        (dt.date(2025, 4, 4), [Severity.VIOLATION]),
        (dt.date(2025, 4, 5), [Severity.VIOLATION]),
    ],
)
def test_the_rule_starts_with_announcement_no_18(day: dt.date, expected: list[Severity]) -> None:
    assert exp001(DY_OXIDE, day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 11, 6), []),  # No. 57 not yet in force
        (dt.date(2025, 11, 7), []),  # suspended by No. 70
        (dt.date(2025, 11, 8), []),
        (dt.date(2026, 11, 10), []),  # last day of the suspension
        (dt.date(2026, 11, 11), [Severity.UNDETERMINED]),  # past the knowledge horizon
    ],
)
def test_holmium_follows_no_57_and_its_suspension(day: dt.date, expected: list[Severity]) -> None:
    assert exp001(HO_OXIDE, day) == expected


def test_an_uncontrolled_oxide_gives_no_finding() -> None:
    assert exp001(CE_OXIDE, dt.date(2025, 6, 16)) == []


def test_an_oxide_of_unstated_content_is_undetermined() -> None:
    assert exp001(UNKNOWN_OXIDE, dt.date(2025, 6, 16)) == [Severity.UNDETERMINED]


def test_a_line_without_a_date_is_dated_the_last_day_of_its_month() -> None:
    line = flow("exported", DY_OXIDE, "2 t", foreign=BUYER)
    findings = list(
        check_export_licences(report(EXPORTER, "2025-04", stocked(DY_OXIDE, line, opening="5 t")))
    )
    assert [finding.facts["date"] for finding in findings] == ["2025-04-30"]


def test_other_directions_are_not_checked() -> None:
    lines = stocked(
        DY_OXIDE, flow("sold", DY_OXIDE, "2 t", date=dt.date(2025, 6, 16)), opening="5 t"
    )
    assert list(check_export_licences(report(EXPORTER, "2025-06", lines))) == []


def test_the_rule_is_registered_with_its_window_and_policies() -> None:
    rule = get_rule("EXP001")
    assert rule.in_force_from == dt.date(2025, 4, 4)
    assert rule.policies == ("P5", "P10", "P19", "P20")
    assert "Legal basis:" in rule.doc
