"""Sources: no trade in illegally mined or illegally separated rare earth products.

References:
    * Regulations 2024, art. 13 (《稀土管理条例》第十三条): no unit or individual may
      purchase, process, sell or export rare earth products that were illegally mined
      or illegally smelted and separated. Penalty: art. 23 (export: art. 24).
    * Art. 8: only designated enterprises may mine or smelt and separate.

Limitations:
    * A purchase is traced one step back only: to the seller's designation, or to a
      customs declaration for an import. A compound bought from a trader cannot be
      traced further from one report and is UNDETERMINED, not a violation.
    * Purchases of metals and alloys are not traced (their legality turns on the
      separation upstream of the metal smelter).
"""

from __future__ import annotations

from collections.abc import Iterator

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import REGULATIONS_2024, Citation
from rare_earth_regs.model.enterprises import DESIGNATED_ACTIVITIES, DesignationRegister
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


def check_sources(
    report: FlowReport, *, designations: DesignationRegister | None = None, **_: object
) -> Iterator[Finding]:
    """Purchase from a non-designated producer, or a source that cannot be traced.

    Legal basis:
        Regulations art. 13: 任何单位和个人不得收购、加工、销售、出口非法开采或者非法冶炼
        分离的稀土产品 — no one may purchase, process, sell or export rare earth products
        that were illegally mined or illegally smelted and separated. Art. 23 sets the
        penalty; art. 8 says who may mine and separate legally.

    Interpretation:
        A rare earth mineral product bought from a domestic enterprise that is designated
        neither for mining nor for smelting and separation on the line's date (P5) can
        only have been mined illegally: VIOLATION. A compound (smelting-separation
        product) bought from a seller not designated for smelting and separation, a
        purchase without an identified seller, an import without a customs declaration,
        and any purchase when no designation register is given cannot be traced to a
        legal source from the report: UNDETERMINED (P10).
    """
    for index in report.line_indexes(_IMPORTED, _PURCHASED):
        line = report.lines[index]
        product_class = line.product.product_class
        if product_class is not _MINERAL_PRODUCT and product_class is not _COMPOUND:
            continue
        if line.direction is _IMPORTED or (
            line.counterparty is not None and line.counterparty.is_foreign
        ):
            if line.customs_declaration is None:
                yield _finding(
                    report,
                    index,
                    Severity.UNDETERMINED,
                    f"imports {line.quantity} {line.product.name} without a customs "
                    "declaration number, so its source cannot be traced",
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
    severities=(Severity.VIOLATION, Severity.UNDETERMINED),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P5", "P10"),
)(check_sources)


def _check_purchase(
    report: FlowReport, index: int, line: FlowLine, designations: DesignationRegister | None
) -> Finding | None:
    seller = line.counterparty
    if seller is None or seller.uscc is None:
        return _finding(
            report,
            index,
            Severity.UNDETERMINED,
            _buys(line, "from an unidentified seller"),
            reason="seller not identified",
        )
    if designations is None:
        return _finding(
            report,
            index,
            Severity.UNDETERMINED,
            _buys(line, f"from {seller.uscc}, but no designation register was given to trace it"),
            reason="no designation register",
            seller=seller.uscc,
        )
    day = line.activity_date(report.month)
    if line.product.product_class is _MINERAL_PRODUCT:
        for kind in DESIGNATED_ACTIVITIES:
            if designations.covers_checked(seller.uscc, kind, day):
                return None
        return _finding(
            report,
            index,
            Severity.VIOLATION,
            _buys(
                line,
                f"(a rare earth mineral product) on {day.isoformat()} from {seller.uscc}, "
                "which is designated neither for mining nor for smelting and separation",
            ),
            reason="seller not designated",
            seller=seller.uscc,
        )
    if designations.covers_checked(seller.uscc, _SMELTING_SEPARATION, day):
        return None
    return _finding(
        report,
        index,
        Severity.UNDETERMINED,
        _buys(
            line,
            f"(a smelting-separation product) on {day.isoformat()} from {seller.uscc}, "
            "which is not a designated smelting-separation enterprise; the source cannot be "
            "traced to a designated producer from this report",
        ),
        reason="seller not a designated producer",
        seller=seller.uscc,
    )


def _buys(line: FlowLine, rest: str) -> str:
    # Built only for a finding: most purchases trace cleanly and need no message.
    return f"buys {line.quantity} {line.product.name} {rest}"


def _finding(
    report: FlowReport,
    index: int,
    severity: Severity,
    text: str,
    *,
    reason: str,
    seller: str | None = None,
) -> Finding:
    line = report.lines[index]
    citations = (ART_13, ART_23) if severity is Severity.VIOLATION else (ART_13,)
    return Finding(
        rule_id="SRC001",
        severity=severity,
        message=f"{report.enterprise.name}, {report.month}: {text}",
        citations=citations,
        subject=f"$.lines[{index}]",
        facts={
            "direction": line.direction.value,
            "product": line.product.name,
            "quantity": str(line.quantity),
            "reason": reason,
            "seller": seller,
        },
    )
