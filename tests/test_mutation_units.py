"""Tests that kill mutants of :mod:`rare_earth_regs.units` (docs/testing.md, Mutation testing).

They pin what a caller relies on: every refusal names the field, the value as it was
received and the accepted form; precision limits sit exactly where the module says; the
registry is built correctly on first use; and conversions refuse an REO mass by the
value the caller passed.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from types import SimpleNamespace

import pytest

from expect import assert_error
from rare_earth_regs import units
from rare_earth_regs.exceptions import InvalidQuantityError
from rare_earth_regs.units import (
    MAX_GRAMS,
    MAX_TOTAL_GRAMS,
    Q_,
    MassBasis,
    Tonnage,
    element_mass_to_reo,
    element_tonnage_to_reo,
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


def quantity_error(value: object, field: str = "quantity") -> InvalidQuantityError:
    return InvalidQuantityError(field=field, value=value, accepted=ACCEPTED)


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
    tenth = registry.Quantity("0.1 t")
    assert isinstance(tenth.magnitude, Decimal)  # non_int_type=Decimal
    assert tenth.magnitude == Decimal("0.1")
    assert dict(registry.Unit("t_REO").dimensionality) == {"[reo_mass]": 1}
    assert registry.Quantity(Decimal(1), "t_REO").to("g_REO").magnitude == 10**6


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
    assert_error(
        InvalidQuantityError(field="basis", value="REO", accepted="a MassBasis"),
        lambda: Tonnage(1, "REO"),  # type: ignore[arg-type]
    )


def test_the_largest_tonnages_are_accepted() -> None:
    assert Tonnage(MAX_TOTAL_GRAMS).grams == MAX_TOTAL_GRAMS  # a sum may exceed the input max
    assert parse_tonnage("1000000000000 t").grams == MAX_GRAMS


def test_tonnage_parse_passes_its_field_and_basis_on() -> None:
    assert Tonnage.parse("3 t REO", basis=REO) == Tonnage(3_000_000, REO)
    assert_error(quantity_error("3 heaps"), lambda: Tonnage.parse("3 heaps"))
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


@pytest.mark.parametrize("text", ["", "t", "twelve t", "1,5 t", "1 t t2"])
def test_unreadable_text_is_refused_as_written(text: str) -> None:
    assert_error(quantity_error(text, field="line"), lambda: parse_tonnage(text, field="line"))


@pytest.mark.parametrize("text", ["1 m", "2 s", "3 furlong"])
def test_text_in_a_unit_that_is_not_a_mass_is_refused_as_written(text: str) -> None:
    assert_error(quantity_error(text, field="line"), lambda: parse_tonnage(text, field="line"))


def test_ton_is_refused_with_the_advice_to_write_t() -> None:
    assert_error(
        InvalidQuantityError(
            "amount: got '1 ton'; 'ton' is ambiguous (pint reads it as the US short ton): "
            "write 't' for the metric tonne (吨) or 'short_ton'",
            field="amount",
            value="1 ton",
            accepted=ACCEPTED,
        ),
        lambda: parse_tonnage("1 ton", field="amount"),
    )


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


def test_exponents_up_to_forty_are_read_in_any_mass_unit() -> None:
    # 1e40 daltons is about 1.7e16 g, well under the maximum: the overflow guard must not
    # refuse it.
    expected = Q_(Decimal(10) ** 40, "Da").to("g").magnitude
    assert parse_tonnage("1e40 Da").grams == int(expected.to_integral_value())


def test_a_large_count_of_a_tiny_unit_within_the_maximum_is_read() -> None:
    assert parse_tonnage("1e41 Da").grams == 166_053_906_892_000_000


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
    value = SimpleNamespace(magnitude=_NumberLike("2.5"), units="kg")
    assert parse_tonnage(value) == Tonnage(2_500)


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
    for quantity in (Q_(-1, "t"), Q_(Decimal("Infinity"), "kg"), Q_(1, "m")):
        assert_error(
            quantity_error(quantity, field="closing"),
            lambda q=quantity: parse_tonnage(q, field="closing"),  # type: ignore[misc]
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
