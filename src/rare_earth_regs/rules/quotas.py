"""Total quantity control: which output counts against a quota, and quota overruns.

References:
    * Regulations 2024, art. 10 (《稀土管理条例》第十条): mining and smelting and
      separation are under total quantity control; art. 21 fines an enterprise that
      breaks it.
    * Order No. 71, art. 3: total quantity control covers mining, and the smelting and
      separation of every rare earth mineral product, whether obtained by mining,
      import, or processing other minerals (monazite concentrate named).
    * Order No. 71, next-year reduction clause: an enterprise that receives an
      administrative penalty has its next year's indicator reduced (amount unspecified).

Limitations:
    * A mining indicator is split by ore type only when every allocation of the
      holder's year gives an ore type; one that mixes typed and untyped allocations is
      compared as a whole (policy P17).
    * Indicators are held by an enterprise (matched by USCC, or by a name that goes
      with one USCC) or by a group (matched by the enterprise's ``group``); they are
      not transferable (policy P7). See
      :func:`~rare_earth_regs.model.quotas.resolve_holders` for the matching rule.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.filings import FilingSet, resolve_reports
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import (
    ORDER_71_MONTHLY_REPORTING,
    ORDER_71_NEXT_YEAR_REDUCTION,
    REGULATIONS_2024,
    TOTAL_CONTROL_MEASURES_2025,
    Citation,
)
from rare_earth_regs.locale import N_, SEMICOLON, Message, and_list, define, phrase
from rare_earth_regs.model.activities import Activity, FeedstockOrigin, OreType
from rare_earth_regs.model.coerce import enum_member
from rare_earth_regs.model.enterprises import DesignationRegister, Enterprise
from rare_earth_regs.model.products import Product, mineral_ore_types
from rare_earth_regs.model.quotas import (
    QUOTA_ACTIVITIES,
    Holder,
    PriorUse,
    QuotaAllocation,
    annual_totals,
    resolve_holders,
)
from rare_earth_regs.model.reports import FlowDirection, FlowLine, FlowReport
from rare_earth_regs.periods import Month, require_year
from rare_earth_regs.rules.common import (
    _COMPOUND,
    _COMPREHENSIVE_UTILIZATION,
    _DOMESTIC_MINED,
    _IMPORTED_FEED,
    _MINING,
    _OTHER_MINERALS,
    _PRODUCED,
    _SMELTING_SEPARATION,
    ENCODED_FROM,
    MEASURES_IN_FORCE,
    REGULATIONS_IN_FORCE,
    duty_activities,
    production_activity,
    require_date,
    require_encoded,
)
from rare_earth_regs.rules.registry import register
from rare_earth_regs.units import MassBasis, Tonnage

__all__ = [
    "POSSIBLE_DOUBLE_COUNT",
    "EnterpriseQuotaUse",
    "HolderQuotaUse",
    "LineReason",
    "LineRef",
    "QuotaUse",
    "counts_against_quota",
    "holder_quota_use",
    "quota_use",
    "require_encoded_report",
]

ART_10 = Citation(REGULATIONS_2024, 10)
ART_21 = Citation(REGULATIONS_2024, 21)
ORDER_71_ART_3 = Citation(TOTAL_CONTROL_MEASURES_2025, 3)

EXCEEDED = define(
    "QTA001.exceeded", "{holder}: {what} is {used}, above the indicator of {quota} by {excess}"
)
COUNTED_OUTPUT = define(
    "QTA001.counted-output", "{activity} output counted against the {year} indicator"
)
COUNTED_OUTPUT_ORE = define(
    "QTA001.counted-output-ore", "{activity} output of {ore} counted against the {year} indicator"
)
FROM_ALONE = define("QTA001.from-alone", "{what} from {date} alone")
WITH_PRIOR = define(
    "QTA001.with-prior", "{what}, with {prior} stated for the months before {date},"
)
HOLDER_ORE = define("quota.holder-ore", "{holder} ({ore})")
LINE_UNDECIDED = define(
    "QTA002.line-undecided",
    "{enterprise}: whether a produced line counts against the {year} {activity} indicator "
    "cannot be decided: {reason}",
)
REASON_DETAIL = define("QTA002.reason-detail", "{reason}: {detail}")
NO_INDICATOR = define(
    "QTA002.no-indicator",
    "{enterprise}: {used} of {activity} output counts against a {year} indicator, but no "
    "indicator is given for the enterprise or its group",
)
NO_INDICATOR_ORE = define(
    "QTA002.no-indicator-ore",
    "{enterprise}: {used} of {activity} output of {ore} counts against a {year} indicator, but "
    "no indicator of {ore} is given for the enterprise or its group",
)
ORE_TYPE_UNKNOWN = define(
    "QTA002.ore-type-unknown",
    "{enterprise}: the {year} mining indicator of {holder} is split by ore type ({parts}), and "
    "the ore type of this mining output ({reo}) is unknown: {detail}; which part it is charged "
    "to cannot be decided",
)
PARTIAL_YEAR = define(
    "QTA002.partial-year",
    "{holder}: the {year} {activity} indicator of {quota} covers the whole year, but only "
    "output from {first} is encoded ({used}); whether the year's output exceeds it cannot be "
    "decided (partial year) unless the output before {first} is stated (prior_use)",
)
MONTHS_MISSING = define(
    "QTA002.months-missing",
    "{holder}: the {year} {activity} indicator of {quota} is compared with the output of every "
    "month from {first} to {last}, but no flow report is given for {missing}; the output "
    "counted so far ({used}) is within it, so whether the year's output exceeds it cannot be "
    "decided (months missing)",
)
MISSING_FOR = define("QTA002.missing-for", "{enterprise} ({uscc}): {months}")
MONTH_SPAN = define("quota.month-span", "{first} to {last}")
PRODUCED_AND_CONSUMED = define(
    "QTA002.produced-and-consumed",
    "{product} is produced ({made}) and consumed ({used}) in the month",
)
DOUBLE_COUNT = define(
    "QTA002.possible-double-count",
    "{intermediates}: the {product} may be made from it, a second step already counted, or from "
    "fresh mineral feed; mark a second step's output with the origin own_intermediate",
)
LINE = define("quota.line", "line {numbers}")
LINES = define("quota.lines", "lines {numbers}")
ORE_TYPE_NOT_STATED = define(
    "QTA002.ore-type-not-stated",
    "ore type not stated on the line or the product, nor implied by the mineral",
)
ORE_TYPES_DIFFER = define(
    "QTA002.ore-types-differ", "the line and its product give different ore types ({ore_types})"
)
_FEED_ORIGIN_NOT_STATED = N_("feed origin not stated")
_REO_UNKNOWN = N_("REO content unknown")

_CONSUMED = FlowDirection.CONSUMED
_OWN_INTERMEDIATE = FeedstockOrigin.OWN_INTERMEDIATE

# The model's quota activities, in a fixed order for the year rules.
_QUOTA_ORDER = tuple(sorted(QUOTA_ACTIVITIES, key=lambda activity: activity.value))


def _activity(value: object) -> Activity:
    return enum_member(Activity, value, field="activity")


def _origin(value: object) -> FeedstockOrigin:
    return enum_member(FeedstockOrigin, value, field="origin")


def counts_against_quota(
    activity: Activity | str, origin: FeedstockOrigin | str, *, on: dt.date
) -> bool:
    """Whether output of ``activity`` from feed of ``origin`` on ``on`` counts against a quota.

    Legal basis:
        Regulations art. 10: 国家对稀土开采和稀土冶炼分离实行总量调控 — mining and
        smelting and separation are under total quantity control. Order No. 71, art. 3:
        the control covers the smelting and separation of rare earth mineral products
        obtained by mining, import or the processing of other minerals (独居石精矿 named).

    Interpretation:
        P4: mining output always counts against the mining indicator. Smelting and
        separation of domestically mined feed counts from 2024-10-01; of imported feed
        or feed from other minerals (monazite ...) from 2025-07-28, the day Order No. 71
        took effect. Secondary resources (recycling) never count. Metal smelting,
        comprehensive utilization and export are not quota-controlled. P6: a date before
        2024-10-01 raises NotInForceError.

    >>> counts_against_quota("smelting_separation", "imported", on=dt.date(2025, 7, 28))
    True
    >>> counts_against_quota("smelting_separation", "imported", on=dt.date(2025, 7, 27))
    False
    """
    kind = _activity(activity)
    feed = _origin(origin)
    day = require_date(on, "on")
    require_encoded(day, "counts_against_quota")
    return _counts(kind, feed, day)


def _counts(kind: Activity, feed: FeedstockOrigin, day: dt.date) -> bool:
    """:func:`counts_against_quota` on checked arguments (the per-line hot path)."""
    if kind is _MINING:
        return True
    if kind is not _SMELTING_SEPARATION:
        return False
    if feed is _DOMESTIC_MINED:
        return True
    if feed is _IMPORTED_FEED or feed is _OTHER_MINERALS:
        return day >= MEASURES_IN_FORCE
    return False


class LineReason(enum.Enum):
    """Why a line of :func:`quota_use` is counted, excluded or undetermined (machine-readable)."""

    #: Counted against the indicator.
    COUNTED = "counted"
    #: Excluded: recovered from secondary resources (P4).
    SECONDARY = "secondary"
    #: Excluded: made from the enterprise's own intermediate, counted when first made (P11).
    OWN_INTERMEDIATE = "own_intermediate"
    #: Excluded: imported or other-mineral feed before Order No. 71 took effect (P4).
    FEED_NOT_YET_CONTROLLED = "feed_not_yet_controlled"
    #: Undetermined: the feed origin of a compound is not stated (P10).
    ORIGIN_NOT_STATED = "origin_not_stated"
    #: Undetermined: the REO content of a counted line is unknown (P10).
    REO_UNKNOWN = "reo_unknown"
    #: Undetermined: the line may be a second step already counted (P11).
    POSSIBLE_DOUBLE_COUNT = "possible_double_count"


@attrs.frozen
class LineRef:
    """A line of a report, with why it was counted, excluded or left undetermined.

    ``reason`` is the English message and ``code`` the same reason for programs
    (:class:`LineReason`). ``ore_type`` is the ore type a counted mining line is charged
    to (None: not known, or not mining); ``detail`` says more about the reason (why
    the ore type is unknown, which lines make a double count possible) and ``lines``
    lists the other lines of the report that the reason involves.
    """

    report_id: str
    line_index: int
    reason: str
    reo: Tonnage | None = None
    ore_type: OreType | None = None
    detail: str = ""
    lines: tuple[int, ...] = ()
    code: LineReason = LineReason.COUNTED
    #: ``detail`` as a message, for the findings that quote it in either language.
    detail_message: Message | None = attrs.field(default=None, eq=False, repr=False)
    #: ``reason`` as a message, where it carries data (a date) and is not a fixed phrase.
    why: Message | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def reason_alone(self) -> Message:
        """``reason`` as a message, to render in English or Chinese."""
        return phrase(self.reason) if self.why is None else self.why

    @property
    def reason_message(self) -> Message:
        """``reason``, and ``detail`` when there is one, as a message."""
        reason = self.reason_alone
        if not self.detail:
            return reason
        detail = self.detail_message if self.detail_message is not None else phrase(self.detail)
        return REASON_DETAIL(reason=reason, detail=detail)

    @property
    def subject(self) -> str:
        """The line's JSON path inside its report."""
        return f"$.lines[{self.line_index}]"


