"""Total quantity control: ``counts_against_quota`` (P4), ``quota_use`` (P5, P10), QTA001 and
QTA002. Regulations arts. 10 and 21; Order No. 71 art. 3 and its next-year reduction clause."""

from __future__ import annotations

import random
from datetime import date

import pytest

from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.enterprises import Enterprise
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules import check_year, counts_against_quota, quota_use
from rare_earth_regs.rules.quotas import _quota_uses
from rare_earth_regs.units import MassBasis, Tonnage

from .builders import (
    CONCENTRATE,
    OXIDE,
    PRND_METAL,
    UNKNOWN_REO_OXIDE,
    allocation,
    enterprise,
    flow,
    full_year,
    metal_smelter,
    miner,
    produced,
    recycler,
    report,
    separator,
)

SS = Activity.SMELTING_SEPARATION
IMPORTED = FeedstockOrigin.IMPORTED
DAY_BEFORE = date(2025, 7, 27)
IN_FORCE = date(2025, 7, 28)

# --- counts_against_quota (P4) -----------------------------------------------------------


@pytest.mark.parametrize("origin", [FeedstockOrigin.IMPORTED, FeedstockOrigin.OTHER_MINERALS])
def test_imported_and_other_mineral_feed_counts_from_2025_07_28(origin: FeedstockOrigin) -> None:
    assert counts_against_quota(SS, origin, on=IN_FORCE) is True
    assert counts_against_quota(SS, origin, on=date(2026, 3, 1)) is True
    assert counts_against_quota(SS, origin, on=DAY_BEFORE) is False
    assert counts_against_quota(SS, origin, on=date(2024, 10, 1)) is False


def test_domestic_feed_counts_since_the_regulations() -> None:
    assert counts_against_quota(SS, FeedstockOrigin.DOMESTIC_MINED, on=date(2025, 1, 15)) is True
    assert counts_against_quota(SS, FeedstockOrigin.DOMESTIC_MINED, on=date(2024, 10, 1)) is True


@pytest.mark.parametrize("day", [date(2024, 10, 1), DAY_BEFORE, IN_FORCE, date(2030, 1, 1)])
def test_secondary_feed_never_counts(day: date) -> None:
    assert counts_against_quota(SS, FeedstockOrigin.SECONDARY, on=day) is False


@pytest.mark.parametrize(
    "activity",
    [Activity.METAL_SMELTING, Activity.COMPREHENSIVE_UTILIZATION, Activity.EXPORT],
)
@pytest.mark.parametrize("origin", list(FeedstockOrigin))
def test_activities_outside_total_control_never_count(
    activity: Activity, origin: FeedstockOrigin
) -> None:
    assert counts_against_quota(activity, origin, on=date(2025, 9, 1)) is False


@pytest.mark.parametrize("origin", list(FeedstockOrigin))
def test_mining_always_counts(origin: FeedstockOrigin) -> None:
    assert counts_against_quota(Activity.MINING, origin, on=date(2024, 10, 1)) is True


def test_counts_against_quota_before_the_regulations_raises() -> None:
    with pytest.raises(NotInForceError):
        counts_against_quota(SS, FeedstockOrigin.DOMESTIC_MINED, on=date(2024, 9, 30))
    assert counts_against_quota(SS, FeedstockOrigin.DOMESTIC_MINED, on=date(2024, 10, 1))


def test_counts_against_quota_accepts_strings() -> None:
    assert counts_against_quota("smelting_separation", "imported", on=IN_FORCE) is True
    assert counts_against_quota("smelting_separation", "imported", on=DAY_BEFORE) is False
    assert counts_against_quota("mining", "domestic_mined", on=IN_FORCE) is True


@pytest.mark.parametrize(
    ("activity", "origin", "on"),
    [
        ("smelting", "imported", IN_FORCE),
        ("SMELTING_SEPARATION", "imported", IN_FORCE),
        (None, "imported", IN_FORCE),
        (3, "imported", IN_FORCE),
        ("smelting_separation", "monazite", IN_FORCE),
        ("smelting_separation", None, IN_FORCE),
        ("smelting_separation", "imported", "2025-07-28"),
        ("smelting_separation", "imported", None),
    ],
)
def test_counts_against_quota_refuses_junk(activity: object, origin: object, on: object) -> None:
    with pytest.raises(InvalidInputError):
        counts_against_quota(activity, origin, on=on)  # type: ignore[arg-type]


# --- quota_use ------------------------------------------------------------------------------


