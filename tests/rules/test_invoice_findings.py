"""The invoice rules (INV001-INV004), each called alone, with their findings compared whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from expect import EnglishFinding, assert_error
from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.findings import Severity
from rare_earth_regs.legal import Citation
from rare_earth_regs.model.invoices import Invoice, InvoiceLine
from rare_earth_regs.model.products import Product
from rare_earth_regs.rules.invoices import (
    CONTENT_2012,
    INVOICES_2019,
    MODULE_2012,
    OTHER_GOODS_2019,
    SEPARATE_2012,
    check_flow_line_invoices,
    check_invoice_composition,
    check_invoice_form,
    check_invoice_line_limit,
    check_invoices,
)

from .builders import flow, report, separator, uscc

SELLER = separator()
OXIDE = Product(name="PrNd oxide", product_class="compound", form="oxide", reo_fraction="1")
OXIDE_LINE = InvoiceLine(
    goods_name="氧化镨钕",
    category="separation_product",
    unit="t",
    quantity="2",
    oxide_equivalent=True,
)
ACID = InvoiceLine(goods_name="盐酸", unit="桶", quantity="5")
BAD = InvoiceLine(
    goods_name="氧化镧",
    category="separation_product",
    unit="袋",
    quantity="3",
    oxide_equivalent=False,
)
UNSURE = InvoiceLine(goods_name="氧化铈", category="separation_product", unit="公斤", quantity="3")
ORE = InvoiceLine(
    goods_name="稀土精矿", category="mineral_product", unit="t", quantity="9", oxide_equivalent=True
)


def invoice(number: str, *lines: InvoiceLine, **fields: Any) -> Invoice:
    values: dict[str, Any] = {
        "number": number,
        "issued_on": dt.date(2025, 10, 8),
        "seller_uscc": SELLER.uscc,
        "xt_mark": True,
        "lines": lines or (OXIDE_LINE,),
    }
    values.update(fields)
    return Invoice(**values)


def on_invoice(
    rule_id: str,
    severity: Severity,
    message: str,
    citations: tuple[Citation, ...],
    subject: str = "$",
    **facts: Any,
) -> EnglishFinding:
    return EnglishFinding(
        rule_id=rule_id,
        severity=severity,
        message=message,
        citations=citations,
        subject=subject,
        facts=facts,
        enterprise=SELLER.uscc,
    )


#: Invoices that pass INV001 and INV002 (no rare earth line, or a proper one), then two
#: that do not, so that an invoice or a line passed over does not hide the next.
PASSING = [
    invoice("HY-A", ACID, xt_mark=False, rare_earth_module=False),
    invoice("HY-0"),
]


def test_inv001_each_defect_of_each_invoice_whole() -> None:
    worst = invoice(
        "HY-2",
        ACID,
        BAD,
        UNSURE,
        issued_on=dt.date(2025, 10, 9),
        rare_earth_module=False,
        xt_mark=False,
    )
    after = invoice("HY-3", BAD, rare_earth_module=False, xt_mark=False)
    head = "invoice HY-2 of 2025-10-09: "
    both = (INVOICES_2019, CONTENT_2012)
    assert list(check_invoice_form([*PASSING, worst, after])) == [
        on_invoice(
            "INV001",
            Severity.VIOLATION,
            head + "rare earth products invoiced outside the rare earth invoicing module",
            (INVOICES_2019, MODULE_2012),
            "$.rare_earth_module",
            invoice="HY-2",
            reason="not issued through the rare earth module",
        ),
        on_invoice(
            "INV001",
            Severity.VIOLATION,
            head + 'rare earth products invoiced without the mark "XT"',
            both,
            "$.xt_mark",
            invoice="HY-2",
            reason="no XT mark",
        ),
        on_invoice(
            "INV001",
            Severity.VIOLATION,
            head + "line 2 (氧化镧) is in 袋, not kg or t",
            both,
            "$.lines[1].unit",
            invoice="HY-2",
            reason="unit not kg or t",
        ),
        on_invoice(
            "INV001",
            Severity.VIOLATION,
            head + "line 2 (氧化镧) states its quantity not as oxide equivalent",
            both,
            "$.lines[1].oxide_equivalent",
            invoice="HY-2",
            reason="quantity not oxide equivalent",
        ),
        on_invoice(
            "INV001",
            Severity.UNDETERMINED,
            head + "line 3 (氧化铈) does not say whether its quantity is oxide equivalent",
            (INVOICES_2019,),
            "$.lines[2].oxide_equivalent",
            invoice="HY-2",
            reason="oxide equivalent not stated",
        ),
        on_invoice(
            "INV001",
            Severity.VIOLATION,
            "invoice HY-3 of 2025-10-08: rare earth products invoiced outside the rare earth"
            " invoicing module",
            (INVOICES_2019, MODULE_2012),
            "$.rare_earth_module",
            invoice="HY-3",
            reason="not issued through the rare earth module",
        ),
        on_invoice(
            "INV001",
            Severity.VIOLATION,
            'invoice HY-3 of 2025-10-08: rare earth products invoiced without the mark "XT"',
            both,
            "$.xt_mark",
            invoice="HY-3",
            reason="no XT mark",
        ),
        on_invoice(
            "INV001",
            Severity.VIOLATION,
            "invoice HY-3 of 2025-10-08: line 1 (氧化镧) is in 袋, not kg or t",
            both,
            "$.lines[0].unit",
            invoice="HY-3",
            reason="unit not kg or t",
        ),
        on_invoice(
            "INV001",
            Severity.VIOLATION,
            "invoice HY-3 of 2025-10-08: line 1 (氧化镧) states its quantity not as oxide"
            " equivalent",
            both,
            "$.lines[0].oxide_equivalent",
            invoice="HY-3",
            reason="quantity not oxide equivalent",
        ),
    ]


def test_inv001_in_chinese() -> None:
    worst = invoice("HY-2", BAD, UNSURE, rare_earth_module=False, xt_mark=False)
    assert [f.message_in("zh") for f in check_invoice_form([worst])] == [
        "发票 HY-2（2025-10-08）：稀土产品未通过稀土专用开票模块开具",
        "发票 HY-2（2025-10-08）：稀土产品发票未标注“XT”",
        "发票 HY-2（2025-10-08）：第 1 行（氧化镧）的计量单位为 袋，不是公斤或吨",
        "发票 HY-2（2025-10-08）：第 1 行（氧化镧）的数量未按折氧化物计量填写",
        "发票 HY-2（2025-10-08）：第 2 行（氧化铈）未说明数量是否按折氧化物计量",
    ]


def test_inv002_each_defect_of_each_invoice_whole() -> None:
    wrapping = InvoiceLine(goods_name="包装袋", unit="个", quantity="1")
    mixed = invoice("HY-2", OXIDE_LINE, ORE, ACID, wrapping, goods_list_attachment=True)
    after = invoice("HY-3", OXIDE_LINE, ACID)
    head = "invoice HY-2 of 2025-10-08: "
    assert list(check_invoice_composition([*PASSING, mixed, after])) == [
        on_invoice(
            "INV002",
            Severity.VIOLATION,
            head + "rare earth products and other goods on one invoice (盐酸, 包装袋)",
            (OTHER_GOODS_2019,),
            invoice="HY-2",
            reason="other goods",
        ),
        on_invoice(
            "INV002",
            Severity.VIOLATION,
            head + "mineral products and separation products on one invoice",
            (SEPARATE_2012, OTHER_GOODS_2019),
            invoice="HY-2",
            reason="mineral and separation products together",
        ),
        on_invoice(
            "INV002",
            Severity.VIOLATION,
            head + "a rare earth invoice with a goods-list attachment (清单)",
            (OTHER_GOODS_2019,),
            "$.goods_list_attachment",
            invoice="HY-2",
            reason="goods-list attachment",
        ),
        on_invoice(
            "INV002",
            Severity.VIOLATION,
            "invoice HY-3 of 2025-10-08: rare earth products and other goods on one invoice (盐酸)",
            (OTHER_GOODS_2019,),
            invoice="HY-3",
            reason="other goods",
        ),
    ]


def test_inv003_eight_lines_or_more_of_a_rare_earth_invoice_whole() -> None:
    given = [
        invoice("HY-7", *[OXIDE_LINE] * 7),
        invoice("HY-A", *[ACID] * 9),  # no rare earth line: not a rare earth invoice
        invoice("HY-8", *[OXIDE_LINE] * 8),
        invoice("HY-9", ACID, *[OXIDE_LINE] * 8),
    ]
    assert list(check_invoice_line_limit(given)) == [
        on_invoice(
            "INV003",
            Severity.WARNING,
            f"invoice HY-{lines} of 2025-10-08: {lines} lines, above the seven of SAT"
            " Announcement 2012 No. 17 (whether that limit still applies since 2019 is not"
            " confirmed, policy P22)",
            (SEPARATE_2012,),
            "$.lines",
            invoice=f"HY-{lines}",
            lines=lines,
        )
        for lines in (8, 9)
    ]


def test_inv004_each_flow_line_against_the_invoices_given_whole() -> None:
    buyer = uscc(104)
    sold = flow("sold", OXIDE, "2 t", seller=buyer, date=dt.date(2025, 10, 8))
    bought = flow("purchased", OXIDE, "2 t", seller=buyer, date=dt.date(2025, 10, 8))
    unnamed = flow("purchased", OXIDE, "1 t", date=dt.date(2025, 10, 8))
    lines = [
        sold,  # names no invoice
        attrs.evolve(sold, invoice_number="HY-0"),  # matches
        attrs.evolve(sold, invoice_number="HY-X"),  # not given
        attrs.evolve(sold, invoice_number="OTHER-1"),  # the buyer's invoice
        attrs.evolve(bought, invoice_number="HY-0"),  # our own invoice on a purchase
        attrs.evolve(bought, invoice_number="OTHER-1"),  # matches
        attrs.evolve(unnamed, invoice_number="HY-0"),  # a purchase from nobody named
        attrs.evolve(bought, invoice_number="HY-Y"),  # not given
    ]
    monthly = report(SELLER, "2025-10", lines)
    given = [invoice("HY-0"), invoice("OTHER-1", seller_uscc=buyer)]
    name, where = "Example Separation Co. 1, 2025-10: ", {"month": "2025-10"}

    def expected(index: int, severity: Severity, text: str, **facts: Any) -> EnglishFinding:
        return EnglishFinding(
            rule_id="INV004",
            severity=severity,
            message=name + text,
            citations=(INVOICES_2019,),
            subject=f"$.lines[{index}].invoice_number",
            facts=facts,
            enterprise=SELLER.uscc,
            report_id=monthly.report_id,
            **where,
        )

    assert list(check_flow_line_invoices(given, reports=[report(SELLER, "2025-09"), monthly])) == [
        expected(
            2,
            Severity.UNDETERMINED,
            "a sold line names invoice HY-X, which was not given",
            invoice="HY-X",
            reason="invoice not given",
        ),
        expected(
            3,
            Severity.WARNING,
            f"a sold line names invoice OTHER-1, whose seller {buyer} is not the line's seller"
            f" ({SELLER.uscc})",
            invoice="OTHER-1",
            reason="seller differs",
            invoice_seller=buyer,
            line_seller=SELLER.uscc,
        ),
        expected(
            4,
            Severity.WARNING,
            f"a purchased line names invoice HY-0, whose seller {SELLER.uscc} is not the line's"
            f" seller ({buyer})",
            invoice="HY-0",
            reason="seller differs",
            invoice_seller=SELLER.uscc,
            line_seller=buyer,
        ),
        expected(
            6,
            Severity.WARNING,
            f"a purchased line names invoice HY-0, whose seller {SELLER.uscc} is not the line's"
            " seller (-)",
            invoice="HY-0",
            reason="seller differs",
            invoice_seller=SELLER.uscc,
            line_seller=None,
        ),
        expected(
            7,
            Severity.UNDETERMINED,
            "a purchased line names invoice HY-Y, which was not given",
            invoice="HY-Y",
            reason="invoice not given",
        ),
    ]
    # without the reports there is no flow line to compare
    assert list(check_flow_line_invoices(given)) == []


def test_check_invoices_refuses_each_bad_argument_whole() -> None:
    good = invoice("HY-0")
    assert_error(
        InvalidInputError(field="invoices", value="HY-0", accepted="an iterable of Invoice"),
        lambda: check_invoices("HY-0"),  # type: ignore[arg-type]
    )
    assert_error(
        InvalidInputError(field="reports", value=None, accepted="an iterable of FlowReport"),
        lambda: check_invoices([good], reports=None),  # type: ignore[arg-type]
    )
    assert_error(
        InvalidInputError(field="invoices[1]", value="HY-1", accepted="an Invoice"),
        lambda: check_invoices([good, "HY-1"]),  # type: ignore[list-item]
    )
    assert_error(
        InvalidInputError(field="reports[1]", value="2025-10", accepted="a FlowReport"),
        lambda: check_invoices([good], reports=[report(SELLER, "2025-10"), "2025-10"]),  # type: ignore[list-item]
    )


def test_an_invoice_before_the_encoded_range_is_not_in_force_naming_it() -> None:
    early = invoice("HY-E", issued_on=dt.date(2024, 9, 30))
    with pytest.raises(NotInForceError) as info:
        check_invoices([invoice("HY-0"), early])
    assert str(info.value) == (
        "invoice HY-E of 2024-09-30: the library encodes the rules from 2024-10-01 (policy P6),"
        " under SAT Announcement 2019 No. 13, and does not guess earlier law"
    )
