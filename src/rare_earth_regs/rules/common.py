"""What the rules share: the encoded range, the two in-force dates, and line activities."""

from __future__ import annotations

import datetime as dt

from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.legal import REGULATIONS_2024, TOTAL_CONTROL_MEASURES_2025
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.products import ProductClass
from rare_earth_regs.model.reports import FlowDirection, FlowLine

__all__ = [
    "ENCODED_FROM",
    "MEASURES_IN_FORCE",
    "REGULATIONS_IN_FORCE",
    "production_activity",
    "require_date",
    "require_encoded",
]

#: The Regulations take effect (Decree No. 785).
REGULATIONS_IN_FORCE: dt.date = REGULATIONS_2024.in_force_from  # type: ignore[assignment]
#: Order No. 71 takes effect (promulgated and in force the same day; published 2025-08-22).
MEASURES_IN_FORCE: dt.date = TOTAL_CONTROL_MEASURES_2025.in_force_from  # type: ignore[assignment]
#: The rules answer for dates from this day on (policy P6).
ENCODED_FROM = REGULATIONS_IN_FORCE


def require_date(value: object, field: str) -> dt.date:
    """Return ``value`` if it is a date (not a datetime); refuse anything else."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInputError(field=field, value=value, accepted="a datetime.date")
    return value


def require_encoded(on: dt.date, what: str) -> None:
    """Raise NotInForceError for a date before the encoded range (policy P6)."""
    if on < ENCODED_FROM:
        raise NotInForceError(
            f"{what}: {on.isoformat()} is before {ENCODED_FROM.isoformat()}, the day the "
            "Rare Earth Management Regulations took effect; the library encodes the rules "
            "from that day on (policy P6) and does not guess earlier law"
        )


# Enum members as module constants for the rules' per-line loops: a class-attribute
# lookup on an Enum is slow on Python 3.11.
_PRODUCED = FlowDirection.PRODUCED
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
