"""Reading enum members and exact decimals from input, with the library's error on failure.

>>> from rare_earth_regs.model.activities import Activity
>>> enum_member(Activity, "mining", field="activity")
<Activity.MINING: 'mining'>
"""

from __future__ import annotations

import enum
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from rare_earth_regs.exceptions import InvalidInputError, one_of

__all__ = ["enum_member", "exact_decimal"]

E = TypeVar("E", bound=enum.Enum)


def enum_member(enum_type: type[E], value: object, *, field: str) -> E:
    """The member of ``enum_type`` that is ``value`` or has ``value`` as its value.

    Anything else raises :class:`~rare_earth_regs.exceptions.InvalidInputError` naming
    ``field`` and listing the accepted values.
    """
    if isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except (ValueError, TypeError):
        accepted = one_of(", ".join(repr(member.value) for member in enum_type))
        raise InvalidInputError(field=field, value=value, accepted=accepted) from None


def exact_decimal(value: object, *, percent: bool = False) -> Decimal | None:
    """``value`` as a finite Decimal, exactly, or None: a Decimal, an int, a decimal string.

    Floats and bools are refused (None): a share or a price is never read through binary
    floating point. With ``percent``, a string may end in ``%`` (``'3%'`` is ``0.03``).
    """
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        scaled = percent and text.endswith("%")
        try:
            number = Decimal(text.removesuffix("%").rstrip() if scaled else text)
        except InvalidOperation:
            return None
        if scaled and number.is_finite():
            number = number.scaleb(-2)
    return number if number is not None and number.is_finite() else None
