"""Special VAT invoices for rare earth products (稀土专用发票): SAT 2012 No. 17, 2019 No. 13.

The rules of this module take invoices (and, for INV004, flow reports), not one report:
their scope is ``"invoice"`` and :func:`check_invoices` runs them.

=======  ===============================================================================
id       what
=======  ===============================================================================
INV001   the invoice's form: rare earth module, "XT" mark, unit kg or t, oxide equivalent
INV002   what one invoice may hold: no other goods, no mineral and separation products
         together, no goods-list attachment
INV003   more than seven lines (the 2012 limit; a warning, policy P22)
INV004   a flow line naming an invoice: the invoice is given and its seller matches
=======  ===============================================================================

References:
    * SAT Announcement 2012 No. 17 (in force 2012-06-01) and SAT Announcement 2019 No. 13 (in
      force 2019-06-01), as glossed in the shipped clause entries.

Limitations:
    * The rare earth product catalogue (稀土产品目录) is not shipped: goods names are not
      checked against it (policy P21).
    * Invoices issued before 2024-10-01 are refused (NotInForceError, policy P6): the
      library encodes the rules from that day, under SAT Announcement 2019 No. 13; the 2012
      system is retired and not encoded on its own.
    * INV004 compares the invoice's seller only; quantities on an invoice are oxide
      equivalents by product name, which a flow line does not carry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rare_earth_regs.exceptions import InvalidInputError, NotInForceError, items_of
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.legal import INVOICE_RULES_2012, INVOICE_RULES_2019, Citation, articles
from rare_earth_regs.locale import Message, define
from rare_earth_regs.model.invoices import (
    RARE_EARTH_UNITS,
    Invoice,
    InvoiceCategory,
)
from rare_earth_regs.model.reports import FlowDirection, FlowReport
from rare_earth_regs.rules.common import ENCODED_FROM
from rare_earth_regs.rules.registry import RULES, register

BEFORE_INVOICE_RULES = define(
    "INV.before-encoded-range",
    "invoice {number} of {issued}: the library encodes the rules from {encoded_from} (policy "
    "P6), under SAT Announcement 2019 No. 13, and does not guess earlier law",
)

__all__ = ["INVOICES_ENCODED_FROM", "check_invoices"]

#: Invoices are checked from the start of the library's encoded range (policy P6), when
#: SAT Announcement 2019 No. 13 (in force 2019-06-01) already applies.
INVOICES_ENCODED_FROM: dt.date = ENCODED_FROM


def _clause(slug: str, key: str) -> Citation:
    for entry in articles(slug):
        if entry.clause == key:
            return Citation(slug, clause=entry.heading_en)
    raise AssertionError(f"no shipped clause {key!r} of {slug}")  # pragma: no cover


MODULE_2012 = _clause(INVOICE_RULES_2012.slug, "rare-earth-module")
CONTENT_2012 = _clause(INVOICE_RULES_2012.slug, "invoice-content")
SEPARATE_2012 = _clause(INVOICE_RULES_2012.slug, "separate-invoices")
INVOICES_2019 = _clause(INVOICE_RULES_2019.slug, "rare-earth-invoices")
OTHER_GOODS_2019 = _clause(INVOICE_RULES_2019.slug, "no-other-goods")

NOT_IN_MODULE = define(
    "INV001.not-in-module",
    "invoice {invoice} of {date}: rare earth products invoiced outside the rare earth"
    " invoicing module",
)
NO_XT_MARK = define(
    "INV001.no-xt-mark",
    'invoice {invoice} of {date}: rare earth products invoiced without the mark "XT"',
)
WRONG_UNIT = define(
    "INV001.unit",
    "invoice {invoice} of {date}: line {line} ({goods}) is in {unit}, not kg or t",
)
NOT_OXIDE = define(
    "INV001.not-oxide-equivalent",
    "invoice {invoice} of {date}: line {line} ({goods}) states its quantity not as oxide"
    " equivalent",
)
OXIDE_NOT_STATED = define(
    "INV001.oxide-equivalent-not-stated",
    "invoice {invoice} of {date}: line {line} ({goods}) does not say whether its quantity is"
    " oxide equivalent",
)
OTHER_GOODS = define(
    "INV002.other-goods",
    "invoice {invoice} of {date}: rare earth products and other goods on one invoice ({goods})",
)
MINERAL_AND_SEPARATION = define(
    "INV002.mineral-and-separation",
    "invoice {invoice} of {date}: mineral products and separation products on one invoice",
)
GOODS_LIST = define(
    "INV002.goods-list",
    "invoice {invoice} of {date}: a rare earth invoice with a goods-list attachment (清单)",
)
TOO_MANY_LINES = define(
    "INV003.more-than-seven-lines",
    "invoice {invoice} of {date}: {lines} lines, above the seven of SAT Announcement 2012"
    " No. 17 (whether that limit still applies since 2019 is not confirmed, policy P22)",
)
INVOICE_NOT_GIVEN = define(
    "INV004.not-given",
    "{enterprise}, {month}: a {direction} line names invoice {invoice}, which was not given",
)
SELLER_DIFFERS = define(
    "INV004.seller-differs",
    "{enterprise}, {month}: a {direction} line names invoice {invoice}, whose seller"
    " {invoice_seller} is not the line's seller ({line_seller})",
)


def _finding(
    rule_id: str,
    severity: Severity,
    invoice: Invoice,
    message: Message,
    citations: tuple[Citation, ...],
    *,
    subject: str = "$",
    **facts: Any,
) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=severity,
        message=message,
        citations=citations,
        subject=subject,
        enterprise=invoice.seller_uscc,
        facts={"invoice": invoice.number, **facts},
    )


def check_invoice_form(invoices: Sequence[Invoice], **_: object) -> Iterator[Finding]:
    """Invoice of rare earth products not issued in the required form.

    Legal basis:
        SAT Announcement 2019 No. 13: rare earth enterprises issue rare earth special invoices
        through the upgraded VAT invoice system, with the goods name from the catalogue, the
        unit kg or t, the quantity as oxide equivalent and the mark "XT"; SAT Announcement
        2012 No. 17 set the same content (数量按照折氧化物计量填写).

    Interpretation:
        An invoice with a rare earth line not issued through the rare earth module, or without
        the "XT" mark, is a VIOLATION; so is a rare earth line whose unit is not kg or t
        (公斤, 千克, 吨 accepted) or whose quantity is stated as not oxide equivalent. A line
        that does not say whether its quantity is oxide equivalent is UNDETERMINED (P10). The
        goods name is taken as given: the catalogue is not shipped (P21).
    """
    for invoice in invoices:
        if not invoice.rare_earth_lines:
            continue
        if not invoice.rare_earth_module:
            yield _finding(
                "INV001",
                Severity.VIOLATION,
                invoice,
                NOT_IN_MODULE(invoice=invoice.number, date=invoice.issued_on),
                (INVOICES_2019, MODULE_2012),
                subject="$.rare_earth_module",
                reason="not issued through the rare earth module",
            )
        if not invoice.xt_mark:
            yield _finding(
                "INV001",
                Severity.VIOLATION,
                invoice,
                NO_XT_MARK(invoice=invoice.number, date=invoice.issued_on),
                (INVOICES_2019, CONTENT_2012),
                subject="$.xt_mark",
                reason="no XT mark",
            )
        for index, line in enumerate(invoice.lines):
            if not line.is_rare_earth:
                continue
            if line.unit not in RARE_EARTH_UNITS:
                yield _finding(
                    "INV001",
                    Severity.VIOLATION,
                    invoice,
                    WRONG_UNIT(
                        invoice=invoice.number,
                        date=invoice.issued_on,
                        line=index + 1,
                        goods=line.goods_name,
                        unit=line.unit,
                    ),
                    (INVOICES_2019, CONTENT_2012),
                    subject=f"$.lines[{index}].unit",
                    reason="unit not kg or t",
                )
            if line.oxide_equivalent is False:
                yield _finding(
                    "INV001",
                    Severity.VIOLATION,
                    invoice,
                    NOT_OXIDE(
                        invoice=invoice.number,
                        date=invoice.issued_on,
                        line=index + 1,
                        goods=line.goods_name,
                    ),
                    (INVOICES_2019, CONTENT_2012),
                    subject=f"$.lines[{index}].oxide_equivalent",
                    reason="quantity not oxide equivalent",
                )
            elif line.oxide_equivalent is None:
                yield _finding(
                    "INV001",
                    Severity.UNDETERMINED,
                    invoice,
                    OXIDE_NOT_STATED(
                        invoice=invoice.number,
                        date=invoice.issued_on,
                        line=index + 1,
                        goods=line.goods_name,
                    ),
                    (INVOICES_2019,),
                    subject=f"$.lines[{index}].oxide_equivalent",
                    reason="oxide equivalent not stated",
                )


register(
    id="INV001",
    name="invoice-form",
    citations=(INVOICES_2019, MODULE_2012, CONTENT_2012),
    severities=(Severity.VIOLATION, Severity.UNDETERMINED),
    in_force_from=INVOICES_ENCODED_FROM,
    policies=("P10", "P21"),
    scope="invoice",
)(check_invoice_form)


def check_invoice_composition(invoices: Sequence[Invoice], **_: object) -> Iterator[Finding]:
    """Rare earth invoice holding what it may not: other goods, mixed categories, a goods list.

    Legal basis:
        SAT Announcement 2019 No. 13: no goods other than rare earth products on a rare earth
        special invoice; invoices split by catalogue category; the goods-list attachment (清单)
        may not be used. SAT Announcement 2012 No. 17: mineral products and
        smelting-and-separation products are invoiced separately, never on one invoice.

    Interpretation:
        A line with no catalogue category is other goods (P21). An invoice with rare earth
        lines and other goods, with both mineral products and separation products, or with a
        goods-list attachment is a VIOLATION.
    """
    for invoice in invoices:
        rare_earth = invoice.rare_earth_lines
        if not rare_earth:
            continue
        others = [line.goods_name for line in invoice.lines if not line.is_rare_earth]
        if others:
            yield _finding(
                "INV002",
                Severity.VIOLATION,
                invoice,
                OTHER_GOODS(
                    invoice=invoice.number, date=invoice.issued_on, goods=", ".join(others)
                ),
                (OTHER_GOODS_2019,),
                reason="other goods",
            )
        categories = {line.category for line in rare_earth}
        if {InvoiceCategory.MINERAL_PRODUCT, InvoiceCategory.SEPARATION_PRODUCT} <= categories:
            yield _finding(
                "INV002",
                Severity.VIOLATION,
                invoice,
                MINERAL_AND_SEPARATION(invoice=invoice.number, date=invoice.issued_on),
                (SEPARATE_2012, OTHER_GOODS_2019),
                reason="mineral and separation products together",
            )
        if invoice.goods_list_attachment:
            yield _finding(
                "INV002",
                Severity.VIOLATION,
                invoice,
                GOODS_LIST(invoice=invoice.number, date=invoice.issued_on),
                (OTHER_GOODS_2019,),
                subject="$.goods_list_attachment",
                reason="goods-list attachment",
            )


register(
    id="INV002",
    name="invoice-composition",
    citations=(OTHER_GOODS_2019, SEPARATE_2012),
    severities=(Severity.VIOLATION,),
    in_force_from=INVOICES_ENCODED_FROM,
    policies=("P21",),
    scope="invoice",
)(check_invoice_composition)

#: The most lines an invoice may have under SAT Announcement 2012 No. 17.
MAX_LINES_2012 = 7


def check_invoice_line_limit(invoices: Sequence[Invoice], **_: object) -> Iterator[Finding]:
    """Rare earth invoice with more than seven lines.

    Legal basis:
        SAT Announcement 2012 No. 17: at most seven lines of goods per invoice.

    Interpretation:
        P22: whether the seven-line limit survives SAT Announcement 2019 No. 13 is not
        confirmed by the sources the library holds; an invoice of rare earth products with
        eight lines or more is a WARNING, not a violation. Seven lines pass.
    """
    for invoice in invoices:
        if invoice.rare_earth_lines and len(invoice.lines) > MAX_LINES_2012:
            yield _finding(
                "INV003",
                Severity.WARNING,
                invoice,
                TOO_MANY_LINES(
                    invoice=invoice.number, date=invoice.issued_on, lines=len(invoice.lines)
                ),
                (SEPARATE_2012,),
                subject="$.lines",
                lines=len(invoice.lines),
            )


register(
    id="INV003",
    name="invoice-more-than-seven-lines",
    citations=(SEPARATE_2012,),
    severities=(Severity.WARNING,),
    in_force_from=INVOICES_ENCODED_FROM,
    policies=("P22",),
    scope="invoice",
)(check_invoice_line_limit)

_SELLS = frozenset({FlowDirection.SOLD})
_BUYS = frozenset({FlowDirection.PURCHASED})


def check_flow_line_invoices(
    invoices: Sequence[Invoice], *, reports: Sequence[FlowReport] = (), **_: object
) -> Iterator[Finding]:
    """Flow line naming an invoice that is not given, or whose seller does not match.

    Legal basis:
        SAT Announcement 2019 No. 13: sales of rare earth products are invoiced with rare
        earth special invoices; Regulations art. 14(2) requires flow records to be truthful.

    Interpretation:
        A ``sold`` or ``purchased`` line that names an invoice number not among the invoices
        given cannot be checked: UNDETERMINED (P10). Where the invoice is given, its seller
        must be the report's enterprise for a ``sold`` line and the counterparty for a
        ``purchased`` one; a different seller is a WARNING (stated facts disagree, P18).
    """
    by_number = {invoice.number: invoice for invoice in invoices}
    for report in reports:
        for index, line in enumerate(report.lines):
            if line.invoice_number is None or line.direction not in _SELLS | _BUYS:
                continue
            found = by_number.get(line.invoice_number)
            subject = f"$.lines[{index}].invoice_number"
            if found is None:
                yield Finding(
                    rule_id="INV004",
                    severity=Severity.UNDETERMINED,
                    message=INVOICE_NOT_GIVEN(
                        enterprise=report.enterprise.name,
                        month=report.month,
                        direction=line.direction.value,
                        invoice=line.invoice_number,
                    ),
                    citations=(INVOICES_2019,),
                    subject=subject,
                    enterprise=report.enterprise.uscc,
                    month=str(report.month),
                    report_id=report.report_id,
                    facts={"invoice": line.invoice_number, "reason": "invoice not given"},
                )
                continue
            seller = (
                report.enterprise.uscc
                if line.direction in _SELLS
                else (None if line.counterparty is None else line.counterparty.uscc)
            )
            if seller != found.seller_uscc:
                yield Finding(
                    rule_id="INV004",
                    severity=Severity.WARNING,
                    message=SELLER_DIFFERS(
                        enterprise=report.enterprise.name,
                        month=report.month,
                        direction=line.direction.value,
                        invoice=found.number,
                        invoice_seller=found.seller_uscc,
                        line_seller=seller or "-",
                    ),
                    citations=(INVOICES_2019,),
                    subject=subject,
                    enterprise=report.enterprise.uscc,
                    month=str(report.month),
                    report_id=report.report_id,
                    facts={
                        "invoice": found.number,
                        "reason": "seller differs",
                        "invoice_seller": found.seller_uscc,
                        "line_seller": seller,
                    },
                )


register(
    id="INV004",
    name="flow-line-invoice-mismatch",
    citations=(INVOICES_2019,),
    severities=(Severity.WARNING, Severity.UNDETERMINED),
    in_force_from=INVOICES_ENCODED_FROM,
    policies=("P10", "P18"),
    scope="invoice",
)(check_flow_line_invoices)


def check_invoices(invoices: Iterable[Invoice], *, reports: Iterable[FlowReport] = ()) -> Findings:
    """Run the invoice rules (INV001-INV004) on ``invoices`` and the flow lines of ``reports``.

    Raises:
        InvalidInputError: for anything but invoices and flow reports.
        NotInForceError: for an invoice issued before 2024-10-01 (policy P6).
    """
    given = items_of(invoices, field="invoices", accepted="an iterable of Invoice")
    flows = items_of(reports, field="reports", accepted="an iterable of FlowReport")
    for index, invoice in enumerate(given):
        if not isinstance(invoice, Invoice):
            raise InvalidInputError(
                field=f"invoices[{index}]", value=invoice, accepted="an Invoice"
            )
        if invoice.issued_on < INVOICES_ENCODED_FROM:
            raise NotInForceError(
                BEFORE_INVOICE_RULES(
                    number=invoice.number,
                    issued=invoice.issued_on,
                    encoded_from=INVOICES_ENCODED_FROM,
                )
            )
    for index, report in enumerate(flows):
        if not isinstance(report, FlowReport):
            raise InvalidInputError(
                field=f"reports[{index}]", value=report, accepted="a FlowReport"
            )
    return Findings(
        finding
        for _, rule in sorted(RULES.items())
        if rule.scope == "invoice"
        for finding in rule.check(given, reports=flows)
    )
