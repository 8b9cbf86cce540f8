"""Tests for :mod:`rare_earth_regs.model.elements` (Regulations art. 30; policies P8, P9)."""

from __future__ import annotations

import pickle
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rare_earth_regs.exceptions import InvalidInputError, UnknownElementError
from rare_earth_regs.model.elements import (
    OXIDE_FACTOR_PLACES,
    OXYGEN_ATOMIC_WEIGHT,
    SCHEMES,
    Element,
    ElementGroupScheme,
    element,
    element_group,
)

E = Element

# Published 4-dp oxide factors of the reference data table (Pm has none, P9).
PUBLISHED_FACTORS: dict[Element, str] = {
    E.Sc: "1.5338",
    E.Y: "1.2699",
    E.La: "1.1728",
    E.Ce: "1.2284",
    E.Pr: "1.2082",
    E.Nd: "1.1664",
    E.Sm: "1.1596",
    E.Eu: "1.1579",
    E.Gd: "1.1526",
    E.Tb: "1.1762",
    E.Dy: "1.1477",
    E.Ho: "1.1455",
    E.Er: "1.1435",
    E.Tm: "1.1421",
    E.Yb: "1.1387",
    E.Lu: "1.1372",
}

# (Z, symbol, English, Chinese, standard atomic weight, oxide) from the reference data.
TABLE: list[tuple[int, str, str, str, str | None, str]] = [
    (21, "Sc", "scandium", "钪", "44.955907", "Sc2O3"),
    (39, "Y", "yttrium", "钇", "88.905838", "Y2O3"),
    (57, "La", "lanthanum", "镧", "138.90547", "La2O3"),
    (58, "Ce", "cerium", "铈", "140.116", "CeO2"),
    (59, "Pr", "praseodymium", "镨", "140.90766", "Pr6O11"),
    (60, "Nd", "neodymium", "钕", "144.242", "Nd2O3"),
    (61, "Pm", "promethium", "钷", None, "Pm2O3"),
    (62, "Sm", "samarium", "钐", "150.36", "Sm2O3"),
    (63, "Eu", "europium", "铕", "151.964", "Eu2O3"),
    (64, "Gd", "gadolinium", "钆", "157.249", "Gd2O3"),
    (65, "Tb", "terbium", "铽", "158.925354", "Tb4O7"),
    (66, "Dy", "dysprosium", "镝", "162.500", "Dy2O3"),
    (67, "Ho", "holmium", "钬", "164.930329", "Ho2O3"),
    (68, "Er", "erbium", "铒", "167.259", "Er2O3"),
    (69, "Tm", "thulium", "铥", "168.934219", "Tm2O3"),
    (70, "Yb", "ytterbium", "镱", "173.045", "Yb2O3"),
    (71, "Lu", "lutetium", "镥", "174.96669", "Lu2O3"),
]

Q4 = Decimal("0.0001")

# --------------------------------------------------------------------- membership


def test_seventeen_members_in_atomic_number_order() -> None:
    assert len(Element) == 17
    numbers = [member.atomic_number for member in Element]
    assert numbers == [21, 39, *range(57, 72)]
    assert [member.symbol for member in Element] == [row[1] for row in TABLE]


def test_art_30_list_of_chinese_names() -> None:
    # Regulations art. 30: 镧、铈、镨、钕、钷、钐、铕、钆、铽、镝、钬、铒、铥、镱、镥、钪、钇
    art_30 = "镧铈镨钕钷钐铕钆铽镝钬铒铥镱镥钪钇"
    assert {member.name_zh for member in Element} == set(art_30)


@pytest.mark.parametrize("row", TABLE, ids=[row[1] for row in TABLE])
def test_table_row(row: tuple[int, str, str, str, str | None, str]) -> None:
    number, symbol, name_en, name_zh, weight, oxide = row
    member = Element(symbol)
    assert member is getattr(Element, symbol)
    assert member.name == member.value == member.symbol == str(member) == symbol
    assert member.name_en == name_en
    assert member.name_zh == name_zh
    assert member.atomic_number == number
    assert type(member.atomic_number) is int
    assert member.atomic_weight == (None if weight is None else Decimal(weight))
    assert member.oxide_formula == oxide


def test_ciaaw_2024_revisions() -> None:
    assert E.Gd.atomic_weight == Decimal("157.249")
    assert E.Lu.atomic_weight == Decimal("174.96669")


