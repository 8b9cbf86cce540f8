"""Tests that kill mutants of :mod:`rare_earth_regs.units` (docs/testing.md, Mutation testing).

They pin what a caller relies on: every refusal names the field, the value as it was
received and the accepted form; precision limits sit exactly where the module says; the
registry is built correctly on first use; and conversions refuse an REO mass by the
value the caller passed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import pytest

from expect import assert_error, raised
from rare_earth_regs import units
from rare_earth_regs.exceptions import InvalidQuantityError
from rare_earth_regs.model.elements import element_mass_to_reo, element_tonnage_to_reo
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
    product_tonnage_to_reo,
)

GROSS = MassBasis.GROSS
REO = MassBasis.REO
ACCEPTED = "a non-negative, finite mass such as '12.5 t' or '3 t REO'"
FRACTION = "an REO fraction f with 0 < f <= 1, e.g. '0.45' or '45%'"


UNITS_ACCEPTED = (
    "a mass in t, tonne(s), metric_ton, kg, g, 吨, 千克, 公斤 or 克, with ' REO' for an REO "
    "mass, such as '12.5 t'"
)


def quantity_error(value: object, field: str = "quantity") -> InvalidQuantityError:
    return InvalidQuantityError(field=field, value=value, accepted=ACCEPTED)


def unit_error(value: object, unit: str, field: str = "quantity") -> InvalidQuantityError:
    """The refusal of a unit outside the allowlist."""
    return InvalidQuantityError(
        f"{field}: got {value!r}; the unit {unit!r} is not accepted: write 't' or 'kg' "
        "(accepted: t, tonne(s), metric_ton, kg, g, 吨, 千克, 公斤 or 克; add ' REO' for an "
        "REO mass)",
        field=field,
        value=value,
        accepted=UNITS_ACCEPTED,
    )


def ambiguous_error(
    value: object, unit: str, why: str, field: str = "quantity"
) -> InvalidQuantityError:
    return InvalidQuantityError(
        f"{field}: got {value!r}; the unit {unit!r} is ambiguous ({why}): write 't' for the "
        "metric tonne (吨)",
        field=field,
        value=value,
        accepted=UNITS_ACCEPTED,
    )


class _NumberLike:
    """A number type the library does not know, read through its text (like numpy scalars)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


class _LooksLikeAQuantity:
    """A class (not an instance) whose attributes look like a quantity's."""

    magnitude = 1
    units = "t"


# ---------------------------------------------------------------------------- registry


def test_the_first_call_builds_the_registry_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(units, "_registry", None)
    registry = get_registry()
    assert registry is not None
    assert get_registry() is registry
    assert units._registry is registry
    tenth: Any = registry.Quantity("0.1 t")  # with numpy installed pint types it generically
    assert isinstance(tenth.magnitude, Decimal)  # non_int_type=Decimal
    assert tenth.magnitude == Decimal("0.1")
    assert dict(registry.Unit("t_REO").dimensionality) == {"[reo_mass]": 1}
    assert registry.Quantity(Decimal(1), "t_REO").to("g_REO").magnitude == 10**6
    # quantities and units of the registry just built pickle into it
    import pickle

    three: Any = registry.Quantity(Decimal(3), "t_REO")
    again = pickle.loads(pickle.dumps(three))
    assert (again, again._REGISTRY) == (three, registry)
    assert pickle.loads(pickle.dumps(registry.Unit("kg"))) == registry.Unit("kg")


# ---------------------------------------------------------------------- Tonnage itself


@pytest.mark.parametrize("grams", [-1, MAX_TOTAL_GRAMS + 1, 1.0, "5"])
def test_a_bad_gram_count_is_named(grams: object) -> None:
    assert_error(
        InvalidQuantityError(
            field="grams",
            value=grams,
            accepted=f"a whole number of grams from 0 to {MAX_TOTAL_GRAMS}",
        ),
        lambda: Tonnage(grams),  # type: ignore[arg-type]
    )


