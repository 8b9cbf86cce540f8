"""Tests for quota allocations (:mod:`rare_earth_regs.model.quotas`) and the national dataset
(:mod:`rare_earth_regs.data.quotas`): Regulations art. 10, Order No. 71 arts. 5-6, policy P7."""

from __future__ import annotations

import json
import pickle
import random
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib.resources import files
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

import rare_earth_regs.data.quotas as dataset_module
from rare_earth_regs.data.quotas import (
    NationalQuotaYear,
    QuotaFigures,
    national_quota,
    national_quota_record,
    national_quota_years,
    published_allocations,
)
from rare_earth_regs.exceptions import (
    InvalidInputError,
    InvalidPeriodError,
    InvalidQuantityError,
    InvalidUSCCError,
    NotInForceError,
    UndisclosedQuotaError,
    UnknownQuotaError,
)
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.quotas import (
    OreType,
    QuotaAllocation,
    QuotaBasis,
    QuotaKey,
    annual_total,
    annual_totals,
)
from rare_earth_regs.units import Q_, MassBasis, Tonnage

MINING = Activity.MINING
SS = Activity.SMELTING_SEPARATION
HOLDER = "Example Rare Earth Group"  # fictional
HOLDER_USCC = "91360700MA0RE0003" + stdnum_uscc.calc_check_digit("91360700MA0RE0003")


def reo(text: str) -> Tonnage:
    return Tonnage.parse(text, basis=MassBasis.REO)


def alloc(**overrides: Any) -> QuotaAllocation:
    fields: dict[str, Any] = {
        "year": 2024,
        "batch": 1,
        "activity": MINING,
        "holder": HOLDER,
        "amount": "100 t REO",
    }
    fields.update(overrides)
    return QuotaAllocation(**fields)


# --------------------------------------------------------------------------- enums


def test_ore_types_are_deposit_types() -> None:
    assert OreType("rock") is OreType.ROCK
    assert OreType("ion_adsorption") is OreType.ION_ADSORPTION
    assert {b.value for b in QuotaBasis} == {"increment", "running_total"}


# --------------------------------------------------------------------------- QuotaAllocation


def test_allocation_converts_its_fields() -> None:
    a = alloc(
        activity="mining",
        ore_type="ion_adsorption",
        holder=" Example Rare Earth Group ",
        holder_uscc=HOLDER_USCC.lower(),
        amount=Q_("10140 t_REO"),
        basis="running_total",
        source="Fictional notice",
        issued=date(2024, 2, 6),
    )
    assert a.activity is MINING
    assert a.ore_type is OreType.ION_ADSORPTION
    assert a.holder == HOLDER
    assert a.holder_uscc == HOLDER_USCC
    assert a.amount == Tonnage(10_140_000_000, MassBasis.REO)
    assert a.basis is QuotaBasis.RUNNING_TOTAL
    assert a.quantity == Q_("10140 t_REO")
    assert a.quantity.magnitude == Decimal(10140)
    assert str(a.quantity.units) == "t_REO"
    assert a.key == QuotaKey(2024, MINING, HOLDER, HOLDER_USCC, OreType.ION_ADSORPTION)


def test_allocation_defaults() -> None:
    a = alloc()
    assert a.ore_type is None
    assert a.holder_uscc is None
    assert a.basis is QuotaBasis.INCREMENT
    assert a.source == ""
    assert a.issued is None


def test_amount_accepts_text_quantity_and_tonnage_exactly() -> None:
    assert alloc(amount="94580 t REO").amount.grams == 94_580 * 10**6
    assert alloc(amount="0.000001 t REO").amount.grams == 1
    assert alloc(amount=Q_("1.5 kg_REO")).amount.grams == 1_500
    assert alloc(amount=reo("3 t REO")).amount == reo("3000 kg_REO")


