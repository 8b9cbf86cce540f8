"""Assertions on the library's errors, shared by the test modules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rare_earth_regs.exceptions import InvalidInputError


def raised(call: Callable[[], object]) -> InvalidInputError:
    """The InvalidInputError ``call`` raises."""
    with pytest.raises(InvalidInputError) as info:
        call()
    return info.value


def assert_error(expected: InvalidInputError, call: Callable[[], object]) -> None:
    """``call`` raises exactly ``expected``: same class, field, value, accepted form, message."""
    error = raised(call)
    assert type(error) is type(expected)
    assert (error.field, error.value, error.accepted) == (
        expected.field,
        expected.value,
        expected.accepted,
    )
    assert str(error) == str(expected)
