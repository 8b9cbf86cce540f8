"""Exact, unit-aware tonnage: the library's one pint registry and the REO dimension.

Quota indicators are set in tonnes of rare earth oxide equivalent (t REO). This
module gives REO a base dimension of its own, ``[reo_mass]``, so a physical tonne of
concentrate can never be added to, or compared with, a tonne of REO by accident:

>>> Q_("1 t") + Q_("1 t_REO")
Traceback (most recent call last):
...
pint.errors.DimensionalityError: Cannot convert from 'metric_ton' ([mass]) to 't_REO' ([reo_mass])

Conversion from physical mass to REO goes through an element's oxide factor
(:func:`element_mass_to_reo`) or a stated REO fraction (:func:`product_mass_to_reo`).

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

Units: every mass unit of pint's default definitions (``t``, ``kg``, ``g``, ``lb`` …)
and ``g_REO``, ``kg_REO``, ``t_REO`` of dimension ``[reo_mass]``. Strings may write
``"12.5 t REO"`` for ``"12.5 t_REO"``. The bare word ``ton`` is refused: pint reads it
as the US short ton, while 吨 in Chinese sources is the metric tonne (write ``t``).
"""

from __future__ import annotations

import enum
import functools
import re
import threading
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from rare_earth_regs.exceptions import InvalidQuantityError

if TYPE_CHECKING:
    import pint

    from rare_earth_regs.model.elements import Element

