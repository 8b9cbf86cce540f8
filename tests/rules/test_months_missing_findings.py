"""QTA002 "months missing" (P23) and EXP001 findings compared whole, in English and Chinese.

Each case pins every field a user sees: rule, severity, the message in English and in
Chinese, the citations, the subject, the enterprise and the facts (the months missing of
each enterprise, the months compared, the output counted, the holder).
"""

from __future__ import annotations

import datetime as dt

from expect import EnglishFinding
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import ORDER_71_MONTHLY_REPORTING, Citation
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import Enterprise
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules import check_year, get_rule
from rare_earth_regs.rules.exports import ART_15
from rare_earth_regs.rules.quotas import ART_10

from .builders import (
    CONCENTRATE,
    OXIDE,
    allocation,
    designation,
    enterprise,
    flow,
    full_year,
    miner,
    produced,
    register,
    report,
    separator,
    uscc,
)

QTA002_CITATIONS = (ART_10, ORDER_71_MONTHLY_REPORTING)
YEAR_2025 = list(Month.range(Month(2025, 1), Month(2025, 12)))
FIRM = separator(group="Example Group")
FIRM_USCC = "91350000MA0RE0001F"


def months_missing(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.rule_id == "QTA002" and f.facts["reason"] == "months missing"]


def quota_findings(
    reports: list[FlowReport],
    *allocations: QuotaAllocation,
    year: int = 2025,
    prior_use: tuple[PriorUse, ...] = (),
) -> list[Finding]:
    found = check_year(reports, year=year, allocations=allocations, prior_use=prior_use)
    return list(found.by_rule("QTA001", "QTA002"))


def en(holder: str, year: int, activity: str, quota: str, *, missing: str, used: str) -> str:
    span = "2024-10 to 2024-12" if year == 2024 else f"{year}-01 to {year}-12"
    return (
        f"{holder}: the {year} {activity} indicator of {quota} is compared with the output of "
        f"every month from {span}, but no flow report is given for {missing}; the output "
        f"counted so far ({used}) is within it, so whether the year's output exceeds it cannot "
        "be decided (months missing)"
    )


def zh(holder: str, year: int, activity: str, quota: str, *, missing: str, used: str) -> str:
    span = "2024-10 至 2024-12" if year == 2024 else f"{year}-01 至 {year}-12"
    return (
        f"{holder}：{year} 年{activity}总量控制指标 {quota} 与 {span} 每个月的产量比较，但缺少 "
        f"{missing} 的稀土产品流向报告；迄今计入的产量（{used}）在指标之内，"
        "因此无法判定全年产量是否超出指标（缺少月份）"
    )


def facts(
    *,
    missing: dict[str, list[str]],
    used: str,
    quota: str,
    year: int = 2025,
    activity: str = "smelting_separation",
    holder_uscc: str | None = None,
    ore_type: str | None = None,
) -> dict[str, object]:
    return {
        "activity": activity,
        "year": year,
        "reason": "months missing",
        "holder": "Example Group",
        "holder_uscc": holder_uscc,
        "ore_type": ore_type,
        "quota": quota,
        "used": used,
        "months_from": f"{year}-10" if year == 2024 else f"{year}-01",
        "months_through": f"{year}-12",
        "missing_months": missing,
    }


def given(firm: Enterprise, *absent: int, lines: tuple[FlowLine, ...] = ()) -> list[FlowReport]:
    """A report of ``firm`` for each month of 2025 except the months ``absent``."""
    return [report(firm, month, lines) for month in YEAR_2025 if month.month not in absent]


# --- one enterprise: months missing at the start, in the middle and at the end ------------


