"""Tests for :mod:`rare_earth_regs.model.reports`: flow lines, reports and the mass balance."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest

from rare_earth_regs.exceptions import (
    InvalidInputError,
    InvalidPeriodError,
    InvalidQuantityError,
    InvalidTimestampError,
    InvalidUSCCError,
)
from rare_earth_regs.model.activities import FeedstockOrigin
from rare_earth_regs.model.enterprises import Enterprise, make_uscc
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.reports import (
    Counterparty,
    FlowDirection,
    FlowLine,
    FlowReport,
    ProductBalance,
    mass_balance,
)
from rare_earth_regs.periods import CHINA_STANDARD_TIME, Month
from rare_earth_regs.units import Q_, MassBasis, Tonnage, parse_tonnage

FIRM_USCC = make_uscc("91350000MA0000001")
BUYER_USCC = make_uscc("91350000MA0000002")
FIRM = Enterprise(uscc=FIRM_USCC, name="Example Separation Co.", activities=["smelting_separation"])
OXIDE = Product(name="PrNd oxide", product_class=ProductClass.COMPOUND, reo_fraction="0.99")
PURE = Product(name="La oxide", product_class=ProductClass.COMPOUND)
ORE = Product(name="Bastnaesite concentrate", product_class="mineral_product", reo_fraction="50%")
SEPTEMBER = Month(2025, 9)
REO = MassBasis.REO
GROSS = MassBasis.GROSS


def line(direction: str, quantity: str, product: Product = OXIDE, **extra: Any) -> FlowLine:
    return FlowLine(direction=direction, product=product, quantity=quantity, **extra)


def report(*lines: FlowLine, **extra: Any) -> FlowReport:
    fields: dict[str, Any] = {"enterprise": FIRM, "month": SEPTEMBER, "lines": lines}
    fields.update(extra)
    return FlowReport(**fields)


# ----------------------------------------------------------------- directions


def test_directions_partition() -> None:
    stock = {d for d in FlowDirection if d.is_stock}
    inflows = {d for d in FlowDirection if d.is_inflow}
    outflows = {d for d in FlowDirection if d.is_outflow}
    assert stock == {FlowDirection.OPENING_STOCK, FlowDirection.CLOSING_STOCK}
    assert inflows == {
        FlowDirection.PRODUCED,
        FlowDirection.PURCHASED,
        FlowDirection.IMPORTED,
        FlowDirection.RECEIVED,
    }
    assert outflows == {
        FlowDirection.CONSUMED,
        FlowDirection.SOLD,
        FlowDirection.EXPORTED,
        FlowDirection.TRANSFERRED,
        FlowDirection.LOST,
    }
    assert stock | inflows | outflows == set(FlowDirection)
    assert not stock & inflows
    assert not stock & outflows
    assert not inflows & outflows


# ----------------------------------------------------------------- counterparty


def test_counterparty_domestic_and_foreign() -> None:
    domestic = Counterparty(uscc=BUYER_USCC.lower())
    assert domestic.uscc == BUYER_USCC
    assert not domestic.is_foreign
    assert Counterparty(uscc=BUYER_USCC, country="CN").country == "CN"
    assert Counterparty(uscc=BUYER_USCC, name="Buyer Co.").name == "Buyer Co."
    foreign = Counterparty(name="  Example Minerals Pty Ltd ", country=" AU ")
    assert (foreign.name, foreign.country, foreign.is_foreign) == (
        "Example Minerals Pty Ltd",
        "AU",
        True,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"name": "Example Minerals Pty Ltd"},
        {"country": "AU"},
        {"name": None, "country": "AU"},
    ],
)
def test_counterparty_needs_uscc_or_name_and_country(fields: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError, match="USCC") as info:
        Counterparty(**fields)
    assert info.value.field == "counterparty"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"uscc": "91350000MA0000001X"}, "uscc"),
        ({"uscc": 123}, "uscc"),
        ({"name": "  ", "country": "AU"}, "counterparty.name"),
        ({"name": 5, "country": "AU"}, "counterparty.name"),
        ({"name": "X", "country": "au"}, "counterparty.country"),
        ({"name": "X", "country": "AUS"}, "counterparty.country"),
        ({"uscc": BUYER_USCC, "country": "DE"}, "counterparty.country"),
    ],
)
def test_counterparty_refusals(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Counterparty(**fields)
    assert info.value.field == field
    if field == "uscc":
        assert isinstance(info.value, InvalidUSCCError)


# --------------------------------------------------------------------- FlowLine


def test_flow_line_converts_its_fields() -> None:
    flow = FlowLine(
        direction="sold",
        product=OXIDE,
        quantity=Q_("7 t"),
        origin="imported",
        counterparty=Counterparty(uscc=BUYER_USCC),
        date=date(2025, 9, 3),
        invoice_number=" INV-2025/09.1 ",
        customs_declaration="CD_123",
    )
    assert flow.direction is FlowDirection.SOLD
    assert flow.quantity == Tonnage(7_000_000)
    assert flow.origin is FeedstockOrigin.IMPORTED
    assert flow.invoice_number == "INV-2025/09.1"
    assert flow.customs_declaration == "CD_123"
    assert flow.reo is None


def test_flow_line_defaults() -> None:
    flow = line("produced", "5 t")
    assert (flow.reo, flow.origin, flow.counterparty, flow.date) == (None, None, None, None)
    assert (flow.invoice_number, flow.customs_declaration) == (None, None)
    assert flow.activity_date(SEPTEMBER) == date(2025, 9, 30)  # policy P5
    assert line("produced", "5 t", date=date(2025, 9, 3)).activity_date(SEPTEMBER) == date(
        2025, 9, 3
    )


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"direction": "stolen"}, "direction", InvalidInputError),
        ({"direction": None}, "direction", InvalidInputError),
        ({"product": "PrNd oxide"}, "product", InvalidInputError),
        ({"quantity": "-1 t"}, "quantity", InvalidQuantityError),
        ({"quantity": 7}, "quantity", InvalidQuantityError),
        ({"reo": "1 t"}, "reo", InvalidQuantityError),
        ({"origin": "moon"}, "origin", InvalidInputError),
        ({"counterparty": "Buyer Co."}, "counterparty", InvalidInputError),
        ({"date": "2025-09-03"}, "date", InvalidPeriodError),
        ({"date": datetime(2025, 9, 3, tzinfo=UTC)}, "date", InvalidPeriodError),
        ({"invoice_number": "has space"}, "invoice_number", InvalidInputError),
        ({"invoice_number": ""}, "invoice_number", InvalidInputError),
        ({"invoice_number": "x" * 65}, "invoice_number", InvalidInputError),
        ({"customs_declaration": "-leading"}, "customs_declaration", InvalidInputError),
    ],
)
def test_flow_line_refusals(fields: dict[str, Any], field: str, error: type[Exception]) -> None:
    base: dict[str, Any] = {"direction": "produced", "product": OXIDE, "quantity": "1 t"}
    with pytest.raises(error) as info:
        FlowLine(**{**base, **fields})
    assert isinstance(info.value, InvalidInputError)
    assert info.value.field == field


def test_reo_given_on_an_reo_quantity_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="already in REO") as info:
        line("produced", "9 t REO", reo="9 t REO")
    assert info.value.field == "reo"


def test_reo_content_precedence() -> None:
    # 1. a quantity in REO is its own REO content, whatever the product says
    assert line("produced", "9 t REO").reo_content() == parse_tonnage("9 t REO")
    # 2. the gross quantity times the product's REO fraction, to the gram
    assert line("purchased", "20 t", product=ORE).reo_content() == parse_tonnage("10 t REO")
    assert line("produced", "12.5 t").reo_content() == parse_tonnage("12.375 t REO")
    assert line("produced", "1 g", product=ORE).reo_content() == Tonnage(0, REO)  # half-even
    assert line("produced", "3 g", product=ORE).reo_content() == Tonnage(2, REO)
    # 3. a stated REO content counts where the product gives no fraction
    assert line("produced", "5 t", product=PURE, reo="4 t REO").reo_content() == parse_tonnage(
        "4 t REO"
    )
    # 4. otherwise unknown (policy P10)
    assert line("produced", "5 t", product=PURE).reo_content() is None


@pytest.mark.parametrize(
    ("stated", "counted"),
    [
        ("9 t REO", "10 t REO"),  # below the fraction's 10 t: the fraction's figure counts
        ("0 t REO", "10 t REO"),  # a stated zero does not zero the line (P18)
        ("11 t REO", "11 t REO"),  # above it: the stated figure counts
        ("10 t REO", "10 t REO"),  # they agree
        ("20 t REO", "20 t REO"),  # equal to the gross mass: the most a line may state
    ],
)
def test_with_a_stated_reo_and_a_fraction_the_larger_counts(stated: str, counted: str) -> None:
    # P18: never silently prefer the stated figure; the larger is the conservative reading.
    flow = line("purchased", "20 t", product=ORE, reo=stated)
    assert flow.reo_content() == parse_tonnage(counted)
    assert flow.product_reo() == parse_tonnage("10 t REO")


def test_product_reo_is_unknown_without_a_fraction_or_for_an_reo_quantity() -> None:
    assert line("produced", "5 t", product=PURE).product_reo() is None
    assert line("produced", "5 t REO", product=ORE).product_reo() is None


@pytest.mark.parametrize(
    ("quantity", "stated"),
    [("12.5 t", "50 t REO"), ("12.5 t", "12.500001 t REO"), ("0 t", "1 g REO")],
)
def test_a_stated_reo_above_the_gross_mass_is_refused_naming_reo(
    quantity: str, stated: str
) -> None:
    # P18: a line cannot hold more rare earth oxide than it weighs.
    with pytest.raises(InvalidQuantityError, match="no greater than the gross quantity") as info:
        line("produced", quantity, reo=stated)
    assert info.value.field == "reo"
    assert isinstance(info.value, ValueError)


def test_flow_line_is_frozen_hashable_and_picklable() -> None:
    flow = line("sold", "7 t", counterparty=Counterparty(name="X GmbH", country="DE"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        flow.quantity = Tonnage(1)  # type: ignore[misc]
    assert flow == line("sold", "7000 kg", counterparty=Counterparty(name="X GmbH", country="DE"))
    assert hash(flow) == hash(pickle.loads(pickle.dumps(flow)))
    assert pickle.loads(pickle.dumps(flow)) == flow


# ------------------------------------------------------------------- FlowReport


def test_report_defaults() -> None:
    monthly = report()
    assert monthly.lines == ()
    assert monthly.submitted_at is None
    assert monthly.report_id == f"{FIRM_USCC}-2025-09"
    assert report(month="2025-09") == monthly
    assert report(report_id="custom-1").report_id == "custom-1"


def test_report_takes_any_iterable_of_lines() -> None:
    lines = [line("produced", "1 t"), line("sold", "1 t")]
    assert report(*lines).lines == tuple(lines)
    assert report(lines=iter(lines)).lines == tuple(lines)
    assert report(lines=(flow for flow in lines)).lines == tuple(lines)


def test_line_date_outside_the_month_is_refused() -> None:
    inside = line("produced", "1 t", date=date(2025, 9, 30))
    outside = line("produced", "1 t", date=date(2025, 10, 1))
    with pytest.raises(InvalidPeriodError) as info:
        report(inside, inside, outside)
    assert info.value.field == "lines[2].date"
    assert "2025-10-01" in str(info.value)
    assert "2025-09" in info.value.accepted


def test_submitted_at_must_be_aware() -> None:
    stamp = datetime(2025, 10, 9, 10, 15, tzinfo=CHINA_STANDARD_TIME)
    assert report(submitted_at=stamp).submitted_at == stamp
    with pytest.raises(InvalidTimestampError, match="naive") as info:
        report(submitted_at=datetime(2025, 10, 9, 10, 15))
    assert info.value.field == "submitted_at"
    with pytest.raises(InvalidTimestampError):
        report(submitted_at=date(2025, 10, 9))
    with pytest.raises(InvalidTimestampError):
        report(submitted_at="2025-10-09T10:15:00+08:00")


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"enterprise": FIRM_USCC}, "enterprise", InvalidInputError),
        ({"month": "2025-13"}, "month", InvalidPeriodError),
        ({"month": (2025, 9)}, "month", InvalidPeriodError),
        ({"month": date(2025, 9, 1)}, "month", InvalidPeriodError),
        ({"lines": "produced 1 t"}, "lines", InvalidInputError),
        ({"lines": 5}, "lines", InvalidInputError),
        ({"lines": [line("produced", "1 t"), "x"]}, "lines[1]", InvalidInputError),
        ({"report_id": "has space"}, "report_id", InvalidInputError),
        ({"report_id": ""}, "report_id", InvalidInputError),
        ({"report_id": 7}, "report_id", InvalidInputError),
    ],
)
def test_report_refusals(fields: dict[str, Any], field: str, error: type[Exception]) -> None:
    base: dict[str, Any] = {"enterprise": FIRM, "month": SEPTEMBER}
    with pytest.raises(error) as info:
        FlowReport(**{**base, **fields})
    assert isinstance(info.value, InvalidInputError)
    assert info.value.field == field


def test_report_equality_hash_and_pickle() -> None:
    utc_stamp = datetime(2025, 10, 9, 2, 15, tzinfo=UTC)
    beijing_stamp = datetime(2025, 10, 9, 10, 15, tzinfo=CHINA_STANDARD_TIME)
    first = report(line("produced", "1 t"), submitted_at=utc_stamp)
    second = report(line("produced", "1000 kg"), submitted_at=beijing_stamp)
    assert first == second  # same instant, same lines
    assert hash(first) == hash(second)
    assert first != report(line("produced", "2 t"), submitted_at=utc_stamp)
    assert first != report(line("produced", "1 t"), submitted_at=utc_stamp, month="2025-08")
    assert len({first, second}) == 1
    restored = pickle.loads(pickle.dumps(first))
    assert restored == first
    assert hash(restored) == hash(first)
    assert restored.report_id == first.report_id


# ----------------------------------------------------------------- mass balance


def balance_of(*lines: FlowLine, product: Product = OXIDE) -> ProductBalance:
    return mass_balance(report(*lines))[product]


def test_balance_closes() -> None:
    balance = balance_of(
        line("opening_stock", "10 t"),
        line("produced", "5 t"),
        line("purchased", "1 t"),
        line("imported", "0.5 t"),
        line("received", "0.5 t"),
        line("sold", "7 t"),
        line("consumed", "1 t"),
        line("exported", "1 t"),
        line("transferred", "0.5 t"),
        line("lost", "0.5 t"),
        line("closing_stock", "7 t"),
    )
    assert balance.basis is GROSS
    assert balance.opening == parse_tonnage("10 t")
    assert balance.inflows == parse_tonnage("7 t")
    assert balance.outflows == parse_tonnage("10 t")
    assert balance.closing == parse_tonnage("7 t")
    assert balance.determinable
    assert balance.difference_grams == 0
    assert balance.closes() is True
    assert balance.line_indexes == tuple(range(11))


def test_balance_off_by_one_gram() -> None:
    balance = balance_of(
        line("opening_stock", "10 t"),
        line("sold", "3 t"),
        line("closing_stock", "7000.001 kg"),
    )
    assert balance.difference_grams == -1
    assert balance.closes() is False
    assert balance.closes(tolerance_grams=1) is True
    more = balance_of(line("opening_stock", "10 t"), line("closing_stock", "9999.999 kg"))
    assert more.difference_grams == 1
    assert more.closes() is False


@pytest.mark.parametrize("missing", ["opening_stock", "closing_stock"])
def test_balance_without_a_stock_figure_is_not_determinable(missing: str) -> None:
    kept = "closing_stock" if missing == "opening_stock" else "opening_stock"
    balance = balance_of(line(kept, "10 t"), line("produced", "1 t"))
    assert not balance.determinable
    assert balance.difference_grams is None
    assert balance.closes() is None
    assert getattr(balance, "opening" if missing == "opening_stock" else "closing") is None


def test_balance_on_the_reo_basis() -> None:
    # OXIDE is 99% REO: a line in t REO puts the whole balance on the REO basis
    balance = balance_of(
        line("opening_stock", "10 t"),  # 9.9 t REO
        line("produced", "0.99 t REO"),
        line("sold", "1 t"),  # 0.99 t REO
        line("closing_stock", "9.9 t REO"),
    )
    assert balance.basis is REO
    assert balance.opening == parse_tonnage("9.9 t REO")
    assert balance.inflows == parse_tonnage("0.99 t REO")
    assert balance.outflows == parse_tonnage("0.99 t REO")
    assert balance.difference_grams == 0
    assert balance.closes()


def test_balance_on_the_reo_basis_needs_every_reo_content() -> None:
    balance = balance_of(
        line("opening_stock", "10 t", product=PURE),  # no REO fraction: unknown
        line("produced", "1 t REO", product=PURE),
        line("closing_stock", "11 t REO", product=PURE),
        product=PURE,
    )
    assert balance.basis is REO
    assert not balance.determinable
    assert balance.closes() is None
    stated = balance_of(
        line("opening_stock", "10 t", product=PURE, reo="10 t REO"),
        line("produced", "1 t REO", product=PURE),
        line("closing_stock", "11 t REO", product=PURE),
        product=PURE,
    )
    assert stated.determinable
    assert stated.closes()


def test_balance_groups_by_product_in_order_of_appearance() -> None:
    monthly = report(
        line("opening_stock", "1 t", product=ORE),
        line("opening_stock", "2 t"),
        line("closing_stock", "1 t", product=ORE),
        line("closing_stock", "2 t"),
    )
    balances = mass_balance(monthly)
    assert list(balances) == [ORE, OXIDE]
    assert balances[ORE].line_indexes == (0, 2)
    assert balances[OXIDE].line_indexes == (1, 3)
    assert all(balance.closes() for balance in balances.values())
    with pytest.raises(TypeError):
        balances[ORE] = balances[OXIDE]  # type: ignore[index]
    assert mass_balance(report()) == {}


def test_several_stock_lines_add_up() -> None:
    balance = balance_of(
        line("opening_stock", "1 t", date=date(2025, 9, 1)),
        line("opening_stock", "2 t"),
        line("closing_stock", "3 t"),
    )
    assert balance.opening == parse_tonnage("3 t")
    assert balance.closes()


def test_equal_products_share_one_balance() -> None:
    twin = Product(name="PrNd oxide", product_class="compound", reo_fraction=Decimal("0.990"))
    assert twin == OXIDE
    balance = balance_of(line("opening_stock", "1 t"), line("closing_stock", "1 t", product=twin))
    assert balance.line_indexes == (0, 1)
    assert balance.closes()


def test_submitted_at_keeps_its_offset() -> None:
    offset = timezone(timedelta(hours=-5))
    stamp = datetime(2025, 10, 9, 21, 0, tzinfo=offset)
    assert report(submitted_at=stamp).submitted_at.utcoffset() == timedelta(hours=-5)  # type: ignore[union-attr]


def _september(*lines: FlowLine) -> FlowReport:
    return FlowReport(enterprise=FIRM, month=SEPTEMBER, lines=lines)


def _mixed_report() -> FlowReport:
    return _september(
        FlowLine(direction="opening_stock", product=OXIDE, quantity="1 t"),
        FlowLine(direction="produced", product=OXIDE, quantity="5 t", origin="imported"),
        FlowLine(direction="sold", product=OXIDE, quantity="2 t"),
        FlowLine(direction="produced", product=ORE, quantity="3 t"),
        FlowLine(direction="closing_stock", product=OXIDE, quantity="4 t"),
    )


def test_line_indexes_by_direction_in_line_order() -> None:
    report = _mixed_report()
    assert report.line_indexes(FlowDirection.PRODUCED) == (1, 3)
    assert report.line_indexes("produced") == (1, 3)
    assert report.line_indexes("closing_stock", "sold", "opening_stock") == (0, 2, 4)
    assert report.line_indexes("produced", FlowDirection.PRODUCED) == (1, 3)
    assert report.line_indexes("imported") == ()
    assert report.line_indexes() == ()
    assert FlowReport(enterprise=FIRM, month=SEPTEMBER).line_indexes("sold") == ()


def test_line_indexes_refuses_an_unknown_direction() -> None:
    with pytest.raises(InvalidInputError) as info:
        _mixed_report().line_indexes("smuggled")
    assert info.value.field == "direction"


def test_line_indexes_follow_evolve_and_pickling() -> None:
    report = _mixed_report()
    shorter = attrs.evolve(report, lines=report.lines[2:])
    assert shorter.line_indexes("produced") == (1,)
    restored = pickle.loads(pickle.dumps(report))
    assert restored == report
    assert restored.line_indexes("produced", "sold") == (1, 2, 3)


def test_equal_products_given_as_distinct_objects_share_one_balance() -> None:
    twin = Product(name="PrNd oxide", product_class=ProductClass.COMPOUND, reo_fraction="0.99")
    assert twin == OXIDE
    assert twin is not OXIDE
    report = _september(
        FlowLine(direction="opening_stock", product=ORE, quantity="1 t"),
        FlowLine(direction="produced", product=twin, quantity="5 t", origin="imported"),
        FlowLine(direction="opening_stock", product=OXIDE, quantity="2 t"),
        FlowLine(direction="sold", product=OXIDE, quantity="3 t"),
        FlowLine(direction="closing_stock", product=twin, quantity="4 t"),
        FlowLine(direction="closing_stock", product=ORE, quantity="1 t"),
    )
    balances = mass_balance(report)
    assert list(balances) == [ORE, OXIDE]  # order of first appearance
    oxide = balances[OXIDE]
    assert oxide.line_indexes == (1, 2, 3, 4)
    assert (oxide.opening, oxide.inflows, oxide.outflows, oxide.closing) == (
        Tonnage(2_000_000),
        Tonnage(5_000_000),
        Tonnage(3_000_000),
        Tonnage(4_000_000),
    )
    assert oxide.difference_grams == 0


def test_stock_lines_of_equal_products_given_as_distinct_objects_add_up() -> None:
    twin = Product(name="PrNd oxide", product_class=ProductClass.COMPOUND, reo_fraction="0.99")
    report = _september(
        FlowLine(direction="opening_stock", product=OXIDE, quantity="2 t"),
        FlowLine(direction="opening_stock", product=twin, quantity="500 kg"),
        FlowLine(direction="sold", product=OXIDE, quantity="1 t"),
        FlowLine(direction="closing_stock", product=twin, quantity="1.5 t"),
    )
    balance = mass_balance(report)[OXIDE]
    assert balance.opening == Tonnage(2_500_000)
    assert balance.closing == Tonnage(1_500_000)
    assert balance.difference_grams == 0
    lone_twin = _september(*report.lines[1:])
    assert mass_balance(lone_twin)[twin].opening == Tonnage(500_000)
    assert mass_balance(lone_twin)[twin].difference_grams == -2_000_000


def test_a_product_reported_only_as_opening_stock_in_one_object_and_closing_in_another() -> None:
    twin = Product(name="PrNd oxide", product_class=ProductClass.COMPOUND, reo_fraction="0.99")
    report = _september(
        FlowLine(direction="opening_stock", product=OXIDE, quantity="2 t"),
        FlowLine(direction="closing_stock", product=twin, quantity="2 t"),
    )
    balance = mass_balance(report)[OXIDE]
    assert balance.determinable
    assert balance.closes()
    one_sided = FlowReport(enterprise=FIRM, month=SEPTEMBER, lines=report.lines[1:])
    assert mass_balance(one_sided)[twin].opening is None
    assert not mass_balance(one_sided)[twin].determinable


def test_an_reo_line_of_a_twin_object_puts_the_whole_product_on_the_reo_basis() -> None:
    twin = Product(name="PrNd oxide", product_class=ProductClass.COMPOUND, reo_fraction="0.99")
    report = _september(
        FlowLine(direction="opening_stock", product=OXIDE, quantity="1 t"),
        FlowLine(direction="produced", product=twin, quantity="0.99 t REO"),
        FlowLine(direction="closing_stock", product=OXIDE, quantity="2 t"),
    )
    balance = mass_balance(report)[OXIDE]
    assert balance.basis is REO
    assert (balance.opening, balance.inflows, balance.closing) == (
        Tonnage(990_000, REO),
        Tonnage(990_000, REO),
        Tonnage(1_980_000, REO),
    )
    assert balance.closes()


@pytest.mark.parametrize("code", ["ZZ", "XK", "AA", "QM", "UK", "EU"])
def test_a_country_code_outside_iso_3166_1_is_refused(code: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Counterparty(name="Nowhere Ltd", country=code)
    assert info.value.field == "counterparty.country"
    assert str(info.value) == (
        f"counterparty.country: got {code!r}; it is not an ISO 3166-1 country code "
        "(user-assigned codes such as 'ZZ' or 'XK' are not either)"
    )


@pytest.mark.parametrize("code", ["AU", "GB", "VN", "MM", "US", "CN", "SS"])
def test_an_iso_3166_1_country_code_is_accepted(code: str) -> None:
    assert Counterparty(name="Example Ltd", country=code).country == code
