"""China's national rare earth quotas (total quantity control indicators), 2017-2025.

The figures ship as package data (``national_quotas.json``, whole tonnes of REO) and
are read by one typed loader, lazily and once, on first use. Each year's record
holds the national totals for mining (with its split by ore type where the sources
give one) and for smelting and separation (S&S), the batch figures the sources give,
and its source. The 2024 first-batch figures per group ship as
:class:`~rare_earth_regs.model.quotas.QuotaAllocation` objects.

>>> from rare_earth_regs.units import Q_
>>> national_quota(2024, "smelting_separation") == Q_("254000 t REO")
True
>>> national_quota(2022, "mining", "rock") == Q_("190850 t REO")
True
>>> national_quota(2024, "mining").units
<Unit('t_REO')>

A figure the sources do not give is unknown, never zero (policy P10):

>>> national_quota(2019, "mining", "rock")
Traceback (most recent call last):
...
rare_earth_regs.exceptions.UnknownQuotaError: no national mining quota for rock-type ore is \
recorded for 2019: the sources give no figure (n/a); the 2019 national mining total is \
132000 t REO
>>> national_quota(2025, "mining")
Traceback (most recent call last):
...
rare_earth_regs.exceptions.UndisclosedQuotaError: the 2025 national quotas were issued but \
their figures were not published; no 2025 figure is known. Issued to the two groups about \
June 2025 without announcement; volumes undisclosed.

National totals, t REO (n/a: not given by the sources):

==== ======= ========= ============== ======= ==========================================
year mining  rock-type ion-adsorption S&S     batches (mining / S&S)
==== ======= ========= ============== ======= ==========================================
2017 105,000 87,100    17,900         n/a
2018 120,000 100,850   19,150         115,000 batch 2: 46,500 / 45,000
2019 132,000 n/a       n/a            127,000 batch 1: 60,000 (rock 50,425; ion 9,575)
2020 140,000 120,850   19,150         135,000 batch 1: 66,000 / 63,500
2021 168,000 148,850   19,150         162,000 batch 1: 84,000 / 81,000
2022 210,000 190,850   19,150         202,000 100,800 / 97,200; 109,200 / 104,800
2023 255,000 n/a       n/a            243,850 120,000 / 115,000 (twice); 15,000 / 13,850
2024 270,000 n/a       n/a            254,000 135,000 / 127,000 (twice)
2025 --      --        --             --      undisclosed; issued about June 2025
==== ======= ========= ============== ======= ==========================================

2024 batch 1 by group: China Northern Rare Earth, mining 94,580 (rock-type, all light),
S&S 88,010; China Rare Earth Group, mining 40,420 (rock-type 30,280, ion-adsorption
10,140), S&S 38,990.

Interpretation:
    Every batch figure shipped is an increment (what the batch adds). Batch 1 is the
    same either way; the 2022-2024 batches add up to the annual totals; the one later
    batch listed before 2022 (2018 batch 2) is below the annual total, which a
    running total stated by the year's last batch would equal. China Northern Rare
    Earth's mining indicator, all light rare earths, is recorded as rock-type ore.

Research:
    * 2017-2024: MNR/MIIT total quantity control notices for each year and Reuters,
      Fastmarkets and Project Blue reports on them. The project's compiled figures cite
      these per year without recording each notice's or article's URL, so no URL is
      shipped (``QuotaSource.url`` is None).
    * 2025: press reports (Reuters and others) that the 2025 indicators were issued to
      the two groups about June 2025 without announcement; volumes undisclosed.
    * Units and batches: quota notices state indicators in tonnes of rare earth oxide
      equivalent (t REO); some state batch figures as increments, some as running
      totals (a 2020 notice says its totals include the first batch).

Limitations:
    Batch lists are complete only for 2022, 2023 and 2024
    (:attr:`NationalQuotaYear.all_batches_listed`). Per-group allocations ship for 2024
    batch 1 only. Holders' USCCs are not shipped.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, NoReturn

import attrs

from rare_earth_regs.exceptions import (
    InvalidInputError,
    InvalidPeriodError,
    UndisclosedQuotaError,
    UnknownQuotaError,
)
from rare_earth_regs.locale import define, phrase
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.quotas import (
    OreType,
    QuotaAllocation,
    QuotaBasis,
    ore_type_of,
    quota_activity,
)
from rare_earth_regs.units import GRAMS_PER_TONNE, MassBasis, Tonnage

if TYPE_CHECKING:
    import pint

__all__ = [
    "NationalBatch",
    "NationalQuotaYear",
    "QuotaFigures",
    "QuotaSource",
    "national_quota",
    "national_quota_record",
    "national_quota_years",
    "published_allocations",
]

_RESOURCE = "national_quotas.json"


@attrs.frozen(kw_only=True)
class QuotaSource:
    """Where a quota figure comes from: a notice or press report (``url`` None if unrecorded)."""

    id: str
    title: str
    url: str | None
    note: str


@attrs.frozen(kw_only=True)
class QuotaFigures:
    """National figures for a year or a batch, in t REO; ``None`` where not given (n/a)."""

    mining: Tonnage | None = None
    mining_rock: Tonnage | None = None
    mining_ion_adsorption: Tonnage | None = None
    smelting_separation: Tonnage | None = None

    def get(self, activity: Activity, ore_type: OreType | None = None) -> Tonnage | None:
        """The figure for an activity (and, for mining, an ore type), or None if n/a."""
        if activity is Activity.SMELTING_SEPARATION:
            return self.smelting_separation if ore_type is None else None
        if activity is not Activity.MINING:
            return None
        if ore_type is OreType.ROCK:
            return self.mining_rock
        if ore_type is OreType.ION_ADSORPTION:
            return self.mining_ion_adsorption
        return self.mining


@attrs.frozen(kw_only=True)
class NationalBatch:
    """One batch of a year's national indicators as the sources give it."""

    year: int
    batch: int
    basis: QuotaBasis
    figures: QuotaFigures
    source: QuotaSource
    note: str = ""