def test_months_missing_at_the_start_middle_and_end_name_each_span() -> None:
    reports = given(FIRM, 1, 2, 6, 12, lines=(produced(OXIDE, "1.5 t"),))
    [finding] = quota_findings(reports, allocation(2025, "100 t REO"))
    missing = f"Example Separation Co. 1 ({FIRM_USCC}): "
    assert finding == EnglishFinding(
        rule_id="QTA002",
        severity=Severity.UNDETERMINED,
        message=en(
            "Example Group",
            2025,
            "smelting and separation",
            "100 t REO",
            missing=missing + "2025-01 to 2025-02, 2025-06 and 2025-12",
            used="12 t REO",
        ),
        citations=QTA002_CITATIONS,
        facts=facts(
            missing={FIRM_USCC: ["2025-01", "2025-02", "2025-06", "2025-12"]},
            used="12 t REO",
            quota="100 t REO",
        ),
        enterprise=FIRM_USCC,  # a holder without a USCC: its first enterprise missing months
    )
    assert finding.message_in("zh") == zh(
        "Example Group",
        2025,
        "稀土冶炼分离",
        "100 t REO",
        missing=f"Example Separation Co. 1（{FIRM_USCC}）：2025-01 至 2025-02、2025-06和2025-12",
        used="12 t REO",
    )


def test_only_the_first_or_only_the_last_month_missing() -> None:
    for absent, month in ((1, "2025-01"), (12, "2025-12"), (7, "2025-07")):
        reports = given(FIRM, absent, lines=(produced(OXIDE, "1 t"),))
        [finding] = months_missing(quota_findings(reports, allocation(2025, "100 t REO")))
        assert finding.facts == facts(
            missing={FIRM_USCC: [month]}, used="11 t REO", quota="100 t REO"
        )
        assert f"({FIRM_USCC}): {month}; the output counted so far" in finding.message


# --- two enterprises of one group holder --------------------------------------------------


def _two_enterprises() -> tuple[list[FlowReport], str]:
    a = separator(1, group="Example Group")
    b = separator(5, group="Example Group")
    reports = given(a, 3, lines=(produced(OXIDE, "1 t"),)) + given(b, 7, 8, 9)
    return reports, b.uscc


def test_two_enterprises_of_a_group_each_named_with_its_own_months() -> None:
    reports, other = _two_enterprises()
    holder_uscc = uscc(900)
    quota = allocation(2025, "11 t REO", holder_uscc=holder_uscc)  # exactly the output
    [finding] = quota_findings(reports, quota)
    first = f"Example Separation Co. 1 ({FIRM_USCC}): 2025-03"
    second = f"Example Separation Co. 5 ({other}): 2025-07 to 2025-09"
    assert finding == EnglishFinding(
        rule_id="QTA002",
        severity=Severity.UNDETERMINED,
        message=en(
            "Example Group",
            2025,
            "smelting and separation",
            "11 t REO",
            missing=f"{first}; {second}",
            used="11 t REO",
        ),
        citations=QTA002_CITATIONS,
        facts=facts(
            missing={FIRM_USCC: ["2025-03"], other: ["2025-07", "2025-08", "2025-09"]},
            used="11 t REO",
            quota="11 t REO",
            holder_uscc=holder_uscc,
        ),
        enterprise=holder_uscc,  # the holder's own USCC, not an enterprise's
    )
    assert finding.message_in("zh") == zh(
        "Example Group",
        2025,
        "稀土冶炼分离",
        "11 t REO",
        missing=f"Example Separation Co. 1（{FIRM_USCC}）：2025-03；"
        f"Example Separation Co. 5（{other}）：2025-07 至 2025-09",
        used="11 t REO",
    )


def test_one_gram_over_the_indicator_is_qta001_not_months_missing() -> None:
    reports, _ = _two_enterprises()
    quota = allocation(2025, "10.999999 t REO", holder_uscc=uscc(900))
    found = quota_findings(reports, quota)
    assert [(f.rule_id, f.severity) for f in found] == [("QTA001", Severity.VIOLATION)]
    assert found[0].facts["excess_grams"] == 1


# --- 2024: October to December (P14) ------------------------------------------------------


def test_2024_compares_october_to_december_with_the_stated_earlier_output() -> None:
    earlier = PriorUse(
        year=2024, activity=Activity.SMELTING_SEPARATION, holder="Example Group", amount="50 t REO"
    )
    reports = [report(FIRM, "2024-11", [produced(OXIDE, "10 t")])]
    [finding] = quota_findings(
        reports, allocation(2024, "100 t REO"), year=2024, prior_use=(earlier,)
    )
    missing = f"Example Separation Co. 1 ({FIRM_USCC}): 2024-10 and 2024-12"
    assert finding == EnglishFinding(
        rule_id="QTA002",
        severity=Severity.UNDETERMINED,
        message=en(
            "Example Group",
            2024,
            "smelting and separation",
            "100 t REO",
            missing=missing,
            used="60 t REO",
        ),
        citations=QTA002_CITATIONS,
        facts=facts(
            missing={FIRM_USCC: ["2024-10", "2024-12"]},
            used="60 t REO",
            quota="100 t REO",
            year=2024,
        ),
        enterprise=FIRM_USCC,
    )
    assert finding.message_in("zh") == zh(
        "Example Group",
        2024,
        "稀土冶炼分离",
        "100 t REO",
        missing=f"Example Separation Co. 1（{FIRM_USCC}）：2024-10和2024-12",
        used="60 t REO",
    )


