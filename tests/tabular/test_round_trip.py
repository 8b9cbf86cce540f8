"""Report -> rows -> report gives an equal report, through CSV and through .xlsx."""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.model.reports import MAX_REVISION, FlowReport
from rare_earth_regs.serialization import load_report
from rare_earth_regs.tabular import read_flows, write_flows, write_template
from strategies import reports

EXAMPLES = sorted(Path(__file__).parents[2].joinpath("examples", "reports").glob("*.json"))


def round_trip(found: list[FlowReport], suffix: str, **options: object) -> tuple[FlowReport, ...]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"flows{suffix}"
        files = write_flows(found, target, **options)  # type: ignore[arg-type]
        if suffix == ".xlsx":
            return read_flows(target).reports
        return read_flows(files[0], products=files[1], enterprise=files[2]).reports


def _clean(text: str) -> str:
    cleaned = "".join(ch if ch >= " " or ch in "\t\n" else "?" for ch in text)
    return cleaned.strip() or "x"


def _xml_safe(report: FlowReport) -> FlowReport:
    """The report with the control characters a workbook cannot hold replaced."""
    firm = report.enterprise
    firm = attrs.evolve(
        firm, name=_clean(firm.name), group=None if firm.group is None else _clean(firm.group)
    )
    lines = []
    for line in report.lines:
        party = line.counterparty
        if party is not None and party.name is not None:
            party = attrs.evolve(party, name=_clean(party.name))
        product = attrs.evolve(line.product, name=_clean(line.product.name))
        lines.append(attrs.evolve(line, product=product, counterparty=party))
    return attrs.evolve(report, enterprise=firm, lines=lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(max_revision=MAX_REVISION))
def test_csv_round_trip(report: FlowReport) -> None:
    assume(report.lines)
    assert round_trip([report], ".csv") == (report,)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(max_revision=MAX_REVISION), st.booleans(), st.sampled_from(("en", "zh")))
def test_xlsx_round_trip(report: FlowReport, split_units: bool, language: str) -> None:
    assume(report.lines)
    report = _xml_safe(report)
    assert round_trip([report], ".xlsx", split_units=split_units, language=language) == (report,)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from((".csv", ".xlsx")))
def test_revisions_of_one_month_round_trip_as_separate_reports(
    data: st.DataObject, suffix: str
) -> None:
    first = _xml_safe(data.draw(reports(max_revision=MAX_REVISION)))
    assume(first.lines)
    other = data.draw(reports(month_strategy=st.just(first.month), max_revision=MAX_REVISION))
    assume(other.lines and other.revision != first.revision)
    correction = _xml_safe(attrs.evolve(other, enterprise=first.enterprise))
    assert round_trip([first, correction], suffix) == (first, correction)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_example_year_round_trips(suffix: str) -> None:
    found = [load_report(path) for path in EXAMPLES]
    assert round_trip(found, suffix) == tuple(found)


def test_control_characters_cannot_go_into_a_workbook(tmp_path: Path) -> None:
    report = load_report(EXAMPLES[0])
    odd = attrs.evolve(report, enterprise=attrs.evolve(report.enterprise, name="a\x01b"))
    with pytest.raises(InvalidInputError, match="control characters"):
        write_flows([odd], tmp_path / "flows.xlsx")
    returned = attrs.evolve(report, enterprise=attrs.evolve(report.enterprise, name="a\rb"))
    with pytest.raises(InvalidInputError, match="carriage returns"):
        write_flows([returned], tmp_path / "flows.xlsx")
    assert round_trip([odd], ".csv") == (odd,)


def test_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    report = load_report(EXAMPLES[0])
    odd = attrs.evolve(report, enterprise=attrs.evolve(report.enterprise, name="=1+1"))
    assert round_trip([odd], ".xlsx") == (odd,)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_template_reads_as_one_report(tmp_path: Path, language: str) -> None:
    (workbook,) = write_template(tmp_path / "template.xlsx", language=language)
    (report,) = read_flows(workbook).reports
    assert [line.quantity.grams for line in report.lines] == [12_500_000]
    flows, products, enterprise = write_template(tmp_path / "template.csv", language=language)
    (again,) = read_flows(flows, products=products, enterprise=enterprise).reports
    assert again == report


def test_the_template_has_drop_down_lists(tmp_path: Path) -> None:
    (path,) = write_template(tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(path)
    lists = {
        (
            sheet.title,
            next(iter(validation.sqref.ranges)).coord.split(":")[0][0],
        ): validation.formula1
        for sheet in book.worksheets
        for validation in sheet.data_validations.dataValidation
    }
    assert '"opening_stock,produced' in lists[("flows", "C")]
    assert "domestic_mined,imported,other_minerals,secondary" in lists[("flows", "H")]
    assert "mineral_product" in lists[("products", "C")]