def test_a_bad_basis_is_named() -> None:
    for bad in ("oxide", None, 1):
        assert_error(
            InvalidQuantityError(
                field="basis", value=bad, accepted="a MassBasis, 'gross' or 'REO'"
            ),
            lambda bad=bad: Tonnage(1, bad),  # type: ignore[misc]
        )
    assert_error(
        InvalidQuantityError(field="basis", value="t", accepted="a MassBasis, 'gross' or 'REO'"),
        lambda: Tonnage.zero("t"),
    )
    assert_error(
        InvalidQuantityError(field="basis", value="x", accepted="a MassBasis, 'gross' or 'REO'"),
        lambda: parse_tonnage("1 t", basis="x"),
    )


@pytest.mark.parametrize(
    ("text", "basis"),
    [("REO", REO), (" reo ", REO), ("Reo", REO), ("gross", GROSS), ("GROSS", GROSS)],
)
def test_a_basis_is_read_from_its_text(text: str, basis: MassBasis) -> None:
    assert MassBasis.parse(text) is basis
    assert Tonnage(1, text).basis is basis  # type: ignore[arg-type]
    assert Tonnage.zero(text) == Tonnage(0, basis)
    assert parse_tonnage("1 t REO" if basis is REO else "1 t", basis=text).basis is basis


def test_sum_returns_the_tonnage_itself_after_zero() -> None:
    tonnage = Tonnage(5, REO)
    assert 0 + tonnage is tonnage
    assert_error(
        InvalidQuantityError(field="other", value=1, accepted="a Tonnage"),
        lambda: 1 + tonnage,
    )
    assert_error(
        InvalidQuantityError(field="other", value=False, accepted="a Tonnage"),
        lambda: False + tonnage,
    )


def test_the_largest_tonnages_are_accepted() -> None:
    assert Tonnage(MAX_TOTAL_GRAMS).grams == MAX_TOTAL_GRAMS  # a sum may exceed the input max
    assert parse_tonnage("1000000000000 t").grams == MAX_GRAMS


def test_tonnage_parse_passes_its_field_and_basis_on() -> None:
    assert Tonnage.parse("3 t REO", basis=REO) == Tonnage(3_000_000, REO)
    assert_error(unit_error("3 heaps", "heaps"), lambda: Tonnage.parse("3 heaps"))
    assert_error(quantity_error("x", field="opening"), lambda: Tonnage.parse("x", field="opening"))
    assert_error(
        InvalidQuantityError(
            field="closing", value="1 t", accepted="an REO mass such as '3 t REO'"
        ),
        lambda: Tonnage.parse("1 t", field="closing", basis=REO),
    )
    assert_error(
        InvalidQuantityError(field="quantity", value="1 t REO", accepted="a gross mass"),
        lambda: Tonnage.parse("1 t REO", basis=GROSS),
    )


# ------------------------------------------------------------------- arithmetic errors


@pytest.mark.parametrize("other", [5, "1 t", None])
def test_arithmetic_with_a_non_tonnage_names_the_other_operand(other: object) -> None:
    expected = InvalidQuantityError(field="other", value=other, accepted="a Tonnage")
    assert_error(expected, lambda: Tonnage(1) + other)  # type: ignore[operator]
    assert_error(expected, lambda: Tonnage(1) < other)  # type: ignore[operator]


def test_mixing_bases_says_how_to_convert() -> None:
    expected = InvalidQuantityError(
        "cannot combine a gross tonnage with a REO tonnage; convert through an oxide factor "
        "or REO fraction first",
        field="basis",
        value=REO,
        accepted="a gross tonnage",
    )
    assert_error(expected, lambda: Tonnage(1) + Tonnage(1, REO))
    assert_error(expected, lambda: Tonnage(1) >= Tonnage(1, REO))


def test_subtracting_down_to_zero_is_allowed() -> None:
    assert Tonnage(5) - Tonnage(5) == Tonnage(0)
    assert Tonnage(5, REO) - Tonnage(4, REO) == Tonnage(1, REO)