def test_quota_use_per_enterprise_and_by_origin() -> None:
    a, b = separator(1), separator(5)
    reports = [
        report(
            a,
            "2025-08",
            [
                produced(OXIDE, "10 t"),
                produced(OXIDE, "2.5 t", origin=IMPORTED),
                produced(OXIDE, "1 t", origin="other_minerals"),
                produced(OXIDE, "7 t", origin="secondary"),  # comprehensive utilization
            ],
        ),
        report(b, "2025-09", [produced(OXIDE, "4 t")]),
    ]
    use = quota_use(reports, year=2025, activity=SS)
    assert use.year == 2025
    assert use.activity is SS
    assert list(use.enterprises) == sorted([a.uscc, b.uscc])
    assert use.enterprises[a.uscc].counted == Tonnage(13_500_000, MassBasis.REO)
    assert use.enterprises[b.uscc].counted == Tonnage(4_000_000, MassBasis.REO)
    assert dict(use.enterprises[a.uscc].by_origin) == {
        FeedstockOrigin.DOMESTIC_MINED: Tonnage(10_000_000, MassBasis.REO),
        FeedstockOrigin.IMPORTED: Tonnage(2_500_000, MassBasis.REO),
        FeedstockOrigin.OTHER_MINERALS: Tonnage(1_000_000, MassBasis.REO),
    }
    assert str(use.total) == "17.5 t REO"
    assert dict(use.total_by_origin) == {
        FeedstockOrigin.DOMESTIC_MINED: Tonnage(14_000_000, MassBasis.REO),
        FeedstockOrigin.IMPORTED: Tonnage(2_500_000, MassBasis.REO),
        FeedstockOrigin.OTHER_MINERALS: Tonnage(1_000_000, MassBasis.REO),
    }
    assert [ref.line_index for ref in use.enterprises[a.uscc].counted_lines] == [0, 1, 2]


def test_quota_use_excludes_imported_feed_before_the_measures_with_a_reason() -> None:
    firm = separator()
    july = report(
        firm,
        "2025-07",
        [
            produced(OXIDE, "3 t", origin=IMPORTED, date=DAY_BEFORE),
            produced(OXIDE, "4 t", origin=IMPORTED, date=IN_FORCE),
        ],
    )
    use = quota_use([july], year=2025, activity=SS).enterprises[firm.uscc]
    assert use.counted == Tonnage(4_000_000, MassBasis.REO)
    [excluded] = use.excluded
    assert excluded.line_index == 0
    assert excluded.subject == "$.lines[0]"
    assert excluded.report_id == july.report_id
    assert "2025-07-28" in excluded.reason
    assert "2025-07-27" in excluded.reason
    assert excluded.reo == Tonnage(3_000_000, MassBasis.REO)
    assert [ref.line_index for ref in use.counted_lines] == [1]


def test_quota_use_dates_an_undated_july_line_on_the_31st() -> None:
    # P5: no date means the last day of the month, 2025-07-31, after the Measures took effect.
    firm = separator()
    july = report(firm, "2025-07", [produced(OXIDE, "6 t", origin=IMPORTED)])
    use = quota_use([july], year=2025, activity=SS).enterprises[firm.uscc]
    assert use.counted == Tonnage(6_000_000, MassBasis.REO)
    assert use.excluded == ()


def test_quota_use_does_not_count_oxide_recovered_from_secondary_feed() -> None:
    # An oxide made from scrap is comprehensive utilization, not separation (P4).
    firm = separator()
    month = report(
        firm,
        "2025-09",
        [produced(OXIDE, "2 t", origin="secondary"), produced(OXIDE, "1 t")],
    )
    use = quota_use([month], year=2025, activity=SS).enterprises[firm.uscc]
    assert use.counted == Tonnage(1_000_000, MassBasis.REO)
    assert [ref.line_index for ref in use.counted_lines] == [1]
    assert use.undetermined == ()


def test_separation_use_lists_a_scrap_oxide_as_excluded_and_no_other_activity() -> None:
    # Only a compound from scrap is listed in separation use; a metal or concentrate
    # from secondary feed belongs to other activities (metal smelting, mining).
    firm = enterprise(Activity.MINING, Activity.SMELTING_SEPARATION, serial=8)
    month = report(
        firm,
        "2025-09",
        [
            produced(OXIDE, "2 t", origin="secondary"),
            produced(PRND_METAL, "1 t", origin="secondary"),
            produced(CONCENTRATE, "4 t", origin="secondary"),
        ],
    )
    separation = quota_use([month], year=2025, activity=SS).enterprises[firm.uscc]
    assert [(ref.line_index, ref.reason) for ref in separation.excluded] == [
        (0, "secondary resources do not count against quotas")
    ]
    assert separation.excluded[0].reo == Tonnage(2_000_000, MassBasis.REO)
    assert separation.counted_lines == ()
    assert separation.undetermined == ()
    mining = quota_use([month], year=2025, activity="mining").enterprises[firm.uscc]
    assert [ref.line_index for ref in mining.counted_lines] == [2]
    assert mining.excluded == ()