__all__ = [
    "GRAMS_PER_TONNE",
    "MAX_GRAMS",
    "MAX_TOTAL_GRAMS",
    "Q_",
    "MassBasis",
    "Tonnage",
    "element_mass_to_reo",
    "element_tonnage_to_reo",
    "get_registry",
    "parse_reo_fraction",
    "parse_tonnage",
    "product_mass_to_reo",
    "product_tonnage_to_reo",
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
            _registry = new_registry
        return _registry


def Q_(value: Any, units: str | None = None) -> pint.Quantity[Any]:  # noqa: N802 - pint's own name
    """Build a Quantity with the library's registry (``Q_("12.5 t REO")`` works too).

    >>> Q_("12.5 t REO")
    <Quantity(12.5, 't_REO')>
    >>> Q_("0.1 t") + Q_("0.2 t") == Q_("0.3 t")
    True
    """
    registry = get_registry()
    if units is None and isinstance(value, str):
        return registry.Quantity(_normalize_unit_text(value))
    if isinstance(value, float):
        value = Decimal(repr(value))
    return registry.Quantity(value, None if units is None else _normalize_unit_text(units))


class MassBasis(enum.Enum):
    """What a tonnage measures: the gross mass of a product, or its REO equivalent."""

    GROSS = "gross"
    REO = "REO"


# Enum members as module constants: read once per line, and a class-attribute lookup on
# an Enum is slow on Python 3.11.
_GROSS = MassBasis.GROSS
_REO = MassBasis.REO


@attrs.frozen(order=False)
class Tonnage:
    """An exact tonnage: whole grams on a basis (gross mass or REO).

    Tonnages of one basis add, subtract and compare exactly; mixing bases raises
    :class:`~rare_earth_regs.exceptions.InvalidQuantityError`.

    >>> a = Tonnage.parse("12.5 t REO")
    >>> a.grams, a.basis
    (12500000, <MassBasis.REO: 'REO'>)
    >>> str(a + Tonnage.parse("500 kg_REO"))
    '13 t REO'
    >>> a.quantity
    <Quantity(12.5, 't_REO')>
    """

    grams: int
    basis: MassBasis = MassBasis.GROSS

    def __attrs_post_init__(self) -> None:
        if type(self.grams) is not int or not 0 <= self.grams <= MAX_TOTAL_GRAMS:
            raise InvalidQuantityError(
                field="grams",
                value=self.grams,
                accepted=f"a whole number of grams from 0 to {MAX_TOTAL_GRAMS}",
            )
        if not isinstance(self.basis, MassBasis):
            raise InvalidQuantityError(field="basis", value=self.basis, accepted="a MassBasis")

    @classmethod
    def parse(
        cls, value: object, *, field: str = "quantity", basis: MassBasis | None = None
    ) -> Tonnage:
        """Read a tonnage from a Quantity, a string or a Tonnage (see :func:`parse_tonnage`)."""
        return parse_tonnage(value, field=field, basis=basis)

    @classmethod
    def zero(cls, basis: MassBasis = MassBasis.GROSS) -> Tonnage:
        """The zero tonnage of a basis."""
        return cls(0, basis)

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
                f"cannot combine a {self.basis.value} tonnage with a {other.basis.value} "
                "tonnage; convert through an oxide factor or REO fraction first",
                field="basis",
                value=other.basis,
                accepted=f"a {self.basis.value} tonnage",
            )
        return other

    def __add__(self, other: Tonnage) -> Tonnage:
        return Tonnage(self.grams + self._check_basis(other).grams, self.basis)

    def __sub__(self, other: Tonnage) -> Tonnage:
        grams = self.grams - self._check_basis(other).grams
        if grams < 0:
            raise InvalidQuantityError(
                f"{self} - {other} is negative; a tonnage cannot be negative",
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


def parse_tonnage(
    value: object, *, field: str = "quantity", basis: MassBasis | None = None
) -> Tonnage:
    """Read a tonnage from a pint Quantity, a string such as ``"12.5 t REO"``, or a Tonnage.

    ``basis`` requires the result to be a gross mass or an REO mass; ``None``
    accepts either. A bare number has no unit and is refused. Quantities of any pint
    registry are accepted if their unit is a mass (or REO mass) unit.

    >>> parse_tonnage("1.5 kg").grams
    1500
    >>> parse_tonnage("2 lb").grams  # 907.18474 g, rounded to the gram
    907
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
        wanted = "an REO mass such as '3 t REO'" if basis is MassBasis.REO else "a gross mass"
        raise InvalidQuantityError(field=field, value=value, accepted=wanted)
    return result


_ACCEPTED = "a non-negative, finite mass such as '12.5 t' or '3 t REO'"
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
# unit -> (power of ten of grams per unit, basis): the common units skip pint entirely
_FAST_UNITS: dict[str, tuple[int, MassBasis]] = {
    "t": (6, MassBasis.GROSS),
    "tonne": (6, MassBasis.GROSS),
    "tonnes": (6, MassBasis.GROSS),
    "metric_ton": (6, MassBasis.GROSS),
    "kg": (3, MassBasis.GROSS),
    "kilogram": (3, MassBasis.GROSS),
    "g": (0, MassBasis.GROSS),
    "gram": (0, MassBasis.GROSS),
    "t_REO": (6, MassBasis.REO),
    "kg_REO": (3, MassBasis.REO),
    "g_REO": (0, MassBasis.REO),
}
_TEXT = re.compile(rf"\s*({_NUMBER})\s*([^\d\s].*?)\s*")
_REO_SUFFIX = re.compile(r"\s+REO\b")
_AMBIGUOUS_TON = re.compile(r"(?<![A-Za-z_])tons?(?![A-Za-z_])")


def _normalize_unit_text(text: str) -> str:
    return _REO_SUFFIX.sub("_REO", text)


# The canonical form "<digits>[.<digits>] <unit>" in a common unit, read exactly in
# integers without pint: ASCII digits only, at most 13 whole and 6 fractional digits.
_CANONICAL_UNITS = _FAST_UNITS | {
    f"{unit} REO": _FAST_UNITS[f"{unit}_REO"] for unit in ("t", "kg", "g")
}
_CANONICAL = re.compile(
    r"([0-9]{1,13})(?:\.([0-9]{1,6}))? ("
    + "|".join(re.escape(unit) for unit in sorted(_CANONICAL_UNITS))
    + ")"
)


def _parse_text(text: str, field: str) -> Tonnage:
    canonical = _CANONICAL.fullmatch(text)
    if canonical is not None:
        whole, fraction, unit = canonical.groups("")
        power, basis = _CANONICAL_UNITS[unit]
        if len(fraction) <= power:  # finer than a gram: rounded on the general path below
            grams = int(whole + fraction) * 10 ** (power - len(fraction))
            if grams <= MAX_GRAMS:
                return _checked_tonnage(grams, basis)
    match = _TEXT.fullmatch(text)
    if match is None:
        raise InvalidQuantityError(field=field, value=text, accepted=_ACCEPTED)
    number_text, unit_text = match.groups()
    unit_text = _normalize_unit_text(unit_text)
    try:
        magnitude = Decimal(number_text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise InvalidQuantityError(field=field, value=text, accepted=_ACCEPTED) from None
    return _scale(magnitude, unit_text, field, text)


def _from_quantity(value: object, field: str) -> Tonnage:
    magnitude_raw = getattr(value, "magnitude", None)
    units = getattr(value, "units", None)
    if magnitude_raw is None or units is None or isinstance(value, type):
        raise InvalidQuantityError(field=field, value=value, accepted=_ACCEPTED)
    magnitude = _to_decimal(magnitude_raw, field, value)
    return _scale(magnitude, str(units), field, value)


def _scale(magnitude: Decimal, unit_text: str, field: str, original: object) -> Tonnage:
    if not magnitude.is_finite() or len(magnitude.as_tuple().digits) > _MAX_DIGITS:
        raise InvalidQuantityError(field=field, value=original, accepted=_ACCEPTED)
    if magnitude.adjusted() > _MAX_EXPONENT:
        raise InvalidQuantityError(
            field=field, value=original, accepted=f"a tonnage of at most {MAX_GRAMS // 10**6} t"
        )
    if magnitude.adjusted() < -_MAX_EXPONENT:
        magnitude = Decimal(0)
    fast = _FAST_UNITS.get(unit_text)
    if fast is not None:
        power, basis = fast
        return _make(magnitude.scaleb(power, _EXACT), basis, field, original)
    factor, basis = _unit_factor(unit_text, field, original)
    return _make(_EXACT.multiply(magnitude, factor), basis, field, original)


def _to_decimal(magnitude: object, field: str, original: object) -> Decimal:
    if isinstance(magnitude, bool):
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


@functools.lru_cache(maxsize=256)
def _unit_factor_cached(unit_text: str) -> tuple[Decimal, MassBasis] | None:
    if _AMBIGUOUS_TON.search(unit_text):
        return None
    registry = get_registry()
    try:
        unit = registry.Unit(unit_text)
    except Exception:  # pint raises several unrelated types for unparsable units
        return None
    dimensionality = dict(unit.dimensionality)
    if dimensionality == {"[mass]": 1}:
        target, basis = "g", MassBasis.GROSS
    elif dimensionality == {"[reo_mass]": 1}:
        target, basis = "g_REO", MassBasis.REO
    else:
        return None
    factor = registry.Quantity(Decimal(1), unit).to(target).magnitude
    return Decimal(factor), basis


def _unit_factor(unit_text: str, field: str, original: object) -> tuple[Decimal, MassBasis]:
    found = _unit_factor_cached(unit_text)
    if found is None:
        if _AMBIGUOUS_TON.search(unit_text):
            raise InvalidQuantityError(
                f"{field}: got {original!r}; 'ton' is ambiguous (pint reads it as the US "
                "short ton): write 't' for the metric tonne (吨) or 'short_ton'",
                field=field,
                value=original,
                accepted=_ACCEPTED,
            )
        raise InvalidQuantityError(field=field, value=original, accepted=_ACCEPTED)
    return found


def _make(grams: Decimal, basis: MassBasis, field: str, original: object) -> Tonnage:
    if grams < 0:
        raise InvalidQuantityError(field=field, value=original, accepted=_ACCEPTED)
    if grams > MAX_GRAMS:
        raise InvalidQuantityError(
            field=field, value=original, accepted=f"a tonnage of at most {MAX_GRAMS // 10**6} t"
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


def element_mass_to_reo(quantity: object, element: Element | str | int) -> pint.Quantity[Any]:
    """Convert a mass of an element to its REO equivalent through the oxide factor.

    The result is exact to the gram (rounded half to even). Promethium has no
    standard atomic weight and no oxide factor (policy P9): it is refused.

    >>> element_mass_to_reo("1 t", "Nd")
    <Quantity(1.166377, 't_REO')>
    """
    return element_tonnage_to_reo(parse_tonnage(quantity, basis=MassBasis.GROSS), element).quantity


def element_tonnage_to_reo(mass: Tonnage, element_designator: Element | str | int) -> Tonnage:
    """:func:`element_mass_to_reo` on a :class:`Tonnage`, returning a Tonnage."""
    from rare_earth_regs.model.elements import element  # noqa: PLC0415 - avoid a cycle

    found = element(element_designator)
    factor = found.oxide_factor
    if factor is None:
        raise InvalidQuantityError(
            f"element: {found.symbol} has no standard atomic weight and so no REO factor "
            "(policy P9); state the REO content directly",
            field="element",
            value=found.symbol,
            accepted="an element with a standard atomic weight (any but Pm)",
        )
    if mass.basis is not MassBasis.GROSS:
        raise InvalidQuantityError(field="quantity", value=str(mass), accepted="a gross mass")
    return Tonnage(_round_grams(_EXACT.multiply(Decimal(mass.grams), factor)), MassBasis.REO)


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
    accepted = "an REO fraction f with 0 < f <= 1, e.g. '0.45' or '45%'"
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