def test_a_negative_difference_is_refused_with_both_operands() -> None:
    assert_error(
        InvalidQuantityError(
            "0.000001 t - 0.000002 t is negative; a tonnage cannot be negative",
            field="quantity",
            value=-1,
            accepted="a non-negative result",
        ),
        lambda: Tonnage(1) - Tonnage(2),
    )


# ------------------------------------------------------------------------ parsing text


@pytest.mark.parametrize(
    "text", ["", "t", "twelve t", "-0 t", "-0.5 t", "５ t", "\x001 t", "\t1 t", "\u30001 t"]
)
def test_unreadable_text_is_refused_as_written(text: str) -> None:
    assert_error(quantity_error(text, field="line"), lambda: parse_tonnage(text, field="line"))


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("1 m", "m"),
        ("2 s", "s"),
        ("3 furlong", "furlong"),
        ("2 lb", "lb"),
        ("2 lb REO", "lb REO"),
        ("5 ct", "ct"),
        ("5 dt", "dt"),
        ("1 mg", "mg"),
        ("1 T", "T"),
        ("1 KG", "KG"),
        ("1 t^2/t", "t^2/t"),
        ("1 t**2", "t**2"),
        ("12 percent t", "percent t"),
        ("1,5 t", ",5 t"),
        ("1_000 t", "_000 t"),
        ("1 t t2", "t t2"),
        ("3 t  REO", "t  REO"),
        ("3 t REO REO", "t REO REO"),
        ("1 t\x00", "t\x00"),
        ("1 t\tREO", "t\tREO"),
        ("1 short_ton", "short_ton"),
        ("1 Da", "Da"),
        ("1\x00 t", "\x00 t"),
        ("1 t\n", "t\n"),
        ("0x10 t", "x10 t"),
        ("1 t\u3000", "t\u3000"),
    ],
)
def test_a_unit_outside_the_allowlist_is_named(text: str, unit: str) -> None:
    assert_error(unit_error(text, unit, field="line"), lambda: parse_tonnage(text, field="line"))


def test_a_bare_number_says_to_write_a_unit() -> None:
    assert_error(
        InvalidQuantityError(
            "line: got '12'; no unit: write 't' or 'kg' after the number",
            field="line",
            value="12",
            accepted=UNITS_ACCEPTED,
        ),
        lambda: parse_tonnage("12", field="line"),
    )


TON = "the US short ton, the long ton or the metric tonne"


@pytest.mark.parametrize(
    ("text", "unit", "why"),
    [
        ("1 ton", "ton", TON),
        ("2 tons", "tons", TON),
        ("3 ton REO", "ton", TON),
        ("16 mt", "mt", "in trade the metric tonne, in SI the millitonne"),
        ("400 mt REO", "mt", "in trade the metric tonne, in SI the millitonne"),
        ("16 MT", "MT", "in trade the metric tonne, in SI the megatesla"),
        ("16 Mt", "Mt", "in trade the metric tonne, in SI the megatonne"),
        ("16 Mt_REO", "Mt", "in trade the metric tonne, in SI the megatonne"),
        ("16 MtREO", "Mt", "in trade the metric tonne, in SI the megatonne"),
    ],
)
def test_an_ambiguous_unit_is_refused_with_the_advice_to_write_t(
    text: str, unit: str, why: str
) -> None:
    assert_error(
        ambiguous_error(text, unit, why, field="amount"),
        lambda: parse_tonnage(text, field="amount"),
    )
    assert_error(ambiguous_error(text, unit, why), lambda: Q_(text))


@pytest.mark.parametrize("text", ["-1 t", "-0.5 kg_REO", "-2 lb"])
def test_a_negative_mass_is_refused_as_written(text: str) -> None:
    assert_error(quantity_error(text), lambda: parse_tonnage(text))