@attrs.frozen(kw_only=True)
class EnterpriseQuotaUse:
    """One enterprise's output that counts against its quota for a year and activity.

    ``by_ore_type`` (mining only) splits the counted REO by the ore type each line is
    charged to; the key ``None`` holds output whose ore type is unknown (policy P17).
    """

    enterprise: Enterprise
    counted: Tonnage
    by_origin: Mapping[FeedstockOrigin, Tonnage]
    counted_lines: tuple[LineRef, ...]
    excluded: tuple[LineRef, ...]
    undetermined: tuple[LineRef, ...]
    by_ore_type: Mapping[OreType | None, Tonnage] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class QuotaUse:
    """The REO that counts against quotas, per enterprise and in total (see :func:`quota_use`)."""

    year: int
    activity: Activity
    enterprises: Mapping[str, EnterpriseQuotaUse]

    @property
    def total(self) -> Tonnage:
        """The counted REO of every enterprise."""
        return Tonnage(sum(use.counted.grams for use in self.enterprises.values()), MassBasis.REO)

    @property
    def total_by_origin(self) -> Mapping[FeedstockOrigin, Tonnage]:
        """The counted REO of every enterprise, by feed origin."""
        grams = dict.fromkeys(FeedstockOrigin, 0)
        for use in self.enterprises.values():
            for origin, amount in use.by_origin.items():
                grams[origin] += amount.grams
        return {origin: Tonnage(value, MassBasis.REO) for origin, value in grams.items() if value}


