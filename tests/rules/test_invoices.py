"""Special VAT invoices: the model, INV001-INV004 and check_invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rare_earth_regs.exceptions import InvalidInputError, InvalidUSCCError, NotInForceError
from rare_earth_regs.findings import Severity
from rare_earth_regs.model.invoices import Invoice, InvoiceCategory, InvoiceLine
from rare_earth_regs.model.products import Product
from rare_earth_regs.rules import check_invoices, get_rule

from .builders import flow, report, separator, uscc

SELLER = separator()
OXIDE_LINE = InvoiceLine(
    goods_name="氧化镨钕",
    category="separation_product",
    unit="t",
    quantity="2",
    oxide_equivalent=True,
)


def invoice(*lines: InvoiceLine, **fields: object) -> Invoice:
    values: dict[str, object] = {
        "number": "HY-1",
        "issued_on": dt.date(2025, 10, 8),
        "seller_uscc": SELLER.uscc,
        "xt_mark": True,
        "lines": lines or (OXIDE_LINE,),
    }
    values.update(fields)
    return Invoice(**values)


def found(*invoices: Invoice, **kwargs: object) -> list[tuple[str, Severity, str]]:
    """(rule, severity, reason) of each finding, sorted by reason (Findings has its own order)."""
    return sorted(
        (
            (item.rule_id, item.severity, item.facts.get("reason", ""))
            for item in check_invoices(invoices, **kwargs)  # type: ignore[arg-type]
        ),
        key=lambda entry: (entry[0], entry[2]),
    )


def test_a_proper_invoice_passes() -> None:
    assert found(invoice()) == []


def test_inv001_module_mark_unit_and_oxide_equivalent() -> None:
    bad = InvoiceLine(
        goods_name="氧化镧",
        category="separation_product",
        unit="袋",
        quantity="3",
        oxide_equivalent=False,
    )
    unsure = InvoiceLine(
        goods_name="氧化铈", category="separation_product", unit="公斤", quantity="3"
    )
    assert found(invoice(bad, unsure, rare_earth_module=False, xt_mark=False)) == [
        ("INV001", Severity.VIOLATION, "no XT mark"),
        ("INV001", Severity.VIOLATION, "not issued through the rare earth module"),
        ("INV001", Severity.UNDETERMINED, "oxide equivalent not stated"),
        ("INV001", Severity.VIOLATION, "quantity not oxide equivalent"),
        ("INV001", Severity.VIOLATION, "unit not kg or t"),
    ]


@pytest.mark.parametrize("unit", ["kg", "t", "公斤", "千克", "吨"])
def test_inv001_accepts_kilograms_and_tonnes(unit: str) -> None:
    line = InvoiceLine(
        goods_name="氧化镨钕",
        category="separation_product",
        unit=unit,
        quantity="1",
        oxide_equivalent=True,
    )
    assert found(invoice(line)) == []


def test_an_invoice_of_other_goods_only_is_not_a_rare_earth_invoice() -> None:
    acid = InvoiceLine(goods_name="盐酸", unit="桶", quantity="5")
    assert found(invoice(acid, xt_mark=False, rare_earth_module=False)) == []


def test_inv002_other_goods_mixed_categories_and_goods_list() -> None:
    acid = InvoiceLine(goods_name="盐酸", unit="t", quantity="5")
    ore = InvoiceLine(
        goods_name="稀土精矿",
        category="mineral_product",
        unit="t",
        quantity="9",
        oxide_equivalent=True,
    )
    assert found(invoice(OXIDE_LINE, ore, acid, goods_list_attachment=True)) == [
        ("INV002", Severity.VIOLATION, "goods-list attachment"),
        ("INV002", Severity.VIOLATION, "mineral and separation products together"),
        ("INV002", Severity.VIOLATION, "other goods"),
    ]


def test_a_processing_service_may_share_an_invoice_with_separation_products() -> None:
    fee = InvoiceLine(
        goods_name="稀土加工费",
        category="processing_service",
        unit="t",
        quantity="4",
        oxide_equivalent=True,
    )
    assert found(invoice(OXIDE_LINE, fee)) == []


def test_inv003_seven_lines_pass_eight_warn() -> None:
    assert found(invoice(*[OXIDE_LINE] * 7)) == []
    warned = check_invoices([invoice(*[OXIDE_LINE] * 8)])
    assert [(item.rule_id, item.severity, item.facts["lines"]) for item in warned] == [
        ("INV003", Severity.WARNING, 8)
    ]
    assert "policy P22" in warned[0].message


def test_inv004_flow_lines_against_the_invoices_given() -> None:
    oxide = Product(name="PrNd oxide", product_class="compound", form="oxide", reo_fraction="1")
    buyer = uscc(104)
    sold = flow("sold", oxide, "2 t", seller=buyer, date=dt.date(2025, 10, 8))
    lines = [
        attrs.evolve(sold, invoice_number="HY-1"),
        attrs.evolve(sold, invoice_number="HY-2"),
        attrs.evolve(sold, invoice_number="OTHER-1"),
        sold,
    ]
    monthly = report(SELLER, "2025-10", lines)
    stranger = invoice(number="OTHER-1", seller_uscc=buyer)
    findings = check_invoices([invoice(), stranger], reports=[monthly])
    assert [(f.rule_id, f.severity, f.subject, f.facts["reason"]) for f in findings] == [
        ("INV004", Severity.UNDETERMINED, "$.lines[1].invoice_number", "invoice not given"),
        ("INV004", Severity.WARNING, "$.lines[2].invoice_number", "seller differs"),
    ]
    assert all(f.report_id == monthly.report_id for f in findings)


def test_a_purchase_names_an_invoice_of_its_seller() -> None:
    oxide = Product(name="PrNd oxide", product_class="compound", form="oxide", reo_fraction="1")
    supplier = uscc(104)
    bought = flow("purchased", oxide, "2 t", seller=supplier, date=dt.date(2025, 10, 8))
    line = attrs.evolve(bought, invoice_number="SUP-9")
    monthly = report(SELLER, "2025-10", [line])
    assert (
        list(check_invoices([invoice(number="SUP-9", seller_uscc=supplier)], reports=[monthly]))
        == []
    )
    wrong = check_invoices([invoice(number="SUP-9")], reports=[monthly])
    assert [f.facts["reason"] for f in wrong] == ["seller differs"]


@pytest.mark.parametrize(
    ("day", "raises"),
    [(dt.date(2024, 9, 30), True), (dt.date(2024, 10, 1), False), (dt.date(2024, 10, 2), False)],
)
def test_invoices_are_checked_from_the_encoded_range(day: dt.date, raises: bool) -> None:
    if raises:
        with pytest.raises(NotInForceError, match="2024-10-01"):
            check_invoices([invoice(issued_on=day)])
    else:
        assert found(invoice(issued_on=day)) == []


def test_the_rules_windows_and_policies() -> None:
    assert get_rule("INV003").policies == ("P22",)
    assert get_rule("INV001").in_force_from == dt.date(2024, 10, 1)
    assert {get_rule(i).scope for i in ("INV001", "INV002", "INV003", "INV004")} == {"invoice"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quantity": "0"}, "quantity"),
        ({"quantity": 1.5}, "quantity"),
        ({"quantity": "NaN"}, "quantity"),
        ({"unit": " "}, "unit"),
        ({"goods_name": ""}, "goods_name"),
        ({"category": "ore"}, "category"),
        ({"oxide_equivalent": "yes"}, "oxide_equivalent"),
    ],
)
def test_bad_invoice_lines_are_refused(fields: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"goods_name": "氧化镧", "unit": "t", "quantity": "1", **fields}
    with pytest.raises(InvalidInputError) as raised:
        InvoiceLine(**values)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"number": "HY 1"}, "number"),
        ({"issued_on": "2025-02-30"}, "issued_on"),
        ({"kind": "proforma"}, "kind"),
        ({"xt_mark": "yes"}, "xt_mark"),
        ({"rare_earth_module": 1}, "rare_earth_module"),
        ({"goods_list_attachment": None}, "goods_list_attachment"),
        ({"lines": []}, "lines"),
        ({"lines": ["x"]}, "lines[0]"),
    ],
)
def test_bad_invoices_are_refused(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        invoice(**fields)
    assert raised.value.field == field


def test_a_bad_seller_uscc_is_refused() -> None:
    with pytest.raises(InvalidUSCCError):
        invoice(seller_uscc="91360700MA35HY0A12")


def test_check_invoices_refuses_other_things() -> None:
    with pytest.raises(InvalidInputError, match="invoices"):
        check_invoices(["HY-1"])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="reports"):
        check_invoices([], reports=["2025-10"])  # type: ignore[list-item]


def test_quantities_are_exact() -> None:
    assert InvoiceLine(goods_name="a", unit="t", quantity="0.1").quantity == Decimal("0.1")


@st.composite
def invoice_lines(draw: st.DrawFn) -> InvoiceLine:
    return InvoiceLine(
        goods_name=draw(st.sampled_from(("氧化镧", "稀土精矿", "盐酸", "加工费"))),
        category=draw(st.none() | st.sampled_from(InvoiceCategory)),
        unit=draw(st.sampled_from(("kg", "t", "吨", "袋", "桶"))),
        quantity=draw(st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10**6), places=3)),
        oxide_equivalent=draw(st.none() | st.booleans()),
    )


@given(
    st.lists(invoice_lines(), min_size=1, max_size=10),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_every_invoice_finding_is_declared_and_cited(
    lines: list[InvoiceLine], module: bool, xt: bool, goods_list: bool
) -> None:
    checked = invoice(
        *lines, rare_earth_module=module, xt_mark=xt, goods_list_attachment=goods_list
    )
    findings = check_invoices([checked])
    for item in findings:
        rule = get_rule(item.rule_id)
        assert item.severity in rule.severities
        assert set(item.citations) <= set(rule.citations)
        assert item.enterprise == SELLER.uscc
    # An invoice without rare earth lines is no rare earth invoice: nothing to say about it.
    if not any(line.is_rare_earth for line in lines):
        assert list(findings) == []