@attrs.frozen(kw_only=True)
class NationalQuotaYear:
    """A year's national indicators: totals, batches and source.

    ``disclosed`` is False for a year whose indicators were issued without their
    figures being published (2025); its ``totals`` are then all None.
    """

    year: int
    disclosed: bool
    totals: QuotaFigures
    batches: tuple[NationalBatch, ...]
    all_batches_listed: bool
    source: QuotaSource
    note: str = ""


@attrs.frozen
class _Dataset:
    years: Mapping[int, NationalQuotaYear]
    allocations: tuple[QuotaAllocation, ...]


class _DatasetError(RuntimeError):
    """The shipped dataset is malformed (a packaging bug, not a user error)."""


# The JSON's shape, read with the library's strict cattrs converter (no coercion
# across JSON types; unknown keys refused). Figures are whole tonnes REO.
@attrs.frozen(kw_only=True)
class _FiguresDoc:
    mining: int | None = None
    mining_rock: int | None = None
    mining_ion_adsorption: int | None = None
    smelting_separation: int | None = None


@attrs.frozen(kw_only=True)
class _BatchDoc:
    batch: int
    basis: QuotaBasis
    figures: _FiguresDoc
    source: str | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class _YearDoc:
    year: int
    disclosed: bool
    source: str
    totals: _FiguresDoc = _FiguresDoc()
    batches: list[_BatchDoc] = attrs.Factory(list)
    all_batches_listed: bool = False
    note: str = ""


@attrs.frozen(kw_only=True)
class _AllocationDoc:
    year: int
    batch: int
    activity: str
    holder: str
    t_REO: int  # noqa: N815 - the JSON key names its unit
    basis: str
    source: str
    ore_type: str | None = None
    holder_uscc: str | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class _DatasetDoc:
    _about: dict[str, str] = attrs.field(alias="_about")
    sources: list[QuotaSource]
    years: list[_YearDoc]
    allocations: list[_AllocationDoc] = attrs.Factory(list)


def _tonnes(value: int | None, path: str) -> Tonnage | None:
    if value is None:
        return None
    if value < 0:
        raise _DatasetError(f"{_RESOURCE}: {path}: expected a non-negative integer, got {value}")
    return Tonnage(value * GRAMS_PER_TONNE, MassBasis.REO)


def _figures(document: _FiguresDoc, path: str) -> QuotaFigures:
    return QuotaFigures(
        **{name: _tonnes(value, f"{path}.{name}") for name, value in attrs.asdict(document).items()}
    )


