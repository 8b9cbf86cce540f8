"""Products: what flows through a rare earth enterprise, and the customs codes for it.

Specification
-------------

The Rare Earth Management Regulations (Decree No. 785), art. 30, say that rare
earth products (稀土产品) *include* rare earth mineral products, all kinds of rare
earth compounds, and all kinds of rare earth metals and alloys (包括稀土矿产品、
各类稀土化合物、各类稀土金属及合金等). :class:`ProductClass` names those three
classes and two more that a flow record meets: secondary resources and downstream
goods.

>>> ProductClass.COMPOUND.is_rare_earth_product, ProductClass.COMPOUND.label_zh
(True, '稀土化合物')
>>> ProductClass.DOWNSTREAM_GOODS.is_rare_earth_product
False

A :class:`Product` is an immutable description of one product: a name, its class,
an optional form, the rare earth elements it is made of or named after, an optional
REO mass fraction and an optional customs code. Inputs are converted and checked on
construction; every bad value raises
:class:`~rare_earth_regs.exceptions.InvalidInputError` (a :class:`ValueError`)
naming the field:

>>> oxide = Product(
...     name="PrNd oxide",
...     product_class="compound",
...     form="oxide",
...     elements=["Pr", "nd"],
...     reo_fraction="99%",
...     customs_code="2846.90.19",
... )
>>> oxide.elements == {Element.Pr, Element.Nd}, oxide.reo_fraction, oxide.customs_code
(True, Decimal('0.99'), '28469019')
>>> Product(name="ore", product_class="mineral_product", reo_fraction=0)
Traceback (most recent call last):
...
rare_earth_regs.exceptions.InvalidInputError: reo_fraction: got 0; expected ...

Customs codes (HS subheadings of 6 digits, China tariff lines of 8 or 10 digits)
are normalised to digits. The codes of the project's reference data ship as package
data and are read on first use:

>>> validate_customs_code("2846.90")
'284690'
>>> info = customs_code_info("2846.90.13")
>>> info.description, info.elements == {Element.Nd}, info.product_class
('Neodymium oxide (Nd2O3)', True, <ProductClass.COMPOUND: 'compound'>)
>>> customs_code_info("8505.11.10.00").product_class.is_rare_earth_product
False
>>> customs_code_info("28469099") is None  # well formed, not shipped
True

References
----------

* Rare Earth Management Regulations 稀土管理条例 (State Council Decree No. 785),
  art. 30: definitions of rare earth products, smelting and separation, metal
  smelting and secondary resources (稀土二次资源).
* Harmonized System nomenclature (headings 2530, 2805, 2846, 7202, 8505) and the
  China tariff lines listed in the project's reference data (sources: the China
  customs tariff as published by chinesetariff.com and htshub, the 2014 provisional
  import tariff list, the GACC list for heading 8505). The sources are repeated in
  the ``_about`` block of ``data/customs_codes.json``.

Limitations
-----------

* Art. 30's list ends in 等 ("and the like"), so it is not closed. The library reads
  it as exactly the three classes it names. Secondary resources are defined
  separately in art. 30 as solid waste (固体废物) and are not rare earth products
  under this reading; downstream goods such as magnets and phosphors are not listed
  and are not rare earth products either.
* Only the customs codes of the reference data are shipped. A well-formed code that
  is not shipped gives ``None`` from :func:`customs_code_info`; it is not refused
  when used in a :class:`Product`. No check ties a product's class to its code.
* ``reo_fraction`` is a stated value. It is not derived from the elements, whose
  oxide factors only apply to pure stoichiometric material.
"""

from __future__ import annotations

import enum
import functools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Final

import attrs

from rare_earth_regs.exceptions import InvalidInputError, UnknownElementError
from rare_earth_regs.locale import N_, define
from rare_earth_regs.model.activities import OreType
from rare_earth_regs.model.coerce import enum_member
from rare_earth_regs.model.elements import Element, element

PRODUCT_CLASS_ACCEPTED = define("accepted.product-class", "a ProductClass or one of {choices}")

__all__ = [
    "CUSTOMS_CODES",
    "CustomsCode",
    "Product",
    "ProductClass",
    "customs_code_info",
    "implied_ore_type",
    "is_valid_customs_code",
    "mineral_ore_types",
    "validate_customs_code",
]


