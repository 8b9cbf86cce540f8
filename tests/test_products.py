"""Tests for :mod:`rare_earth_regs.model.products` (Regulations art. 30; customs codes)."""

from __future__ import annotations

import contextlib
import json
import pickle
from collections.abc import Mapping
from decimal import Decimal, localcontext
from importlib.resources import files
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rare_earth_regs.exceptions import InvalidInputError, UnknownElementError
from rare_earth_regs.model.elements import Element
from rare_earth_regs.model.products import (
    CUSTOMS_CODES,
    CustomsCode,
    Product,
    ProductClass,
    customs_code_info,
    is_valid_customs_code,
    validate_customs_code,
)

E = Element
PC = ProductClass


def make(**overrides: Any) -> Product:
    fields: dict[str, Any] = {"name": "Nd oxide", "product_class": PC.COMPOUND}
    fields.update(overrides)
    return Product(**fields)


# -------------------------------------------------------------------- ProductClass


def test_rare_earth_products_are_the_three_art_30_classes() -> None:
    assert {member for member in PC if member.is_rare_earth_product} == {
        PC.MINERAL_PRODUCT,
        PC.COMPOUND,
        PC.METAL_OR_ALLOY,
    }
    assert not PC.SECONDARY_RESOURCE.is_rare_earth_product
    assert not PC.DOWNSTREAM_GOODS.is_rare_earth_product


def test_product_class_labels() -> None:
    assert PC.MINERAL_PRODUCT.label_zh == "稀土矿产品"
    assert PC.COMPOUND.label_zh == "稀土化合物"
    assert PC.METAL_OR_ALLOY.label_zh == "稀土金属及合金"
    assert PC.SECONDARY_RESOURCE.label_zh == "稀土二次资源"
    assert all(member.label_zh for member in PC)
    assert str(PC.COMPOUND) == "compound"
    assert PC("compound") is PC.COMPOUND


# ---------------------------------------------------------------------- Product


def test_defaults() -> None:
    product = make()
    assert product.form == ""
    assert product.elements == frozenset()
    assert product.reo_fraction is None
    assert product.customs_code is None
    assert product.customs_code_info is None
    assert product.product_id == "Nd oxide"
    assert product.is_rare_earth_product


def test_conversions() -> None:
    product = make(
        name="  PrNd oxide ",
        product_class="COMPOUND",
        form=" oxide ",
        elements=("Pr", 60, "钕", E.Pr),
        reo_fraction="0.99",
        customs_code="2846.90.19",
    )
    assert product.name == "PrNd oxide"
    assert product.product_class is PC.COMPOUND
    assert product.form == "oxide"
    assert product.elements == frozenset({E.Pr, E.Nd})
    assert product.sorted_elements == (E.Pr, E.Nd)
    assert product.reo_fraction == Decimal("0.99")
    assert product.customs_code == "28469019"
    info = product.customs_code_info
    assert info is not None
    assert info.code == "28469019"


def test_elements_from_generator() -> None:
    product = make(elements=(symbol for symbol in ["Dy", "Tb"]))
    assert product.elements == {E.Dy, E.Tb}


def test_keyword_only_frozen_slotted() -> None:
    product = make()
    with pytest.raises(TypeError):
        Product("x", PC.COMPOUND)  # type: ignore[call-arg]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        product.name = "y"  # type: ignore[misc]
    assert not hasattr(product, "__dict__")


# ----------------------------------------------------------------- reo_fraction


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        (Decimal("0.45"), Decimal("0.45")),
        ("0.45", Decimal("0.45")),
        (" 0.45 ", Decimal("0.45")),
        ("45%", Decimal("0.45")),
        ("45 %", Decimal("0.45")),
        ("100%", Decimal(1)),
        ("0.0001%", Decimal("0.000001")),
        (1, Decimal(1)),
        ("1", Decimal(1)),
        ("1.0000000", Decimal(1)),
        (Decimal("1E-30"), Decimal("1E-30")),
        (0.45, Decimal("0.45")),
        (0.1, Decimal("0.1")),
        (1.0, Decimal(1)),
    ],
    ids=repr,
)
def test_reo_fraction_accepted(given_value: object, expected: Decimal) -> None:
    fraction = make(reo_fraction=given_value).reo_fraction
    assert fraction == expected
    assert type(fraction) is Decimal