def test_one_pass_for_both_activities_equals_one_pass_each() -> None:
    firm = enterprise(Activity.MINING, Activity.SMELTING_SEPARATION, serial=9)
    reports = [
        report(
            firm,
            "2025-07",
            [
                produced(CONCENTRATE, "10 t", origin=None),
                produced(OXIDE, "3 t", origin="imported"),  # before 07-28: excluded
                produced(OXIDE, "1 t", origin=None),  # undetermined
            ],
        ),
        report(
            separator(),
            "2025-09",
            [produced(OXIDE, "2 t", origin="secondary"), produced(UNKNOWN_REO_OXIDE, "5 t")],
        ),
    ]
    both = _quota_uses(reports, 2025, (Activity.MINING, Activity.SMELTING_SEPARATION))
    assert both == {
        Activity.MINING: quota_use(reports, year=2025, activity="mining"),
        Activity.SMELTING_SEPARATION: quota_use(reports, year=2025, activity=SS),
    }


def test_quota_use_leaves_unknown_origin_and_unknown_reo_undetermined() -> None:
    firm = separator()
    month = report(
        firm,
        "2025-09",
        [
            produced(OXIDE, "1 t", origin=None),  # which feed? (P10)
            produced(UNKNOWN_REO_OXIDE, "5 t"),  # counted, but how much REO? (P10)
            produced(OXIDE, "2 t"),
        ],
    )
    use = quota_use([month], year=2025, activity=SS).enterprises[firm.uscc]
    assert use.counted == Tonnage(2_000_000, MassBasis.REO)
    reasons = {ref.line_index: ref.reason for ref in use.undetermined}
    assert reasons == {0: "feed origin not stated", 1: "REO content unknown"}


def test_quota_use_of_mining_counts_mineral_products_only() -> None:
    firm = enterprise(Activity.MINING, Activity.SMELTING_SEPARATION, serial=7)
    month = report(
        firm,
        "2025-09",
        [
            produced(CONCENTRATE, "10 t", origin=None),  # 5 t REO of mining output
            produced(OXIDE, "3 t"),  # separation output
            produced(PRND_METAL, "1 t", origin=None),  # metal smelting: no quota
        ],
    )
    mining = quota_use([month], year=2025, activity="mining")
    separation = quota_use([month], year=2025, activity="smelting_separation")
    assert mining.total == Tonnage(5_000_000, MassBasis.REO)
    assert separation.total == Tonnage(3_000_000, MassBasis.REO)


def test_quota_use_counts_only_produced_lines_of_the_year() -> None:
    firm = separator()
    reports = [
        report(
            firm,
            "2025-12",
            [produced(OXIDE, "1 t"), flow("purchased", OXIDE, "50 t", seller=miner().uscc)],
        ),
        report(firm, "2026-01", [produced(OXIDE, "9 t")]),
    ]
    assert quota_use(reports, year=2025, activity=SS).total == Tonnage(1_000_000, MassBasis.REO)
    assert quota_use(reports, year=2026, activity=SS).total == Tonnage(9_000_000, MassBasis.REO)


