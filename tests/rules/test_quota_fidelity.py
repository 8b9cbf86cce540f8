"""Quota fidelity (issue 10): each tonne once (P11), ore types (P17), whole quota years and the
encoded range everywhere (P14, P6), one holder however the notices name it (P7).

Each class has boundary tests and a hypothesis property that would have caught it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rare_earth_regs.cli import main
from rare_earth_regs.distributed import check_files_dask
from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.model.activities import Activity, FeedstockOrigin, OreType
from rare_earth_regs.model.enterprises import Enterprise
from rare_earth_regs.model.products import Product, implied_ore_type, mineral_ore_types
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation, resolve_holders
from rare_earth_regs.model.reports import FlowLine, FlowReport, checked_line
from rare_earth_regs.periods import Month
from rare_earth_regs.rules import check_year, counts_against_quota, quota_use
from rare_earth_regs.rules.quotas import POSSIBLE_DOUBLE_COUNT, LineReason, LineRef
from rare_earth_regs.serialization import dumps_report
from rare_earth_regs.stream import StreamChecker, check_stream
from rare_earth_regs.units import MassBasis, Tonnage

from .builders import (
    CONCENTRATE,
    MONAZITE,
    OXIDE,
    allocation,
    flow,
    full_year,
    miner,
    produced,
    report,
    separator,
)

SS = Activity.SMELTING_SEPARATION
OWN = FeedstockOrigin.OWN_INTERMEDIATE
CHLORIDE = Product(
    name="Mixed RE chloride", product_class="compound", form="chloride", reo_fraction="0.5"
)
ION_CONCENTRATE = Product(
    name="Ion-adsorption concentrate", product_class="mineral_product", reo_fraction="0.9"
)
PLAIN_CONCENTRATE = Product(
    name="RE concentrate", product_class="mineral_product", reo_fraction="0.5"
)


def reo(text: str) -> Tonnage:
    return Tonnage.parse(text, basis=MassBasis.REO)


def findings(
    reports: list[FlowReport],
    *quota: QuotaAllocation,
    year: int = 2025,
    prior_use: tuple[PriorUse, ...] = (),
) -> list[Finding]:
    # a whole year (P23): the months without output are reports with no lines
    whole = full_year(reports, year)
    return list(
        check_year(whole, year=year, allocations=quota, prior_use=prior_use).by_rule(
            "QTA001", "QTA002"
        )
    )


def kinds(found: list[Finding]) -> list[tuple[str, str]]:
    return sorted((f.rule_id, f.severity.value) for f in found)


# =========================================================== P11: each tonne counted once


def _two_steps(oxide_origin: FeedstockOrigin | None, oxide: str = "40 t") -> FlowReport:
    # 100 t of chloride (50 t REO) from domestic concentrate; 80 t of it separated into oxide.
    return report(
        separator(),
        "2025-09",
        [
            produced(CHLORIDE, "100 t"),
            flow("consumed", CHLORIDE, "80 t"),
            produced(OXIDE, oxide, origin=oxide_origin),
        ],
        report_id="S-1",
    )


def test_own_intermediate_never_counts_against_a_quota() -> None:
    for day in (dt.date(2024, 10, 1), dt.date(2025, 7, 28), dt.date(2030, 1, 1)):
        assert counts_against_quota("smelting_separation", "own_intermediate", on=day) is False


def test_output_from_an_own_intermediate_is_listed_as_excluded_with_its_reason() -> None:
    entry = quota_use([_two_steps(OWN)], year=2025, activity=SS).enterprises[separator().uscc]
    assert entry.counted == reo("50 t REO")
    assert entry.excluded == (
        LineRef(
            "S-1",
            2,
            "made from the enterprise's own intermediate, counted when it was first "
            "produced (policy P11)",
            reo("40 t REO"),
            code=LineReason.OWN_INTERMEDIATE,
        ),
    )
    assert entry.undetermined == ()


def test_a_chain_equal_to_the_quota_is_compliant_and_one_gram_more_is_not() -> None:
    firm = separator()
    equal = allocation(2025, "50 t REO", holder=firm.name, holder_uscc=firm.uscc)
    assert findings([_two_steps(OWN)], equal) == []
    short = allocation(2025, "49.999999 t REO", holder=firm.name, holder_uscc=firm.uscc)
    assert kinds(findings([_two_steps(OWN)], short)) == [("QTA001", "violation")]


def test_a_second_step_not_marked_is_a_possible_double_count_naming_the_lines() -> None:
    firm = separator()
    quota = allocation(2025, "60 t REO", holder=firm.name, holder_uscc=firm.uscc)
    entry = quota_use([_two_steps(FeedstockOrigin.DOMESTIC_MINED)], year=2025, activity=SS)
    use = entry.enterprises[firm.uscc]
    assert use.counted == reo("50 t REO")  # the oxide is not counted a second time
    (doubt,) = use.undetermined
    assert (doubt.line_index, doubt.reason, doubt.lines) == (2, POSSIBLE_DOUBLE_COUNT, (0, 1))
    (found,) = findings([_two_steps(FeedstockOrigin.DOMESTIC_MINED)], quota)
    assert (found.rule_id, found.severity, found.subject) == (
        "QTA002",
        Severity.UNDETERMINED,
        "$.lines[2]",
    )
    assert found.facts["lines"] == [0, 1]
    assert "undetermined (possible double count)" in found.message
    assert "Mixed RE chloride is produced (line 0) and consumed (line 1)" in found.message
    assert "own_intermediate" in found.message


def test_no_double_count_doubt_without_a_compound_produced_and_consumed() -> None:
    firm = separator()
    bought_then_used = report(
        firm,
        "2025-09",
        [flow("consumed", CHLORIDE, "80 t"), produced(OXIDE, "40 t")],
    )
    not_used = report(firm, "2025-10", [produced(CHLORIDE, "100 t"), produced(OXIDE, "40 t")])
    use = quota_use([bought_then_used, not_used], year=2025, activity=SS)
    assert use.enterprises[firm.uscc].counted == reo("130 t REO")
    assert use.enterprises[firm.uscc].undetermined == ()


def test_no_double_count_doubt_when_the_feed_consumed_is_a_mineral_product() -> None:
    firm = separator()
    month = report(
        firm,
        "2025-09",
        [
            flow("consumed", PLAIN_CONCENTRATE, "200 t"),
            produced(CHLORIDE, "100 t"),
            produced(OXIDE, "40 t"),
            flow("consumed", PLAIN_CONCENTRATE, "10 t"),
        ],
    )
    use = quota_use([month], year=2025, activity=SS).enterprises[firm.uscc]
    assert (use.counted, use.undetermined) == (reo("90 t REO"), ())
    assert [ref.line_index for ref in use.counted_lines] == [1, 2]


def test_an_integrated_chain_marked_own_intermediate_is_counted_once_without_doubt() -> None:
    # chloride from concentrate, separated into oxide, the oxide smelted into metal in-house
    firm = separator()
    metal = Product(name="PrNd metal", product_class="metal_or_alloy", reo_fraction="1")
    chain = report(
        firm,
        "2025-09",
        [
            produced(CHLORIDE, "100 t"),
            flow("consumed", CHLORIDE, "100 t"),
            produced(OXIDE, "50 t", origin=OWN),
            flow("consumed", OXIDE, "50 t"),
            produced(metal, "42 t", origin=OWN),
        ],
    )
    use = quota_use([chain], year=2025, activity=SS).enterprises[firm.uscc]
    assert (use.counted, use.undetermined) == (reo("50 t REO"), ())
    assert [ref.line_index for ref in use.excluded] == [2]


def test_the_intermediate_itself_is_counted_not_doubted() -> None:
    firm = separator()
    only_intermediate = report(
        firm, "2025-09", [produced(CHLORIDE, "100 t"), flow("consumed", CHLORIDE, "80 t")]
    )
    use = quota_use([only_intermediate], year=2025, activity=SS).enterprises[firm.uscc]
    assert (use.counted, use.undetermined) == (reo("50 t REO"), ())


@settings(max_examples=60, deadline=None)
@given(
    chloride=st.integers(1, 10**9),
    oxide=st.integers(1, 10**9),
    origin=st.sampled_from(
        [
            FeedstockOrigin.DOMESTIC_MINED,
            FeedstockOrigin.IMPORTED,
            FeedstockOrigin.OTHER_MINERALS,
            OWN,
        ]
    ),
)
def test_property_a_two_step_chain_is_never_counted_twice(
    chloride: int, oxide: int, origin: FeedstockOrigin
) -> None:
    # Whatever the oxide line says, the counted use is the first step's REO: the second step
    # is excluded (own_intermediate) or undetermined, never added silently.
    firm = separator()
    chain = report(
        firm,
        "2025-09",
        [
            produced(CHLORIDE, Tonnage(chloride)),
            flow("consumed", CHLORIDE, Tonnage(chloride)),
            produced(OXIDE, Tonnage(oxide), origin=origin),
        ],
    )
    use = quota_use([chain], year=2025, activity=SS).enterprises[firm.uscc]
    assert use.counted == CHLORIDE_REO(chloride)
    assert len(use.excluded) + len(use.undetermined) == 1


def CHLORIDE_REO(grams: int) -> Tonnage:  # noqa: N802 - reads as the quantity it names
    line = FlowLine(direction="produced", product=CHLORIDE, quantity=Tonnage(grams))
    content = line.reo_content()
    assert content is not None
    return content


# ====================================================================== P17: ore types


@pytest.mark.parametrize(
    ("name", "form", "expected"),
    [
        ("Bastnaesite concentrate", "concentrate", {OreType.ROCK}),
        ("BASTNÄSITE", "", {OreType.ROCK}),
        ("Monazite concentrate", "", {OreType.ROCK}),
        ("氟碳铈矿精矿", "", {OreType.ROCK}),
        ("独居石精矿", "", {OreType.ROCK}),
        ("Ion-adsorption concentrate", "", {OreType.ION_ADSORPTION}),
        ("RE concentrate", "ionic clay", {OreType.ION_ADSORPTION}),
        ("离子型稀土精矿", "", {OreType.ION_ADSORPTION}),
        ("Mixed bastnaesite and ion-adsorption", "", {OreType.ROCK, OreType.ION_ADSORPTION}),
        ("RE concentrate", "concentrate", set()),
    ],
)
def test_the_mineral_implies_the_ore_type(name: str, form: str, expected: set[OreType]) -> None:
    product = Product(name=name, product_class="mineral_product", form=form)
    assert mineral_ore_types(product) == expected
    assert implied_ore_type(product) == (next(iter(expected)) if len(expected) == 1 else None)


def test_a_compound_has_no_ore_type() -> None:
    assert mineral_ore_types(OXIDE) == frozenset()
    with pytest.raises(InvalidInputError, match="ore_type"):
        Product(name="Bastnaesite oxide", product_class="compound", ore_type="rock")
    with pytest.raises(InvalidInputError, match="ore_type"):
        FlowLine(direction="produced", product=OXIDE, quantity="1 t", ore_type="rock")
    with pytest.raises(InvalidInputError, match="ore_type"):
        checked_line(
            FlowLine(direction="produced", product=OXIDE, quantity="1 t").direction,
            OXIDE,
            Tonnage(1),
            None,
            None,
            None,
            None,
            None,
            None,
            OreType.ROCK,
        )


def _mined(*lines: FlowLine) -> list[FlowReport]:
    return [report(miner(group="Example Group"), "2025-09", lines)]


ROCK_70 = allocation(2025, "70 t REO", activity="mining", ore_type="rock")
ION_30 = allocation(2025, "30 t REO", activity="mining", ore_type="ion_adsorption")


def test_a_rock_overrun_is_not_hidden_by_an_unused_ion_adsorption_part() -> None:
    over = _mined(produced(CONCENTRATE, "140.000002 t", origin=None))  # 70.000001 t REO
    (found,) = findings(over, ROCK_70, ION_30)
    assert found.rule_id == "QTA001"
    assert found.facts["ore_type"] == "rock"
    assert found.facts["excess"] == "0.000001 t REO"
    assert "mining output of rock-type ore" in found.message
    assert findings(_mined(produced(CONCENTRATE, "140 t", origin=None)), ROCK_70, ION_30) == []


def test_each_line_is_charged_to_its_own_ore_type() -> None:
    lines = (
        produced(MONAZITE, "100 t", origin=None),  # 60 t REO rock
        produced(ION_CONCENTRATE, "40 t", origin=None),  # 36 t REO ion-adsorption
        produced(PLAIN_CONCENTRATE, "20 t", origin=None, ore_type="ion_adsorption"),  # 10 t REO
    )
    use = quota_use(_mined(*lines), year=2025, activity="mining")
    entry = use.enterprises[miner().uscc]
    assert entry.by_ore_type == {
        OreType.ROCK: reo("60 t REO"),
        OreType.ION_ADSORPTION: reo("46 t REO"),
    }
    (found,) = findings(_mined(*lines), ROCK_70, ION_30)
    assert (found.facts["ore_type"], found.facts["excess"]) == ("ion_adsorption", "16 t REO")


def test_unknown_ore_type_against_a_split_indicator_is_undetermined() -> None:
    lines = (produced(PLAIN_CONCENTRATE, "2 t", origin=None),)
    (found,) = findings(_mined(*lines), ROCK_70, ION_30)
    assert (found.rule_id, found.severity, found.subject) == (
        "QTA002",
        Severity.UNDETERMINED,
        "$.lines[0]",
    )
    assert found.facts["reason"] == "ore type unknown"
    assert "split by ore type (rock, ion_adsorption)" in found.message
    # Not split: all mining output against the whole indicator, nothing undetermined.
    assert findings(_mined(*lines), allocation(2025, "100 t REO", activity="mining")) == []


def test_a_line_and_its_product_that_disagree_leave_the_ore_type_unknown() -> None:
    lines = (produced(CONCENTRATE, "2 t", origin=None, ore_type="ion_adsorption"),)
    use = quota_use(_mined(*lines), year=2025, activity="mining").enterprises[miner().uscc]
    assert use.by_ore_type == {None: reo("1 t REO")}
    (ref,) = use.counted_lines
    assert ref.detail == "the line and its product give different ore types (ion_adsorption, rock)"
    assert kinds(findings(_mined(*lines), ROCK_70, ION_30)) == [("QTA002", "undetermined")]


def test_output_of_an_ore_type_with_no_part_is_undetermined() -> None:
    lines = (produced(ION_CONCENTRATE, "10 t", origin=None),)
    (found,) = findings(_mined(*lines), ROCK_70)
    assert (found.rule_id, found.facts["reason"], found.facts["ore_type"]) == (
        "QTA002",
        "no indicator known",
        "ion_adsorption",
    )


@settings(max_examples=60, deadline=None)
@given(
    rock=st.integers(0, 10**8),
    ion=st.integers(0, 10**8),
    rock_quota=st.integers(0, 10**8),
    ion_quota=st.integers(0, 10**8),
)
def test_property_each_part_of_a_split_indicator_is_compared_alone(
    rock: int, ion: int, rock_quota: int, ion_quota: int
) -> None:
    lines = [
        produced(MONAZITE, reo_grams(rock), origin=None),
        produced(ION_CONCENTRATE, reo_grams(ion), origin=None),
    ]
    quota = (
        allocation(2025, Tonnage(rock_quota, MassBasis.REO), activity="mining", ore_type="rock"),
        allocation(
            2025, Tonnage(ion_quota, MassBasis.REO), activity="mining", ore_type="ion_adsorption"
        ),
    )
    found = findings(_mined(*lines), *quota)
    over = {f.facts["ore_type"] for f in found if f.rule_id == "QTA001"}
    expected = {"rock"} if rock > rock_quota else set()
    expected |= {"ion_adsorption"} if ion > ion_quota else set()
    assert over == expected
    assert all(f.rule_id == "QTA001" for f in found)


def reo_grams(grams: int) -> Tonnage:
    return Tonnage(grams, MassBasis.REO)


# ============================================= P14 and P6: whole years, the encoded range


def _quarter(firm: Enterprise, tonnes: str = "30 t") -> list[FlowReport]:
    return [report(firm, "2024-11", [produced(OXIDE, tonnes)])]


def test_2024_output_from_october_within_the_indicator_is_a_partial_year() -> None:
    firm = separator()
    quota = allocation(2024, "100 t REO", holder=firm.name, holder_uscc=firm.uscc)
    (found,) = findings(_quarter(firm), quota, year=2024)
    assert (found.rule_id, found.severity, found.facts["reason"]) == (
        "QTA002",
        Severity.UNDETERMINED,
        "partial year",
    )
    assert "partial year" in found.message
    assert "prior_use" in found.message
    assert found.enterprise == firm.uscc


def test_2024_with_the_earlier_output_stated_equal_is_compliant_one_gram_more_is_not() -> None:
    firm = separator()
    quota = allocation(2024, "100 t REO", holder=firm.name, holder_uscc=firm.uscc)
    equal = PriorUse(year=2024, activity=SS, holder=firm.name, amount="70 t REO")
    assert findings(_quarter(firm), quota, year=2024, prior_use=(equal,)) == []
    over = PriorUse(year=2024, activity=SS, holder=firm.name, amount="70.000001 t REO")
    (found,) = findings(_quarter(firm), quota, year=2024, prior_use=(over,))
    assert (found.rule_id, found.facts["excess"], found.facts["prior_use"]) == (
        "QTA001",
        "0.000001 t REO",
        "70.000001 t REO",
    )


def test_2024_output_from_october_alone_above_the_indicator_is_a_breach() -> None:
    firm = separator()
    quota = allocation(2024, "29.999999 t REO", holder=firm.name, holder_uscc=firm.uscc)
    (found,) = findings(_quarter(firm), quota, year=2024)
    assert (found.rule_id, found.facts["prior_use"], found.facts["counted_from"]) == (
        "QTA001",
        None,
        "2024-10-01",
    )
    assert "from 2024-10-01 alone" in found.message


def test_2025_is_a_whole_year_and_takes_no_prior_use() -> None:
    firm = separator()
    quota = allocation(2025, "100 t REO", holder=firm.name, holder_uscc=firm.uscc)
    assert findings([report(firm, "2025-11", [produced(OXIDE, "30 t")])], quota) == []
    stated = PriorUse(year=2025, activity=SS, holder=firm.name, amount="1 t REO")
    with pytest.raises(InvalidInputError, match=r"prior_use\[0\]\.year"):
        check_year([], year=2025, prior_use=[stated])
    with pytest.raises(InvalidInputError, match=r"prior_use\[0\]"):
        check_year([], year=2024, prior_use=["70 t REO"])  # type: ignore[list-item]


def test_prior_use_is_matched_to_the_holder_by_name_and_to_its_ore_type() -> None:
    firm = miner(group="Example Group")
    reports = [report(firm, "2024-12", [produced(CONCENTRATE, "20 t", origin=None)])]  # 10 t
    quota = (
        allocation(2024, "30 t REO", activity="mining", ore_type="rock"),
        allocation(2024, "5 t REO", activity="mining", ore_type="ion_adsorption"),
    )

    def stated(ore_type: str, amount: str) -> PriorUse:
        return PriorUse(
            year=2024, activity="mining", ore_type=ore_type, holder="example  GROUP", amount=amount
        )

    rock = stated("rock", "20 t REO")
    (found,) = findings(reports, *quota, year=2024, prior_use=(rock,))
    # the rock part is whole and within; the ion-adsorption part has no earlier output stated
    assert (found.rule_id, found.facts["reason"], found.facts["ore_type"]) == (
        "QTA002",
        "partial year",
        "ion_adsorption",
    )
    ion = stated("ion_adsorption", "0 t REO")
    assert findings(reports, *quota, year=2024, prior_use=(rock, ion)) == []
    over = stated("rock", "20.000001 t REO")
    (found,) = findings(reports, *quota, year=2024, prior_use=(over, ion))
    assert (found.rule_id, found.facts["ore_type"], found.facts["excess"]) == (
        "QTA001",
        "rock",
        "0.000001 t REO",
    )


@settings(max_examples=40, deadline=None)
@given(month=st.sampled_from([Month(2024, m) for m in range(1, 10)] + [Month(2023, 12)]))
def test_property_a_report_before_october_2024_is_refused_everywhere(month: Month) -> None:
    firm = separator()
    early = report(firm, month, [produced(OXIDE, "1 t")])
    later = report(firm, "2025-01", [produced(OXIDE, "1 t")])
    for year in (2024, 2025):
        with pytest.raises(NotInForceError, match=f"for {month}"):
            quota_use([later, early], year=year, activity=SS)
        with pytest.raises(NotInForceError, match=f"for {month}"):
            check_year([later, early], year=year)
    with pytest.raises(NotInForceError):
        list(check_stream([later, early], year=2025))
    checker = StreamChecker(year=2025)
    checker.add_digest(early)  # a digest made elsewhere is refused when the year is checked
    with pytest.raises(NotInForceError):
        checker.finish()


def test_the_stream_and_the_dask_recipe_take_the_stated_earlier_output(tmp_path: Path) -> None:
    firm = separator()
    quota = allocation(2024, "100 t REO", holder=firm.name, holder_uscc=firm.uscc)
    reports = full_year(_quarter(firm), 2024)
    for amount, expected in (("70 t REO", []), ("70.000001 t REO", [("QTA001", "violation")])):
        stated = [PriorUse(year=2024, activity=SS, holder=firm.name, amount=amount)]
        direct = check_year(reports, year=2024, allocations=[quota], prior_use=stated)
        *_, year_result = check_stream(reports, year=2024, allocations=[quota], prior_use=stated)
        assert year_result.findings == direct
        paths = _write(tmp_path, *reports)
        dask = check_files_dask(
            paths, year=2024, allocations=[quota], prior_use=stated, scheduler="synchronous"
        )
        assert kinds(list(dask.by_rule("QTA001", "QTA002"))) == expected
    with pytest.raises(InvalidInputError, match=r"prior_use\[0\]\.year"):
        StreamChecker(prior_use=[PriorUse(year=2025, activity=SS, holder="X", amount="1 t REO")])
    with pytest.raises(InvalidInputError, match="prior_use"):
        StreamChecker(year=2024, prior_use=5)  # type: ignore[arg-type]


def _write(tmp_path: Path, *reports: FlowReport) -> list[str]:
    paths = []
    for index, item in enumerate(reports):
        path = tmp_path / f"report-{index}.json"
        path.write_text(dumps_report(item), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_the_dask_recipe_refuses_a_report_before_october_2024(tmp_path: Path) -> None:
    firm = separator()
    paths = _write(
        tmp_path,
        report(firm, "2025-01", [produced(OXIDE, "1 t")]),
        report(firm, "2024-09", [produced(OXIDE, "1 t")]),
    )
    with pytest.raises(NotInForceError, match="2024-09"):
        check_files_dask(paths, year=2025, scheduler="synchronous")


def test_the_cli_refuses_a_report_before_october_2024_whatever_the_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    firm = separator()
    (path,) = _write(tmp_path, report(firm, "2024-09", [produced(OXIDE, "1 t")]))
    assert main(["check", "--year", "2025", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "2024-09" in lines[0]
    assert "Traceback" not in captured.err


# ============================================================= P7: one holder, any name


def test_a_name_only_notice_joins_the_uscc_notice_of_the_same_holder() -> None:
    firm = Enterprise(
        uscc=separator().uscc,
        name="Example Separation Co. (Baotou)",
        activities=["smelting_separation"],
    )
    reports = [report(firm, "2025-09", [produced(OXIDE, "100 t")])]
    by_uscc = allocation(
        2025, "60 t REO", holder="Example Separation Co.（Baotou）", holder_uscc=firm.uscc
    )
    by_name = allocation(2025, "40 t REO", holder="example separation co. (baotou)", batch=2)
    assert findings(reports, by_uscc, by_name) == []
    short = allocation(2025, "39.999999 t REO", holder="EXAMPLE SEPARATION CO. (BAOTOU)", batch=2)
    (found,) = findings(reports, by_uscc, short)
    assert (found.facts["holder_uscc"], found.facts["quota"]) == (firm.uscc, "99.999999 t REO")


def test_a_name_only_notice_matches_the_reporting_enterprise_of_that_name() -> None:
    firm = separator()
    reports = [report(firm, "2025-09", [produced(OXIDE, "100 t")])]
    by_uscc = allocation(
        2025, "60 t REO", holder="Example Separation Company", holder_uscc=firm.uscc
    )
    by_name = allocation(2025, "40 t REO", holder=firm.name, batch=2)
    assert findings(reports, by_uscc, by_name) == []


def test_a_running_total_in_a_notice_naming_the_holder_differently_replaces_the_first() -> None:
    firm = separator()
    reports = [report(firm, "2025-09", [produced(OXIDE, "100 t")])]
    first = allocation(2025, "60 t REO", holder=firm.name, holder_uscc=firm.uscc)
    total = allocation(2025, "99 t REO", holder=firm.name, batch=2, basis="running_total")
    (found,) = findings(reports, first, total)
    assert (found.facts["quota"], found.facts["excess"]) == ("99 t REO", "1 t REO")


def test_a_name_that_fits_two_holders_is_an_error_naming_both() -> None:
    one, two = separator(1), separator(2)
    entries = [
        allocation(2025, "1 t REO", holder="Example Co.", holder_uscc=one.uscc),
        allocation(2025, "1 t REO", holder="Example Co.", holder_uscc=two.uscc),
        allocation(2025, "1 t REO", holder="Example Co.", batch=2),
    ]
    with pytest.raises(InvalidInputError) as error:
        resolve_holders(entries)
    message = str(error.value)
    assert error.value.field == "allocations[2].holder"
    for part in (one.uscc, two.uscc, "allocations[0]", "allocations[1]"):
        assert part in message
    with pytest.raises(InvalidInputError, match="matches two holders"):
        check_year(
            [report(one, "2025-09", [produced(OXIDE, "1 t")])], year=2025, allocations=entries
        )


def test_two_reporting_enterprises_of_one_name_make_a_name_only_notice_ambiguous() -> None:
    one = Enterprise(uscc=separator(1).uscc, name="Example Co.", activities=["smelting_separation"])
    two = Enterprise(uscc=separator(2).uscc, name="Example Co.", activities=["smelting_separation"])
    reports = [report(firm, "2025-09", [produced(OXIDE, "1 t")]) for firm in (one, two)]
    quota = allocation(2025, "5 t REO", holder="Example Co.")
    with pytest.raises(InvalidInputError, match=r"the reporting enterprise 'Example Co\.'"):
        check_year(reports, year=2025, allocations=[quota])


def test_a_group_name_still_covers_its_members() -> None:
    reports = [
        report(separator(serial, group="Example Group"), "2025-09", [produced(OXIDE, "60 t")])
        for serial in (1, 2)
    ]
    (found,) = findings(reports, allocation(2025, "119 t REO", holder="Example  group"))
    assert found.facts["enterprises"] == [separator(1).uscc, separator(2).uscc]


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(st.integers(0, 10**7), min_size=1, max_size=5),
    named=st.lists(st.booleans(), min_size=5, max_size=5),
    output=st.integers(0, 5 * 10**7),
)
def test_property_however_the_notices_name_the_holder_its_total_is_compared(
    parts: list[int], named: list[bool], output: int
) -> None:
    firm = separator()
    reports = [report(firm, "2025-09", [produced(OXIDE, Tonnage(output))])]
    notices = [
        allocation(
            2025,
            Tonnage(grams, MassBasis.REO),
            holder=firm.name,
            holder_uscc=None if by_name and index else firm.uscc,
            batch=index + 1,
        )
        for index, (grams, by_name) in enumerate(zip(parts, named, strict=False))
    ]
    found = findings(reports, *notices)
    assert len(found) == (1 if output > sum(parts) else 0)
    assert all(f.facts["holder_uscc"] == firm.uscc for f in found)


def test_findings_are_json_ready() -> None:
    found = findings(
        [_two_steps(FeedstockOrigin.DOMESTIC_MINED)],
        allocation(2025, "1 t REO", holder=separator().name, holder_uscc=separator().uscc),
    )
    assert json.loads(json.dumps([f.facts for f in found], ensure_ascii=False))


@pytest.mark.parametrize(
    ("line", "zh_detail"),
    [
        (
            produced(PLAIN_CONCENTRATE, "2 t", origin=None),
            "该行和产品均未说明矿种，矿物也不能表明矿种",
        ),
        (
            produced(CONCENTRATE, "2 t", origin=None, ore_type="ion_adsorption"),
            "该行与其产品给出的矿种不同（ion_adsorption, rock）",
        ),
    ],
)
def test_unknown_ore_type_says_why_in_chinese(line: FlowLine, zh_detail: str) -> None:
    (found,) = findings(_mined(line), ROCK_70, ION_30)
    assert found.message_in("zh") == (
        "Example Mining Co. 2：Example Group 2025 年的稀土开采总量控制指标按矿种划分"
        "（rock, ion_adsorption），而这笔开采产出（1 t REO）的矿种未知："
        f"{zh_detail}；无法判定应计入哪一部分"
    )
