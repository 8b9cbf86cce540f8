"""Tests for :mod:`rare_earth_regs.model.enterprises` (USCC; Regulations art. 8 designation)."""

from __future__ import annotations

import contextlib
import pickle
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from rare_earth_regs.exceptions import (
    InvalidInputError,
    InvalidPeriodError,
    InvalidUSCCError,
    RareEarthRegsError,
)
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import (
    DESIGNATED_ACTIVITIES,
    Designation,
    DesignationRegister,
    Enterprise,
    compact_uscc,
    is_valid_uscc,
    make_uscc,
    validate_uscc,
)
from strategies import UNKNOWN_AUTHORITY_BODIES, uscc_bodies


def fictional_uscc(body17: str) -> str:
    """A well-formed fictional code: the body plus the check character stdnum computes."""
    return body17 + stdnum_uscc.calc_check_digit(body17)


# Fictional enterprises (the "MA0RE" organisation codes are made up).
MINER = fictional_uscc("91150200MA0RE0001")  # an imaginary Baotou mining company
SEPARATOR = fictional_uscc("91360700MA0RE0003")  # an imaginary Ganzhou separation company
OTHER = fictional_uscc("91110000MA0RE0009")
REAL_EXAMPLE = "91110000600037341L"  # python-stdnum's documented example


def flip_check(code: str) -> str:
    """The same code with a different, wrong check character."""
    last = code[-1]
    return code[:-1] + ("0" if last != "0" else "1")


# --------------------------------------------------------------------------- USCC


def test_fictional_codes_are_valid() -> None:
    assert MINER == "91150200MA0RE0001C"
    for code in (MINER, SEPARATOR, OTHER, REAL_EXAMPLE):
        assert validate_uscc(code) == code
        assert is_valid_uscc(code)
        assert stdnum_uscc.is_valid(code)


def test_make_uscc_agrees_with_stdnum() -> None:
    assert make_uscc("91150200MA0RE0001") == MINER
    assert make_uscc(" 91150200ma0re0001 ") == MINER


@pytest.mark.parametrize("body", ["", "9115", "91150200MA0RE00011", "9115020XMA0RE0001", None, 17])
def test_make_uscc_refuses_bad_bodies(body: Any) -> None:
    with pytest.raises(InvalidUSCCError) as caught:
        make_uscc(body)
    assert caught.value.field == "body"


@pytest.mark.parametrize("code", [MINER, SEPARATOR, REAL_EXAMPLE])
def test_flipped_check_character_is_refused(code: str) -> None:
    bad = flip_check(code)
    assert not is_valid_uscc(bad)
    with pytest.raises(InvalidUSCCError) as caught:
        validate_uscc(bad)
    error = caught.value
    assert error.field == "uscc"
    assert error.value == bad
    assert "check character" in error.accepted
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    "bad",
    [
        MINER[:-1],  # 17 characters
        MINER + "0",  # 19 characters
        "",
        "   ",
        "A1110000600037341L",  # a letter among the first 8 characters
        "9115020OMA0RE0001C",  # the letter O is not in the alphabet
        "91150200MA0RE0001\n",  # a control character
        "9115020\n" + "MA0RE0001C",  # a newline where stdnum's digit check is lax
        "91150200ＭA0RE0001C",  # a full-width letter
        "91150200MA0RE000ﬀ",  # a ligature that upper-cases to ASCII
    ],
)
def test_malformed_codes_are_refused(bad: str) -> None:
    assert not is_valid_uscc(bad)
    with pytest.raises(InvalidUSCCError):
        validate_uscc(bad)


@pytest.mark.parametrize("junk", [None, 91150200, 9.1, b"91150200MA0RE0001C", ["9"], object()])
def test_non_strings_raise_the_library_error(junk: Any) -> None:
    assert is_valid_uscc(junk) is False
    with pytest.raises(InvalidUSCCError) as caught:
        validate_uscc(junk)
    assert caught.value.field == "uscc"
    with pytest.raises(InvalidUSCCError):
        compact_uscc(junk)