def _parse(data: object) -> _Dataset:
    """Read the dataset's JSON (already parsed); a malformed file raises _DatasetError."""
    from rare_earth_regs.serialization import field_errors, strict_converter  # noqa: PLC0415

    try:
        document = strict_converter().structure(data, _DatasetDoc)
    except Exception as error:  # a packaging bug: every error, with its path
        listing = "; ".join(str(found) for found in field_errors(error))
        raise _DatasetError(f"{_RESOURCE}: {listing}") from error
    return _build(document)


def _build(document: _DatasetDoc) -> _Dataset:
    sources = {source.id: source for source in document.sources}

    def source(key: str | None, path: str) -> QuotaSource:
        if key not in sources:
            raise _DatasetError(f"{_RESOURCE}: {path}: no source with id {key!r}")
        return sources[key]

    years: dict[int, NationalQuotaYear] = {}
    for index, entry in enumerate(document.years):
        path = f"$.years[{index}]"
        if entry.year in years:
            raise _DatasetError(f"{_RESOURCE}: {path}.year: expected each year once")
        batches = tuple(
            NationalBatch(
                year=entry.year,
                batch=batch.batch,
                basis=batch.basis,
                figures=_figures(batch.figures, f"{path}.batches[{number}].figures"),
                source=source(batch.source or entry.source, f"{path}.batches[{number}].source"),
                note=batch.note,
            )
            for number, batch in sorted(enumerate(entry.batches), key=lambda item: item[1].batch)
        )
        record = NationalQuotaYear(
            year=entry.year,
            disclosed=entry.disclosed,
            totals=_figures(entry.totals, f"{path}.totals"),
            batches=batches,
            all_batches_listed=entry.all_batches_listed,
            source=source(entry.source, f"{path}.source"),
            note=entry.note,
        )
        if not record.disclosed and (record.totals != QuotaFigures() or batches):
            raise _DatasetError(f"{_RESOURCE}: {path}: expected no figures for an undisclosed year")
        years[entry.year] = record
    allocations = tuple(
        QuotaAllocation(
            year=item.year,
            batch=item.batch,
            activity=item.activity,
            ore_type=item.ore_type,
            holder=item.holder,
            holder_uscc=item.holder_uscc,
            amount=_tonnes(item.t_REO, f"$.allocations[{index}].t_REO"),
            basis=item.basis,
            source=source(item.source, f"$.allocations[{index}].source").title,
        )
        for index, item in enumerate(document.allocations)
    )
    return _Dataset(years=MappingProxyType(dict(sorted(years.items()))), allocations=allocations)


def _refuse_float(text: str) -> NoReturn:
    raise _DatasetError(f"{_RESOURCE}: non-integer number {text!r}; figures are whole t REO")


@functools.cache
def _dataset() -> _Dataset:
    text = resources.files("rare_earth_regs.data").joinpath(_RESOURCE).read_text("utf-8")
    return _parse(json.loads(text, parse_float=_refuse_float, parse_constant=_refuse_float))


def _check_year_type(year: object) -> int:
    if type(year) is not int:
        raise InvalidPeriodError(field="year", value=year, accepted="a year as an int, e.g. 2024")
    return year


def _covered() -> str:
    years = list(_dataset().years)
    return f"{years[0]}-{years[-1]}"


def national_quota_years(*, disclosed_only: bool = False) -> tuple[int, ...]:
    """The years the dataset covers, in order (with ``disclosed_only``, those with figures).

    >>> national_quota_years()[0], national_quota_years()[-1]
    (2017, 2025)
    >>> 2025 in national_quota_years(disclosed_only=True)
    False
    """
    return tuple(
        year for year, record in _dataset().years.items() if record.disclosed or not disclosed_only
    )


def national_quota_record(year: int) -> NationalQuotaYear:
    """The full record of a year: totals, batches, source and notes.

    Raises :class:`~rare_earth_regs.exceptions.UnknownQuotaError` for a year the
    dataset does not cover. An undisclosed year (2025) has a record with
    ``disclosed`` False.

    >>> [str(b.figures.mining) for b in national_quota_record(2023).batches]
    ['120000 t REO', '120000 t REO', '15000 t REO']
    """
    wanted = _check_year_type(year)
    record = _dataset().years.get(wanted)
    if record is None:
        raise UnknownQuotaError(NO_FIGURES(year=wanted, covered=_covered()))
    return record


