"""The invoices JSON format: lossless round trip, every bad field with its path, CLI input."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from rare_earth_regs.exceptions import InvalidDocumentError, InvalidInputError
from rare_earth_regs.model.invoices import Invoice, InvoiceCategory, InvoiceKind, InvoiceLine
from rare_earth_regs.serialization import (
    INVOICES_FORMAT,
    dumps_invoices,
    load_invoices,
    loads_allocations,
    loads_invoices,
)

SELLER = "91360700MA35HY0A11"
BUYER = "91330200MA2CM0G14P"


def _invoice(**changes: Any) -> Invoice:
    values: dict[str, Any] = {
        "number": "HY-2025-10-001",
        "issued_on": "2025-10-08",
        "seller_uscc": SELLER,
        "buyer_uscc": BUYER,
        "xt_mark": True,
        "lines": [
            InvoiceLine(
                goods_name="氧化镨钕",
                category="separation_product",
                unit="t",
                quantity="12.50",
                oxide_equivalent=True,
            ),
            InvoiceLine(goods_name="包装桶", unit="个", quantity=40),
        ],
    }
    values.update(changes)
    return Invoice(**values)


def _document(**invoice: Any) -> str:
    base: dict[str, Any] = {
        "number": "HY-2025-10-001",
        "issued_on": "2025-10-08",
        "seller_uscc": SELLER,
        "lines": [{"goods_name": "氧化镨钕", "unit": "t", "quantity": "12.5"}],
    }
    base.update(invoice)
    return json.dumps({"format": INVOICES_FORMAT, "version": 1, "invoices": [base]})


def _paths(error: InvalidDocumentError) -> list[str]:
    return sorted(item.path for item in error.errors)


def test_round_trip_is_lossless() -> None:
    invoices = (
        _invoice(),
        _invoice(
            number="HY-2025-10-002",
            buyer_uscc=None,
            kind="ordinary",
            rare_earth_module=False,
            xt_mark=False,
            goods_list_attachment=True,
        ),
    )
    text = dumps_invoices(invoices)
    loaded = loads_invoices(text)
    assert loaded == invoices
    # trailing zeros are kept: "12.50" is written back as it was read
    assert loaded[0].lines[0].quantity.as_tuple() == Decimal("12.50").as_tuple()
    assert json.loads(text)["invoices"][0]["lines"][0]["quantity"] == "12.50"
    assert loaded[1].kind is InvoiceKind.ORDINARY
    assert loaded[0].lines[1].category is None


def test_defaults_as_the_model_has_them(tmp_path: Any) -> None:
    path = tmp_path / "invoices.json"
    path.write_text(_document(), encoding="utf-8")
    (invoice,) = load_invoices(path)
    assert invoice.kind is InvoiceKind.SPECIAL
    assert invoice.rare_earth_module is True
    assert invoice.xt_mark is False
    assert invoice.goods_list_attachment is False
    assert invoice.lines[0].category is None
    assert invoice.lines[0].oxide_equivalent is None


def test_every_bad_field_with_its_path() -> None:
    text = _document(
        number="HY 1",
        issued_on="2025-02-30",
        seller_uscc="91360700MA35HY0A12",
        xt_mark=1,
        lines=[
            {"goods_name": " ", "unit": "t", "quantity": "0", "category": "metal"},
            {"goods_name": "氧化镧", "unit": "t", "quantity": 1.5, "extra": True},
        ],
    )
    with pytest.raises(InvalidDocumentError) as caught:
        loads_invoices(text)
    assert _paths(caught.value) == [
        "$.invoices[0].issued_on",
        "$.invoices[0].lines[0].category",
        "$.invoices[0].lines[0].goods_name",
        "$.invoices[0].lines[0].quantity",
        "$.invoices[0].lines[1]",
        "$.invoices[0].number",
        "$.invoices[0].seller_uscc",
        "$.invoices[0].xt_mark",
    ]
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"invoices": [], "invoices": []}', "$"),
        ('{"invoices": "HY-1"}', "$.invoices"),
        (
            '{"invoices": [{"number": "A", "issued_on": "2025-10-08", "seller_uscc": "'
            + SELLER
            + '", "lines": []}]}',
            "$.invoices[0].lines",
        ),
        (
            '{"invoices": [{"number": "A", "issued_on": "2025-10-08", "seller_uscc": "'
            + SELLER
            + '", "lines": {"0": {}}}]}',
            "$.invoices[0].lines",
        ),
        ('{"format": "rare_earth_regs/invoices", "version": 2, "invoices": []}', "$.version"),
        ('{"format": "rare_earth_regs/designations", "invoices": []}', "$.format"),
        ('{"invoices": [], "quantity": NaN}', "$"),
    ],
)
def test_refused_documents(text: str, path: str) -> None:
    with pytest.raises(InvalidDocumentError) as caught:
        loads_invoices(text)
    assert path in _paths(caught.value)


def test_another_kind_of_document_is_named() -> None:
    with pytest.raises(InvalidDocumentError, match="a quota allocations document, not an invoices"):
        loads_invoices('{"format": "rare_earth_regs/quota-allocations", "allocations": []}')
    with pytest.raises(InvalidDocumentError, match="an invoices document, not a quota"):
        loads_allocations(_document())


def test_a_json_number_is_read_exactly() -> None:
    (invoice,) = loads_invoices(
        _document(lines=[{"goods_name": "氧化镨钕", "unit": "t", "quantity": 0.1}])
    )
    assert invoice.lines[0].quantity == Decimal("0.1")


def test_not_json_text_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError):
        loads_invoices(b"\xff\xfe")
    with pytest.raises(InvalidInputError):
        loads_invoices(12)  # type: ignore[arg-type]


def test_category_values_are_the_enum_values() -> None:
    for category in InvoiceCategory:
        (invoice,) = loads_invoices(
            _document(
                lines=[
                    {"goods_name": "x", "unit": "t", "quantity": "1", "category": category.value}
                ]
            )
        )
        assert invoice.lines[0].category is category
