"""Exact, unit-aware tonnage: the library's one pint registry and the REO dimension.

Quota indicators are set in tonnes of rare earth oxide equivalent (t REO). This
module gives REO a base dimension of its own, ``[reo_mass]``, so a physical tonne of
concentrate can never be added to, or compared with, a tonne of REO by accident:

>>> Q_("1 t") + Q_("1 t_REO")
Traceback (most recent call last):
...
pint.errors.DimensionalityError: Cannot convert from 'metric_ton' ([mass]) to 't_REO' ([reo_mass])

Conversion from physical mass to REO goes through an element's oxide factor
(:func:`rare_earth_regs.model.elements.element_mass_to_reo`, beside the elements: this
module imports nothing from the model) or a stated REO fraction
(:func:`product_mass_to_reo`).

**Exactness.** Inside the library every tonnage is a :class:`Tonnage`: a whole
number of grams and a basis (gross mass or REO). Sums and comparisons are integer
arithmetic; no binary float is stored or compared. At the API boundary tonnages go
in and out as pint Quantities whose magnitudes are :class:`~decimal.Decimal` (the
registry is built with ``non_int_type=Decimal``), so ``Q_("0.1 t") + Q_("0.2 t") ==
Q_("0.3 t")`` holds exactly.

**Rounding rule.** A tonnage is held to the gram. An input finer than one gram, and
the result of applying an oxide factor or an REO fraction, is rounded to the nearest
gram, halves to even (``ROUND_HALF_EVEN``). A Python ``float`` is read through its
shortest ``repr`` (``0.1`` is read as exactly ``0.1``).

**The registry** is created on first use, not at import (building it costs tens of
milliseconds), and creation is thread-safe. :func:`get_registry` returns it;
:func:`Q_` builds a Quantity with it.

**Units: an allowlist.** Text names one of the :data:`UNITS`: ``t``, ``tonne``,
``tonnes``, ``metric_ton``, ``kg``, ``g`` (and pint's ``kilogram``, ``gram``, so the
text of a Quantity reads back), or 吨, 千克, 公斤, 克. The same list serves gross and
REO masses: an REO mass adds ``REO`` (``"12.5 t REO"``, ``"12.5 t_REO"``,
``"3 吨 REO"``). Every other unit is refused with a message that names it; ``mt``,
``MT``, ``Mt`` and ``ton(s)`` are refused as ambiguous (:data:`AMBIGUOUS_UNITS`,
policy P18): trade writes them for the metric tonne, pint reads millitonnes, megatonnes
and US short tons.

**One grammar** for text, wherever it comes from (the loaders, the JSON schema, the
command line, the constructors): ASCII spaces, an optional ``+``, ASCII digits with an
optional decimal point and exponent (``1.5``, ``.5``, ``2e3``), ASCII spaces, a unit.
No minus sign (not even ``-0``), no ``_`` separators, no other digits, no control
characters, no compound units (``1 t^2/t``, ``12 percent t``).

A pint Quantity of this library's registry must be in ``t``, ``kg``, ``g`` or their
REO forms. A Quantity of another registry is converted by that registry's own
definitions, never re-read by unit name: it must be a mass in ``t``, ``kg`` or ``g``
(convert it first with ``.to("kg")``). Quantities of this registry pickle and unpickle
into this registry, also in a fresh process.
"""

from __future__ import annotations

import enum
import re
import threading
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from rare_earth_regs.exceptions import InvalidQuantityError, short_repr
from rare_earth_regs.locale import N_, Message, define, phrase

if TYPE_CHECKING:
    import pint

