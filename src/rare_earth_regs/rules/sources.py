"""Sources: no trade in illegally mined or illegally separated rare earth products.

References:
    * Regulations 2024, art. 13 (《稀土管理条例》第十三条): no unit or individual may
      purchase, process, sell or export rare earth products that were illegally mined
      or illegally smelted and separated. Penalty: art. 23 (export: art. 24).
    * Art. 8: only designated enterprises may mine or smelt and separate.

Limitations:
    * A purchase is traced one step back only: to the seller's designation, or to a
      customs declaration for an import. A product bought from a seller that is not
      designated cannot be traced further from one report and is UNDETERMINED, not a
      violation (policy P16).
    * Purchases of metals and alloys are not traced (their legality turns on the
      separation upstream of the metal smelter).
    * Across a series (SRC002), a seller is known to have produced what it sold only
      from its own reports in that series: output of a product of the same name and
      class, made without designation, and no other way of getting that product.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import REGULATIONS_2024, Citation
from rare_earth_regs.locale import Message, define
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.products import ProductClass
from rare_earth_regs.model.reports import FlowDirection, FlowLine, FlowReport
from rare_earth_regs.rules.common import (
    _COMPOUND,
    _IMPORTED,
    _MINERAL_PRODUCT,
    _PURCHASED,
    _SMELTING_SEPARATION,
    REGULATIONS_IN_FORCE,
    production_activity,
)
from rare_earth_regs.rules.registry import register

ART_8 = Citation(REGULATIONS_2024, 8)
ART_13 = Citation(REGULATIONS_2024, 13)
ART_23 = Citation(REGULATIONS_2024, 23)

FRAME = define("SRC001.finding", "{enterprise}, {month}: {text}")
NO_DECLARATION = define(
    "SRC001.no-customs-declaration",
    "imports {quantity} {product} without a customs declaration number, so its source cannot "
    "be traced",
)
UNIDENTIFIED_SELLER = define(
    "SRC001.unidentified-seller", "buys {quantity} {product} from an unidentified seller"
)
UNIDENTIFIED_DOMESTIC = define(
    "SRC001.unidentified-domestic-seller",
    "buys {quantity} {product} from {seller} (country CN, no USCC): an unidentified domestic "
    "seller, not an import, whatever its customs declaration number says",
)
NO_REGISTER = define(
    "SRC001.no-register",
    "buys {quantity} {product} from {seller}, but no designation register was given to trace it",
)
MINERAL_FROM_UNDESIGNATED = define(
    "SRC001.mineral-from-undesignated",
    "buys {quantity} {product} (a rare earth mineral product) on {date} from {seller}, which is "
    "designated neither for mining nor for smelting and separation: it may be a lawful reseller, "
    "so the source must be traced upstream to a designated producer",
)
COMPOUND_FROM_UNDESIGNATED = define(
    "SRC001.compound-from-undesignated",
    "buys {quantity} {product} (a smelting-separation product) on {date} from {seller}, which "
    "is not designated for smelting and separation: it may be a lawful reseller, so the source "
    "must be traced upstream to a designated producer",
)

ILLEGAL_OUTPUT_BOUGHT = define(
    "SRC002.illegal-output-bought",
    "{enterprise}, {month}: buys {quantity} {product} on {date} from {seller}, whose own report "
    "for {seller_month} shows it produced {product} on {produced_on} without a designation for "
    "{activity}, and shows no other way it came by it",
)


def check_sources(
    report: FlowReport, *, designations: DesignationRegister | None = None, **_: object
) -> Iterator[Finding]:
    """A purchase or import whose source cannot be traced to a legal producer.

    Legal basis:
        Regulations art. 13: 任何单位和个人不得收购、加工、销售、出口非法开采或者非法冶炼
        分离的稀土产品 — no one may purchase, process, sell or export rare earth products
        that were illegally mined or illegally smelted and separated. Art. 23 sets the
        penalty; art. 8 says who may mine and separate legally.

    Interpretation:
        A purchase is traced one step back. It traces when the seller is designated on
        the line's date (P5) for an activity that makes the product (mining or smelting
        and separation for a mineral product; smelting and separation for a compound),
        or when it is an import with a customs declaration. P16: a seller that is not
        designated may be a lawful reseller, so such a purchase is UNDETERMINED (trace
        it upstream), not a violation; whether the seller produced it is known only from
        the seller's own reports (rule SRC002 over a series). An import is a line whose
        counterparty is foreign (a name and a country other than CN), or an ``imported``
        line with no counterparty; a counterparty with country CN and no USCC is an
        unidentified domestic seller, never foreign, even with a customs declaration
        number. An unidentified seller, an import without a customs declaration, and
        any domestic purchase when no designation register is given are UNDETERMINED
        (P10).
    """
    for index in report.line_indexes(_IMPORTED, _PURCHASED):
        line = report.lines[index]
        product_class = line.product.product_class
        if product_class is not _MINERAL_PRODUCT and product_class is not _COMPOUND:
            continue
        seller = line.counterparty
        if (seller is None and line.direction is _IMPORTED) or (
            seller is not None and seller.is_foreign
        ):
            if line.customs_declaration is None:
                yield _finding(
                    report,
                    index,
                    NO_DECLARATION(quantity=line.quantity, product=line.product.name),
                    reason="no customs declaration",
                )
            continue
        finding = _check_purchase(report, index, line, designations)
        if finding is not None:
            yield finding


register(
    id="SRC001",
    name="untraceable-or-illegal-source",
    citations=(ART_13, ART_23, ART_8),
    severities=(Severity.UNDETERMINED,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P5", "P10", "P16"),
)(check_sources)


def _check_purchase(
    report: FlowReport, index: int, line: FlowLine, designations: DesignationRegister | None
) -> Finding | None:
    seller = line.counterparty
    if seller is None or seller.uscc is None:
        if seller is not None and line.customs_declaration is not None:
            text = UNIDENTIFIED_DOMESTIC(
                quantity=line.quantity, product=line.product.name, seller=str(seller.name)
            )
        else:
            text = UNIDENTIFIED_SELLER(quantity=line.quantity, product=line.product.name)
        return _finding(report, index, text, reason="seller not identified")
    if designations is None:
        return _finding(
            report,
            index,
            NO_REGISTER(quantity=line.quantity, product=line.product.name, seller=seller.uscc),
            reason="no designation register",
            seller=seller.uscc,
        )
    day = line.activity_date(report.month)
    makers = PRODUCT_MAKERS[line.product.product_class]
    for kind in makers:
        if designations.covers_checked(seller.uscc, kind, day):
            return None
    template = (
        MINERAL_FROM_UNDESIGNATED
        if line.product.product_class is _MINERAL_PRODUCT
        else COMPOUND_FROM_UNDESIGNATED
    )
    return _finding(
        report,
        index,
        template(quantity=line.quantity, product=line.product.name, date=day, seller=seller.uscc),
        reason="seller not a designated producer",
        seller=seller.uscc,
    )


#: The designated activities that make each traced product class (art. 8, art. 30).
PRODUCT_MAKERS: dict[ProductClass, tuple[Activity, ...]] = {
    _MINERAL_PRODUCT: (Activity.MINING, _SMELTING_SEPARATION),
    _COMPOUND: (_SMELTING_SEPARATION,),
}


def _finding(
    report: FlowReport,
    index: int,
    text: Message,
    *,
    reason: str,
    seller: str | None = None,
) -> Finding:
    line = report.lines[index]
    return Finding(
        rule_id="SRC001",
        severity=Severity.UNDETERMINED,
        message=FRAME(enterprise=report.enterprise.name, month=report.month, text=text),
        citations=(ART_13,),
        subject=f"$.lines[{index}]",
        facts={
            "direction": line.direction.value,
            "product": line.product.name,
            "quantity": str(line.quantity),
            "reason": reason,
            "seller": seller,
        },
    )


#: The inflows other than production: a seller that also acquires a product may be
#: reselling what it acquired.
_ACQUIRED = (
    FlowDirection.PURCHASED,
    FlowDirection.IMPORTED,
    FlowDirection.RECEIVED,
)

ProductKey = tuple[str, str, str]  # (producer USCC, product name folded, product class)


def _product_key(code: str, line: FlowLine) -> ProductKey:
    return (code, line.product.name.casefold(), line.product.product_class.value)


def _illegal_output(
    reports: Sequence[FlowReport], designations: DesignationRegister
) -> tuple[dict[ProductKey, tuple[dt.date, FlowReport, int]], set[ProductKey]]:
    """Each (producer, product) made without designation, with its earliest such line,
    and each (enterprise, product) the enterprise also acquired."""
    illegal: dict[ProductKey, tuple[dt.date, FlowReport, int]] = {}
    acquired: set[ProductKey] = set()
    for report in reports:
        code = report.enterprise.uscc
        for index in report.line_indexes(FlowDirection.PRODUCED):
            line = report.lines[index]
            activity = production_activity(line)
            if activity is not Activity.MINING and activity is not _SMELTING_SEPARATION:
                continue
            day = line.activity_date(report.month)
            if designations.covers_checked(code, activity, day):
                continue
            key = _product_key(code, line)
            known = illegal.get(key)
            if known is None or day < known[0]:
                illegal[key] = (day, report, index)
        for index in report.line_indexes(*_ACQUIRED):
            acquired.add(_product_key(code, report.lines[index]))
    return illegal, acquired


def check_purchases_of_illegal_output(
    reports: Sequence[FlowReport],
    *,
    year: int,
    designations: DesignationRegister | None = None,
    **_: object,
) -> Iterator[Finding]:
    """A purchase from a seller whose own reports show it produced the product without designation.

    Legal basis:
        Regulations art. 13: 任何单位和个人不得收购、加工、销售、出口非法开采或者非法冶炼
        分离的稀土产品 — no one may purchase rare earth products that were illegally mined
        or illegally smelted and separated. Art. 23 sets the penalty; art. 8 says who may
        mine and separate legally.

    Interpretation:
        P16: a purchase from a seller that is not designated is undetermined (SRC001),
        unless the seller is known to have produced it without designation. Over a
        series, it is known when the seller's own reports show output of a product of
        the same name (case-folded) and class, as mining or smelting-and-separation
        output (:func:`~rare_earth_regs.rules.common.production_activity`) on a day it
        was not designated for that activity, on or before the purchase date (P5), and
        show no purchase, import or receipt of that product that it could be reselling:
        a VIOLATION on the buyer's line, in ``year``. The seller's reports may be of
        any year in the series. Without a designation register nothing is known (SRC001
        reports the purchase as undetermined).
    """
    if designations is None:
        return
    illegal, acquired = _illegal_output(reports, designations)
    if not illegal:
        return
    for report in reports:
        if report.month.year != year:
            continue
        for index in report.line_indexes(_IMPORTED, _PURCHASED):
            line = report.lines[index]
            seller = line.counterparty
            if seller is None or seller.uscc is None:
                continue
            key = _product_key(seller.uscc, line)
            produced = illegal.get(key)
            if produced is None or key in acquired:
                continue
            day = line.activity_date(report.month)
            made_on, source, source_index = produced
            if made_on > day:
                continue
            makers = PRODUCT_MAKERS[line.product.product_class]  # illegal output is of these
            if any(designations.covers_checked(seller.uscc, kind, day) for kind in makers):
                continue
            made = source.lines[source_index]
            activity = production_activity(made)
            assert activity is not None
            yield Finding(
                rule_id="SRC002",
                severity=Severity.VIOLATION,
                message=ILLEGAL_OUTPUT_BOUGHT(
                    enterprise=report.enterprise.name,
                    month=str(report.month),
                    quantity=line.quantity,
                    product=line.product.name,
                    date=day,
                    seller=seller.uscc,
                    seller_month=str(source.month),
                    produced_on=made_on,
                    activity=activity.term,
                ),
                citations=(ART_13, ART_23, ART_8),
                subject=f"$.lines[{index}]",
                facts={
                    "direction": line.direction.value,
                    "product": line.product.name,
                    "quantity": str(line.quantity),
                    "seller": seller.uscc,
                    "seller_activity": activity.value,
                    "seller_report": source.report_id,
                    "produced_on": made_on.isoformat(),
                },
                enterprise=report.enterprise.uscc,
                month=str(report.month),
                report_id=report.report_id,
            )


register(
    id="SRC002",
    name="purchase-of-illegal-output",
    citations=(ART_13, ART_23, ART_8),
    severities=(Severity.VIOLATION,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P5", "P16"),
    scope="year",
)(check_purchases_of_illegal_output)
