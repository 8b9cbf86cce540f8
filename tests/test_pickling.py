"""Pickling: models, findings and every exception come back equal from pickle.

Needed to send reports and findings between processes (multiprocessing, Dask). Every
protocol from 2 to the highest is tried.
"""

from __future__ import annotations

import datetime as dt
import inspect
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import rare_earth_regs.exceptions as exceptions_module
from rare_earth_regs.data.quotas import national_quota
from rare_earth_regs.exceptions import (
    AmountSetByOtherLawError,
    BeyondKnowledgeHorizonError,
    CellError,
    ComplianceError,
    FieldError,
    FilingConflictError,
    InvalidDocumentError,
    InvalidInputError,
    InvalidPeriodError,
    InvalidQuantityError,
    InvalidTableError,
    InvalidTimestampError,
    InvalidUSCCError,
    NotInForceError,
    RareEarthRegsError,
    StoreAccessError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreSchemaError,
    UndisclosedQuotaError,
    UnknownElementError,
    UnknownQuotaError,
)
from rare_earth_regs.findings import Finding, Findings
from rare_earth_regs.legal import REGULATIONS_2024, TOTAL_CONTROL_MEASURES_2025, Citation
from rare_earth_regs.model.elements import Element, element_mass_to_reo
from rare_earth_regs.model.enterprises import Designation, DesignationRegister, Enterprise
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.model.reports import Counterparty, FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules.checks import check_flow_report
from rare_earth_regs.units import Q_, MassBasis, Tonnage
from strategies import EXAMPLE_REGISTER, EXAMPLE_REPORTS, quota_allocations, reports

PROTOCOLS = range(2, pickle.HIGHEST_PROTOCOL + 1)
REPO = Path(__file__).resolve().parent.parent


def round_trips(value: object) -> list[Any]:
    """``value`` pickled and unpickled with every protocol."""
    return [pickle.loads(pickle.dumps(value, protocol=protocol)) for protocol in PROTOCOLS]


REPORT = EXAMPLE_REPORTS[-1]
LINE: FlowLine = REPORT.lines[5]
FINDINGS = check_flow_report(REPORT, designations=EXAMPLE_REGISTER, as_of=dt.date(2025, 12, 31))
assert LINE.counterparty is not None