GRAMS_ACCEPTED = define("accepted.grams", "a whole number of grams from 0 to {maximum}")
BASIS_TONNAGE = define("accepted.basis-tonnage", "a {basis} tonnage")
AT_MOST = define("accepted.tonnage-at-most", "a tonnage of at most {tonnes} t")
CANNOT_COMBINE = define(
    "error.cannot-combine-bases",
    "cannot combine a {basis} tonnage with a {other} tonnage; convert through an oxide factor "
    "or REO fraction first",
)
NEGATIVE_DIFFERENCE = define(
    "error.negative-difference",
    "{minuend} - {subtrahend} is negative; a tonnage cannot be negative",
)
UNIT_REFUSED = define("error.unit-refused", "got {value}; {problem}")
AMBIGUOUS_UNIT = define(
    "error.ambiguous-unit",
    "the unit {unit} is ambiguous ({why}): write 't' for the metric tonne (吨)",
)
NO_UNIT = define("error.no-unit", "no unit: write 't' or 'kg' after the number")
UNIT_NOT_ACCEPTED = define(
    "error.unit-not-accepted",
    "the unit {unit} is not accepted: write 't' or 'kg' (accepted: {units}; add ' REO' for an "
    "REO mass)",
)

__all__ = [
    "AMBIGUOUS_UNITS",
    "GRAMS_PER_TONNE",
    "MAX_GRAMS",
    "MAX_TOTAL_GRAMS",
    "Q_",
    "UNITS",
    "MassBasis",
    "Tonnage",
    "factor_tonnage_to_reo",
    "get_registry",
    "parse_reo_fraction",
    "parse_tonnage",
    "product_mass_to_reo",
    "product_tonnage_to_reo",
    "read_unit",
]

GRAMS_PER_TONNE = 1_000_000
#: The largest tonnage read from input: a trillion tonnes, far above any quota, so
#: that a corrupt figure cannot make an unbounded integer.
MAX_GRAMS = 10**18
#: The largest tonnage a sum may reach (a trillion inputs at the maximum): totals of
#: valid input never fail, and a Tonnage always prints.
MAX_TOTAL_GRAMS = 10**30
# Products of a Decimal with a factor are computed at this precision, which covers
# every accepted input (at most 40 significant digits) times a factor, so no digit
# is lost before the one documented rounding to the gram.
_EXACT = Context(prec=120)
_MAX_DIGITS = 40
# A magnitude's decimal exponent beyond which no pint mass unit (from the electron mass,
# about 1e-27 g, to the solar mass, about 2e33 g) can bring it within range: larger is
# above MAX_GRAMS, smaller rounds to 0 g. Checked first, so "1e999999999 t" never reaches
# the arithmetic, whose context would overflow.
_MAX_EXPONENT = 100

_REO_DEFINITIONS = (
    "g_REO = [reo_mass] = gREO",
    "kg_REO = 1000 * g_REO = kgREO",
    "t_REO = 1000000 * g_REO = tREO = tonne_REO",
)

_registry: pint.UnitRegistry[Any] | None = None
_registry_lock = threading.Lock()


def get_registry() -> pint.UnitRegistry[Any]:
    """Return the library's pint registry, creating it on first use (thread-safe).

    The registry uses :class:`~decimal.Decimal` for non-integer magnitudes and
    defines the ``[reo_mass]`` dimension with ``g_REO``, ``kg_REO`` and ``t_REO``.

    >>> get_registry() is get_registry()
    True
    """
    global _registry  # noqa: PLW0603 - the one registry, created once
    registry = _registry
    if registry is not None:
        return registry
    with _registry_lock:
        if _registry is None:
            import pint  # noqa: PLC0415 - pint loads only when first needed

            new_registry: pint.UnitRegistry[Any] = pint.UnitRegistry(
                non_int_type=Decimal, cache_folder=None
            )
            for definition in _REO_DEFINITIONS:
                new_registry.define(definition)
            # pint unpickles a Quantity in its *application* registry, which lacks t_REO:
            # this registry's quantities and units unpickle into this registry instead
            new_registry.Quantity.__reduce__ = _reduce_quantity  # type: ignore[method-assign,assignment]
            new_registry.Unit.__reduce__ = _reduce_unit  # type: ignore[method-assign,assignment]
            _registry = new_registry
        return _registry


def _reduce_quantity(quantity: pint.Quantity[Any]) -> tuple[Any, ...]:
    return (_unpickle_quantity, (quantity.magnitude, quantity._units))


def _reduce_unit(unit: pint.Unit) -> tuple[Any, ...]:
    return (_unpickle_unit, (unit._units,))


