"""Monthly product-flow reports: the records of Regulations art. 14(2).

Enterprises that mine, smelt and separate, smelt metals, recover rare earths from
secondary resources or export rare earth products keep product flow records and
enter them into the national traceability system (Regulations 2024, art. 14(2));
production enterprises enter the previous month's flows by the 10th of each month
(Order No. 71). A :class:`FlowReport` is one enterprise's month: its stock at the
start and end of the month and every movement in between, each a :class:`FlowLine`.

The model keeps the invariants of the data only. Whether a report is late, whether
output counts against a quota, whether a balance closes: those are rules, in
:mod:`rare_earth_regs.rules`, and they return findings.

Flow directions and the mass balance:

* stock: ``opening_stock``, ``closing_stock``;
* inflows: ``produced``, ``purchased``, ``imported``, ``received`` (transfer in from
  another site or group member);
* outflows: ``consumed`` (used as feed), ``sold``, ``exported``, ``transferred``
  (transfer out), ``lost`` (recorded process loss).

For each product, opening stock + inflows − outflows should equal closing stock
(:func:`mass_balance`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from rare_earth_regs.exceptions import (
    InvalidInputError,
    InvalidPeriodError,
    InvalidQuantityError,
    short_repr,
)
from rare_earth_regs.locale import N_, Message, MessageTemplate, define
from rare_earth_regs.model.activities import FeedstockOrigin, OreType
from rare_earth_regs.model.coerce import enum_member
from rare_earth_regs.model.enterprises import Enterprise, validate_uscc
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.periods import Month, beijing_date, require_aware
from rare_earth_regs.units import (
    MassBasis,
    Tonnage,
    parse_tonnage,
    product_tonnage_to_reo,
    tonnage_of_total,
)

REO_WITHIN = define(
    "accepted.reo-within-gross",
    "an REO content no greater than the gross quantity {quantity} (policy P18)",
)
DAY_IN_MONTH = define("accepted.day-in-month", "a day in the report's month {month}")

__all__ = [
    "MAX_REVISION",
    "REVISION_RANGE",
    "Counterparty",
    "FlowDirection",
    "FlowLine",
    "FlowReport",
    "ProductBalance",
    "checked_line",
    "iso_country_codes",
    "mass_balance",
]


_STOCK_VALUES = frozenset({"opening_stock", "closing_stock"})
_INFLOW_VALUES = frozenset({"produced", "purchased", "imported", "received"})


class FlowDirection(enum.Enum):
    """The kind of movement a flow line records.

    Each member has three flags, plain attributes read on every line of a mass
    balance: ``is_stock`` (opening and closing stock), ``is_inflow`` (adds to stock)
    and ``is_outflow`` (takes from stock).

    >>> FlowDirection.PRODUCED.is_inflow, FlowDirection.SOLD.is_outflow
    (True, True)
    """

    is_stock: bool
    is_inflow: bool
    is_outflow: bool
    # Members are singletons compared by identity: the identity hash is equally valid
    # and, unlike Enum's, needs no Python call (the loaders index every line by it).
    __hash__ = object.__hash__

    OPENING_STOCK = "opening_stock"
    PRODUCED = "produced"
    PURCHASED = "purchased"
    IMPORTED = "imported"
    RECEIVED = "received"
    CONSUMED = "consumed"
    SOLD = "sold"
    EXPORTED = "exported"
    TRANSFERRED = "transferred"
    LOST = "lost"
    CLOSING_STOCK = "closing_stock"

    def __init__(self, value: str) -> None:
        self.is_stock = value in _STOCK_VALUES
        self.is_inflow = value in _INFLOW_VALUES
        self.is_outflow = not (self.is_stock or self.is_inflow)

    @property
    def term(self) -> Message:
        """The direction as a message: English as its value reads, Chinese in the record's terms."""
        return _DIRECTION_TERMS[self]()


