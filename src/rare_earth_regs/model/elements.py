"""The 17 rare earth elements, their oxide factors and named group schemes.

Specification
-------------

The Rare Earth Management Regulations (State Council Decree No. 785), art. 30,
define rare earths (稀土) as the 17 elements lanthanum, cerium, praseodymium,
neodymium, promethium, samarium, europium, gadolinium, terbium, dysprosium,
holmium, erbium, thulium, ytterbium, lutetium, scandium and yttrium. They are the
members of :class:`Element`, named by chemical symbol and ordered by atomic number
(Sc, Y, La ... Lu). The value of a member is its symbol, so ``Element("Nd")`` and
``str(Element.Nd)`` round-trip:

>>> Element("Nd") is Element.Nd
True
>>> str(Element.Nd), Element.Nd.name_en, Element.Nd.name_zh, Element.Nd.atomic_number
('Nd', 'neodymium', '钕', 60)
>>> len(Element)
17

:func:`element` finds a member from any usual designator: a symbol in any case, an
English name in any case, a Chinese name or an atomic number. Surrounding
whitespace is ignored and text is NFKC-normalised first (so full-width letters
work). Anything else raises :class:`~rare_earth_regs.exceptions.UnknownElementError`,
which is a :class:`ValueError`:

>>> element("nd") is element(" Neodymium ") is element("钕") is element(60) is Element.Nd
True
>>> element("Xx")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
rare_earth_regs.exceptions.UnknownElementError: element: got 'Xx'; expected a rare earth ...

**Atomic weights** (:attr:`Element.atomic_weight`) are the IUPAC/CIAAW standard
atomic weights of 2021, with the 2024 CIAAW revisions of gadolinium (157.249) and
lutetium (174.96669), held as :class:`~decimal.Decimal`. Promethium has no stable
isotope and so no standard atomic weight: its ``atomic_weight`` is ``None``
(policy P9; 145 is only the mass number of its longest-lived isotope).

**Oxides** (:attr:`Element.oxide_formula`) follow the convention for rare earth
oxide (REO) accounting in Chinese national analysis standards: CeO2, Pr6O11, Tb4O7,
and RE2O3 for every other element (Pm2O3 by analogy). Alternative oxides sometimes
seen in laboratory tables (Ce2O3, Pr2O3, Tb2O3) are *not* used.

**Oxide factors** (:attr:`Element.oxide_factor`) are the oxide mass per unit
element mass, computed here from the atomic weights and not copied from a table::

    factor = (x * Ar(RE) + y * Ar(O)) / (x * Ar(RE))     for the oxide RE_x O_y

with ``Ar(O) = 15.999`` (:data:`OXYGEN_ATOMIC_WEIGHT`), in :class:`~decimal.Decimal`
arithmetic under a private context (28 significant digits, so the caller's decimal
context never matters), then quantized to :data:`OXIDE_FACTOR_PLACES` (10) decimal
places with ``ROUND_HALF_EVEN``. Promethium has no factor (``None``, policy P9).

>>> Element.Nd.oxide_formula, Element.Nd.oxide_atoms, Element.Nd.oxide_factor
('Nd2O3', (2, 3), Decimal('1.1663766448'))
>>> Element.Pr.oxide_formula, Element.Tb.oxide_formula, Element.Ce.oxide_formula
('Pr6O11', 'Tb4O7', 'CeO2')
>>> Element.Pm.atomic_weight is None and Element.Pm.oxide_factor is None
True

**Element groups.** The law defines no light/heavy split (policy P8). The usual
splits are offered as named schemes (:class:`ElementGroupScheme`, :data:`SCHEMES`),
and a caller must always name the one it uses:

>>> element_group("Gd", ElementGroupScheme.CHINESE_TWO_GROUP)
'heavy'
>>> element_group("Gd", "usgs"), element_group("Gd", "chinese_three_group")
('light', 'medium')
>>> element_group("Sc", ElementGroupScheme.USGS) is None
True

References
----------

* Rare Earth Management Regulations 稀土管理条例 (State Council Decree No. 785,
  in force 2024-10-01), art. 30 (the 17 elements).
* IUPAC/CIAAW, "Standard atomic weights of the elements 2021", Pure Appl. Chem.
  2022, doi:10.1515/pac-2019-0603; CIAAW 2024 revisions of the standard atomic
  weights of gadolinium and lutetium (reported in C&EN vol. 102, issue 34).
* GB/T 18115.1-2020 and GB/T 18114.8-2025 (Chinese national standards for the
  chemical analysis of rare earth metals, oxides and concentrates): the oxide forms
  used to express rare earth content as REO.
* Published 4-dp oxide factors used to check the computed ones: the widely copied
  laboratory table (iolite LA-ICP-MS ``oxide_factors``). It agrees to 4 dp except for
  lutetium, where the published 1.1371 is a truncation of 1.137160.
* Group schemes: policy P8 of the project's domain rules. USGS grouping (light
  La-Gd, heavy Tb-Lu and Y, Sc in neither) as stated by the U.S. Geological Survey
  (Fact Sheet 2014-3078; "Mineral Resource of the Month: Rare Earth Elements").

Limitations
-----------

* Ar(O) = 15.999 is the conventional value; the factors therefore match published
  tables, not a calculation with the oxygen interval [15.99903, 15.99977].
* The factors assume the stoichiometric oxide; real products (non-stoichiometric
  Pr and Tb oxides, hydrated or carbonated material) differ. A product's REO content
  is best given directly as an REO mass fraction.
* Group schemes are conventions with variants in the literature (for example the
  medium group sometimes extends to Dy). Only the three schemes of policy P8 are
  encoded. Quota ore types (rock-type, ion-adsorption) are deposit types, not
  element groups, and are not modelled here.
"""