class ProductClass(enum.Enum):
    """The kind of a product, after Regulations art. 30.

    Interpretation:
        Art. 30 lists rare earth products as mineral products, compounds, and
        metals and alloys, followed by 等 ("and the like"). The library reads the
        list as exactly those three classes: :attr:`is_rare_earth_product` is true
        for them only. Secondary resources (recoverable solid waste, defined
        separately in art. 30) and downstream goods (magnets, phosphors, polishing
        powders ...) are not rare earth products.
    """

    __hash__ = object.__hash__  # singletons: hashed by identity, with no Python call

    #: Rare earth mineral products (稀土矿产品): ores after beneficiation, concentrates.
    MINERAL_PRODUCT = "mineral_product"
    #: Rare earth compounds (稀土化合物): single or mixed oxides, salts and other
    #: compounds, the output of smelting and separation.
    COMPOUND = "compound"
    #: Rare earth metals and alloys (稀土金属及合金), the output of metal smelting.
    METAL_OR_ALLOY = "metal_or_alloy"
    #: Secondary resources (稀土二次资源): magnet scrap, waste magnets and other
    #: rare-earth-bearing solid waste.
    SECONDARY_RESOURCE = "secondary_resource"
    #: Downstream goods made from rare earth products (magnets, phosphors ...): not
    #: rare earth products under art. 30.
    DOWNSTREAM_GOODS = "downstream_goods"

    def __str__(self) -> str:
        return self.value

    @property
    def is_rare_earth_product(self) -> bool:
        """True for the three classes art. 30 lists as rare earth products."""
        return self in _RARE_EARTH_PRODUCT_CLASSES

    @property
    def label_zh(self) -> str:
        """The Chinese term (the Regulations' own, except for downstream goods)."""
        return _PRODUCT_CLASS_ZH[self]


_RARE_EARTH_PRODUCT_CLASSES: Final = frozenset(
    {ProductClass.MINERAL_PRODUCT, ProductClass.COMPOUND, ProductClass.METAL_OR_ALLOY}
)
_PRODUCT_CLASS_ZH: Final[Mapping[ProductClass, str]] = MappingProxyType(
    {
        ProductClass.MINERAL_PRODUCT: "稀土矿产品",
        ProductClass.COMPOUND: "稀土化合物",
        ProductClass.METAL_OR_ALLOY: "稀土金属及合金",
        ProductClass.SECONDARY_RESOURCE: "稀土二次资源",
        ProductClass.DOWNSTREAM_GOODS: "稀土下游产品",
    }
)
_PRODUCT_CLASS_BY_TEXT: Final[Mapping[str, ProductClass]] = MappingProxyType(
    {key: member for member in ProductClass for key in (member.value, member.name.lower())}
)

# ------------------------------------------------------------------ customs codes

_CUSTOMS_CODE_RE: Final = re.compile(r"[0-9]{4}(?:\.?[0-9]{2}){1,3}", re.ASCII)
_ACCEPTED_CUSTOMS_CODE: Final = N_(
    "a customs code of 6, 8 or 10 digits as a string, dots allowed (e.g. '2846.90', '28469013')"
)


def validate_customs_code(code: object, *, field: str = "customs_code") -> str:
    """Return *code* as digits only, or raise :class:`InvalidInputError`.

    Accepted: a string of 6 digits (an HS subheading) or 8 or 10 digits (a China
    tariff line), with optional dots after the 4th, 6th and 8th digits and
    surrounding whitespace. Integers are refused (they lose leading zeros).

    >>> validate_customs_code(" 2805.30.11 ")
    '28053011'
    >>> validate_customs_code("2846.9")
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.InvalidInputError: customs_code: got '2846.9'; expected ...
    """
    if isinstance(code, str):
        text = code.strip()
        if _CUSTOMS_CODE_RE.fullmatch(text):
            return text.replace(".", "")
    raise InvalidInputError(field=field, value=code, accepted=_ACCEPTED_CUSTOMS_CODE)


def is_valid_customs_code(code: object) -> bool:
    """Whether :func:`validate_customs_code` accepts *code* (never raises)."""
    try:
        validate_customs_code(code)
    except InvalidInputError:
        return False
    return True


