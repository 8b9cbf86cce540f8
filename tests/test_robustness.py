"""Junk input to every public constructor and parser raises a library error, never another.

In the spirit of python-stdnum's ``test_robustness``: each public entry point gets the
same list of junk values. A value the entry point documents as valid (``None`` for an
optional field, an empty list of lines, any non-empty text for a name) must be accepted;
every other value must raise a :class:`~rare_earth_regs.exceptions.RareEarthRegsError`
(an InvalidInputError, NotInForceError or AmountSetByOtherLawError), and never a
TypeError, KeyError, AttributeError, RecursionError or pint error.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rare_earth_regs import (
    Counterparty,
    Designation,
    Enterprise,
    FlowLine,
    FlowReport,
    Month,
    Product,
    QuotaAllocation,
    Tonnage,
    check_year,
    counts_against_quota,
    element,
    element_mass_to_reo,
    fine_range,
    flow_report_due_date,
    is_submitted_on_time,
    is_valid_uscc,
    national_quota,
    product_mass_to_reo,
    quota_use,
    validate_uscc,
)
from rare_earth_regs.exceptions import (
    AmountSetByOtherLawError,
    InvalidDocumentError,
    InvalidInputError,
    NotInForceError,
    RareEarthRegsError,
)
from rare_earth_regs.legal import Citation
from rare_earth_regs.model.enterprises import make_uscc
from rare_earth_regs.rules.invoices import check_invoices
from rare_earth_regs.serialization import (
    dumps_report,
    loads_allocations,
    loads_designations,
    loads_report,
)
from rare_earth_regs.statistics import trade_statistics
from rare_earth_regs.tabular.tables import balances_table
from rare_earth_regs.units import parse_tonnage
from strategies import non_collections

JUNK: dict[str, object] = {
    "none": None,
    "empty": "",
    "object": object(),
    "nan": float("nan"),
    "minus-zero": -0.0,
    "circled-18": "⑱",
    "huge-int": 10**400,
    "huge-text": "1e999 t",
    "metres": "12 m",
    "bytes": b"bytes",
    "list": [],
    "dict": {},
    "true": True,
}
TEXTS = frozenset({"circled-18", "huge-text", "metres"})  # non-empty text: a valid name

USCC = make_uscc("91350000MA0000001")
FIRM = Enterprise(uscc=USCC, name="Example Co.", activities=["smelting_separation"])
OXIDE = Product(name="La oxide", product_class="compound")
SEPTEMBER = date(2025, 9, 1)

Call = Callable[[Any], object]


def field_of(cls: Callable[..., object], base: dict[str, Any], name: str) -> Call:
    return lambda value: cls(**{**base, name: value})


LINE: dict[str, Any] = {"direction": "produced", "product": OXIDE, "quantity": "1 t"}
REPORT: dict[str, Any] = {"enterprise": FIRM, "month": "2025-09"}
ALLOCATION: dict[str, Any] = {
    "year": 2024,
    "batch": 1,
    "activity": "mining",
    "holder": "Example Group",
    "amount": "1 t REO",
}
DESIGNATION: dict[str, Any] = {"uscc": USCC, "activity": "mining", "valid_from": SEPTEMBER}
ENTERPRISE: dict[str, Any] = {"uscc": USCC, "name": "Example Co.", "activities": []}
PRODUCT: dict[str, Any] = {"name": "La oxide", "product_class": "compound"}

#: entry point -> (call, the junk values it documents as valid)
TARGETS: dict[str, tuple[Call, AbstractSet[str]]] = {
    "Month(year)": (lambda value: Month(value, 1), frozenset()),
    "Month(month)": (lambda value: Month(2025, value), frozenset()),
    "Month.parse": (Month.parse, frozenset()),
    "Month.of": (Month.of, frozenset()),
    "Month.shift": (lambda value: Month(2025, 9).shift(value), frozenset()),
    "Tonnage.parse": (Tonnage.parse, frozenset()),
    "Tonnage(grams)": (Tonnage, frozenset()),
    "parse_tonnage": (parse_tonnage, frozenset()),
    "element": (element, frozenset()),
    "validate_uscc": (validate_uscc, frozenset()),
    "make_uscc": (make_uscc, frozenset()),
    "Enterprise.uscc": (field_of(Enterprise, ENTERPRISE, "uscc"), frozenset()),
    "Enterprise.name": (field_of(Enterprise, ENTERPRISE, "name"), TEXTS),
    "Enterprise.activities": (field_of(Enterprise, ENTERPRISE, "activities"), {"list"}),
    "Enterprise.group": (field_of(Enterprise, ENTERPRISE, "group"), TEXTS | {"none"}),
    "Product.name": (field_of(Product, PRODUCT, "name"), TEXTS),
    "Product.product_class": (field_of(Product, PRODUCT, "product_class"), frozenset()),
    "Product.form": (field_of(Product, PRODUCT, "form"), TEXTS | {"empty"}),
    "Product.elements": (field_of(Product, PRODUCT, "elements"), {"list"}),
    "Product.reo_fraction": (field_of(Product, PRODUCT, "reo_fraction"), {"none"}),
    "Product.customs_code": (field_of(Product, PRODUCT, "customs_code"), {"none"}),
    "Counterparty.uscc": (lambda value: Counterparty(uscc=value), frozenset()),
    "Counterparty.name": (lambda value: Counterparty(name=value, country="AU"), TEXTS),
    "Counterparty.country": (lambda value: Counterparty(name="X", country=value), frozenset()),
    "FlowLine.direction": (field_of(FlowLine, LINE, "direction"), frozenset()),
    "FlowLine.product": (field_of(FlowLine, LINE, "product"), frozenset()),
    "FlowLine.quantity": (field_of(FlowLine, LINE, "quantity"), frozenset()),
    "FlowLine.reo": (field_of(FlowLine, LINE, "reo"), {"none"}),
    "FlowLine.origin": (field_of(FlowLine, LINE, "origin"), {"none"}),
    "FlowLine.counterparty": (field_of(FlowLine, LINE, "counterparty"), {"none"}),
    "FlowLine.date": (field_of(FlowLine, LINE, "date"), {"none"}),
    "FlowLine.invoice_number": (field_of(FlowLine, LINE, "invoice_number"), {"none"}),
    "FlowLine.customs_declaration": (field_of(FlowLine, LINE, "customs_declaration"), {"none"}),
    "FlowReport.enterprise": (field_of(FlowReport, REPORT, "enterprise"), frozenset()),
    "FlowReport.month": (field_of(FlowReport, REPORT, "month"), frozenset()),
    "FlowReport.lines": (field_of(FlowReport, REPORT, "lines"), {"list"}),
    "FlowReport.submitted_at": (field_of(FlowReport, REPORT, "submitted_at"), {"none"}),
    "FlowReport.report_id": (field_of(FlowReport, REPORT, "report_id"), {"none"}),
    "QuotaAllocation.year": (field_of(QuotaAllocation, ALLOCATION, "year"), frozenset()),
    # any whole number from 1 is a batch number
    "QuotaAllocation.batch": (field_of(QuotaAllocation, ALLOCATION, "batch"), {"huge-int"}),
    "QuotaAllocation.activity": (field_of(QuotaAllocation, ALLOCATION, "activity"), frozenset()),
    "QuotaAllocation.ore_type": (field_of(QuotaAllocation, ALLOCATION, "ore_type"), {"none"}),
    "QuotaAllocation.holder": (field_of(QuotaAllocation, ALLOCATION, "holder"), TEXTS),
    "QuotaAllocation.holder_uscc": (
        field_of(QuotaAllocation, ALLOCATION, "holder_uscc"),
        {"none"},
    ),
    "QuotaAllocation.amount": (field_of(QuotaAllocation, ALLOCATION, "amount"), frozenset()),
    "QuotaAllocation.basis": (field_of(QuotaAllocation, ALLOCATION, "basis"), frozenset()),
    "QuotaAllocation.source": (
        field_of(QuotaAllocation, ALLOCATION, "source"),
        TEXTS | {"empty"},
    ),
    "QuotaAllocation.issued": (field_of(QuotaAllocation, ALLOCATION, "issued"), {"none"}),
    "Designation.uscc": (field_of(Designation, DESIGNATION, "uscc"), frozenset()),
    "Designation.activity": (field_of(Designation, DESIGNATION, "activity"), frozenset()),
    "Designation.valid_from": (field_of(Designation, DESIGNATION, "valid_from"), frozenset()),
    "Designation.valid_until": (field_of(Designation, DESIGNATION, "valid_until"), {"none"}),
    "Designation.source": (field_of(Designation, DESIGNATION, "source"), TEXTS | {"empty"}),
    "national_quota(year)": (lambda value: national_quota(value, "mining"), frozenset()),
    "national_quota(activity)": (lambda value: national_quota(2024, value), frozenset()),
    "national_quota(ore_type)": (lambda value: national_quota(2020, "mining", value), {"none"}),
    "flow_report_due_date": (flow_report_due_date, frozenset()),
    "is_submitted_on_time(month)": (
        lambda value: is_submitted_on_time(value, date(2025, 10, 1)),
        frozenset(),
    ),
    "is_submitted_on_time(submitted_at)": (
        lambda value: is_submitted_on_time("2025-09", value),
        frozenset(),
    ),
    "counts_against_quota(activity)": (
        lambda value: counts_against_quota(value, "imported", on=SEPTEMBER),
        frozenset(),
    ),
    "counts_against_quota(origin)": (
        lambda value: counts_against_quota("smelting_separation", value, on=SEPTEMBER),
        frozenset(),
    ),
    "counts_against_quota(on)": (
        lambda value: counts_against_quota("mining", "imported", on=value),
        frozenset(),
    ),
    "fine_range(article)": (fine_range, frozenset()),
    "fine_range(illegal_income)": (
        lambda value: fine_range(21, illegal_income=value),
        {"none", "huge-int"},
    ),
    "fine_range(refused_to_correct)": (
        lambda value: fine_range(25, refused_to_correct=value),
        {"true"},
    ),
    "loads_report": (loads_report, frozenset()),
    "loads_allocations": (loads_allocations, frozenset()),
    "loads_designations": (loads_designations, frozenset()),
    "Citation(instrument)": (Citation, frozenset()),
    "Citation(article)": (lambda value: Citation("regulations-2024", value), {"none"}),
    "Citation(paragraph)": (lambda value: Citation("regulations-2024", 14, value), {"none"}),
    "Citation(item)": (lambda value: Citation("regulations-2024", 22, item=value), {"none"}),
    # a clause is a short English description: any one-line text with a letter or digit
    "Citation(clause)": (
        lambda value: Citation("regulations-2024", clause=value),
        {"none", "huge-text", "metres"},
    ),
    "Citation.from_key": (Citation.from_key, frozenset()),
    "element_mass_to_reo(quantity)": (lambda value: element_mass_to_reo(value, "Nd"), frozenset()),
    "element_mass_to_reo(element)": (lambda value: element_mass_to_reo("1 t", value), frozenset()),
    "product_mass_to_reo(fraction)": (lambda value: product_mass_to_reo("1 t", value), frozenset()),
    # a collection of records: an empty list is valid, None, text or a mapping is not
    "check_year(reports)": (lambda value: check_year(value, year=2025), {"list"}),
    "check_year(allocations)": (
        lambda value: check_year([], year=2025, allocations=value),
        {"list"},
    ),
    "quota_use(reports)": (
        lambda value: quota_use(value, year=2025, activity="mining"),
        {"list"},
    ),
    "trade_statistics(reports)": (trade_statistics, {"list"}),
    "check_invoices(invoices)": (check_invoices, {"list"}),
    "check_invoices(reports)": (lambda value: check_invoices([], reports=value), {"list"}),
    "balances_table(reports)": (balances_table, {"list"}),
}

#: library bugs: (entry point, junk) pairs that are accepted although they are junk


@pytest.mark.parametrize("target", list(TARGETS))
def test_junk_raises_a_library_error(target: str) -> None:
    call, accepted = TARGETS[target]
    for junk, value in JUNK.items():
        if junk in accepted:
            call(value)  # documented as valid: no error at all
            continue
        with pytest.raises(RareEarthRegsError) as info:
            call(value)
        assert isinstance(
            info.value, InvalidInputError | NotInForceError | AmountSetByOtherLawError
        ), (junk, info.value)
        assert str(info.value)


@pytest.mark.parametrize("article", ["²", "2²", "①"])
def test_fine_range_refuses_unicode_digit_articles(article: str) -> None:
    with pytest.raises(InvalidInputError):
        fine_range(article)


@pytest.mark.parametrize("junk", list(JUNK))
def test_is_valid_uscc_never_raises(junk: str) -> None:
    assert is_valid_uscc(JUNK[junk]) is False


@pytest.mark.parametrize("junk", list(JUNK))
def test_loaders_report_junk_as_documents(junk: str) -> None:
    for loader in (loads_report, loads_allocations, loads_designations):
        with pytest.raises(InvalidDocumentError):
            loader(JUNK[junk])  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", ["none", "empty", "object", "metres"])
def test_roll_over_must_be_a_bool(junk: str) -> None:
    with pytest.raises(InvalidInputError):
        flow_report_due_date("2025-09", roll_over=JUNK[junk])  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", ["empty", "object", "list", "true"])
def test_is_working_day_must_be_callable(junk: str) -> None:
    with pytest.raises(InvalidInputError):
        flow_report_due_date("2025-09", roll_over=True, is_working_day=JUNK[junk])  # type: ignore[arg-type]


def test_accepted_junk_is_kept_as_given() -> None:
    assert Enterprise(uscc=USCC, name="⑱", activities=[]).name == "⑱"
    assert FlowReport(enterprise=FIRM, month="2025-09", lines=[]).lines == ()
    assert fine_range(21, illegal_income=10**400).minimum == 5 * 10**400


def test_not_in_force_and_other_law_errors() -> None:
    with pytest.raises(NotInForceError):
        counts_against_quota("mining", "imported", on=date(2024, 9, 30))
    with pytest.raises(NotInForceError):
        flow_report_due_date("2025-06")
    with pytest.raises(AmountSetByOtherLawError):
        fine_range(20)
    with pytest.raises(NotInForceError):
        national_quota(2025, "mining")
    with pytest.raises(NotInForceError):
        national_quota(1999, "mining")


# --------------------------------------------------------------------- fuzzing

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
junk_objects = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    st.dates(),
    st.datetimes(),
)

VALID = json.loads(
    dumps_report(
        FlowReport(
            enterprise=FIRM,
            month="2025-09",
            submitted_at=datetime(2025, 10, 9, tzinfo=UTC),
            lines=[
                FlowLine(direction="opening_stock", product=OXIDE, quantity="1 t"),
                FlowLine(
                    direction="sold",
                    product=OXIDE,
                    quantity="1 t",
                    counterparty=Counterparty(name="X", country="DE"),
                    date=date(2025, 9, 3),
                ),
            ],
        )
    )
)


def _paths(node: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


PATHS = _paths(VALID)[1:]


def _outcome(call: Call, value: object) -> object:
    """The result of ``call(value)``, or the library error it raised."""
    try:
        return call(value)
    except RareEarthRegsError as error:
        return error


def _replaced(path: tuple[Any, ...], value: object) -> object:
    data = json.loads(json.dumps(VALID))
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PATHS), json_values)
def test_any_json_value_anywhere_gives_a_report_or_a_document_error(
    path: tuple[Any, ...], value: object
) -> None:
    text = json.dumps(_replaced(path, value))
    outcome = _outcome(loads_report, text)
    if isinstance(outcome, InvalidDocumentError):
        assert outcome.errors
        assert all(field.path.startswith("$") for field in outcome.errors)
    else:
        assert isinstance(outcome, FlowReport)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40) | st.binary(max_size=40))
def test_random_text_is_a_document_error(text: str | bytes) -> None:
    with pytest.raises(InvalidDocumentError):
        loads_report(text)


@settings(max_examples=150, deadline=None)
@given(junk_objects)
def test_parsers_never_leak_other_errors(value: object) -> None:
    for call in (parse_tonnage, Month.parse, element, validate_uscc):
        with contextlib.suppress(RareEarthRegsError):
            call(value)
    assert is_valid_uscc(value) in (True, False)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_text_parsers_never_leak_other_errors(text: str) -> None:
    for call in (parse_tonnage, Month.parse, element, validate_uscc):
        with contextlib.suppress(RareEarthRegsError):
            call(text)
    for unit in ("t", "kg", "t REO", "lb", "m", "ton"):
        with contextlib.suppress(RareEarthRegsError):
            parse_tonnage(f"{text} {unit}")


COLLECTION_ARGUMENTS = [
    name for name in TARGETS if name.startswith(("check_", "quota_use", "trade_", "balances_"))
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(COLLECTION_ARGUMENTS), non_collections())
def test_a_collection_argument_refuses_anything_but_a_collection(name: str, value: object) -> None:
    call, _ = TARGETS[name]
    with pytest.raises(InvalidInputError):
        call(value)
