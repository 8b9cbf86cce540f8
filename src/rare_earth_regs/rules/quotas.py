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
    * Mining indicators are split by ore type (rock-type, ion-adsorption) but flow
      lines carry no ore type: mining output is compared with the sum of the holder's
      mining indicators.
    * Indicators are held by an enterprise (matched by USCC) or by a group (matched by
      the enterprise's ``group``); they are not transferable (policy P7).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import (
    ORDER_71_NEXT_YEAR_REDUCTION,
    REGULATIONS_2024,
    TOTAL_CONTROL_MEASURES_2025,
    Citation,
)
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.coerce import enum_member
from rare_earth_regs.model.enterprises import Enterprise
from rare_earth_regs.model.quotas import QUOTA_ACTIVITIES, QuotaAllocation, annual_totals
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.rules.common import (
    _COMPOUND,
    _COMPREHENSIVE_UTILIZATION,
    _DOMESTIC_MINED,
    _IMPORTED_FEED,
    _MINING,
    _OTHER_MINERALS,
    _PRODUCED,
    _SMELTING_SEPARATION,
    MEASURES_IN_FORCE,
    REGULATIONS_IN_FORCE,
    production_activity,
    require_date,
    require_encoded,
)
from rare_earth_regs.rules.registry import register
from rare_earth_regs.units import MassBasis, Tonnage

__all__ = [
    "EnterpriseQuotaUse",
    "LineRef",
    "QuotaUse",
    "counts_against_quota",
    "quota_use",
]

ART_10 = Citation(REGULATIONS_2024, 10)
ART_21 = Citation(REGULATIONS_2024, 21)
ORDER_71_ART_3 = Citation(TOTAL_CONTROL_MEASURES_2025, 3)

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


@attrs.frozen
class LineRef:
    """A line of a report, with why it was excluded or left undetermined."""

    report_id: str
    line_index: int
    reason: str
    reo: Tonnage | None = None

    @property
    def subject(self) -> str:
        """The line's JSON path inside its report."""
        return f"$.lines[{self.line_index}]"


@attrs.frozen(kw_only=True)
class EnterpriseQuotaUse:
    """One enterprise's output that counts against its quota for a year and activity."""

    enterprise: Enterprise
    counted: Tonnage
    by_origin: Mapping[FeedstockOrigin, Tonnage]
    counted_lines: tuple[LineRef, ...]
    excluded: tuple[LineRef, ...]
    undetermined: tuple[LineRef, ...]


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


def quota_use(reports: Iterable[FlowReport], *, year: int, activity: Activity | str) -> QuotaUse:
    """The REO output that counts against the ``activity`` quota in ``year``.

    Every ``produced`` line of the reports whose activity (read from the product and
    its feed: :func:`~rare_earth_regs.rules.common.production_activity`) is
    ``activity`` and whose activity date (the line's date, or the last day of its
    month: policy P5) falls in ``year`` is counted, excluded (with the reason) or left
    undetermined (feed origin or REO content unknown: policy P10). The result does not
    depend on the order of reports or lines.

    >>> use = quota_use([], year=2025, activity="smelting_separation")
    >>> str(use.total)
    '0 t REO'
    """
    kind = _activity(activity)
    if kind not in QUOTA_ACTIVITIES:
        raise InvalidInputError(
            field="activity", value=activity, accepted="'mining' or 'smelting_separation'"
        )
    if type(year) is not int:
        raise InvalidInputError(field="year", value=year, accepted="a year such as 2025")
    require_encoded(dt.date(year, 12, 31), f"quota year {year}")
    return _quota_uses(reports, year, (kind,))[kind]


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
        if month.year not in (year - 1, year, year + 1):
            continue
        lines, report_id = report.lines, report.report_id
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
                        LineRef(report_id, index, "feed origin not stated", reo)
                    )
                continue
            if line_kind is not kind:
                # a compound recovered from scrap: listed, so the exclusion is visible
                accumulator.excluded.append(LineRef(report_id, index, _SECONDARY_EXCLUDED, reo))
                continue
            assert line.origin is not None or kind is _MINING
            origin = line.origin if line.origin is not None else _DOMESTIC_MINED
            if day < REGULATIONS_IN_FORCE:
                accumulator.excluded.append(
                    LineRef(report_id, index, "before the Regulations took effect", reo)
                )
                continue
            if not _counts(kind, origin, day):
                accumulator.excluded.append(
                    LineRef(report_id, index, _exclusion_reason(origin, day), reo)
                )
                continue
            if reo is None:
                accumulator.undetermined.append(
                    LineRef(report_id, index, "REO content unknown", None)
                )
                continue
            accumulator.add(origin, reo.grams, LineRef(report_id, index, "counted", reo))
    return {
        kind: QuotaUse(
            year=year,
            activity=kind,
            enterprises={uscc: by_uscc[uscc].freeze() for uscc in sorted(by_uscc)},
        )
        for kind, by_uscc in accumulators.items()
    }