def test_str_format_hash_pickle() -> None:
    assert f"{E.Nd}" == "Nd"
    assert {E.Nd: 1}[Element("Nd")] == 1
    for member in Element:
        assert pickle.loads(pickle.dumps(member)) is member


# ----------------------------------------------------------------------- factors


@pytest.mark.parametrize("member", list(PUBLISHED_FACTORS), ids=str)
def test_factor_matches_published_table_to_4dp(member: Element) -> None:
    factor = member.oxide_factor
    assert isinstance(factor, Decimal)
    assert factor.quantize(Q4, rounding=ROUND_HALF_UP) == Decimal(PUBLISHED_FACTORS[member])


@pytest.mark.parametrize("member", list(PUBLISHED_FACTORS), ids=str)
def test_factor_is_computed_from_atomic_weight(member: Element) -> None:
    weight = member.atomic_weight
    assert weight is not None
    x, y = member.oxide_atoms
    with localcontext() as ctx:
        ctx.prec = 50
        expected = (x * weight + y * OXYGEN_ATOMIC_WEIGHT) / (x * weight)
    factor = member.oxide_factor
    assert factor is not None
    assert factor.as_tuple().exponent == -OXIDE_FACTOR_PLACES
    assert abs(factor - expected) <= Decimal("0.5e-10")


def test_lutetium_published_value_is_a_truncation() -> None:
    factor = E.Lu.oxide_factor
    assert factor is not None
    assert factor.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP) == Decimal("1.137160")
    assert factor.quantize(Q4, rounding=ROUND_DOWN) == Decimal("1.1371")
    assert factor.quantize(Q4, rounding=ROUND_HALF_UP) == Decimal("1.1372")


def test_factors_do_not_depend_on_the_callers_context() -> None:
    # The factors are computed at import under a private context; a caller's
    # low-precision context changes nothing.
    with localcontext() as ctx:
        ctx.prec = 3
        assert str(E.Nd.oxide_factor) == "1.1663766448"


def test_promethium_has_no_weight_and_no_factor() -> None:
    assert E.Pm.atomic_weight is None
    assert E.Pm.oxide_factor is None
    assert E.Pm.oxide_formula == "Pm2O3"


@pytest.mark.parametrize(
    ("member", "alternative", "factor"),
    [(E.Ce, "Ce2O3", "1.1713"), (E.Pr, "Pr2O3", "1.1703"), (E.Tb, "Tb2O3", "1.1510")],
)
def test_alternative_oxides_are_not_the_defaults(
    member: Element, alternative: str, factor: str
) -> None:
    assert member.oxide_formula != alternative
    assert member.oxide_atoms != (2, 3)
    ours = member.oxide_factor
    assert ours is not None
    assert ours.quantize(Q4, rounding=ROUND_HALF_UP) != Decimal(factor)


def test_no_float_anywhere() -> None:
    for member in Element:
        for value in (member.atomic_weight, member.oxide_factor):
            assert value is None or type(value) is Decimal


# ------------------------------------------------------------------------ lookup


@pytest.mark.parametrize(
    "designator",
    [
        "Nd",
        "nd",
        "ND",
        "nD",
        " Nd\t",
        "neodymium",
        "NEODYMIUM",
        "Neodymium",
        "钕",
        " 钕 ",
        60,
        E.Nd,
    ],
)
def test_lookup_neodymium(designator: object) -> None:
    assert element(designator) is E.Nd


def test_lookup_full_width_text() -> None:
    assert element("Ｎｄ") is E.Nd
    assert element("\u3000钇\u3000") is E.Y


@given(st.sampled_from(Element))
def test_lookup_round_trips(member: Element) -> None:
    assert element(member) is member
    assert element(member.symbol.lower()) is member
    assert element(member.symbol.upper()) is member
    assert element(member.name_en.upper()) is member
    assert element(member.name_en.title()) is member
    assert element(member.name_zh) is member
    assert element(member.atomic_number) is member
    assert Element(member.value) is member


JUNK: list[object] = [
    None,
    "",
    "   ",
    "Xx",
    "Fe",
    "N",
    "Nd2O3",
    "neodym",
    0,
    -60,
    26,
    200,
    60.0,
    Decimal(60),
    True,
    False,
    b"Nd",
    ["Nd"],
    object(),
]