from __future__ import annotations

import decimal
import enum
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from rare_earth_regs.exceptions import (
    InvalidInputError,
    InvalidQuantityError,
    UnknownElementError,
    one_of,
)
from rare_earth_regs.locale import N_, define
from rare_earth_regs.units import MassBasis, Tonnage, factor_tonnage_to_reo, parse_tonnage

if TYPE_CHECKING:
    import pint

__all__ = [
    "OXIDE_FACTOR_PLACES",
    "OXYGEN_ATOMIC_WEIGHT",
    "SCHEMES",
    "Element",
    "ElementGroupScheme",
    "element",
    "element_group",
    "element_mass_to_reo",
    "element_tonnage_to_reo",
]

#: Atomic weight of oxygen used for the oxide factors (the conventional value).
OXYGEN_ATOMIC_WEIGHT: Final = Decimal("15.999")

#: Number of decimal places the oxide factors are quantized to (``ROUND_HALF_EVEN``).
OXIDE_FACTOR_PLACES: Final = 10

NO_OXIDE_FACTOR = define(
    "error.no-oxide-factor",
    "{symbol} has no standard atomic weight and so no REO factor (policy P9); state the REO "
    "content directly",
)
_ACCEPTED_ELEMENT: Final = N_(
    "a rare earth element symbol, English or Chinese name, or atomic number (21, 39, 57-71)"
)