@pytest.mark.parametrize(
    "amount", ["94580 t", Q_("10 t"), "-1 t REO", "94580", 94580, None, "lots", Tonnage(5)]
)
def test_amount_refuses_gross_mass_and_junk(amount: Any) -> None:
    with pytest.raises(InvalidQuantityError) as caught:
        alloc(amount=amount)
    assert caught.value.field == "amount"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("year", 1999, InvalidPeriodError),
        ("year", 2101, InvalidPeriodError),
        ("year", "2024", InvalidPeriodError),
        ("year", True, InvalidPeriodError),
        ("year", 2024.0, InvalidPeriodError),
        ("batch", 0, InvalidInputError),
        ("batch", -1, InvalidInputError),
        ("batch", "1", InvalidInputError),
        ("batch", True, InvalidInputError),
        ("activity", "metal_smelting", InvalidInputError),
        ("activity", Activity.EXPORT, InvalidInputError),
        ("activity", "dancing", InvalidInputError),
        ("activity", None, InvalidInputError),
        ("ore_type", "clay", InvalidInputError),
        ("ore_type", 1, InvalidInputError),
        ("holder", "", InvalidInputError),
        ("holder", None, InvalidInputError),
        ("holder_uscc", "123", InvalidUSCCError),
        ("holder_uscc", 5, InvalidUSCCError),
        ("basis", "cumulative", InvalidInputError),
        ("source", None, InvalidInputError),
        ("issued", "2024-02-06", InvalidPeriodError),
        ("issued", datetime(2024, 2, 6, tzinfo=UTC), InvalidPeriodError),
    ],
)
def test_allocation_junk_raises_library_errors(
    field: str, value: Any, error: type[InvalidInputError]
) -> None:
    with pytest.raises(error) as caught:
        alloc(**{field: value})
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("ore_type", list(OreType))
def test_ore_type_only_for_mining(ore_type: OreType) -> None:
    assert alloc(ore_type=ore_type).ore_type is ore_type
    with pytest.raises(InvalidInputError) as caught:
        alloc(activity=SS, ore_type=ore_type)
    assert caught.value.field == "ore_type"


def test_allocation_is_frozen_keyword_only_and_hashable() -> None:
    a = alloc()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.batch = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        QuotaAllocation(2024, 1, MINING, None, HOLDER)  # type: ignore[call-arg]
    assert {a, alloc()} == {a}


def test_allocation_does_not_judge_overruns() -> None:
    # an allocation far above any national figure is still valid data (P7: a rule's question)
    assert alloc(amount="1000000 t REO").amount.tonnes == Decimal(1_000_000)


def test_allocations_pickle() -> None:
    a = alloc(ore_type="rock", holder_uscc=HOLDER_USCC, issued=date(2024, 2, 6))
    assert pickle.loads(pickle.dumps(a)) == a
    key = a.key
    assert pickle.loads(pickle.dumps(key)) == key
    totals = annual_totals([a])
    assert pickle.loads(pickle.dumps(dict(totals))) == dict(totals)


# --------------------------------------------------------------------------- annual totals


def test_increments_add_up() -> None:
    batches = [
        alloc(batch=1, activity=SS, amount="97200 t REO"),
        alloc(batch=2, activity=SS, amount="104800 t REO"),
    ]
    totals = annual_totals(batches)
    assert totals == {QuotaKey(2024, SS, HOLDER, None, None): reo("202000 t REO")}


def test_running_total_replaces_the_earlier_batches() -> None:
    batches = [
        alloc(batch=1, amount="66000 t REO"),
        alloc(batch=2, amount="140000 t REO", basis=QuotaBasis.RUNNING_TOTAL),
    ]
    assert annual_total(batches, year=2024, activity=MINING) == reo("140000 t REO")


def test_running_total_in_first_batch_equals_an_increment() -> None:
    as_increment = annual_total([alloc(amount="5 t REO")], year=2024, activity=MINING)
    as_running = annual_total(
        [alloc(amount="5 t REO", basis="running_total")], year=2024, activity=MINING
    )
    assert as_increment == as_running == reo("5 t REO")


def test_mixed_bases_are_folded_in_batch_order() -> None:
    batches = [
        alloc(batch=1, amount="10 t REO"),  # total 10
        alloc(batch=2, amount="5 t REO"),  # total 15
        alloc(batch=3, amount="40 t REO", basis="running_total"),  # total 40
        alloc(batch=4, amount="2.000001 t REO"),  # total 42.000001
        alloc(batch=5, amount="42.000001 t REO", basis="running_total"),  # unchanged
        alloc(batch=6, amount="0.5 t REO"),  # total 42.500001
    ]
    expected = reo("42.500001 t REO")
    assert annual_total(batches, year=2024, activity=MINING) == expected
    for seed in range(20):
        shuffled = list(batches)
        random.Random(seed).shuffle(shuffled)
        total = annual_total(shuffled, year=2024, activity=MINING)
        assert total == expected
        assert total.grams == 42_500_001