@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_junk_raises_unknown_element_error(junk: object) -> None:
    with pytest.raises(UnknownElementError) as info:
        element(junk)
    error = info.value
    assert isinstance(error, ValueError)
    assert isinstance(error, InvalidInputError)
    assert error.field == "element"
    assert error.value is junk
    assert error.accepted == (
        "a rare earth element symbol, English or Chinese name, or atomic number (21, 39, 57-71)"
    )


@given(st.integers())
def test_integers_outside_the_rare_earths_are_refused(number: int) -> None:
    if number in {21, 39} or 57 <= number <= 71:
        assert element(number).atomic_number == number
    else:
        with pytest.raises(UnknownElementError):
            element(number)


@given(st.text())
def test_any_text_gives_an_element_or_unknown_element_error(text: str) -> None:
    try:
        member = element(text)
    except UnknownElementError:
        return
    assert isinstance(member, Element)


# ----------------------------------------------------------------------- schemes

ALL = frozenset(Element)


def test_schemes_registry() -> None:
    assert set(SCHEMES) == {"chinese_two_group", "chinese_three_group", "usgs"}
    for name, scheme in SCHEMES.items():
        assert scheme.value == name == str(scheme)
        assert scheme is ElementGroupScheme(name)
        assert scheme.description
    with pytest.raises(TypeError):
        SCHEMES["x"] = ElementGroupScheme.USGS  # type: ignore[index]


@pytest.mark.parametrize("scheme", list(ElementGroupScheme), ids=str)
def test_groups_are_disjoint(scheme: ElementGroupScheme) -> None:
    seen: set[Element] = set()
    for members in scheme.groups.values():
        assert isinstance(members, frozenset)
        assert not seen & members
        seen |= members
    assert seen <= ALL


def test_chinese_two_group() -> None:
    scheme = ElementGroupScheme.CHINESE_TWO_GROUP
    assert set(scheme.groups) == {"light", "heavy"}
    assert scheme.groups["light"] == {E.La, E.Ce, E.Pr, E.Nd, E.Pm, E.Sm, E.Eu}
    assert scheme.groups["heavy"] == ALL - scheme.groups["light"]
    assert element_group("Pm", scheme) == "light"
    assert element_group("Gd", scheme) == "heavy"
    assert element_group("Sc", scheme) == "heavy"
    assert element_group("Y", scheme) == "heavy"


def test_chinese_three_group() -> None:
    scheme = ElementGroupScheme.CHINESE_THREE_GROUP
    assert scheme.groups["light"] == {E.La, E.Ce, E.Pr, E.Nd}
    assert scheme.groups["medium"] == {E.Sm, E.Eu, E.Gd}
    assert scheme.groups["heavy"] == {E.Tb, E.Dy, E.Ho, E.Er, E.Tm, E.Yb, E.Lu, E.Y}
    assert element_group("Gd", scheme) == "medium"
    assert element_group("Y", scheme) == "heavy"
    assert element_group("Sc", scheme) is None


def test_usgs() -> None:
    scheme = ElementGroupScheme.USGS
    assert set(scheme.groups) == {"light", "heavy"}
    assert scheme.groups["light"] == {E.La, E.Ce, E.Pr, E.Nd, E.Pm, E.Sm, E.Eu, E.Gd}
    assert scheme.groups["heavy"] == {E.Tb, E.Dy, E.Ho, E.Er, E.Tm, E.Yb, E.Lu, E.Y}
    assert element_group("Gd", scheme) == "light"
    assert element_group("Y", scheme) == "heavy"
    assert element_group("Sc", scheme) is None


def test_element_group_accepts_names_and_designators() -> None:
    assert element_group(64, "USGS") == "light"
    assert element_group("钆", " chinese_two_group ") == "heavy"
    assert ElementGroupScheme.CHINESE_THREE_GROUP.group_of("gadolinium") == "medium"


@pytest.mark.parametrize("scheme", ["", "light", "usgs2", None, 1, ["usgs"]], ids=repr)
def test_unknown_scheme_raises(scheme: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        element_group("Nd", scheme)  # type: ignore[arg-type]
    assert info.value.field == "scheme"
    assert isinstance(info.value, ValueError)


def test_element_group_unknown_element_raises() -> None:
    with pytest.raises(UnknownElementError):
        element_group("Fe", ElementGroupScheme.USGS)


def test_groups_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        ElementGroupScheme.USGS.groups["medium"] = frozenset()  # type: ignore[index]
