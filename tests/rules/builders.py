"""Small typed factories for the rule tests: fictional enterprises, products, lines, reports.

Every USCC here is made with :func:`~rare_earth_regs.model.enterprises.make_uscc` from a body
with ``MA0RE`` and a made-up serial, so it is well formed and belongs to no real enterprise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.enterprises import (
    Designation,
    DesignationRegister,
    Enterprise,
    make_uscc,
)
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.model.reports import Counterparty, FlowDirection, FlowLine, FlowReport
from rare_earth_regs.periods import CHINA_STANDARD_TIME, Month
from rare_earth_regs.units import MassBasis, Tonnage, parse_tonnage

__all__ = [
    "CONCENTRATE",
    "MONAZITE",
    "OXIDE",
    "PRND_METAL",
    "SCRAP",
    "UNKNOWN_REO_OXIDE",
    "allocation",
    "beijing",
    "designation",
    "enterprise",
    "flow",
    "full_year",
    "metal_smelter",
    "miner",
    "produced",
    "recycler",
    "register",
    "report",
    "separator",
    "stocked",
    "uscc",
]

#: A separated oxide, all REO (its gross mass is its REO mass).
OXIDE = Product(
    name="PrNd oxide",
    product_class=ProductClass.COMPOUND,
    form="oxide",
    elements=["Pr", "Nd"],
    reo_fraction="1",
)
#: A compound whose REO content is not stated.
UNKNOWN_REO_OXIDE = Product(name="Mixed RE carbonate", product_class=ProductClass.COMPOUND)
#: A rare earth mineral product (mining output).
CONCENTRATE = Product(
    name="Bastnaesite concentrate",
    product_class=ProductClass.MINERAL_PRODUCT,
    form="concentrate",
    reo_fraction="0.5",
)
#: Monazite concentrate (Order No. 71 art. 3 names it).
MONAZITE = Product(
    name="Monazite concentrate",
    product_class=ProductClass.MINERAL_PRODUCT,
    form="concentrate",
    reo_fraction="0.6",
)
#: Magnet scrap: a secondary resource, not a rare earth product.
SCRAP = Product(name="NdFeB scrap", product_class=ProductClass.SECONDARY_RESOURCE, form="scrap")
#: A rare earth metal.
PRND_METAL = Product(
    name="PrNd metal", product_class=ProductClass.METAL_OR_ALLOY, form="metal", reo_fraction="1"
)


def uscc(serial: int) -> str:
    """A well-formed fictional USCC, distinct for each serial (0 to 9999)."""
    return make_uscc(f"91350000MA0RE{serial:04d}")


def enterprise(
    *activities: Activity | str,
    serial: int = 1,
    name: str | None = None,
    group: str | None = None,
) -> Enterprise:
    """A fictional enterprise carrying out ``activities``."""
    return Enterprise(
        uscc=uscc(serial),
        name=name if name is not None else f"Example Enterprise {serial}",
        activities=list(activities),
        group=group,
    )


def separator(serial: int = 1, *, group: str | None = None) -> Enterprise:
    """A smelting-and-separation enterprise."""
    return enterprise(
        Activity.SMELTING_SEPARATION,
        serial=serial,
        name=f"Example Separation Co. {serial}",
        group=group,
    )


def miner(serial: int = 2, *, group: str | None = None) -> Enterprise:
    """A mining enterprise."""
    return enterprise(
        Activity.MINING, serial=serial, name=f"Example Mining Co. {serial}", group=group
    )


def recycler(serial: int = 3) -> Enterprise:
    """A comprehensive-utilization (recycling) enterprise."""
    return enterprise(
        Activity.COMPREHENSIVE_UTILIZATION, serial=serial, name=f"Example Recycling Co. {serial}"
    )


def metal_smelter(serial: int = 4) -> Enterprise:
    """A metal-smelting enterprise."""
    return enterprise(Activity.METAL_SMELTING, serial=serial, name=f"Example Metal Co. {serial}")


def flow(
    direction: FlowDirection | str,
    product: Product,
    quantity: str | Tonnage,
    *,
    origin: FeedstockOrigin | str | None = None,
    seller: str | None = None,
    foreign: tuple[str, str] | None = None,
    date: dt.date | None = None,
    reo: str | None = None,
    customs_declaration: str | None = None,
    ore_type: str | None = None,
    licence_number: str | None = None,
) -> FlowLine:
    """One flow line. ``seller`` is a domestic counterparty's USCC, ``foreign`` (name, country)."""
    counterparty: Counterparty | None = None
    if seller is not None:
        counterparty = Counterparty(uscc=seller)
    elif foreign is not None:
        counterparty = Counterparty(name=foreign[0], country=foreign[1])
    return FlowLine(
        direction=direction,
        product=product,
        quantity=quantity,
        reo=reo,
        origin=origin,
        counterparty=counterparty,
        date=date,
        customs_declaration=customs_declaration,
        ore_type=ore_type,
        licence_number=licence_number,
    )


