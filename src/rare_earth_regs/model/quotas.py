"""Total quantity control indicators (quotas) for mining and smelting and separation.

Regulations 2024, art. 10 puts rare earth mining and smelting and separation (S&S)
under total quantity control; Order No. 71 (arts. 5-6) has the annual indicators
drafted by MIIT, MNR and NDRC, approved by the State Council and broken down to
enterprises. Indicators are set in **tonnes of rare earth oxide equivalent (t REO)**
and issued in batches during the year. A :class:`QuotaAllocation` is one batch's
figure for one holder (an enterprise or the group that holds the quota), one
activity and, for mining, one ore type.

Mining indicators are split by **ore type**, a deposit type (:class:`OreType`):
rock-type ore (mainly light rare earths) and ion-adsorption clay (mainly medium and
heavy). These are not element groups. S&S indicators have no ore-type split.

**Increments and running totals.** Some notices state a batch's figures as the
amount added by that batch, others as the total issued so far that year (a 2020
notice says its totals include the first batch). Every allocation says which
(:class:`QuotaBasis`), and :func:`annual_totals` combines them:

>>> batches = [
...     QuotaAllocation(year=2020, batch=1, activity="mining", ore_type="rock",
...                     holder="Example Group", amount="50 t REO"),
...     QuotaAllocation(year=2020, batch=2, activity="mining", ore_type="rock",
...                     holder="Example Group", amount="120 t REO", basis="running_total"),
...     QuotaAllocation(year=2020, batch=3, activity="mining", ore_type="rock",
...                     holder="Example Group", amount="5.5 t REO"),
... ]
>>> str(annual_total(batches, year=2020, activity="mining"))
'125.5 t REO'

Interpretation (P7):
    A quota is held by an enterprise or a group and is not transferable between
    holders. Amounts are exact (whole grams of REO); whether output exceeds a quota is
    a rule's question, not the model's.

References:
    * Rare Earth Management Regulations (State Council Decree No. 785), art. 10:
      https://www.gov.cn/zhengce/content/202406/content_6960153.htm
    * MIIT, NDRC, MNR Order No. 71, arts. 5-6:
      https://www.kankanews.com/detail/DgwMVGqX82W

**Holders.** Notices name a holder by its Unified Social Credit Code, by its name, or
both; an indicator split over two notices may name the holder differently in each.
:func:`resolve_holders` matches every allocation to one :class:`Holder` first, so the
rules compare a holder's total, whatever the notices call it:

>>> notices = [
...     QuotaAllocation(year=2025, batch=1, activity="smelting_separation",
...                     holder="Example Separation Co.", holder_uscc="91350000MA0RE01015",
...                     amount="60 t REO"),
...     QuotaAllocation(year=2025, batch=2, activity="smelting_separation",
...                     holder="Example  Separation co.", amount="40 t REO"),
... ]
>>> [holder.uscc for holder in resolve_holders(notices)]
['91350000MA0RE01015', '91350000MA0RE01015']

Limitations:
    :func:`annual_totals` adds what it is given: a missing increment batch makes a
    smaller total, not an error. It keys indicators by the holder exactly as written;
    :func:`resolve_holders` says which of them are one holder.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs

from rare_earth_regs.exceptions import (
    InvalidInputError,
    InvalidPeriodError,
    UnknownQuotaError,
)
from rare_earth_regs.locale import Message, define
from rare_earth_regs.model.activities import Activity, OreType
from rare_earth_regs.model.coerce import enum_member
from rare_earth_regs.model.enterprises import Enterprise, validate_uscc
from rare_earth_regs.units import MassBasis, Tonnage, parse_tonnage

if TYPE_CHECKING:
    import pint

__all__ = [
    "MAX_QUOTA_YEAR",
    "MIN_QUOTA_YEAR",
    "QUOTA_ACTIVITIES",
    "Holder",
    "OreType",
    "PriorUse",
    "QuotaAllocation",
    "QuotaBasis",
    "QuotaKey",
    "annual_total",
    "annual_totals",
    "check_quota_year",
    "holder_name_key",
    "ore_type_of",
    "quota_activity",
    "resolve_holders",
]

#: The activities under total quantity control (Regulations art. 10).
QUOTA_ACTIVITIES: frozenset[Activity] = frozenset({Activity.MINING, Activity.SMELTING_SEPARATION})
#: The range of quota years an allocation accepts.
MIN_QUOTA_YEAR = 2000
MAX_QUOTA_YEAR = 2100


class QuotaBasis(enum.Enum):
    """How a batch's figure is stated in its notice."""

    #: The amount this batch adds to the year's indicator.
    INCREMENT = "increment"
    #: The total issued so far in the year, this batch included.
    RUNNING_TOTAL = "running_total"


