"""Feedstock of comprehensive-utilization enterprises.

References:
    * Regulations 2024, art. 11(2) (《稀土管理条例》第十一条第二款): comprehensive
      utilization enterprises may not use rare earth mineral products as feedstock.
      Penalty: art. 22, item (2).
    * Art. 30: comprehensive utilization works on secondary resources (magnet scrap
      and other recoverable waste).

Limitations:
    * An enterprise designated for mining or smelting and separation (art. 8) may use
      mineral products in those activities. What exempts it is the designation, not
      the activities it declares (policy P13): without a register, a recycler that
      declares smelting and separation is UNDETERMINED, not exempt.
"""

from __future__ import annotations

from collections.abc import Iterator

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import REGULATIONS_2024, Citation
from rare_earth_regs.locale import COMMA, Message, and_list, bilingual, define
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DESIGNATED_ACTIVITIES, DesignationRegister
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.reports import FlowDirection, FlowReport
from rare_earth_regs.rules.common import REGULATIONS_IN_FORCE, conduct_activities
from rare_earth_regs.rules.registry import register

ART_11_2 = Citation(REGULATIONS_2024, 11, 2)
ART_22_2 = Citation(REGULATIONS_2024, 22, item=2)
#: Lines that bring a mineral product in or show it held, without using it.
_HELD_DIRECTIONS = (
    FlowDirection.OPENING_STOCK,
    FlowDirection.PURCHASED,
    FlowDirection.IMPORTED,
    FlowDirection.RECEIVED,
    FlowDirection.CLOSING_STOCK,
)
_COMPREHENSIVE_UTILIZATION = Activity.COMPREHENSIVE_UTILIZATION
_DIRECTION_ORDER = {direction: rank for rank, direction in enumerate(FlowDirection)}

CONSUMES = define(
    "FST001.consumes",
    "{enterprise}, a comprehensive-utilization enterprise, consumes {quantity} of the rare earth "
    "mineral product {product} in {month}: art. 11(2) forbids it to use mineral products as "
    "feedstock",
)
HOLDS = define(
    "FST001.holds",
    "{enterprise}, a comprehensive-utilization enterprise, records the rare earth mineral "
    "product {product} in {month} ({movements}) without consuming it: art. 11(2) forbids it to "
    "use mineral products as feedstock; what was it bought or held for?",
)
UNKNOWN_DESIGNATION = define(
    "FST001.designation-unknown",
    "{finding}; it declares {activities}, which would allow it only if it is designated for it "
    "(art. 8), and no designation register was given",
)
MOVEMENT = define("FST001.movement", "{direction} {quantity}")


def check_recycler_feedstock(
    report: FlowReport, *, designations: DesignationRegister | None = None, **_: object
) -> Iterator[Finding]:
    """A comprehensive-utilization enterprise uses, buys or holds rare earth mineral products.

    Legal basis:
        Regulations art. 11(2): 稀土综合利用企业不得以稀土矿产品为原料从事生产活动 — a
        comprehensive utilization enterprise may not use rare earth mineral products as
        feedstock. Art. 22, item (2) sets the penalty.

    Interpretation:
        P15: consuming a mineral product is using it as feedstock: a VIOLATION on each
        consumed line. Buying, importing, receiving or holding one (a stock above zero)
        without consuming it in the month is not using it: one WARNING per product,
        asking what it was for. P13: the rule applies to an enterprise that declares
        comprehensive utilization or whose report shows it (a compound produced from
        secondary resources), whatever else it declares. Only a designation for mining
        or smelting and separation covering the line's date (P5) exempts a line; when
        the enterprise declares one of those activities but no register is given, the
        line is UNDETERMINED (P10).
    """
    enterprise = report.enterprise
    if (
        _COMPREHENSIVE_UTILIZATION not in enterprise.activities
        and _COMPREHENSIVE_UTILIZATION not in conduct_activities(report)
    ):
        return
    lines = report.lines
    consumed: dict[Product, list[int]] = {}
    held: dict[Product, list[int]] = {}
    for index in report.line_indexes(FlowDirection.CONSUMED):
        line = lines[index]
        if line.product.product_class is ProductClass.MINERAL_PRODUCT:
            consumed.setdefault(line.product, []).append(index)
    for index in report.line_indexes(*_HELD_DIRECTIONS):
        line = lines[index]
        product = line.product
        if product.product_class is not ProductClass.MINERAL_PRODUCT or product in consumed:
            continue
        if line.direction.is_stock and line.quantity.grams == 0:
            continue  # an empty stock holds nothing
        held.setdefault(product, []).append(index)
    claims_production = bool(enterprise.activities & DESIGNATED_ACTIVITIES)
    for indexes in consumed.values():
        for index in indexes:
            exemption = _exemption(report, index, designations, claims_production)
            if exemption is not True:
                yield _consumed(report, index, undetermined=exemption is None)
    for product, indexes in held.items():
        outcomes = [_exemption(report, index, designations, claims_production) for index in indexes]
        if all(outcome is True for outcome in outcomes):
            continue
        yield _held(report, product, indexes, undetermined=None in outcomes)


