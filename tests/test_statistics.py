"""Trade statistics: groups, periods, year-on-year change, coverage, CSV, the bundled example."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.model.enterprises import Enterprise, make_uscc
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import Counterparty, FlowLine, FlowReport
from rare_earth_regs.serialization import load_report
from rare_earth_regs.statistics import (
    CSV_COLUMNS,
    TradeGroup,
    trade_group,
    trade_statistics,
    write_statistics_csv,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "trade"
TRADER = Enterprise(
    uscc=make_uscc("91350200MA8HB7T3X"), name="Example Trader", activities=["export"]
)
OXIDE = Product(name="La2O3", product_class="compound", form="oxide", customs_code="28469012")
MAGNET = Product(name="N52", product_class="downstream_goods", form="NdFeB magnet")
BUYER = Counterparty(name="Example GmbH", country="DE")


def month_report(month: str, *lines: FlowLine) -> FlowReport:
    return FlowReport(enterprise=TRADER, month=month, lines=lines)


def exported(product: Product, quantity: str) -> FlowLine:
    return FlowLine(direction="exported", product=product, quantity=quantity, counterparty=BUYER)


def imported(product: Product, quantity: str) -> FlowLine:
    return FlowLine(direction="imported", product=product, quantity=quantity, counterparty=BUYER)


def test_the_bundled_example_reproduces_the_shape_of_the_h1_2025_figures() -> None:
    reports = [load_report(path) for path in sorted(EXAMPLES.glob("*.json"))]
    stats = trade_statistics(reports)
    expected = {
        ("import", TradeGroup.SEPARATION_PRODUCTS): (Decimal(386), Decimal("-12.0")),
        ("import", TradeGroup.MAGNETS): (Decimal("10.56"), Decimal("11.0")),
        ("export", TradeGroup.SEPARATION_PRODUCTS): (Decimal(320), Decimal("11.3")),
        ("export", TradeGroup.MAGNETS): (Decimal(220), Decimal("-19.0")),
    }
    for (direction, group), (tonnes, change) in expected.items():
        row = stats.row("2025-H1", direction, group)
        assert (row.tonnes, row.yoy_change_percent) == (tonnes, change)
    assert stats.skipped == ()
    # The separation products are the sum of their three parts.
    parts = sum(
        stats.row("2025-H1", "export", group).tonnes
        for group in (TradeGroup.OXIDES, TradeGroup.COMPOUNDS, TradeGroup.METALS)
    )
    assert parts == Decimal(320)


def test_groups_by_customs_code_then_by_class_and_form() -> None:
    def group(**fields: object) -> TradeGroup | None:
        return trade_group(Product(name="x", **fields))

    assert (
        group(product_class="mineral_product", customs_code="25309020")
        is TradeGroup.ORES_AND_CONCENTRATES
    )
    assert group(product_class="compound", customs_code="28461010") is TradeGroup.OXIDES
    assert group(product_class="compound", customs_code="28469041") is TradeGroup.COMPOUNDS
    assert group(product_class="metal_or_alloy", customs_code="2805301910") is TradeGroup.METALS
    assert group(product_class="metal_or_alloy", customs_code="7202999191") is TradeGroup.METALS
    assert group(product_class="downstream_goods", customs_code="8505111000") is TradeGroup.MAGNETS
    assert group(product_class="compound", form="oxide") is TradeGroup.OXIDES
    assert group(product_class="compound", form="carbonate") is TradeGroup.COMPOUNDS
    assert group(product_class="mineral_product") is TradeGroup.ORES_AND_CONCENTRATES
    assert group(product_class="downstream_goods", form="phosphor") is None
    assert group(product_class="secondary_resource", form="scrap") is None


def test_periods_add_up_month_quarter_half_and_year() -> None:
    reports = [month_report(f"2025-{m:02d}", exported(OXIDE, f"{m} t")) for m in range(1, 13)]
    stats = trade_statistics(reports)
    assert stats.row("2025-03", "export", "oxides").tonnes == 3
    assert stats.row("2025-Q1", "export", "oxides").tonnes == 6
    assert stats.row("2025-H2", "export", "oxides").tonnes == 7 + 8 + 9 + 10 + 11 + 12
    assert stats.row("2025", "export", "oxides").tonnes == 78
    assert stats.row("2025", "import", "oxides").tonnes == 0


def test_year_on_year_change_needs_both_periods_covered() -> None:
    reports = [
        month_report("2024-01", exported(OXIDE, "10 t")),
        month_report("2025-01", exported(OXIDE, "12 t")),
        month_report("2025-02", exported(OXIDE, "1 t")),
    ]
    stats = trade_statistics(reports)
    assert stats.row("2025-01", "export", "oxides").yoy_change_percent == Decimal("20.0")
    # February 2024 is not covered by any report: no change, not "from zero".
    assert stats.row("2025-02", "export", "oxides").yoy_change_percent is None
    assert stats.row("2025-Q1", "export", "oxides").yoy_change_percent is None
    # A period with nothing a year before (covered, zero) has no percentage either.
    assert stats.row("2025-01", "export", "magnets").yoy_change_percent is None


def test_a_drop_to_zero_is_minus_100_percent_and_rounding_is_exact() -> None:
    reports = [
        month_report("2024-01", exported(OXIDE, "3 t"), exported(MAGNET, "1 t")),
        month_report("2025-01", exported(OXIDE, "2 t")),
    ]
    stats = trade_statistics(reports)
    assert stats.row("2025-01", "export", "magnets").yoy_change_percent == Decimal("-100.0")
    assert stats.row("2025-01", "export", "oxides").yoy_change_percent == Decimal("-33.3")


def test_gram_exact_sums() -> None:
    lines = [exported(OXIDE, "0.1 t"), exported(OXIDE, "0.2 t")]
    stats = trade_statistics([month_report("2025-01", *lines)])
    assert stats.row("2025-01", "export", "oxides").tonnes == Decimal("0.3")


def test_lines_that_cannot_enter_gross_figures_are_listed_with_the_reason() -> None:
    scrap = Product(name="Scrap", product_class="secondary_resource", form="scrap")
    report = month_report("2025-01", exported(OXIDE, "2 t REO"), imported(scrap, "1 t"))
    stats = trade_statistics([report])
    assert [(s.line, s.reason) for s in stats.skipped] == [
        (0, "La2O3: quantity stated in REO, not gross mass"),
        (1, "Scrap: no customs-code group"),
    ]
    assert stats.row("2025-01", "export", "oxides").tonnes == 0


def test_an_uncovered_period_has_no_row() -> None:
    stats = trade_statistics([month_report("2025-01", exported(OXIDE, "1 t"))])
    with pytest.raises(InvalidInputError, match="period"):
        stats.row("2025-02", "export", "oxides")


def test_only_reports_are_accepted() -> None:
    with pytest.raises(InvalidInputError, match="reports"):
        trade_statistics(["2025-01"])  # type: ignore[list-item]


def test_csv_has_a_header_and_exact_figures() -> None:
    stats = trade_statistics([month_report("2025-01", exported(OXIDE, "10.56 t"))])
    out = io.StringIO()
    text = write_statistics_csv(stats, out)
    assert out.getvalue() == text
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert ["2025-01", "export", "oxides", "10.56", "1", ""] in rows


def test_a_copy_of_a_report_is_counted_once() -> None:
    reports = [load_report(path) for path in sorted(Path("examples/trade").glob("*.json"))]
    with_copy = [*reports, load_report(sorted(Path("examples/trade").glob("*.json"))[0])]
    assert trade_statistics(with_copy) == trade_statistics(reports)