def _unpickle_quantity(magnitude: Any, units: Any) -> pint.Quantity[Any]:
    return get_registry().Quantity(magnitude, units)


def _unpickle_unit(units: Any) -> pint.Unit:
    return get_registry().Unit(units)


def Q_(value: Any, units: str | None = None) -> pint.Quantity[Any]:  # noqa: N802 - pint's own name
    """Build a Quantity with the library's registry, in one of the accepted :data:`UNITS`.

    ``value`` is text such as ``"12.5 t REO"``, or a magnitude (int, Decimal, float read
    through its ``repr``, or number text) with ``units`` such as ``"t"`` or ``"kg REO"``.
    The magnitude is kept as written (a Decimal); an unknown or ambiguous unit, or a
    magnitude that is negative, not finite or not a number, raises
    :class:`~rare_earth_regs.exceptions.InvalidQuantityError`.

    >>> Q_("12.5 t REO")
    <Quantity(12.5, 't_REO')>
    >>> Q_("0.1 t") + Q_("0.2 t") == Q_("0.3 t")
    True
    >>> Q_(3, "公斤")
    <Quantity(3, 'kilogram')>
    """
    if units is None:
        if not isinstance(value, str):
            raise InvalidQuantityError(
                field="quantity", value=value, accepted="text such as '12.5 t', or a unit"
            )
        magnitude, power, basis = _read_text(value, "quantity")
    else:
        if not isinstance(units, str):
            raise InvalidQuantityError(field="units", value=units, accepted=_UNITS_ACCEPTED)
        power, basis = read_unit(units.strip(" "), field="units", original=units)
        magnitude = _q_magnitude(value)
    if not magnitude.is_finite() or magnitude.is_signed():
        raise InvalidQuantityError(field="quantity", value=value, accepted=_ACCEPTED)
    unit = _PINT_UNIT[power] + ("_REO" if basis is MassBasis.REO else "")
    return get_registry().Quantity(magnitude, unit)


def _q_magnitude(value: object) -> Decimal:
    if isinstance(value, str):
        if _MAGNITUDE.fullmatch(value) is None:
            raise InvalidQuantityError(
                field="magnitude", value=value, accepted="a decimal number such as '12.5'"
            )
        return _read_number(value, "magnitude", value)
    if isinstance(value, Decimal | int | float | Fraction) and not isinstance(value, bool):
        return _to_decimal(value, "magnitude", value)
    raise InvalidQuantityError(
        field="magnitude", value=value, accepted="a number (int, Decimal, float) or number text"
    )


class MassBasis(enum.Enum):
    """What a tonnage measures: the gross mass of a product, or its REO equivalent.

    Where a basis is asked for, the text ``"gross"`` or ``"REO"`` (any case) will do:

    >>> MassBasis.parse("reo")
    <MassBasis.REO: 'REO'>
    """

    __hash__ = object.__hash__  # singletons: hashed by identity, with no Python call

    GROSS = "gross"
    REO = "REO"

    @classmethod
    def parse(cls, value: object, *, field: str = "basis") -> MassBasis:
        """A MassBasis from itself or from its text (``"gross"``, ``"REO"``, any case)."""
        if isinstance(value, MassBasis):
            return value
        if isinstance(value, str):
            found = _BASIS_BY_TEXT.get(value.strip().lower())
            if found is not None:
                return found
        raise InvalidQuantityError(
            field=field, value=value, accepted="a MassBasis, 'gross' or 'REO'"
        )


# Enum members as module constants: read once per line, and a class-attribute lookup on
# an Enum is slow on Python 3.11.
_GROSS = MassBasis.GROSS
_REO = MassBasis.REO
_BASIS_BY_TEXT = {basis.value.lower(): basis for basis in MassBasis}