_DIRECTION_TERMS: dict[FlowDirection, MessageTemplate] = {
    FlowDirection.OPENING_STOCK: define("direction.opening_stock", "opening stock"),
    FlowDirection.PRODUCED: define("direction.produced", "produced"),
    FlowDirection.PURCHASED: define("direction.purchased", "purchased"),
    FlowDirection.IMPORTED: define("direction.imported", "imported"),
    FlowDirection.RECEIVED: define("direction.received", "received"),
    FlowDirection.CONSUMED: define("direction.consumed", "consumed"),
    FlowDirection.SOLD: define("direction.sold", "sold"),
    FlowDirection.EXPORTED: define("direction.exported", "exported"),
    FlowDirection.TRANSFERRED: define("direction.transferred", "transferred"),
    FlowDirection.LOST: define("direction.lost", "lost"),
    FlowDirection.CLOSING_STOCK: define("direction.closing_stock", "closing stock"),
}


_COUNTRY = re.compile(r"[A-Z]{2}")
_REFERENCE = re.compile(r"[0-9A-Za-z][0-9A-Za-z./_-]{0,63}")


def _text(
    value: object, field: str, pattern: re.Pattern[str] | None = None, accepted: str = ""
) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(
            field=field, value=value, accepted=accepted or "a non-empty string or null"
        )
    text = value.strip()
    if pattern is not None and pattern.fullmatch(text) is None:
        raise InvalidInputError(field=field, value=value, accepted=accepted)
    return text


def _counterparty_name(value: object) -> str | None:
    return _text(value, "counterparty.name")


_COUNTRY_ACCEPTED = N_("an ISO 3166-1 alpha-2 country code such as 'AU'")
NOT_A_COUNTRY = define(
    "error.not-a-country",
    "got {value}; it is not an ISO 3166-1 country code (user-assigned codes such as 'ZZ' or "
    "'XK' are not either)",
)


def _country(value: object) -> str | None:
    code = _text(value, "counterparty.country", _COUNTRY, _COUNTRY_ACCEPTED)
    if code is not None and code not in iso_country_codes():
        raise InvalidInputError(
            reason=NOT_A_COUNTRY(value=short_repr(value)),
            field="counterparty.country",
            value=value,
            accepted=_COUNTRY_ACCEPTED,
        )
    return code