# --- an indicator split by ore type (P17) -------------------------------------------------


def test_each_part_of_a_split_indicator_names_its_ore_type_and_its_output() -> None:
    mine = miner(group="Example Group")
    reports = given(mine, 1, 12, lines=(produced(CONCENTRATE, "4 t"),))
    rock = allocation(2025, "30 t REO", activity="mining", ore_type="rock")
    ion = allocation(2025, "5 t REO", activity="mining", ore_type="ion_adsorption", batch=2)
    found = quota_findings(reports, rock, ion)
    months = f"({mine.uscc}): 2025-01 and 2025-12"
    expected = []
    for label, ore_type, quota, used in (
        ("ion-adsorption ore", "ion_adsorption", "5 t REO", "0 t REO"),
        ("rock-type ore", "rock", "30 t REO", "20 t REO"),
    ):
        expected.append(
            EnglishFinding(
                rule_id="QTA002",
                severity=Severity.UNDETERMINED,
                message=en(
                    f"Example Group ({label})",
                    2025,
                    "mining",
                    quota,
                    missing=f"Example Mining Co. 2 {months}",
                    used=used,
                ),
                citations=QTA002_CITATIONS,
                facts=facts(
                    missing={mine.uscc: ["2025-01", "2025-12"]},
                    used=used,
                    quota=quota,
                    activity="mining",
                    ore_type=ore_type,
                ),
                enterprise=mine.uscc,
            )
        )
    assert found == expected
    assert found[1].message_in("zh") == zh(
        "Example Group（岩矿型稀土矿）",
        2025,
        "稀土开采",
        "30 t REO",
        missing=f"Example Mining Co. 2（{mine.uscc}）：2025-01和2025-12",
        used="20 t REO",
    )


# --- an enterprise of the holder with duties but no output (P13) ---------------------------


def test_an_enterprise_with_duties_but_no_output_is_named_by_its_report() -> None:
    duty = enterprise(
        Activity.METAL_SMELTING, serial=7, name="Example Duty Co. 7", group="Example Group"
    )
    # mineral feed consumed brings the separation duties (P13)
    reports = full_year([report(FIRM, "2025-01", [produced(OXIDE, "1 t")])], 2025)
    reports.append(report(duty, "2025-04", [flow("consumed", CONCENTRATE, "2 t")]))
    [finding] = quota_findings(reports, allocation(2025, "100 t REO"))
    absent = [str(m) for m in YEAR_2025 if m.month != 4]
    assert finding == EnglishFinding(
        rule_id="QTA002",
        severity=Severity.UNDETERMINED,
        message=en(
            "Example Group",
            2025,
            "smelting and separation",
            "100 t REO",
            missing=f"Example Duty Co. 7 ({duty.uscc}): 2025-01 to 2025-03 and 2025-05 to 2025-12",
            used="1 t REO",
        ),
        citations=QTA002_CITATIONS,
        facts=facts(missing={duty.uscc: absent}, used="1 t REO", quota="100 t REO"),
        enterprise=duty.uscc,
    )
    assert finding.message_in("zh") == zh(
        "Example Group",
        2025,
        "稀土冶炼分离",
        "100 t REO",
        missing=f"Example Duty Co. 7（{duty.uscc}）：2025-01 至 2025-03和2025-05 至 2025-12",
        used="1 t REO",
    )


# --- EXP001 -------------------------------------------------------------------------------

