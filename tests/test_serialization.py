"""Tests for :mod:`rare_earth_regs.serialization`: JSON in and out, errors with paths, schema."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from rare_earth_regs.exceptions import FieldError, InvalidDocumentError, InvalidInputError
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.elements import Element
from rare_earth_regs.model.enterprises import (
    Designation,
    DesignationRegister,
    Enterprise,
    make_uscc,
)
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import OreType, QuotaAllocation, QuotaBasis
from rare_earth_regs.model.reports import (
    Counterparty,
    FlowDirection,
    FlowLine,
    FlowReport,
    iso_country_codes,
)
from rare_earth_regs.periods import CHINA_STANDARD_TIME, Month
from rare_earth_regs.serialization import (
    ALLOCATIONS_FORMAT,
    DESIGNATIONS_FORMAT,
    REPORT_FORMAT,
    dumps_allocations,
    dumps_designations,
    dumps_report,
    load_report,
    loads_allocations,
    loads_designations,
    loads_report,
    report_from_dict,
    report_schema,
    report_to_dict,
)
from rare_earth_regs.units import MAX_GRAMS, MassBasis, Tonnage
from strategies import uscc_bodies

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_REPORTS = sorted((ROOT / "examples" / "reports").glob("*.json"))

FIRM_USCC = make_uscc("91350000MA0000001")
BUYER_USCC = make_uscc("91350000MA0000002")
FIRM = Enterprise(
    uscc=FIRM_USCC,
    name="Example Separation Co.",
    activities=["smelting_separation", "metal_smelting"],
    group="Example Group",
)
OXIDE = Product(
    name="PrNd oxide",
    product_class=ProductClass.COMPOUND,
    form="oxide",
    elements=["Pr", "Nd"],
    reo_fraction="0.99",
    customs_code="2846.90.19",
)
ORE = Product(name="Bastnaesite concentrate", product_class="mineral_product", reo_fraction="50%")
SCRAP = Product(name="NdFeB scrap", product_class="secondary_resource", form="scrap")


def full_report() -> FlowReport:
    return FlowReport(
        enterprise=FIRM,
        month="2025-09",
        submitted_at=datetime(2025, 10, 9, 10, 15, tzinfo=CHINA_STANDARD_TIME),
        lines=[
            FlowLine(direction="opening_stock", product=OXIDE, quantity="10 t"),
            FlowLine(
                direction="produced",
                product=OXIDE,
                quantity="5 t",
                origin="imported",
                date=date(2025, 9, 3),
            ),
            FlowLine(
                direction="sold",
                product=OXIDE,
                quantity="7 t",
                counterparty=Counterparty(uscc=BUYER_USCC),
                invoice_number="INV-1",
            ),
            FlowLine(
                direction="exported",
                product=OXIDE,
                quantity="1 t",
                counterparty=Counterparty(name="Foo GmbH", country="DE"),
                customs_declaration="CD/123",
            ),
            FlowLine(direction="closing_stock", product=OXIDE, quantity="7 t"),
            FlowLine(direction="purchased", product=ORE, quantity="20 t", reo="9 t REO"),
            FlowLine(direction="received", product=SCRAP, quantity="3 t REO", origin="secondary"),
        ],
    )


REPORTS: dict[str, Callable[[], FlowReport]] = {
    "full": full_report,
    "empty": lambda: FlowReport(enterprise=FIRM, month=Month(2024, 12)),
    "custom-id": lambda: FlowReport(
        enterprise=Enterprise(uscc=FIRM_USCC, name="稀土分离有限公司", activities=[]),
        month="2025-02",
        report_id="R-2025.02_x",
        submitted_at=datetime(2025, 3, 1, 0, 0, 0, 123456, tzinfo=UTC),
        lines=[
            FlowLine(
                direction="lost",
                product=Product(name="氧化镨钕", product_class="compound", reo_fraction=1),
                quantity="0.000001 t",
                date=date(2025, 2, 28),
            )
        ],
    ),
    "same-name-products": lambda: FlowReport(
        enterprise=FIRM,
        month="2025-09",
        lines=[
            FlowLine(direction="produced", product=OXIDE, quantity="1 t"),
            FlowLine(
                direction="produced",
                product=Product(name="PrNd oxide", product_class="compound"),
                quantity="1 t",
            ),
            FlowLine(
                direction="produced",
                product=Product(name="PrNd oxide 2", product_class="compound"),
                quantity=f"{MAX_GRAMS} g",
            ),
        ],
    ),
}


def document() -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(dumps_report(full_report()))
    return parsed


@functools.cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(report_schema())


def errors_of(
    text: str | bytes, loader: Callable[[str | bytes], object] = loads_report
) -> list[str]:
    with pytest.raises(InvalidDocumentError) as info:
        loader(text)
    assert isinstance(info.value, ValueError)
    return [error.path for error in info.value.errors]


def changed(change: Callable[[dict[str, Any]], object]) -> str:
    data = document()
    change(data)
    return json.dumps(data)


# ------------------------------------------------------------------ round trips


@pytest.mark.parametrize("name", list(REPORTS))
def test_round_trip(name: str) -> None:
    monthly = REPORTS[name]()
    text = dumps_report(monthly)
    restored = loads_report(text)
    assert restored == monthly
    assert restored.report_id == monthly.report_id
    assert [flow.product for flow in restored.lines] == [flow.product for flow in monthly.lines]
    assert dumps_report(restored) == text
    assert loads_report(dumps_report(monthly, indent=None)) == monthly
    assert report_from_dict(report_to_dict(monthly)) == monthly


def test_written_form() -> None:
    data = document()
    assert data["format"] == REPORT_FORMAT
    assert data["version"] == 1
    assert data["report_id"] == f"{FIRM_USCC}-2025-09"
    assert data["month"] == "2025-09"
    assert data["submitted_at"] == "2025-10-09T10:15:00+08:00"
    assert data["enterprise"] == {
        "uscc": FIRM_USCC,
        "name": "Example Separation Co.",
        "activities": ["metal_smelting", "smelting_separation"],
        "group": "Example Group",
    }
    assert data["products"]["prnd-oxide"] == {
        "name": "PrNd oxide",
        "product_class": "compound",
        "form": "oxide",
        "elements": ["Pr", "Nd"],
        "reo_fraction": "0.99",
        "customs_code": "28469019",
    }
    assert data["lines"][1] == {
        "direction": "produced",
        "product": "prnd-oxide",
        "quantity": "5 t",
        "origin": "imported",
        "date": "2025-09-03",
    }
    assert data["lines"][5]["reo"] == "9 t REO"
    assert data["lines"][6]["quantity"] == "3 t REO"
    assert data["lines"][2]["counterparty"] == {"uscc": BUYER_USCC}


def test_products_with_one_name_get_distinct_keys() -> None:
    data = json.loads(dumps_report(REPORTS["same-name-products"]()))
    keys = [flow["product"] for flow in data["lines"]]
    assert len(set(keys)) == 3
    assert set(data["products"]) == set(keys)


def test_equal_products_are_written_once() -> None:
    data = document()
    assert list(data["products"]) == ["prnd-oxide", "bastnaesite-concentrate", "ndfeb-scrap"]


def test_optional_fields_may_be_absent_or_null() -> None:
    data = document()
    for key in ("submitted_at", "report_id", "format", "version"):
        del data[key]
    del data["enterprise"]["group"]
    loaded = loads_report(json.dumps(data))
    assert loaded.submitted_at is None
    assert loaded.report_id == f"{FIRM_USCC}-2025-09"
    data = document()
    data["submitted_at"] = None
    data["report_id"] = None
    data["lines"][1].update(origin=None, date=None, reo=None, counterparty=None)
    data["products"]["prnd-oxide"].update(reo_fraction=None, customs_code=None)
    loaded = loads_report(json.dumps(data))
    assert loaded.lines[1].origin is None
    assert loaded.lines[1].product.reo_fraction is None


def test_reads_bytes_and_files(tmp_path: Path) -> None:
    text = dumps_report(full_report())
    assert loads_report(text.encode("utf-8")) == full_report()
    assert loads_report(text.encode("utf-16")) == full_report()
    path = tmp_path / "report.json"
    path.write_text(text, encoding="utf-8")
    assert load_report(path) == full_report()
    assert load_report(str(path)) == full_report()


def test_load_report_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(InvalidInputError, match="cannot read") as info:
        load_report(missing)
    assert info.value.field == "path"
    bad = tmp_path / "bad.json"
    bad.write_text('{"month": "2025-13"}', encoding="utf-8")
    with pytest.raises(InvalidDocumentError) as document_info:
        load_report(bad)
    assert document_info.value.source == str(bad)
    assert str(document_info.value).startswith(str(bad))


# ---------------------------------------------------------- numbers are Decimal


def test_json_numbers_are_read_as_decimal() -> None:
    for literal, expected in [
        ("0.1", Decimal("0.1")),
        ("0.3", Decimal("0.3")),
        ("1", Decimal(1)),
        ("1.0", Decimal("1.0")),
        ("5e-1", Decimal("0.5")),
        ("0.30000000000000004", Decimal("0.30000000000000004")),
    ]:
        text = changed(lambda data: data["products"]["prnd-oxide"].update(reo_fraction=0))
        text = text.replace('"reo_fraction": 0', f'"reo_fraction": {literal}', 1)
        fraction = loads_report(text).lines[0].product.reo_fraction
        assert isinstance(fraction, Decimal)
        assert fraction == expected
        assert str(fraction) == str(Decimal(literal))  # not a float's expansion


@pytest.mark.parametrize(("first", "second"), [("1.0", "1"), ("1", "1.0"), ("0.50", "0.5")])
def test_a_product_read_earlier_with_an_equal_number_does_not_change_a_later_one(
    first: str, second: str
) -> None:
    # Loaders share equal products between reports; 1 and 1.0 are equal Decimals but not the
    # same document, and each report must read back (and digest) as it was written.
    def with_fraction(literal: str) -> str:
        text = changed(lambda data: data["products"]["prnd-oxide"].update(reo_fraction=0))
        return text.replace('"reo_fraction": 0', f'"reo_fraction": {literal}', 1)

    loads_report(with_fraction(first))
    later = loads_report(with_fraction(second))
    assert str(later.lines[0].product.reo_fraction) == second
    assert f'"reo_fraction": "{second}"' in dumps_report(later)


def test_a_float_fraction_gives_exact_reo() -> None:
    text = changed(lambda data: data["products"]["prnd-oxide"].update(reo_fraction=0))
    text = text.replace('"reo_fraction": 0', '"reo_fraction": 0.1', 1)
    flow = loads_report(text).lines[0]  # opening stock 10 t
    assert flow.reo_content() == Tonnage(1_000_000, MassBasis.REO)


# ------------------------------------------------------------------ error paths


@pytest.mark.parametrize(
    ("change", "paths"),
    [
        (lambda d: d["lines"][2].update(quantity="-7 t"), ["$.lines[2].quantity"]),
        (lambda d: d["lines"][2].update(quantity="7 m"), ["$.lines[2].quantity"]),
        (lambda d: d["lines"][2].update(quantity="7 ton"), ["$.lines[2].quantity"]),
        (lambda d: d["lines"][2].update(quantity=7), ["$.lines[2].quantity"]),
        (lambda d: d["lines"][2].update(quantity=None), ["$.lines[2].quantity"]),
        (lambda d: d["lines"][2].pop("quantity"), ["$.lines[2].quantity"]),
        (lambda d: d["lines"][5].update(reo="1 t"), ["$.lines[5].reo"]),
        (lambda d: d["lines"][6].update(reo="1 t REO"), ["$.lines[6].reo"]),
        (
            lambda d: d["products"]["prnd-oxide"].update(reo_fraction="2"),
            ["$.products['prnd-oxide'].reo_fraction"],
        ),
        (
            lambda d: d["products"]["prnd-oxide"].update(reo_fraction="0"),
            ["$.products['prnd-oxide'].reo_fraction"],
        ),
        (
            lambda d: d["products"]["prnd-oxide"].update(reo_fraction=True),
            ["$.products['prnd-oxide'].reo_fraction"],
        ),
        (
            lambda d: d["products"]["prnd-oxide"].update(elements=["Fe"]),
            ["$.products['prnd-oxide'].elements"],
        ),
        (
            lambda d: d["products"]["prnd-oxide"].update(elements="Nd"),
            ["$.products['prnd-oxide'].elements"],
        ),
        (
            lambda d: d["products"]["prnd-oxide"].update(product_class="magnet"),
            ["$.products['prnd-oxide'].product_class"],
        ),
        (
            lambda d: d["products"]["prnd-oxide"].update(customs_code="2846.9"),
            ["$.products['prnd-oxide'].customs_code"],
        ),
        (lambda d: d["lines"][0].update(product="nope"), ["$.lines[0].product"]),
        (lambda d: d["lines"][0].update(direction="stolen"), ["$.lines[0].direction"]),
        (lambda d: d["lines"][1].update(origin="moon"), ["$.lines[1].origin"]),
        (lambda d: d["lines"][1].update(date="2025-9-3"), ["$.lines[1].date"]),
        (lambda d: d["lines"][1].update(date="2025-02-30"), ["$.lines[1].date"]),
        (lambda d: d["lines"][1].update(date="2025-10-03"), ["$.lines[1].date"]),
        (lambda d: d["lines"][2].update(invoice_number="a b"), ["$.lines[2].invoice_number"]),
        (lambda d: d.update(month="2025-13"), ["$.month"]),
        (lambda d: d.update(month=202509), ["$.month"]),
        (lambda d: d.update(submitted_at="2025-10-09T10:15:00"), ["$.submitted_at"]),
        (lambda d: d.update(submitted_at="yesterday"), ["$.submitted_at"]),
        (lambda d: d.update(report_id="has space"), ["$.report_id"]),
        (lambda d: d["enterprise"].update(name=5), ["$.enterprise.name"]),
        (lambda d: d["enterprise"].update(activities=["farming"]), ["$.enterprise.activities"]),
        (lambda d: d.pop("enterprise"), ["$.enterprise"]),
        (lambda d: d.update(extra=1), ["$"]),
        (lambda d: d["lines"][1].update(extra=1), ["$.lines[1]"]),
        (lambda d: d["enterprise"].update(extra=1), ["$.enterprise"]),
        (lambda d: d["products"]["prnd-oxide"].update(extra=1), ["$.products['prnd-oxide']"]),
        (lambda d: d["lines"][2]["counterparty"].update(extra=1), ["$.lines[2].counterparty"]),
        (lambda d: d.update(format="rare_earth_regs/quota-allocations"), ["$.format"]),
        (lambda d: d.update(version=2), ["$.version"]),
        (lambda d: d.update(version="1"), ["$.version"]),
        (lambda d: d.update(version=True), ["$.version"]),
        (lambda d: d["lines"][3].update(counterparty={"name": "X"}), ["$.lines[3].counterparty"]),
        (lambda d: d["lines"].append(5), ["$.lines[7]"]),
        (lambda d: d.update(enterprise=None), ["$.enterprise"]),
    ],
)
def test_bad_field_is_reported_with_its_path(
    change: Callable[[dict[str, Any]], object], paths: list[str]
) -> None:
    found = errors_of(changed(change))
    assert found == paths


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["enterprise"].update(uscc="91350000MA0000001X"), "$.enterprise.uscc"),
        (lambda d: d["enterprise"].update(group=""), "$.enterprise.group"),
        (
            lambda d: d["lines"][2].update(counterparty={"uscc": "x"}),
            "$.lines[2].counterparty.uscc",
        ),
    ],
)
def test_nested_model_errors_name_the_field(
    change: Callable[[dict[str, Any]], object], path: str
) -> None:
    assert errors_of(changed(change)) == [path]


def test_bad_uscc_is_reported() -> None:
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(changed(lambda d: d["enterprise"].update(uscc="91350000MA0000001X")))
    assert "91350000MA0000001X" in str(info.value)
    assert info.value.errors[0].path.startswith("$.enterprise")


def test_every_error_is_reported_together() -> None:
    def break_three(data: dict[str, Any]) -> None:
        data["lines"][2]["quantity"] = "x"
        data["lines"][4]["direction"] = "stolen"
        data["month"] = "2025-13"
        data["products"]["ndfeb-scrap"]["reo_fraction"] = "7"

    with pytest.raises(InvalidDocumentError) as info:
        loads_report(changed(break_three))
    paths = {error.path for error in info.value.errors}
    assert paths == {
        "$.month",
        "$.lines[2].quantity",
        "$.lines[4].direction",
        "$.products['ndfeb-scrap'].reo_fraction",
    }
    text = str(info.value)
    assert text.startswith("report: 4 errors: ")
    assert "'2025-13'" in text


def test_unknown_product_keys_and_format_errors_are_reported_together() -> None:
    def break_them(data: dict[str, Any]) -> None:
        data["lines"][0]["product"] = "a"
        data["lines"][3]["product"] = "b"
        data["format"] = "x"
        data["version"] = 9

    assert errors_of(changed(break_them)) == [
        "$.format",
        "$.version",
        "$.lines[0].product",
        "$.lines[3].product",
    ]


def test_error_messages_say_what_is_accepted() -> None:
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(changed(lambda d: d["lines"][0].update(product="nope")))
    assert info.value.errors == (
        FieldError("$.lines[0].product", "got 'nope'; expected a key of $.products"),
    )
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(changed(lambda d: d.update(extra=1, other=2)))
    assert info.value.errors == (FieldError("$", "unknown fields: extra, other"),)
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(changed(lambda d: d["lines"][2].pop("quantity")))
    assert info.value.errors == (FieldError("$.lines[2].quantity", "required field missing"),)


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "a", "format": "b"}',
        '{"month": "2025-09", "lines": [{"direction": "sold", "direction": "lost"}]}',
        '{"reo_fraction": NaN}',
        '{"reo_fraction": Infinity}',
        '{"reo_fraction": -Infinity}',
        "[]",
        "null",
        '"report"',
        "1",
        "true",
        '{"a": ',
        "",
        "   ",
        "{'month': '2025-09'}",
        '{"month": "2025-09",}',
        "[" * 100_000,
        "{" * 100_000,
        '{"a":' * 100_000,
        "[" * 100_000 + "]" * 100_000,
        "\ufeff{}",
    ],
)
def test_malformed_documents_raise_document_errors(text: str) -> None:
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(text)
    assert isinstance(info.value, ValueError)
    assert info.value.errors
    assert all(error.path.startswith("$") for error in info.value.errors)


def test_specific_json_failures() -> None:
    def only(text: str | bytes) -> FieldError:
        with pytest.raises(InvalidDocumentError) as info:
            loads_report(text)
        assert len(info.value.errors) == 1
        return info.value.errors[0]

    assert only('{"format": "a", "format": "b"}') == FieldError("$", "duplicate keys: format")
    assert "NaN" in only('{"reo_fraction": NaN}').message
    assert "Infinity" in only('{"a": Infinity}').message
    assert only("[" * 100_000).message == "nesting too deep"
    assert only('{"a": ').message.startswith("malformed JSON")
    assert "line 1" in only('{"a": ').message
    assert only(b"\x80abc").path == "$"
    assert only(b"\xff\xfe{").path == "$"
    # a BOM is refused in text, as json.loads does, and read from bytes as UTF-8-SIG
    assert only("\ufeff{}").message == (
        "malformed JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) at line 1 column 1"
    )
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(b"\xef\xbb\xbf{}")  # read: the fields are missing, not the JSON bad
    assert "$" not in [error.path for error in info.value.errors]
    assert only(b'{"a": 1, "a": 2}') == FieldError("$", "duplicate keys: a")


@pytest.mark.parametrize("value", [None, 5, ["{}"], {"month": "2025-09"}, object()])
def test_non_text_input_is_refused(value: Any) -> None:
    with pytest.raises(InvalidDocumentError, match="str or bytes"):
        loads_report(value)


def test_float_quantity_as_a_json_number_is_refused() -> None:
    text = changed(lambda d: d["lines"][2].update(quantity=0))
    text = text.replace('"quantity": 0', '"quantity": 7.5', 1)
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(text)
    assert [error.path for error in info.value.errors] == ["$.lines[2].quantity"]
    assert "unit" in info.value.errors[0].message


def test_deep_nesting_inside_a_field() -> None:
    text = changed(lambda d: d["lines"].insert(0, 0))
    text = text.replace('"lines": [\n    0', '"lines": [' + "[" * 50_000 + "]" * 50_000, 1)
    with pytest.raises(InvalidDocumentError):
        loads_report(text)


def _report_with_lines(lines: object) -> str:
    data = document()
    data["lines"] = lines
    return json.dumps(data)


@pytest.mark.parametrize(
    ("loader", "text"),
    [
        (loads_report, _report_with_lines("")),
        (loads_report, _report_with_lines({})),
        (loads_allocations, '{"allocations": ""}'),
        (loads_allocations, '{"allocations": {}}'),
        (loads_designations, '{"designations": {}}'),
    ],
    ids=[
        "report-lines-string",
        "report-lines-object",
        "allocations-string",
        "allocations-object",
        "designations-object",
    ],
)
def test_a_non_array_is_not_read_as_an_empty_list(
    loader: Callable[[str], object], text: str
) -> None:
    with pytest.raises(InvalidDocumentError):
        loader(text)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["lines"].__setitem__(0, 5),
        lambda d: d.update(products=[]),
        lambda d: d.update(enterprise="Example Co."),
        lambda d: d["lines"][2].update(counterparty="Buyer Co."),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction="abc"),
    ],
)
def test_wrong_json_types_are_described(change: Callable[[dict[str, Any]], object]) -> None:
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(changed(change))
    for error in info.value.errors:
        assert "Error" not in error.message
        assert "invalid value (" not in error.message


@pytest.mark.parametrize("text", ["[]", "null", "1", '"x"'])
def test_non_object_document_message(text: str) -> None:
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(text)
    assert "object" in info.value.errors[0].message
    assert "Error" not in info.value.errors[0].message


def test_percent_fraction_in_json() -> None:
    text = changed(lambda d: d["products"]["prnd-oxide"].update(reo_fraction="45%"))
    assert loads_report(text).lines[0].product.reo_fraction == Decimal("0.45")


# --------------------------------------------------- allocations, designations

ALLOCATIONS = (
    QuotaAllocation(
        year=2024,
        batch=1,
        activity="mining",
        ore_type="rock",
        holder="Example Group",
        holder_uscc=FIRM_USCC,
        amount="94580 t REO",
        source="2024 batch 1 notice",
        issued=date(2024, 2, 6),
    ),
    QuotaAllocation(
        year=2024,
        batch=2,
        activity="smelting_separation",
        holder="Example Group",
        amount="0.000001 t REO",
        basis=QuotaBasis.RUNNING_TOTAL,
    ),
)
DESIGNATIONS = (
    Designation(uscc=FIRM_USCC, activity="mining", valid_from=date(2024, 10, 1)),
    Designation(
        uscc=BUYER_USCC,
        activity="smelting_separation",
        valid_from=date(2024, 10, 1),
        valid_until=date(2025, 12, 31),
        source="MIIT list",
    ),
)


def test_allocations_round_trip() -> None:
    text = dumps_allocations(ALLOCATIONS)
    assert loads_allocations(text) == ALLOCATIONS
    assert loads_allocations(text.encode()) == ALLOCATIONS
    data = json.loads(text)
    assert data["format"] == ALLOCATIONS_FORMAT
    assert data["version"] == 1
    assert data["allocations"][0]["amount"] == "94580 t REO"
    assert data["allocations"][0]["ore_type"] == "rock"
    assert data["allocations"][1]["basis"] == "running_total"
    assert dumps_allocations(loads_allocations(text)) == text
    assert loads_allocations(dumps_allocations([])) == ()
    assert loads_allocations('{"allocations": []}') == ()


def test_designations_round_trip() -> None:
    text = dumps_designations(DESIGNATIONS)
    register = loads_designations(text)
    assert isinstance(register, DesignationRegister)
    assert register.designations == DESIGNATIONS
    assert register == DesignationRegister(DESIGNATIONS)
    assert register.is_designated(BUYER_USCC, "smelting_separation", on=date(2025, 12, 31))
    assert dumps_designations(register) == text
    data = json.loads(text)
    assert data["format"] == DESIGNATIONS_FORMAT
    assert "valid_until" not in data["designations"][0]
    assert data["designations"][1]["valid_until"] == "2025-12-31"


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ('{"allocations": [{"year": 2024}]}', 4),
        (
            '{"allocations": [{"year": 2024, "batch": 1, "activity": "mining", '
            '"holder": "G", "amount": "1 t"}]}',
            ["$.allocations[0].amount"],
        ),
        (
            '{"allocations": [{"year": 2024, "batch": 1, "activity": "smelting_separation", '
            '"holder": "G", "amount": "1 t REO", "ore_type": "rock"}]}',
            ["$.allocations[0].ore_type"],
        ),
        (
            '{"allocations": [{"year": 1999, "batch": 1, "activity": "mining", '
            '"holder": "G", "amount": "1 t REO"}]}',
            ["$.allocations[0].year"],
        ),
        ('{"allocations": [], "extra": 1}', ["$"]),
        ('{"format": "rare_earth_regs/flow-report", "allocations": []}', ["$.format"]),
        ('{"version": 2, "allocations": []}', ["$.version"]),
        ("[]", ["$"]),
        ('{"allocations": [], "allocations": []}', ["$"]),
    ],
)
def test_allocation_errors(text: str, paths: list[str] | int) -> None:
    found = errors_of(text, loads_allocations)
    if isinstance(paths, int):
        assert len(found) == paths
        assert all(path.startswith("$.allocations[0].") for path in found)
    else:
        assert found == paths


def test_every_bad_field_of_one_object_is_reported() -> None:
    text = (
        '{"allocations": [{"year": 1999, "batch": 0, "activity": "export", '
        '"holder": "G", "amount": "1 t REO"}]}'
    )
    assert errors_of(text, loads_allocations) == [
        "$.allocations[0].year",
        "$.allocations[0].batch",
        "$.allocations[0].activity",
    ]


@pytest.mark.parametrize(
    ("designation", "path"),
    [
        ({"uscc": FIRM_USCC, "activity": "export", "valid_from": "2025-01-01"}, "activity"),
        (
            {
                "uscc": FIRM_USCC,
                "activity": "mining",
                "valid_from": "2025-01-01",
                "valid_until": "2024-12-31",
            },
            "valid_until",
        ),
        ({"uscc": FIRM_USCC, "activity": "mining", "valid_from": "2025-1-1"}, "valid_from"),
        ({"uscc": FIRM_USCC, "activity": "mining"}, "valid_from"),
    ],
)
def test_designation_errors(designation: dict[str, Any], path: str) -> None:
    text = json.dumps({"designations": [designation]})
    assert errors_of(text, loads_designations) == [f"$.designations[0].{path}"]


def test_designations_refuse_another_format() -> None:
    assert errors_of('{"format": "x", "designations": []}', loads_designations) == ["$.format"]


# ----------------------------------------------------------------------- schema


def test_schema_is_a_valid_offline_draft_2020_12_schema() -> None:
    schema = report_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema
    text = json.dumps(schema)
    refs = _walk(schema, "$ref")
    assert refs
    assert all(ref.startswith("#/$defs/") for ref in refs)
    assert "http" not in "".join(refs)
    assert report_schema() == schema
    assert report_schema() is not report_schema()  # a fresh dict each time
    assert json.loads(text) == schema


def _walk(node: object, key: str) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key and isinstance(value, str):
                found.append(value)
            found.extend(_walk(value, key))
    elif isinstance(node, list):
        for value in node:
            found.extend(_walk(value, key))
    return found


def test_schema_enums_match_the_model() -> None:
    defs = report_schema()["$defs"]
    assert defs["line"]["properties"]["direction"]["enum"] == [d.value for d in FlowDirection]
    assert defs["product"]["properties"]["product_class"]["enum"] == [c.value for c in ProductClass]
    assert defs["enterprise"]["properties"]["activities"]["items"]["enum"] == [
        a.value for a in Activity
    ]
    origin = defs["line"]["properties"]["origin"]["oneOf"][1]["enum"]
    assert origin == [o.value for o in FeedstockOrigin]
    symbols = defs["product"]["properties"]["elements"]["items"]["enum"]
    assert symbols == [e.symbol for e in sorted(Element, key=lambda e: e.atomic_number)]


@pytest.mark.parametrize("name", list(REPORTS))
def test_written_reports_validate_against_the_schema(name: str) -> None:
    data = json.loads(dumps_report(REPORTS[name]()))
    assert list(validator().iter_errors(data)) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(extra=1),
        lambda d: d["lines"][0].update(extra=1),
        lambda d: d["enterprise"].update(extra=1),
        lambda d: d["products"]["prnd-oxide"].update(extra=1),
        lambda d: d["lines"][2]["counterparty"].update(extra=1),
        lambda d: d.pop("lines"),
        lambda d: d.pop("products"),
        lambda d: d.update(month="2025-13"),
        lambda d: d.update(month="0000-01"),
        lambda d: d.update(format="x"),
        lambda d: d.update(version=2),
        lambda d: d.update(version=True),
        lambda d: d.update(submitted_at="2025-10-09T10:15:00"),
        lambda d: d["lines"][0].update(quantity=7),
        lambda d: d["lines"][0].update(quantity="7"),
        lambda d: d["lines"][0].update(quantity="-7 t"),
        lambda d: d["lines"][5].update(reo="9 t"),
        lambda d: d["lines"][0].update(direction="stolen"),
        lambda d: d["lines"][1].update(origin="moon"),
        lambda d: d["lines"][1].update(date="2025-9-3"),
        lambda d: d["lines"][2].update(invoice_number="a b"),
        lambda d: d["lines"][3].update(counterparty={"name": "X"}),
        lambda d: d["lines"][3].update(counterparty={"country": "DE"}),
        lambda d: d["lines"][3].update(counterparty={"name": "Nowhere Ltd", "country": "ZZ"}),
        lambda d: d["lines"][3].update(counterparty={"name": "Nowhere Ltd", "country": "XK"}),
        lambda d: d["lines"][3].update(counterparty={"name": "Nowhere Ltd", "country": "AA"}),
        lambda d: d["lines"][2].update(counterparty={"uscc": BUYER_USCC, "country": "DE"}),
        lambda d: d["enterprise"].update(uscc="123"),
        lambda d: d["enterprise"].update(activities=["farming"]),
        lambda d: d["products"]["prnd-oxide"].update(product_class="magnet"),
        lambda d: d["products"]["prnd-oxide"].update(elements=["Fe"]),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction="0"),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction="1.5"),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction=0),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction=2),
        lambda d: d["products"]["prnd-oxide"].update(customs_code="2846.9"),
        lambda d: d["products"]["prnd-oxide"].update(form=None),
    ],
)
def test_schema_and_loader_both_refuse(change: Callable[[dict[str, Any]], object]) -> None:
    data = document()
    change(data)
    assert list(validator().iter_errors(data)), "the schema accepts it"
    with pytest.raises(InvalidDocumentError):
        loads_report(json.dumps(data))
    with pytest.raises(InvalidDocumentError):
        report_from_dict(json.loads(json.dumps(data)))


@pytest.mark.parametrize(
    "change",
    [
        lambda d: [d.pop(key) for key in ("format", "version", "report_id", "submitted_at")],
        lambda d: d.update(submitted_at=None, report_id=None),
        lambda d: d.update(submitted_at="2025-10-09T02:15:00Z"),
        lambda d: d.update(submitted_at="2025-10-09T10:15:00.5+08:00"),
        lambda d: d["lines"][0].update(quantity="10000 kg"),
        lambda d: d["lines"][0].update(quantity="2 公斤"),
        lambda d: d["lines"][6].update(quantity="3 t_REO"),
        lambda d: d["lines"][6].update(quantity="3000 kg_REO"),
        lambda d: d["lines"][5].update(reo="9000 kgREO"),
        lambda d: d["lines"][1].update(origin=None, date=None, counterparty=None),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction=0.5),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction=1),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction="1.000"),
        lambda d: d["products"]["prnd-oxide"].update(reo_fraction=".5"),
        lambda d: d["products"]["prnd-oxide"].update(customs_code="2846.90"),
        lambda d: d["products"]["prnd-oxide"].pop("elements"),
        lambda d: d["lines"][2].update(counterparty={"uscc": BUYER_USCC, "country": "CN"}),
        lambda d: d["enterprise"].update(group=None),
        lambda d: d["lines"][3].update(counterparty={"name": "Example Ltd", "country": "AU"}),
        lambda d: d["lines"][3].update(counterparty={"name": "Example Ltd", "country": "VN"}),
    ],
)
def test_schema_and_loader_both_accept(change: Callable[[dict[str, Any]], object]) -> None:
    data = document()
    change(data)
    assert list(validator().iter_errors(data)) == []
    text = json.dumps(data)
    assert isinstance(loads_report(text), FlowReport)
    # a dict parsed by json.loads (floats, not Decimals) is accepted the same
    assert report_from_dict(json.loads(text)) == loads_report(text)


@pytest.mark.parametrize(
    ("fraction", "accepted"),
    [
        *[("0.45", True), ("1", True), ("1.0", True), ("0.1e1", True), ("1e-3", True)],
        *[("0", False), ("1.5", False), ("-0.5", False), ("1e400", False), ("NaN", False)],
        ("Infinity", False),
    ],
)
def test_a_float_reo_fraction_is_read_alike_from_text_and_from_json_loads(
    fraction: str, accepted: bool
) -> None:
    """The probe's finding: json.loads gives a float, which report_from_dict refused."""
    data = document()
    data["products"]["prnd-oxide"]["reo_fraction"] = "@@"
    text = json.dumps(data).replace('"@@"', fraction)
    loaders: dict[str, Callable[[], FlowReport]] = {
        "loads_report": lambda: loads_report(text),
        "report_from_dict(json.loads)": lambda: report_from_dict(json.loads(text)),
    }
    results: dict[str, FlowReport | None] = {}
    for name, load in loaders.items():
        try:
            results[name] = load()
        except InvalidDocumentError:
            results[name] = None
    assert {name: report is not None for name, report in results.items()} == dict.fromkeys(
        loaders, accepted
    )
    if accepted:
        assert results["loads_report"] == results["report_from_dict(json.loads)"]