def quota_activity(value: object, *, field: str = "activity") -> Activity:
    """Read an activity under total quantity control (mining or S&S); refuse the rest.

    >>> quota_activity("smelting_separation")
    <Activity.SMELTING_SEPARATION: 'smelting_separation'>
    """
    activity: Activity = enum_member(Activity, value, field=field)
    if activity not in QUOTA_ACTIVITIES:
        raise InvalidInputError(
            field=field,
            value=value,
            accepted="'mining' or 'smelting_separation' (the activities under total "
            "quantity control, Regulations art. 10)",
        )
    return activity


def ore_type_of(value: object, *, field: str = "ore_type") -> OreType | None:
    """Read an optional ore type (an OreType, its value, or None)."""
    if value is None:
        return None
    ore_type: OreType = enum_member(OreType, value, field=field)
    return ore_type


def check_quota_year(value: object, *, field: str = "year") -> int:
    """Return ``value`` if it is a whole year from 2000 to 2100; raise InvalidPeriodError."""
    if type(value) is not int or not MIN_QUOTA_YEAR <= value <= MAX_QUOTA_YEAR:
        raise InvalidPeriodError(
            field=field,
            value=value,
            accepted=QUOTA_YEAR_ACCEPTED(first=MIN_QUOTA_YEAR, last=MAX_QUOTA_YEAR),
        )
    return value


def _year(value: object) -> int:
    return check_quota_year(value)


def _batch(value: object) -> int:
    if type(value) is not int or value < 1:
        raise InvalidInputError(field="batch", value=value, accepted="a whole number from 1")
    return value


def _activity(value: object) -> Activity:
    return quota_activity(value)


def _ore_type(value: object) -> OreType | None:
    return ore_type_of(value)


