"""Tests for :mod:`rare_earth_regs.exceptions`: the error tree, messages and pickling."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from rare_earth_regs import exceptions
from rare_earth_regs.exceptions import (
    AmountSetByOtherLawError,
    ComplianceError,
    FieldError,
    FilingConflictError,
    InvalidDocumentError,
    InvalidInputError,
    InvalidPeriodError,
    InvalidQuantityError,
    InvalidTimestampError,
    InvalidUSCCError,
    NotInForceError,
    RareEarthRegsError,
    UndisclosedQuotaError,
    UnknownElementError,
    UnknownQuotaError,
)

INPUT_ERRORS: list[type[InvalidInputError]] = [
    InvalidInputError,
    UnknownElementError,
    InvalidUSCCError,
    InvalidQuantityError,
    InvalidPeriodError,
    InvalidTimestampError,
]
LOOKUP_ERRORS: list[type[NotInForceError]] = [
    NotInForceError,
    UnknownQuotaError,
    UndisclosedQuotaError,
]


def exception_classes() -> list[type[BaseException]]:
    return [
        value
        for name in exceptions.__all__
        if isinstance(value := getattr(exceptions, name), type) and issubclass(value, BaseException)
    ]


def sample(cls: type[BaseException]) -> BaseException:
    """One instance of each exception class, with every attribute set."""
    if issubclass(cls, InvalidDocumentError):
        return cls(
            [FieldError("$.lines[2].quantity", "got '-1 t'"), FieldError("$.month", "bad")],
            source="report.json",
        )
    if issubclass(cls, FilingConflictError):
        return cls(
            key="91350000MA0RE01015 2025-09",
            revision=1,
            sources=("a.json", "b.json"),
            digests=("0" * 64, "f" * 64),
        )
    if issubclass(cls, InvalidInputError):
        return cls(field="month", value="2025-13", accepted="YYYY-MM")
    if issubclass(cls, ComplianceError):
        return cls("2 violations", ("finding-1", "finding-2"))
    return cls("the 2025 national quotas were not published")


# -------------------------------------------------------------------- hierarchy


def test_all_lists_every_exception_class() -> None:
    classes = exception_classes()
    assert set(classes) >= {
        RareEarthRegsError,
        InvalidInputError,
        NotInForceError,
        AmountSetByOtherLawError,
        ComplianceError,
        *INPUT_ERRORS,
        *LOOKUP_ERRORS,
        InvalidDocumentError,
    }
    for cls in classes:
        assert issubclass(cls, RareEarthRegsError)
        assert cls.__doc__


@pytest.mark.parametrize("cls", [*INPUT_ERRORS, InvalidDocumentError])
def test_input_errors_are_value_errors(cls: type[InvalidInputError]) -> None:
    assert issubclass(cls, InvalidInputError)
    assert issubclass(cls, ValueError)
    assert issubclass(cls, RareEarthRegsError)
    assert not issubclass(cls, LookupError)


@pytest.mark.parametrize("cls", LOOKUP_ERRORS)
def test_not_in_force_errors_are_lookup_errors(cls: type[NotInForceError]) -> None:
    assert issubclass(cls, NotInForceError)
    assert issubclass(cls, LookupError)
    assert issubclass(cls, RareEarthRegsError)
    assert not issubclass(cls, ValueError)


def test_specific_relations() -> None:
    assert issubclass(UndisclosedQuotaError, UnknownQuotaError)
    assert issubclass(UnknownQuotaError, NotInForceError)
    assert issubclass(InvalidDocumentError, InvalidInputError)
    assert issubclass(AmountSetByOtherLawError, LookupError)
    assert not issubclass(AmountSetByOtherLawError, NotInForceError)
    assert not issubclass(ComplianceError, ValueError | LookupError)
    assert not issubclass(FieldError, BaseException)


def test_caught_by_the_standard_families() -> None:
    with pytest.raises(ValueError, match="month"):
        raise InvalidPeriodError(field="month", value=13, accepted="1 to 12")
    with pytest.raises(LookupError):
        raise UndisclosedQuotaError("undisclosed")
    with pytest.raises(RareEarthRegsError):
        raise AmountSetByOtherLawError("art. 20")


# --------------------------------------------------------------------- messages


def test_message_names_field_value_and_accepted_form() -> None:
    error = InvalidPeriodError(field="month", value="2025-13", accepted="YYYY-MM")
    assert str(error) == "month: got '2025-13'; expected YYYY-MM"
    assert error.message == str(error)
    assert (error.field, error.value, error.accepted) == ("month", "2025-13", "YYYY-MM")
    assert error.args == ("month: got '2025-13'; expected YYYY-MM",)


def test_long_values_are_shortened_in_the_message() -> None:
    error = InvalidInputError(field="name", value="x" * 500, accepted="a short name")
    text = str(error)
    assert len(text) < 150
    assert "..." in text
    assert error.value == "x" * 500  # the attribute keeps the whole value


def test_explicit_message_is_kept() -> None:
    error = InvalidQuantityError("quantity: custom text", field="quantity", value=1, accepted="t")
    assert str(error) == "quantity: custom text"
    assert error.field == "quantity"


def test_document_error_lists_every_field() -> None:
    errors = [FieldError("$.lines[2].quantity", "got '-1 t'"), FieldError("$.month", "bad")]
    error = InvalidDocumentError(errors, source="report.json")
    assert error.errors == tuple(errors)
    assert error.field == "$.lines[2].quantity"
    assert str(error) == "report.json: 2 errors: $.lines[2].quantity: got '-1 t'; $.month: bad"
    single = InvalidDocumentError([FieldError("$", "malformed JSON")])
    assert str(single) == "document: 1 error: $: malformed JSON"
    assert InvalidDocumentError([]).field == "$"


def test_field_error() -> None:
    error = FieldError("$.month", "bad")
    assert str(error) == "$.month: bad"
    assert repr(error) == "FieldError('$.month', 'bad')"
    assert error == FieldError("$.month", "bad")
    assert error != FieldError("$.month", "other")
    assert error != ("$.month", "bad")
    assert hash(error) == hash(FieldError("$.month", "bad"))
    assert pickle.loads(pickle.dumps(error)) == error
    with pytest.raises(AttributeError):
        error.extra = 1  # type: ignore[attr-defined]


def test_equality_is_by_type_and_content() -> None:
    a = InvalidPeriodError(field="month", value=13, accepted="1 to 12")
    b = InvalidPeriodError(field="month", value=13, accepted="1 to 12")
    assert a == b
    assert hash(a) == hash(b)
    assert a != InvalidQuantityError(field="month", value=13, accepted="1 to 12")
    assert a != InvalidPeriodError(field="year", value=13, accepted="1 to 12")
    assert NotInForceError("x") == NotInForceError("x")
    assert NotInForceError("x") != UnknownQuotaError("x")
    assert NotInForceError("x") != NotInForceError("y")


# --------------------------------------------------------------------- pickling


def attributes(error: BaseException) -> dict[str, Any]:
    names = ("message", "field", "value", "accepted", "errors", "source", "findings")
    return {name: getattr(error, name) for name in names if hasattr(error, name)}


@pytest.mark.parametrize("cls", exception_classes(), ids=lambda cls: cls.__name__)
def test_every_exception_pickles(cls: type[BaseException]) -> None:
    error = sample(cls)
    for restored in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):
        assert type(restored) is cls
        assert str(restored) == str(error)
        assert restored.args == error.args
        assert attributes(restored) == attributes(error)


@pytest.mark.parametrize(
    "cls",
    [*INPUT_ERRORS, InvalidDocumentError, *LOOKUP_ERRORS, ComplianceError],
    ids=lambda cls: cls.__name__,
)
def test_unpickled_errors_compare_equal(cls: type[BaseException]) -> None:
    error = sample(cls)
    restored = pickle.loads(pickle.dumps(error))
    assert restored == error
    assert hash(restored) == hash(error)


def test_unpickled_other_law_error_compares_equal() -> None:
    error = AmountSetByOtherLawError("article 20: the amount is set by another law")
    assert pickle.loads(pickle.dumps(error)) == error


def test_document_error_pickles_with_its_errors() -> None:
    error = InvalidDocumentError(
        [FieldError("$.enterprise.uscc", "bad check character")], source="a.json"
    )
    restored = pickle.loads(pickle.dumps(error))
    assert restored.errors == (FieldError("$.enterprise.uscc", "bad check character"),)
    assert restored.source == "a.json"
    assert restored == error
