"""Quota use as a caller reads it: headroom and share used at the boundaries, reasons as codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import rare_earth_regs
from expect import assert_error
from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.model.activities import Activity, OreType
from rare_earth_regs.model.quotas import PriorUse
from rare_earth_regs.rules import LineReason, check_year, holder_quota_use, quota_use
from rare_earth_regs.units import MassBasis, Tonnage

from .builders import CONCENTRATE, OXIDE, allocation, miner, produced, report, separator

REO = MassBasis.REO


def tonnes(text: str) -> Tonnage:
    return Tonnage.parse(text, basis=REO)


@pytest.mark.parametrize(
    ("output", "headroom", "excess", "share"),
    [
        ("60 t", "40 t REO", "0 t REO", Decimal("0.6")),
        ("100 t", "0 t REO", "0 t REO", Decimal(1)),  # equal: used up, compliant (P7)
        ("100.000001 t", "0 t REO", "0.000001 t REO", Decimal("1.00000001")),
        ("0 t", "100 t REO", "0 t REO", Decimal(0)),
    ],
)
def test_headroom_excess_and_share_used_at_the_boundaries(
    output: str, headroom: str, excess: str, share: Decimal
) -> None:
    firm = separator()
    reports = [report(firm, "2025-09", [produced(OXIDE, output)])]
    quota = allocation(2025, "100 t REO", holder=firm.name, holder_uscc=firm.uscc)
    (use,) = holder_quota_use(
        reports, year=2025, activity="smelting_separation", allocations=[quota]
    )
    assert (use.holder.name, use.holder.uscc, use.year) == (firm.name, firm.uscc, 2025)
    assert use.activity is Activity.SMELTING_SEPARATION
    assert use.members == (firm.uscc,)
    assert use.indicator == tonnes("100 t REO")
    assert use.used == use.counted == tonnes(output + " REO")
    assert use.prior_use is None
    assert (use.headroom, use.excess) == (tonnes(headroom), tonnes(excess))
    assert use.share_used == share
    # a holder over its indicator is exactly a QTA001 finding
    found = check_year(reports, year=2025, allocations=[quota]).by_rule("QTA001")
    assert len(found) == (1 if use.excess.grams else 0)


def test_an_indicator_of_zero_has_no_share() -> None:
    firm = separator()
    quota = allocation(2025, "0 t REO", holder=firm.name, holder_uscc=firm.uscc)
    (use,) = holder_quota_use([], year=2025, activity="smelting_separation", allocations=[quota])
    assert use.share_used is None
    assert use.headroom == use.excess == Tonnage.zero("REO")


def test_holder_quota_use_refuses_what_quota_use_refuses() -> None:
    with pytest.raises(InvalidInputError, match="year"):
        holder_quota_use([], year="2025", activity="mining", allocations=[])  # type: ignore[arg-type]
    with pytest.raises(NotInForceError):
        holder_quota_use([], year=2023, activity="mining", allocations=[])


def test_exclusions_carry_a_code_as_well_as_a_message() -> None:
    firm = separator()
    lines = [
        produced(OXIDE, "1 t", origin="imported", date=dt.date(2025, 7, 27)),  # not yet
        produced(OXIDE, "2 t", origin="secondary"),  # recovered from scrap
        produced(OXIDE, "3 t"),
    ]
    use = quota_use([report(firm, "2025-07", lines)], year=2025, activity="smelting_separation")
    entry = use.enterprises[firm.uscc]
    assert [(ref.line_index, ref.code) for ref in entry.excluded] == [
        (0, LineReason.FEED_NOT_YET_CONTROLLED),
        (1, LineReason.SECONDARY),
    ]
    assert all(ref.reason for ref in entry.excluded)  # the English message is kept
    assert [ref.code for ref in entry.counted_lines] == [LineReason.COUNTED]


def test_the_reason_codes_are_exported() -> None:
    assert rare_earth_regs.LineReason is LineReason
    assert "LineReason" in rare_earth_regs.__all__


def test_holder_quota_use_names_the_allocation_that_is_not_one() -> None:
    quota = allocation(2025, "100 t REO")
    assert_error(
        InvalidInputError(field="allocations[1]", value="100 t", accepted="a QuotaAllocation"),
        lambda: holder_quota_use(
            [],
            year=2025,
            activity="smelting_separation",
            allocations=[quota, "100 t"],  # type: ignore[list-item]
        ),
    )


def test_a_split_mining_indicator_gives_one_entry_per_ore_type() -> None:
    firm = miner(group="Example Group")
    reports = [report(firm, "2025-09", [produced(CONCENTRATE, "20 t", origin=None)])]  # rock
    rock = allocation(2025, "70 t REO", activity="mining", ore_type="rock")
    ion = allocation(2025, "30 t REO", activity="mining", ore_type="ion_adsorption")
    uses = holder_quota_use(reports, year=2025, activity="mining", allocations=[rock, ion])
    assert [(use.ore_type, use.indicator, use.counted, use.headroom) for use in uses] == [
        (OreType.ROCK, tonnes("70 t REO"), tonnes("10 t REO"), tonnes("60 t REO")),
        (OreType.ION_ADSORPTION, tonnes("30 t REO"), tonnes("0 t REO"), tonnes("30 t REO")),
    ]  # the ore types in their declared order
    whole = allocation(2025, "100 t REO", activity="mining")
    (use,) = holder_quota_use(reports, year=2025, activity="mining", allocations=[whole])
    assert (use.ore_type, use.counted) == (None, tonnes("10 t REO"))


def test_the_prior_use_of_2024_is_part_of_the_use() -> None:
    firm = separator()
    reports = [report(firm, "2024-11", [produced(OXIDE, "30 t")])]
    quota = allocation(2024, "100 t REO", holder=firm.name, holder_uscc=firm.uscc)
    before = PriorUse(
        year=2024, activity="smelting_separation", holder=firm.name, amount="70.000001 t REO"
    )
    (use,) = holder_quota_use(
        reports, year=2024, activity="smelting_separation", allocations=[quota], prior_use=[before]
    )
    assert (use.counted, use.prior_use, use.used) == (
        tonnes("30 t REO"),
        tonnes("70.000001 t REO"),
        tonnes("100.000001 t REO"),
    )
    assert (use.headroom, use.excess) == (tonnes("0 t REO"), tonnes("0.000001 t REO"))


def test_a_report_of_a_distant_year_does_not_hide_the_next() -> None:
    firm = separator()
    reports = [
        report(firm, "2027-03", [produced(OXIDE, "5 t")]),
        report(firm, "2025-09", [produced(OXIDE, "7 t")]),
    ]
    use = quota_use(reports, year=2025, activity="smelting_separation")
    assert use.enterprises[firm.uscc].counted == tonnes("7 t REO")