@pytest.mark.parametrize(
    "text", ["1000000000001 t", "1000000000000.000001 t", "2e18 g", "1e41 t", "1e999999999 kg"]
)
def test_a_mass_above_the_maximum_names_the_maximum(text: str) -> None:
    assert_error(
        InvalidQuantityError(
            field="quantity", value=text, accepted="a tonnage of at most 1000000000000 t"
        ),
        lambda: parse_tonnage(text),
    )


@pytest.mark.parametrize("text", ["1e99999999999999999999 t", "1e-99999999999999999999999 kg"])
def test_an_exponent_beyond_the_decimal_range_is_refused_as_written(text: str) -> None:
    # the pattern admits it; Decimal cannot hold it
    assert_error(quantity_error(text, field="line"), lambda: parse_tonnage(text, field="line"))


def test_exponents_within_the_maximum_are_read() -> None:
    assert parse_tonnage("1e12 t").grams == MAX_GRAMS
    assert parse_tonnage("1e15 kg REO") == Tonnage(MAX_GRAMS, REO)
    assert parse_tonnage("1000e-3 g").grams == 1


@pytest.mark.parametrize("text", ["1e-41 t", "1e-999999999 g", "4e-7 t"])
def test_a_mass_far_below_a_gram_is_zero(text: str) -> None:
    assert parse_tonnage(text) == Tonnage(0)


def test_forty_significant_digits_are_accepted_and_forty_one_refused() -> None:
    forty = "1.234567890123456789012345678901234567890 t"
    assert parse_tonnage(forty).grams == 1_234_568
    forty_one = "1.2345678901234567890123456789012345678901 t"
    assert_error(quantity_error(forty_one), lambda: parse_tonnage(forty_one))


@pytest.mark.parametrize(
    "text",
    [
        "0.00000349999999999999999999999999999 t",  # 3.49999999999999999999999999999 g
        "0.00349999999999999999999999999999 kg",
        "3.49999999999999999999999999999 g",
    ],
)
def test_no_digit_is_lost_before_the_rounding_to_the_gram(text: str) -> None:
    # 30 significant digits: rounding them to 28 first would give 3.5 g, then 4 g.
    assert parse_tonnage(text).grams == 3


# ------------------------------------------------------------------ parsing quantities


def test_a_quantity_with_a_fraction_magnitude_is_exact() -> None:
    assert parse_tonnage(Q_(Fraction(1, 2), "t")).grams == 500_000
    assert parse_tonnage(Q_(Fraction(3, 4), "kg")).grams == 750


def test_a_number_like_magnitude_is_read_through_its_text() -> None:
    registry: Any = get_registry()  # typed through numpy's stubs when numpy is installed
    value = registry.Quantity(_NumberLike("2.5"), "kg")
    assert parse_tonnage(value) == Tonnage(2_500)


def test_an_object_with_a_magnitude_and_a_unit_name_is_not_a_quantity() -> None:
    # a unit is never re-read by its name: only a pint Quantity carries its definitions
    value = SimpleNamespace(magnitude=1, units="t")
    assert_error(quantity_error(value), lambda: parse_tonnage(value))


@pytest.mark.parametrize(
    "value",
    [
        SimpleNamespace(magnitude=1),
        SimpleNamespace(units="t"),
        SimpleNamespace(magnitude=True, units="t"),
        SimpleNamespace(magnitude=_NumberLike("lots"), units="t"),
        SimpleNamespace(magnitude=object(), units="t"),
        SimpleNamespace(magnitude=Decimal("NaN"), units="t"),
        SimpleNamespace(magnitude=2, units="m"),
        _LooksLikeAQuantity,
    ],
)
def test_a_value_that_is_not_a_mass_quantity_is_refused_as_passed(value: object) -> None:
    assert_error(quantity_error(value, field="line"), lambda: parse_tonnage(value, field="line"))