register(
    id="FST001",
    name="recycler-uses-mineral-products",
    citations=(ART_11_2, ART_22_2),
    severities=(Severity.VIOLATION, Severity.WARNING, Severity.UNDETERMINED),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P5", "P10", "P13", "P15"),
)(check_recycler_feedstock)


def _exemption(
    report: FlowReport,
    index: int,
    designations: DesignationRegister | None,
    claims_production: bool,
) -> bool | None:
    """True: designated to mine or separate on the line's date; False: not; None: unknown."""
    if designations is None:
        return None if claims_production else False
    day = report.lines[index].activity_date(report.month)
    code = report.enterprise.uscc
    return any(designations.covers_checked(code, kind, day) for kind in DESIGNATED_ACTIVITIES)


def _message(report: FlowReport, message: Message, *, undetermined: bool) -> Message:
    if not undetermined:
        return message
    return UNKNOWN_DESIGNATION(finding=message, activities=_declared_production(report))


def _declared_production(report: FlowReport) -> Message | str:
    declared = report.enterprise.activities & DESIGNATED_ACTIVITIES
    return and_list(activity.term for activity in sorted(declared, key=str))


def _consumed(report: FlowReport, index: int, *, undetermined: bool) -> Finding:
    line = report.lines[index]
    message = CONSUMES(
        enterprise=report.enterprise.name,
        quantity=line.quantity,
        product=line.product.name,
        month=report.month,
    )
    return Finding(
        rule_id="FST001",
        severity=Severity.UNDETERMINED if undetermined else Severity.VIOLATION,
        message=_message(report, message, undetermined=undetermined),
        citations=(ART_11_2,) if undetermined else (ART_11_2, ART_22_2),
        subject=f"$.lines[{index}]",
        facts={
            "direction": line.direction.value,
            "product": line.product.name,
            "quantity": str(line.quantity),
            "penalty_article": ART_22_2.en,
        },
    )


def _held(
    report: FlowReport, product: Product, indexes: list[int], *, undetermined: bool
) -> Finding:
    lines = report.lines
    # In the order of the flow directions, not of the lines: the message names the
    # movements, whatever order the report lists them in.
    ordered = sorted(
        indexes,
        key=lambda index: (
            _DIRECTION_ORDER[lines[index].direction],
            lines[index].quantity.basis.value,
            lines[index].quantity.grams,
        ),
    )
    movements: Message | str = ""
    for index in reversed(ordered):
        direction = lines[index].direction
        # the English names the direction by its value (opening_stock), as the data does
        movement = MOVEMENT(
            direction=bilingual(direction.value, direction.term.render("zh")),
            quantity=lines[index].quantity,
        )
        movements = movement if movements == "" else COMMA(first=movement, rest=movements)
    message = HOLDS(
        enterprise=report.enterprise.name,
        product=product.name,
        month=report.month,
        movements=movements,
    )
    return Finding(
        rule_id="FST001",
        severity=Severity.UNDETERMINED if undetermined else Severity.WARNING,
        message=_message(report, message, undetermined=undetermined),
        citations=(ART_11_2,),
        subject=f"$.lines[{indexes[0]}]",
        facts={
            "product": product.name,
            "lines": list(indexes),
            "directions": [lines[index].direction.value for index in indexes],
            "quantities": [str(lines[index].quantity) for index in indexes],
        },
    )
