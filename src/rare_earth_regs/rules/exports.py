"""Exports: an export of a controlled item needs a licence (Regulations art. 15).

References:
    * Regulations 2024, art. 15 (《稀土管理条例》第十五条): imports and exports of rare earth
      products follow the foreign-trade laws; items under export control also follow the
      export-control laws and administrative regulations.
    * MOFCOM/GAC Announcements Nos. 18 and 57 of 2025, MOFCOM No. 62, as suspended by No. 70:
      which items are under export control on which day
      (:func:`~rare_earth_regs.export_controls.export_licence_required`).

Limitations:
    * Only ``exported`` lines are checked, and only for a licence number: whether the licence
      is valid, covers the quantity or the end user is not known from a report.
    * Lines dated before 2025-04-04 (No. 18) are outside the rule's window and not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from rare_earth_regs.export_controls import (
    CONTROLS_ENCODED_FROM,
    ExportItem,
    LicenceStatus,
    export_licence_required,
)
from rare_earth_regs.export_controls.licensing import cite
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import (
    EXPORT_CONTROL_18_2025,
    EXPORT_CONTROL_57_2025,
    EXPORT_CONTROL_62_2025,
    EXPORT_CONTROL_70_2025,
    REGULATIONS_2024,
    Citation,
)
from rare_earth_regs.locale import define, phrase
from rare_earth_regs.model.reports import FlowDirection, FlowReport
from rare_earth_regs.rules.registry import register

ART_15 = Citation(REGULATIONS_2024, 15)
_EXPORTED = FlowDirection.EXPORTED
_REQUIRED = LicenceStatus.REQUIRED
_UNDETERMINED = LicenceStatus.UNDETERMINED

NO_LICENCE = define(
    "EXP001.no-licence",
    "{enterprise}, {month}: exports {quantity} {product} on {date} without an export licence "
    "number, though a licence is {reason}",
)
NO_LICENCE_UNDETERMINED = define(
    "EXP001.no-licence-undetermined",
    "{enterprise}, {month}: exports {quantity} {product} on {date} without an export licence "
    "number; whether one is needed is {reason}",
)


def check_export_licences(report: FlowReport, **_: object) -> Iterator[Finding]:
    """Export of an item under export control without a licence number.

    Legal basis:
        Regulations art. 15: 属于出口管制物项的，还应当遵守出口管制法律、行政法规的规定 —
        items under export control must also comply with the export-control laws and
        administrative regulations; MOFCOM/GAC Announcement No. 18 of 2025 (and No. 57, No. 62
        while in force) make the listed rare earth items dual-use items whose export needs a
        MOFCOM export licence.

    Interpretation:
        An ``exported`` line dated (P5) on a day when :func:`export_licence_required` answers
        *required* for the line's product, and carrying no ``licence_number``, is a
        VIOLATION. Where the answer is *undetermined* (content or magnet type not stated,
        a suspended announcement past the knowledge horizon, P19, P20) and no licence number
        is given, the finding is UNDETERMINED (P10). A line with a licence number passes: its
        validity is not known from the report.
    """
    for index in report.line_indexes(_EXPORTED):
        line = report.lines[index]
        if line.licence_number is not None:
            continue
        day = line.activity_date(report.month)
        if day < CONTROLS_ENCODED_FROM:
            continue
        answer = export_licence_required(ExportItem.from_product(line.product), on=day)
        if answer.status is _REQUIRED:
            severity, template = Severity.VIOLATION, NO_LICENCE
        elif answer.status is _UNDETERMINED:
            severity, template = Severity.UNDETERMINED, NO_LICENCE_UNDETERMINED
        else:
            continue
        reason = answer.explanation if answer.explanation is not None else phrase(answer.reason)
        yield Finding(
            rule_id="EXP001",
            severity=severity,
            message=template(
                enterprise=report.enterprise.name,
                month=report.month,
                quantity=line.quantity,
                product=line.product.name,
                date=day,
                reason=reason,
            ),
            citations=(ART_15, *answer.citations),
            subject=f"$.lines[{index}]",
            facts={
                "date": day.isoformat(),
                "product": line.product.name,
                "quantity": str(line.quantity),
                "licence": answer.status.value,
                "control_codes": ", ".join(answer.control_codes),
                "knowledge_horizon": answer.knowledge_horizon.isoformat(),
            },
        )


register(
    id="EXP001",
    name="export-without-licence",
    citations=(
        ART_15,
        cite(EXPORT_CONTROL_18_2025),
        cite(EXPORT_CONTROL_57_2025),
        cite(EXPORT_CONTROL_62_2025),
        cite(EXPORT_CONTROL_70_2025),
    ),
    severities=(Severity.VIOLATION, Severity.UNDETERMINED),
    in_force_from=CONTROLS_ENCODED_FROM,
    policies=("P5", "P10", "P19", "P20"),
)(check_export_licences)