class Element(enum.Enum):
    """A rare earth element of Regulations art. 30, named by its chemical symbol.

    Members are ordered by atomic number. The value is the symbol (``str(member)``
    gives it too). Attributes: :attr:`symbol`, :attr:`name_en`, :attr:`name_zh`,
    :attr:`atomic_number`, :attr:`atomic_weight`, :attr:`oxide_formula`,
    :attr:`oxide_atoms` and :attr:`oxide_factor`.

    >>> [member.symbol for member in Element][:4]
    ['Sc', 'Y', 'La', 'Ce']
    >>> f"{Element.Dy}", Element.Dy.atomic_weight
    ('Dy', Decimal('162.500'))
    """

    #: Scandium 钪.
    Sc = "Sc"
    #: Yttrium 钇.
    Y = "Y"
    #: Lanthanum 镧.
    La = "La"
    #: Cerium 铈.
    Ce = "Ce"
    #: Praseodymium 镨.
    Pr = "Pr"
    #: Neodymium 钕.
    Nd = "Nd"
    #: Promethium 钷 (no stable isotope, no standard atomic weight).
    Pm = "Pm"
    #: Samarium 钐.
    Sm = "Sm"
    #: Europium 铕.
    Eu = "Eu"
    #: Gadolinium 钆.
    Gd = "Gd"
    #: Terbium 铽.
    Tb = "Tb"
    #: Dysprosium 镝.
    Dy = "Dy"
    #: Holmium 钬.
    Ho = "Ho"
    #: Erbium 铒.
    Er = "Er"
    #: Thulium 铥.
    Tm = "Tm"
    #: Ytterbium 镱.
    Yb = "Yb"
    #: Lutetium 镥.
    Lu = "Lu"

    def __str__(self) -> str:
        return self.value

    @property
    def symbol(self) -> str:
        """The chemical symbol, e.g. ``'Nd'`` (also the member's name and value)."""
        return self.value

    @property
    def name_en(self) -> str:
        """The English name in lower case, e.g. ``'neodymium'``."""
        return _DATA[self.value].name_en

    @property
    def name_zh(self) -> str:
        """The Chinese name as written in Regulations art. 30, e.g. ``'钕'``."""
        return _DATA[self.value].name_zh

    @property
    def atomic_number(self) -> int:
        """The atomic number Z."""
        return _DATA[self.value].atomic_number

    @property
    def atomic_weight(self) -> Decimal | None:
        """The standard atomic weight (CIAAW 2021 with 2024 revisions); ``None`` for Pm."""
        return _DATA[self.value].atomic_weight

    @property
    def oxide_formula(self) -> str:
        """The oxide used for REO accounting, e.g. ``'Nd2O3'``, ``'CeO2'``, ``'Pr6O11'``."""
        x, y = self.oxide_atoms
        return f"{self.value}{x if x > 1 else ''}O{y if y > 1 else ''}"

    @property
    def oxide_atoms(self) -> tuple[int, int]:
        """``(x, y)`` for the oxide RE_x O_y, e.g. ``(2, 3)`` for Nd2O3."""
        return _DATA[self.value].oxide_atoms

    @property
    def oxide_factor(self) -> Decimal | None:
        """Oxide mass per unit element mass (10 dp); ``None`` for Pm (policy P9)."""
        return _FACTORS[self.value]


class _ElementData(NamedTuple):
    name_en: str
    name_zh: str
    atomic_number: int
    atomic_weight: Decimal | None
    oxide_atoms: tuple[int, int]


_DATA: Final[Mapping[str, _ElementData]] = MappingProxyType(
    {
        "Sc": _ElementData("scandium", "钪", 21, Decimal("44.955907"), (2, 3)),
        "Y": _ElementData("yttrium", "钇", 39, Decimal("88.905838"), (2, 3)),
        "La": _ElementData("lanthanum", "镧", 57, Decimal("138.90547"), (2, 3)),
        "Ce": _ElementData("cerium", "铈", 58, Decimal("140.116"), (1, 2)),
        "Pr": _ElementData("praseodymium", "镨", 59, Decimal("140.90766"), (6, 11)),
        "Nd": _ElementData("neodymium", "钕", 60, Decimal("144.242"), (2, 3)),
        "Pm": _ElementData("promethium", "钷", 61, None, (2, 3)),
        "Sm": _ElementData("samarium", "钐", 62, Decimal("150.36"), (2, 3)),
        "Eu": _ElementData("europium", "铕", 63, Decimal("151.964"), (2, 3)),
        "Gd": _ElementData("gadolinium", "钆", 64, Decimal("157.249"), (2, 3)),
        "Tb": _ElementData("terbium", "铽", 65, Decimal("158.925354"), (4, 7)),
        "Dy": _ElementData("dysprosium", "镝", 66, Decimal("162.500"), (2, 3)),
        "Ho": _ElementData("holmium", "钬", 67, Decimal("164.930329"), (2, 3)),
        "Er": _ElementData("erbium", "铒", 68, Decimal("167.259"), (2, 3)),
        "Tm": _ElementData("thulium", "铥", 69, Decimal("168.934219"), (2, 3)),
        "Yb": _ElementData("ytterbium", "镱", 70, Decimal("173.045"), (2, 3)),
        "Lu": _ElementData("lutetium", "镥", 71, Decimal("174.96669"), (2, 3)),
    }
)

