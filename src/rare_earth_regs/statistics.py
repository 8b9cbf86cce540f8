"""Trade statistics from flow reports, in the shape of China's customs statistics.

:func:`trade_statistics` adds up the ``imported`` and ``exported`` lines of flow reports by
customs-code group, direction and period (month, quarter, half-year, year), in gross tonnes, and
gives the year-on-year change of each figure; :func:`write_statistics_csv` writes them as CSV.

Groups (:class:`TradeGroup`), read from the product's customs code, else from its class and form:

=========================  ===================================================  ==============
group                      customs codes                                        by class/form
=========================  ===================================================  ==============
``ores_and_concentrates``  2530.90 (25309020)                                   mineral product
``oxides``                 cerium oxide 28461010; 2846.90.1x                    compound, oxide
``compounds``              other lines of 2846                                  other compound
``metals``                 2805.30; rare earth ferrosilicon 7202999191          metal or alloy
``magnets``                8505111000 (rare earth permanent magnets)            a magnet form
=========================  ===================================================  ==============

``separation_products`` is the sum of oxides, compounds and metals: the "smelting and
separation products" of the customs figures.

>>> from rare_earth_regs.serialization import load_report
>>> from pathlib import Path
>>> reports = [load_report(path) for path in sorted(Path("examples/trade").glob("*.json"))]
>>> stats = trade_statistics(reports)
>>> row = stats.row("2025-H1", "export", TradeGroup.SEPARATION_PRODUCTS)
>>> row.tonnes, row.yoy_change_percent
(Decimal('320'), Decimal('11.3'))

Interpretation:
    A figure is compared with the same period of the year before only when reports cover
    every month of both periods (a month is covered when at least one report of it is given):
    otherwise the change is ``None`` (not available), never a change from zero (P10). A change
    from zero tonnes is ``None`` too. Lines whose quantity is stated in REO, not gross mass,
    cannot enter gross customs figures: they are counted in :attr:`TradeStatistics.skipped`
    with the reason, as are lines whose group cannot be told.

Limitations:
    The figures are those of the reports given, not national customs statistics. Changes are
    rounded half-even to 0.1 %.
"""

from __future__ import annotations

import csv
import enum
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final, TextIO

import attrs

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.filings import resolve_reports
from rare_earth_regs.locale import N_, Message, define
from rare_earth_regs.model.products import Product, ProductClass, customs_code_info
from rare_earth_regs.model.reports import FlowDirection, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.units import MassBasis

__all__ = [
    "CSV_COLUMNS",
    "SkippedLine",
    "StatisticsRow",
    "TradeGroup",
    "TradeStatistics",
    "format_tonnes",
    "trade_group",
    "trade_statistics",
    "write_statistics_csv",
]


class TradeGroup(enum.Enum):
    """A customs-code group of rare earth goods."""

    ORES_AND_CONCENTRATES = "ores_and_concentrates"
    SEPARATION_PRODUCTS = "separation_products"
    OXIDES = "oxides"
    COMPOUNDS = "compounds"
    METALS = "metals"
    MAGNETS = "magnets"

    def __str__(self) -> str:
        return self.value


_SEPARATION_PARTS: Final = (TradeGroup.OXIDES, TradeGroup.COMPOUNDS, TradeGroup.METALS)
_DIRECTIONS: Final[Mapping[FlowDirection, str]] = {
    FlowDirection.IMPORTED: "import",
    FlowDirection.EXPORTED: "export",
}
_GRAMS_PER_TONNE: Final = Decimal(1_000_000)
_TENTH: Final = Decimal("0.1")


