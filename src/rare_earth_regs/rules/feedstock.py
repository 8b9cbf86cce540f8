"""Feedstock of comprehensive-utilization enterprises.

References:
    * Regulations 2024, art. 11(2) (《稀土管理条例》第十一条第二款): comprehensive
      utilization enterprises may not use rare earth mineral products as feedstock.
      Penalty: art. 22, item (2).
    * Art. 30: comprehensive utilization works on secondary resources (magnet scrap
      and other recoverable waste).

Limitations:
    * An enterprise that is also a mining or smelting-separation enterprise may use
      mineral products in those activities; the rule applies to enterprises whose
      activities include comprehensive utilization but neither of those.
"""

from __future__ import annotations

from collections.abc import Iterator

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import REGULATIONS_2024, Citation
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.products import ProductClass
from rare_earth_regs.model.reports import FlowDirection, FlowReport
from rare_earth_regs.rules.common import REGULATIONS_IN_FORCE
from rare_earth_regs.rules.registry import register

ART_11_2 = Citation(REGULATIONS_2024, 11, 2)
ART_22_2 = Citation(REGULATIONS_2024, 22, item=2)
_FEED_DIRECTIONS = frozenset(
    {
        FlowDirection.CONSUMED,
        FlowDirection.PURCHASED,
        FlowDirection.IMPORTED,
        FlowDirection.RECEIVED,
    }
)


def check_recycler_feedstock(report: FlowReport, **_: object) -> Iterator[Finding]:
    """A comprehensive-utilization enterprise consumes or acquires rare earth mineral products.

    Legal basis:
        Regulations art. 11(2): 稀土综合利用企业不得以稀土矿产品为原料从事生产活动 — a
        comprehensive utilization enterprise may not use rare earth mineral products as
        feedstock. Art. 22, item (2) sets the penalty.

    Interpretation:
        Consuming a mineral product is using it as feedstock; purchasing, importing or
        receiving one is acquiring feedstock the enterprise may not use, and is reported
        too. The rule applies to an enterprise whose activities include comprehensive
        utilization and neither mining nor smelting and separation.
    """
    activities = report.enterprise.activities
    if Activity.COMPREHENSIVE_UTILIZATION not in activities:
        return
    if activities & {Activity.MINING, Activity.SMELTING_SEPARATION}:
        return
    for index in report.line_indexes(*_FEED_DIRECTIONS):
        line = report.lines[index]
        if line.product.product_class is not ProductClass.MINERAL_PRODUCT:
            continue
        yield Finding(
            rule_id="FST001",
            severity=Severity.VIOLATION,
            message=(
                f"{report.enterprise.name}, a comprehensive-utilization enterprise, records "
                f"{line.direction.value} {line.quantity} of the rare earth mineral product "
                f"{line.product.name} in {report.month}"
            ),
            citations=(ART_11_2, ART_22_2),
            subject=f"$.lines[{index}]",
            facts={
                "direction": line.direction.value,
                "product": line.product.name,
                "quantity": str(line.quantity),
                "penalty_article": ART_22_2.en,
            },
        )


register(
    id="FST001",
    name="recycler-uses-mineral-products",
    citations=(ART_11_2, ART_22_2),
    severities=(Severity.VIOLATION,),
    in_force_from=REGULATIONS_IN_FORCE,
)(check_recycler_feedstock)