@pytest.mark.parametrize("path", EXAMPLE_REPORTS, ids=lambda path: path.name)
def test_example_reports_validate_and_load(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(validator().iter_errors(data)) == []
    loaded = load_report(path)
    assert loads_report(dumps_report(loaded)) == loaded


# ------------------------------------------------------------ generated reports

usccs = uscc_bodies().map(make_uscc)
names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(
    lambda text: text.strip() != ""
)
references = st.from_regex(r"[0-9A-Za-z][0-9A-Za-z./_-]{0,20}", fullmatch=True)
fractions = st.decimals(
    min_value=Decimal("0.000001"), max_value=1, places=6, allow_nan=False, allow_infinity=False
)
customs_codes = st.from_regex(r"[0-9]{6}([0-9]{2}){0,2}", fullmatch=True)
tonnages = st.builds(
    Tonnage,
    st.one_of(st.integers(0, 10**9), st.integers(0, MAX_GRAMS)),
    st.sampled_from(MassBasis),
)
enterprises = st.builds(
    Enterprise,
    uscc=usccs,
    name=names,
    activities=st.frozensets(st.sampled_from(Activity)),
    group=st.none() | names,
)
products = st.builds(
    Product,
    name=names,
    product_class=st.sampled_from(ProductClass),
    form=st.sampled_from(["", "oxide", "metal", "scrap"]),
    elements=st.frozensets(st.sampled_from(Element), max_size=3),
    reo_fraction=st.none() | fractions,
    customs_code=st.none() | customs_codes,
)
# UTC offsets in whole minutes, as every real zone has had since the 1970s
offsets = st.integers(-23 * 60, 23 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
counterparties = st.one_of(
    st.builds(Counterparty, uscc=usccs),
    st.builds(Counterparty, uscc=usccs, country=st.just("CN")),
    st.builds(Counterparty, name=names, country=st.sampled_from(sorted(iso_country_codes()))),
)


@st.composite
def flow_lines(draw: st.DrawFn, month: Month, catalogue: list[Product]) -> FlowLine:
    quantity = draw(tonnages)
    reo = None
    if not quantity.is_reo and draw(st.booleans()):
        reo = Tonnage(draw(st.integers(0, quantity.grams)), MassBasis.REO)
    day = draw(st.none() | st.dates(month.first_day, month.last_day))
    return FlowLine(
        direction=draw(st.sampled_from(FlowDirection)),
        product=draw(st.sampled_from(catalogue)),
        quantity=quantity,
        reo=reo,
        origin=draw(st.none() | st.sampled_from(FeedstockOrigin)),
        counterparty=draw(st.none() | counterparties),
        date=day,
        invoice_number=draw(st.none() | references),
        customs_declaration=draw(st.none() | references),
    )


@st.composite
def flow_reports(draw: st.DrawFn) -> FlowReport:
    month = Month(draw(st.integers(1990, 2100)), draw(st.integers(1, 12)))
    catalogue = draw(st.lists(products, min_size=1, max_size=4))
    lines = draw(st.lists(flow_lines(month, catalogue), max_size=8))
    submitted = draw(
        st.none()
        | st.datetimes(
            min_value=datetime(1990, 1, 2), max_value=datetime(2100, 12, 30), timezones=offsets
        )
    )
    return FlowReport(
        enterprise=draw(enterprises),
        month=month,
        lines=lines,
        submitted_at=submitted,
        report_id=draw(st.none() | references),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flow_reports())
def test_generated_reports_round_trip_and_validate(monthly: FlowReport) -> None:
    text = dumps_report(monthly)
    restored = loads_report(text)
    assert restored == monthly
    assert restored.submitted_at == monthly.submitted_at
    assert [flow.product for flow in restored.lines] == [flow.product for flow in monthly.lines]
    assert dumps_report(restored) == text
    assert list(validator().iter_errors(json.loads(text))) == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.builds(
            QuotaAllocation,
            year=st.integers(2000, 2100),
            batch=st.integers(1, 5),
            activity=st.just(Activity.MINING),
            ore_type=st.none() | st.sampled_from(OreType),
            holder=names,
            holder_uscc=st.none() | usccs,
            amount=st.builds(Tonnage, st.integers(0, MAX_GRAMS), st.just(MassBasis.REO)),
            basis=st.sampled_from(QuotaBasis),
            source=st.text(max_size=10),
            issued=st.none() | st.dates(),
        ),
        max_size=4,
    )
)
def test_generated_allocations_round_trip(allocations: list[QuotaAllocation]) -> None:
    assert loads_allocations(dumps_allocations(allocations)) == tuple(allocations)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.builds(
            lambda uscc, activity, start, length, source: Designation(
                uscc=uscc,
                activity=activity,
                valid_from=start,
                valid_until=None if length is None else start + timedelta(days=length),
                source=source,
            ),
            usccs,
            st.sampled_from(["mining", "smelting_separation"]),
            st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
            st.none() | st.integers(0, 3000),
            st.text(max_size=10),
        ),
        max_size=4,
    )
)
def test_generated_designations_round_trip(designations: list[Designation]) -> None:
    register = loads_designations(dumps_designations(designations))
    assert register.designations == tuple(designations)