def quota_use(
    reports: Iterable[FlowReport] | FilingSet, *, year: int, activity: Activity | str
) -> QuotaUse:
    """The REO output that counts against the ``activity`` quota in ``year``.

    Every ``produced`` line of the reports whose activity (read from the product and
    its feed: :func:`~rare_earth_regs.rules.common.production_activity`) is
    ``activity`` and whose activity date (the line's date, or the last day of its
    month: policy P5) falls in ``year`` is counted, excluded (with the reason) or left
    undetermined (feed origin or REO content unknown: policy P10; a possible double
    count: policy P11). Output made from the enterprise's own intermediate (origin
    ``own_intermediate``) is excluded: it was counted when first produced (P11).
    Mining lines are charged to their ore type (policy P17; ``by_ore_type``). The
    reports are resolved into filings first (policy P12): only the highest revision of
    each enterprise and month counts, and a copy counts once. The result does not
    depend on the order of reports or lines.

    A report for a month before October 2024 raises
    :class:`~rare_earth_regs.exceptions.NotInForceError`, whatever ``year`` is
    (policies P6 and P14): it is never skipped silently.

    >>> use = quota_use([], year=2025, activity="smelting_separation")
    >>> str(use.total)
    '0 t REO'
    """
    kind = _activity(activity)
    if kind not in QUOTA_ACTIVITIES:
        raise InvalidInputError(
            field="activity", value=activity, accepted="'mining' or 'smelting_separation'"
        )
    require_year(year)
    require_encoded(dt.date(year, 12, 31), f"quota year {year}")
    return _quota_uses(resolve_reports(reports), year, (kind,))[kind]


def require_encoded_report(report: FlowReport) -> None:
    """Raise NotInForceError for a report of a month before the encoded range (P6, P14).

    Its lines are dated in its month, so no line of a later report is before the range.
    """
    if report.month < _FIRST_ENCODED_MONTH:
        require_encoded(report.month.last_day, f"report {report.report_id} for {report.month}")


_FIRST_ENCODED_MONTH = Month(ENCODED_FROM.year, ENCODED_FROM.month)


def _quota_uses(
    reports: Iterable[FlowReport], year: int, kinds: tuple[Activity, ...]
) -> dict[Activity, QuotaUse]:
    """:func:`quota_use` for several activities in one pass over the lines.

    A produced line belongs to one activity at most, so each line is read once.
    """
    separation_wanted = _SMELTING_SEPARATION in kinds
    accumulators: dict[Activity, dict[str, _Accumulator]] = {kind: {} for kind in kinds}
    for report in reports:
        month = report.month
        require_encoded_report(report)
        if month.year not in (year - 1, year, year + 1):
            continue
        lines, report_id = report.lines, report.report_id
        intermediates: dict[Product, tuple[int, ...]] | None = None
        for index in report.line_indexes(_PRODUCED):
            line = lines[index]
            day = line.date if line.date is not None else month.last_day  # P5
            if day.year != year:
                continue
            line_kind = production_activity(line)
            if line_kind is not None and line_kind in kinds:
                kind = line_kind
            elif separation_wanted and _listed(line_kind):
                kind = _SMELTING_SEPARATION
            else:
                continue
            by_uscc = accumulators[kind]
            accumulator = by_uscc.get(report.enterprise.uscc)
            if accumulator is None:
                accumulator = by_uscc[report.enterprise.uscc] = _Accumulator(report.enterprise)
            reo = line.reo_content()
            if line_kind is None:
                if line.product.product_class is _COMPOUND:
                    accumulator.undetermined.append(
                        LineRef(
                            report_id,
                            index,
                            _FEED_ORIGIN_NOT_STATED,
                            reo,
                            code=LineReason.ORIGIN_NOT_STATED,
                        )
                    )
                continue
            if line_kind is not kind:
                # a compound recovered from scrap: listed, so the exclusion is visible
                accumulator.excluded.append(
                    LineRef(report_id, index, _SECONDARY_EXCLUDED, reo, code=LineReason.SECONDARY)
                )
                continue
            assert line.origin is not None or kind is _MINING
            origin = line.origin if line.origin is not None else _DOMESTIC_MINED
            if not _counts(kind, origin, day):
                accumulator.excluded.append(
                    LineRef(
                        report_id,
                        index,
                        reo=reo,
                        code=LineReason.OWN_INTERMEDIATE
                        if origin is _OWN_INTERMEDIATE
                        else LineReason.FEED_NOT_YET_CONTROLLED,
                        **_exclusion_reason(origin, day),
                    )
                )
                continue
            if kind is _SMELTING_SEPARATION:
                if intermediates is None:
                    intermediates = _produced_and_consumed(report)
                if intermediates:  # none in most reports: nothing to look up
                    doubt = _double_count_ref(report, index, intermediates, reo)
                    if doubt is not None:
                        accumulator.undetermined.append(doubt)
                        continue
            if reo is None:
                accumulator.undetermined.append(
                    LineRef(report_id, index, _REO_UNKNOWN, None, code=LineReason.REO_UNKNOWN)
                )
                continue
            ore_type, detail = _line_ore_type(line) if kind is _MINING else (None, None)
            accumulator.add(
                origin,
                reo.grams,
                ore_type,
                LineRef(
                    report_id,
                    index,
                    "counted",
                    reo,
                    ore_type=ore_type,
                    detail="" if detail is None else str(detail),
                    detail_message=detail,
                ),
            )
    return {
        kind: QuotaUse(
            year=year,
            activity=kind,
            enterprises={uscc: by_uscc[uscc].freeze(kind) for uscc in sorted(by_uscc)},
        )
        for kind, by_uscc in accumulators.items()
    }


#: The reason of a line that may be made from the enterprise's own intermediate (P11).
POSSIBLE_DOUBLE_COUNT = N_("undetermined (possible double count)")


def _produced_and_consumed(report: FlowReport) -> dict[Product, tuple[int, ...]]:
    """The compounds a report shows both produced and consumed, with those lines' indexes.

    Only a compound with a produced line not marked ``own_intermediate`` counts: one made
    only from an own intermediate is a step the report already marks as a further step.
    """
    lines = report.lines
    consumed = [
        index
        for index in report.line_indexes(_CONSUMED)
        if lines[index].product.product_class is _COMPOUND
    ]
    if not consumed:  # the usual case: the feed consumed is a mineral product
        return {}
    made: dict[Product, list[int]] = {}
    first_step: set[Product] = set()
    for index in report.line_indexes(_PRODUCED):
        line = lines[index]
        product = line.product
        if product.product_class is _COMPOUND:
            made.setdefault(product, []).append(index)
            if line.origin is not _OWN_INTERMEDIATE:
                first_step.add(product)
    found: dict[Product, tuple[int, ...]] = {}
    for index in consumed:
        product = lines[index].product
        if product in first_step:
            found[product] = (*found.get(product, tuple(made[product])), index)
    return found