def test_quota_use_is_additive_and_order_independent() -> None:
    firms = [separator(1), separator(5), separator(6)]
    reports = [
        report(firm, f"2025-{month:02d}", [produced(OXIDE, f"{month}.{serial} t")])
        for serial, firm in enumerate(firms, start=1)
        for month in (8, 9, 10)
    ]
    whole = quota_use(reports, year=2025, activity=SS)
    first = quota_use(reports[:4], year=2025, activity=SS)
    rest = quota_use(reports[4:], year=2025, activity=SS)
    assert whole.total.grams == first.total.grams + rest.total.grams
    shuffled = reports[:]
    random.Random(7).shuffle(shuffled)
    assert quota_use(shuffled, year=2025, activity=SS) == whole


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"year": 2025, "activity": "metal_smelting"}, InvalidInputError),
        ({"year": 2025, "activity": "quarrying"}, InvalidInputError),
        ({"year": "2025", "activity": "mining"}, InvalidInputError),
        ({"year": 2023, "activity": "mining"}, NotInForceError),
    ],
)
def test_quota_use_refuses_bad_arguments(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        quota_use([], **kwargs)  # type: ignore[arg-type]


# --- QTA001: quota exceeded ---------------------------------------------------------------


def _output(firm: Enterprise, *lines: FlowLine, month: str = "2025-09") -> FlowReport:
    return report(firm, month, lines)


def _qta(reports: list[FlowReport], *quota: QuotaAllocation) -> list[tuple[str, Severity]]:
    # a whole year (P23): the months without output are reports with no lines
    found = check_year(full_year(reports, 2025), year=2025, allocations=quota)
    return [(f.rule_id, f.severity) for f in found.by_rule("QTA001", "QTA002")]


def test_qta001_output_equal_to_quota_is_compliant() -> None:
    firm = separator()
    reports = [_output(firm, produced(OXIDE, "100 t"))]
    quota = allocation(2025, "100 t REO", holder=firm.name, holder_uscc=firm.uscc)
    assert _qta(reports, quota) == []


def test_qta001_one_gram_over_quota_is_a_violation() -> None:
    firm = separator()
    reports = [_output(firm, produced(OXIDE, "100.000001 t"))]
    quota = allocation(2025, "100 t REO", holder=firm.name, holder_uscc=firm.uscc)
    found = check_year(reports, year=2025, allocations=[quota]).by_rule("QTA001")
    [finding] = found
    assert finding.severity is Severity.VIOLATION
    assert finding.facts["excess_grams"] == 1
    assert finding.facts["quota_grams"] == 100_000_000
    assert finding.facts["used_grams"] == 100_000_001
    assert finding.facts["activity"] == "smelting_separation"
    assert "2026" in finding.facts["consequence"]
    assert "reduced" in finding.facts["consequence"]
    assert "Order No. 71" in finding.facts["consequence_citation"]
    assert finding.facts["penalty_article"] == "Regulations 2024, art. 21"
    assert finding.enterprise == firm.uscc
    assert "0.000001 t REO" in finding.message


def test_qta001_group_quota_is_summed_over_its_enterprises() -> None:
    a = separator(1, group="Example Group")
    b = separator(5, group="Example Group")
    outsider = separator(6, group="Other Group")
    reports = [
        _output(a, produced(OXIDE, "60 t")),
        _output(b, produced(OXIDE, "40 t"), month="2025-10"),
        _output(outsider, produced(OXIDE, "500 t")),
    ]
    group_quota = allocation(2025, "100 t REO", holder="Example Group")
    other_quota = allocation(2025, "500 t REO", holder="Other Group")
    assert _qta(reports, group_quota, other_quota) == []
    reports.append(_output(b, produced(OXIDE, "0.5 t"), month="2025-11"))
    [finding] = check_year(
        full_year(reports, 2025), year=2025, allocations=[group_quota, other_quota]
    ).by_rule("QTA001")
    assert finding.facts["holder"] == "Example Group"
    assert finding.facts["holder_uscc"] is None
    assert sorted(finding.facts["enterprises"]) == sorted([a.uscc, b.uscc])
    assert finding.facts["excess_grams"] == 500_000


def test_qta001_sums_batches_and_running_totals() -> None:
    firm = separator(group="Example Group")
    reports = [_output(firm, produced(OXIDE, "120 t"))]
    first = allocation(2025, "50 t REO", batch=1)
    running = allocation(2025, "120 t REO", batch=2, basis="running_total")
    assert _qta(reports, first, running) == []
    increment = allocation(2025, "60 t REO", batch=2)  # 50 + 60 = 110 < 120
    assert _qta(reports, first, increment) == [("QTA001", Severity.VIOLATION)]


def test_qta001_counts_imported_feed_only_from_2025_07_28() -> None:
    firm = separator(group="Example Group")
    quota = allocation(2025, "10 t REO")
    before = [_output(firm, produced(OXIDE, "10 t")), _july(firm, DAY_BEFORE)]
    after = [_output(firm, produced(OXIDE, "10 t")), _july(firm, IN_FORCE)]
    assert _qta(before, quota) == []
    assert _qta(after, quota) == [("QTA001", Severity.VIOLATION)]


def _july(firm: Enterprise, day: date) -> FlowReport:
    return _output(firm, produced(OXIDE, "1 t", origin=IMPORTED, date=day), month="2025-07")


def test_qta001_mining_output_against_the_indicator_of_its_ore_type() -> None:
    # P17: 100 t REO of bastnaesite (rock-type) output against a rock-type part of 70 t:
    # an overrun the unused ion-adsorption part of 30 t does not hide.
    firm = miner(group="Example Group")
    reports = [_output(firm, produced(CONCENTRATE, "200 t", origin=None))]  # 100 t REO
    rock = allocation(2025, "70 t REO", activity="mining", ore_type="rock")
    ionic = allocation(2025, "30 t REO", activity="mining", ore_type="ion_adsorption")
    assert _qta(reports, rock, ionic) == [("QTA001", Severity.VIOLATION)]
    enough = allocation(2025, "100 t REO", activity="mining", ore_type="rock")
    assert _qta(reports, enough, ionic) == []
    unsplit = allocation(2025, "100 t REO", activity="mining")
    assert _qta(reports, unsplit) == []


def test_qta001_quota_of_another_year_does_not_cover() -> None:
    firm = separator(group="Example Group")
    reports = [_output(firm, produced(OXIDE, "1 t"))]
    assert _qta(reports, allocation(2024, "100 t REO")) == [("QTA002", Severity.UNDETERMINED)]


def test_qta001_output_outside_total_control_never_exceeds() -> None:
    scrap_recycler = recycler()
    smelter = metal_smelter()
    reports = [
        _output(scrap_recycler, produced(OXIDE, "50 t", origin="secondary")),
        _output(smelter, produced(PRND_METAL, "50 t", origin=None)),
    ]
    zero = allocation(2025, "0 t REO", holder="Example Group")
    assert _qta(reports, zero) == []


# --- QTA002: quota use undetermined ---------------------------------------------------------


def test_qta002_no_allocation_for_counted_output_is_undetermined() -> None:
    firm = separator()
    [finding] = check_year([_output(firm, produced(OXIDE, "1 t"))], year=2025).by_rule("QTA002")
    assert finding.severity is Severity.UNDETERMINED
    assert finding.facts["reason"] == "no indicator known"
    assert finding.enterprise == firm.uscc


def test_qta002_unknown_origin_is_undetermined_even_with_a_quota() -> None:
    firm = separator(group="Example Group")
    reports = [_output(firm, produced(OXIDE, "1 t", origin=None), produced(OXIDE, "1 t"))]
    found = check_year(
        full_year(reports, 2025), year=2025, allocations=[allocation(2025, "10 t REO")]
    )
    [finding] = found.by_rule("QTA002")
    assert finding.facts["reason"] == "feed origin not stated"
    assert finding.subject == "$.lines[0]"
    assert finding.report_id == reports[0].report_id
    assert not found.by_rule("QTA001")


def test_qta002_unknown_reo_content_is_undetermined() -> None:
    firm = separator(group="Example Group")
    reports = full_year([_output(firm, produced(UNKNOWN_REO_OXIDE, "1 t"))], 2025)
    found = check_year(reports, year=2025, allocations=[allocation(2025, "10 t REO")])
    assert [f.facts["reason"] for f in found.by_rule("QTA002")] == ["REO content unknown"]


# --- P23: a quota year needs every month ------------------------------------------------------


def _months_missing(found: Findings) -> list[Finding]:
    return [f for f in found.by_rule("QTA002") if f.facts["reason"] == "months missing"]


def test_p23_a_year_within_its_indicator_with_months_missing_is_undetermined() -> None:
    firm = separator(group="Example Group")
    given = [m for m in Month.range(Month(2025, 1), Month(2025, 12)) if m.month not in (3, 11, 12)]
    reports = [report(firm, month, [produced(OXIDE, "1 t")]) for month in given]
    found = check_year(reports, year=2025, allocations=[allocation(2025, "100 t REO")])
    [finding] = _months_missing(found)
    assert finding.severity is Severity.UNDETERMINED
    assert finding.facts["missing_months"] == {firm.uscc: ["2025-03", "2025-11", "2025-12"]}
    assert finding.facts["used"] == "9 t REO"
    assert "2025-03 and 2025-11 to 2025-12" in finding.message
    assert "cannot be decided (months missing)" in finding.message
    assert not found.by_rule("QTA001")
    # the whole year given: the same output is compliant
    whole = full_year(reports, 2025)
    assert check_year(whole, year=2025, allocations=[allocation(2025, "100 t REO")]).ok
    assert not _months_missing(
        check_year(whole, year=2025, allocations=[allocation(2025, "100 t REO")])
    )


def test_p23_the_months_given_above_the_indicator_are_a_violation_whatever_is_missing() -> None:
    firm = separator(group="Example Group")
    reports = [report(firm, "2025-02", [produced(OXIDE, "10.000001 t")])]
    found = check_year(reports, year=2025, allocations=[allocation(2025, "10 t REO")])
    [violation] = found.by_rule("QTA001")
    assert violation.facts["excess_grams"] == 1
    assert not _months_missing(found)
    at_the_indicator = [report(firm, "2025-02", [produced(OXIDE, "10 t")])]
    found = check_year(at_the_indicator, year=2025, allocations=[allocation(2025, "10 t REO")])
    assert not found.by_rule("QTA001")
    [undetermined] = _months_missing(found)
    assert undetermined.facts["missing_months"][firm.uscc][0] == "2025-01"
    assert len(undetermined.facts["missing_months"][firm.uscc]) == 11


def test_p23_months_not_yet_over_count_as_missing_whatever_through_says() -> None:
    # a check during the year: January to October given, through October. The indicator is
    # annual, so November and December are missing; the finding gives the output so far.
    firm = separator(group="Example Group")
    reports = [
        report(firm, month, [produced(OXIDE, "2 t")])
        for month in Month.range(Month(2026, 1), Month(2026, 10))
    ]
    found = check_year(
        reports, year=2026, allocations=[allocation(2026, "100 t REO")], through=Month(2026, 10)
    )
    [finding] = _months_missing(found)
    assert finding.facts["missing_months"] == {firm.uscc: ["2026-11", "2026-12"]}
    assert finding.facts["used"] == "20 t REO"
    assert not found.by_rule("RPT002")  # the series checked is complete through October


def test_p23_every_member_of_a_group_needs_its_months_even_without_output() -> None:
    # P13: a separator of the group that reported no output still has the duty; a month it
    # has no report for may hide output. A metal smelter of the group has no quota duty.
    a = separator(1, group="Example Group")
    b = separator(5, group="Example Group")
    smelter = enterprise(Activity.METAL_SMELTING, serial=4, group="Example Group")
    reports = full_year([report(a, "2025-01", [produced(OXIDE, "1 t")])], 2025)
    reports += [report(b, "2025-01"), report(smelter, "2025-06")]
    found = check_year(reports, year=2025, allocations=[allocation(2025, "100 t REO")])
    [finding] = _months_missing(found)
    assert finding.facts["missing_months"] == {
        b.uscc: [str(m) for m in Month.range(Month(2025, 2), Month(2025, 12))]
    }
    assert b.uscc in finding.message


def test_p23_2024_needs_october_to_december_beside_the_stated_earlier_output() -> None:
    firm = separator(group="Example Group")
    earlier = PriorUse(year=2024, activity=SS, holder="Example Group", amount="50 t REO")
    quota = allocation(2024, "100 t REO")
    reports = [report(firm, "2024-10", [produced(OXIDE, "10 t")])]
    found = check_year(reports, year=2024, allocations=[quota], prior_use=[earlier])
    [finding] = found.by_rule("QTA002")
    assert finding.facts["reason"] == "months missing"
    assert finding.facts["missing_months"] == {firm.uscc: ["2024-11", "2024-12"]}
    assert finding.facts["used"] == "60 t REO"
    found = check_year(
        full_year(reports, 2024), year=2024, allocations=[quota], prior_use=[earlier]
    )
    assert found.ok
    assert not found.by_rule("QTA002")


def test_no_output_means_no_quota_finding() -> None:
    firm = separator()
    sales = [_output(firm, flow("sold", OXIDE, "5 t"))]
    assert _qta(sales) == []


def test_quota_use_of_2024_refuses_a_report_before_the_regulations() -> None:
    # P6, P14: a September 2024 report is not skipped or excluded silently: it raises.
    firm = separator()
    reports = [
        report(firm, "2024-09", [produced(OXIDE, "7 t")]),
        report(firm, "2024-10", [produced(OXIDE, "3 t")]),
    ]
    for year in (2024, 2025):
        with pytest.raises(NotInForceError, match="2024-09"):
            quota_use(reports, year=year, activity=SS)
    use = quota_use(reports[1:], year=2024, activity=SS).enterprises[firm.uscc]
    assert use.counted == Tonnage(3_000_000, MassBasis.REO)
    assert use.excluded == ()
