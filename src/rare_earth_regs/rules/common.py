"""What the rules share: the encoded range, the two in-force dates, line activities, duties.

Duties follow conduct (policy P13): an enterprise's duties come from what its report
shows (:func:`conduct_activities`) and what it is designated for
(:func:`designated_activities`) as well as from the activities it declares
(:func:`duty_activities` is the union of the three).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.legal import REGULATIONS_2024, TOTAL_CONTROL_MEASURES_2025
from rare_earth_regs.locale import define
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.enterprises import DESIGNATED_ACTIVITIES, DesignationRegister
from rare_earth_regs.model.products import ProductClass
from rare_earth_regs.model.reports import FlowDirection, FlowLine, FlowReport

__all__ = [
    "ENCODED_FROM",
    "MEASURES_IN_FORCE",
    "MEASURES_PUBLISHED",
    "REGULATIONS_IN_FORCE",
    "conduct_activities",
    "designated_activities",
    "duty_activities",
    "production_activity",
    "require_date",
    "require_encoded",
]

#: The Regulations take effect (Decree No. 785).
REGULATIONS_IN_FORCE: dt.date = REGULATIONS_2024.in_force_from  # type: ignore[assignment]
#: Order No. 71 takes effect (promulgated and in force the same day; published 2025-08-22).
MEASURES_IN_FORCE: dt.date = TOTAL_CONTROL_MEASURES_2025.in_force_from  # type: ignore[assignment]
#: Order No. 71 is made public (MIIT website); a deadline before it is undetermined (P2).
MEASURES_PUBLISHED: dt.date = TOTAL_CONTROL_MEASURES_2025.published  # type: ignore[assignment]
#: The rules answer for dates from this day on (policy P6).
ENCODED_FROM = REGULATIONS_IN_FORCE


BEFORE_ENCODED = define(
    "error.before-encoded-range",
    "{what}: {date} is before {encoded_from}, the day the Rare Earth Management Regulations "
    "took effect; the library encodes the rules from that day on (policy P6) and does not "
    "guess earlier law",
)


def require_date(value: object, field: str) -> dt.date:
    """Return ``value`` if it is a date (not a datetime); refuse anything else."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInputError(field=field, value=value, accepted="a datetime.date")
    return value


def require_encoded(on: dt.date, what: str) -> None:
    """Raise NotInForceError for a date before the encoded range (policy P6)."""
    if on < ENCODED_FROM:
        raise NotInForceError(BEFORE_ENCODED(what=what, date=on, encoded_from=ENCODED_FROM))


# Enum members as module constants for the rules' per-line loops: a class-attribute
# lookup on an Enum is slow on Python 3.11.
_PRODUCED = FlowDirection.PRODUCED
_CONSUMED = FlowDirection.CONSUMED
_EXPORTED = FlowDirection.EXPORTED
_IMPORTED = FlowDirection.IMPORTED
_PURCHASED = FlowDirection.PURCHASED
_MINERAL_PRODUCT = ProductClass.MINERAL_PRODUCT
_METAL_OR_ALLOY = ProductClass.METAL_OR_ALLOY
_COMPOUND = ProductClass.COMPOUND
_DOMESTIC_MINED = FeedstockOrigin.DOMESTIC_MINED
_IMPORTED_FEED = FeedstockOrigin.IMPORTED
_OTHER_MINERALS = FeedstockOrigin.OTHER_MINERALS
_SECONDARY = FeedstockOrigin.SECONDARY
_MINING = Activity.MINING
_METAL_SMELTING = Activity.METAL_SMELTING
_COMPREHENSIVE_UTILIZATION = Activity.COMPREHENSIVE_UTILIZATION
_SMELTING_SEPARATION = Activity.SMELTING_SEPARATION