@attrs.frozen(order=False)
class Tonnage:
    """An exact tonnage: whole grams on a basis (gross mass or REO).

    Tonnages of one basis add, subtract and compare exactly; mixing bases raises
    :class:`~rare_earth_regs.exceptions.InvalidQuantityError`. The basis may be given as
    text (``Tonnage(5, "REO")``, ``Tonnage.zero("REO")``), and ``sum()`` works (an
    empty sum is the int ``0``; give a start, ``sum(tonnages, Tonnage.zero("REO"))``,
    to get a Tonnage whatever the length).

    >>> a = Tonnage.parse("12.5 t REO")
    >>> a.grams, a.basis
    (12500000, <MassBasis.REO: 'REO'>)
    >>> str(a + Tonnage.parse("500 kg_REO"))
    '13 t REO'
    >>> a.quantity
    <Quantity(12.5, 't_REO')>
    >>> str(sum([a, Tonnage.parse("1 kg REO")]))
    '12.501 t REO'
    """

    grams: int
    basis: MassBasis = MassBasis.GROSS  # or its text: the constructor reads it

    def __attrs_post_init__(self) -> None:
        if type(self.grams) is not int or not 0 <= self.grams <= MAX_TOTAL_GRAMS:
            raise InvalidQuantityError(
                field="grams",
                value=self.grams,
                accepted=GRAMS_ACCEPTED(maximum=MAX_TOTAL_GRAMS),
            )
        if not isinstance(self.basis, MassBasis):
            object.__setattr__(self, "basis", MassBasis.parse(self.basis))

    @classmethod
    def parse(
        cls, value: object, *, field: str = "quantity", basis: MassBasis | None = None
    ) -> Tonnage:
        """Read a tonnage from a Quantity, a string or a Tonnage (see :func:`parse_tonnage`)."""
        return parse_tonnage(value, field=field, basis=basis)

    @classmethod
    def zero(cls, basis: MassBasis | str = MassBasis.GROSS) -> Tonnage:
        """The zero tonnage of a basis (a MassBasis, ``"gross"`` or ``"REO"``)."""
        return cls(0, MassBasis.parse(basis))

    @property
    def is_reo(self) -> bool:
        """True when this tonnage is an REO equivalent."""
        return self.basis is _REO

    @property
    def tonnes(self) -> Decimal:
        """The exact tonnage in tonnes, as a Decimal with no trailing zeros."""
        return _grams_to_tonnes(self.grams)

    @property
    def quantity(self) -> pint.Quantity[Any]:
        """The tonnage as a pint Quantity in ``t`` or ``t_REO`` (Decimal magnitude)."""
        unit = "t_REO" if self.basis is MassBasis.REO else "t"
        return get_registry().Quantity(self.tonnes, unit)

    def __str__(self) -> str:
        unit = "t REO" if self.basis is MassBasis.REO else "t"
        return f"{_plain(self.tonnes)} {unit}"

    def _check_basis(self, other: object) -> Tonnage:
        if not isinstance(other, Tonnage):
            raise InvalidQuantityError(field="other", value=other, accepted="a Tonnage")
        if other.basis is not self.basis:
            raise InvalidQuantityError(
                CANNOT_COMBINE(basis=self.basis.value, other=other.basis.value),
                field="basis",
                value=other.basis,
                accepted=BASIS_TONNAGE(basis=self.basis.value),
            )
        return other

    def __add__(self, other: Tonnage) -> Tonnage:
        return Tonnage(self.grams + self._check_basis(other).grams, self.basis)

    def __radd__(self, other: object) -> Tonnage:
        # sum() starts from the int 0; Tonnage + Tonnage never gets here (__add__ does it)
        if type(other) is int and other == 0:
            return self
        raise InvalidQuantityError(field="other", value=other, accepted="a Tonnage")

    def __sub__(self, other: Tonnage) -> Tonnage:
        grams = self.grams - self._check_basis(other).grams
        if grams < 0:
            raise InvalidQuantityError(
                NEGATIVE_DIFFERENCE(minuend=self, subtrahend=other),
                field="quantity",
                value=grams,
                accepted="a non-negative result",
            )
        return Tonnage(grams, self.basis)

    def __lt__(self, other: Tonnage) -> bool:
        return self.grams < self._check_basis(other).grams

    def __le__(self, other: Tonnage) -> bool:
        return self.grams <= self._check_basis(other).grams

    def __gt__(self, other: Tonnage) -> bool:
        return self.grams > self._check_basis(other).grams

    def __ge__(self, other: Tonnage) -> bool:
        return self.grams >= self._check_basis(other).grams


