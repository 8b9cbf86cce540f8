"""Exactness: quota comparisons to the gram, order-free sums, lossless JSON round trips.

* Output whose REO sums exactly to the indicator is never a QTA001 violation; one gram more
  always is (policy P7: equal is compliant, the comparison is exact to the gram).
* Sums and conversions do not depend on the order of lines or reports.
* ``loads_report(dumps_report(r)) == r`` for generated reports, from 1 g to the largest
  tonnage accepted; the same for allocations and designations.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections.abc import Sequence
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.enterprises import Designation, Enterprise, make_uscc
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import QuotaAllocation, QuotaBasis
from rare_earth_regs.model.reports import FlowDirection, FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules.checks import check_year
from rare_earth_regs.rules.quotas import quota_use
from rare_earth_regs.serialization import (
    dumps_allocations,
    dumps_designations,
    dumps_report,
    loads_allocations,
    loads_designations,
    loads_report,
    report_to_dict,
)
from rare_earth_regs.units import MAX_GRAMS, Q_, MassBasis, Tonnage, parse_tonnage
from strategies import designations, months, quota_allocations, reports, tonnage_text

EXACT = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: A fictional smelting-and-separation enterprise that holds its own indicator.
SEPARATOR = Enterprise(
    uscc=make_uscc("91360700MA0RE0901"),
    name="Exact Separation Co. (fictional)",
    activities=["smelting_separation"],
)
#: An oxide that is all REO, so a line's gross tonnage is its REO tonnage.
OXIDE = Product(
    name="Nd oxide", product_class=ProductClass.COMPOUND, elements=["Nd"], reo_fraction="1"
)
YEAR = 2025
#: Up to 40 lines of at most 10**11 g (100 000 t): sums stay far below MAX_GRAMS.
LINE_GRAMS = st.lists(
    st.integers(1, 10**11) | st.sampled_from((1, 2, 999_999, 1_000_001)), min_size=1, max_size=40
)
DAYS_2025 = st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))


def produced(grams: int, day: dt.date, *, reo_unit: bool = False) -> FlowLine:
    """A produced line of ``grams`` g of oxide from domestic mined feed, as exact tonne text."""
    text = tonnage_text(grams, MassBasis.REO if reo_unit else MassBasis.GROSS)
    return FlowLine(
        direction=FlowDirection.PRODUCED,
        product=OXIDE,
        quantity=text,
        origin=FeedstockOrigin.DOMESTIC_MINED,
        date=day,
    )


def monthly_reports(lines: Sequence[FlowLine]) -> list[FlowReport]:
    """One report per month that has lines, the lines in their given order."""
    by_month: dict[Month, list[FlowLine]] = {}
    for line in lines:
        assert line.date is not None
        by_month.setdefault(Month.of(line.date), []).append(line)
    return [
        FlowReport(enterprise=SEPARATOR, month=month, lines=found)
        for month, found in sorted(by_month.items())
    ]


def indicator(total_grams: int, batches: Sequence[int]) -> list[QuotaAllocation]:
    """Increments adding up to ``total_grams`` (cut at the ``batches`` points)."""
    cuts = sorted({min(cut, total_grams) for cut in batches} | {0, total_grams})
    return [
        QuotaAllocation(
            year=YEAR,
            batch=number,
            activity=Activity.SMELTING_SEPARATION,
            holder=SEPARATOR.name,
            holder_uscc=SEPARATOR.uscc,
            amount=tonnage_text(high - low, MassBasis.REO),
            basis=QuotaBasis.INCREMENT,
        )
        for number, (low, high) in enumerate(itertools.pairwise(cuts), start=1)
    ]


# --- the quota comparison is exact to the gram ----------------------------------------------


@EXACT
@given(
    grams=LINE_GRAMS,
    data=st.data(),
    cuts=st.lists(st.integers(0, 40 * 10**11), max_size=3),
)
def test_output_equal_to_the_indicator_is_never_a_violation(
    grams: list[int], data: st.DataObject, cuts: list[int]
) -> None:
    days = data.draw(st.lists(DAYS_2025, min_size=len(grams), max_size=len(grams)))
    reo_units = data.draw(st.lists(st.booleans(), min_size=len(grams), max_size=len(grams)))
    lines = [
        produced(g, day, reo_unit=reo) for g, day, reo in zip(grams, days, reo_units, strict=True)
    ]
    total = sum(grams)
    allocations = indicator(total, cuts)
    found = check_year(monthly_reports(lines), year=YEAR, allocations=allocations)
    assert not found.by_rule("QTA001")

    # one gram more, on any day of the year, is a violation by exactly one gram
    extra_day = data.draw(DAYS_2025)
    more = [*lines, produced(1, extra_day)]
    over = check_year(monthly_reports(more), year=YEAR, allocations=allocations).by_rule("QTA001")
    assert len(over) == 1
    assert over[0].facts["excess_grams"] == 1
    assert over[0].facts["used_grams"] == total + 1
    assert over[0].facts["quota_grams"] == total

    # and so is one gram more on an existing line
    index = data.draw(st.integers(0, len(lines) - 1))
    bumped = list(lines)
    bumped[index] = attrs.evolve(lines[index], quantity=Tonnage(grams[index] + 1))
    over = check_year(monthly_reports(bumped), year=YEAR, allocations=allocations)
    assert [f.facts["excess_grams"] for f in over.by_rule("QTA001")] == [1]


@pytest.mark.parametrize(
    "texts",
    [
        ("0.1 t", "0.2 t", "0.3 t REO"),
        ("0.000001 t", "0.000002 t", "0.000003 t REO"),
        ("333333.333333 t", "333333.333333 t", "333333.333334 t", "1000000 t REO"),
        ("99999999999.999999 t", "0.000001 t", "100000000000 t REO"),
    ],
)
def test_classic_float_traps_are_exact(texts: tuple[str, ...]) -> None:
    *line_texts, quota_text = texts
    day = dt.date(YEAR, 9, 3)
    lines = [
        FlowLine(
            direction="produced", product=OXIDE, quantity=text, origin="domestic_mined", date=day
        )
        for text in line_texts
    ]
    quota = QuotaAllocation(
        year=YEAR,
        batch=1,
        activity="smelting_separation",
        holder=SEPARATOR.name,
        holder_uscc=SEPARATOR.uscc,
        amount=quota_text,
    )
    found = check_year(monthly_reports(lines), year=YEAR, allocations=[quota])
    assert not found.by_rule("QTA001")
    assert quota_use(monthly_reports(lines), year=YEAR, activity="smelting_separation").total == (
        parse_tonnage(quota_text)
    )


# --- sums and conversions do not depend on the order ----------------------------------------


@EXACT
@given(grams=LINE_GRAMS, data=st.data())
def test_quota_use_does_not_depend_on_the_order(grams: list[int], data: st.DataObject) -> None:
    days = data.draw(st.lists(DAYS_2025, min_size=len(grams), max_size=len(grams)))
    origins = data.draw(
        st.lists(st.sampled_from(FeedstockOrigin), min_size=len(grams), max_size=len(grams))
    )
    lines = [
        attrs.evolve(produced(g, day), origin=origin)
        for g, day, origin in zip(grams, days, origins, strict=True)
    ]
    series = monthly_reports(lines)
    use = quota_use(series, year=YEAR, activity="smelting_separation")

    shuffled_lines = data.draw(st.permutations(lines))
    shuffled = data.draw(st.permutations(monthly_reports(shuffled_lines)))
    again = quota_use(shuffled, year=YEAR, activity=Activity.SMELTING_SEPARATION)
    assert again.total == use.total
    assert again.total_by_origin == use.total_by_origin
    assert again.total.grams == sum(
        g
        for g, day, origin in zip(grams, days, origins, strict=True)
        if origin is FeedstockOrigin.DOMESTIC_MINED
        or (
            origin in (FeedstockOrigin.IMPORTED, FeedstockOrigin.OTHER_MINERALS)
            and day >= dt.date(2025, 7, 28)
        )
    )


@EXACT
@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=30), st.randoms())
def test_tonnage_and_quantity_sums_are_exact_in_any_order(
    grams: list[int], rng: random.Random
) -> None:
    texts = [tonnage_text(g, MassBasis.GROSS, unit) for unit, g in enumerate(grams)]
    tonnages = [parse_tonnage(text) for text in texts]
    assert [t.grams for t in tonnages] == grams
    shuffled = list(tonnages)
    rng.shuffle(shuffled)
    total = sum(tonnages, Tonnage.zero())
    assert sum(shuffled, Tonnage.zero()) == total
    assert total.grams == sum(grams)

    quantities = [Q_(tonnage_text(g)) for g in grams]
    rng.shuffle(quantities)
    quantity_total = sum(quantities[1:], quantities[0])
    assert quantity_total == Q_(tonnage_text(sum(grams)))
    assert parse_tonnage(quantity_total) == total


@EXACT
@given(st.integers(0, MAX_GRAMS), st.sampled_from(MassBasis))
def test_every_unit_and_text_form_reads_the_same_grams(grams: int, basis: MassBasis) -> None:
    forms = {tonnage_text(grams, basis, unit) for unit in range(5)}
    found = {parse_tonnage(text) for text in forms}
    assert found == {Tonnage(grams, basis)}
    tonnage = Tonnage(grams, basis)
    assert parse_tonnage(str(tonnage)) == tonnage
    assert parse_tonnage(tonnage.quantity) == tonnage
    assert Decimal(grams).scaleb(-6) == tonnage.tonnes


# --- JSON round trips are lossless ----------------------------------------------------------

ROUND_TRIP_REPORTS = reports(months(1, 9998), max_lines=8, max_grams=MAX_GRAMS)


@settings(EXACT, max_examples=100)
@given(ROUND_TRIP_REPORTS, st.sampled_from((2, None, 0)))
def test_report_round_trip_is_lossless(report: FlowReport, indent: int | None) -> None:
    text = dumps_report(report, indent=indent)
    again = loads_report(text)
    assert again == report
    assert dumps_report(again, indent=indent) == text
    assert loads_report(text.encode("utf-8")) == report


@pytest.mark.parametrize(
    "quantity",
    [
        "0.000001 t",
        "999999999999.999999 t",
        "1000000000000 t",
        "0.000001 t REO",
        "999999999999.999999 t REO",
        "1 g",
        "0 t",
        "0.0000005 t",
        "12.5000 t",
    ],
)
def test_extreme_quantities_round_trip(quantity: str) -> None:
    line = FlowLine(direction="produced", product=OXIDE, quantity=quantity, origin="imported")
    # The smallest stated REO content the gross mass allows (P18: never above it).
    reo = None if line.quantity.is_reo else Tonnage(min(1, line.quantity.grams), MassBasis.REO)
    report = FlowReport(
        enterprise=SEPARATOR,
        month="2025-09",
        lines=[line, attrs.evolve(line, reo=reo, date=dt.date(2025, 9, 30))],
    )
    text = dumps_report(report)
    assert loads_report(text) == report
    assert json.loads(text)["lines"][0]["quantity"] == str(parse_tonnage(quantity))


@EXACT
@given(st.lists(quota_allocations(), max_size=6))
def test_allocations_round_trip_is_lossless(allocations: list[QuotaAllocation]) -> None:
    text = dumps_allocations(allocations)
    assert loads_allocations(text) == tuple(allocations)
    assert dumps_allocations(loads_allocations(text)) == text


@EXACT
@given(st.lists(designations(), max_size=6))
def test_designations_round_trip_is_lossless(found: list[Designation]) -> None:
    text = dumps_designations(found)
    register = loads_designations(text)
    assert list(register) == found
    assert dumps_designations(register) == text


def test_shared_products_are_written_once_and_come_back_shared() -> None:
    lines = [produced(g, dt.date(YEAR, 9, 1 + g)) for g in range(1, 6)]
    report = FlowReport(enterprise=SEPARATOR, month="2025-09", lines=lines)
    document = report_to_dict(report)
    assert list(document["products"]) == ["nd-oxide"]
    again = loads_report(json.dumps(document))
    assert again == report
    assert len({id(line.product) for line in again.lines}) == 1


def test_round_trip_of_fractional_seconds_with_a_sub_minute_offset() -> None:
    document = report_to_dict(
        FlowReport(enterprise=SEPARATOR, month="2025-09", lines=[produced(1, dt.date(2025, 9, 1))])
    )
    document["submitted_at"] = "2025-10-09T10:15:00.1+08:00:00.000001"
    report = loads_report(json.dumps(document))
    assert loads_report(dumps_report(report)) == report


def test_output_above_max_grams_is_still_compared_with_the_indicator() -> None:
    lines = [produced(10**18, dt.date(YEAR, 9, day)) for day in (1, 2)]
    allocations = indicator(10**18, [])
    over = check_year(monthly_reports(lines), year=YEAR, allocations=allocations)
    assert [f.facts["excess_grams"] for f in over.by_rule("QTA001")] == [10**18]