# ------------------------------------------------------------------- converters

_ACCEPTED_REO_FRACTION: Final = N_(
    "an REO mass fraction f with 0 < f <= 1, as a Decimal, int, str ('0.45' or '45%') or float"
)


def _parse_reo_fraction(value: object) -> Decimal | None:
    """Parse *value* to a finite Decimal (percent already applied), or ``None``."""
    percent = False
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int):
        number = Decimal(int(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None
        number = Decimal(float.__repr__(value))
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            percent = True
            text = text[:-1].rstrip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    if not number.is_finite():
        return None
    if percent:
        # Exact shift of the exponent: no rounding, whatever the decimal context.
        sign, digits, exponent = number.as_tuple()
        assert isinstance(exponent, int)  # finite
        number = Decimal((sign, digits, exponent - 2))
    return number


def _convert_reo_fraction(value: object) -> Decimal | None:
    if value is None:
        return None
    number = _parse_reo_fraction(value)
    if number is None or not Decimal(0) < number <= Decimal(1):
        raise InvalidInputError(field="reo_fraction", value=value, accepted=_ACCEPTED_REO_FRACTION)
    return number


def _convert_name(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise InvalidInputError(field="name", value=value, accepted="a non-empty string")


def _convert_form(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    raise InvalidInputError(
        field="form", value=value, accepted="a string such as 'oxide', 'metal' or ''"
    )


def _convert_product_class(value: object) -> ProductClass:
    if isinstance(value, ProductClass):
        return value
    if isinstance(value, str):
        found = _PRODUCT_CLASS_BY_TEXT.get(value.strip().lower())
        if found is not None:
            return found
    raise InvalidInputError(
        field="product_class",
        value=value,
        accepted=PRODUCT_CLASS_ACCEPTED(
            choices=", ".join(repr(member.value) for member in ProductClass)
        ),
    )


def _convert_elements(value: object) -> frozenset[Element]:
    if isinstance(value, str | bytes | Element | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(
            field="elements",
            value=value,
            accepted="an iterable of element designators, e.g. ['Nd', 'Pr']",
        )
    members: set[Element] = set()
    for index, item in enumerate(value):
        try:
            members.add(element(item))
        except UnknownElementError as error:
            raise UnknownElementError(
                field=f"elements[{index}]", value=item, accepted=error.accepted_message
            ) from None
    return frozenset(members)


def _convert_customs_code(value: object) -> str | None:
    return None if value is None else validate_customs_code(value)


def _convert_description(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise InvalidInputError(field="description", value=value, accepted="a non-empty string")


def _convert_ore_type(value: object) -> OreType | None:
    return None if value is None else enum_member(OreType, value, field="ore_type")


def _convert_optional_product_class(value: object) -> ProductClass | None:
    return None if value is None else _convert_product_class(value)


def _elements_repr(value: frozenset[Element]) -> str:
    inner = ", ".join(f"Element.{member.value}" for member in _by_atomic_number(value))
    return f"frozenset({{{inner}}})" if inner else "frozenset()"


def _by_atomic_number(members: Iterable[Element]) -> tuple[Element, ...]:
    return tuple(sorted(members, key=lambda member: member.atomic_number))


# ------------------------------------------------------- shipped customs codes


@attrs.frozen(kw_only=True)
class CustomsCode:
    """One shipped customs code and what it covers.

    Instances come from :data:`CUSTOMS_CODES` and :func:`customs_code_info`; the
    constructor converts and checks its input like :class:`Product`.

    Attributes:
        code: the code as digits (6: HS subheading; 8 or 10: China tariff line).
        description: English description of the goods.
        product_class: the class of the goods, or ``None`` when the code is an HS
            heading that also covers goods that are not rare earth goods.
        elements: the elements the tariff line names (empty for none or a mixture;
            several for a line that covers any of them).
        form: a free-text tag such as ``'oxide'``, ``'metal'`` or ``''``.
    """

    code: str = attrs.field(converter=validate_customs_code)
    description: str = attrs.field(converter=_convert_description)
    product_class: ProductClass | None = attrs.field(converter=_convert_optional_product_class)
    elements: frozenset[Element] = attrs.field(
        default=frozenset(), converter=_convert_elements, repr=_elements_repr
    )
    form: str = attrs.field(default="", converter=_convert_form)

    @property
    def hs6(self) -> str:
        """The 6-digit HS subheading the code belongs to."""
        return self.code[:6]

    @property
    def is_rare_earth_specific(self) -> bool:
        """Whether the code covers only rare earth goods (its class is known)."""
        return self.product_class is not None


@functools.cache
def _customs_codes() -> Mapping[str, CustomsCode]:
    # Imported here, not at module level: importlib.resources is slow to import and
    # is needed only once, on first use of the table.
    import importlib.resources  # noqa: PLC0415

    resource = importlib.resources.files("rare_earth_regs.data") / "customs_codes.json"
    document = json.loads(resource.read_text(encoding="utf-8"))
    table: dict[str, CustomsCode] = {}
    for key, entry in document["codes"].items():
        info = CustomsCode(
            code=key,
            description=entry["description"],
            product_class=entry["product_class"],
            elements=entry["elements"],
            form=entry["form"],
        )
        if info.code != key or entry["hs6"] != info.hs6:  # pragma: no cover - data bug
            raise AssertionError(f"customs_codes.json: bad key or hs6 for {key!r}")
        table[key] = info
    return MappingProxyType(table)


class _CustomsCodes(Mapping[str, CustomsCode]):
    """Read-only mapping over the shipped codes; loads the data on first access."""

    __slots__ = ()

    def __getitem__(self, key: str) -> CustomsCode:
        return _customs_codes()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_customs_codes())

    def __len__(self) -> int:
        return len(_customs_codes())

    def __repr__(self) -> str:
        return "<CUSTOMS_CODES: shipped customs codes, keyed by digits>"


#: Read-only mapping of code (digits only) to :class:`CustomsCode`, loaded lazily.
CUSTOMS_CODES: Final[Mapping[str, CustomsCode]] = _CustomsCodes()


def customs_code_info(code: object) -> CustomsCode | None:
    """Return the shipped entry for *code*, or ``None`` if it is well formed but not shipped.

    Raises:
        InvalidInputError: *code* is malformed (see :func:`validate_customs_code`).
    """
    return _customs_codes().get(validate_customs_code(code))


# ------------------------------------------------------------------------ product


@attrs.frozen(kw_only=True, cache_hash=True)
class Product:
    """A product as it appears on a flow line: immutable, hashable, picklable.

    Attributes:
        name: a non-empty name (surrounding whitespace removed); also
            :attr:`product_id`.
        product_class: a :class:`ProductClass` or its value (``'compound'``).
        form: free text such as ``'oxide'``, ``'carbonate'``, ``'concentrate'``,
            ``'metal'``, ``'scrap'``, ``'magnet'``; default ``''``.
        elements: the rare earth elements of the product, from any iterable of
            designators accepted by :func:`~rare_earth_regs.model.elements.element`
            (a bare string is refused: write ``['Nd']``, not ``'Nd'``); default empty.
        reo_fraction: the REO mass fraction, ``0 < f <= 1``, as a
            :class:`~decimal.Decimal`. Accepts a Decimal, an int, a string
            (``'0.45'`` or ``'45%'``, converted exactly) or a float (through its
            shortest repr, so ``0.45`` gives ``Decimal('0.45')``). NaN, infinities
            and bools are refused. Default ``None`` (not stated).
        customs_code: digits only; input may contain dots (see
            :func:`validate_customs_code`). Default ``None``.
        ore_type: for a mineral product only, the deposit type it was mined from
            (:class:`~rare_earth_regs.model.activities.OreType` or its value,
            ``'rock'`` or ``'ion_adsorption'``); default ``None`` (not stated). Mining
            output is charged to the indicator of its ore type (policy P17).

    Identity:
        Two lines refer to the same product when their ``Product`` values are equal:
        all fields are compared, ``elements`` as a set and ``reo_fraction``
        numerically (``Decimal('0.45') == Decimal('0.450')``). Equal products hash
        equal, so a ``Product`` can key the groups of a mass balance directly.
        :attr:`product_id` (the name) is the human-readable identifier; two
        different products sharing one name in a report is an inconsistency for the
        rules to report, not something this model resolves.

    >>> scrap = Product(name="NdFeB scrap", product_class="secondary_resource", form="scrap")
    >>> scrap.product_class.is_rare_earth_product, scrap.product_id
    (False, 'NdFeB scrap')
    """

    name: str = attrs.field(converter=_convert_name)
    product_class: ProductClass = attrs.field(converter=_convert_product_class)
    form: str = attrs.field(default="", converter=_convert_form)
    elements: frozenset[Element] = attrs.field(
        default=frozenset(), converter=_convert_elements, repr=_elements_repr
    )
    reo_fraction: Decimal | None = attrs.field(default=None, converter=_convert_reo_fraction)
    customs_code: str | None = attrs.field(default=None, converter=_convert_customs_code)
    ore_type: OreType | None = attrs.field(default=None, converter=_convert_ore_type)

    def __attrs_post_init__(self) -> None:
        if self.ore_type is not None and self.product_class is not ProductClass.MINERAL_PRODUCT:
            raise InvalidInputError(
                field="ore_type",
                value=self.ore_type.value,
                accepted="None: only a rare earth mineral product has an ore type",
            )

    @property
    def product_id(self) -> str:
        """The product's identifier for display and serialization: its name."""
        return self.name

    @property
    def sorted_elements(self) -> tuple[Element, ...]:
        """The elements in atomic-number order."""
        return _by_atomic_number(self.elements)

    @property
    def is_rare_earth_product(self) -> bool:
        """Whether the product is a rare earth product under art. 30 (by its class)."""
        return self.product_class.is_rare_earth_product

    @property
    def customs_code_info(self) -> CustomsCode | None:
        """The shipped entry for :attr:`customs_code`, if there is one."""
        return None if self.customs_code is None else _customs_codes().get(self.customs_code)


# ------------------------------------------------------------------- ore types

# The minerals whose names imply an ore type (policy P17), looked for in the
# product's name and form after NFKC normalisation and case folding.
_ROCK_MINERALS: Final = ("bastnaesite", "bastnasite", "bastnäsite", "monazite", "氟碳铈", "独居石")
_ION_ADSORPTION_MINERALS: Final = (
    "ion-adsorption",
    "ion adsorption",
    "ionic",
    "离子型",
    "离子吸附",
)


def _names(product: Product) -> str:
    return unicodedata.normalize("NFKC", f"{product.name} {product.form}").casefold()


@functools.lru_cache(maxsize=4096)
def mineral_ore_types(product: Product) -> frozenset[OreType]:
    """The ore types a mineral product states or its mineral implies (policy P17).

    The stated :attr:`Product.ore_type`, and the type its name and form imply:
    bastnaesite (氟碳铈矿) and monazite (独居石) are rock-type ore, ion-adsorption
    concentrate (离子型, 离子吸附型) is ion-adsorption ore. Empty for a product that is
    not a mineral product or that says nothing; two members when they disagree.

    >>> sorted(t.value for t in mineral_ore_types(
    ...     Product(name="Monazite concentrate", product_class="mineral_product")))
    ['rock']
    """
    if product.product_class is not ProductClass.MINERAL_PRODUCT:
        return frozenset()
    text = _names(product)
    implied = {
        ore_type
        for ore_type, minerals in (
            (OreType.ROCK, _ROCK_MINERALS),
            (OreType.ION_ADSORPTION, _ION_ADSORPTION_MINERALS),
        )
        if any(mineral in text for mineral in minerals)
    }
    if product.ore_type is not None:
        implied.add(product.ore_type)
    return frozenset(implied)


def implied_ore_type(product: Product) -> OreType | None:
    """The one ore type of a mineral product (:func:`mineral_ore_types`), if there is one.

    ``None`` when the product says nothing, or when its stated type and its mineral
    disagree: neither is preferred silently (policy P18).

    >>> implied_ore_type(Product(name="Bastnaesite concentrate", product_class="mineral_product"))
    <OreType.ROCK: 'rock'>
    >>> implied_ore_type(Product(name="离子型稀土精矿", product_class="mineral_product"))
    <OreType.ION_ADSORPTION: 'ion_adsorption'>
    >>> print(implied_ore_type(Product(name="RE concentrate", product_class="mineral_product")))
    None
    """
    types = mineral_ore_types(product)
    return next(iter(types)) if len(types) == 1 else None