_new_tonnage = object.__new__
_set_grams, _set_basis = (vars(Tonnage)[field.name].__set__ for field in attrs.fields(Tonnage))


def _checked_tonnage(grams: int, basis: MassBasis) -> Tonnage:
    """A Tonnage of ``grams`` the caller has already checked: an int from 0 to the limit.

    The per-line paths (parsing, REO conversion) build one for every line; this skips
    the constructor's checks, which those callers have just made.
    """
    tonnage = _new_tonnage(Tonnage)
    _set_grams(tonnage, grams)
    _set_basis(tonnage, basis)
    return tonnage


def tonnage_of_total(grams: int, basis: MassBasis) -> Tonnage:
    """The Tonnage of a total of tonnages' grams (an int, never negative).

    The rules' totals (a product's inflows in a report, say) are built with it: only
    the upper limit is checked, which is all a sum of valid tonnages can exceed.
    """
    if grams <= MAX_TOTAL_GRAMS:
        return _checked_tonnage(grams, basis)
    return Tonnage(grams, basis)  # raises: beyond what a Tonnage holds


def parse_tonnage(
    value: object, *, field: str = "quantity", basis: MassBasis | str | None = None
) -> Tonnage:
    """Read a tonnage from a pint Quantity, a string such as ``"12.5 t REO"``, or a Tonnage.

    ``basis`` (a MassBasis, ``"gross"`` or ``"REO"``) requires the result to be a gross
    mass or an REO mass; ``None`` accepts either. A bare number has no unit and is
    refused, and so is a unit outside :data:`UNITS`.

    >>> parse_tonnage("1.5 kg").grams
    1500
    >>> parse_tonnage("3 吨 REO")
    Tonnage(grams=3000000, basis=<MassBasis.REO: 'REO'>)
    >>> parse_tonnage("16 mt")
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.InvalidQuantityError: quantity: got '16 mt'; the unit 'mt' \
is ambiguous (in trade the metric tonne, in SI the millitonne): write 't' for the metric tonne (吨)
    >>> parse_tonnage("-1 t")
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.InvalidQuantityError: quantity: got '-1 t'; expected a \
non-negative, finite mass such as '12.5 t' or '3 t REO'
    """
    if isinstance(value, Tonnage):
        result = value
    elif isinstance(value, str):
        result = _parse_text(value, field)
    else:
        result = _from_quantity(value, field)
    if basis is not None and result.basis is not basis:
        basis = MassBasis.parse(basis)
        if result.basis is not basis:
            wanted = N_("an REO mass such as '3 t REO'") if basis is _REO else "a gross mass"
            # a Tonnage read earlier (by a loader, say) is shown as text: '400 t'
            shown = str(value) if isinstance(value, Tonnage) else value
            raise InvalidQuantityError(field=field, value=shown, accepted=wanted)
    return result