def trade_group(product: Product) -> TradeGroup | None:
    """The group of a product: by its customs code, else by its class and form; None if unknown.

    >>> from rare_earth_regs.model.products import Product
    >>> trade_group(Product(name="La2O3", product_class="compound", customs_code="28469012"))
    <TradeGroup.OXIDES: 'oxides'>
    >>> trade_group(Product(name="N48", product_class="downstream_goods", form="NdFeB magnet"))
    <TradeGroup.MAGNETS: 'magnets'>
    """
    code = product.customs_code
    if code is not None:
        if code.startswith("253090") and code != "253090":
            return TradeGroup.ORES_AND_CONCENTRATES
        if code.startswith("2846"):
            info = customs_code_info(code)
            form = info.form if info is not None and info.form else product.form.lower()
            return TradeGroup.OXIDES if form == "oxide" else TradeGroup.COMPOUNDS
        if code.startswith("280530") or code == "7202999191":
            return TradeGroup.METALS
        if code == "8505111000":
            return TradeGroup.MAGNETS
    kind = product.product_class
    if kind is ProductClass.MINERAL_PRODUCT:
        return TradeGroup.ORES_AND_CONCENTRATES
    if kind is ProductClass.COMPOUND:
        return TradeGroup.OXIDES if product.form.lower() == "oxide" else TradeGroup.COMPOUNDS
    if kind is ProductClass.METAL_OR_ALLOY:
        return TradeGroup.METALS
    if kind is ProductClass.DOWNSTREAM_GOODS and "magnet" in product.form.lower():
        return TradeGroup.MAGNETS
    return None


@attrs.frozen(kw_only=True)
class StatisticsRow:
    """One figure: a period, a direction, a group, its gross tonnes and the change y/y.

    Attributes:
        period: ``'2025-03'``, ``'2025-Q1'``, ``'2025-H1'`` or ``'2025'``.
        direction: ``'import'`` or ``'export'``.
        group: the :class:`TradeGroup`.
        tonnes: gross tonnes, exact.
        lines: the number of flow lines added up.
        yoy_change_percent: the change from the same period a year before, in percent
            rounded to 0.1; ``None`` when not available (see the module docstring).
    """

    period: str
    direction: str
    group: TradeGroup
    tonnes: Decimal
    lines: int
    yoy_change_percent: Decimal | None


_NO_GROUP = define("stats.no-group", "{product}: no customs-code group")
_IN_REO = define("stats.in-reo", "{product}: quantity stated in REO, not gross mass")
# The groups and flows as the statistics table names them (TradeGroup values, directions).
_TABLE_WORDS = (
    N_("ores_and_concentrates"),
    N_("separation_products"),
    N_("oxides"),
    N_("compounds"),
    N_("metals"),
    N_("magnets"),
    N_("import"),
    N_("export"),
)


@attrs.frozen(kw_only=True)
class SkippedLine:
    """A line left out of the figures, and why."""

    report_id: str
    line: int
    reason: str
    #: ``reason`` as a message, to render in English or Chinese.
    why: Message | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class TradeStatistics:
    """The figures of :func:`trade_statistics`, with the months covered and the lines skipped."""

    rows: tuple[StatisticsRow, ...]
    months: tuple[Month, ...]
    skipped: tuple[SkippedLine, ...]

    def row(self, period: str, direction: str, group: TradeGroup | str) -> StatisticsRow:
        """The row of a period, direction and group.

        Raises:
            InvalidInputError: (field ``period``) when there is no such row.
        """
        wanted = TradeGroup(group)
        for found in self.rows:
            if (found.period, found.direction, found.group) == (period, direction, wanted):
                return found
        raise InvalidInputError(
            field="period",
            value=(period, direction, str(wanted)),
            accepted="a period, direction and group present in the statistics",
        )


def _periods(month: Month) -> tuple[str, ...]:
    quarter = (month.month - 1) // 3 + 1
    half = 1 if month.month <= 6 else 2
    return (
        str(month),
        f"{month.year}-Q{quarter}",
        f"{month.year}-H{half}",
        str(month.year),
    )


def _months_of(period: str) -> tuple[Month, ...]:
    year_text, _, part = period.partition("-")
    year = int(year_text)
    if not part:
        numbers = range(1, 13)
    elif part.startswith("Q"):
        first = (int(part[1:]) - 1) * 3 + 1
        numbers = range(first, first + 3)
    elif part.startswith("H"):
        first = 1 if part == "H1" else 7
        numbers = range(first, first + 6)
    else:
        numbers = range(int(part), int(part) + 1)
    return tuple(Month(year, number) for number in numbers)


def _previous(period: str) -> str:
    year_text, sep, part = period.partition("-")
    return f"{int(year_text) - 1}{sep}{part}"


def _change(current: int, before: int) -> Decimal | None:
    if before == 0:
        return None
    percent = Decimal(current - before) * 100 / Decimal(before)
    return percent.quantize(_TENTH, rounding=ROUND_HALF_EVEN)


