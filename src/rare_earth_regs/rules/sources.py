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
"""

from __future__ import annotations

from collections.abc import Iterator

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import REGULATIONS_2024, Citation
from rare_earth_regs.locale import Message, define
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.rules.common import (
    _COMPOUND,
    _IMPORTED,
    _MINERAL_PRODUCT,
    _PURCHASED,
    _SMELTING_SEPARATION,
    REGULATIONS_IN_FORCE,
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
    makers = _MAKERS[line.product.product_class]
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


# The designated activities that make each traced product class (art. 8, art. 30).
_MAKERS = {
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