def test_the_schema_lists_exactly_the_iso_country_codes() -> None:
    pattern = report_schema()["$defs"]["counterparty"]["properties"]["country"]["oneOf"][1]
    codes = pattern["pattern"].removeprefix("^\\s*(").removesuffix(")\\s*$").split("|")
    assert codes == sorted(iso_country_codes())
    assert len(codes) == 249


def test_product_keys_number_products_of_one_name_in_order() -> None:
    names = ["Oxide", "Oxide", "oxide 2", "Oxide", "Oxide-3", "Oxide"]
    products = [
        Product(name=name, product_class="compound", reo_fraction=f"0.{index + 1}")
        for index, name in enumerate(names)
    ]
    lines = [
        FlowLine(direction="produced", product=product, quantity="1 t") for product in products
    ]
    report = FlowReport(enterprise=FIRM, month="2025-09", lines=lines)
    data = report_to_dict(report)
    assert [line["product"] for line in data["lines"]] == [
        "oxide",
        "oxide-2",
        "oxide-2-2",  # a name that is itself a numbered key is numbered in turn
        "oxide-3",
        "oxide-3-2",
        "oxide-4",
    ]
    assert loads_report(dumps_report(report)) == report


def test_dumps_report_is_linear_in_products_of_one_name() -> None:
    """16,000 products of one name took 36 s (quadratic key numbering)."""
    count = 16_000
    products = [
        Product(name="Oxide", product_class="compound", reo_fraction=f"0.{index + 1:05d}")
        for index in range(count)
    ]
    lines = [
        FlowLine(direction="produced", product=product, quantity="1 t") for product in products
    ]
    report = FlowReport(enterprise=FIRM, month="2025-09", lines=lines)
    started = time.perf_counter()
    text = dumps_report(report)
    elapsed = time.perf_counter() - started
    assert f'"oxide-{count}"' in text
    assert elapsed < 10, f"{elapsed:.1f} s for {count} products of one name"