def test_out_of_order_running_total_is_not_overridden_by_earlier_batch() -> None:
    # the running total of batch 2 comes first in the input: batch 1 is still "earlier"
    batches = [
        alloc(batch=3, amount="1 t REO"),
        alloc(batch=2, amount="150 t REO", basis="running_total"),
        alloc(batch=1, amount="100 t REO"),
    ]
    assert annual_total(batches, year=2024, activity=MINING) == reo("151 t REO")


def test_missing_batches_before_a_running_total() -> None:
    batches = [alloc(batch=3, amount="250 t REO", basis="running_total"), alloc(batch=1)]
    assert annual_total(batches, year=2024, activity=MINING) == reo("250 t REO")


def test_running_total_below_earlier_batches_is_refused() -> None:
    batches = [
        alloc(batch=1, amount="100 t REO"),
        alloc(batch=2, amount="99 t REO", basis="running_total"),
    ]
    with pytest.raises(InvalidInputError, match="below"):
        annual_totals(batches)


def test_duplicate_batch_is_refused() -> None:
    batches = [alloc(batch=1), alloc(batch=2), alloc(batch=1, amount="5 t REO")]
    with pytest.raises(InvalidInputError) as caught:
        annual_totals(batches)
    assert caught.value.field == "allocations"
    assert "batch 1" in str(caught.value)
    assert "twice" in str(caught.value)


def test_same_batch_number_in_different_keys_is_fine() -> None:
    batches = [
        alloc(ore_type="rock", amount="30280 t REO"),
        alloc(ore_type="ion_adsorption", amount="10140 t REO"),
        alloc(activity=SS, amount="38990 t REO"),
        alloc(holder="Other Group", amount="94580 t REO"),
        alloc(year=2023, amount="1 t REO"),
        alloc(holder_uscc=HOLDER_USCC, amount="2 t REO"),
    ]
    totals = annual_totals(batches)
    assert len(totals) == 6
    assert list(totals) == sorted(
        totals,
        key=lambda k: (
            k.year,
            k.activity.value,
            k.holder,
            k.holder_uscc or "",
            k.ore_type.value if k.ore_type else "",
        ),
    )


def test_annual_total_filters() -> None:
    batches = [
        alloc(ore_type="rock", amount="30280 t REO"),
        alloc(ore_type="ion_adsorption", amount="10140 t REO"),
        alloc(batch=2, ore_type="rock", amount="1 t REO"),
        alloc(holder="Other Group", ore_type="rock", amount="94580 t REO"),
        alloc(activity=SS, amount="38990 t REO"),
    ]
    assert annual_total(batches, year=2024, activity=MINING) == reo("135001 t REO")
    assert annual_total(batches, year=2024, activity="mining", holder=HOLDER) == reo("40421 t REO")
    assert annual_total(batches, year=2024, activity=MINING, ore_type="rock") == reo("124861 t REO")
    assert annual_total(
        batches, year=2024, activity=MINING, holder=HOLDER, ore_type=OreType.ION_ADSORPTION
    ) == reo("10140 t REO")
    assert annual_total(batches, year=2024, activity=SS) == reo("38990 t REO")


def test_annual_total_unknown_is_not_zero() -> None:
    batches = [alloc(ore_type="rock")]
    with pytest.raises(UnknownQuotaError, match="not zero"):
        annual_total(batches, year=2024, activity=MINING, ore_type="ion_adsorption")
    with pytest.raises(UnknownQuotaError):
        annual_total(batches, year=2023, activity=MINING)
    with pytest.raises(UnknownQuotaError):
        annual_total([], year=2024, activity=SS)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"year": "2024", "activity": MINING},
        {"year": 2024, "activity": "export"},
        {"year": 2024, "activity": MINING, "holder": ""},
        {"year": 2024, "activity": MINING, "ore_type": "clay"},
        {"year": 2024, "activity": SS, "ore_type": "rock"},
    ],
)
def test_annual_total_bad_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError):
        annual_total([alloc()], **kwargs)