_FACTOR_CONTEXT: Final = decimal.Context(
    prec=28, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.InvalidOperation]
)
_FACTOR_QUANTUM: Final = Decimal(1).scaleb(-OXIDE_FACTOR_PLACES)


def _oxide_factor(data: _ElementData) -> Decimal | None:
    """Compute ``(x*Ar + y*O) / (x*Ar)`` exactly to 28 digits, then quantize."""
    if data.atomic_weight is None:
        return None
    ctx = _FACTOR_CONTEXT
    x, y = data.oxide_atoms
    metal = ctx.multiply(Decimal(x), data.atomic_weight)
    oxide = ctx.add(metal, ctx.multiply(Decimal(y), OXYGEN_ATOMIC_WEIGHT))
    return ctx.divide(oxide, metal).quantize(_FACTOR_QUANTUM, context=ctx)


_FACTORS: Final[Mapping[str, Decimal | None]] = MappingProxyType(
    {symbol: _oxide_factor(data) for symbol, data in _DATA.items()}
)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


_BY_TEXT: Final[Mapping[str, Element]] = MappingProxyType(
    {
        key: member
        for member in Element
        for key in (_key(member.value), _key(member.name_en), member.name_zh)
    }
)
_BY_NUMBER: Final[Mapping[int, Element]] = MappingProxyType(
    {member.atomic_number: member for member in Element}
)


def element(value: object) -> Element:
    """Return the rare earth element designated by *value*.

    Accepted: an :class:`Element` (returned as is); a symbol in any case (``'nd'``,
    ``'ND'``); an English name in any case (``'Neodymium'``); a Chinese name
    (``'钕'``); an atomic number as an ``int`` (not a ``bool``, not a ``float``).
    Surrounding whitespace is ignored and text is NFKC-normalised.

    Raises:
        UnknownElementError: for anything else, including other elements of the
            periodic table (``'Fe'``, 26).

    >>> element("DY"), element(66), element("镝")
    (<Element.Dy: 'Dy'>, <Element.Dy: 'Dy'>, <Element.Dy: 'Dy'>)
    >>> element(True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.UnknownElementError: element: got True; expected ...
    """
    if isinstance(value, Element):
        return value
    found: Element | None = None
    if isinstance(value, str):
        found = _BY_TEXT.get(_key(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        found = _BY_NUMBER.get(value)
    if found is None:
        raise UnknownElementError(field="element", value=value, accepted=_ACCEPTED_ELEMENT)
    return found


# --------------------------------------------------------------------------- groups


class ElementGroupScheme(enum.Enum):
    """A named convention for splitting the rare earths into groups (policy P8).

    Interpretation:
        The Regulations and Order No. 71 define no light/heavy split, so none is
        the default: every caller names its scheme. The quota notices' ore types
        (rock-type, ion-adsorption) are deposit types, not element groups.

    Schemes (group name -> members):

    * ``CHINESE_TWO_GROUP``: ``light`` La-Eu (Pm included; the cerium group 铈组),
      ``heavy`` Gd-Lu, Y and Sc (the yttrium group 钇组).
    * ``CHINESE_THREE_GROUP``: ``light`` La-Nd, ``medium`` Sm-Gd, ``heavy`` Tb-Lu
      and Y; Sc is in no group.
    * ``USGS``: ``light`` La-Gd, ``heavy`` Tb-Lu and Y; Sc is in no group.

    >>> sorted(ElementGroupScheme.CHINESE_THREE_GROUP.groups)
    ['heavy', 'light', 'medium']
    >>> Element.Y in ElementGroupScheme.USGS.groups["heavy"]
    True
    """

    CHINESE_TWO_GROUP = "chinese_two_group"
    CHINESE_THREE_GROUP = "chinese_three_group"
    USGS = "usgs"

    def __str__(self) -> str:
        return self.value

    @property
    def groups(self) -> Mapping[str, frozenset[Element]]:
        """Read-only mapping of group name (``'light'``, ``'medium'``, ``'heavy'``) to members."""
        return _SCHEME_GROUPS[self.value]

    @property
    def description(self) -> str:
        """A one-line description of the scheme."""
        return _SCHEME_DESCRIPTIONS[self.value]

    def group_of(self, value: object) -> str | None:
        """The group of an element designator under this scheme, or ``None``."""
        member = element(value)
        for name, members in self.groups.items():
            if member in members:
                return name
        return None


def _span(first: Element, last: Element) -> frozenset[Element]:
    return frozenset(
        member
        for member in Element
        if first.atomic_number <= member.atomic_number <= last.atomic_number
    )


_E = Element
_SCHEME_GROUPS: Final[Mapping[str, Mapping[str, frozenset[Element]]]] = MappingProxyType(
    {
        "chinese_two_group": MappingProxyType(
            {
                "light": _span(_E.La, _E.Eu),
                "heavy": _span(_E.Gd, _E.Lu) | {_E.Y, _E.Sc},
            }
        ),
        "chinese_three_group": MappingProxyType(
            {
                "light": _span(_E.La, _E.Nd),
                "medium": _span(_E.Sm, _E.Gd),
                "heavy": _span(_E.Tb, _E.Lu) | {_E.Y},
            }
        ),
        "usgs": MappingProxyType(
            {
                "light": _span(_E.La, _E.Gd),
                "heavy": _span(_E.Tb, _E.Lu) | {_E.Y},
            }
        ),
    }
)
_SCHEME_DESCRIPTIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "chinese_two_group": N_("Chinese two-group split: light La-Eu; heavy Gd-Lu, Y, Sc"),
        "chinese_three_group": N_(
            "Chinese three-group split: light La-Nd; medium Sm-Gd; heavy Tb-Lu, Y; Sc in none"
        ),
        "usgs": N_("USGS split: light La-Gd; heavy Tb-Lu, Y; Sc in neither"),
    }
)

