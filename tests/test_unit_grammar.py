"""One grammar of a mass, through every entry point (issue: units are an allowlist).

Each text is tried through the JSON schema, the fast loader (``loads_report``), the
detailed loader (``report_from_dict``), ``parse_tonnage``, ``Q_``, the ``FlowLine``
constructor and the command line (``reo``): all accept it or all refuse it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
from typing import Any

import pytest
from hypothesis import assume, given, settings
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from rare_earth_regs.cli import main
from rare_earth_regs.exceptions import InvalidDocumentError, InvalidQuantityError
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import FlowLine
from rare_earth_regs.serialization import loads_report, report_from_dict, report_schema
from rare_earth_regs.units import Q_, MassBasis, Tonnage, parse_tonnage
from strategies import (
    ACCEPTED_UNIT_TEXTS,
    AMBIGUOUS_UNIT_TEXTS,
    EXAMPLE_REPORT_TEXTS,
    REFUSED_UNIT_TEXTS,
    unit_texts,
)

OXIDE = Product(name="Nd oxide", product_class="compound", reo_fraction="1")


@functools.cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(report_schema())


def document_with(quantity: str) -> dict[str, Any]:
    """An example report whose first gross line has ``quantity``."""
    data: dict[str, Any] = json.loads(EXAMPLE_REPORT_TEXTS[0])
    data["lines"][0]["quantity"] = quantity
    data["lines"][0].pop("reo", None)
    return data


def cli_reo(text: str) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["reo", text, "Nd"])
    return code, stderr.getvalue()


def outcomes(text: str) -> dict[str, bool]:
    """Whether each entry point accepts ``text`` (True) or refuses it (False)."""
    data = document_with(text)
    results = {"schema": not list(validator().iter_errors(data))}
    for name, load in (
        ("loads_report", lambda: loads_report(json.dumps(data))),
        ("report_from_dict", lambda: report_from_dict(data)),
        ("parse_tonnage", lambda: parse_tonnage(text)),
        ("Q_", lambda: Q_(text)),
        ("FlowLine", lambda: FlowLine(direction="produced", product=OXIDE, quantity=text)),
    ):
        try:
            load()
        except (InvalidQuantityError, InvalidDocumentError):
            results[name] = False
        else:
            results[name] = True
    code, stderr = cli_reo(text)
    # `reo` converts a gross mass: an REO mass is read, then refused for its basis
    results["cli reo"] = code == 0 or "expected a gross mass" in stderr
    return results


@pytest.mark.parametrize("text", ACCEPTED_UNIT_TEXTS)
def test_every_entry_point_accepts(text: str) -> None:
    assert set(outcomes(text).values()) == {True}, outcomes(text)


@pytest.mark.parametrize("text", REFUSED_UNIT_TEXTS + AMBIGUOUS_UNIT_TEXTS)
def test_every_entry_point_refuses(text: str) -> None:
    assert set(outcomes(text).values()) == {False}, outcomes(text)


@pytest.mark.parametrize("text", AMBIGUOUS_UNIT_TEXTS)
def test_an_ambiguous_unit_is_named_as_ambiguous_everywhere(text: str) -> None:
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(json.dumps(document_with(text)))
    assert "is ambiguous" in info.value.errors[0].message
    assert "write 't' for the metric tonne" in info.value.errors[0].message
    code, stderr = cli_reo(text)
    assert code == 2
    assert "is ambiguous" in stderr
    assert len(stderr.splitlines()) == 1


def test_sixteen_mt_is_never_sixteen_kilograms() -> None:
    """The probe's finding: "16 mt" was read as pint's millitonne (16 kg)."""
    for text in ("16 mt", "400 mt REO"):
        with pytest.raises(InvalidQuantityError, match="'mt' is ambiguous"):
            parse_tonnage(text)


def test_chinese_units_are_metric() -> None:
    assert parse_tonnage("1 吨") == parse_tonnage("1 t")
    assert parse_tonnage("1 公斤") == parse_tonnage("1 千克") == parse_tonnage("1 kg")
    assert parse_tonnage("1 克 REO") == Tonnage(1, MassBasis.REO)


@settings(max_examples=300, deadline=None)
@given(unit_texts())
def test_the_schema_and_the_loaders_agree_on_any_unit_text(text: str) -> None:
    # the grammar is one; the maximum tonnage is a range the schema does not state
    try:
        parse_tonnage(text)
    except InvalidQuantityError as error:
        assume(not error.accepted.startswith("a tonnage of at most"))
    results = outcomes(text)
    assert len(set(results.values())) == 1, (text, results)