_ORE_LABEL = {
    OreType.ROCK: define("ore.rock", "rock-type ore"),
    OreType.ION_ADSORPTION: define("ore.ion_adsorption", "ion-adsorption ore"),
}
NO_FIGURES = define(
    "error.no-national-quota-figures",
    "no national quota figures for {year}: the dataset covers {covered}",
)
UNDISCLOSED = define(
    "error.national-quota-undisclosed",
    "the {year} national quotas were issued but their figures were not published; no {year} "
    "figure is known.",
)
UNDISCLOSED_NOTE = define(
    "error.national-quota-undisclosed-note",
    "the {year} national quotas were issued but their figures were not published; no {year} "
    "figure is known. {note}",
)
NO_NATIONAL = define(
    "error.no-national-quota",
    "no national {activity} quota is recorded for {year}: the sources give no figure (n/a)",
)
NO_NATIONAL_ORE = define(
    "error.no-national-quota-ore",
    "no national {activity} quota for {ore} is recorded for {year}: the sources give no "
    "figure (n/a)",
)
NO_NATIONAL_ORE_TOTAL = define(
    "error.no-national-quota-ore-total",
    "no national {activity} quota for {ore} is recorded for {year}: the sources give no "
    "figure (n/a); the {year} national {activity} total is {total}",
)


def national_quota(
    year: int, activity: Activity | str, ore_type: OreType | str | None = None
) -> pint.Quantity[Decimal]:
    """The national indicator for a year, in ``t_REO`` (a Quantity with Decimal magnitude).

    ``activity`` is mining or smelting and separation; ``ore_type`` (mining only)
    asks for the rock-type or ion-adsorption part, ``None`` for the total.

    Raises :class:`~rare_earth_regs.exceptions.UndisclosedQuotaError` for 2025 (issued
    but not published), :class:`~rare_earth_regs.exceptions.UnknownQuotaError` for a
    year outside the dataset or a figure the sources do not give, and
    :class:`~rare_earth_regs.exceptions.InvalidInputError` for malformed arguments.

    >>> from rare_earth_regs.units import Q_
    >>> national_quota(2023, "smelting_separation") == Q_("243850 t REO")
    True
    """
    wanted_year = _check_year_type(year)
    wanted_activity = quota_activity(activity)
    wanted_ore = ore_type_of(ore_type)
    if wanted_ore is not None and wanted_activity is not Activity.MINING:
        raise InvalidInputError(
            field="ore_type",
            value=ore_type,
            accepted="None: only mining indicators are split by ore type",
        )
    record = national_quota_record(wanted_year)
    if not record.disclosed:
        raise UndisclosedQuotaError(
            UNDISCLOSED_NOTE(year=wanted_year, note=phrase(record.note))
            if record.note
            else UNDISCLOSED(year=wanted_year)
        )
    figure = record.totals.get(wanted_activity, wanted_ore)
    if figure is None:
        total = record.totals.get(wanted_activity)
        if wanted_ore is None:
            raise UnknownQuotaError(NO_NATIONAL(activity=wanted_activity.term, year=wanted_year))
        ore = _ORE_LABEL[wanted_ore]()
        if total is None:
            raise UnknownQuotaError(
                NO_NATIONAL_ORE(activity=wanted_activity.term, ore=ore, year=wanted_year)
            )
        raise UnknownQuotaError(
            NO_NATIONAL_ORE_TOTAL(
                activity=wanted_activity.term, ore=ore, year=wanted_year, total=total
            )
        )
    return figure.quantity


def published_allocations(year: int | None = None) -> tuple[QuotaAllocation, ...]:
    """The per-holder allocations the dataset ships (2024 batch 1), optionally for one year.

    A year without shipped allocations gives an empty tuple: it means none are
    shipped, not that no quota was allocated.

    >>> [(a.holder, a.activity.value, str(a.amount)) for a in published_allocations(2024)][:2]
    [('China Northern Rare Earth', 'mining', '94580 t REO'), \
('China Northern Rare Earth', 'smelting_separation', '88010 t REO')]
    """
    allocations = _dataset().allocations
    if year is None:
        return allocations
    wanted = _check_year_type(year)
    return tuple(allocation for allocation in allocations if allocation.year == wanted)