@functools.cache
def iso_country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes, from pycountry (read on first use).

    >>> "AU" in iso_country_codes(), "ZZ" in iso_country_codes()
    (True, False)
    """
    import pycountry  # noqa: PLC0415 - its database loads only when a country is first read

    return frozenset(country.alpha_2 for country in pycountry.countries)


def _reference(value: object, field: str) -> str | None:
    return _text(value, field, _REFERENCE, N_("letters, digits and ./_- (at most 64)"))


def _invoice_number(value: object) -> str | None:
    return _reference(value, "invoice_number")


def _customs_declaration(value: object) -> str | None:
    return _reference(value, "customs_declaration")


def _licence_number(value: object) -> str | None:
    return _reference(value, "licence_number")


def _direction(value: object) -> FlowDirection:
    return enum_member(FlowDirection, value, field="direction")


def _optional_origin(value: object) -> FeedstockOrigin | None:
    return None if value is None else enum_member(FeedstockOrigin, value, field="origin")


def _optional_ore_type(value: object) -> OreType | None:
    return None if value is None else enum_member(OreType, value, field="ore_type")


def _optional_uscc(value: object) -> str | None:
    return None if value is None else validate_uscc(value)


@attrs.frozen(kw_only=True, cache_hash=True)
class Counterparty:
    """The other party of a purchase, sale, import, export or transfer.

    A domestic counterparty is identified by its Unified Social Credit Code; a
    foreign one by its name and ISO 3166-1 alpha-2 country code.

    >>> Counterparty(name="Example Minerals Pty Ltd", country="AU").is_foreign
    True
    """

    uscc: str | None = attrs.field(default=None, converter=_optional_uscc)
    name: str | None = attrs.field(default=None, converter=_counterparty_name)
    country: str | None = attrs.field(default=None, converter=_country)

    def __attrs_post_init__(self) -> None:
        if self.uscc is None and (self.name is None or self.country is None):
            given = {"name": self.name, "country": self.country}  # what was given, not None
            raise InvalidInputError(
                field="counterparty",
                value={key: value for key, value in given.items() if value is not None},
                accepted="a USCC (domestic) or a name and country code (foreign)",
            )
        if self.uscc is not None and self.country not in (None, "CN"):
            raise InvalidInputError(
                field="counterparty.country",
                value=self.country,
                accepted="'CN' or no country for a counterparty identified by USCC",
            )

    @property
    def is_foreign(self) -> bool:
        """True when the counterparty is foreign: no USCC and a country other than CN.

        A party with country ``CN`` and no USCC is a domestic party that is not
        identified (policy P16), never a foreign one.

        >>> Counterparty(name="Example Trading Co.", country="CN").is_foreign
        False
        """
        return self.uscc is None and self.country != "CN"

    @property
    def is_identified(self) -> bool:
        """True when the party can be traced: a USCC, or a foreign name and country."""
        return self.uscc is not None or self.is_foreign


def _check_product(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Product):
        raise InvalidInputError(field="product", value=value, accepted="a Product")


def _check_line_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise InvalidPeriodError(field="date", value=value, accepted="a datetime.date or null")


def _check_counterparty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Counterparty):
        raise InvalidInputError(field="counterparty", value=value, accepted="a Counterparty")


def _quantity(value: object) -> Tonnage:
    return parse_tonnage(value, field="quantity")


def _optional_reo(value: object) -> Tonnage | None:
    return None if value is None else parse_tonnage(value, field="reo", basis=MassBasis.REO)


@attrs.frozen(kw_only=True)
class FlowLine:
    """One movement or stock figure of one product in a monthly report.

    ``quantity`` is the gross mass of the product (``"20 t"``) or directly its REO
    equivalent (``"9 t REO"``); ``reo`` optionally states the REO content of a gross
    quantity. ``origin`` says how the rare earth feed was obtained: for inbound
    material, the material itself; for production, the feed it was made from.
    ``date`` is the activity date; a line without one is dated the last day of its
    reporting month (policy P5, applied by the rules). ``ore_type`` (mineral products
    only) states the deposit type the product was mined from, when the product does
    not (policy P17). ``licence_number`` is the number of
    the export licence an ``exported`` line was made under, if any (Regulations art. 15 and
    the export-control announcements; checked by rule EXP001).

    >>> from rare_earth_regs.model.products import Product, ProductClass
    >>> oxide = Product(name="PrNd oxide", product_class=ProductClass.COMPOUND, reo_fraction="1")
    >>> line = FlowLine(direction="produced", product=oxide, quantity="12.5 t", origin="imported")
    >>> str(line.reo_content())
    '12.5 t REO'
    """

    direction: FlowDirection = attrs.field(converter=_direction)
    product: Product = attrs.field(validator=_check_product)
    quantity: Tonnage = attrs.field(converter=_quantity)
    reo: Tonnage | None = attrs.field(default=None, converter=_optional_reo)
    origin: FeedstockOrigin | None = attrs.field(default=None, converter=_optional_origin)
    counterparty: Counterparty | None = attrs.field(default=None, validator=_check_counterparty)
    date: dt.date | None = attrs.field(default=None, validator=_check_line_date)
    invoice_number: str | None = attrs.field(default=None, converter=_invoice_number)
    customs_declaration: str | None = attrs.field(default=None, converter=_customs_declaration)
    ore_type: OreType | None = attrs.field(default=None, converter=_optional_ore_type)
    licence_number: str | None = attrs.field(default=None, converter=_licence_number)

    def __attrs_post_init__(self) -> None:
        if self.reo is not None and self.quantity.is_reo:
            raise InvalidInputError(
                field="reo",
                value=str(self.reo),
                accepted="no separate REO content when the quantity is already in REO",
            )
        if self.ore_type is not None and self.product.product_class is not _MINERAL_PRODUCT:
            raise InvalidInputError(
                field="ore_type",
                value=self.ore_type.value,
                accepted="None: only a line of a rare earth mineral product has an ore type",
            )
        if self.reo is not None and self.reo.grams > self.quantity.grams:
            raise InvalidQuantityError(
                field="reo",
                value=str(self.reo),
                accepted=REO_WITHIN(quantity=self.quantity),
            )

    def reo_content(self) -> Tonnage | None:
        """The REO equivalent of the line, or None when it cannot be known.

        A quantity given in REO is its own REO content. Otherwise the line may state
        ``reo`` and the product may give an REO fraction. With one of the two, that one
        counts; with both, the larger counts (policy P18: a stated figure is never
        silently preferred; the larger is the conservative reading for quota use, and
        rule RPT005 reports the disagreement with both figures). With neither the REO
        content is unknown (policy P10): the rules report it as undetermined.
        """
        if self.quantity.basis is _REO:
            return self.quantity
        fraction = self.product.reo_fraction
        if fraction is None:
            return self.reo
        from_fraction = product_tonnage_to_reo(self.quantity, fraction)
        stated = self.reo
        if stated is None or stated.grams <= from_fraction.grams:
            return from_fraction
        return stated

    def product_reo(self) -> Tonnage | None:
        """The gross quantity times the product's REO fraction (None if either is missing)."""
        fraction = self.product.reo_fraction
        if fraction is None or self.quantity.basis is _REO:
            return None
        return product_tonnage_to_reo(self.quantity, fraction)

    def activity_date(self, month: Month) -> dt.date:
        """The line's date, or the last day of ``month`` when it has none (policy P5)."""
        return self.date if self.date is not None else month.last_day