def produced(
    product: Product,
    quantity: str | Tonnage,
    *,
    origin: FeedstockOrigin | str | None = FeedstockOrigin.DOMESTIC_MINED,
    date: dt.date | None = None,
    ore_type: str | None = None,
) -> FlowLine:
    """A ``produced`` line (from domestically mined feed unless told otherwise)."""
    return flow(
        FlowDirection.PRODUCED, product, quantity, origin=origin, date=date, ore_type=ore_type
    )


def stocked(product: Product, *moves: FlowLine, opening: str | Tonnage = "0 t") -> list[FlowLine]:
    """``moves`` of ``product`` framed by an opening stock and the closing stock that balances.

    Every move must be in the same basis as ``opening`` (gross or REO).
    """
    start = parse_tonnage(opening)
    grams = start.grams
    for move in moves:
        if move.product != product or move.quantity.basis is not start.basis:
            raise AssertionError("stocked(): every move must be of the product and basis given")
        grams += move.quantity.grams if move.direction.is_inflow else -move.quantity.grams
    return [
        FlowLine(direction=FlowDirection.OPENING_STOCK, product=product, quantity=start),
        *moves,
        FlowLine(
            direction=FlowDirection.CLOSING_STOCK,
            product=product,
            quantity=Tonnage(grams, start.basis),
        ),
    ]


def beijing(
    year: int, month: int, day: int, hour: int = 10, *, minute: int = 0, second: int = 0
) -> dt.datetime:
    """An aware instant in China Standard Time (UTC+8)."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=CHINA_STANDARD_TIME)


def _on_time(month: Month) -> dt.datetime:
    following = month.next()
    return beijing(following.year, following.month, 5)


def report(
    firm: Enterprise,
    month: Month | str,
    lines: Iterable[FlowLine] = (),
    *,
    submitted_at: dt.datetime | Literal["on time"] | None = "on time",
    report_id: str | None = None,
) -> FlowReport:
    """A monthly flow report, by default entered on the 5th of the month after (on time)."""
    period = Month.parse(month)
    when = _on_time(period) if submitted_at == "on time" else submitted_at
    return FlowReport(
        enterprise=firm, month=period, lines=list(lines), submitted_at=when, report_id=report_id
    )


def full_year(reports: Iterable[FlowReport], year: int) -> list[FlowReport]:
    """``reports``, and a report with no lines for every month of ``year`` (from October
    2024) that an enterprise of them has none for: a whole year, so that the quota year is
    complete (policy P23) and a test can judge the output it gives.
    """
    given = list(reports)
    first = max(Month(year, 1), Month(2024, 10))
    firms = {entry.enterprise.uscc: entry.enterprise for entry in given}
    months = {(entry.enterprise.uscc, entry.month) for entry in given}
    added = [
        report(firm, month)
        for uscc, firm in firms.items()
        for month in Month.range(first, Month(year, 12))
        if (uscc, month) not in months
    ]
    return given + added


def allocation(
    year: int,
    amount: str | Tonnage,
    *,
    holder: str = "Example Group",
    holder_uscc: str | None = None,
    activity: Activity | str = Activity.SMELTING_SEPARATION,
    batch: int = 1,
    basis: str = "increment",
    ore_type: str | None = None,
) -> QuotaAllocation:
    """One batch of a quota allocation."""
    return QuotaAllocation(
        year=year,
        batch=batch,
        activity=activity,
        ore_type=ore_type,
        holder=holder,
        holder_uscc=holder_uscc,
        amount=amount
        if isinstance(amount, Tonnage)
        else parse_tonnage(amount, basis=MassBasis.REO),
        basis=basis,
    )


def designation(
    code: str,
    activity: Activity | str = Activity.SMELTING_SEPARATION,
    *,
    valid_from: dt.date = dt.date(2024, 10, 1),
    valid_until: dt.date | None = None,
) -> Designation:
    """One designation under Regulations art. 8."""
    return Designation(uscc=code, activity=activity, valid_from=valid_from, valid_until=valid_until)


def register(*designations: Designation) -> DesignationRegister:
    """A designation register holding ``designations``."""
    return DesignationRegister(designations)