def _double_count_ref(
    report: FlowReport,
    index: int,
    intermediates: Mapping[Product, tuple[int, ...]],
    reo: Tonnage | None,
) -> LineRef | None:
    """The undetermined entry of a line that may be made from an own intermediate (P11).

    Output of another compound than one produced and consumed in the month may be made
    from it: the lines of every such compound are involved.
    """
    product = report.lines[index].product
    involved = tuple(
        sorted(
            other
            for intermediate, indexes in intermediates.items()
            if intermediate != product
            for other in indexes
        )
    )
    if not involved:
        return None
    detail = _double_count_detail(report.lines, intermediates, product)
    return LineRef(
        report.report_id,
        index,
        POSSIBLE_DOUBLE_COUNT,
        reo,
        detail=str(detail),
        lines=involved,
        code=LineReason.POSSIBLE_DOUBLE_COUNT,
        detail_message=detail,
    )


def _double_count_detail(
    lines: Sequence[FlowLine], intermediates: Mapping[Product, tuple[int, ...]], product: Product
) -> Message:
    parts: Message | None = None
    for intermediate, indexes in intermediates.items():
        if intermediate == product:
            continue
        made = [i for i in indexes if lines[i].direction is _PRODUCED]
        used = [i for i in indexes if lines[i].direction is _CONSUMED]
        part = PRODUCED_AND_CONSUMED(
            product=intermediate.name, made=_line_list(made), used=_line_list(used)
        )
        parts = part if parts is None else SEMICOLON(first=parts, rest=part)
    return DOUBLE_COUNT(intermediates=parts or "", product=product.name)


def _line_list(indexes: Sequence[int]) -> Message:
    numbers = ", ".join(str(index) for index in indexes)
    return LINE(numbers=numbers) if len(indexes) == 1 else LINES(numbers=numbers)


def _line_ore_type(line: FlowLine) -> tuple[OreType | None, Message | None]:
    """The ore type a mining line is charged to, or None and why it is unknown (P17)."""
    implied = set(mineral_ore_types(line.product))
    if line.ore_type is not None:
        implied.add(line.ore_type)
    if len(implied) == 1:
        return implied.pop(), None
    if not implied:
        return None, ORE_TYPE_NOT_STATED()
    stated = ", ".join(sorted(ore_type.value for ore_type in implied))
    return None, ORE_TYPES_DIFFER(ore_types=stated)


def _listed(line_kind: Activity | None) -> bool:
    # Lines of another activity that smelting-separation use still lists: a compound
    # of unknown feed (undetermined) and one recovered from scrap (excluded).
    return line_kind is None or line_kind is _COMPREHENSIVE_UTILIZATION


_SECONDARY_EXCLUDED = N_("secondary resources do not count against quotas")
_OWN_INTERMEDIATE_EXCLUDED = N_(
    "made from the enterprise's own intermediate, counted when it was first produced (policy P11)"
)


_FEED_NOT_YET = define(
    "quota.feed-not-yet-controlled",
    "{origin} feed counts only from {start} (Order No. 71); the line is dated {day}",
)
# The feed origins as an exclusion names them (FeedstockOrigin values).
_ORIGIN_WORDS = (N_("imported"), N_("other_minerals"), N_("domestic_mined"))


@functools.lru_cache(maxsize=1024)  # one reason per feed and day, for every line excluded
def _exclusion_reason(origin: FeedstockOrigin, day: dt.date) -> Mapping[str, Any]:
    """The reason a line is excluded: its English text and its message (LineRef fields)."""
    why = _exclusion_message(origin, day)
    return MappingProxyType({"reason": str(why), "why": why})


def _exclusion_message(origin: FeedstockOrigin, day: dt.date) -> Message:
    if origin is _OWN_INTERMEDIATE:
        return phrase(_OWN_INTERMEDIATE_EXCLUDED)
    # Separation output from mineral feed is excluded only for its date.
    return _FEED_NOT_YET(origin=phrase(origin.value), start=MEASURES_IN_FORCE, day=day)


class _Accumulator:
    __slots__ = ("by_ore_type", "by_origin", "counted", "enterprise", "excluded", "undetermined")

    def __init__(self, enterprise: Enterprise) -> None:
        self.enterprise = enterprise
        self.by_origin: dict[FeedstockOrigin, int] = {}
        self.by_ore_type: dict[OreType | None, int] = {}
        self.counted: list[LineRef] = []
        self.excluded: list[LineRef] = []
        self.undetermined: list[LineRef] = []

    def add(
        self, origin: FeedstockOrigin, grams: int, ore_type: OreType | None, ref: LineRef
    ) -> None:
        self.by_origin[origin] = self.by_origin.get(origin, 0) + grams
        self.by_ore_type[ore_type] = self.by_ore_type.get(ore_type, 0) + grams
        self.counted.append(ref)

    def freeze(self, kind: Activity) -> EnterpriseQuotaUse:
        def ordered(refs: list[LineRef]) -> tuple[LineRef, ...]:
            return tuple(sorted(refs, key=lambda ref: (ref.report_id, ref.line_index)))

        return EnterpriseQuotaUse(
            enterprise=self.enterprise,
            counted=Tonnage(sum(self.by_origin.values()), MassBasis.REO),
            by_origin={
                origin: Tonnage(self.by_origin[origin], MassBasis.REO)
                for origin in FeedstockOrigin
                if origin in self.by_origin
            },
            counted_lines=ordered(self.counted),
            excluded=ordered(self.excluded),
            undetermined=ordered(self.undetermined),
            by_ore_type={
                ore_type: Tonnage(self.by_ore_type[ore_type], MassBasis.REO)
                for ore_type in (*OreType, None)
                if ore_type in self.by_ore_type
            }
            if kind is _MINING
            else {},
        )


