"""Reading enum members from their values, with the library's error on failure.

>>> from rare_earth_regs.model.activities import Activity
>>> enum_member(Activity, "mining", field="activity")
<Activity.MINING: 'mining'>
"""

from __future__ import annotations

import enum
from typing import TypeVar

from rare_earth_regs.exceptions import InvalidInputError, one_of

__all__ = ["enum_member"]

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