def test_lower_case_and_separators_are_canonicalized() -> None:
    assert validate_uscc(MINER.lower()) == MINER
    assert validate_uscc(" 9115-0200 ma0re 0001c ") == MINER
    # full-width digits and the ideographic space are common in Chinese text
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in MINER)
    assert validate_uscc("\u3000" + full_width) == MINER
    assert compact_uscc(" 9115-0200 ma0re 0001c ") == MINER


def test_custom_field_name() -> None:
    with pytest.raises(InvalidUSCCError) as caught:
        validate_uscc("x", field="holder_uscc")
    assert caught.value.field == "holder_uscc"
    assert str(caught.value).startswith("holder_uscc: got 'x'")


@given(st.text())
def test_is_valid_uscc_never_raises_on_text(text: str) -> None:
    result = is_valid_uscc(text)
    assert isinstance(result, bool)
    if result:
        assert validate_uscc(text) == compact_uscc(text)


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY -", max_size=24))
def test_validate_agrees_with_stdnum_on_ascii(text: str) -> None:
    try:
        expected: str | None = stdnum_uscc.validate(text)
    except Exception:
        expected = None
    if expected is None:
        assert not is_valid_uscc(text)
    else:
        assert validate_uscc(text) == expected


@pytest.mark.parametrize("body", UNKNOWN_AUTHORITY_BODIES)
def test_an_unknown_authority_or_category_is_refused(body: str) -> None:
    """GB 32100-2015: the check character alone lets '000000000000000000' pass."""
    code = fictional_uscc(body)
    assert stdnum_uscc.is_valid(code)  # the check character is right
    assert not is_valid_uscc(code)
    with pytest.raises(InvalidUSCCError, match="registration-authority and category code"):
        validate_uscc(code)
    with pytest.raises(InvalidUSCCError, match="registration-authority and category code"):
        make_uscc(body)
    with pytest.raises(InvalidUSCCError):
        Enterprise(uscc=code, name="Zero Co.", activities=["mining"])


@pytest.mark.parametrize(
    "prefix", ["11", "12", "13", "19", "21", "31", "35", "41", "51", "52", "53", "61", "71", "81"]
)
def test_every_authority_and_category_of_the_standard_is_accepted(prefix: str) -> None:
    code = fictional_uscc(prefix + "350000MA0000001")
    assert validate_uscc(code) == code
    assert make_uscc(code[:17]) == code


@given(uscc_bodies())
def test_make_uscc_always_makes_valid_codes(body: str) -> None:
    code = make_uscc(body)
    assert is_valid_uscc(code)
    assert not is_valid_uscc(flip_check(code))


@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text()), st.floats()))
def test_junk_never_escapes_as_another_error(junk: Any) -> None:
    assert is_valid_uscc(junk) is False
    with pytest.raises(InvalidUSCCError):
        validate_uscc(junk)


# --------------------------------------------------------------------------- Enterprise


def enterprise(**overrides: Any) -> Enterprise:
    fields: dict[str, Any] = {
        "uscc": MINER,
        "name": "Example Mining Co.",
        "activities": [Activity.MINING],
    }
    fields.update(overrides)
    return Enterprise(**fields)


def test_enterprise_fields_are_converted() -> None:
    firm = enterprise(
        uscc=MINER.lower(), activities=["mining", Activity.SMELTING_SEPARATION], group=" G "
    )
    assert firm.uscc == MINER
    assert firm.activities == frozenset({Activity.MINING, Activity.SMELTING_SEPARATION})
    assert firm.group == "G"
    assert firm.carries_out("mining")
    assert not firm.carries_out(Activity.EXPORT)


def test_enterprise_is_frozen_slotted_keyword_only_and_hashable() -> None:
    firm = enterprise()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        firm.name = "Other"  # type: ignore[misc]
    assert not hasattr(firm, "__dict__")
    with pytest.raises(TypeError):
        Enterprise(MINER, "Example", [Activity.MINING])  # type: ignore[call-arg]
    assert hash(firm) == hash(enterprise(activities=("mining",)))
    assert {firm, enterprise()} == {firm}
    assert enterprise().group is None