def _shared_use(
    reports: Sequence[FlowReport], year: int, activity: Activity, shared: dict[object, object]
) -> QuotaUse:
    # Both quota activities come from one pass; the year rules read them in turn.
    key = ("quota_use", year)
    uses = shared.get(key)
    if not isinstance(uses, dict):
        require_encoded(dt.date(year, 12, 31), f"quota year {year}")
        uses = shared[key] = _quota_uses(reports, year, _QUOTA_ORDER)
    use: QuotaUse = uses[activity]
    return use


@attrs.frozen
class _Holding:
    """One holder's indicator for a year and activity, or one ore type's part of it."""

    holder: Holder
    quota: Tonnage
    members: tuple[str, ...]
    ore_type: OreType | None  # the part of a split mining indicator; None: the whole
    split: tuple[OreType, ...]  # the ore types of a split indicator
    prior: Tonnage | None  # output stated for the months before the encoded range (P14)

    def used_grams(self, use: QuotaUse) -> int:
        """The members' counted REO charged to this indicator (or part)."""
        if self.ore_type is None:
            return sum(use.enterprises[uscc].counted.grams for uscc in self.members)
        ore_type = self.ore_type
        return sum(
            use.enterprises[uscc].by_ore_type[ore_type].grams
            for uscc in self.members
            if ore_type in use.enterprises[uscc].by_ore_type
        )

    def total_grams(self, use: QuotaUse) -> int:
        """:meth:`used_grams` and the output stated for the earlier months (P14)."""
        return self.used_grams(use) + (self.prior.grams if self.prior is not None else 0)

    @property
    def label(self) -> Message | str:
        """The indicator's name in messages: the holder, and the ore type of a part."""
        if self.ore_type is None:
            return self.holder.name
        return HOLDER_ORE(holder=self.holder.name, ore=_ORE_LABEL[self.ore_type]())


_ORE_LABEL = {
    OreType.ROCK: define("ore.rock", "rock-type ore"),
    OreType.ION_ADSORPTION: define("ore.ion_adsorption", "ion-adsorption ore"),
}


def _holdings(
    allocations: Sequence[QuotaAllocation],
    year: int,
    activity: Activity,
    use: QuotaUse,
    *,
    reports: Sequence[FlowReport] = (),
    prior_use: Sequence[PriorUse] = (),
) -> list[_Holding]:
    """Match each holder's annual indicator to the enterprises whose output it covers.

    Allocations are resolved to holders first (:func:`resolve_holders`), so an
    indicator split over notices that name the holder differently is one indicator.
    A mining indicator whose every allocation of the year gives an ore type is split
    into one part per ore type (policy P17).
    """
    holders = resolve_holders(
        allocations,
        enterprises=[report.enterprise for report in reports],
        prior_use=prior_use,
    )
    by_identity: dict[tuple[str, str | None], Holder] = {}
    canonical = []
    for index, allocation in enumerate(allocations):
        holder = holders[index]
        by_identity[(holder.name, holder.uscc)] = holder
        canonical.append(attrs.evolve(allocation, holder=holder.name, holder_uscc=holder.uscc))
    # annual_totals orders its keys by holder name and USCC: so are the holdings.
    parts: dict[Holder, dict[OreType | None, int]] = {}
    for key, amount in annual_totals(canonical).items():
        if key.year == year and key.activity is activity:
            holder_parts = parts.setdefault(by_identity[(key.holder, key.holder_uscc)], {})
            holder_parts[key.ore_type] = holder_parts.get(key.ore_type, 0) + amount.grams
    stated: dict[Holder, dict[OreType | None, int]] = {}
    for index, entry in enumerate(prior_use):
        if entry.year == year and entry.activity is activity:
            holder_stated = stated.setdefault(holders[len(allocations) + index], {})
            holder_stated[entry.ore_type] = (
                holder_stated.get(entry.ore_type, 0) + entry.amount.grams
            )
    holdings: list[_Holding] = []
    for holder, ore_parts in parts.items():
        members = tuple(
            uscc
            for uscc, enterprise_use in use.enterprises.items()
            if holder.covers(enterprise_use.enterprise)
        )
        prior = stated.get(holder)
        if None in ore_parts:  # not split: the whole indicator
            quota = sum(ore_parts.values())
            holdings.append(
                _Holding(
                    holder,
                    Tonnage(quota, MassBasis.REO),
                    members,
                    None,
                    (),
                    None if prior is None else Tonnage(sum(prior.values()), MassBasis.REO),
                )
            )
            continue
        split = tuple(ore_type for ore_type in OreType if ore_type in ore_parts)
        for ore_type in split:
            part_prior = None if prior is None or ore_type not in prior else prior[ore_type]
            holdings.append(
                _Holding(
                    holder,
                    Tonnage(ore_parts[ore_type], MassBasis.REO),
                    members,
                    ore_type,
                    split,
                    None if part_prior is None else Tonnage(part_prior, MassBasis.REO),
                )
            )
    return holdings


@attrs.frozen(kw_only=True)
class HolderQuotaUse:
    """One holder's indicator for a year and activity (or one ore type's part of it),
    and the output charged to it: what :func:`holder_quota_use` gives, and what QTA001
    compares.

    ``counted`` is the counted REO of the enterprises the indicator covers
    (``members``), ``prior_use`` the output stated for the months before the encoded
    range (P14), ``used`` their sum. ``headroom`` is what is left of the indicator and
    ``excess`` what is above it (one of them is zero); ``share_used`` is ``used``
    divided by the indicator (None for an indicator of zero).
    """

    holder: Holder
    year: int
    activity: Activity
    ore_type: OreType | None
    indicator: Tonnage
    counted: Tonnage
    prior_use: Tonnage | None
    members: tuple[str, ...]

    @property
    def used(self) -> Tonnage:
        """The counted REO and the stated prior use together."""
        prior = 0 if self.prior_use is None else self.prior_use.grams
        return Tonnage(self.counted.grams + prior, MassBasis.REO)

    @property
    def headroom(self) -> Tonnage:
        """What is left of the indicator (zero when it is used up or exceeded)."""
        return Tonnage(max(self.indicator.grams - self.used.grams, 0), MassBasis.REO)

    @property
    def excess(self) -> Tonnage:
        """The output above the indicator (zero when within it): a QTA001 breach."""
        return Tonnage(max(self.used.grams - self.indicator.grams, 0), MassBasis.REO)

    @property
    def share_used(self) -> Decimal | None:
        """``used / indicator``, exact to 28 significant digits; None for a zero indicator."""
        if self.indicator.grams == 0:
            return None
        return Decimal(self.used.grams) / Decimal(self.indicator.grams)