@pytest.mark.parametrize("junk", [None, "allocations", 5, [None], [alloc(), "x"], {"a": 1}])
def test_annual_totals_refuses_junk(junk: Any) -> None:
    with pytest.raises(InvalidInputError):
        annual_totals(junk)


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**9),  # grams
            st.sampled_from(list(QuotaBasis)),
        ),
        min_size=1,
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
def test_annual_total_matches_a_reference_fold_to_the_gram(
    batches: list[tuple[int, QuotaBasis]], rng: random.Random
) -> None:
    # make running totals consistent: a running total is at least the total so far
    allocations = []
    running = 0
    for number, (extra, basis) in enumerate(batches, start=1):
        running += extra
        # an increment states the extra grams; a running total states the new total
        stated = extra if basis is QuotaBasis.INCREMENT else running
        allocations.append(alloc(batch=number, amount=Tonnage(stated, MassBasis.REO), basis=basis))
    rng.shuffle(allocations)
    assert annual_total(allocations, year=2024, activity=MINING).grams == running


# --------------------------------------------------------------------------- national dataset


def test_headline_national_figures() -> None:
    assert national_quota(2024, SS) == Q_("254000 t_REO")
    assert national_quota(2023, "smelting_separation") == Q_("243850 t_REO")
    assert national_quota(2022, MINING, OreType.ROCK) == Q_("190850 t_REO")
    assert national_quota(2022, "mining", "ion_adsorption") == Q_("19150 t_REO")
    assert national_quota(2017, MINING) == Q_("105000 t_REO")
    quantity = national_quota(2024, MINING)
    assert isinstance(quantity.magnitude, Decimal)
    assert str(quantity.units) == "t_REO"
    assert quantity.magnitude == 270000


EXPECTED_TOTALS = {
    # year: (mining, rock, ion, S&S); None where the sources give no figure
    2017: (105000, 87100, 17900, None),
    2018: (120000, 100850, 19150, 115000),
    2019: (132000, None, None, 127000),
    2020: (140000, 120850, 19150, 135000),
    2021: (168000, 148850, 19150, 162000),
    2022: (210000, 190850, 19150, 202000),
    2023: (255000, None, None, 243850),
    2024: (270000, None, None, 254000),
}


@pytest.mark.parametrize(("year", "expected"), sorted(EXPECTED_TOTALS.items()))
def test_every_national_figure(year: int, expected: tuple[int | None, ...]) -> None:
    asks: list[tuple[Activity, OreType | None]] = [
        (MINING, None),
        (MINING, OreType.ROCK),
        (MINING, OreType.ION_ADSORPTION),
        (SS, None),
    ]
    for (activity, ore_type), figure in zip(asks, expected, strict=True):
        if figure is None:
            with pytest.raises(UnknownQuotaError) as caught:
                national_quota(year, activity, ore_type)
            assert not isinstance(caught.value, UndisclosedQuotaError)
            assert str(year) in str(caught.value)
            assert "n/a" in str(caught.value)
        else:
            assert national_quota(year, activity, ore_type) == Q_(f"{figure} t_REO")


def test_mining_total_is_rock_plus_ion_where_both_published() -> None:
    checked = []
    for year in national_quota_years(disclosed_only=True):
        totals = national_quota_record(year).totals
        if totals.mining_rock is None or totals.mining_ion_adsorption is None:
            # an ore-type split is published whole or not at all
            assert totals.mining_rock is None
            assert totals.mining_ion_adsorption is None
            continue
        assert totals.mining == totals.mining_rock + totals.mining_ion_adsorption, year
        checked.append(year)
    assert checked == [2017, 2018, 2020, 2021, 2022]


def test_2019_batch_one_split_adds_up() -> None:
    batch = national_quota_record(2019).batches[0]
    assert batch.batch == 1
    figures = batch.figures
    assert figures.mining == Tonnage.parse("60000 t REO")
    assert figures.mining_rock is not None
    assert figures.mining_ion_adsorption is not None
    assert figures.mining == figures.mining_rock + figures.mining_ion_adsorption
    assert figures.smelting_separation is None


def _batch_allocations(record: NationalQuotaYear, activity: Activity) -> list[QuotaAllocation]:
    allocations = []
    for batch in record.batches:
        figure = batch.figures.get(activity)
        if figure is not None:
            allocations.append(
                QuotaAllocation(
                    year=record.year,
                    batch=batch.batch,
                    activity=activity,
                    holder="national total",
                    amount=figure,
                    basis=batch.basis,
                )
            )
    return allocations


@pytest.mark.parametrize("year", [2022, 2023, 2024])
@pytest.mark.parametrize("activity", [MINING, SS])
def test_batches_add_up_to_the_annual_total(year: int, activity: Activity) -> None:
    record = national_quota_record(year)
    assert record.all_batches_listed
    total = annual_total(_batch_allocations(record, activity), year=year, activity=activity)
    assert total.quantity == national_quota(year, activity)
    assert total == record.totals.get(activity)


