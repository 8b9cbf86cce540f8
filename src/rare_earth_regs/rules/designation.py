"""Designation: only designated enterprises may mine or smelt and separate.

References:
    * Regulations 2024, art. 8 (《稀土管理条例》第八条): MIIT, with the departments
      concerned, designates the enterprises that may mine and smelt and separate rare
      earths; others may not. Penalties: art. 20 (mining, under other law) and
      art. 22, item (1) (smelting and separation by a non-designated party).

    * Regulations 2024, art. 14(2): the flow records, the enterprise's category
      among them, are kept truthfully. A declaration of activities that disagrees with
      what the enterprise does or is designated for is reported (ENT002, policy P13).

Limitations:
    * The designation register is an input: the library ships no list of designated
      enterprises. Without a register the rule reports UNDETERMINED (policy P10).
    * The duties of the other rules follow conduct and designation, not the
      declaration (policy P13): ENT002 only says where the declaration is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import REGULATIONS_2024, Citation
from rare_earth_regs.locale import Message, and_list, define
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DESIGNATED_ACTIVITIES, DesignationRegister
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.rules.common import (
    _MINING,
    _PRODUCED,
    _SMELTING_SEPARATION,
    REGULATIONS_IN_FORCE,
    conduct_activities,
    designated_activities,
    production_activity,
)
from rare_earth_regs.rules.registry import register

ART_8 = Citation(REGULATIONS_2024, 8)
ART_14_2 = Citation(REGULATIONS_2024, 14, 2)
ART_20 = Citation(REGULATIONS_2024, 20)
ART_22_1 = Citation(REGULATIONS_2024, 22, item=1)

NO_REGISTER = define(
    "ENT001.no-register",
    "{enterprise}, {month}: reports {activities} output, but no designation register was "
    "given to check it against",
)
DECLARATION = define(
    "ENT002.declaration-disagrees",
    "{enterprise} ({uscc}), {month}: {text}; its duties follow what it does and is designated "
    "for, not the declaration",
)
UNDECLARED_CONDUCT = define(
    "ENT002.undeclared-conduct",
    "its report shows {activity}, but it does not declare {activity}",
)
DECLARED_NOT_DESIGNATED = define(
    "ENT002.declared-not-designated",
    "it declares {activity}, but is not designated for {activity} on any day of {month}",
)
DESIGNATED_NOT_DECLARED = define(
    "ENT002.designated-not-declared",
    "it is designated for {activity} in {month}, but does not declare {activity}",
)
NOT_DESIGNATED = define(
    "ENT001.not-designated",
    "{enterprise} ({uscc}) reports {activity} output of {quantity} {product} on {date} but "
    "is not designated for {activity} on that date",
)


def check_designation(
    report: FlowReport, *, designations: DesignationRegister | None = None, **_: object
) -> Iterator[Finding]:
    """Mining or smelting-separation output by an enterprise not designated for it on that date.

    Legal basis:
        Regulations art. 8: 国务院工业和信息化主管部门会同有关部门确定稀土开采企业和稀土
        冶炼分离企业 ... 除此以外的单位和个人不得从事稀土开采和稀土冶炼分离 — MIIT with the
        departments concerned determines the mining and smelting-separation enterprises;
        no other unit or person may mine or smelt and separate rare earths. Penalties:
        art. 20 (unlicensed mining, under other law), art. 22, item (1).

    Interpretation:
        The activity of a produced line is read from its product and feed (a mineral
        product is mining output; a compound from mineral feed is smelting-separation
        output). The designation must cover the line's activity date (P5: an undated
        line is dated the last day of its month). Without a designation register the
        rule cannot decide and reports one UNDETERMINED finding per report (P10).
    """
    needed: dict[Activity, list[int]] = {}
    lines = report.lines
    for index in report.line_indexes(_PRODUCED):
        activity = production_activity(lines[index])
        if activity is _MINING or activity is _SMELTING_SEPARATION:
            needed.setdefault(activity, []).append(index)
    if not needed:
        return
    enterprise = report.enterprise
    if designations is None:
        activities = and_list(activity.term for activity in sorted(needed, key=str))
        yield Finding(
            rule_id="ENT001",
            severity=Severity.UNDETERMINED,
            message=NO_REGISTER(
                enterprise=enterprise.name, month=report.month, activities=activities
            ),
            citations=(ART_8,),
            subject="$",
            facts={"activities": sorted(activity.value for activity in needed)},
        )
        return
    for activity, indexes in needed.items():
        for index in indexes:
            line = report.lines[index]
            day = line.activity_date(report.month)
            if designations.covers_checked(enterprise.uscc, activity, day):
                continue
            penalty = ART_20 if activity is Activity.MINING else ART_22_1
            yield Finding(
                rule_id="ENT001",
                severity=Severity.VIOLATION,
                message=NOT_DESIGNATED(
                    enterprise=enterprise.name,
                    uscc=enterprise.uscc,
                    activity=activity.term,
                    quantity=line.quantity,
                    product=line.product.name,
                    date=day,
                ),
                citations=(ART_8, penalty),
                subject=f"$.lines[{index}]",
                facts={
                    "activity": activity.value,
                    "date": day.isoformat(),
                    "product": line.product.name,
                    "quantity": str(line.quantity),
                    "penalty_article": penalty.en,
                },
            )


register(
    id="ENT001",
    name="producer-not-designated",
    citations=(ART_8, ART_20, ART_22_1),
    severities=(Severity.VIOLATION, Severity.UNDETERMINED),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P5", "P10"),
)(check_designation)


def check_declared_activities(
    report: FlowReport, *, designations: DesignationRegister | None = None, **_: object
) -> Iterator[Finding]:
    """The activities an enterprise declares disagree with its conduct or its designation.

    Legal basis:
        Regulations art. 8: only enterprises designated by MIIT may mine or smelt and
        separate rare earths. Art. 14(2): 如实记录稀土产品流向信息 — enterprises engaged
        in mining, smelting and separation, metal smelting, comprehensive utilization
        and export keep their flow records truthfully.

    Interpretation:
        P13: duties follow conduct and designation, so every other rule applies them
        whatever the declaration says; this rule reports the declaration itself where it
        disagrees, one WARNING per activity: an activity the report shows (output,
        mineral feed consumed, exports; see
        :func:`~rare_earth_regs.rules.common.conduct_activities`) but the enterprise does
        not declare (an empty list included); mining or smelting and separation declared
        but not designated on any day of the month; designated on some day of the month
        but not declared. The designation comparisons need a register; without one only
        conduct is compared. Declaring an activity the report does not show is not a
        disagreement (a month without movement).
    """
    enterprise = report.enterprise
    declared = enterprise.activities
    shown = conduct_activities(report)
    for activity, indexes in shown.items():
        if activity in declared:
            continue
        yield _declaration_finding(
            report,
            activity,
            "undeclared_conduct",
            UNDECLARED_CONDUCT(activity=activity.term),
            subject=f"$.lines[{indexes[0]}]",
            lines=list(indexes),
        )
    if designations is None:
        return
    designated = designated_activities(report, designations)
    for activity in sorted(declared & DESIGNATED_ACTIVITIES, key=str):
        if activity in designated:
            continue
        yield _declaration_finding(
            report,
            activity,
            "declared_not_designated",
            DECLARED_NOT_DESIGNATED(activity=activity.term, month=report.month),
        )
    for activity in sorted(designated - declared, key=str):
        if activity in shown:
            continue  # reported above as conduct it does not declare
        yield _declaration_finding(
            report,
            activity,
            "designated_not_declared",
            DESIGNATED_NOT_DECLARED(activity=activity.term, month=report.month),
        )


register(
    id="ENT002",
    name="declared-activities-disagree",
    citations=(ART_8, ART_14_2),
    severities=(Severity.WARNING,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P13",),
)(check_declared_activities)


def _declaration_finding(
    report: FlowReport,
    activity: Activity,
    disagreement: str,
    text: Message,
    *,
    subject: str = "$.enterprise.activities",
    lines: list[int] | None = None,
) -> Finding:
    enterprise = report.enterprise
    declared = sorted(item.value for item in enterprise.activities)
    return Finding(
        rule_id="ENT002",
        severity=Severity.WARNING,
        message=DECLARATION(
            enterprise=enterprise.name, uscc=enterprise.uscc, month=report.month, text=text
        ),
        citations=(ART_8, ART_14_2),
        subject=subject,
        facts={
            "activity": activity.value,
            "disagreement": disagreement,
            "declared": declared,
            "lines": lines if lines is not None else [],
        },
    )