_ACCEPTED = N_("a non-negative, finite mass such as '12.5 t' or '3 t REO'")
#: The mass units accepted in text, with the power of ten of grams per unit. Gross and
#: REO masses use the same list; an REO mass adds ``REO`` (``"3 t REO"``, ``"3 t_REO"``).
UNITS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "t": 6,
        "tonne": 6,
        "tonnes": 6,
        "metric_ton": 6,
        "kg": 3,
        "kilogram": 3,
        "g": 0,
        "gram": 0,
        "吨": 6,
        "千克": 3,
        "公斤": 3,
        "克": 0,
    }
)
#: Units that trade writes for the metric tonne but pint (and SI) read otherwise.
AMBIGUOUS_UNITS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "mt": N_("in trade the metric tonne, in SI the millitonne"),
        "MT": N_("in trade the metric tonne, in SI the megatesla"),
        "Mt": N_("in trade the metric tonne, in SI the megatonne"),
        "ton": N_("the US short ton, the long ton or the metric tonne"),
        "tons": N_("the US short ton, the long ton or the metric tonne"),
    }
)
_UNIT_LIST = phrase(N_("t, tonne(s), metric_ton, kg, g, 吨, 千克, 公斤 or 克"))
_UNITS_ACCEPTED = define(
    "accepted.units", "a mass in {units}, with ' REO' for an REO mass, such as '12.5 t'"
)(units=_UNIT_LIST)
# pint's name of the unit each accepted spelling stands for (what Q_ builds)
_PINT_UNIT = {6: "t", 3: "kg", 0: "g"}
# ASCII digits only, no sign but '+', no '_' separators: the one grammar of a magnitude
_NUMBER = r"\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_MAGNITUDE = re.compile(_NUMBER)
# the number, ASCII spaces, and the rest of the text (the unit, checked against UNITS)
_TEXT = re.compile(rf" *({_NUMBER}) *(.*?) *", re.DOTALL)
_REO_SUFFIXES = ("_REO", " REO", "REO")
# The canonical form "<digits>[.<digits>] <unit>" in an accepted unit, read exactly in
# integers: at most 13 whole and 6 fractional digits.
_CANONICAL_UNITS: dict[str, tuple[int, MassBasis]] = {
    **{unit: (power, MassBasis.GROSS) for unit, power in UNITS.items()},
    **{f"{unit} REO": (power, MassBasis.REO) for unit, power in UNITS.items()},
    **{f"{unit}_REO": (power, MassBasis.REO) for unit, power in UNITS.items()},
}
_CANONICAL = re.compile(
    r"([0-9]{1,13})(?:\.([0-9]{1,6}))? ("
    + "|".join(re.escape(unit) for unit in sorted(_CANONICAL_UNITS, key=len, reverse=True))
    + ")"
)
# pint's canonical unit names of a Quantity that are accepted, with grams per unit
_QUANTITY_UNITS: dict[str, tuple[int, MassBasis]] = {
    "metric_ton": (6, MassBasis.GROSS),
    "kilogram": (3, MassBasis.GROSS),
    "gram": (0, MassBasis.GROSS),
    "t_REO": (6, MassBasis.REO),
    "kg_REO": (3, MassBasis.REO),
    "g_REO": (0, MassBasis.REO),
}


def _unit_error(field: str, original: object, unit: str) -> InvalidQuantityError:
    """The refusal of a unit outside :data:`UNITS`: names it and says what to write."""
    base = unit.removesuffix("REO").removesuffix("_").rstrip(" ")
    why = AMBIGUOUS_UNITS.get(base)
    problem: Message
    if why is not None:
        problem = AMBIGUOUS_UNIT(unit=repr(base), why=phrase(why))
    elif not unit:
        problem = NO_UNIT()
    else:
        problem = UNIT_NOT_ACCEPTED(unit=short_repr(unit, 40), units=_UNIT_LIST)
    return InvalidQuantityError(
        reason=UNIT_REFUSED(value=short_repr(original), problem=problem),
        field=field,
        value=original,
        accepted=_UNITS_ACCEPTED,
    )


def read_unit(text: str, *, field: str = "unit", original: object = None) -> tuple[int, MassBasis]:
    """The power of ten of grams per unit and the basis of an accepted unit spelling.

    >>> read_unit("kg REO")
    (3, <MassBasis.REO: 'REO'>)
    >>> read_unit("mt")
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.InvalidQuantityError: unit: got 'mt'; the unit 'mt' is \
ambiguous (in trade the metric tonne, in SI the millitonne): write 't' for the metric tonne (吨)
    """
    power = UNITS.get(text)
    if power is not None:
        return power, MassBasis.GROSS
    for suffix in _REO_SUFFIXES:
        if text.endswith(suffix):
            power = UNITS.get(text[: -len(suffix)])
            if power is not None:
                return power, MassBasis.REO
    raise _unit_error(field, text if original is None else original, text)


def _read_text(text: str, field: str) -> tuple[Decimal, int, MassBasis]:
    """A text's magnitude as written, its unit's power of ten of grams, and its basis."""
    match = _TEXT.fullmatch(text)
    if match is None:
        raise InvalidQuantityError(field=field, value=text, accepted=_ACCEPTED)
    number_text, unit_text = match.groups()
    power, basis = read_unit(unit_text, field=field, original=text)
    return _read_number(number_text, field, text), power, basis