def test_2023_had_three_batches() -> None:
    assert [b.batch for b in national_quota_record(2023).batches] == [1, 2, 3]


@pytest.mark.parametrize("activity", [MINING, SS])
def test_2020_batch_one_is_part_of_the_annual_total(activity: Activity) -> None:
    record = national_quota_record(2020)
    assert not record.all_batches_listed
    batch_one = record.batches[0]
    assert batch_one.batch == 1
    figure = batch_one.figures.get(activity)
    annual = record.totals.get(activity)
    assert figure is not None
    assert annual is not None
    assert Tonnage.zero(MassBasis.REO) < figure < annual
    assert figure.quantity == Q_({MINING: "66000 t_REO", SS: "63500 t_REO"}[activity])


def test_incomplete_years_have_batches_below_the_total() -> None:
    for year in national_quota_years(disclosed_only=True):
        record = national_quota_record(year)
        for activity in (MINING, SS):
            annual = record.totals.get(activity)
            batches = _batch_allocations(record, activity)
            if annual is None or not batches:
                continue
            listed = annual_total(batches, year=year, activity=activity)
            if record.all_batches_listed:
                assert listed == annual
            else:
                assert listed < annual


def test_2025_is_undisclosed_with_a_specific_message() -> None:
    for activity in (MINING, SS):
        with pytest.raises(UndisclosedQuotaError) as caught:
            national_quota(2025, activity)
        message = str(caught.value)
        assert "2025" in message
        assert "issued" in message
        assert "not published" in message
        assert "June 2025" in message
        assert isinstance(caught.value, UnknownQuotaError)
        assert isinstance(caught.value, NotInForceError)
        assert isinstance(caught.value, LookupError)
    with pytest.raises(UndisclosedQuotaError):
        national_quota(2025, MINING, "rock")
    record = national_quota_record(2025)
    assert not record.disclosed
    assert record.totals == QuotaFigures()
    assert record.batches == ()


@pytest.mark.parametrize("year", [2016, 2026, 1990, 0, -5, 10**6])
def test_years_outside_the_dataset_are_unknown(year: int) -> None:
    with pytest.raises(UnknownQuotaError) as caught:
        national_quota(year, MINING)
    assert not isinstance(caught.value, UndisclosedQuotaError)
    assert f"no national quota figures for {year}" in str(caught.value)
    assert "2017-2025" in str(caught.value)