def test_reo_fraction_percent_is_exact_in_any_context() -> None:
    digits = "45.123456789012345678901234567890123"
    with localcontext() as ctx:
        ctx.prec = 3
        fraction = make(reo_fraction=digits + "%").reo_fraction
    assert fraction == Decimal("0.45123456789012345678901234567890123")


@pytest.mark.parametrize(
    "junk",
    [
        0,
        "0",
        "0%",
        Decimal(0),
        Decimal("-0"),
        0.0,
        -0.5,
        "-0.1",
        "1.0000001",
        "100.0001%",
        2,
        Decimal("1.0000000000000000000000000000001"),
        "NaN",
        "nan",
        "sNaN",
        "inf",
        "Infinity",
        "-inf",
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        float("nan"),
        float("inf"),
        True,
        False,
        "",
        " ",
        "%",
        "45%%",
        "0.45 t",
        "abc",
        "1e999999999%",
        b"0.45",
        [Decimal("0.45")],
        object(),
    ],
    ids=repr,
)
def test_reo_fraction_refused(junk: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        make(reo_fraction=junk)
    assert info.value.field == "reo_fraction"
    assert info.value.value is junk
    assert isinstance(info.value, ValueError)


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_reo_fraction_decimal_property(value: Decimal) -> None:
    if value.is_finite() and Decimal(0) < value <= Decimal(1):
        assert make(reo_fraction=value).reo_fraction == value
    else:
        with pytest.raises(InvalidInputError):
            make(reo_fraction=value)


@given(st.floats())
def test_reo_fraction_float_property(value: float) -> None:
    if 0 < value <= 1:
        fraction = make(reo_fraction=value).reo_fraction
        assert type(fraction) is Decimal
        assert fraction == Decimal(repr(value))
    else:
        with pytest.raises(InvalidInputError):
            make(reo_fraction=value)


# ----------------------------------------------------------------- customs codes


@pytest.mark.parametrize(
    ("given_code", "expected"),
    [
        ("284690", "284690"),
        ("2846.90", "284690"),
        ("28469013", "28469013"),
        ("2846.9013", "28469013"),
        ("2846.90.13", "28469013"),
        (" 2805.30.11 ", "28053011"),
        ("2805301910", "2805301910"),
        ("2805.30.19.10", "2805301910"),
        ("8505.11.1000", "8505111000"),
    ],
)
def test_customs_code_normalization(given_code: str, expected: str) -> None:
    assert validate_customs_code(given_code) == expected
    assert is_valid_customs_code(given_code)
    assert make(customs_code=given_code).customs_code == expected


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "2846",
        "28469",
        "2846.9",
        "2846901",
        "284690131",
        "28469013100",
        "284690131000",
        ".284690",
        "284690.",
        "2846..90",
        "28 46 90",
        "2846-90",
        "ABCDEF",
        "２８４６９０",
        "٢٨٤٦٩٠",
        284690,
        28469013,
        284690.0,
        True,
        b"284690",
        ["284690"],
        object(),
    ],
    ids=repr,
)
def test_customs_code_refused(junk: object) -> None:
    assert not is_valid_customs_code(junk)
    with pytest.raises(InvalidInputError) as info:
        validate_customs_code(junk)
    assert info.value.field == "customs_code"
    with pytest.raises(InvalidInputError) as info:
        make(customs_code=junk)
    assert info.value.field == "customs_code"
    with pytest.raises(InvalidInputError):
        customs_code_info(junk)


