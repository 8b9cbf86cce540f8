"""Special VAT invoices for rare earth products (稀土专用发票), as data.

SAT Announcement 2012 No. 17 and 2019 No. 13 say how rare earth enterprises invoice their
sales: through the rare earth invoicing module, with the catalogue's goods names, the unit kg or
t, the quantity as oxide equivalent, the mark "XT", no other goods and no goods-list attachment.
An :class:`Invoice` records what an invoice shows; whether it complies is for the rules
(:mod:`rare_earth_regs.rules.invoices`), which return findings.

>>> line = InvoiceLine(goods_name="氧化镨钕", category="separation_product", unit="t",
...                    quantity="12.5", oxide_equivalent=True)
>>> invoice = Invoice(number="HY-2025-10-001", issued_on="2025-10-08",
...                   seller_uscc="91360700MA35HY0A11", lines=[line], xt_mark=True)
>>> invoice.lines[0].quantity, invoice.lines[0].is_rare_earth
(Decimal('12.5'), True)
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.model.coerce import enum_member, exact_decimal
from rare_earth_regs.model.enterprises import validate_uscc
from rare_earth_regs.periods import iso_date

__all__ = ["RARE_EARTH_UNITS", "Invoice", "InvoiceCategory", "InvoiceKind", "InvoiceLine"]

#: The units an invoice line of rare earth products may use: kilogram (公斤) or tonne (吨).
RARE_EARTH_UNITS: Final = frozenset({"kg", "t", "公斤", "吨", "千克"})
_REFERENCE = re.compile(r"[0-9A-Za-z][0-9A-Za-z./_-]{0,63}")


class InvoiceKind(enum.Enum):
    """VAT special invoice (增值税专用发票) or ordinary invoice (普通发票)."""

    SPECIAL = "special"
    ORDINARY = "ordinary"


class InvoiceCategory(enum.Enum):
    """The catalogue category of an invoice line; ``None`` on a line marks other goods."""

    #: Rare earth mineral products (稀土矿产品).
    MINERAL_PRODUCT = "mineral_product"
    #: Smelting and separation products: salts, hydroxides, oxides, other compounds.
    SEPARATION_PRODUCT = "separation_product"
    #: Separation processing (加工费), a rare earth taxable service.
    PROCESSING_SERVICE = "processing_service"


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(field=field, value=value, accepted="a non-empty string")
    return value.strip()


def _goods_name(value: object) -> str:
    return _text(value, "goods_name")


def _unit(value: object) -> str:
    return _text(value, "unit")


def _category(value: object) -> InvoiceCategory | None:
    return None if value is None else enum_member(InvoiceCategory, value, field="category")


#: Bounds of an invoice quantity: an exponent such as ``1e999999999`` would otherwise be
#: accepted and written back as a billion digits.
MAX_QUANTITY: Final = Decimal(10) ** 15
MAX_QUANTITY_PLACES: Final = 12


def _quantity(value: object) -> Decimal:
    number = exact_decimal(value)
    if (
        number is None
        or not 0 < number < MAX_QUANTITY
        or -int(number.as_tuple().exponent) > MAX_QUANTITY_PLACES
    ):
        raise InvalidInputError(
            field="quantity",
            value=value,
            accepted="a quantity above 0 and below 10^15 with at most 12 decimal places,"
            " as a Decimal, an int or a decimal string (no float)",
        )
    return number


def _optional_bool(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidInputError(field="oxide_equivalent", value=value, accepted="true, false or null")


@attrs.frozen(kw_only=True)
class InvoiceLine:
    """One line of goods (or of a service) on an invoice.

    Attributes:
        goods_name: the goods name as written (the catalogue's, for rare earth products).
        category: the catalogue category, or ``None`` for goods that are not rare earth
            products or services.
        unit: the unit as written (``'kg'``, ``'t'``, ``'公斤'``, ``'吨'`` ...).
        quantity: the quantity, a Decimal above 0 and below 10^15, at most 12 places.
        oxide_equivalent: whether the quantity is stated as oxide equivalent; ``None`` when
            the invoice does not say.
    """

    goods_name: str = attrs.field(converter=_goods_name)
    category: InvoiceCategory | None = attrs.field(default=None, converter=_category)
    unit: str = attrs.field(converter=_unit)
    quantity: Decimal = attrs.field(converter=_quantity)
    oxide_equivalent: bool | None = attrs.field(default=None, converter=_optional_bool)

    @property
    def is_rare_earth(self) -> bool:
        """True for a line of rare earth products or services (a category is stated)."""
        return self.category is not None


def _number(value: object) -> str:
    if not isinstance(value, str) or _REFERENCE.fullmatch(value.strip()) is None:
        raise InvalidInputError(
            field="number", value=value, accepted="letters, digits and ./_- (at most 64)"
        )
    return value.strip()


def _issued_on(value: object) -> dt.date:
    if isinstance(value, str):
        value = iso_date(value.strip())
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInputError(field="issued_on", value=value, accepted="a date, YYYY-MM-DD")
    return value


def _optional_uscc(value: object) -> str | None:
    return None if value is None else validate_uscc(value)


def _kind(value: object) -> InvoiceKind:
    return enum_member(InvoiceKind, value, field="kind")


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(field=name, value=value, accepted="true or false")
    return value


def _rare_earth_module(value: object) -> bool:
    return _flag(value, "rare_earth_module")


def _xt_mark(value: object) -> bool:
    return _flag(value, "xt_mark")


def _goods_list_attachment(value: object) -> bool:
    return _flag(value, "goods_list_attachment")


def _lines(value: object) -> tuple[InvoiceLine, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(field="lines", value=value, accepted="a sequence of InvoiceLine")
    lines = tuple(value)
    if not lines:
        raise InvalidInputError(field="lines", value=value, accepted="at least one line")
    for index, line in enumerate(lines):
        if not isinstance(line, InvoiceLine):
            raise InvalidInputError(field=f"lines[{index}]", value=line, accepted="an InvoiceLine")
    return lines


@attrs.frozen(kw_only=True)
class Invoice:
    """An invoice as issued: what it shows, not whether it complies.

    Attributes:
        number: the invoice number (letters, digits and ./_-), as flow lines name it.
        issued_on: the day of issue.
        seller_uscc: the seller's Unified Social Credit Code.
        buyer_uscc: the buyer's, when domestic and stated.
        kind: special (default) or ordinary VAT invoice.
        rare_earth_module: issued through the rare earth invoicing module (default True).
        xt_mark: the invoice carries the mark "XT" (default False: say so when it does).
        goods_list_attachment: a goods-list attachment (清单) was used (default False).
        lines: the lines, at least one.
    """

    number: str = attrs.field(converter=_number)
    issued_on: dt.date = attrs.field(converter=_issued_on)
    seller_uscc: str = attrs.field(converter=validate_uscc)
    buyer_uscc: str | None = attrs.field(default=None, converter=_optional_uscc)
    kind: InvoiceKind = attrs.field(default=InvoiceKind.SPECIAL, converter=_kind)
    rare_earth_module: bool = attrs.field(default=True, converter=_rare_earth_module)
    xt_mark: bool = attrs.field(default=False, converter=_xt_mark)
    goods_list_attachment: bool = attrs.field(default=False, converter=_goods_list_attachment)
    lines: tuple[InvoiceLine, ...] = attrs.field(converter=_lines)

    @property
    def rare_earth_lines(self) -> tuple[InvoiceLine, ...]:
        """The lines of rare earth products and services."""
        return tuple(line for line in self.lines if line.is_rare_earth)