def test_enterprise_accepts_an_empty_activity_set() -> None:
    assert enterprise(activities=[]).activities == frozenset()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("uscc", None, InvalidUSCCError),
        ("uscc", 12, InvalidUSCCError),
        ("uscc", flip_check(MINER), InvalidUSCCError),
        ("name", "", InvalidInputError),
        ("name", "   ", InvalidInputError),
        ("name", None, InvalidInputError),
        ("name", 5, InvalidInputError),
        ("activities", "mining", InvalidInputError),  # a bare string is not a set
        ("activities", None, InvalidInputError),
        ("activities", 3, InvalidInputError),
        ("activities", {"mining": True}, InvalidInputError),
        ("activities", ["mining", "dancing"], InvalidInputError),
        ("activities", [None], InvalidInputError),
        ("activities", [["mining"]], InvalidInputError),
        ("group", "", InvalidInputError),
        ("group", 7, InvalidInputError),
    ],
)
def test_enterprise_junk_raises_library_errors(
    field: str, value: Any, error: type[InvalidInputError]
) -> None:
    with pytest.raises(error) as caught:
        enterprise(**{field: value})
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, RareEarthRegsError)
    assert caught.value.field.split("[")[0] == field


@given(
    uscc=st.one_of(st.none(), st.integers(), st.text(max_size=20)),
    name=st.one_of(st.none(), st.integers(), st.text(max_size=5)),
    activities=st.one_of(st.none(), st.text(max_size=5), st.lists(st.text(max_size=5))),
)
def test_enterprise_never_raises_anything_but_library_errors(
    uscc: Any, name: Any, activities: Any
) -> None:
    with contextlib.suppress(InvalidInputError):
        Enterprise(uscc=uscc, name=name, activities=activities)


def test_enterprise_pickles() -> None:
    firm = enterprise(group="China Rare Earth Group")
    assert pickle.loads(pickle.dumps(firm)) == firm


# --------------------------------------------------------------------------- Designation

START = date(2024, 10, 1)
END = date(2025, 9, 30)


def designation(**overrides: Any) -> Designation:
    fields: dict[str, Any] = {
        "uscc": SEPARATOR,
        "activity": Activity.SMELTING_SEPARATION,
        "valid_from": START,
        "valid_until": END,
        "source": "Fictional MIIT designation list",
    }
    fields.update(overrides)
    return Designation(**fields)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (START - timedelta(days=1), False),  # the day before valid_from
        (START, True),  # the first day
        (END, True),  # the last valid day (inclusive)
        (END + timedelta(days=1), False),  # the day after
    ],
)
def test_designation_window(day: date, expected: bool) -> None:
    d = designation()
    assert d.is_valid_on(day) is expected
    assert d.covers(SEPARATOR, "smelting_separation", day) is expected
    assert DesignationRegister([d]).is_designated(SEPARATOR, "smelting_separation", on=day) is (
        expected
    )


def test_open_ended_designation() -> None:
    d = designation(valid_until=None)
    assert d.covers(SEPARATOR, Activity.SMELTING_SEPARATION, date(2099, 12, 31))
    assert not d.covers(SEPARATOR, Activity.SMELTING_SEPARATION, START - timedelta(days=1))


def test_one_day_designation() -> None:
    d = designation(valid_until=START)
    assert d.covers(SEPARATOR, "smelting_separation", START)
    assert not d.covers(SEPARATOR, "smelting_separation", START + timedelta(days=1))


def test_covers_checks_code_and_activity() -> None:
    d = designation()
    assert d.covers(SEPARATOR.lower(), "smelting_separation", START)
    assert not d.covers(OTHER, "smelting_separation", START)
    assert not d.covers(SEPARATOR, "mining", START)
    with pytest.raises(InvalidUSCCError):
        d.covers(flip_check(SEPARATOR), "smelting_separation", START)
    with pytest.raises(InvalidInputError):
        d.covers(SEPARATOR, "export", START)