def test_na_figures_are_unknown_never_zero() -> None:
    with pytest.raises(UnknownQuotaError, match="2019") as caught:
        national_quota(2019, MINING, OreType.ROCK)
    assert "132000 t REO" in str(caught.value)
    with pytest.raises(UnknownQuotaError, match="smelting and separation"):
        national_quota(2017, SS)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("2024", MINING), InvalidPeriodError),
        ((2024.0, MINING), InvalidPeriodError),
        ((True, MINING), InvalidPeriodError),
        ((None, MINING), InvalidPeriodError),
        ((2024, "metal_smelting"), InvalidInputError),
        ((2024, "dancing"), InvalidInputError),
        ((2024, None), InvalidInputError),
        ((2024, MINING, "clay"), InvalidInputError),
        ((2024, SS, "rock"), InvalidInputError),
        ((2024, SS, OreType.ION_ADSORPTION), InvalidInputError),
    ],
)
def test_national_quota_bad_arguments(args: tuple[Any, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        national_quota(*args)


def test_national_quota_years() -> None:
    assert national_quota_years() == tuple(range(2017, 2026))
    assert national_quota_years(disclosed_only=True) == tuple(range(2017, 2025))


def test_published_allocations_2024_batch_one() -> None:
    allocations = published_allocations(2024)
    assert allocations == published_allocations()
    assert published_allocations(2023) == ()
    with pytest.raises(InvalidPeriodError):
        published_allocations("2024")  # type: ignore[arg-type]
    for a in allocations:
        assert (a.year, a.batch, a.basis) == (2024, 1, QuotaBasis.INCREMENT)
        assert a.source
    totals = annual_totals(allocations)
    northern, group = "China Northern Rare Earth", "China Rare Earth Group"
    assert totals[QuotaKey(2024, MINING, northern, None, OreType.ROCK)] == reo("94580 t REO")
    assert totals[QuotaKey(2024, SS, northern, None, None)] == reo("88010 t REO")
    assert totals[QuotaKey(2024, MINING, group, None, OreType.ROCK)] == reo("30280 t REO")
    assert totals[QuotaKey(2024, MINING, group, None, OreType.ION_ADSORPTION)] == reo("10140 t REO")
    assert totals[QuotaKey(2024, SS, group, None, None)] == reo("38990 t REO")
    assert annual_total(allocations, year=2024, activity=MINING, holder=group) == reo("40420 t REO")


def test_2024_group_figures_add_up_to_the_national_batch() -> None:
    allocations = published_allocations(2024)
    batch_one = national_quota_record(2024).batches[0].figures
    assert annual_total(allocations, year=2024, activity=MINING) == batch_one.mining
    assert annual_total(allocations, year=2024, activity=SS) == batch_one.smelting_separation


def test_records_pickle_and_are_frozen() -> None:
    record = national_quota_record(2022)
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.year = 2000  # type: ignore[misc]
    for a in published_allocations():
        assert pickle.loads(pickle.dumps(a)) == a


def test_every_record_names_its_source() -> None:
    doc = dataset_module.__doc__ or ""
    for year in national_quota_years():
        record = national_quota_record(year)
        assert str(year) in record.source.title
        assert record.source.note
        for batch in record.batches:
            assert batch.source.title
    assert "Research:" in doc
    for phrase in ("MNR/MIIT", "Reuters", "Fastmarkets", "Project Blue", "June 2025"):
        assert phrase in doc


# --------------------------------------------------------------------------- raw data file


def _raw() -> dict[str, Any]:
    text = files("rare_earth_regs.data").joinpath("national_quotas.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _walk_numbers(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in _walk_numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _walk_numbers(item)]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [value]
    return []


def test_raw_file_has_integers_only_and_no_zero_figures() -> None:
    document = _raw()
    numbers = _walk_numbers(document)
    assert numbers
    assert all(type(n) is int for n in numbers)
    for year in document["years"]:
        for figure in year.get("totals", {}).values():
            assert figure > 0
        for batch in year.get("batches", []):
            assert all(f > 0 for f in batch["figures"].values())
    assert document["_about"]["unit"] == "t REO"


def test_raw_file_na_cells_are_absent() -> None:
    years = {entry["year"]: entry for entry in _raw()["years"]}
    assert "smelting_separation" not in years[2017]["totals"]
    assert "mining_rock" not in years[2019]["totals"]
    assert "totals" not in years[2025]
    assert years[2025]["disclosed"] is False


def test_module_table_matches_the_data() -> None:
    doc = dataset_module.__doc__ or ""
    for year, figures in EXPECTED_TOTALS.items():
        cells = [f"{f:,}" if f is not None else "n/a" for f in figures]
        row = next(line for line in doc.splitlines() if line.startswith(f"{year} "))
        assert row.split()[1:5] == cells, row


def test_loader_is_lazy_and_cached() -> None:
    dataset_module._dataset.cache_clear()
    assert dataset_module._dataset.cache_info().currsize == 0
    first = national_quota_record(2024)
    assert dataset_module._dataset.cache_info().currsize == 1
    assert national_quota_record(2024) is first


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(years="x"), "$.years"),
        (lambda d: d["years"][0].update(year="2017"), "$.years[0].year"),
        (lambda d: d["years"][0]["totals"].update(mining=-1), "$.years[0].totals.mining"),
        (
            lambda d: d["years"][0]["totals"].update(coal=1),
            "$.years[0].totals: unknown fields: coal",
        ),
        (lambda d: d["years"][0].update(source="nowhere"), "$.years[0].source"),
        (lambda d: d["years"].append(dict(d["years"][0])), "each year once"),
        (lambda d: d["years"][-1].update(totals={"mining": 1}), "undisclosed"),
        (lambda d: d["sources"][0].update(url=5), "$.sources[0].url"),
        (lambda d: d["years"][0].update(disclosed="yes"), "$.years[0].disclosed"),
    ],
)
def test_loader_refuses_a_malformed_dataset(mutate: Any, message: str) -> None:
    document = _raw()
    mutate(document)
    with pytest.raises(RuntimeError, match=message.replace("$", r"\$").replace("[", r"\[")):
        dataset_module._parse(document)


def test_loader_refuses_floats() -> None:
    with pytest.raises(RuntimeError, match="non-integer"):
        json.loads('{"a": 1.5}', parse_float=dataset_module._refuse_float)