DY_TB_OXIDE = Product(
    name="Dysprosium-terbium oxide",
    product_class=ProductClass.COMPOUND,
    form="oxide",
    elements=["Dy", "Tb"],
    reo_fraction="1",
)
HO_OXIDE = Product(
    name="Holmium oxide", product_class=ProductClass.COMPOUND, form="oxide", elements=["Ho"]
)
CE_OXIDE = Product(
    name="Cerium oxide", product_class=ProductClass.COMPOUND, form="oxide", elements=["Ce"]
)
MIXED_OXIDE = Product(name="Mixed oxide", product_class=ProductClass.COMPOUND, form="oxide")
EXPORTER = enterprise("export", serial=6)
N18 = "MOFCOM/GAC Announcement No. 18 of 2025"
N18_ZH = "商务部 海关总署公告2025年第18号"
N18_LISTS = (
    "lists metals, alloys, targets, oxides and mixtures, compounds and mixtures of "
    "Sm, Gd, Tb, Dy, Lu, Sc, Y"
)
N18_LISTS_ZH = "列出了Sm、Gd、Tb、Dy、Lu、Sc、Y 的金属、合金、靶材、氧化物及混合物、化合物及混合物"


def exported(
    product: Product, day: dt.date, quantity: str = "2 t", licence: str | None = None
) -> FlowLine:
    return flow(
        "exported",
        product,
        quantity,
        foreign=("Example Magnetics K.K.", "JP"),
        date=day,
        licence_number=licence,
    )


def exp001(report_: FlowReport) -> list[Finding]:
    return list(get_rule("EXP001").check(report_))


def _keys(citations: tuple[Citation, ...]) -> list[str]:
    return [c.key for c in citations]


def test_exp001_a_line_passed_over_does_not_hide_the_next() -> None:
    # a licensed line, a line before No. 18, an item not listed, then the two reported
    lines = [
        exported(DY_TB_OXIDE, dt.date(2025, 4, 8), licence="LIC-2025-0001"),
        exported(DY_TB_OXIDE, dt.date(2025, 4, 3)),
        exported(CE_OXIDE, dt.date(2025, 4, 9)),
        exported(DY_TB_OXIDE, dt.date(2025, 4, 10), "1.25 t"),
        exported(MIXED_OXIDE, dt.date(2025, 4, 11)),
    ]
    required, undetermined = exp001(report(EXPORTER, "2025-04", lines))
    because = (
        f"required: {N18} {N18_LISTS}; the item contains Tb, Dy, control code 1C904, 1C905 "
        "(the number of 1C905 is inferred)"
    )
    assert required == EnglishFinding(
        rule_id="EXP001",
        severity=Severity.VIOLATION,
        message="Example Enterprise 6, 2025-04: exports 1.25 t Dysprosium-terbium oxide on "
        f"2025-04-10 without an export licence number, though a licence is {because}",
        citations=required.citations,
        subject="$.lines[3]",
        facts={
            "date": "2025-04-10",
            "product": "Dysprosium-terbium oxide",
            "quantity": "1.25 t",
            "licence": "required",
            "control_codes": "1C904, 1C905",
            "knowledge_horizon": "2026-11-10",
        },
    )
    assert required.citations[0] == ART_15
    assert _keys(required.citations) == [
        "regulations-2024:15",
        "export-control-18-2025:listed-items",
    ]
    assert required.message_in("zh") == (
        "Example Enterprise 6，2025-04：于2025-04-10出口 1.25 t Dysprosium-terbium oxide，"
        f"没有出口许可证号，而出口许可证为需要：{N18_ZH}{N18_LISTS_ZH}；该物项含有 Tb, Dy，"
        "管制编码 1C904, 1C905（1C905 的编号系推断）"
    )
    assert undetermined == EnglishFinding(
        rule_id="EXP001",
        severity=Severity.UNDETERMINED,
        message="Example Enterprise 6, 2025-04: exports 2 t Mixed oxide on 2025-04-11 without "
        "an export licence number; whether one is needed is undetermined, because the item's "
        f"rare earth content is not stated, and {N18} {N18_LISTS}",
        citations=required.citations,
        subject="$.lines[4]",
        facts={
            "date": "2025-04-11",
            "product": "Mixed oxide",
            "quantity": "2 t",
            "licence": "undetermined",
            "control_codes": "",
            "knowledge_horizon": "2026-11-10",
        },
    )
    assert undetermined.message_in("zh") == (
        "Example Enterprise 6，2025-04：于2025-04-11出口 2 t Mixed oxide，没有出口许可证号；"
        "是否需要出口许可证为无法判定，因为未说明该物项的稀土含量，"
        f"而{N18_ZH}{N18_LISTS_ZH}"
    )


