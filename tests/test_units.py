"""Tests for :mod:`rare_earth_regs.units`: exact tonnage, the REO dimension, conversions."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rare_earth_regs.exceptions import InvalidInputError, InvalidQuantityError
from rare_earth_regs.model.elements import Element, element_mass_to_reo, element_tonnage_to_reo
from rare_earth_regs.units import (
    MAX_GRAMS,
    MAX_TOTAL_GRAMS,
    Q_,
    MassBasis,
    Tonnage,
    get_registry,
    parse_reo_fraction,
    parse_tonnage,
    product_mass_to_reo,
)
from strategies import foreign_quantities

GROSS = MassBasis.GROSS
REO = MassBasis.REO
#: a registry of the caller's own, with float magnitudes
FOREIGN: pint.UnitRegistry[Any] = pint.UnitRegistry()


def grams(value: object) -> int:
    return parse_tonnage(value).grams


def exact_reo_grams(mass_grams: int, factor: Decimal) -> int:
    with localcontext() as context:
        context.prec = 200
        product = Decimal(mass_grams) * factor
        return int(product.to_integral_value(rounding=ROUND_HALF_EVEN))


# ------------------------------------------------------------------ parsing text


@pytest.mark.parametrize(
    ("text", "expected_grams", "basis"),
    [
        ("12.5 t", 12_500_000, GROSS),
        ("1 kg", 1_000, GROSS),
        ("1.5 kg", 1_500, GROSS),
        ("7 g", 7, GROSS),
        ("1 tonne", 1_000_000, GROSS),
        ("2 tonnes", 2_000_000, GROSS),
        ("1 kilogram", 1_000, GROSS),
        ("1 gram", 1, GROSS),
        ("3 吨", 3_000_000, GROSS),
        ("3吨", 3_000_000, GROSS),
        ("2 千克", 2_000, GROSS),
        ("2 公斤", 2_000, GROSS),
        ("5 克", 5, GROSS),
        ("3 吨 REO", 3_000_000, REO),
        ("2 公斤_REO", 2_000, REO),
        ("1 metric_ton REO", 1_000_000, REO),
        ("1 tonne_REO", 1_000_000, REO),
        ("1 metric_ton", 1_000_000, GROSS),
        ("12.5 t REO", 12_500_000, REO),
        ("3 t_REO", 3_000_000, REO),
        ("2 kg_REO", 2_000, REO),
        ("2 kg REO", 2_000, REO),
        ("5 g_REO", 5, REO),
        ("1 tREO", 1_000_000, REO),
        ("  2  kg  ", 2_000, GROSS),
        ("2kg", 2_000, GROSS),
        ("1E3 kg", 1_000_000, GROSS),
        ("+4 t", 4_000_000, GROSS),
        (".5 t", 500_000, GROSS),
        ("0 t", 0, GROSS),
        ("1.e3 g", 1_000, GROSS),
    ],
)
def test_parse_text_units(text: str, expected_grams: int, basis: MassBasis) -> None:
    result = parse_tonnage(text)
    assert result == Tonnage(expected_grams, basis)
    assert Tonnage.parse(text) == result


def test_tonnage_parse_accepts_a_tonnage_unchanged() -> None:
    tonnage = Tonnage(5, REO)
    assert parse_tonnage(tonnage) is tonnage
    assert Tonnage.parse(tonnage) is tonnage


def test_basis_requirement() -> None:
    assert parse_tonnage("3 t REO", basis=REO) == Tonnage(3_000_000, REO)
    assert parse_tonnage("3 t", basis=GROSS) == Tonnage(3_000_000, GROSS)
    with pytest.raises(InvalidQuantityError, match="REO mass") as info:
        parse_tonnage("3 t", basis=REO, field="amount")
    assert info.value.field == "amount"
    with pytest.raises(InvalidQuantityError, match="gross mass"):
        parse_tonnage("3 t REO", basis=GROSS)


# ------------------------------------------------------------- pint quantities


def test_quantities_of_our_registry() -> None:
    assert grams(Q_("12.5 t")) == 12_500_000
    assert parse_tonnage(Q_("12.5 t REO")) == Tonnage(12_500_000, REO)
    assert parse_tonnage(Q_(Decimal("0.5"), "kg_REO")) == Tonnage(500, REO)
    assert grams(Q_(3, "kg")) == 3_000
    assert grams(Q_("3 kg").to("t")) == 3_000


def test_q_reads_floats_through_repr() -> None:
    quantity = Q_(0.1, "t")
    assert quantity.magnitude == Decimal("0.1")
    assert grams(quantity) == 100_000


def test_quantities_of_a_separate_registry_with_float_magnitudes() -> None:
    assert grams(FOREIGN.Quantity(0.1, "t")) == 100_000
    assert grams(FOREIGN.Quantity(0.1, "kg")) == 100
    assert grams(FOREIGN.Quantity(1.5, "tonne")) == 1_500_000
    assert grams(FOREIGN.Quantity(7, "gram")) == 7
    # 0.1 + 0.2 is 0.30000000000000004 in binary: read through repr, it is 300000.00000000004 g
    assert grams(FOREIGN.Quantity(0.1 + 0.2, "t")) == 300_000
    assert grams(FOREIGN.Quantity(2.5e-6, "t")) == 2  # 2.5 g, halves to even


def test_a_separate_registry_converts_through_its_own_definitions() -> None:
    """Never re-read by name: a registry whose tonne is 2000 kg gives 2000 kg a tonne."""
    odd: pint.UnitRegistry[Any] = pint.UnitRegistry(cache_folder=None)
    odd.define("metric_ton = 2000 * kilogram = t = tonne")
    assert grams(odd.Quantity(1, "t")) == 2_000_000


def test_separate_registry_refusals() -> None:
    with pytest.raises(InvalidQuantityError):
        parse_tonnage(FOREIGN.Quantity(-1.0, "t"))
    with pytest.raises(InvalidQuantityError):
        parse_tonnage(FOREIGN.Quantity(float("nan"), "t"))
    with pytest.raises(InvalidQuantityError):
        parse_tonnage(FOREIGN.Quantity(float("inf"), "kg"))
    for unit, named in (("m", "meter"), ("lb", "pound"), ("mt", "millimetric_ton")):
        with pytest.raises(InvalidQuantityError, match=f"the unit '{named}' is not accepted"):
            parse_tonnage(FOREIGN.Quantity(1.0, unit))
    with pytest.raises(InvalidQuantityError, match="the unit 'ton' is ambiguous"):
        parse_tonnage(FOREIGN.Quantity(1, "ton"))
    # an REO unit of the caller's own making is not the library's REO
    own_reo: pint.UnitRegistry[Any] = pint.UnitRegistry(cache_folder=None)
    own_reo.define("t_REO = [reo_mass]")
    with pytest.raises(InvalidQuantityError, match="the unit 't_REO' is not accepted"):
        parse_tonnage(own_reo.Quantity(1, "t_REO"))


def test_float_read_via_repr_is_exact() -> None:
    assert grams(Q_(0.1, "t")) == 100_000
    assert Q_(0.1, "t") + Q_(0.2, "t") == Q_("0.3 t")


def test_decimal_arithmetic_is_exact() -> None:
    assert Q_("0.1 t") + Q_("0.2 t") == Q_("0.3 t")
    assert isinstance((Q_("0.1 t") + Q_("0.2 t")).magnitude, Decimal)


def test_gross_and_reo_quantities_do_not_mix() -> None:
    with pytest.raises(pint.DimensionalityError):
        Q_("1 t") + Q_("1 t_REO")
    with pytest.raises(pint.DimensionalityError):
        Q_("1 t REO").to("kg")


# --------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.5 g", 0),
        ("1.5 g", 2),
        ("2.5 g", 2),
        ("3.5 g", 4),
        ("0.49 g", 0),
        ("0.51 g", 1),
        ("0.0000005 t", 0),
        ("0.0000015 t", 2),
        ("0.0025 kg", 2),
        ("2.5 g REO", 2),
        ("1e-3 g", 0),
    ],
)
def test_rounding_to_the_gram_half_even(text: str, expected: int) -> None:
    assert grams(text) == expected


# ----------------------------------------------------------------- the maximum


def test_maximum_tonnage_boundary() -> None:
    assert MAX_GRAMS == 10**18
    assert grams(f"{10**12} t") == MAX_GRAMS
    assert parse_tonnage(f"{10**12} t REO") == Tonnage(MAX_GRAMS, REO)
    assert grams(f"{10**18} g") == MAX_GRAMS
    assert Tonnage(MAX_GRAMS).grams == MAX_GRAMS
    for text in (f"{10**12 + 1} t", "1000000000000.000001 t", f"{10**18 + 1} g", "1e999 t"):
        with pytest.raises(InvalidQuantityError, match="at most 1000000000000 t"):
            parse_tonnage(text)
    with pytest.raises(InvalidQuantityError):
        Tonnage(MAX_TOTAL_GRAMS + 1)


# -------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "text", ["1 ton", "1 tons", "2.5 ton", "16 mt", "16 MT", "16 Mt", "400 mt REO", "4 Mt_REO"]
)
def test_bare_ton_is_refused_as_ambiguous(text: str) -> None:
    with pytest.raises(InvalidQuantityError, match="ambiguous") as info:
        parse_tonnage(text)
    assert "'t'" in str(info.value)  # it says what to write instead


def test_ton_of_reo_is_refused() -> None:
    for text in ("3 ton REO", "3 tons REO", "3 ton_REO"):
        with pytest.raises(InvalidQuantityError):
            parse_tonnage(text)


@pytest.mark.parametrize(
    "value",
    [
        "12 m",
        "1 s",
        "3 m**2",
        "1 t**2",
        "1 kg/m",
        "5 dimensionless",
        "1 furlong",
        "1 notaunit",
        "1 t REO REO",
    ],
)
def test_wrong_dimension_or_unknown_unit(value: str) -> None:
    with pytest.raises(InvalidQuantityError) as info:
        parse_tonnage(value)
    assert info.value.field == "quantity"
    assert "mass" in info.value.accepted


def test_wrong_dimension_quantities() -> None:
    registry = get_registry()
    for quantity in (
        registry.Quantity("1 m"),
        registry.Quantity("2 s"),
        registry.Quantity(5),
        Q_("1 t") * Q_("1 t"),
        registry.Quantity("2 lb"),
        registry.Quantity("16 mt"),
    ):
        with pytest.raises(InvalidQuantityError):
            parse_tonnage(quantity)


@pytest.mark.parametrize(
    "value",
    [
        "-1 t",
        "-0.000001 t",
        "-5 kg_REO",
        "nan t",
        "NaN t",
        "inf t",
        "Infinity kg",
        "12",
        "12 ",
        "t",
        "",
        "   ",
        "1 2 t",
        "1,5 t",
        "1.2.3 t",
    ],
)
def test_negative_not_finite_or_missing_unit(value: str) -> None:
    with pytest.raises(InvalidQuantityError) as info:
        parse_tonnage(value, field="lines[3].quantity")
    assert info.value.field == "lines[3].quantity"
    assert str(info.value).startswith("lines[3].quantity: got ")


@pytest.mark.parametrize(
    "value",
    [12, 12.5, Decimal("12"), None, True, [], object(), b"12 t", Q_, type],
)
def test_non_quantities_are_refused(value: object) -> None:
    with pytest.raises(InvalidQuantityError):
        parse_tonnage(value)


def test_non_finite_and_negative_quantities() -> None:
    registry = get_registry()
    for magnitude in (Decimal("NaN"), Decimal("Infinity"), -1):
        quantity = registry.Quantity(magnitude, "t")
        with pytest.raises(InvalidQuantityError):
            parse_tonnage(quantity)


def test_too_many_digits_refused() -> None:
    with pytest.raises(InvalidQuantityError):
        parse_tonnage("1" * 50 + " g")
    with pytest.raises(InvalidQuantityError):
        parse_tonnage("0." + "1" * 60 + " t")


def test_quantity_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="expected a non-negative, finite mass"):
        parse_tonnage("-1 t")


# --------------------------------------------------------------------- Tonnage


def test_tonnage_constructor_checks() -> None:
    for bad in (-1, 1.0, True, "1", Decimal(1), MAX_TOTAL_GRAMS + 1):
        with pytest.raises(InvalidQuantityError) as info:
            Tonnage(bad)  # type: ignore[arg-type]
        assert info.value.field == "grams"
    assert Tonnage(1, "REO") == Tonnage(1, REO)  # type: ignore[arg-type]
    assert Tonnage(1, "gross") == Tonnage(1, GROSS)  # type: ignore[arg-type]
    with pytest.raises(InvalidQuantityError) as info:
        Tonnage(1, "oxide")  # type: ignore[arg-type]
    assert info.value.field == "basis"


def test_tonnage_properties() -> None:
    tonnage = Tonnage(12_500_000, REO)
    assert tonnage.is_reo
    assert not Tonnage(1).is_reo
    assert tonnage.tonnes == Decimal("12.5")
    assert Tonnage.zero() == Tonnage(0, GROSS)
    assert Tonnage.zero(REO) == Tonnage(0, REO)
    assert Tonnage.zero("REO") == Tonnage(0, REO)
    assert Tonnage.zero("gross") == Tonnage(0, GROSS)


def test_sum_of_tonnages() -> None:
    tonnages = [Tonnage(1, REO), Tonnage(2, REO), Tonnage(3, REO)]
    assert sum(tonnages) == Tonnage(6, REO)
    assert sum(tonnages, Tonnage.zero("REO")) == Tonnage(6, REO)
    assert sum([], Tonnage.zero("REO")) == Tonnage(0, REO)
    with pytest.raises(InvalidQuantityError, match="cannot combine"):
        sum([Tonnage(1), Tonnage(1, REO)])
    with pytest.raises(InvalidQuantityError, match="a Tonnage"):
        sum(tonnages, 5)


def test_tonnage_arithmetic_and_comparison_within_a_basis() -> None:
    a = parse_tonnage("12.5 t REO")
    b = parse_tonnage("500 kg_REO")
    assert a + b == parse_tonnage("13 t REO")
    assert a - b == parse_tonnage("12 t REO")
    assert b < a
    assert b <= a
    assert a > b
    assert a >= b
    same = parse_tonnage("12500 kg REO")
    assert a <= same
    assert a >= same
    assert not a < same
    assert not a > same
    assert sorted([a, b]) == [b, a]


def test_tonnage_subtraction_below_zero_is_refused() -> None:
    with pytest.raises(InvalidQuantityError, match="negative"):
        Tonnage(1) - Tonnage(2)


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
)
def test_tonnage_across_bases_raises(operation: Any) -> None:
    gross = Tonnage(1_000_000, GROSS)
    reo = Tonnage(1_000_000, REO)
    with pytest.raises(InvalidQuantityError, match="cannot combine"):
        operation(gross, reo)
    with pytest.raises(InvalidQuantityError, match="cannot combine"):
        operation(reo, gross)


def test_tonnage_with_non_tonnage_raises() -> None:
    with pytest.raises(InvalidQuantityError):
        Tonnage(1) + 1  # type: ignore[operator]
    with pytest.raises(InvalidQuantityError):
        Tonnage(1) < Q_("1 t")  # noqa: B015


def test_tonnage_equality_and_hash() -> None:
    assert Tonnage(5, REO) == Tonnage(5, REO)
    assert Tonnage(5, REO) != Tonnage(5, GROSS)
    assert hash(Tonnage(5, REO)) == hash(parse_tonnage("5 g_REO"))
    assert len({Tonnage(5), Tonnage(5), Tonnage(5, REO)}) == 2


@pytest.mark.parametrize(
    ("tonnage", "text"),
    [
        (Tonnage(254_000 * 10**6, REO), "254000 t REO"),
        (Tonnage(12_500_000), "12.5 t"),
        (Tonnage(1), "0.000001 t"),
        (Tonnage(0), "0 t"),
        (Tonnage(10**6), "1 t"),
        (Tonnage(10**7), "10 t"),
        (Tonnage(MAX_GRAMS), "1000000000000 t"),
        (Tonnage(1_230_000, REO), "1.23 t REO"),
        (Tonnage(100), "0.0001 t"),
    ],
)
def test_str_never_uses_exponent_form(tonnage: Tonnage, text: str) -> None:
    assert str(tonnage) == text


@pytest.mark.parametrize(
    ("tonnage", "unit"),
    [
        (Tonnage(1), "metric_ton"),
        (Tonnage(10**6), "metric_ton"),
        (Tonnage(12_500_000, REO), "t_REO"),
        (Tonnage(0, REO), "t_REO"),
    ],
)
def test_quantity_magnitudes_are_decimal(tonnage: Tonnage, unit: str) -> None:
    quantity = tonnage.quantity
    assert isinstance(quantity.magnitude, Decimal)
    assert str(quantity.units) == unit
    assert quantity.magnitude == Decimal(tonnage.grams) / 10**6
    assert parse_tonnage(quantity) == tonnage


# ------------------------------------------------------------------ conversions

CONVERTIBLE = [element for element in Element if element is not Element.Pm]


@pytest.mark.parametrize("element", CONVERTIBLE, ids=lambda element: element.symbol)
def test_element_mass_to_reo_uses_the_oxide_factor(element: Element) -> None:
    factor = element.oxide_factor
    assert factor is not None
    for mass in (0, 1, 2, 999_999, 10**6, 123_456_789, 10**15 + 7, MAX_GRAMS // 2):
        result = element_mass_to_reo(f"{mass} g", element)
        assert isinstance(result.magnitude, Decimal)
        assert str(result.units) == "t_REO"
        assert parse_tonnage(result) == Tonnage(exact_reo_grams(mass, factor), REO)
    # the designator may be a symbol, a name or an atomic number
    assert element_mass_to_reo("1 t", element.symbol) == element_mass_to_reo(
        "1 t", element.atomic_number
    )


@settings(max_examples=60, deadline=None)
@given(
    mass=st.integers(min_value=0, max_value=10**15),
    element=st.sampled_from(CONVERTIBLE),
)
def test_element_tonnage_to_reo_property(mass: int, element: Element) -> None:
    factor = element.oxide_factor
    assert factor is not None
    result = element_tonnage_to_reo(Tonnage(mass), element)
    assert result == Tonnage(exact_reo_grams(mass, factor), REO)
    assert result.grams >= mass  # every oxide is heavier than its metal


@pytest.mark.parametrize("designator", ["Pm", "promethium", 61, Element.Pm])
def test_promethium_is_refused(designator: object) -> None:
    with pytest.raises(InvalidQuantityError, match="Pm") as info:
        element_mass_to_reo("1 t", designator)  # type: ignore[arg-type]
    assert info.value.field == "element"
    assert info.value.value == "Pm"
    assert "P9" in str(info.value)


def test_element_mass_to_reo_refusals() -> None:
    with pytest.raises(InvalidQuantityError, match="gross mass"):
        element_mass_to_reo("1 t REO", "Nd")
    with pytest.raises(InvalidQuantityError, match="gross mass"):
        element_tonnage_to_reo(Tonnage(1, REO), "Nd")
    with pytest.raises(InvalidInputError):
        element_mass_to_reo("1 t", "Fe")


def test_product_mass_to_reo() -> None:
    assert product_mass_to_reo("10 t", "0.45") == Q_("4.5 t_REO")
    assert product_mass_to_reo("10 t", "45%") == Q_("4.5 t_REO")
    assert product_mass_to_reo("10 t", Decimal("0.45")) == Q_("4.5 t_REO")
    assert product_mass_to_reo("10 t", 1) == Q_("10 t_REO")
    assert product_mass_to_reo("10 t", "1") == Q_("10 t_REO")
    assert product_mass_to_reo("10 t", "100%") == Q_("10 t_REO")
    assert isinstance(product_mass_to_reo("10 t", "45%").magnitude, Decimal)
    # the result is rounded to the gram, halves to even
    assert parse_tonnage(product_mass_to_reo("1 g", "0.5")) == Tonnage(0, REO)
    assert parse_tonnage(product_mass_to_reo("3 g", "0.5")) == Tonnage(2, REO)
    assert parse_tonnage(product_mass_to_reo("5 g", "0.5")) == Tonnage(2, REO)


@pytest.mark.parametrize(
    "fraction",
    [0, "0", "0%", Decimal(0), "1.01", 2, "101%", "-0.1", "abc", "", "nan", "inf", True, None],
)
def test_product_mass_to_reo_refuses_bad_fractions(fraction: Any) -> None:
    with pytest.raises(InvalidQuantityError) as info:
        product_mass_to_reo("10 t", fraction)
    assert info.value.field == "reo_fraction"


def test_product_mass_to_reo_refuses_an_reo_quantity() -> None:
    with pytest.raises(InvalidQuantityError, match="gross mass"):
        product_mass_to_reo("10 t REO", "0.5")


def test_parse_reo_fraction() -> None:
    assert parse_reo_fraction("45%") == Decimal("0.45")
    assert parse_reo_fraction(" 0.45 ") == Decimal("0.45")
    assert parse_reo_fraction(0.45) == Decimal("0.45")
    assert parse_reo_fraction(1) == 1
    with pytest.raises(InvalidQuantityError) as info:
        parse_reo_fraction(float("nan"), field="products['x'].reo_fraction")
    assert info.value.field == "products['x'].reo_fraction"


# ------------------------------------------------------------------- the registry


def test_registry_is_one_and_defines_reo() -> None:
    registry = get_registry()
    assert registry is get_registry()
    assert dict(registry.Unit("t_REO").dimensionality) == {"[reo_mass]": 1}
    assert registry.Quantity(Decimal(1), "t_REO").to("kg_REO").magnitude == 1000
    assert Q_("1 t").units == registry.Unit("metric_ton")


def _run(code: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return completed.stdout.strip()


def test_importing_the_package_does_not_import_pint() -> None:
    output = _run(
        """
        import sys
        import rare_earth_regs
        from rare_earth_regs import Month, element, Tonnage
        Month.parse("2025-09"); element("Nd"); Tonnage(1)
        print("pint" in sys.modules, any(name.startswith("pint.") for name in sys.modules))
        """
    )
    assert output == "False False"


def test_registry_creation_is_thread_safe() -> None:
    output = _run(
        """
        import sys
        import threading
        from rare_earth_regs import get_registry
        assert "pint" not in sys.modules
        barrier = threading.Barrier(8)
        found = []
        def work():
            barrier.wait()
            found.append(id(get_registry()))
        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(len(found), len(set(found)))
        """
    )
    assert output == "8 1"


# ------------------------------------------------------------------ properties

tonnes_text = st.decimals(
    min_value=0, max_value=10**6, places=6, allow_nan=False, allow_infinity=False
)


@settings(max_examples=80, deadline=None)
@given(st.lists(tonnes_text, max_size=20))
def test_sums_are_exact(amounts: list[Decimal]) -> None:
    parsed = [parse_tonnage(f"{amount:f} t") for amount in amounts]
    total = sum((tonnage.grams for tonnage in parsed), 0)
    with localcontext() as context:
        context.prec = 100
        exact_sum = sum(amounts, Decimal(0))
    assert total == parse_tonnage(f"{exact_sum:f} t").grams
    accumulated = Tonnage.zero()
    for tonnage in parsed:
        accumulated = accumulated + tonnage
    assert accumulated.grams == total


@settings(max_examples=80, deadline=None)
@given(tonnes_text)
def test_unit_conversions_agree(amount: Decimal) -> None:
    expected = parse_tonnage(f"{amount:f} t")
    assert parse_tonnage(f"{amount * 1000:f} kg") == expected
    assert parse_tonnage(f"{amount * 10**6:f} g") == expected
    quantity = Q_(amount, "t")
    assert parse_tonnage(quantity) == expected
    assert parse_tonnage(quantity.to("kg")) == expected
    assert parse_tonnage(quantity.to("g")) == expected
    assert parse_tonnage(quantity.to("kg").to("t")) == expected
    assert parse_tonnage(f"{amount:f} t REO").grams == expected.grams


@settings(max_examples=100, deadline=None)
@given(
    grams_=st.one_of(
        st.integers(min_value=0, max_value=MAX_GRAMS),
        st.integers(min_value=0, max_value=10**7),
    ),
    basis=st.sampled_from(MassBasis),
)
def test_str_round_trips(grams_: int, basis: MassBasis) -> None:
    tonnage = Tonnage(grams_, basis)
    text = str(tonnage)
    number, _, unit = text.partition(" ")
    assert unit == ("t REO" if basis is REO else "t")
    assert number.replace(".", "", 1).isdigit()  # no exponent, no sign
    assert not ("." in number and number.endswith("0"))
    assert parse_tonnage(text) == tonnage
    assert parse_tonnage(tonnage.quantity) == tonnage


_CANONICAL_UNIT_TEXT = st.sampled_from(
    [
        *("t", "tonne", "tonnes", "metric_ton", "kg", "kilogram", "g", "gram"),
        *("t_REO", "kg_REO", "g_REO", "t REO", "kg REO", "g REO"),
    ]
)


@given(
    st.integers(min_value=0, max_value=10**13 - 1),
    st.text("0123456789", max_size=8),
    _CANONICAL_UNIT_TEXT,
)
def test_canonical_text_reads_as_the_general_path_does(
    whole: int, fraction: str, unit: str
) -> None:
    # The canonical form is read in integers; the same text with a leading space takes
    # the general (Decimal) path. Both give the same Tonnage or the same refusal.
    text = f"{whole}.{fraction} {unit}" if fraction else f"{whole} {unit}"
    try:
        expected: object = parse_tonnage(" " + text)
    except InvalidQuantityError as error:
        expected = (error.field, error.accepted)
    try:
        result: object = parse_tonnage(text)
    except InvalidQuantityError as error:
        result = (error.field, error.accepted)
    assert result == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000000000000 t", Tonnage(MAX_GRAMS)),
        ("999999999999.999999 t", Tonnage(MAX_GRAMS - 1)),
        ("1000000000000.000001 t", None),
        ("9999999999999 t", None),
        ("1.0000004 g", Tonnage(1)),  # finer than a gram: the general path rounds it
        ("2.5 g", Tonnage(2)),  # half to even
    ],
)
def test_canonical_text_at_the_input_limit(text: str, expected: Tonnage | None) -> None:
    if expected is None:
        with pytest.raises(InvalidQuantityError, match="at most"):
            parse_tonnage(text)
    else:
        assert parse_tonnage(text) == expected


@settings(max_examples=100, deadline=None)
@given(foreign_quantities())
def test_a_quantity_of_another_registry_is_converted_or_refused_by_its_unit(
    quantity: Any,
) -> None:
    unit = str(quantity.units)
    if unit not in {"metric_ton", "kilogram", "gram"}:
        with pytest.raises(InvalidQuantityError, match=f"the unit '{unit}' is"):
            parse_tonnage(quantity)
        return
    grams_per_unit = quantity._REGISTRY.Quantity(1, quantity.units).to("gram").magnitude
    exact = Decimal(repr(quantity.magnitude)) * Decimal(repr(grams_per_unit))
    expected = int(exact.to_integral_value(rounding=ROUND_HALF_EVEN))
    assert parse_tonnage(quantity).grams == expected