MODELS: dict[str, object] = {
    "Element": Element.Nd,
    "Month": Month(2025, 9),
    "Tonnage gross": Tonnage(12_500_000),
    "Tonnage REO": Tonnage(1, MassBasis.REO),
    "Product": LINE.product,
    "Enterprise": REPORT.enterprise,
    "Counterparty foreign": LINE.counterparty,
    "Counterparty domestic": Counterparty(uscc=REPORT.enterprise.uscc, country="CN"),
    "FlowLine": LINE,
    "FlowReport": REPORT,
    "QuotaAllocation": QuotaAllocation(
        year=2025,
        batch=2,
        activity="mining",
        ore_type="ion_adsorption",
        holder="Example Group (fictional)",
        holder_uscc=REPORT.enterprise.uscc,
        amount="1234.567891 t REO",
        basis="running_total",
        source="fictional",
        issued=dt.date(2025, 6, 20),
    ),
    "Designation": next(iter(EXAMPLE_REGISTER)),
    "DesignationRegister": EXAMPLE_REGISTER,
    "Citation": Citation(REGULATIONS_2024, 14, 2, item=1),
    "Citation clause": FINDINGS[0].citations[0],
    "Instrument": TOTAL_CONTROL_MEASURES_2025,
    "Finding": FINDINGS[0],
    "Findings": FINDINGS,
    "Findings empty": Findings(),
    "FieldError": FieldError("$.lines[3].quantity", "got '12 m'; expected a mass"),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_models_pickle_equal(name: str) -> None:
    value = MODELS[name]
    for again in round_trips(value):
        assert type(again) is type(value)
        assert again == value
        if not isinstance(value, Findings | DesignationRegister | Finding):
            assert hash(again) == hash(value)


def test_the_models_cover_the_brief() -> None:
    kinds = {type(value) for value in MODELS.values()}
    wanted: set[type] = {Element, Month, Tonnage, Product, Enterprise, Counterparty, FlowLine}
    wanted |= {FlowReport, QuotaAllocation, Designation, DesignationRegister, Citation}
    assert wanted <= kinds
    assert {Finding, Findings, FieldError, type(TOTAL_CONTROL_MEASURES_2025)} <= kinds


def test_an_unpickled_register_still_answers() -> None:
    (again, *_) = round_trips(EXAMPLE_REGISTER)
    for designation in EXAMPLE_REGISTER:
        assert again.is_designated(
            designation.uscc, designation.activity, on=designation.valid_from
        )
        assert again.designations_for(designation.uscc) == EXAMPLE_REGISTER.designations_for(
            designation.uscc
        )


def test_unpickled_reports_give_the_same_findings() -> None:
    for report in EXAMPLE_REPORTS:
        for again in round_trips(report):
            assert check_flow_report(again, as_of=dt.date(2025, 12, 31)) == check_flow_report(
                report, as_of=dt.date(2025, 12, 31)
            )
    assert all(again == FINDINGS for again in round_trips(FINDINGS))


@settings(max_examples=40, deadline=None)
@given(reports(), quota_allocations())
def test_generated_models_pickle_equal(report: FlowReport, allocation: QuotaAllocation) -> None:
    for value in (report, allocation, *report.lines):
        assert all(again == value for again in round_trips(value))


# --- exceptions -----------------------------------------------------------------------------

FIELD_ERRORS = (
    FieldError("$.month", "got '2025-13'; expected a month as 'YYYY-MM'"),
    FieldError("$.lines[0].quantity", "got '12 m'; expected a mass"),
)
EXCEPTIONS: dict[type[BaseException], BaseException] = {
    RareEarthRegsError: RareEarthRegsError("something went wrong"),
    InvalidInputError: InvalidInputError(field="month", value="2025-13", accepted="YYYY-MM"),
    UnknownElementError: UnknownElementError(field="element", value="Xx", accepted="a symbol"),
    InvalidUSCCError: InvalidUSCCError(field="uscc", value="91360700MA35HY0A12", accepted="a USCC"),
    InvalidQuantityError: InvalidQuantityError(
        "quantity: 'ton' is ambiguous", field="quantity", value="5 ton", accepted="a mass"
    ),
    InvalidPeriodError: InvalidPeriodError(field="month", value=13, accepted="1 to 12"),
    InvalidTimestampError: InvalidTimestampError(
        field="submitted_at", value=dt.datetime(2025, 10, 9, 10, 15), accepted="an aware time"
    ),
    InvalidDocumentError: InvalidDocumentError(FIELD_ERRORS, source="examples/report.json"),
    InvalidTableError: InvalidTableError(
        [
            CellError("flows.xlsx", "流向", 55, "数量", "got '12.5 tons'; expected a mass"),
            CellError("flows.xlsx", None, None, None, "no products table"),
        ],
        source="flows.xlsx",
    ),
    FilingConflictError: FilingConflictError(
        key="91360700MA35HY0A11 2025-09",
        revision=1,
        sources=("a.json", "b.json"),
        digests=("0" * 64, "f" * 64),
    ),
    StoreError: StoreError("filings.sqlite: disk I/O error"),
    StoreAccessError: StoreAccessError("filings.sqlite: is a folder"),
    StoreCorruptError: StoreCorruptError("filings.sqlite: not a filing store"),
    StoreSchemaError: StoreSchemaError("filings.sqlite: schema version 99"),
    StoreLockedError: StoreLockedError("filings.sqlite: locked"),
    NotInForceError: NotInForceError("2024-09-30 is before 2024-10-01"),
    BeyondKnowledgeHorizonError: BeyondKnowledgeHorizonError("2026-11-11 is past the horizon"),
    UnknownQuotaError: UnknownQuotaError("no 2026 quota"),
    UndisclosedQuotaError: UndisclosedQuotaError("the 2025 quota was not published"),
    AmountSetByOtherLawError: AmountSetByOtherLawError("set by the Mineral Resources Law"),
    ComplianceError: ComplianceError("QTA001: over quota", FINDINGS),
}


def test_every_exception_class_has_an_instance() -> None:
    classes = {
        value
        for value in vars(exceptions_module).values()
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        and value.__module__ == exceptions_module.__name__
        and not value.__name__.startswith("_")
    }
    assert classes == set(EXCEPTIONS)


@pytest.mark.parametrize("kind", list(EXCEPTIONS), ids=lambda kind: kind.__name__)
def test_exceptions_pickle_with_their_attributes(kind: type[BaseException]) -> None:
    error = EXCEPTIONS[kind]
    for again in round_trips(error):
        assert type(again) is kind
        assert str(again) == str(error)
        assert again.args == error.args
        for name in ("message", "field", "value", "accepted", "errors", "source", "findings"):
            if hasattr(error, name):
                assert getattr(again, name) == getattr(error, name), name
        if isinstance(error, InvalidInputError | NotInForceError):
            assert again == error


def test_a_document_error_from_the_loader_pickles() -> None:
    from rare_earth_regs.serialization import loads_report

    with pytest.raises(InvalidDocumentError) as caught:
        loads_report('{"month": "2025-13", "lines": [1]}', source="bad.json")
    for again in round_trips(caught.value):
        assert again == caught.value
        assert again.errors == caught.value.errors
        assert str(again) == str(caught.value)


def test_the_value_of_an_input_error_survives_pickling() -> None:
    error = InvalidInputError(field="x", value=Decimal("1.5"), accepted="y")
    (again, *_) = round_trips(error)
    assert again.value == Decimal("1.5")


# --- pint quantities ------------------------------------------------------------------------


API_QUANTITIES: dict[str, Callable[[], Any]] = {
    "national_quota": lambda: national_quota(2024, "smelting_separation"),
    "element_mass_to_reo": lambda: element_mass_to_reo("1 t", "Nd"),
    "Q_ REO": lambda: Q_("0.000001 t REO"),
    "Q_ gross": lambda: Q_("12.5 t"),
    "Q_ Chinese unit": lambda: Q_("3 公斤"),
    "Tonnage.quantity": lambda: Tonnage.parse("3 kg_REO").quantity,
}


@pytest.mark.parametrize("name", sorted(API_QUANTITIES))
def test_a_quantity_from_the_api_round_trips_in_this_process(name: str) -> None:
    quantity = API_QUANTITIES[name]()
    for again in round_trips(quantity):
        assert again == quantity
        assert again._REGISTRY is quantity._REGISTRY
        assert str(again.units) == str(quantity.units)
    assert pickle.loads(pickle.dumps(quantity.units)) == quantity.units


def test_quantities_from_the_api_unpickle_in_a_fresh_process() -> None:
    """Pickled here and unpickled in a new interpreter that has not imported the library
    and never calls ``pint.set_application_registry``: each comes back in the library's
    registry, REO units included, with its Decimal magnitude.
    """
    quantities = {name: make() for name, make in API_QUANTITIES.items()}
    code = textwrap.dedent(
        """
        import pickle, sys
        from decimal import Decimal
        loaded = pickle.loads(sys.stdin.buffer.read())
        from rare_earth_regs.units import Q_, parse_tonnage
        for name, quantity in sorted(loaded.items()):
            assert isinstance(quantity.magnitude, Decimal | int), (name, quantity.magnitude)
            print(name, repr(quantity), parse_tonnage(quantity))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=pickle.dumps(quantities),
        capture_output=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines() == [
        f"{name} {quantity!r} {Tonnage.parse(quantity)}"
        for name, quantity in sorted(quantities.items())
    ]


def test_tonnage_is_the_picklable_form_of_a_quantity() -> None:
    quantity = Q_("12.5 t REO")
    tonnage = Tonnage.parse(quantity)
    for again in round_trips(tonnage):
        assert again == tonnage
        assert again.quantity == quantity