def checked_line(  # noqa: PLR0917 - the loaders call it by position, once per line
    direction: FlowDirection,
    product: Product,
    quantity: Tonnage,
    reo: Tonnage | None,
    origin: FeedstockOrigin | None,
    counterparty: Counterparty | None,
    date: dt.date | None,
    invoice_number: object,
    customs_declaration: object,
    ore_type: OreType | None = None,
    licence_number: object = None,
) -> FlowLine:
    """Build a :class:`FlowLine` from values that already have the fields' exact types.

    The loaders' fast path: the arguments' types are guaranteed by the caller, so only
    the checks those types do not imply run here; any value that fails them goes
    through the ordinary constructor, which raises the usual error. The result is
    equal to ``FlowLine(...)`` with the same arguments. The arguments may be passed
    by position, in the order of the fields, which is how the loaders call it.
    """
    if (
        (
            reo is not None
            and (reo.basis is not _REO or quantity.basis is _REO or reo.grams > quantity.grams)
        )
        or (invoice_number is not None and not _is_reference(invoice_number))
        or (customs_declaration is not None and not _is_reference(customs_declaration))
        or (ore_type is not None and product.product_class is not _MINERAL_PRODUCT)
        or (licence_number is not None and not _is_reference(licence_number))
    ):
        return FlowLine(
            direction=direction,
            product=product,
            quantity=quantity,
            reo=reo,
            origin=origin,
            counterparty=counterparty,
            date=date,
            invoice_number=invoice_number,
            customs_declaration=customs_declaration,
            ore_type=ore_type,
            licence_number=licence_number,
        )
    # The slots' own setters: what attrs' generated __init__ does, without re-checking.
    line = _new_line(FlowLine)
    _set_direction(line, direction)
    _set_product(line, product)
    _set_quantity(line, quantity)
    _set_reo(line, reo)
    _set_origin(line, origin)
    _set_counterparty(line, counterparty)
    _set_date(line, date)
    _set_invoice_number(line, invoice_number)
    _set_customs_declaration(line, customs_declaration)
    _set_ore_type(line, ore_type)
    _set_licence_number(line, licence_number)
    return line


# Enum members as module constants: read once per line, and a class-attribute lookup on
# an Enum is slow on Python 3.11.
_REO = MassBasis.REO
_GROSS = MassBasis.GROSS
_OPENING_STOCK = FlowDirection.OPENING_STOCK
_MINERAL_PRODUCT = ProductClass.MINERAL_PRODUCT
_new_line = object.__new__
(
    _set_direction,
    _set_product,
    _set_quantity,
    _set_reo,
    _set_origin,
    _set_counterparty,
    _set_date,
    _set_invoice_number,
    _set_customs_declaration,
    _set_ore_type,
    _set_licence_number,
) = (vars(FlowLine)[field.name].__set__ for field in attrs.fields(FlowLine))


def _is_reference(value: object) -> bool:
    return type(value) is str and _REFERENCE.fullmatch(value) is not None


def _check_enterprise(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Enterprise):
        raise InvalidInputError(field="enterprise", value=value, accepted="an Enterprise")


def _check_month(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Month):
        raise InvalidPeriodError(field="month", value=value, accepted="a Month")


def _month(value: object) -> Month:
    return Month.parse(value) if isinstance(value, str) else value  # type: ignore[return-value]