def holder_quota_use(
    reports: Iterable[FlowReport],
    *,
    year: int,
    activity: Activity | str,
    allocations: Iterable[QuotaAllocation],
    prior_use: Iterable[PriorUse] = (),
) -> tuple[HolderQuotaUse, ...]:
    """Each holder's indicator for ``year`` and ``activity``, with the output charged to it.

    The allocations are resolved to holders (policy P7, :func:`resolve_holders`); a
    mining indicator split by ore type gives one entry per part (P17), each charged with
    the output of its ore type. The enterprises' counted output is that of
    :func:`quota_use`. Ordered by holder name, then ore type.

    >>> holder_quota_use([], year=2025, activity="mining", allocations=[])
    ()
    """
    kind = _activity(activity)
    reports_list = tuple(reports)
    use = quota_use(reports_list, year=year, activity=kind)
    allocation_list = tuple(allocations)
    for index, allocation in enumerate(allocation_list):
        if not isinstance(allocation, QuotaAllocation):
            raise InvalidInputError(
                field=f"allocations[{index}]", value=allocation, accepted="a QuotaAllocation"
            )
    _, holdings = _year_context(
        reports_list,
        year,
        kind,
        allocation_list,
        prior_use=tuple(prior_use),
        shared={("quota_use", year): {kind: use}},  # computed once, above
    )
    return tuple(
        HolderQuotaUse(
            holder=holding.holder,
            year=year,
            activity=kind,
            ore_type=holding.ore_type,
            indicator=holding.quota,
            counted=Tonnage(holding.used_grams(use), MassBasis.REO),
            prior_use=holding.prior,
            members=holding.members,
        )
        for holding in holdings
    )


#: The quota year that starts before the encoded range (P14): 2024.
_PARTIAL_YEAR = ENCODED_FROM.year if dt.date(ENCODED_FROM.year, 1, 1) != ENCODED_FROM else None


def _partial_year(year: int) -> bool:
    # The year's indicator covers months before the encoded range (2024: P14).
    return year == _PARTIAL_YEAR


def _year_context(
    reports: Sequence[FlowReport],
    year: int,
    activity: Activity,
    allocations: Sequence[QuotaAllocation],
    *,
    prior_use: Sequence[PriorUse],
    shared: dict[object, object] | None,
) -> tuple[QuotaUse, list[_Holding]]:
    cache = {} if shared is None else shared
    use = _shared_use(reports, year, activity, cache)
    key = ("holdings", year, activity)
    holdings = cache.get(key)
    if not isinstance(holdings, list):
        holdings = cache[key] = _holdings(
            allocations, year, activity, use, reports=reports, prior_use=prior_use
        )
    return use, holdings


def check_quota_exceeded(
    reports: Sequence[FlowReport],
    *,
    year: int,
    allocations: Sequence[QuotaAllocation],
    prior_use: Sequence[PriorUse] = (),
    shared: dict[object, object] | None = None,
    **_: object,
) -> Iterator[Finding]:
    """Output above the holder's total quantity control indicator for the year.

    Legal basis:
        Regulations art. 10: 稀土开采和稀土冶炼分离实行总量调控 — total quantity control.
        Art. 21: 稀土开采企业、稀土冶炼分离企业违反总量调控管理规定开采、冶炼分离稀土的
        ... — an enterprise that mines or separates beyond the control is fined.
        Order No. 71, art. 3: the control covers imported feed and other minerals;
        and its next-year clause: a penalised enterprise's next indicator is reduced.

    Interpretation:
        P4 decides which output counts (see ``counts_against_quota``); P5 dates an
        undated line on the last day of its month; P11 counts each tonne once (output
        made from the enterprise's own intermediate is not counted again). P7:
        indicators are in t REO, held by an enterprise or group and not transferable;
        the allocations are resolved to holders first (one holder however the notices
        name it: see ``resolve_holders``) and the holder's total is compared; output
        equal to the indicator is compliant, only output above it is a breach, exact
        to the gram. P17: a mining indicator split by ore type is compared part by
        part, each with the output of its ore type. P14: a quota year that starts
        before 2024-10-01 adds the output the caller states for the earlier months
        (``prior_use``); without it, output from 2024-10-01 above the indicator is
        still a breach (the earlier output can only add to it). P6: a report of a
        month before 2024-10-01 raises NotInForceError, never skipped. P23: output of
        the months given that is above the indicator is a breach, whatever months of
        the year are missing (the missing months can only add to it).
    """
    for activity in _QUOTA_ORDER:
        use, holdings = _year_context(
            reports, year, activity, allocations, prior_use=prior_use, shared=shared
        )
        for holding in holdings:
            used = holding.total_grams(use)
            if used <= holding.quota.grams:
                continue
            used_tonnage = Tonnage(used, MassBasis.REO)
            excess = Tonnage(used - holding.quota.grams, MassBasis.REO)
            by_origin: dict[str, int] = {}
            for uscc in holding.members:
                for origin, amount in use.enterprises[uscc].by_origin.items():
                    by_origin[origin.value] = by_origin.get(origin.value, 0) + amount.grams
            facts: dict[str, object] = {
                "holder": holding.holder.name,
                "holder_uscc": holding.holder.uscc,
                "enterprises": list(holding.members),
                "activity": activity.value,
                "year": year,
                "quota": str(holding.quota),
                "used": str(used_tonnage),
                "excess": str(excess),
                "quota_grams": holding.quota.grams,
                "used_grams": used,
                "excess_grams": used - holding.quota.grams,
                "used_by_origin_grams": by_origin,
                "penalty_article": ART_21.en,
                "consequence": (
                    "if penalised, the holder's indicator for "
                    f"{year + 1} is reduced (Order No. 71; amount unspecified)"
                ),
                "consequence_citation": ORDER_71_NEXT_YEAR_REDUCTION.en,
            }
            what = COUNTED_OUTPUT(activity=activity.term, year=year)
            if holding.ore_type is not None:
                facts["ore_type"] = holding.ore_type.value
                what = COUNTED_OUTPUT_ORE(
                    activity=activity.term, ore=_ORE_LABEL[holding.ore_type](), year=year
                )
            if _partial_year(year):
                facts["prior_use"] = None if holding.prior is None else str(holding.prior)
                facts["counted_from"] = ENCODED_FROM.isoformat()
                if holding.prior is None:
                    what = FROM_ALONE(what=what, date=ENCODED_FROM)
                else:
                    what = WITH_PRIOR(what=what, prior=holding.prior, date=ENCODED_FROM)
            yield Finding(
                rule_id="QTA001",
                severity=Severity.VIOLATION,
                message=EXCEEDED(
                    holder=holding.label,
                    what=what,
                    used=used_tonnage,
                    quota=holding.quota,
                    excess=excess,
                ),
                citations=(ART_10, ART_21, ORDER_71_ART_3),
                subject="$",
                facts=facts,
                enterprise=holding.holder.uscc or (holding.members[0] if holding.members else None),
                month=None,
            )