def _read_number(number_text: str, field: str, original: object) -> Decimal:
    try:
        return Decimal(number_text)
    except InvalidOperation:  # an exponent beyond what Decimal holds
        raise InvalidQuantityError(field=field, value=original, accepted=_ACCEPTED) from None


def _parse_text(text: str, field: str) -> Tonnage:
    canonical = _CANONICAL.fullmatch(text)
    if canonical is not None:
        whole, fraction, unit = canonical.groups("")
        power, basis = _CANONICAL_UNITS[unit]
        if len(fraction) <= power:  # finer than a gram: rounded on the general path below
            grams = int(whole + fraction) * 10 ** (power - len(fraction))
            if grams <= MAX_GRAMS:
                return _checked_tonnage(grams, basis)
    magnitude, power, basis = _read_text(text, field)
    return _scale(magnitude, power, basis, field, text)


def _from_quantity(value: object, field: str) -> Tonnage:
    """A pint Quantity's tonnage, through its own registry's definitions.

    A Quantity of the library's registry must be in an accepted unit. A Quantity of
    another registry is converted by that registry (never re-read by unit name here):
    it must be a mass in ``t``, ``kg`` or ``g``; an REO mass exists only in this
    library's registry.
    """
    registry = getattr(value, "_REGISTRY", None)
    units = getattr(value, "units", None)
    if registry is None or units is None or isinstance(value, type):
        raise InvalidQuantityError(field=field, value=value, accepted=_ACCEPTED)
    unit_name = str(units)
    known = _QUANTITY_UNITS.get(unit_name)
    magnitude = _to_decimal(getattr(value, "magnitude", None), field, value)
    if known is None or (registry is not _registry and known[1] is _REO):
        raise _unit_error(field, value, unit_name)
    power, basis = known
    if registry is _registry:
        return _scale(magnitude, power, basis, field, value)
    # another registry: its own factor from this unit to its gram, read exactly
    try:
        is_mass = dict(units.dimensionality) == {"[mass]": 1}
        grams_per_unit = registry.Quantity(1, units).to("gram").magnitude if is_mass else None
    except Exception:  # a registry of the caller's own definitions may fail in any way
        grams_per_unit = None
    if grams_per_unit is None:
        raise _unit_error(field, value, unit_name)
    factor = _to_decimal(grams_per_unit, field, value)
    return _scale(_EXACT.multiply(magnitude, factor), 0, basis, field, value)