#: Read-only mapping of scheme name (the enum value) to :class:`ElementGroupScheme`.
SCHEMES: Final[Mapping[str, ElementGroupScheme]] = MappingProxyType(
    {scheme.value: scheme for scheme in ElementGroupScheme}
)


def element_group(value: object, scheme: ElementGroupScheme | str) -> str | None:
    """Return the group of an element under a named *scheme* (policy P8).

    *value* is any designator accepted by :func:`element`. *scheme* is an
    :class:`ElementGroupScheme` or its name (a key of :data:`SCHEMES`). The result is
    the group name (``'light'``, ``'medium'`` or ``'heavy'``), or ``None`` when the
    scheme puts the element in no group (Sc under ``USGS`` and ``CHINESE_THREE_GROUP``).

    Raises:
        UnknownElementError: *value* designates no rare earth element.
        InvalidInputError: *scheme* is not a known scheme.

    >>> element_group("Pm", "chinese_two_group"), element_group(39, "usgs")
    ('light', 'heavy')
    """
    if isinstance(scheme, ElementGroupScheme):
        resolved = scheme
    else:
        found = SCHEMES.get(_key(scheme)) if isinstance(scheme, str) else None
        if found is None:
            raise InvalidInputError(
                field="scheme",
                value=scheme,
                accepted=one_of(", ".join(repr(name) for name in SCHEMES)),
            )
        resolved = found
    return resolved.group_of(value)


def element_mass_to_reo(
    quantity: object, element_designator: Element | str | int
) -> pint.Quantity[Any]:
    """Convert a mass of an element to its REO equivalent through the oxide factor.

    The result is exact to the gram (rounded half to even). Promethium has no
    standard atomic weight and no oxide factor (policy P9): it is refused.

    >>> element_mass_to_reo("1 t", "Nd")
    <Quantity(1.166377, 't_REO')>
    """
    mass = parse_tonnage(quantity, basis=MassBasis.GROSS)
    return element_tonnage_to_reo(mass, element_designator).quantity


def element_tonnage_to_reo(mass: Tonnage, element_designator: Element | str | int) -> Tonnage:
    """:func:`element_mass_to_reo` on a :class:`~rare_earth_regs.units.Tonnage`."""
    found = element(element_designator)
    factor = found.oxide_factor
    if factor is None:
        raise InvalidQuantityError(
            reason=NO_OXIDE_FACTOR(symbol=found.symbol),
            field="element",
            value=found.symbol,
            accepted="an element with a standard atomic weight (any but Pm)",
        )
    return factor_tonnage_to_reo(mass, factor)
