"""The loaders' fast path builds exactly what the detailed (cattrs) path builds."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from rare_earth_regs import FlowLine, Product
from rare_earth_regs.model.reports import checked_line
from rare_earth_regs.serialization import (
    _detailed_report,
    clear_caches,
    loads_report,
    report_from_dict,
)

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
    detailed = _detailed_report(copy.deepcopy(data), "example")
    assert fast == detailed
    assert fast.lines == detailed.lines


def test_text_the_fast_path_does_not_take_is_normalised_the_same_way() -> None:
    data = _example("2025-09-separation.json")
    data["lines"][5]["invoice_number"] = "  HY-2025-09-001  "
    fast = report_from_dict(copy.deepcopy(data))
    detailed = _detailed_report(copy.deepcopy(data), "example")
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
