"""The regulated activities and the origins of rare earth feedstock.

Regulations 2024, art. 2 lists the activities the Regulations govern; art. 30 defines
them. Order No. 71, art. 3 distinguishes rare earth mineral products by how they
were obtained (mining, import, processing of other minerals such as monazite).

>>> Activity.SMELTING_SEPARATION.value
'smelting_separation'
>>> FeedstockOrigin("imported") is FeedstockOrigin.IMPORTED
True
"""

from __future__ import annotations

import enum

from rare_earth_regs.locale import Message, MessageTemplate, define

__all__ = ["Activity", "FeedstockOrigin", "OreType"]


class Activity(enum.Enum):
    """An activity regulated by the Rare Earth Management Regulations (art. 2, art. 30)."""

    __hash__ = object.__hash__  # singletons: hashed by identity, with no Python call

    #: Mining and beneficiation of rare earth ores (开采), under a mining indicator.
    MINING = "mining"
    #: Smelting and separation (冶炼分离): mineral products to single or mixed
    #: oxides, salts and other compounds, under a smelting-separation indicator.
    SMELTING_SEPARATION = "smelting_separation"
    #: Metal smelting (金属冶炼): oxides, salts and compounds to metals or alloys.
    METAL_SMELTING = "metal_smelting"
    #: Comprehensive utilization (综合利用): recovery from secondary resources.
    COMPREHENSIVE_UTILIZATION = "comprehensive_utilization"
    #: Export of rare earth products (出口).
    EXPORT = "export"

    @property
    def label_zh(self) -> str:
        """The Chinese term used in the Regulations."""
        return _ACTIVITY_ZH[self]

    @property
    def label_en(self) -> str:
        """The English term, as the rules' messages write it (``"smelting and separation"``)."""
        return _ACTIVITY_EN[self]

    @property
    def term(self) -> Message:
        """The term as a message: English as :attr:`label_en`, Chinese as the law writes it."""
        return _ACTIVITY_TERMS[self]()


_ACTIVITY_EN = {
    Activity.MINING: "mining",
    Activity.SMELTING_SEPARATION: "smelting and separation",
    Activity.METAL_SMELTING: "metal smelting",
    Activity.COMPREHENSIVE_UTILIZATION: "comprehensive utilization",
    Activity.EXPORT: "export",
}

_ACTIVITY_TERMS: dict[Activity, MessageTemplate] = {
    Activity.MINING: define("activity.mining", "mining"),
    Activity.SMELTING_SEPARATION: define("activity.smelting_separation", "smelting and separation"),
    Activity.METAL_SMELTING: define("activity.metal_smelting", "metal smelting"),
    Activity.COMPREHENSIVE_UTILIZATION: define(
        "activity.comprehensive_utilization", "comprehensive utilization"
    ),
    Activity.EXPORT: define("activity.export", "export"),
}

_ACTIVITY_ZH = {
    Activity.MINING: "稀土开采",
    Activity.SMELTING_SEPARATION: "稀土冶炼分离",
    Activity.METAL_SMELTING: "稀土金属冶炼",
    Activity.COMPREHENSIVE_UTILIZATION: "稀土综合利用",
    Activity.EXPORT: "稀土产品出口",
}


class FeedstockOrigin(enum.Enum):
    """How the rare earth feed of a line was obtained (Order No. 71, art. 3)."""

    __hash__ = object.__hash__  # singletons: hashed by identity, with no Python call

    #: Rare earth mineral products mined in China.
    DOMESTIC_MINED = "domestic_mined"
    #: Imported rare earth mineral products (进口).
    IMPORTED = "imported"
    #: Mineral products obtained by processing other minerals, such as monazite
    #: concentrate (独居石精矿).
    OTHER_MINERALS = "other_minerals"
    #: Secondary resources: magnet scrap and other recoverable waste (art. 30).
    SECONDARY = "secondary"
    #: The enterprise's own earlier smelting-separation output, fed into a further
    #: step (mixed chloride or carbonate separated into oxides). Only on ``produced``
    #: lines: the rare earths were counted against the quota when first produced, so
    #: the further step's output is not counted again (policy P11).
    OWN_INTERMEDIATE = "own_intermediate"


class OreType(enum.Enum):
    """The deposit type a mining indicator is issued for (not an element group).

    Mining indicators are split by ore type (policy P17); mining output is charged to
    the indicator of its ore type.
    """

    __hash__ = object.__hash__  # singletons: hashed by identity, with no Python call

    #: Rock-type ore (岩矿型稀土), mainly light rare earths (bastnaesite, monazite).
    ROCK = "rock"
    #: Ion-adsorption ore (离子型稀土), mainly medium and heavy rare earths.
    ION_ADSORPTION = "ion_adsorption"