def _listed(line_kind: Activity | None) -> bool:
    # Lines of another activity that smelting-separation use still lists: a compound
    # of unknown feed (undetermined) and one recovered from scrap (excluded).
    return line_kind is None or line_kind is _COMPREHENSIVE_UTILIZATION


_SECONDARY_EXCLUDED = "secondary resources do not count against quotas"


def _exclusion_reason(origin: FeedstockOrigin, day: dt.date) -> str:
    # Separation output from mineral feed is excluded only for its date.
    return (
        f"{origin.value} feed counts only from {MEASURES_IN_FORCE.isoformat()} "
        f"(Order No. 71); the line is dated {day.isoformat()}"
    )


class _Accumulator:
    __slots__ = ("by_origin", "counted", "enterprise", "excluded", "undetermined")

    def __init__(self, enterprise: Enterprise) -> None:
        self.enterprise = enterprise
        self.by_origin: dict[FeedstockOrigin, int] = {}
        self.counted: list[LineRef] = []
        self.excluded: list[LineRef] = []
        self.undetermined: list[LineRef] = []

    def add(self, origin: FeedstockOrigin, grams: int, ref: LineRef) -> None:
        self.by_origin[origin] = self.by_origin.get(origin, 0) + grams
        self.counted.append(ref)

    def freeze(self) -> EnterpriseQuotaUse:
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
    holder: str
    holder_uscc: str | None
    quota: Tonnage
    members: tuple[str, ...]


def _holdings(
    allocations: Sequence[QuotaAllocation], year: int, activity: Activity, use: QuotaUse
) -> tuple[list[_Holding], set[str]]:
    """Match each holder's annual indicator to the enterprises whose output it covers."""
    totals: dict[tuple[str, str | None], int] = {}
    for key, amount in annual_totals(allocations).items():
        if key.year == year and key.activity is activity:
            identity = (key.holder, key.holder_uscc)
            totals[identity] = totals.get(identity, 0) + amount.grams
    holdings: list[_Holding] = []
    covered: set[str] = set()
    for (holder, holder_uscc), grams in sorted(totals.items(), key=lambda item: item[0][0]):
        if holder_uscc is not None:
            members = tuple(uscc for uscc in use.enterprises if uscc == holder_uscc)
        else:
            members = tuple(
                uscc
                for uscc, enterprise_use in use.enterprises.items()
                if holder in (enterprise_use.enterprise.group, enterprise_use.enterprise.name)
            )
        covered.update(members)
        holdings.append(_Holding(holder, holder_uscc, Tonnage(grams, MassBasis.REO), members))
    return holdings, covered