def test_customs_code_lookups() -> None:
    nd_oxide = customs_code_info("2846.90.13")
    assert nd_oxide is not None
    assert nd_oxide.elements == {E.Nd}
    assert nd_oxide.product_class is PC.COMPOUND
    assert nd_oxide.form == "oxide"
    assert nd_oxide.hs6 == "284690"
    assert nd_oxide.is_rare_earth_specific

    ores = customs_code_info("25309020")
    assert ores is not None
    assert ores.product_class is PC.MINERAL_PRODUCT

    broad = customs_code_info("2530.90")
    assert broad is not None
    assert broad.product_class is None
    assert not broad.is_rare_earth_specific

    magnets = customs_code_info("8505111000")
    assert magnets is not None
    assert magnets.product_class is PC.DOWNSTREAM_GOODS
    assert not magnets.product_class.is_rare_earth_product

    mixed = customs_code_info("2805301910")
    assert mixed is not None
    assert mixed.elements == {E.Sm, E.Gd, E.Lu}

    scandium = customs_code_info("2805301800")
    assert scandium is not None
    assert scandium.elements == {E.Sc}

    assert customs_code_info("28469099") is None
    assert customs_code_info("010121") is None


@pytest.mark.parametrize(
    ("first", "symbols"),
    [
        ("28469021", ["Tb", "Dy", "La", "Nd", "Pr", "Y"]),  # chlorides
        ("28469031", ["Tb", "Dy", "La", "Nd", "Pr", "Y"]),  # fluorides
        ("28469041", ["La", "Tb", "Dy"]),  # carbonates
        ("28469011", ["Y", "La", "Nd", "Eu", "Dy", "Tb", "Pr"]),  # oxides
        ("28053011", ["Nd", "Dy", "Tb", "La", "Ce", "Pr", "Y"]),  # metals
    ],
)
def test_customs_code_element_series(first: str, symbols: list[str]) -> None:
    start = int(first)
    for offset, symbol in enumerate(symbols):
        info = CUSTOMS_CODES[str(start + offset)]
        assert info.elements == {Element(symbol)}


def test_customs_codes_mapping() -> None:
    assert isinstance(CUSTOMS_CODES, Mapping)
    assert len(CUSTOMS_CODES) == len(list(CUSTOMS_CODES))
    assert "28469013" in CUSTOMS_CODES
    assert "2846.90.13" not in CUSTOMS_CODES  # keys are digits; use customs_code_info
    assert CUSTOMS_CODES.get("999999") is None
    assert "CUSTOMS_CODES" in repr(CUSTOMS_CODES)
    with pytest.raises(TypeError):
        CUSTOMS_CODES["999999"] = CUSTOMS_CODES["284690"]  # type: ignore[index]
    hs6 = {code for code in CUSTOMS_CODES if len(code) == 6}
    assert hs6 == {"253090", "280530", "284610", "284690", "720299", "850511"}
    for code, info in CUSTOMS_CODES.items():
        assert isinstance(info, CustomsCode)
        assert info.code == code
        assert validate_customs_code(code) == code
        assert len(code) in {6, 8, 10}
        assert info.hs6 in hs6
        assert info.description
        if len(code) > 6 and info.product_class is not None:
            heading = CUSTOMS_CODES[info.hs6]
            assert heading.product_class in {None, info.product_class}


def test_customs_codes_json_is_consistent() -> None:
    text = (files("rare_earth_regs.data") / "customs_codes.json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["_about"]["sources"]
    assert set(document["codes"]) == set(CUSTOMS_CODES)
    for code, entry in document["codes"].items():
        assert entry["hs6"] == code[:6]
        assert set(entry) == {"description", "hs6", "elements", "product_class", "form"}


def test_customs_codes_pickle() -> None:
    info = CUSTOMS_CODES["28469013"]
    assert pickle.loads(pickle.dumps(info)) == info
    assert hash(info) == hash(pickle.loads(pickle.dumps(info)))


# -------------------------------------------------------------- identity, pickling


def test_equality_and_hash() -> None:
    first = make(elements=["Nd", "Pr"], reo_fraction="0.45", customs_code="2846.90.19")
    second = make(elements=[E.Pr, 60], reo_fraction=Decimal("0.450"), customs_code="28469019")
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second}) == 1
    assert first != make(elements=["Nd", "Pr"], reo_fraction="0.46", customs_code="28469019")
    assert first != attrs.evolve(first, form="oxide")
    assert first != attrs.evolve(first, product_class=PC.METAL_OR_ALLOY)