def _lines(value: object) -> tuple[FlowLine, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(field="lines", value=value, accepted="a sequence of FlowLine")
    lines = tuple(value)
    for index, line in enumerate(lines):
        if not isinstance(line, FlowLine):
            raise InvalidInputError(field=f"lines[{index}]", value=line, accepted="a FlowLine")
    return lines


def _submitted_at(value: object) -> dt.datetime | None:
    if value is None:
        return None
    aware = require_aware(value, field="submitted_at")
    beijing_date(aware, field="submitted_at")  # refuses one with no Beijing date
    return aware


def _report_id(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or _REFERENCE.fullmatch(value) is None:
        raise InvalidInputError(
            field="report_id", value=value, accepted="letters, digits and ./_- (at most 64)"
        )
    return value


#: The highest revision number accepted: a 32-bit signed integer, so that every SQL
#: database stores it as an ordinary INTEGER.
MAX_REVISION = 2**31 - 1


#: The accepted form of a revision number, as a message (the tabular reader says it too).
REVISION_RANGE = define(
    "accepted.revision", "a whole number from 1 to {highest} (1 for the first entry)"
)


def _check_revision(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 1 <= value <= MAX_REVISION:
        raise InvalidInputError(
            field="revision", value=value, accepted=REVISION_RANGE(highest=MAX_REVISION)
        )


@attrs.frozen(kw_only=True)
class FlowReport:
    """One enterprise's product flows for one month.

    ``submitted_at`` is the aware instant the report was entered into the
    traceability system (None if not submitted). ``report_id`` defaults to
    ``"<USCC>-<YYYY-MM>"``, stable for the same enterprise and month.
    ``revision`` numbers the entries of the same enterprise and month: 1 for the first
    entry, 2 for its first correction, and so on (policy P12; see
    :mod:`rare_earth_regs.filings` for which revision counts).
    """

    enterprise: Enterprise = attrs.field(validator=_check_enterprise)
    month: Month = attrs.field(converter=_month, validator=_check_month)
    lines: tuple[FlowLine, ...] = attrs.field(default=(), converter=_lines)
    submitted_at: dt.datetime | None = attrs.field(default=None, converter=_submitted_at)
    report_id: str = attrs.field(default=None, converter=_report_id)
    revision: int = attrs.field(default=1, validator=_check_revision)
    # The mass balance, computed on first use (several rules read it).
    _balances: dict[Product, ProductBalance] | None = attrs.field(
        init=False, default=None, eq=False, hash=False, repr=False
    )
    # The line indexes of each direction, built with the date check (the rules read
    # only the lines of the directions they concern).
    _indexes: dict[FlowDirection, tuple[int, ...]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if self.report_id is None:
            object.__setattr__(self, "report_id", f"{self.enterprise.uscc}-{self.month}")
        year, month = self.month.year, self.month.month
        indexes: dict[FlowDirection, list[int]] = {}
        for index, line in enumerate(self.lines):
            day = line.date
            if day is not None and (day.month != month or day.year != year):
                raise InvalidPeriodError(
                    field=f"lines[{index}].date",
                    value=day.isoformat(),
                    accepted=DAY_IN_MONTH(month=self.month),
                )
            indexes.setdefault(line.direction, []).append(index)
        _set_indexes(self, indexes)

    def line_indexes(self, *directions: FlowDirection | str) -> tuple[int, ...]:
        """The indexes of the lines in any of ``directions``, in line order.

        >>> from rare_earth_regs.model.products import Product, ProductClass
        >>> from rare_earth_regs.model.enterprises import Enterprise
        >>> oxide = Product(name="La oxide", product_class="compound", reo_fraction="1")
        >>> firm = Enterprise(uscc="91350000MA0000001J", name="Example Separation Co.",
        ...                   activities=["smelting_separation"])
        >>> report = FlowReport(enterprise=firm, month="2025-09", lines=[
        ...     FlowLine(direction="produced", product=oxide, quantity="5 t", origin="imported"),
        ...     FlowLine(direction="sold", product=oxide, quantity="2 t"),
        ...     FlowLine(direction="produced", product=oxide, quantity="1 t", origin="imported")])
        >>> report.line_indexes("produced"), report.line_indexes("sold", "produced")
        ((0, 2), (0, 1, 2))
        """
        if len(directions) == 1:  # the rules' usual call
            return self._indexes.get(_direction(directions[0]), ())
        wanted = {_direction(direction) for direction in directions}
        return tuple(sorted(index for kind in wanted for index in self._indexes.get(kind, ())))


def checked_report(
    *,
    enterprise: Enterprise,
    month: Month,
    lines: list[FlowLine],
    indexes: dict[FlowDirection, list[int]],
    submitted_at: dt.datetime | None,
    report_id: str | None,
    revision: int = 1,
) -> FlowReport:
    """Build a :class:`FlowReport` from lines the caller has checked and indexed.

    The loaders' fast path: every line was built by :func:`checked_line` and is dated
    within ``month`` (or undated), and ``indexes`` lists the positions of each
    direction's lines, so the per-line checks of the constructor are not repeated. The
    other fields are checked as by ``FlowReport(...)``; the result is equal to it.
    """
    report = FlowReport(
        enterprise=enterprise,
        month=month,
        submitted_at=submitted_at,
        report_id=report_id,
        revision=revision,
    )
    object.__setattr__(report, "lines", tuple(lines))
    _set_indexes(report, indexes)
    return report


def _set_indexes(report: FlowReport, indexes: dict[FlowDirection, list[int]]) -> None:
    frozen = {direction: tuple(found) for direction, found in indexes.items()}
    object.__setattr__(report, "_indexes", frozen)


@attrs.frozen(kw_only=True)
class ProductBalance:
    """The mass balance of one product in one report.

    Amounts are in the basis the lines share (gross mass, or REO when any line is
    in REO and every line's REO content is known). ``determinable`` is False when the
    lines cannot be put on one basis or a stock figure is missing (policy P10).
    """

    product: Product
    basis: MassBasis
    opening: Tonnage | None
    inflows: Tonnage
    outflows: Tonnage
    closing: Tonnage | None
    line_indexes: tuple[int, ...]
    determinable: bool

    @property
    def difference_grams(self) -> int | None:
        """Opening + inflows − outflows − closing, in grams (None if not determinable)."""
        if not self.determinable or self.opening is None or self.closing is None:
            return None
        return self.opening.grams + self.inflows.grams - self.outflows.grams - self.closing.grams

    def closes(self, tolerance_grams: int = 0) -> bool | None:
        """True when the balance closes within ``tolerance_grams`` (None if unknown)."""
        difference = self.difference_grams
        return None if difference is None else abs(difference) <= tolerance_grams


def mass_balance(report: FlowReport) -> Mapping[Product, ProductBalance]:
    """The mass balance of every product in ``report``, in order of first appearance.

    >>> from rare_earth_regs.model.products import Product, ProductClass
    >>> from rare_earth_regs.model.enterprises import Enterprise
    >>> oxide = Product(name="La oxide", product_class=ProductClass.COMPOUND)
    >>> firm = Enterprise(uscc="91350000MA0000001J", name="Example Separation Co.",
    ...                   activities=["smelting_separation"])
    >>> report = FlowReport(enterprise=firm, month="2025-09", lines=[
    ...     FlowLine(direction="opening_stock", product=oxide, quantity="10 t"),
    ...     FlowLine(direction="produced", product=oxide, quantity="5 t"),
    ...     FlowLine(direction="sold", product=oxide, quantity="7 t"),
    ...     FlowLine(direction="closing_stock", product=oxide, quantity="8 t")])
    >>> mass_balance(report)[oxide].difference_grams
    0
    """
    cached = report._balances
    if cached is None:
        cached = _balances(report)
        object.__setattr__(report, "_balances", cached)
    return MappingProxyType(cached)


# Where a direction's quantities go in a product's running totals.
_OPENING, _INFLOWS, _OUTFLOWS, _CLOSING = range(4)


def _column(direction: FlowDirection) -> int:
    if direction.is_inflow:
        return _INFLOWS
    if direction.is_outflow:
        return _OUTFLOWS
    return _OPENING if direction is _OPENING_STOCK else _CLOSING


class _GrossSums:
    """One product's running gross totals over a report's lines."""

    __slots__ = ("has_reo_line", "indexes", "product", "stock_lines", "totals")

    def __init__(self, product: Product) -> None:
        self.product = product
        self.totals = [0, 0, 0, 0]
        # The stock columns some line reports: the quantity of its one line, or None once
        # there are two.
        self.stock_lines: dict[int, Tonnage | None] = {}
        self.indexes: list[int] = []
        self.has_reo_line = False

    def stock(self, column: int) -> Tonnage | None:
        if column not in self.stock_lines:
            return None
        # A stock of one line is that line's own quantity: the same value, no new object
        # (the balances stay cached on the report).
        single = self.stock_lines[column]
        return single if single is not None else _total(self.totals[column])

    def absorb(self, other: _GrossSums) -> None:
        self.totals = [sum(pair) for pair in zip(self.totals, other.totals, strict=True)]
        for column, single in other.stock_lines.items():
            self.stock_lines[column] = None if column in self.stock_lines else single
        self.indexes += other.indexes
        self.has_reo_line = self.has_reo_line or other.has_reo_line


def _total(grams: int) -> Tonnage:
    return tonnage_of_total(grams, _GROSS)


def _balances(report: FlowReport) -> dict[Product, ProductBalance]:
    lines = report.lines
    # Keyed by object: the loaders give every line of one product the same Product, and
    # id() hashes faster than a Product; equal products given as distinct objects are
    # merged below.
    by_object: dict[int, _GrossSums] = {}
    for direction, direction_indexes in report._indexes.items():
        column, is_stock = _column(direction), direction.is_stock
        for index in direction_indexes:
            line = lines[index]
            entry = by_object.get(id(line.product))
            if entry is None:
                entry = by_object[id(line.product)] = _GrossSums(line.product)
            quantity = line.quantity
            entry.totals[column] += quantity.grams
            if is_stock:
                entry.stock_lines[column] = None if column in entry.stock_lines else quantity
            if quantity.basis is _REO:
                entry.has_reo_line = True
            entry.indexes.append(index)
    sums: dict[Product, _GrossSums] = {}
    for entry in sorted(by_object.values(), key=lambda entry: min(entry.indexes)):
        first = sums.get(entry.product)
        if first is None:
            sums[entry.product] = entry
        else:
            first.absorb(entry)
    balances: dict[Product, ProductBalance] = {}
    for product, entry in sums.items():
        indexes = tuple(sorted(entry.indexes))
        if entry.has_reo_line:  # rare: every line goes on the REO basis
            balances[product] = _reo_balance(product, [lines[i] for i in indexes], indexes)
            continue
        opening, closing = entry.stock(_OPENING), entry.stock(_CLOSING)
        balances[product] = ProductBalance(
            product=product,
            basis=_GROSS,
            opening=opening,
            inflows=_total(entry.totals[_INFLOWS]),
            outflows=_total(entry.totals[_OUTFLOWS]),
            closing=closing,
            line_indexes=indexes,
            determinable=opening is not None and closing is not None,
        )
    return balances


def _reo_balance(
    product: Product, lines: list[FlowLine], indexes: tuple[int, ...]
) -> ProductBalance:
    """The balance of a product some of whose lines are in REO: every line in REO."""
    opening = inflows = outflows = closing = 0
    seen_opening = seen_closing = False
    determinable = True
    for line in lines:
        direction = line.direction
        # A stock line counts as reported even when its REO content is unknown.
        if direction is FlowDirection.OPENING_STOCK:
            seen_opening = True
        elif direction is FlowDirection.CLOSING_STOCK:
            seen_closing = True
        amount = line.reo_content()
        if amount is None:
            determinable = False
        elif direction.is_inflow:
            inflows += amount.grams
        elif direction.is_outflow:
            outflows += amount.grams
        elif direction is FlowDirection.OPENING_STOCK:
            opening += amount.grams
        else:
            closing += amount.grams
    return ProductBalance(
        product=product,
        basis=MassBasis.REO,
        opening=Tonnage(opening, MassBasis.REO) if seen_opening else None,
        inflows=Tonnage(inflows, MassBasis.REO),
        outflows=Tonnage(outflows, MassBasis.REO),
        closing=Tonnage(closing, MassBasis.REO) if seen_closing else None,
        line_indexes=indexes,
        determinable=determinable and seen_opening and seen_closing,
    )