register(
    id="QTA001",
    name="quota-exceeded",
    citations=(ART_10, ART_21, ORDER_71_ART_3, ORDER_71_NEXT_YEAR_REDUCTION),
    severities=(Severity.VIOLATION,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P4", "P5", "P6", "P7", "P11", "P14", "P17", "P23"),
    scope="year",
)(check_quota_exceeded)


def check_quota_undetermined(
    reports: Sequence[FlowReport],
    *,
    year: int,
    allocations: Sequence[QuotaAllocation],
    prior_use: Sequence[PriorUse] = (),
    designations: DesignationRegister | None = None,
    shared: dict[object, object] | None = None,
    **_: object,
) -> Iterator[Finding]:
    """Quota use cannot be determined: a line, ore type, indicator or part of the year unknown.

    Legal basis:
        Regulations art. 10 and Order No. 71, art. 3, as for QTA001: whether output counts
        depends on its feed, and an overrun on the holder's indicator. Order No. 71's
        monthly reporting clause: production enterprises enter each month's flow
        information by the 10th of the next month (每月10日前), so a month with no
        output is a report, and a month without one is unknown, not zero.

    Interpretation:
        P4 decides which output counts, and it turns on the feed: whether output
        counts cannot be decided without the feed's origin. P10: unknown facts stay
        unknown. Each of these is reported UNDETERMINED, never passed silently: a
        produced compound whose feed origin is not stated; a counted line whose REO
        content is unknown; counted output of an enterprise for which no indicator is
        given; P11: compound output, not marked ``own_intermediate``, of a report that
        shows another compound produced and consumed in the month (undetermined
        (possible double count), naming the lines involved); P17: mining output of
        unknown ore type when the holder's mining indicator is split by ore type, and
        output of an ore type the split indicator has no part for; P14: a quota year
        that starts before 2024-10-01 (2024) whose output from that day is within the
        indicator, when the caller states no output for the earlier months. P23: an
        indicator whose output so far is within it, when an enterprise it covers with
        output or duties of the activity (P13) has no report for a month of the year
        from 2024-10-01 on (the months not yet over included), naming the months.
    """
    cache = {} if shared is None else shared
    for activity in _QUOTA_ORDER:
        use, holdings = _year_context(
            reports, year, activity, allocations, prior_use=prior_use, shared=cache
        )
        covered: set[tuple[str, OreType | None]] = set()
        split_members: dict[str, _Holding] = {}
        for holding in holdings:
            covered.update((uscc, holding.ore_type) for uscc in holding.members)
            if holding.ore_type is not None:
                for uscc in holding.members:
                    split_members.setdefault(uscc, holding)
        for uscc, enterprise_use in use.enterprises.items():
            name = enterprise_use.enterprise.name
            for ref in enterprise_use.undetermined:
                facts: dict[str, object] = {
                    "activity": activity.value,
                    "year": year,
                    "reason": ref.reason,
                    "reason_code": ref.code.value,
                }
                reason = phrase(ref.reason)
                if ref.lines:
                    facts["lines"] = list(ref.lines)
                    facts["detail"] = ref.detail
                    reason = ref.reason_message
                yield Finding(
                    rule_id="QTA002",
                    severity=Severity.UNDETERMINED,
                    message=LINE_UNDECIDED(
                        enterprise=name, year=year, activity=activity.term, reason=reason
                    ),
                    citations=(ART_10, ORDER_71_ART_3),
                    subject=ref.subject,
                    facts=facts,
                    enterprise=uscc,
                    report_id=ref.report_id,
                )
            if not enterprise_use.counted.grams:
                continue
            if not any(key[0] == uscc for key in covered):
                yield _no_indicator(
                    name, uscc, year, activity, enterprise_use.counted, ore_type=None
                )
                continue
            if (uscc, None) in covered or uscc not in split_members:
                continue
            holding = split_members[uscc]
            for ore_type, amount in enterprise_use.by_ore_type.items():
                if ore_type is not None and (uscc, ore_type) not in covered and amount.grams:
                    yield _no_indicator(name, uscc, year, activity, amount, ore_type=ore_type)
            for ref in enterprise_use.counted_lines:
                if ref.ore_type is None:
                    yield _unknown_ore_type(name, uscc, year, holding, ref)
        if _partial_year(year):
            for holding in holdings:
                if (
                    holding.prior is None
                    and holding.members
                    and (holding.used_grams(use) <= holding.quota.grams)
                ):
                    yield _partial_year_finding(year, activity, holding, use)
        reporters = _reporters(reports, year, designations, cache)
        for holding in holdings:
            missing = _months_missing(year, activity, holding, use, reporters)
            if missing is not None:
                yield missing


@attrs.frozen
class _Reporter:
    """An enterprise of the series: the months of the year it reports, its quota duties."""

    enterprise: Enterprise
    months: frozenset[Month]
    duties: frozenset[Activity]  # the quota activities whose duties it has (P13)


def _reporters(
    reports: Sequence[FlowReport],
    year: int,
    designations: DesignationRegister | None,
    cache: dict[object, object],
) -> dict[str, _Reporter]:
    """Each enterprise reporting in ``year``: its months and its quota duties (computed once)."""
    key = ("reporters", year)
    found = cache.get(key)
    if isinstance(found, dict):
        return found
    months: dict[str, set[Month]] = {}
    latest: dict[str, FlowReport] = {}
    duties: dict[str, set[Activity]] = {}
    for report in reports:
        if report.month.year != year:
            continue
        uscc = report.enterprise.uscc
        months.setdefault(uscc, set()).add(report.month)
        if uscc not in latest or latest[uscc].month < report.month:
            latest[uscc] = report
        held = duties.setdefault(uscc, set())
        if not held >= QUOTA_ACTIVITIES:
            held.update(QUOTA_ACTIVITIES & duty_activities(report, designations))
    reporters = {
        uscc: _Reporter(latest[uscc].enterprise, frozenset(months[uscc]), frozenset(duties[uscc]))
        for uscc in sorted(months)
    }
    cache[key] = reporters
    return reporters


def _quota_months(year: int) -> tuple[Month, ...]:
    """The months of ``year`` whose output the indicator is compared with (P23).

    Every month of the year from the start of the encoded range: the earlier months of
    2024 are the stated prior use, or the partial year of P14.
    """
    return tuple(Month.range(max(Month(year, 1), _FIRST_ENCODED_MONTH), Month(year, 12)))


def _month_spans(months: Sequence[Month]) -> Message | str:
    """``2025-01 to 2025-07 and 2025-12``: the months, consecutive ones as one span."""
    spans: list[Message | str] = []
    start = previous = months[0]
    for month in (*months[1:], None):
        if month is not None and month == previous.next():
            previous = month
            continue
        spans.append(str(start) if start == previous else MONTH_SPAN(first=start, last=previous))
        if month is not None:
            start = previous = month
    return and_list(spans)


def _months_missing(
    year: int,
    activity: Activity,
    holding: _Holding,
    use: QuotaUse,
    reporters: Mapping[str, _Reporter],
) -> Finding | None:
    """QTA002 (P23): the output is within the indicator, but months of the year are missing.

    The enterprises whose months are needed are those the indicator covers that have
    output of the activity in the year, or its duties (P13) in a month reported.
    """
    used = holding.total_grams(use)
    if used > holding.quota.grams:
        return None  # QTA001: the months given already exceed it
    expected = _quota_months(year)
    members = set(holding.members)
    members.update(
        uscc
        for uscc, reporter in reporters.items()
        if activity in reporter.duties and holding.holder.covers(reporter.enterprise)
    )
    gaps: dict[str, tuple[Month, ...]] = {}
    for uscc in sorted(members):
        reporter = reporters.get(uscc)
        given = reporter.months if reporter is not None else frozenset()
        absent = tuple(month for month in expected if month not in given)
        if absent:
            gaps[uscc] = absent
    if not gaps:
        return None
    missing: Message | str | None = None
    for uscc, absent in gaps.items():
        reporter = reporters.get(uscc)
        name = (
            reporter.enterprise.name
            if reporter is not None
            else use.enterprises[uscc].enterprise.name
        )
        part = MISSING_FOR(enterprise=name, uscc=uscc, months=_month_spans(absent))
        missing = part if missing is None else SEMICOLON(first=missing, rest=part)
    used_tonnage = Tonnage(used, MassBasis.REO)
    return Finding(
        rule_id="QTA002",
        severity=Severity.UNDETERMINED,
        message=MONTHS_MISSING(
            holder=holding.label,
            year=year,
            activity=activity.term,
            quota=holding.quota,
            first=expected[0],
            last=expected[-1],
            missing=missing or "",
            used=used_tonnage,
        ),
        citations=(ART_10, ORDER_71_MONTHLY_REPORTING),
        subject="$",
        facts={
            "activity": activity.value,
            "year": year,
            "reason": "months missing",
            "holder": holding.holder.name,
            "holder_uscc": holding.holder.uscc,
            "ore_type": None if holding.ore_type is None else holding.ore_type.value,
            "quota": str(holding.quota),
            "used": str(used_tonnage),
            "months_from": str(expected[0]),
            "months_through": str(expected[-1]),
            "missing_months": {
                uscc: [str(month) for month in absent] for uscc, absent in gaps.items()
            },
        },
        enterprise=holding.holder.uscc or min(gaps),
    )


def _no_indicator(
    name: str,
    uscc: str,
    year: int,
    activity: Activity,
    amount: Tonnage,
    *,
    ore_type: OreType | None,
) -> Finding:
    facts: dict[str, object] = {
        "activity": activity.value,
        "year": year,
        "used": str(amount),
        "reason": "no indicator known",
    }
    if ore_type is not None:
        facts["ore_type"] = ore_type.value
    return Finding(
        rule_id="QTA002",
        severity=Severity.UNDETERMINED,
        message=(
            NO_INDICATOR(enterprise=name, used=amount, activity=activity.term, year=year)
            if ore_type is None
            else NO_INDICATOR_ORE(
                enterprise=name,
                used=amount,
                activity=activity.term,
                ore=_ORE_LABEL[ore_type](),
                year=year,
            )
        ),
        citations=(ART_10,),
        subject="$",
        facts=facts,
        enterprise=uscc,
    )


def _unknown_ore_type(name: str, uscc: str, year: int, holding: _Holding, ref: LineRef) -> Finding:
    parts = [ore_type.value for ore_type in holding.split]
    return Finding(
        rule_id="QTA002",
        severity=Severity.UNDETERMINED,
        message=ORE_TYPE_UNKNOWN(
            enterprise=name,
            year=year,
            holder=holding.holder.name,
            parts=", ".join(parts),
            reo=str(ref.reo),
            detail=ref.detail_message if ref.detail_message is not None else phrase(ref.detail),
        ),
        citations=(ART_10,),
        subject=ref.subject,
        facts={
            "activity": Activity.MINING.value,
            "year": year,
            "reason": "ore type unknown",
            "detail": ref.detail,
            "holder": holding.holder.name,
            "ore_types": parts,
            "reo": str(ref.reo),
        },
        enterprise=uscc,
        report_id=ref.report_id,
    )


def _partial_year_finding(
    year: int, activity: Activity, holding: _Holding, use: QuotaUse
) -> Finding:
    used = Tonnage(holding.used_grams(use), MassBasis.REO)
    first = ENCODED_FROM.isoformat()
    return Finding(
        rule_id="QTA002",
        severity=Severity.UNDETERMINED,
        message=PARTIAL_YEAR(
            holder=holding.label,
            year=year,
            activity=activity.term,
            quota=holding.quota,
            first=first,
            used=used,
        ),
        citations=(ART_10,),
        subject="$",
        facts={
            "activity": activity.value,
            "year": year,
            "reason": "partial year",
            "holder": holding.holder.name,
            "holder_uscc": holding.holder.uscc,
            "ore_type": None if holding.ore_type is None else holding.ore_type.value,
            "quota": str(holding.quota),
            "used_from": first,
            "used": str(used),
        },
        enterprise=holding.holder.uscc or holding.members[0],
    )


register(
    id="QTA002",
    name="quota-use-undetermined",
    citations=(ART_10, ORDER_71_ART_3, ORDER_71_MONTHLY_REPORTING),
    severities=(Severity.UNDETERMINED,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P4", "P10", "P11", "P14", "P17", "P23"),
    scope="year",
)(check_quota_undetermined)
