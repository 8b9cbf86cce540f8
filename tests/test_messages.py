"""Messages say what was given (issue 11): through the loaders and the constructors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rare_earth_regs.exceptions import InvalidDocumentError, InvalidInputError
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.model.reports import Counterparty
from rare_earth_regs.serialization import loads_allocations, loads_report
from rare_earth_regs.units import Tonnage, parse_tonnage
from strategies import EXAMPLE_ALLOCATIONS_TEXT, EXAMPLE_REPORT_TEXTS


def report_errors(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(json.dumps(data))
    return [str(error) for error in info.value.errors]


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE_REPORT_TEXTS[0])
    return data


def test_a_counterparty_missing_its_country_shows_what_was_given() -> None:
    data = example()
    data["lines"][0]["counterparty"] = {"name": "Example Ltd"}
    assert report_errors(data) == [
        "$.lines[0].counterparty: got {'name': 'Example Ltd'}; expected a USCC (domestic) "
        "or a name and country code (foreign)"
    ]
    with pytest.raises(InvalidInputError, match=r"got \{'country': 'AU'\}"):
        Counterparty(country="AU")


def test_a_gross_amount_in_an_allocation_is_shown_as_written() -> None:
    data = json.loads(EXAMPLE_ALLOCATIONS_TEXT)
    data["allocations"][0]["amount"] = "400 t"
    with pytest.raises(InvalidDocumentError) as info:
        loads_allocations(json.dumps(data))
    (message,) = [error.message for error in info.value.errors]
    assert message == "got '400 t'; expected an REO mass such as '3 t REO'"
    assert "Tonnage(" not in str(info.value)


def test_a_tonnage_refused_for_its_basis_is_shown_as_text() -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_tonnage(Tonnage.parse("400 t"), basis="REO", field="amount")
    assert str(info.value) == "amount: got '400 t'; expected an REO mass such as '3 t REO'"
    with pytest.raises(InvalidInputError, match="amount: got '400 t'"):
        QuotaAllocation(
            year=2025,
            batch=1,
            activity="mining",
            holder="Example Group",
            amount=Tonnage.parse("400 t"),
            basis="increment",
        )


@pytest.mark.parametrize("digits", [4301, 5000, 100_000])
def test_a_number_of_thousands_of_digits_is_named_without_python_advice(digits: int) -> None:
    text = EXAMPLE_REPORT_TEXTS[0].replace('"version": 1', '"version": ' + "9" * digits, 1)
    assert text != EXAMPLE_REPORT_TEXTS[0]
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(text)
    message = str(info.value)
    assert f"a number of {digits} digits (at most 4300 are read)" in message
    assert "sys.set_int_max_str_digits" not in message


def test_a_number_of_4300_digits_is_read_and_refused_for_its_value() -> None:
    text = EXAMPLE_REPORT_TEXTS[0].replace('"version": 1', '"version": ' + "9" * 4300, 1)
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(text)
    assert "$.version" in str(info.value)