def production_activity(line: FlowLine) -> Activity | None:
    """The regulated activity a ``produced`` line records, read from product and feed.

    * a rare earth mineral product is mining output;
    * a compound (oxide, salt, other compound) made from mineral feed (domestic,
      imported or from other minerals) is smelting and separation output; made from
      secondary resources it is comprehensive utilization;
    * a metal or alloy is metal smelting output;
    * anything else, or a compound whose feed origin is not stated, gives None.
    """
    if line.direction is not _PRODUCED:
        return None
    product_class = line.product.product_class
    if product_class is _MINERAL_PRODUCT:
        return _MINING
    if product_class is _METAL_OR_ALLOY:
        return _METAL_SMELTING
    if product_class is _COMPOUND:
        if line.origin is _SECONDARY:
            return _COMPREHENSIVE_UTILIZATION
        if line.origin is None:
            return None
        return _SMELTING_SEPARATION
    return None


# Several rules of one report ask for its conduct in a row (RPT001, ENT002, FST001): the
# answers for the last few reports are kept, matched by identity (a report is frozen, and
# holding it keeps its id from being reused).
_RECENT_CONDUCT: list[tuple[FlowReport, Mapping[Activity, tuple[int, ...]]]] = []
_RECENT_CONDUCT_SIZE = 4


def conduct_activities(report: FlowReport) -> Mapping[Activity, tuple[int, ...]]:
    """The regulated activities ``report`` shows, each with the lines that show it (P13).

    * a ``produced`` line shows the activity :func:`production_activity` reads from it;
    * a ``consumed`` rare earth mineral product shows smelting and separation (art. 30:
      smelting and separation turns mineral products into compounds), unless the
      report shows mining output, where it is the mine's own beneficiation;
    * an ``exported`` rare earth product shows export.

    Activities are listed in the order of :class:`Activity`; the line indexes in line order.
    """
    for seen, answer in reversed(_RECENT_CONDUCT):
        if seen is report:
            return answer
    answer = _conduct_activities(report)
    _RECENT_CONDUCT.append((report, answer))
    del _RECENT_CONDUCT[:-_RECENT_CONDUCT_SIZE]
    return answer


def _conduct_activities(report: FlowReport) -> Mapping[Activity, tuple[int, ...]]:
    lines = report.lines
    shown: dict[Activity, list[int]] = {}
    for index in report.line_indexes(_PRODUCED):
        activity = production_activity(lines[index])
        if activity is not None:
            shown.setdefault(activity, []).append(index)
    if _MINING not in shown:
        for index in report.line_indexes(_CONSUMED):
            if lines[index].product.product_class is _MINERAL_PRODUCT:
                shown.setdefault(_SMELTING_SEPARATION, []).append(index)
    for index in report.line_indexes(_EXPORTED):
        if lines[index].product.product_class.is_rare_earth_product:
            shown.setdefault(Activity.EXPORT, []).append(index)
    return MappingProxyType(
        {activity: tuple(sorted(shown[activity])) for activity in Activity if activity in shown}
    )


def designated_activities(
    report: FlowReport, designations: DesignationRegister | None
) -> frozenset[Activity]:
    """The activities the enterprise is designated for on some day of the report's month.

    Empty when no register is given: the designation is then unknown, not absent.
    """
    if designations is None:
        return frozenset()
    first, last = report.month.first_day, report.month.last_day
    return frozenset(
        designation.activity
        for designation in designations.designations_for(report.enterprise.uscc)
        if designation.valid_from <= last
        and (designation.valid_until is None or first <= designation.valid_until)
        and designation.activity in DESIGNATED_ACTIVITIES
    )


def duty_activities(
    report: FlowReport, designations: DesignationRegister | None = None
) -> frozenset[Activity]:
    """The activities whose duties the enterprise has in the report's month (policy P13).

    The union of what it declares, what the report shows it doing
    (:func:`conduct_activities`) and what it is designated for: an empty or wrong
    declaration hides nothing.
    """
    return (
        report.enterprise.activities
        | frozenset(conduct_activities(report))
        | designated_activities(report, designations)
    )
