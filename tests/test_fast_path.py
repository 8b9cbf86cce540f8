"""The loaders' fast path builds exactly what the detailed (cattrs) path builds."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from rare_earth_regs import FlowLine, FlowReport, Product, Tonnage
from rare_earth_regs.exceptions import InvalidDocumentError
from rare_earth_regs.model.reports import (
    Counterparty,
    FlowDirection,
    checked_line,
    checked_report,
)
from rare_earth_regs.serialization import clear_caches, loads_report, report_from_dict
from rare_earth_regs.serialization.converters import freeze
from rare_earth_regs.serialization.detailed_path import detailed_report

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples" / "reports").glob("*.json"))


def _example(name: str) -> dict[str, Any]:
    path = next(path for path in EXAMPLES if path.name == name)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_fast_and_detailed_paths_agree_on_every_example(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    clear_caches()
    fast = report_from_dict(copy.deepcopy(data))
    detailed = detailed_report(copy.deepcopy(data), "example")
    assert fast == detailed
    assert fast.lines == detailed.lines
    for direction in FlowDirection:
        assert fast.line_indexes(direction) == detailed.line_indexes(direction)


def test_text_the_fast_path_does_not_take_is_normalised_the_same_way() -> None:
    data = _example("2025-09-separation.json")
    data["lines"][5]["invoice_number"] = "  HY-2025-09-001  "
    fast = report_from_dict(copy.deepcopy(data))
    detailed = detailed_report(copy.deepcopy(data), "example")
    assert fast == detailed
    assert fast.lines[5].invoice_number == "HY-2025-09-001"


def test_shared_products_are_one_object_across_reports() -> None:
    clear_caches()
    first = loads_report(json.dumps(_example("2025-07-separation.json")))
    second = loads_report(json.dumps(_example("2025-08-separation.json")))
    assert first.lines[0].product is second.lines[0].product
    assert first.enterprise is second.enterprise


def test_checked_line_equals_the_constructor_and_refuses_what_it_refuses() -> None:
    line = FlowLine(direction="produced", product=_product(), quantity="2 t", origin="imported")
    same = checked_line(
        direction=line.direction,
        product=line.product,
        quantity=line.quantity,
        reo=None,
        origin=line.origin,
        counterparty=None,
        date=None,
        invoice_number=None,
        customs_declaration=None,
    )
    assert same == line
    with pytest.raises(ValueError, match="invoice_number"):
        checked_line(
            direction=line.direction,
            product=line.product,
            quantity=line.quantity,
            reo=None,
            origin=None,
            counterparty=None,
            date=None,
            invoice_number="no spaces allowed inside",
            customs_declaration=None,
        )


def _product() -> Product:
    return Product(name="PrNd oxide", product_class="compound", reo_fraction="1")


def test_checked_line_by_position_sets_every_field() -> None:
    seller = Counterparty(uscc="91350000MA0000001J")
    line = FlowLine(
        direction="purchased",
        product=_product(),
        quantity="2 t",
        reo="1.5 t REO",
        origin="domestic_mined",
        counterparty=seller,
        date=dt.date(2025, 9, 3),
        invoice_number="INV-1",
        customs_declaration="CD-1",
    )
    same = checked_line(*(getattr(line, field.name) for field in attrs.fields(FlowLine)))
    assert same == line
    assert repr(same) == repr(line)


@pytest.mark.parametrize(
    ("quantity", "reo"),
    [("2 t REO", "1 t REO"), ("2 t", "1 t"), ("2 t", "2.000001 t REO")],
    ids=["reo-beside-an-reo-quantity", "gross-reo", "reo-above-the-gross-mass"],
)
def test_checked_line_refuses_an_reo_content_the_constructor_refuses(
    quantity: str, reo: str
) -> None:
    with pytest.raises(ValueError, match="reo"):
        checked_line(
            FlowDirection.PRODUCED,
            _product(),
            Tonnage.parse(quantity),
            Tonnage.parse(reo),
            None,
            None,
            None,
            None,
            None,
        )


def test_a_stated_reo_above_the_gross_mass_is_named_by_its_path() -> None:
    # P18, through the loaders: the fast path falls back to the constructor's refusal.
    data = _example("2025-09-separation.json")
    data["lines"][1]["reo"] = "1000000 t REO"
    with pytest.raises(InvalidDocumentError) as info:
        report_from_dict(data)
    assert [error.path for error in info.value.errors] == ["$.lines[1].reo"]


def test_a_line_dated_outside_the_month_is_named_by_its_path() -> None:
    data = _example("2025-09-separation.json")
    data["lines"][5]["date"] = "2025-10-01"
    with pytest.raises(InvalidDocumentError) as info:
        report_from_dict(data)
    assert [error.path for error in info.value.errors] == ["$.lines[5].date"]


def test_a_counterparty_field_of_the_wrong_type_is_named_by_its_path() -> None:
    data = _example("2025-09-separation.json")
    index = next(i for i, line in enumerate(data["lines"]) if "counterparty" in line)
    data["lines"][index]["counterparty"] = {"name": 7, "country": "AU"}
    with pytest.raises(InvalidDocumentError) as info:
        report_from_dict(data)
    assert [error.path for error in info.value.errors] == [f"$.lines[{index}].counterparty.name"]


def test_counterparties_are_shared_across_reports_and_freed_by_clear_caches() -> None:
    clear_caches()
    data = _example("2025-09-separation.json")
    first, second = report_from_dict(copy.deepcopy(data)), report_from_dict(copy.deepcopy(data))
    index = next(i for i, line in enumerate(first.lines) if line.counterparty is not None)
    assert first.lines[index].counterparty is second.lines[index].counterparty
    clear_caches()
    third = report_from_dict(copy.deepcopy(data))
    assert third.lines[index].counterparty == first.lines[index].counterparty
    assert third.lines[index].counterparty is not first.lines[index].counterparty


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"a": 1}, {"a": True}),
        ({"a": 1}, {"a": "1"}),
        ({"a": None}, {"a": "None"}),
        ({"a": ["x"]}, {"a": "x"}),
        ({"a": {"b": 1}}, {"a": [["b", 1]]}),
        ({"a": [1]}, {"a": [1.0]}),
        ({"a": "x", "b": "y"}, {"b": "y", "a": "x"}),
    ],
)
def test_shared_cache_keys_tell_apart_what_json_tells_apart(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    same = json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert (freeze(first) == freeze(second)) is same


def test_checked_report_equals_the_constructor_and_checks_the_other_fields() -> None:
    report = loads_report(json.dumps(_example("2025-09-separation.json")))
    indexes: dict[FlowDirection, list[int]] = {}
    for index, line in enumerate(report.lines):
        indexes.setdefault(line.direction, []).append(index)

    def rebuilt(
        submitted_at: dt.datetime | None = report.submitted_at, report_id: str = report.report_id
    ) -> FlowReport:
        return checked_report(
            enterprise=report.enterprise,
            month=report.month,
            lines=list(report.lines),
            indexes=indexes,
            submitted_at=submitted_at,
            report_id=report_id,
        )

    same = rebuilt()
    assert same == report
    assert same.line_indexes(*FlowDirection) == tuple(range(len(report.lines)))
    assert same.line_indexes("produced") == report.line_indexes("produced")
    with pytest.raises(ValueError, match="submitted_at"):
        rebuilt(submitted_at=dt.datetime(2025, 10, 9, 10, 0))  # naive
    with pytest.raises(ValueError, match="report_id"):
        rebuilt(report_id="has spaces")