@pytest.mark.parametrize("activity", sorted(set(Activity) - DESIGNATED_ACTIVITIES, key=str))
def test_only_mining_and_separation_are_designated(activity: Activity) -> None:
    with pytest.raises(InvalidInputError) as caught:
        designation(activity=activity)
    assert caught.value.field == "activity"
    assert "art. 8" in caught.value.accepted


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("uscc", "nonsense", InvalidUSCCError),
        ("activity", "dancing", InvalidInputError),
        ("activity", None, InvalidInputError),
        ("valid_from", "2024-10-01", InvalidPeriodError),
        ("valid_from", None, InvalidPeriodError),
        ("valid_from", datetime(2024, 10, 1, tzinfo=UTC), InvalidPeriodError),
        ("valid_until", "2025-09-30", InvalidPeriodError),
        ("valid_until", START - timedelta(days=1), InvalidPeriodError),  # inverted window
        ("source", None, InvalidInputError),
    ],
)
def test_designation_junk_raises_library_errors(
    field: str, value: Any, error: type[InvalidInputError]
) -> None:
    with pytest.raises(error) as caught:
        designation(**{field: value})
    assert caught.value.field == field


@pytest.mark.parametrize(
    "on", [datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 1), "2025-01-01", None]
)
def test_on_must_be_a_date(on: Any) -> None:
    d = designation()
    with pytest.raises(InvalidPeriodError):
        d.covers(SEPARATOR, "smelting_separation", on)
    with pytest.raises(InvalidPeriodError):
        DesignationRegister([d]).is_designated(SEPARATOR, "smelting_separation", on=on)


# --------------------------------------------------------------------------- Register


def register() -> DesignationRegister:
    return DesignationRegister(
        iter(
            [
                designation(),
                designation(valid_from=date(2025, 10, 1), valid_until=None),  # renewal
                designation(uscc=MINER, activity="mining", valid_until=None),
            ]
        )
    )


def test_register_answers_per_code_activity_and_day() -> None:
    reg = register()
    assert len(reg) == 3
    assert [d.uscc for d in reg] == [SEPARATOR, SEPARATOR, MINER]
    assert reg.is_designated(SEPARATOR, "smelting_separation", on=date(2025, 9, 30))
    assert reg.is_designated(SEPARATOR, "smelting_separation", on=date(2025, 10, 1))  # renewed
    assert not reg.is_designated(SEPARATOR, "mining", on=date(2025, 1, 1))
    assert reg.is_designated(MINER, Activity.MINING, on=date(2030, 1, 1))
    assert not reg.is_designated(MINER, "smelting_separation", on=date(2030, 1, 1))
    assert not reg.is_designated(OTHER, "mining", on=date(2025, 1, 1))
    assert not reg.is_designated(MINER, "mining", on=START - timedelta(days=1))
    assert len(reg.designations_for(SEPARATOR.lower())) == 2
    assert reg.designations_for(OTHER) == ()
    assert designation() in reg


def test_register_with_a_gap_between_windows() -> None:
    reg = DesignationRegister(
        [designation(valid_until=date(2024, 12, 31)), designation(valid_from=date(2025, 2, 1))]
    )
    assert reg.is_designated(SEPARATOR, "smelting_separation", on=date(2024, 12, 31))
    assert not reg.is_designated(SEPARATOR, "smelting_separation", on=date(2025, 1, 15))
    assert reg.is_designated(SEPARATOR, "smelting_separation", on=date(2025, 2, 1))


def test_register_is_immutable_and_compares_by_content() -> None:
    source = [designation()]
    reg = DesignationRegister(source)
    source.append(designation(uscc=MINER, activity="mining"))
    assert len(reg) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        reg.designations = ()  # type: ignore[misc]
    assert reg == DesignationRegister([designation()])
    assert hash(reg) == hash(DesignationRegister([designation()]))


@pytest.mark.parametrize("junk", [None, "designation", 3, [None], [designation(), "x"]])
def test_register_refuses_junk(junk: Any) -> None:
    with pytest.raises(InvalidInputError):
        DesignationRegister(junk)


def test_register_refuses_bad_queries() -> None:
    reg = register()
    with pytest.raises(InvalidUSCCError):
        reg.is_designated("junk", "mining", on=START)
    with pytest.raises(InvalidInputError):
        reg.is_designated(MINER, "metal_smelting", on=START)
    with pytest.raises(InvalidUSCCError):
        reg.designations_for(None)  # type: ignore[arg-type]


def test_models_pickle() -> None:
    d = designation()
    assert pickle.loads(pickle.dumps(d)) == d
    reg = register()
    restored = pickle.loads(pickle.dumps(reg))
    assert restored == reg
    assert restored.is_designated(MINER, "mining", on=date(2030, 1, 1))