def trade_statistics(reports: Iterable[FlowReport]) -> TradeStatistics:
    """Customs-style statistics of the ``imported`` and ``exported`` lines of ``reports``.

    Every period (month, quarter, half-year, year) that holds a covered month gets a row for
    each direction and group, zero when nothing moved, so that a figure of zero tonnes is
    told apart from a period the reports do not cover (which has no row).

    A copy of a report, or an earlier revision of it, is counted once: the statistics
    read the authoritative report of each enterprise and month (policy P12).

    Raises:
        InvalidInputError: (field ``reports``) for anything but flow reports.
    """
    grams: dict[tuple[str, str, TradeGroup], int] = defaultdict(int)
    counts: dict[tuple[str, str, TradeGroup], int] = defaultdict(int)
    covered: set[Month] = set()
    skipped: list[SkippedLine] = []
    # One authoritative report per enterprise and month (P12): a copy or a superseded
    # revision is never counted twice.
    for report in resolve_reports(reports):
        if not isinstance(report, FlowReport):
            raise InvalidInputError(field="reports", value=report, accepted="FlowReport objects")
        covered.add(report.month)
        periods = _periods(report.month)
        for index in report.line_indexes(FlowDirection.IMPORTED, FlowDirection.EXPORTED):
            line = report.lines[index]
            group = trade_group(line.product)
            if group is None:
                why = _NO_GROUP(product=line.product.name)
                skipped.append(
                    SkippedLine(report_id=report.report_id, line=index, reason=str(why), why=why)
                )
                continue
            if line.quantity.basis is not MassBasis.GROSS:
                why = _IN_REO(product=line.product.name)
                skipped.append(
                    SkippedLine(report_id=report.report_id, line=index, reason=str(why), why=why)
                )
                continue
            direction = _DIRECTIONS[line.direction]
            groups = [group]
            if group in _SEPARATION_PARTS:
                groups.append(TradeGroup.SEPARATION_PRODUCTS)
            for period in periods:
                for member in groups:
                    grams[(period, direction, member)] += line.quantity.grams
                    counts[(period, direction, member)] += 1
    all_periods = sorted({period for month in covered for period in _periods(month)}, key=_order)
    rows = []
    for period in all_periods:
        previous = _previous(period)
        comparable = all(month in covered for month in _months_of(period)) and all(
            month in covered for month in _months_of(previous)
        )
        for direction in ("import", "export"):
            for group in TradeGroup:
                key = (period, direction, group)
                rows.append(
                    StatisticsRow(
                        period=period,
                        direction=direction,
                        group=group,
                        tonnes=Decimal(grams[key]) / _GRAMS_PER_TONNE,
                        lines=counts[key],
                        yoy_change_percent=_change(grams[key], grams[(previous, direction, group)])
                        if comparable
                        else None,
                    )
                )
    return TradeStatistics(rows=tuple(rows), months=tuple(sorted(covered)), skipped=tuple(skipped))


def _order(period: str) -> tuple[int, int, int]:
    year_text, _, part = period.partition("-")
    kind = {"": 3, "H": 2, "Q": 1}.get(part[:1], 0)
    number = int(part[1:]) if kind in (1, 2) else int(part) if part else 0
    return (int(year_text), kind, number)


#: The columns of :func:`write_statistics_csv`.
CSV_COLUMNS: Final = ("period", "direction", "group", "tonnes", "lines", "yoy_change_percent")


def write_statistics_csv(statistics: TradeStatistics, out: TextIO | None = None) -> str:
    """Write the rows as CSV (:data:`CSV_COLUMNS`, a header line first) and return the text.

    Tonnes are written exactly (``'386'``, ``'10.56'``); an unavailable change is empty.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in statistics.rows:
        writer.writerow(
            (
                row.period,
                row.direction,
                row.group.value,
                format_tonnes(row.tonnes),
                row.lines,
                "" if row.yoy_change_percent is None else str(row.yoy_change_percent),
            )
        )
    text = buffer.getvalue()
    if out is not None:
        out.write(text)
    return text


def format_tonnes(value: Decimal) -> str:
    """Tonnes written exactly, without trailing zeros: ``'386'``, ``'10.56'``."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