def check_quota_exceeded(
    reports: Sequence[FlowReport],
    *,
    year: int,
    allocations: Sequence[QuotaAllocation],
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
        undated line on the last day of its month; P7: indicators are in t REO, held by
        an enterprise or group and not transferable, output equal to the indicator is
        compliant, only output above it is a breach, and the comparison is exact to
        the gram. Output is summed over all the holder's reports of the year.
    """
    for activity in _QUOTA_ORDER:
        use = _shared_use(reports, year, activity, {} if shared is None else shared)
        holdings = _holdings(allocations, year, activity, use)[0]
        for holding in holdings:
            used = sum(use.enterprises[uscc].counted.grams for uscc in holding.members)
            if used <= holding.quota.grams:
                continue
            used_tonnage = Tonnage(used, MassBasis.REO)
            excess = Tonnage(used - holding.quota.grams, MassBasis.REO)
            by_origin: dict[str, int] = {}
            for uscc in holding.members:
                for origin, amount in use.enterprises[uscc].by_origin.items():
                    by_origin[origin.value] = by_origin.get(origin.value, 0) + amount.grams
            yield Finding(
                rule_id="QTA001",
                severity=Severity.VIOLATION,
                message=(
                    f"{holding.holder}: {activity.label_en} output counted against the "
                    f"{year} indicator is {used_tonnage}, above the indicator of "
                    f"{holding.quota} by {excess}"
                ),
                citations=(ART_10, ART_21, ORDER_71_ART_3),
                subject="$",
                facts={
                    "holder": holding.holder,
                    "holder_uscc": holding.holder_uscc,
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
                },
                enterprise=holding.holder_uscc or (holding.members[0] if holding.members else None),
                month=None,
            )


register(
    id="QTA001",
    name="quota-exceeded",
    citations=(ART_10, ART_21, ORDER_71_ART_3, ORDER_71_NEXT_YEAR_REDUCTION),
    severities=(Severity.VIOLATION,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P4", "P5", "P7"),
    scope="year",
)(check_quota_exceeded)


def check_quota_undetermined(
    reports: Sequence[FlowReport],
    *,
    year: int,
    allocations: Sequence[QuotaAllocation],
    shared: dict[object, object] | None = None,
    **_: object,
) -> Iterator[Finding]:
    """Quota use cannot be determined: feed origin or REO content missing, or no indicator known.

    Legal basis:
        Regulations art. 10 and Order No. 71, art. 3, as for QTA001: whether output counts
        depends on its feed, and an overrun on the holder's indicator.

    Interpretation:
        P4 decides which output counts, and it turns on the feed: whether output
        counts cannot be decided without the feed's origin. P10: unknown facts stay
        unknown. A produced compound whose feed origin is not stated, a counted line
        whose REO content is unknown, and counted output of an enterprise for which no
        indicator is given are each reported UNDETERMINED, never passed silently.
    """
    for activity in _QUOTA_ORDER:
        use = _shared_use(reports, year, activity, {} if shared is None else shared)
        covered = _holdings(allocations, year, activity, use)[1]
        for uscc, enterprise_use in use.enterprises.items():
            name = enterprise_use.enterprise.name
            for ref in enterprise_use.undetermined:
                yield Finding(
                    rule_id="QTA002",
                    severity=Severity.UNDETERMINED,
                    message=(
                        f"{name}: whether a produced line counts against the {year} "
                        f"{activity.label_en} indicator cannot be decided: {ref.reason}"
                    ),
                    citations=(ART_10, ORDER_71_ART_3),
                    subject=ref.subject,
                    facts={"activity": activity.value, "year": year, "reason": ref.reason},
                    enterprise=uscc,
                    report_id=ref.report_id,
                )
            if enterprise_use.counted.grams and uscc not in covered:
                yield Finding(
                    rule_id="QTA002",
                    severity=Severity.UNDETERMINED,
                    message=(
                        f"{name}: {enterprise_use.counted} of {activity.label_en} output "
                        f"counts against a {year} indicator, but no indicator is given for the "
                        "enterprise or its group"
                    ),
                    citations=(ART_10,),
                    subject="$",
                    facts={
                        "activity": activity.value,
                        "year": year,
                        "used": str(enterprise_use.counted),
                        "reason": "no indicator known",
                    },
                    enterprise=uscc,
                )


register(
    id="QTA002",
    name="quota-use-undetermined",
    citations=(ART_10, ORDER_71_ART_3),
    severities=(Severity.UNDETERMINED,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P4", "P10"),
    scope="year",
)(check_quota_undetermined)