def test_a_quantity_refusal_keeps_the_quantity_and_field() -> None:
    registry = get_registry()
    for quantity in (registry.Quantity(-1, "t"), registry.Quantity(Decimal("Infinity"), "kg")):
        assert_error(
            quantity_error(quantity, field="closing"),
            lambda q=quantity: parse_tonnage(q, field="closing"),  # type: ignore[misc]
        )
    metres = registry.Quantity(1, "m")
    assert_error(
        unit_error(metres, "meter", "closing"), lambda: parse_tonnage(metres, field="closing")
    )
    too_much = Q_(2 * 10**12, "t")
    assert_error(
        InvalidQuantityError(
            field="closing", value=too_much, accepted="a tonnage of at most 1000000000000 t"
        ),
        lambda: parse_tonnage(too_much, field="closing"),
    )


# ------------------------------------------------------------------------ REO conversion


def test_promethium_is_refused_with_the_reason() -> None:
    assert_error(
        InvalidQuantityError(
            "element: Pm has no standard atomic weight and so no REO factor (policy P9); "
            "state the REO content directly",
            field="element",
            value="Pm",
            accepted="an element with a standard atomic weight (any but Pm)",
        ),
        lambda: element_tonnage_to_reo(Tonnage(1), "Pm"),
    )


def test_tonnage_conversions_refuse_an_reo_mass() -> None:
    expected = InvalidQuantityError(field="quantity", value="1 t REO", accepted="a gross mass")
    assert_error(expected, lambda: element_tonnage_to_reo(Tonnage(10**6, REO), "Nd"))
    assert_error(expected, lambda: product_tonnage_to_reo(Tonnage(10**6, REO), Decimal("0.5")))


@pytest.mark.parametrize("fraction", ["0", "-0.5", "1.0001", "2"])
def test_product_tonnage_to_reo_refuses_a_fraction_outside_0_to_1(fraction: str) -> None:
    expected = InvalidQuantityError(
        field="reo_fraction", value=Decimal(fraction), accepted="a fraction f with 0 < f <= 1"
    )
    assert_error(expected, lambda: product_tonnage_to_reo(Tonnage(10**6), Decimal(fraction)))


@pytest.mark.parametrize(
    ("grams", "fraction", "reo_grams"),
    [(10**6, "1", 10**6), (10**6, "1.000", 10**6), (7, "0.5", 4), (5, "0.5", 2), (3, "0.999", 3)],
)
def test_product_tonnage_to_reo_equals_the_checked_constructor(
    grams: int, fraction: str, reo_grams: int
) -> None:
    # half to even: 3.5 g -> 4 g, 2.5 g -> 2 g; the fast constructor gives an equal Tonnage
    result = product_tonnage_to_reo(Tonnage(grams), Decimal(fraction))
    assert result == Tonnage(reo_grams, REO)
    assert (type(result.grams), result.basis) == (int, REO)


def test_mass_conversions_refuse_an_reo_quantity_as_passed() -> None:
    reo = Q_("1 t_REO")
    expected = InvalidQuantityError(field="quantity", value=reo, accepted="a gross mass")
    assert_error(expected, lambda: element_mass_to_reo(reo, "Nd"))
    assert_error(expected, lambda: product_mass_to_reo(reo, "0.5"))


@pytest.mark.parametrize("value", ["abc", "", "%", [0.5], None, True])
def test_an_unreadable_reo_fraction_is_refused_as_passed(value: object) -> None:
    assert_error(
        InvalidQuantityError(field="reo_fraction", value=value, accepted=FRACTION),
        lambda: parse_reo_fraction(value),
    )


@pytest.mark.parametrize("value", ["0", "0%", "101%", Decimal("1.0001"), "NaN", -1])
def test_an_reo_fraction_out_of_range_is_refused_as_passed(value: object) -> None:
    assert_error(
        InvalidQuantityError(field="feed.reo", value=value, accepted=FRACTION),
        lambda: parse_reo_fraction(value, field="feed.reo"),
    )


# ---------------------------------------------------------------------- decimal context