def test_evolve_runs_converters() -> None:
    evolved = attrs.evolve(make(), reo_fraction="50%")
    assert evolved.reo_fraction == Decimal("0.5")
    with pytest.raises(InvalidInputError):
        attrs.evolve(make(), reo_fraction="150%")


def test_pickle_round_trip() -> None:
    product = make(elements=["Nd", "Pr"], reo_fraction="45%", customs_code="2846.90.19")
    restored = pickle.loads(pickle.dumps(product))
    assert restored == product
    assert hash(restored) == hash(product)
    assert restored.reo_fraction == Decimal("0.45")


def test_repr_is_deterministic() -> None:
    product = make(elements=["Pr", "Nd", "La"])
    assert "elements=frozenset({Element.La, Element.Pr, Element.Nd})" in repr(product)
    assert "elements=frozenset()" in repr(make())


# ---------------------------------------------------------------------- junk


JUNK_BY_FIELD: dict[str, list[object]] = {
    "name": [None, "", "   ", 1, b"x", ["x"], object()],
    "product_class": [None, "", "rare earth", "COMPOUNDS", 1, True, Element.Nd, object()],
    "form": [None, 1, b"oxide", ["oxide"], object()],
    "elements": [
        None,
        "Nd",
        "",
        b"Nd",
        E.Nd,
        60,
        1.5,
        object(),
        ["Fe"],
        ["Nd", "Xx"],
        [None],
        [True],
        [60.0],
        [["Nd"]],
    ],
    "reo_fraction": [0, "2", "nan", True, object()],
    "customs_code": ["", "2846", 284690, True, object()],
}


@pytest.mark.parametrize(
    ("field", "junk"),
    [(field, junk) for field, values in JUNK_BY_FIELD.items() for junk in values],
    ids=repr,
)
def test_junk_raises_invalid_input_error(field: str, junk: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        make(**{field: junk})
    assert info.value.field.split("[")[0] == field
    assert isinstance(info.value, ValueError)


def test_unknown_element_in_elements_names_the_position() -> None:
    with pytest.raises(UnknownElementError) as info:
        make(elements=["Nd", "Xx"])
    assert info.value.field == "elements[1]"
    assert info.value.value == "Xx"


@given(st.dictionaries(st.sampled_from(sorted(JUNK_BY_FIELD)), st.from_type(object)))
def test_anything_raises_only_invalid_input_error(fields: dict[str, object]) -> None:
    # Any outcome but an exception other than InvalidInputError is fine.
    with contextlib.suppress(InvalidInputError):
        make(**fields)


def test_customs_code_constructor() -> None:
    info = CustomsCode(code="2846.90", description=" x ", product_class="compound")
    assert info.code == "284690"
    assert info.description == "x"
    assert info.product_class is PC.COMPOUND
    assert info.elements == frozenset()
    assert info.form == ""
    assert CustomsCode(code="253090", description="x", product_class=None).product_class is None


CUSTOMS_JUNK_BY_FIELD: dict[str, list[object]] = {
    "code": [None, "", "2846", 284690, object()],
    "description": [None, "", " ", 1, object()],
    "product_class": ["", "metal", 1, object()],
    "elements": [None, "Nd", ["Xx"], object()],
    "form": [None, 1, object()],
}


@pytest.mark.parametrize(
    ("field", "junk"),
    [(field, junk) for field, values in CUSTOMS_JUNK_BY_FIELD.items() for junk in values],
    ids=repr,
)
def test_customs_code_constructor_junk(field: str, junk: object) -> None:
    fields: dict[str, Any] = {"code": "284690", "description": "x", "product_class": None}
    fields[field] = junk
    with pytest.raises(InvalidInputError) as info:
        CustomsCode(**fields)
    expected = "customs_code" if field == "code" else field
    assert info.value.field.split("[")[0] == expected
