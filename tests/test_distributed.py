"""The Dask recipe: the same findings as check_flow_report + check_year in one process."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
import pytest

from rare_earth_regs.distributed import DASK_INSTALL_HINT, check_file, check_files_dask
from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.filings import content_digest
from rare_earth_regs.findings import Findings
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DesignationRegister, Enterprise, make_uscc
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules import check_filings, check_flow_report, check_year
from rare_earth_regs.serialization import (
    dumps_report,
    load_report,
    loads_allocations,
    loads_designations,
)
from rare_earth_regs.stream import report_digest
from rare_earth_regs.units import MassBasis, Tonnage

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE_PATHS = sorted((EXAMPLES / "reports").glob("*.json"))
AS_OF = dt.date(2026, 1, 20)

OXIDE = Product(name="PrNd oxide", product_class=ProductClass.COMPOUND, reo_fraction="1")
CONCENTRATE = Product(
    name="Bastnaesite concentrate", product_class=ProductClass.MINERAL_PRODUCT, reo_fraction="0.5"
)


def firm(serial: int) -> Enterprise:
    kind = Activity.MINING if serial % 2 else Activity.SMELTING_SEPARATION
    return Enterprise(
        uscc=make_uscc(f"91350000MA0DK{serial:04d}"),
        name=f"Dask Example Co. {serial} (fictional)",
        activities=[kind],
    )


def generated(count: int, *, seed: int = 71) -> Iterator[FlowReport]:
    """Reports of three enterprises, Dec 2024 to Dec 2025, with gaps and stock breaks."""
    rng = random.Random(seed)
    made = 0
    for serial in range(3):
        enterprise = firm(serial)
        output = CONCENTRATE if serial % 2 else OXIDE
        stock = 100_000_000
        for month in Month.range(Month(2024, 12), Month(2025, 12)):
            if made == count:
                return
            if rng.random() < 0.1:
                continue
            opening = stock + (5_000 if rng.random() < 0.3 else 0)
            produced = [rng.randrange(1, 40) * 1_000_000 for _ in range(rng.randrange(1, 4))]
            sold = rng.randrange(0, opening + sum(produced)) // 1000 * 1000
            stock = opening + sum(produced) - sold
            origin = None if rng.random() < 0.1 else "imported"
            lines = [
                FlowLine(direction="sold", product=output, quantity=Tonnage(sold)),
                FlowLine(direction="opening_stock", product=output, quantity=Tonnage(opening)),
                *(
                    FlowLine(
                        direction="produced",
                        product=output,
                        quantity=Tonnage(grams),
                        origin=origin if output is OXIDE else None,
                    )
                    for grams in produced
                ),
                FlowLine(
                    direction="closing_stock",
                    product=output,
                    quantity=Tonnage(stock // 2, MassBasis.REO)
                    if output is CONCENTRATE
                    else Tonnage(stock),
                ),
            ]
            made += 1
            yield FlowReport(enterprise=enterprise, month=month, lines=lines)


def reference(
    paths: list[Path],
    *,
    year: int,
    allocations: Iterable[QuotaAllocation] = (),
    designations: DesignationRegister | None = None,
    as_of: dt.date | None = None,
) -> Findings:
    """check_filings on the reports, in one process."""
    reports = [load_report(path) for path in paths]
    return check_filings(
        reports, year=year, allocations=allocations, designations=designations, as_of=as_of
    )


def test_examples_on_local_processes() -> None:
    pytest.importorskip("dask.bag")
    allocations = [
        attrs.evolve(allocation, amount="10 t REO")
        for allocation in loads_allocations((EXAMPLES / "allocations.json").read_text("utf-8"))
    ]
    designations = loads_designations((EXAMPLES / "designations.json").read_text("utf-8"))
    found = check_files_dask(
        EXAMPLE_PATHS,
        year=2025,
        allocations=allocations,
        designations=designations,
        as_of=AS_OF,
        scheduler="processes",
        num_workers=2,
    )
    expected = reference(
        EXAMPLE_PATHS,
        year=2025,
        allocations=allocations,
        designations=designations,
        as_of=AS_OF,
    )
    assert found == expected
    assert {"FST001", "QTA001", "RPT001"} <= set(found.rule_ids)


def test_generated_files_on_local_processes(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    paths = []
    for report in generated(20):
        path = tmp_path / f"{report.report_id}.json"
        path.write_text(dumps_report(report), "utf-8")
        paths.append(path)
    assert len(paths) == 20
    allocations = [
        QuotaAllocation(
            year=2025,
            batch=1,
            activity="smelting_separation",
            holder=firm(0).name,
            holder_uscc=firm(0).uscc,
            amount="100 t REO",
        )
    ]
    found = check_files_dask(
        paths,
        year=2025,
        allocations=allocations,
        as_of=AS_OF,
        npartitions=4,
        scheduler="processes",
        num_workers=2,
    )
    expected = reference(paths, year=2025, allocations=allocations, as_of=AS_OF)
    assert found == expected
    assert {"QTA001", "QTA002", "RPT002", "RPT004"} <= set(found.rule_ids)


def test_every_year_in_one_process(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    paths = []
    for report in generated(12, seed=5):
        path = tmp_path / f"{report.report_id}.json"
        path.write_text(dumps_report(report), "utf-8")
        paths.append(path)
    found = check_files_dask(paths, scheduler="synchronous")
    reports = [load_report(path) for path in paths]
    expected = Findings(f for report in reports for f in check_flow_report(report))
    for year in sorted({report.month.year for report in reports}):
        expected += check_year(reports, year=year)
    assert found == expected
    assert check_files_dask([], year=2025, scheduler="synchronous") == Findings()
    with pytest.raises(InvalidInputError, match="paths"):
        check_files_dask(str(paths[0]), year=2025, scheduler="synchronous")
    with pytest.raises(NotInForceError):  # options are checked before any work is sent out
        check_files_dask(paths, year=2023, scheduler="synchronous")


def test_what_travels_pickles() -> None:
    designations = loads_designations((EXAMPLES / "designations.json").read_text("utf-8"))
    assert pickle.loads(pickle.dumps(designations)) == designations
    assert isinstance(designations, DesignationRegister)
    findings, digest, content = check_file(
        str(EXAMPLE_PATHS[-1]), year=2025, designations=designations
    )
    assert pickle.loads(pickle.dumps((findings, digest, content))) == (findings, digest, content)
    assert content == content_digest(load_report(EXAMPLE_PATHS[-1]))
    assert digest == report_digest(
        load_report(EXAMPLE_PATHS[-1]), year=2025, designations=designations
    )
    assert findings == check_flow_report(load_report(EXAMPLE_PATHS[-1]), designations=designations)


def test_without_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install '\.\[dask\]'"):
        check_files_dask(EXAMPLE_PATHS, year=2025)
    assert "pip install '.[dask]'" in DASK_INSTALL_HINT
