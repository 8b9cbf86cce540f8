"""Shared fixtures of the rule tests (the factories themselves are in ``builders``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from rare_earth_regs.model.enterprises import DesignationRegister, Enterprise
from rare_earth_regs.model.reports import FlowReport

from .builders import OXIDE, designation, flow, produced, register, report, separator, stocked


@pytest.fixture
def sep() -> Enterprise:
    """A smelting-and-separation enterprise (it has the monthly deadline, P3)."""
    return separator()


@pytest.fixture
def sep_register(sep: Enterprise) -> DesignationRegister:
    """A register in which ``sep`` is designated for smelting and separation."""
    return register(designation(sep.uscc))


@pytest.fixture
def clean_report(sep: Enterprise) -> FlowReport:
    """September 2025: separation of domestic feed, balanced, entered on time."""
    return report(
        sep,
        "2025-09",
        stocked(
            OXIDE,
            produced(OXIDE, "5 t"),
            flow("sold", OXIDE, "3 t"),
            opening="10 t",
        ),
    )


@pytest.fixture(scope="session")
def china_working_day() -> Callable[[date], bool]:
    """China's official working-day calendar (substituted working days included)."""
    holidays = pytest.importorskip("holidays")
    calendar = holidays.country_holidays("CN")
    is_working_day: Callable[[date], bool] = calendar.is_working_day
    return is_working_day