def test_tonnes_do_not_depend_on_the_callers_decimal_context() -> None:
    # Found by mutation testing (the context of _grams_to_tonnes' normalize); fixed with
    # the exact context on scaleb.
    tonnage = Tonnage(1_234_567)
    with localcontext() as context:
        context.prec = 3
        assert tonnage.tonnes == Decimal("1.234567")
        assert str(tonnage) == "1.234567 t"
        assert tonnage.quantity.magnitude == Decimal("1.234567")


# ------------------------------------------------------------------------------- Q_


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: Q_("12.5 t REO"), (Decimal("12.5"), "t_REO")),
        (lambda: Q_("1e3 kg"), (Decimal("1E+3"), "kilogram")),
        (lambda: Q_("3 吨"), (3, "metric_ton")),
        (lambda: Q_(" 2 克 REO "), (2, "g_REO")),
        (lambda: Q_(3, "公斤"), (3, "kilogram")),
        (lambda: Q_("0.5", "t REO"), (Decimal("0.5"), "t_REO")),
        (lambda: Q_(0.1, "t"), (Decimal("0.1"), "metric_ton")),
        (lambda: Q_(Fraction(1, 4), "g"), (Decimal("0.25"), "gram")),
        (lambda: Q_(Decimal("7"), " kg_REO "), (7, "kg_REO")),
    ],
)
def test_q_keeps_the_magnitude_as_written_in_an_accepted_unit(
    call: Callable[[], Any], expected: tuple[Decimal, str]
) -> None:
    quantity = call()
    assert (quantity.magnitude, str(quantity.units)) == expected
    assert quantity._REGISTRY is get_registry()


def test_q_refuses_an_unknown_unit_as_invalid_input() -> None:
    assert_error(unit_error("2 lb", "lb"), lambda: Q_("2 lb"))
    assert_error(unit_error("lb", "lb", field="units"), lambda: Q_(2, "lb"))
    assert_error(
        InvalidQuantityError(field="units", value=5, accepted=UNITS_ACCEPTED),
        lambda: Q_(2, 5),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("value", ["-1 t", "NaN t", "inf t", "-0 t", "", "t", "５ t"])
def test_q_refuses_bad_text_as_invalid_input(value: str) -> None:
    assert_error(quantity_error(value), lambda: Q_(value))


def test_q_refuses_a_value_without_a_unit() -> None:
    assert_error(
        InvalidQuantityError(
            field="quantity", value=5, accepted="text such as '12.5 t', or a unit"
        ),
        lambda: Q_(5),
    )


@pytest.mark.parametrize(
    "magnitude", [-1, Decimal("-0"), -0.0, float("nan"), float("inf"), Decimal("sNaN")]
)
def test_q_refuses_a_negative_or_not_finite_magnitude(magnitude: object) -> None:
    assert_error(quantity_error(magnitude), lambda: Q_(magnitude, "t"))


@pytest.mark.parametrize("magnitude", ["1,5", "-1", "1_000", "５", " 1", "0x10", "", "1 t"])
def test_q_refuses_magnitude_text_that_is_not_a_number(magnitude: str) -> None:
    assert_error(
        InvalidQuantityError(
            field="magnitude", value=magnitude, accepted="a decimal number such as '12.5'"
        ),
        lambda: Q_(magnitude, "t"),
    )
    huge = "1e99999999999999999999"
    assert_error(
        InvalidQuantityError(field="magnitude", value=huge, accepted=ACCEPTED),
        lambda: Q_(huge, "t"),
    )


@pytest.mark.parametrize("magnitude", [True, None, [1], object(), 1j])
def test_q_refuses_a_magnitude_that_is_not_a_number(magnitude: object) -> None:
    assert_error(
        InvalidQuantityError(
            field="magnitude",
            value=magnitude,
            accepted="a number (int, Decimal, float) or number text",
        ),
        lambda: Q_(magnitude, "t"),
    )


# ---------------------------------------------------- the allowlist, pinned exactly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("t", (6, GROSS)),
        ("tonnes", (6, GROSS)),
        ("吨", (6, GROSS)),
        ("公斤", (3, GROSS)),
        ("克", (0, GROSS)),
        ("kg REO", (3, REO)),
        ("kg_REO", (3, REO)),
        ("kgREO", (3, REO)),
        ("千克 REO", (3, REO)),
    ],
)
def test_read_unit_gives_the_power_of_ten_and_the_basis(
    text: str, expected: tuple[int, MassBasis]
) -> None:
    assert units.read_unit(text) == expected