def test_exp001_a_licence_number_clears_the_line_and_its_absence_does_not() -> None:
    day = dt.date(2025, 6, 16)
    licensed = exported(DY_TB_OXIDE, day, licence="LIC-2025-0042")
    assert exp001(report(EXPORTER, "2025-06", [licensed])) == []
    [finding] = exp001(report(EXPORTER, "2025-06", [licensed, exported(DY_TB_OXIDE, day)]))
    assert (finding.subject, finding.facts["date"], finding.facts["quantity"]) == (
        "$.lines[1]",
        "2025-06-16",
        "2 t",
    )


def test_exp001_an_item_past_the_knowledge_horizon_is_undetermined() -> None:
    line = exported(HO_OXIDE, dt.date(2026, 11, 11))
    [finding] = exp001(report(EXPORTER, "2026-11", [line]))
    assert finding == EnglishFinding(
        rule_id="EXP001",
        severity=Severity.UNDETERMINED,
        message="Example Enterprise 6, 2026-11: exports 2 t Holmium oxide on 2026-11-11 "
        "without an export licence number; whether one is needed is undetermined, because "
        "MOFCOM/GAC Announcement No. 57 of 2025 lists metals, alloys, targets, oxides and "
        "mixtures, compounds and mixtures of Ho, Er, Tm, Eu, Yb, and its status after "
        "2026-11-10 (the end of its suspension by MOFCOM/GAC Announcement No. 70 of 2025, "
        "the knowledge horizon) is not known",
        citations=finding.citations,
        subject="$.lines[0]",
        facts={
            "date": "2026-11-11",
            "product": "Holmium oxide",
            "quantity": "2 t",
            "licence": "undetermined",
            "control_codes": "",
            "knowledge_horizon": "2026-11-10",
        },
    )
    assert _keys(finding.citations) == [
        "regulations-2024:15",
        "export-control-57-2025:listed-items",
    ]
    assert finding.message_in("zh") == (
        "Example Enterprise 6，2026-11：于2026-11-11出口 2 t Holmium oxide，没有出口许可证号；"
        "是否需要出口许可证为无法判定，因为商务部 海关总署公告2025年第57号列出了"
        "Ho、Er、Tm、Eu、Yb 的金属、合金、靶材、氧化物及混合物、化合物及混合物，"
        "而其在 2026-11-10（商务部 海关总署公告2025年第70号暂停实施的结束之日，"
        "即本库数据的截止日期）之后的状态未知"
    )


# --- the enterprises whose months are needed -----------------------------------------------


def test_a_designated_enterprise_of_the_holder_needs_its_months_without_output() -> None:
    # P13: a designation for smelting and separation brings the duty, whatever is declared
    shop = enterprise(
        Activity.METAL_SMELTING, serial=8, name="Example Shop 8", group="Example Group"
    )
    reports = full_year([report(FIRM, "2025-01", [produced(OXIDE, "1 t")])], 2025)
    reports.append(report(shop, "2025-05"))
    quota = allocation(2025, "100 t REO")
    found = check_year(reports, year=2025, allocations=[quota])
    assert months_missing(list(found)) == []  # without the register: no duty, no months
    designated = register(designation(shop.uscc))
    found = check_year(reports, year=2025, allocations=[quota], designations=designated)
    [finding] = months_missing(list(found))
    absent = [str(m) for m in YEAR_2025 if m.month != 5]
    assert finding.facts == facts(missing={shop.uscc: absent}, used="1 t REO", quota="100 t REO")


def test_a_report_of_another_year_does_not_hide_the_reports_of_the_year() -> None:
    before = report(FIRM, "2024-12", [produced(OXIDE, "3 t")])
    reports = [before, *given(FIRM, 4, lines=(produced(OXIDE, "1 t"),))]
    [finding] = months_missing(quota_findings(reports, allocation(2025, "100 t REO")))
    assert finding.facts == facts(
        missing={FIRM_USCC: ["2025-04"]}, used="11 t REO", quota="100 t REO"
    )