def _scale(
    magnitude: Decimal, power: int, basis: MassBasis, field: str, original: object
) -> Tonnage:
    if not magnitude.is_finite() or len(magnitude.as_tuple().digits) > _MAX_DIGITS:
        raise InvalidQuantityError(field=field, value=original, accepted=_ACCEPTED)
    if magnitude.adjusted() > _MAX_EXPONENT:
        raise InvalidQuantityError(
            field=field, value=original, accepted=AT_MOST(tonnes=MAX_GRAMS // 10**6)
        )
    if magnitude.adjusted() < -_MAX_EXPONENT:
        magnitude = Decimal(0)
    return _make(magnitude.scaleb(power, _EXACT), basis, field, original)


def _to_decimal(magnitude: object, field: str, original: object) -> Decimal:
    if magnitude is None or isinstance(magnitude, bool):
        raise InvalidQuantityError(field=field, value=original, accepted=_ACCEPTED)
    if isinstance(magnitude, Decimal | int):
        return Decimal(magnitude)
    if isinstance(magnitude, float):
        return Decimal(repr(magnitude))
    if isinstance(magnitude, Fraction):
        return Decimal(magnitude.numerator) / Decimal(magnitude.denominator)
    # numpy scalars and other number-likes: read through their text form
    try:
        return Decimal(str(magnitude))
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidQuantityError(field=field, value=original, accepted=_ACCEPTED) from None


def _make(grams: Decimal, basis: MassBasis, field: str, original: object) -> Tonnage:
    if grams < 0:
        raise InvalidQuantityError(field=field, value=original, accepted=_ACCEPTED)
    if grams > MAX_GRAMS:
        raise InvalidQuantityError(
            field=field, value=original, accepted=AT_MOST(tonnes=MAX_GRAMS // 10**6)
        )
    return Tonnage(_round_grams(grams), basis)


def _grams_to_tonnes(grams: int) -> Decimal:
    whole, rest = divmod(grams, GRAMS_PER_TONNE)
    if rest == 0:
        return Decimal(whole)  # no exponent form: 254000, not 2.54E+5
    return Decimal(grams).scaleb(-6, _EXACT).normalize(_EXACT)  # whatever the caller's context


def _plain(value: Decimal) -> str:
    """Format a Decimal without exponent: ``1.25E+7`` becomes ``12500000``."""
    return f"{value:f}"


def _round_grams(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_EVEN, context=_EXACT))


def factor_tonnage_to_reo(mass: Tonnage, factor: Decimal) -> Tonnage:
    """The REO tonnage of a gross mass times a positive factor (an element's oxide factor).

    Exact to the gram, rounded half to even; the conversion through an element lives
    beside the elements (:func:`rare_earth_regs.model.elements.element_mass_to_reo`).

    >>> str(factor_tonnage_to_reo(Tonnage.parse("1 t"), Decimal("1.1663774073")))
    '1.166377 t REO'
    """
    if mass.basis is not _GROSS:
        raise InvalidQuantityError(field="quantity", value=str(mass), accepted="a gross mass")
    if not factor.is_finite() or factor <= 0:
        raise InvalidQuantityError(field="factor", value=factor, accepted="a positive factor")
    return Tonnage(_round_grams(_EXACT.multiply(Decimal(mass.grams), factor)), _REO)


def product_mass_to_reo(quantity: object, reo_fraction: Decimal | str | int) -> pint.Quantity[Any]:
    """Convert a product's gross mass to REO through a stated REO fraction (0 < f ≤ 1).

    >>> product_mass_to_reo("10 t", "0.45")
    <Quantity(4.5, 't_REO')>
    """
    fraction = parse_reo_fraction(reo_fraction)
    mass = parse_tonnage(quantity, basis=MassBasis.GROSS)
    return product_tonnage_to_reo(mass, fraction).quantity


def product_tonnage_to_reo(mass: Tonnage, reo_fraction: Decimal) -> Tonnage:
    """:func:`product_mass_to_reo` on a :class:`Tonnage` and a checked fraction."""
    if mass.basis is not _GROSS:
        raise InvalidQuantityError(field="quantity", value=str(mass), accepted="a gross mass")
    if reo_fraction == 1:  # oxides: the common case needs no arithmetic
        return _checked_tonnage(mass.grams, _REO)
    if not 0 < reo_fraction < 1:
        raise InvalidQuantityError(
            field="reo_fraction", value=reo_fraction, accepted="a fraction f with 0 < f <= 1"
        )
    # 0 < f < 1: the rounded product lies between 0 and the gross grams, so it is in range
    grams = _round_grams(_EXACT.multiply(Decimal(mass.grams), reo_fraction))
    return _checked_tonnage(grams, _REO)


def parse_reo_fraction(value: object, *, field: str = "reo_fraction") -> Decimal:
    """Read an REO mass fraction: ``Decimal``, int, or text such as ``"0.45"`` or ``"45%"``.

    >>> parse_reo_fraction("45%")
    Decimal('0.45')
    """
    accepted = N_("an REO fraction f with 0 < f <= 1, e.g. '0.45' or '45%'")
    fraction: Decimal
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        if isinstance(value, Decimal | int):
            fraction = Decimal(value)
        elif isinstance(value, float):
            fraction = Decimal(repr(value))
        elif isinstance(value, str):
            text = value.strip()
            percent = text.endswith("%")
            fraction = Decimal(text.removesuffix("%").strip()) / (100 if percent else 1)
        else:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise InvalidQuantityError(field=field, value=value, accepted=accepted) from None
    if not fraction.is_finite() or not (0 < fraction <= 1):
        raise InvalidQuantityError(field=field, value=value, accepted=accepted)
    return fraction