def test_read_unit_names_the_text_when_no_original_is_given() -> None:
    assert_error(unit_error("lb", "lb", field="unit"), lambda: units.read_unit("lb"))
    assert_error(
        unit_error("2 lb", "lb", field="line"),
        lambda: units.read_unit("lb", field="line", original="2 lb"),
    )


@pytest.mark.parametrize(("text", "unit"), [("16 mtX", "mtX"), ("16 mt\tREO", "mt\tREO")])
def test_only_spaces_and_the_reo_suffix_are_taken_off_before_the_ambiguity_check(
    text: str, unit: str
) -> None:
    assert_error(unit_error(text, unit), lambda: parse_tonnage(text))


def test_a_long_unit_is_cut_to_forty_characters_in_the_message() -> None:
    text = "1 " + "x" * 60
    error = InvalidQuantityError(
        f"quantity: got {text!r}; the unit '{'x' * 36}... is not accepted: write 't' or 'kg' "
        "(accepted: t, tonne(s), metric_ton, kg, g, 吨, 千克, 公斤 or 克; add ' REO' for an "
        "REO mass)",
        field="quantity",
        value=text,
        accepted=UNITS_ACCEPTED,
    )
    assert_error(error, lambda: parse_tonnage(text))


def test_q_names_the_unit_as_it_was_passed() -> None:
    assert_error(unit_error(" lb ", "lb", field="units"), lambda: Q_(2, " lb "))


# ------------------------------------------------------------ quantities, pinned exactly


def test_a_quantity_class_is_not_a_quantity() -> None:
    cls = get_registry().Quantity
    assert_error(quantity_error(cls, field="closing"), lambda: parse_tonnage(cls, field="closing"))


def _any_registry() -> Any:
    """The library's registry, typed loosely: pint's stubs admit only number magnitudes."""
    return get_registry()


def _quantity_like(**magnitude: object) -> SimpleNamespace:
    """An object shaped like a Quantity of the library's registry (pint refuses these)."""
    registry = get_registry()
    return SimpleNamespace(_REGISTRY=registry, units=registry.Unit("t"), **magnitude)


@pytest.mark.parametrize(
    "make",
    [
        lambda: _any_registry().Quantity(_NumberLike("lots"), "t"),
        lambda: _any_registry().Quantity(object(), "t"),
        lambda: _quantity_like(magnitude=True),
        lambda: _quantity_like(magnitude=None),
        _quantity_like,
    ],
)
def test_a_quantity_with_a_magnitude_that_is_no_number_is_refused_as_passed(
    make: Callable[[], object],
) -> None:
    quantity = make()
    assert_error(
        quantity_error(quantity, field="closing"),
        lambda: parse_tonnage(quantity, field="closing"),
    )


def test_a_foreign_quantity_above_the_maximum_names_the_field() -> None:
    import pint

    foreign: Any = pint.UnitRegistry(cache_folder=None)
    quantity = foreign.Quantity(2e12, "t")
    assert_error(
        InvalidQuantityError(
            field="closing", value=quantity, accepted="a tonnage of at most 1000000000000 t"
        ),
        lambda: parse_tonnage(quantity, field="closing"),
    )
    metres = foreign.Quantity(1, "m")
    assert_error(
        unit_error(metres, "meter", field="closing"),
        lambda: parse_tonnage(metres, field="closing"),
    )