def _holder(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(
            field="holder", value=value, accepted="a non-empty enterprise or group name"
        )
    return value.strip()


def _holder_uscc(value: object) -> str | None:
    return None if value is None else validate_uscc(value, field="holder_uscc")


def _amount(value: object) -> Tonnage:
    return parse_tonnage(value, field="amount", basis=MassBasis.REO)


def _basis(value: object) -> QuotaBasis:
    basis: QuotaBasis = enum_member(QuotaBasis, value, field="basis")
    return basis


def _source(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(field="source", value=value, accepted="a string")
    return value


def _check_issued(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, datetime) or not isinstance(value, date)):
        raise InvalidPeriodError(field="issued", value=value, accepted="a datetime.date or None")


@attrs.frozen(kw_only=True)
class QuotaAllocation:
    """One batch of a year's indicator for one holder, activity and (for mining) ore type.

    ``amount`` is an REO mass: a pint Quantity in ``t_REO`` (or any REO unit), a
    :class:`~rare_earth_regs.units.Tonnage` on the REO basis, or text such as
    ``"94580 t REO"``; a gross mass is refused. ``ore_type`` is only for mining
    (``None`` when the notice gives no split). ``basis`` says whether the figure is
    the batch's increment or the running total for the year so far.

    >>> a = QuotaAllocation(year=2024, batch=1, activity="smelting_separation",
    ...                     holder="Example Group", amount="88010 t REO")
    >>> str(a.amount), a.quantity.units
    ('88010 t REO', <Unit('t_REO')>)
    >>> from rare_earth_regs.units import Q_
    >>> a.quantity == Q_("88010 t REO")
    True
    >>> QuotaAllocation(year=2024, batch=1, activity="mining", holder="Example Group",
    ...                 amount="10 t")
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.InvalidQuantityError: amount: got '10 t'; expected an REO \
mass such as '3 t REO'
    """

    year: int = attrs.field(converter=_year)
    batch: int = attrs.field(converter=_batch)
    activity: Activity = attrs.field(converter=_activity)
    ore_type: OreType | None = attrs.field(default=None, converter=_ore_type)
    holder: str = attrs.field(converter=_holder)
    holder_uscc: str | None = attrs.field(default=None, converter=_holder_uscc)
    amount: Tonnage = attrs.field(converter=_amount)
    basis: QuotaBasis = attrs.field(default=QuotaBasis.INCREMENT, converter=_basis)
    source: str = attrs.field(default="", converter=_source)
    issued: date | None = attrs.field(default=None, validator=_check_issued)

    def __attrs_post_init__(self) -> None:
        if self.ore_type is not None and self.activity is not Activity.MINING:
            raise InvalidInputError(
                field="ore_type",
                value=self.ore_type.value,
                accepted="None: only mining indicators are split by ore type",
            )

    @property
    def key(self) -> QuotaKey:
        """The indicator this batch belongs to (everything but batch and amount)."""
        return QuotaKey(self.year, self.activity, self.holder, self.holder_uscc, self.ore_type)

    @property
    def quantity(self) -> pint.Quantity[Decimal]:
        """The amount as a pint Quantity in ``t_REO`` (Decimal magnitude)."""
        return self.amount.quantity


class QuotaKey(NamedTuple):
    """Identifies one annual indicator: year, activity, holder and (mining) ore type."""

    year: int
    activity: Activity
    holder: str
    holder_uscc: str | None
    ore_type: OreType | None


TWO_HOLDERS = define(
    "error.name-matches-two-holders",
    "{holder} (no USCC) matches two holders, {first} and {second}; give holder_uscc",
)
QUOTA_YEAR_ACCEPTED = define("accepted.quota-year", "a year from {first} to {last} as an int")
BATCH_TWICE = define(
    "error.allocation-batch-twice", "batch {batch} of the {indicator} is given twice"
)
TOTAL_BELOW_EARLIER = define(
    "error.allocation-total-below-earlier",
    "batch {batch} of the {indicator} states a running total of {amount}, below "
    "the {earlier} issued by the batches before it",
)
NO_ALLOCATION = define(
    "error.no-allocation",
    "no allocation for the {indicator} indicator among the allocations given; an unknown "
    "indicator is not zero",
)
NO_ALLOCATION_OF = define(
    "error.no-allocation-of",
    "no allocation for the {indicator} indicator of {holder} among the allocations given; an "
    "unknown indicator is not zero",
)
_INDICATOR = define("quota.indicator", "{year} {activity} indicator of {holder}")
_INDICATOR_ORE = define("quota.indicator-ore", "{year} {activity} indicator of {holder} ({ore})")


def _indicator(key: QuotaKey) -> Message:
    # Values as the data writes them ('smelting_separation'), as the English always did.
    holder = repr(key.holder)
    if key.ore_type is None:
        return _INDICATOR(year=key.year, activity=key.activity.value, holder=holder)
    return _INDICATOR_ORE(
        year=key.year, activity=key.activity.value, holder=holder, ore=key.ore_type.value
    )


def _sort_key(key: QuotaKey) -> tuple[int, str, str, str, str]:
    return (
        key.year,
        key.activity.value,
        key.holder,
        key.holder_uscc or "",
        key.ore_type.value if key.ore_type is not None else "",
    )


def _allocations(value: object) -> tuple[QuotaAllocation, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(
            field="allocations", value=value, accepted="an iterable of QuotaAllocation"
        )
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, QuotaAllocation):
            raise InvalidInputError(
                field=f"allocations[{index}]", value=item, accepted="a QuotaAllocation"
            )
    return items


def annual_totals(allocations: Iterable[QuotaAllocation]) -> Mapping[QuotaKey, Tonnage]:
    """The annual indicator of every holder, activity and ore type, to the gram.

    Batches are taken in the order of their ``batch`` number, whatever the input
    order. An increment adds to the total so far; a running total *replaces* it,
    since it states the total issued so far, earlier batches included. Two allocations
    with the same key and batch number are refused, and so is a running total below
    the total of the batches before it (notices only ever add).

    The result is ordered by year, activity, holder, USCC and ore type.

    >>> a = QuotaAllocation(year=2022, batch=2, activity="smelting_separation",
    ...                     holder="Example Group", amount="104800 t REO")
    >>> b = QuotaAllocation(year=2022, batch=1, activity="smelting_separation",
    ...                     holder="Example Group", amount="97200 t REO")
    >>> [str(total) for total in annual_totals([a, b]).values()]
    ['202000 t REO']
    """
    grouped: dict[QuotaKey, dict[int, QuotaAllocation]] = {}
    for allocation in _allocations(allocations):
        batches = grouped.setdefault(allocation.key, {})
        if allocation.batch in batches:
            raise InvalidInputError(
                reason=BATCH_TWICE(
                    batch=allocation.batch,
                    indicator=_indicator(allocation.key),
                ),
                field="allocations",
                value=(allocation.key, allocation.batch),
                accepted="at most one allocation per indicator and batch number",
            )
        batches[allocation.batch] = allocation
    totals: dict[QuotaKey, Tonnage] = {}
    for key in sorted(grouped, key=_sort_key):
        grams = 0
        for number in sorted(grouped[key]):
            allocation = grouped[key][number]
            if allocation.basis is QuotaBasis.INCREMENT:
                grams += allocation.amount.grams
            else:
                if allocation.amount.grams < grams:
                    raise InvalidInputError(
                        reason=TOTAL_BELOW_EARLIER(
                            batch=number,
                            indicator=_indicator(key),
                            amount=allocation.amount,
                            earlier=Tonnage(grams, MassBasis.REO),
                        ),
                        field="allocations",
                        value=(key, number),
                        accepted="a running total at least the total of the earlier batches",
                    )
                grams = allocation.amount.grams
        totals[key] = Tonnage(grams, MassBasis.REO)
    return totals


def annual_total(
    allocations: Iterable[QuotaAllocation],
    *,
    year: int,
    activity: Activity | str,
    holder: str | None = None,
    ore_type: OreType | str | None = None,
) -> Tonnage:
    """The indicator for one year and activity, for one holder or all, to the gram.

    ``holder=None`` adds every holder; ``ore_type=None`` adds every ore type
    (including allocations with no ore type). When no allocation matches,
    :class:`~rare_earth_regs.exceptions.UnknownQuotaError` is raised: a missing
    indicator is unknown, never zero (policy P10).

    >>> a = QuotaAllocation(year=2024, batch=1, activity="mining", ore_type="rock",
    ...                     holder="Example Group", amount="30280 t REO")
    >>> b = QuotaAllocation(year=2024, batch=1, activity="mining", ore_type="ion_adsorption",
    ...                     holder="Example Group", amount="10140 t REO")
    >>> str(annual_total([a, b], year=2024, activity="mining"))
    '40420 t REO'
    """
    wanted_year = check_quota_year(year)
    wanted_activity = quota_activity(activity)
    if holder is not None and (not isinstance(holder, str) or not holder.strip()):
        raise InvalidInputError(
            field="holder", value=holder, accepted="a non-empty holder name or None"
        )
    wanted_holder = holder.strip() if holder is not None else None
    wanted_ore = ore_type_of(ore_type)
    if wanted_ore is not None and wanted_activity is not Activity.MINING:
        raise InvalidInputError(
            field="ore_type",
            value=wanted_ore.value,
            accepted="None: only mining indicators are split by ore type",
        )
    grams = 0
    matched = False
    for key, total in annual_totals(allocations).items():
        if (
            key.year == wanted_year
            and key.activity is wanted_activity
            and (wanted_holder is None or key.holder == wanted_holder)
            and (wanted_ore is None or key.ore_type is wanted_ore)
        ):
            grams += total.grams
            matched = True
    if not matched:
        what = f"{wanted_year} {wanted_activity.value}"
        if wanted_ore is not None:
            what += f" ({wanted_ore.value})"
        raise UnknownQuotaError(
            NO_ALLOCATION(indicator=what)
            if wanted_holder is None
            else NO_ALLOCATION_OF(indicator=what, holder=repr(wanted_holder))
        )
    return Tonnage(grams, MassBasis.REO)


@attrs.frozen(kw_only=True)
class PriorUse:
    """Output a holder states for the part of a quota year before the encoded range.

    The 2024 indicators cover the whole of 2024, but the rules are encoded from
    2024-10-01 (policy P6) and reports of earlier months are refused: output from
    1 January to 30 September 2024 cannot be read from reports. A 2024 comparison of
    October-December output alone with the full-year indicator is undetermined
    (policy P14), unless the caller states the earlier output here, per holder,
    activity and, for a mining indicator split by ore type, ore type. The holder is
    matched like an allocation's (:func:`resolve_holders`).

    >>> earlier = PriorUse(year=2024, activity="smelting_separation",
    ...                    holder="Example Group", amount="70 t REO")
    >>> str(earlier.amount)
    '70 t REO'
    """

    year: int = attrs.field(converter=_year)
    activity: Activity = attrs.field(converter=_activity)
    ore_type: OreType | None = attrs.field(default=None, converter=_ore_type)
    holder: str = attrs.field(converter=_holder)
    holder_uscc: str | None = attrs.field(default=None, converter=_holder_uscc)
    amount: Tonnage = attrs.field(converter=_amount)
    source: str = attrs.field(default="", converter=_source)

    def __attrs_post_init__(self) -> None:
        if self.ore_type is not None and self.activity is not Activity.MINING:
            raise InvalidInputError(
                field="ore_type",
                value=self.ore_type.value,
                accepted="None: only mining indicators are split by ore type",
            )


@attrs.frozen
class Holder:
    """One quota holder, however the notices name it (policy P7).

    Attributes:
        name: the name to show: the first name given with the USCC, else the name.
        uscc: the holder's USCC, when a notice or a report ties one to it.
        names: every name it is known by, as :func:`holder_name_key` keys.
    """

    name: str
    uscc: str | None
    names: frozenset[str]

    def covers(self, enterprise: Enterprise) -> bool:
        """Whether the holder's indicator covers ``enterprise``'s output.

        An enterprise is covered by the holder with its USCC and by the holder that
        its ``group`` names.
        """
        if self.uscc is not None and enterprise.uscc == self.uscc:
            return True
        group = enterprise.group
        return group is not None and holder_name_key(group) in self.names


def holder_name_key(name: str) -> str:
    """A holder's name as matched: NFKC-normalised, whitespace collapsed, case-folded.

    NFKC makes full-width and half-width forms one (``（`` and ``(``), as Chinese
    enterprise names are written both ways.

    >>> holder_name_key(" Example  Co.（Baotou） ") == holder_name_key("example co.(baotou)")
    True
    """
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


QuotaEntry = QuotaAllocation | PriorUse
E = TypeVar("E", QuotaAllocation, PriorUse)


def resolve_holders(
    allocations: Iterable[QuotaAllocation],
    *,
    enterprises: Iterable[Enterprise] = (),
    prior_use: Iterable[PriorUse] = (),
) -> list[Holder]:
    """The holder of each allocation, then of each stated prior use, in the order given.

    The matching rule (policy P7):

    1. An entry that gives a USCC is held by the holder with that USCC, whatever name
       it gives.
    2. An entry that gives only a name is held by the holder with a USCC whose name it
       is: the name of an entry giving that USCC, or of a reporting enterprise
       (``enterprises``) with that USCC. Names are compared as
       :func:`holder_name_key` keys.
    3. A name that no USCC goes with is a holder of its own (a group, or an
       enterprise known only by name): it covers the enterprises whose ``group`` it
       names.

    A name that goes with two USCCs is ambiguous: an
    :class:`~rare_earth_regs.exceptions.InvalidInputError` names the entry and both
    matches, and asks for ``holder_uscc``.
    """
    given = _entries(allocations, "allocations", QuotaAllocation)
    stated = _entries(prior_use, "prior_use", PriorUse)
    entries: list[QuotaEntry] = [*given, *stated]
    labels = [f"allocations[{index}]" for index in range(len(given))]
    labels += [f"prior_use[{index}]" for index in range(len(stated))]
    enterprise_names = {enterprise.uscc: enterprise.name for enterprise in enterprises}
    # Each USCC's names, and where each name was met with a USCC.
    names_of: dict[str, set[str]] = {}
    first_name: dict[str, str] = {}
    usccs_by_name: dict[str, dict[str, str]] = {}
    for index, entry in enumerate(entries):
        if entry.holder_uscc is not None:
            key = holder_name_key(entry.holder)
            names_of.setdefault(entry.holder_uscc, set()).add(key)
            first_name.setdefault(entry.holder_uscc, entry.holder)
            usccs_by_name.setdefault(key, {}).setdefault(
                entry.holder_uscc,
                f"{labels[index]} ({entry.holder!r}, USCC {entry.holder_uscc})",
            )
    for uscc, name in enterprise_names.items():
        usccs_by_name.setdefault(holder_name_key(name), {}).setdefault(
            uscc, f"the reporting enterprise {name!r} (USCC {uscc})"
        )
    first_plain: dict[str, str] = {}
    resolved: list[tuple[str, str]] = []
    for index, entry in enumerate(entries):
        if entry.holder_uscc is not None:
            resolved.append(("uscc", entry.holder_uscc))
            continue
        key = holder_name_key(entry.holder)
        matches = usccs_by_name.get(key, {})
        if len(matches) > 1:
            first, second = sorted(matches.values())[:2]
            raise InvalidInputError(
                reason=TWO_HOLDERS(holder=repr(entry.holder), first=first, second=second),
                field=f"{labels[index]}.holder",
                value=entry.holder,
                accepted="a name that matches one holder, or a holder_uscc",
            )
        if matches:
            (uscc,) = matches
            names_of.setdefault(uscc, set()).add(key)
            first_name.setdefault(uscc, enterprise_names.get(uscc, entry.holder))
            resolved.append(("uscc", uscc))
        else:
            first_plain.setdefault(key, entry.holder)
            resolved.append(("name", key))
    holders: dict[tuple[str, str], Holder] = {}
    result: list[Holder] = []
    for kind, value in resolved:
        identity = (kind, value)
        holder = holders.get(identity)
        if holder is None:
            if kind == "uscc":
                names = set(names_of[value])
                if value in enterprise_names:
                    names.add(holder_name_key(enterprise_names[value]))
                holder = Holder(first_name[value], value, frozenset(names))
            else:
                holder = Holder(first_plain[value], None, frozenset({value}))
            holders[identity] = holder
        result.append(holder)
    return result


def _entries(value: object, field: str, kind: type[E]) -> tuple[E, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        if kind is PriorUse:
            raise InvalidInputError(field=field, value=value, accepted="an iterable of PriorUse")
        raise InvalidInputError(field=field, value=value, accepted="an iterable of QuotaAllocation")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            if kind is PriorUse:
                raise InvalidInputError(
                    field=f"{field}[{index}]", value=item, accepted="a PriorUse"
                )
            raise InvalidInputError(
                field=f"{field}[{index}]", value=item, accepted="a QuotaAllocation"
            )
    return items
