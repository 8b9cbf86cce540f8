"""Tests that kill mutants of the quota rules' fidelity logic (issue 10; docs/testing.md).

They pin, whole, what a caller reads of each new class of quota answer: the lines excluded
as made from an own intermediate and those left undetermined as a possible double count
(P11), the ore type each mining line is charged to and the findings of split indicators
(P17), the partial-year findings and the stated earlier output (P14), the holders the
allocations resolve to (P7), and the refusals of ``check_year``'s ``prior_use``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from expect import EnglishFinding, assert_error
from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import (
    ORDER_71_NEXT_YEAR_REDUCTION,
    REGULATIONS_2024,
    TOTAL_CONTROL_MEASURES_2025,
    Citation,
)
from rare_earth_regs.model.activities import FeedstockOrigin, OreType
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.rules import check_year, quota_use
from rare_earth_regs.rules.quotas import (
    POSSIBLE_DOUBLE_COUNT,
    LineReason,
    LineRef,
    check_quota_exceeded,
    check_quota_undetermined,
)
from rare_earth_regs.units import MassBasis, Tonnage
from rules.builders import (
    CONCENTRATE,
    OXIDE,
    allocation,
    flow,
    full_year,
    miner,
    produced,
    report,
    separator,
)

ART_10 = Citation(REGULATIONS_2024, 10)
ART_21 = Citation(REGULATIONS_2024, 21)
ORDER_71_ART_3 = Citation(TOTAL_CONTROL_MEASURES_2025, 3)
CHLORIDE = Product(name="Mixed RE chloride", product_class="compound", reo_fraction="0.5")
PLAIN = Product(name="RE concentrate", product_class="mineral_product", reo_fraction="0.5")
ION = Product(name="Ion-adsorption concentrate", product_class="mineral_product", reo_fraction="1")
GROUP = "Example Group"
DOUBT = LineReason.POSSIBLE_DOUBLE_COUNT


def reo(text: str) -> Tonnage:
    return Tonnage.parse(text, basis=MassBasis.REO)


def year_findings(
    reports: list[FlowReport],
    allocations: list[QuotaAllocation],
    *,
    year: int = 2025,
    prior_use: tuple[PriorUse, ...] = (),
) -> list[Finding]:
    # a whole year (P23): the months without output are reports with no lines
    whole = full_year(reports, year)
    return list(check_year(whole, year=year, allocations=allocations, prior_use=prior_use))


# ============================================================================ P11


def _chain(*, oxide_too: bool = True) -> FlowReport:
    lines = [
        produced(CHLORIDE, "100 t"),
        flow("consumed", CHLORIDE, "80 t"),
        produced(OXIDE, "40 t"),
        flow("consumed", CHLORIDE, "1 t"),
        produced(CHLORIDE, "2 t"),
    ]
    if oxide_too:  # the oxide produced and consumed as well
        lines += [
            produced(OXIDE, "3 t", origin=FeedstockOrigin.OWN_INTERMEDIATE),
            flow("consumed", OXIDE, "1 t"),
        ]
    return report(separator(), "2025-09", lines, report_id="S-1")


DETAIL = (
    "Mixed RE chloride is produced (lines 0, 4) and consumed (lines 1, 3) in the month: the "
    "PrNd oxide may be made from it, a second step already counted, or from fresh mineral "
    "feed; mark a second step's output with the origin own_intermediate"
)


def test_quota_use_of_a_chain_lists_each_line_whole() -> None:
    entry = quota_use([_chain()], year=2025, activity="smelting_separation").enterprises[
        separator().uscc
    ]
    # The oxide is produced (line 5) and consumed (line 6) too, so the chloride lines are
    # doubted in their turn: each compound could be made from the other.
    assert entry.counted == reo("0 t REO")
    assert entry.counted_lines == ()
    assert entry.excluded == (
        LineRef(
            "S-1",
            5,
            "made from the enterprise's own intermediate, counted when it was first produced "
            "(policy P11)",
            reo("3 t REO"),
            code=LineReason.OWN_INTERMEDIATE,
        ),
    )
    oxide_detail = (
        "PrNd oxide is produced (lines 2, 5) and consumed (line 6) in the month: the Mixed RE "
        "chloride may be made from it, a second step already counted, or from fresh mineral "
        "feed; mark a second step's output with the origin own_intermediate"
    )
    assert entry.undetermined == (
        LineRef(
            "S-1",
            0,
            POSSIBLE_DOUBLE_COUNT,
            reo("50 t REO"),
            detail=oxide_detail,
            lines=(2, 5, 6),
            code=DOUBT,
        ),
        LineRef(
            "S-1",
            2,
            POSSIBLE_DOUBLE_COUNT,
            reo("40 t REO"),
            detail=DETAIL,
            lines=(0, 1, 3, 4),
            code=DOUBT,
        ),
        LineRef(
            "S-1",
            4,
            POSSIBLE_DOUBLE_COUNT,
            reo("1 t REO"),
            detail=oxide_detail,
            lines=(2, 5, 6),
            code=DOUBT,
        ),
    )
    assert entry.by_ore_type == {}


def test_a_possible_double_count_finding_whole() -> None:
    chain = _chain(oxide_too=False)
    quota = allocation(2025, "100 t REO", holder=separator().name, holder_uscc=separator().uscc)
    assert year_findings([chain], [quota]) == [
        EnglishFinding(
            rule_id="QTA002",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Separation Co. 1: whether a produced line counts against the 2025 "
                "smelting and separation indicator cannot be decided: undetermined (possible "
                f"double count): {DETAIL}"
            ),
            citations=(ART_10, ORDER_71_ART_3),
            subject="$.lines[2]",
            facts={
                "activity": "smelting_separation",
                "year": 2025,
                "reason": "undetermined (possible double count)",
                "reason_code": "possible_double_count",
                "lines": [0, 1, 3, 4],
                "detail": DETAIL,
            },
            enterprise=separator().uscc,
            month="2025-09",
            report_id="S-1",
        )
    ]


def test_a_possible_double_count_says_why_in_chinese() -> None:
    chain = _chain(oxide_too=False)
    quota = allocation(2025, "100 t REO", holder=separator().name, holder_uscc=separator().uscc)
    [found] = year_findings([chain], [quota])
    assert found.message_in("zh") == (
        "Example Separation Co. 1：无法判定一条生产行是否计入 2025 年稀土冶炼分离总量控制指标："
        "无法判定（可能重复计算）：Mixed RE chloride在当月既有生产（第 0, 4 行）"
        "又有消耗（第 1, 3 行）："
        "PrNd oxide可能由其制得（即已计入的第二道工序），也可能由新的矿产原料制得；第二道工序的产出"
        "请将原料来源标为 own_intermediate"
    )
    entry = quota_use([chain], year=2025, activity="smelting_separation").enterprises[
        separator().uscc
    ]
    [doubt] = entry.undetermined
    assert doubt.reason_message.render("zh") == (
        "无法判定（可能重复计算）：Mixed RE chloride在当月既有生产（第 0, 4 行）"
        "又有消耗（第 1, 3 行）："
        "PrNd oxide可能由其制得（即已计入的第二道工序），也可能由新的矿产原料制得；第二道工序的产出"
        "请将原料来源标为 own_intermediate"
    )


def test_imported_feed_before_the_measures_is_excluded_before_any_doubt() -> None:
    early = report(
        separator(),
        "2025-07",
        [
            produced(CHLORIDE, "10 t"),
            flow("consumed", CHLORIDE, "10 t"),
            produced(OXIDE, "1 t", origin="imported", date=dt.date(2025, 7, 27)),
        ],
        report_id="S-7",
    )
    entry = quota_use([early], year=2025, activity="smelting_separation").enterprises[
        separator().uscc
    ]
    assert [ref.line_index for ref in entry.excluded] == [2]
    assert entry.undetermined == ()


# ============================================================================ P17


def _mining(*lines: object) -> list[FlowReport]:
    return [report(miner(group=GROUP), "2025-09", lines, report_id="M-1")]  # type: ignore[arg-type]


def test_mining_lines_carry_the_ore_type_they_are_charged_to() -> None:
    reports = _mining(
        produced(PLAIN, "2 t", origin=None),
        produced(CONCENTRATE, "4 t", origin=None),
        produced(ION, "1 t", origin=None),
        produced(CONCENTRATE, "2 t", origin=None, ore_type="ion_adsorption"),
    )
    entry = quota_use(reports, year=2025, activity="mining").enterprises[miner().uscc]
    assert entry.counted_lines == (
        LineRef(
            "M-1",
            0,
            "counted",
            reo("1 t REO"),
            detail="ore type not stated on the line or the product, nor implied by the mineral",
        ),
        LineRef("M-1", 1, "counted", reo("2 t REO"), ore_type=OreType.ROCK),
        LineRef("M-1", 2, "counted", reo("1 t REO"), ore_type=OreType.ION_ADSORPTION),
        LineRef(
            "M-1",
            3,
            "counted",
            reo("1 t REO"),
            detail="the line and its product give different ore types (ion_adsorption, rock)",
        ),
    )
    assert list(entry.by_ore_type.items()) == [
        (OreType.ROCK, reo("2 t REO")),
        (OreType.ION_ADSORPTION, reo("1 t REO")),
        (None, reo("2 t REO")),
    ]
    assert entry.counted == reo("5 t REO")


def test_split_indicator_findings_whole() -> None:
    reports = _mining(
        produced(PLAIN, "2 t", origin=None),  # 1 t REO, ore type unknown
        produced(CONCENTRATE, "8 t", origin=None),  # 4 t REO rock
        produced(ION, "3 t", origin=None),  # 3 t REO ion-adsorption
    )
    rock = allocation(2025, "3 t REO", activity="mining", ore_type="rock")
    found = year_findings(reports, [rock])
    uscc = miner().uscc
    assert found == [
        EnglishFinding(
            rule_id="QTA001",
            severity=Severity.VIOLATION,
            message=(
                "Example Group (rock-type ore): mining output of rock-type ore counted against "
                "the 2025 indicator is 4 t REO, above the indicator of 3 t REO by 1 t REO"
            ),
            citations=(ART_10, ART_21, ORDER_71_ART_3),
            subject="$",
            facts={
                "holder": GROUP,
                "holder_uscc": None,
                "enterprises": [uscc],
                "activity": "mining",
                "year": 2025,
                "quota": "3 t REO",
                "used": "4 t REO",
                "excess": "1 t REO",
                "quota_grams": 3_000_000,
                "used_grams": 4_000_000,
                "excess_grams": 1_000_000,
                "used_by_origin_grams": {"domestic_mined": 8_000_000},
                "penalty_article": "Regulations 2024, art. 21",
                "consequence": (
                    "if penalised, the holder's indicator for 2026 is reduced "
                    "(Order No. 71; amount unspecified)"
                ),
                "consequence_citation": ORDER_71_NEXT_YEAR_REDUCTION.en,
                "ore_type": "rock",
            },
            enterprise=uscc,
        ),
        EnglishFinding(
            rule_id="QTA002",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Mining Co. 2: 3 t REO of mining output of ion-adsorption ore counts "
                "against a 2025 indicator, but no indicator of ion-adsorption ore is given for "
                "the enterprise or its group"
            ),
            citations=(ART_10,),
            subject="$",
            facts={
                "activity": "mining",
                "year": 2025,
                "used": "3 t REO",
                "reason": "no indicator known",
                "ore_type": "ion_adsorption",
            },
            enterprise=uscc,
        ),
        EnglishFinding(
            rule_id="QTA002",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Mining Co. 2: the 2025 mining indicator of Example Group is split by "
                "ore type (rock), and the ore type of this mining output (1 t REO) is unknown: "
                "ore type not stated on the line or the product, nor implied by the mineral; "
                "which part it is charged to cannot be decided"
            ),
            citations=(ART_10,),
            subject="$.lines[0]",
            facts={
                "activity": "mining",
                "year": 2025,
                "reason": "ore type unknown",
                "detail": (
                    "ore type not stated on the line or the product, nor implied by the mineral"
                ),
                "holder": GROUP,
                "ore_types": ["rock"],
                "reo": "1 t REO",
            },
            enterprise=uscc,
            month="2025-09",
            report_id="M-1",
        ),
    ]


def test_a_part_within_its_indicator_does_not_hide_the_next_part() -> None:
    reports = _mining(produced(CONCENTRATE, "2 t", origin=None), produced(ION, "2 t", origin=None))
    parts = [
        allocation(2025, "5 t REO", activity="mining", ore_type="rock"),
        allocation(2025, "1.5 t REO", activity="mining", ore_type="ion_adsorption"),
    ]
    found = year_findings(reports, parts)
    assert [(f.rule_id, f.facts.get("ore_type"), f.facts.get("excess")) for f in found] == [
        ("QTA001", "ion_adsorption", "0.5 t REO")
    ]
    assert "Example Group (ion-adsorption ore): mining output of ion-adsorption ore" in (
        found[0].message
    )


def test_an_indicator_mixing_typed_and_untyped_batches_is_compared_whole() -> None:
    reports = _mining(produced(ION, "3 t", origin=None), produced(PLAIN, "2 t", origin=None))
    mixed = [
        allocation(2025, "1 t REO", activity="mining", ore_type="rock"),
        allocation(2025, "2 t REO", activity="mining", batch=2),
    ]
    # 4 t REO of mining output (3 ion-adsorption, 1 unknown) against the whole 3 t REO:
    # no part to charge to, so no ore-type finding either.
    (found,) = year_findings(reports, mixed)
    assert (found.rule_id, found.facts["quota"], found.facts["used"]) == (
        "QTA001",
        "3 t REO",
        "4 t REO",
    )
    assert "ore_type" not in found.facts


def test_the_rule_checks_called_alone_read_prior_use_by_default_as_none() -> None:
    firm = separator()
    reports = [report(firm, "2024-11", [produced(OXIDE, "2 t")])]
    quota = [allocation(2024, "1 t REO", holder=firm.name, holder_uscc=firm.uscc)]
    (exceeded,) = check_quota_exceeded(reports, year=2024, allocations=quota)
    assert exceeded.facts["prior_use"] is None
    assert list(check_quota_undetermined(reports, year=2024, allocations=quota)) == []


# ============================================================================ P14


def test_partial_year_finding_whole() -> None:
    firm = separator()
    reports = [report(firm, "2024-11", [produced(OXIDE, "30 t")])]
    quota = [
        allocation(2024, "100 t REO", holder="Example Separation Co. 1", holder_uscc=firm.uscc)
    ]
    assert year_findings(reports, quota, year=2024) == [
        EnglishFinding(
            rule_id="QTA002",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Separation Co. 1: the 2024 smelting and separation indicator of "
                "100 t REO covers the whole year, but only output from 2024-10-01 is encoded "
                "(30 t REO); whether the year's output exceeds it cannot be decided (partial "
                "year) unless the output before 2024-10-01 is stated (prior_use)"
            ),
            citations=(ART_10,),
            subject="$",
            facts={
                "activity": "smelting_separation",
                "year": 2024,
                "reason": "partial year",
                "holder": "Example Separation Co. 1",
                "holder_uscc": firm.uscc,
                "ore_type": None,
                "quota": "100 t REO",
                "used_from": "2024-10-01",
                "used": "30 t REO",
            },
            enterprise=firm.uscc,
        )
    ]


def test_a_2024_overrun_with_earlier_output_stated_is_worded_whole() -> None:
    firm = separator(group=GROUP)
    reports = [report(firm, "2024-11", [produced(OXIDE, "30 t")])]
    stated = (
        PriorUse(year=2024, activity="smelting_separation", holder=GROUP, amount="50 t REO"),
        PriorUse(year=2024, activity="smelting_separation", holder=GROUP, amount="21 t REO"),
        PriorUse(year=2024, activity="mining", holder=GROUP, amount="500 t REO"),
    )
    (found,) = year_findings(reports, [allocation(2024, "100 t REO")], year=2024, prior_use=stated)
    assert found.message == (
        "Example Group: smelting and separation output counted against the 2024 indicator, "
        "with 71 t REO stated for the months before 2024-10-01, is 101 t REO, above the "
        "indicator of 100 t REO by 1 t REO"
    )
    assert (found.facts["prior_use"], found.facts["used_grams"], found.enterprise) == (
        "71 t REO",
        101_000_000,
        firm.uscc,
    )


def test_without_earlier_output_an_overrun_is_worded_as_from_october_alone() -> None:
    firm = separator(group=GROUP)
    reports = [report(firm, "2024-11", [produced(OXIDE, "30 t")])]
    (found,) = year_findings(reports, [allocation(2024, "29 t REO")], year=2024)
    assert found.message == (
        "Example Group: smelting and separation output counted against the 2024 indicator "
        "from 2024-10-01 alone is 30 t REO, above the indicator of 29 t REO by 1 t REO"
    )


def test_2025_findings_say_nothing_of_a_partial_year() -> None:
    firm = separator(group=GROUP)
    reports = [report(firm, "2025-01", [produced(OXIDE, "30 t")])]
    (found,) = year_findings(reports, [allocation(2025, "29 t REO")])
    assert "prior_use" not in found.facts
    assert "counted_from" not in found.facts
    within = year_findings(reports, [allocation(2025, "30 t REO")])
    assert within == []


def test_a_holder_without_output_has_no_partial_year_finding() -> None:
    firm = separator(group="Other Group")
    reports = [report(firm, "2024-11", [produced(OXIDE, "1 t")])]
    found = year_findings(
        reports,
        [allocation(2024, "5 t REO"), allocation(2024, "5 t REO", holder="Other Group")],
        year=2024,
    )
    assert [f.facts["holder"] for f in found] == ["Other Group"]


def test_prior_use_is_refused_whole() -> None:
    stated = PriorUse(year=2025, activity="mining", holder=GROUP, amount="1 t REO")
    assert_error(
        InvalidInputError(
            field="prior_use[0].year",
            value=2025,
            accepted="2024, the only quota year with months before 2024-10-01, the start of "
            "the encoded range",
        ),
        lambda: check_year([], year=2025, prior_use=[stated]),
    )
    in_2024 = PriorUse(year=2024, activity="mining", holder=GROUP, amount="1 t REO")
    assert_error(
        InvalidInputError(field="prior_use[1]", value="x", accepted="a PriorUse"),
        lambda: check_year([], year=2024, prior_use=[in_2024, "x"]),  # type: ignore[list-item]
    )
    assert_error(
        InvalidInputError(field="prior_use", value="x", accepted="an iterable of PriorUse"),
        lambda: check_year([], year=2024, prior_use="x"),  # type: ignore[arg-type]
    )
    old = PriorUse(year=2023, activity="mining", holder=GROUP, amount="1 t REO")
    with pytest.raises(InvalidInputError, match=r"prior_use\[0\]\.year"):
        check_year([], year=2024, prior_use=[old])


# ============================================================================= P7


def test_holders_are_compared_in_name_then_uscc_order() -> None:
    one, two = separator(1), separator(2)
    reports = [report(firm, "2025-09", [produced(OXIDE, "2 t")]) for firm in (one, two)]
    quota = [
        allocation(2025, "1 t REO", holder="Same Name", holder_uscc=two.uscc),
        allocation(2025, "1 t REO", holder="Same Name", holder_uscc=one.uscc),
        allocation(2025, "1 t REO", holder="Another Name", holder_uscc=uscc_of(3)),
    ]
    found = year_findings(reports, quota)
    assert [f.facts["holder_uscc"] for f in found] == [one.uscc, two.uscc]


def uscc_of(serial: int) -> str:
    return separator(serial).uscc


# ================================================= the rule checks called alone (Rule.check)


def test_two_intermediates_are_both_named_in_the_detail() -> None:
    carbonate = Product(name="Mixed RE carbonate", product_class="compound", reo_fraction="0.5")
    lines = [
        produced(CHLORIDE, "10 t"),
        flow("consumed", CHLORIDE, "10 t"),
        produced(carbonate, "10 t"),
        flow("consumed", carbonate, "10 t"),
        produced(OXIDE, "1 t"),
    ]
    entry = quota_use(
        [report(separator(), "2025-09", lines)], year=2025, activity="smelting_separation"
    ).enterprises[separator().uscc]
    assert entry.undetermined[-1].detail == (
        "Mixed RE chloride is produced (line 0) and consumed (line 1) in the month; Mixed RE "
        "carbonate is produced (line 2) and consumed (line 3) in the month: the PrNd oxide may "
        "be made from it, a second step already counted, or from fresh mineral feed; mark a "
        "second step's output with the origin own_intermediate"
    )


def test_two_stated_amounts_of_one_ore_type_add_up() -> None:
    firm = miner(group=GROUP)
    reports = [report(firm, "2024-12", [produced(CONCENTRATE, "20 t", origin=None)])]  # 10 t
    parts = [
        allocation(2024, "30 t REO", activity="mining", ore_type="rock"),
        allocation(2024, "5 t REO", activity="mining", ore_type="ion_adsorption"),
    ]

    def stated(ore_type: str, amount: str) -> PriorUse:
        return PriorUse(
            year=2024, activity="mining", ore_type=ore_type, holder=GROUP, amount=amount
        )

    given = (
        stated("rock", "15 t REO"),
        stated("rock", "5.000001 t REO"),
        stated("ion_adsorption", "0 t REO"),
    )
    (found,) = year_findings(reports, parts, year=2024, prior_use=given)
    assert (found.rule_id, found.facts["ore_type"], found.facts["prior_use"]) == (
        "QTA001",
        "rock",
        "20.000001 t REO",
    )


def test_a_holder_without_members_over_its_indicator_by_stated_output_names_no_enterprise() -> None:
    stated = (PriorUse(year=2024, activity="mining", holder=GROUP, amount="2 t REO"),)
    found = list(
        check_quota_exceeded(
            [],
            year=2024,
            allocations=[allocation(2024, "1 t REO", activity="mining")],
            prior_use=stated,
        )
    )
    assert [(f.rule_id, f.enterprise, f.facts["enterprises"]) for f in found] == [
        ("QTA001", None, [])
    ]


def test_qta002_alone_a_quiet_enterprise_does_not_hide_the_next() -> None:
    quiet = report(separator(1), "2025-09", [produced(OXIDE, "1 t", origin=None)], report_id="Q-1")
    loud = report(separator(2), "2025-09", [produced(OXIDE, "2 t")], report_id="L-2")
    louder = report(separator(3), "2025-09", [produced(OXIDE, "3 t")], report_id="L-3")
    found = list(check_quota_undetermined([quiet, loud, louder], year=2025, allocations=[]))
    assert [(f.facts["reason"], f.enterprise) for f in found] == [
        ("feed origin not stated", separator(1).uscc),
        ("no indicator known", separator(2).uscc),
        ("no indicator known", separator(3).uscc),
    ]


def test_qta002_alone_an_enterprise_covered_whole_is_not_asked_its_ore_type() -> None:
    # The first miner holds its own unsplit indicator and belongs to a group whose indicator
    # is split; the second belongs to the group only. Only the second's output of unknown
    # ore type is undetermined, with its enterprise named.
    own = miner(2, group=GROUP)
    member = miner(5, group=GROUP)
    reports = [
        report(firm, "2025-09", [produced(PLAIN, "2 t", origin=None)], report_id=f"M-{index}")
        for index, firm in enumerate((own, member))
    ]
    reports = full_year(reports, 2025)  # P23: a whole year
    quota = [
        allocation(2025, "100 t REO", activity="mining", holder=own.name, holder_uscc=own.uscc),
        allocation(2025, "100 t REO", activity="mining", ore_type="rock"),
        allocation(2025, "100 t REO", activity="mining", ore_type="ion_adsorption"),
    ]
    found = list(check_quota_undetermined(reports, year=2025, allocations=quota))
    assert [(f.facts["reason"], f.enterprise, f.subject) for f in found] == [
        ("ore type unknown", member.uscc, "$.lines[0]")
    ]
    assert found[0].facts["ore_types"] == ["rock", "ion_adsorption"]
    assert "split by ore type (rock, ion_adsorption)" in found[0].message


def test_qta002_alone_names_the_enterprise_of_an_unknown_ore_type_and_a_partial_year() -> None:
    member = miner(5, group=GROUP)
    reports = [report(member, "2024-11", [produced(PLAIN, "2 t", origin=None)], report_id="M-5")]
    reports = full_year(reports, 2024)  # P23: October to December
    quota = [allocation(2024, "1 t REO", activity="mining", ore_type="rock")]
    found = list(check_quota_undetermined(reports, year=2024, allocations=quota))
    assert [(f.facts["reason"], f.enterprise) for f in found] == [
        ("ore type unknown", member.uscc),
        ("partial year", member.uscc),
    ]


def test_a_partial_year_exactly_at_the_indicator_is_still_undetermined() -> None:
    firm = separator(group=GROUP)
    reports = [report(firm, "2024-11", [produced(OXIDE, "30 t")])]
    (found,) = year_findings(reports, [allocation(2024, "30 t REO")], year=2024)
    assert (found.facts["reason"], found.facts["used"], found.enterprise) == (
        "partial year",
        "30 t REO",
        firm.uscc,
    )


def test_a_prior_use_name_that_fits_two_holders_is_named_as_prior_use() -> None:
    one, two = separator(1), separator(2)
    quota = [
        allocation(2024, "1 t REO", holder="Example Co.", holder_uscc=one.uscc),
        allocation(2024, "1 t REO", holder="Example Co.", holder_uscc=two.uscc),
    ]
    stated = [
        PriorUse(year=2024, activity="smelting_separation", holder="Example Co.", amount="1 t REO")
    ]
    with pytest.raises(InvalidInputError) as error:
        check_year([], year=2024, allocations=quota, prior_use=stated)
    assert error.value.field == "prior_use[0].holder"
    assert str(error.value) == (
        "prior_use[0].holder: 'Example Co.' (no USCC) matches two holders, allocations[0] "
        f"('Example Co.', USCC {one.uscc}) and allocations[1] ('Example Co.', USCC {two.uscc}); "
        "give holder_uscc"
    )


def test_separation_use_has_no_ore_types() -> None:
    firm = separator()
    use = quota_use(
        [report(firm, "2025-09", [produced(OXIDE, "2 t")])],
        year=2025,
        activity="smelting_separation",
    ).enterprises[firm.uscc]
    assert (use.counted, use.by_ore_type) == (reo("2 t REO"), {})


def test_each_stated_amount_goes_to_its_own_holder() -> None:
    first, second = separator(1, group=GROUP), separator(2, group="Other Group")
    reports = [report(firm, "2024-11", [produced(OXIDE, "5 t")]) for firm in (first, second)]
    quota = [allocation(2024, "10 t REO"), allocation(2024, "10 t REO", holder="Other Group")]
    stated = (
        PriorUse(year=2024, activity="smelting_separation", holder="Other Group", amount="0 t REO"),
        PriorUse(year=2024, activity="smelting_separation", holder=GROUP, amount="6 t REO"),
    )
    found = year_findings(reports, quota, year=2024, prior_use=stated)
    assert [(f.rule_id, f.facts["holder"], f.facts["prior_use"]) for f in found] == [
        ("QTA001", GROUP, "6 t REO")
    ]