def test_a_foreign_tonne_that_is_not_a_mass_is_refused() -> None:
    import pint

    odd: Any = pint.UnitRegistry(None, cache_folder=None)  # no definitions but these
    odd.define("meter = [length] = m")
    odd.define("metric_ton = 1000 * meter = t")
    quantity = odd.Quantity(1, "t")
    assert_error(
        unit_error(quantity, "metric_ton", field="closing"),
        lambda: parse_tonnage(quantity, field="closing"),
    )


def test_a_foreign_registry_that_cannot_convert_to_its_gram_is_refused() -> None:
    import pint

    odd: Any = pint.UnitRegistry(None, cache_folder=None)  # a kilogram but no gram
    odd.define("kilogram = [mass] = kg")
    odd.define("metric_ton = 1000 * kilogram = t")
    quantity = odd.Quantity(1, "t")
    assert_error(
        unit_error(quantity, "metric_ton", field="closing"),
        lambda: parse_tonnage(quantity, field="closing"),
    )


def test_quantities_of_the_registry_pickle_into_it() -> None:
    import pickle

    for quantity in (Q_("3 t REO"), Q_("2 kg")):
        again = pickle.loads(pickle.dumps(quantity))
        assert again == quantity
        assert again._REGISTRY is get_registry()
    assert pickle.loads(pickle.dumps(Q_("3 t REO").units)) == Q_("1 t REO").units


# ------------------------------------------------------------ REO through a factor


def test_a_factor_of_one_and_above_is_applied_exactly() -> None:
    assert units.factor_tonnage_to_reo(Tonnage(7), Decimal(1)) == Tonnage(7, REO)
    assert units.factor_tonnage_to_reo(Tonnage(10), Decimal("1.25")) == Tonnage(12, REO)


@pytest.mark.parametrize("factor", [Decimal(0), Decimal(-1), Decimal("NaN"), Decimal("Infinity")])
def test_a_factor_that_is_not_positive_and_finite_is_refused(factor: Decimal) -> None:
    assert_error(
        InvalidQuantityError(field="factor", value=factor, accepted="a positive factor"),
        lambda: units.factor_tonnage_to_reo(Tonnage(1), factor),
    )


def test_a_factor_applies_to_a_gross_mass_only() -> None:
    assert_error(
        InvalidQuantityError(field="quantity", value="1 t REO", accepted="a gross mass"),
        lambda: units.factor_tonnage_to_reo(Tonnage(10**6, REO), Decimal(2)),
    )


def test_a_quantity_like_without_units_is_refused_as_passed() -> None:
    # a number and a registry but no unit: not a quantity (not an unknown unit "None")
    quantity = SimpleNamespace(_REGISTRY=get_registry(), units=None, magnitude=1)
    assert_error(
        quantity_error(quantity, field="closing"),
        lambda: parse_tonnage(quantity, field="closing"),
    )


def test_a_foreign_tonne_and_gram_that_are_not_masses_are_refused() -> None:
    import pint

    odd: Any = pint.UnitRegistry(None, cache_folder=None)  # its gram converts, but is a length
    odd.define("gram = [length] = g")
    odd.define("metric_ton = 1000000 * gram = t")
    quantity = odd.Quantity(1, "t")
    assert_error(
        unit_error(quantity, "metric_ton", field="closing"),
        lambda: parse_tonnage(quantity, field="closing"),
    )


@pytest.mark.parametrize("unit", ["\tt", "t\n", "tX", "Xt"])
def test_q_strips_spaces_only_from_the_unit(unit: str) -> None:
    error = raised(lambda: Q_(1, unit))
    assert (type(error), error.field, error.value) == (InvalidQuantityError, "units", unit)
    assert str(error) == (
        f"units: got {unit!r}; the unit {unit!r} is not accepted: write 't' or 'kg' (accepted: "
        "t, tonne(s), metric_ton, kg, g, 吨, 千克, 公斤 or 克; add ' REO' for an REO mass)"
    )
    assert Q_(1, " t ") == Q_(1, "t")
