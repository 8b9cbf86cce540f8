"""Audit receipts: deterministic (no clock, no paths), and any change of an input shows."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import attrs
import pytest

from rare_earth_regs.cli import main
from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.filings import FilingSet
from rare_earth_regs.findings import Findings
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.quotas import QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.receipts import (
    check_receipt,
    dumps_receipt,
    findings_digest,
    receipt_digest,
)
from rare_earth_regs.rules import check_filings
from rare_earth_regs.serialization import load_report, loads_allocations, loads_designations

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PATHS = sorted((EXAMPLES / "reports").glob("*.json"))
AS_OF = dt.date(2026, 1, 20)


def _inputs() -> tuple[list[FlowReport], tuple[QuotaAllocation, ...], DesignationRegister]:
    allocations = loads_allocations((EXAMPLES / "allocations.json").read_text("utf-8"))
    designations = loads_designations((EXAMPLES / "designations.json").read_text("utf-8"))
    return [load_report(path) for path in PATHS], allocations, designations


def _receipt(
    reports: list[FlowReport],
    allocations: tuple[QuotaAllocation, ...],
    designations: DesignationRegister | None,
    *,
    as_of: dt.date | None = AS_OF,
    sources: list[str] | None = None,
    tolerance: int = 0,
) -> dict[str, object]:
    filings = FilingSet()
    for index, report in enumerate(reports):
        filings.add(report, source=None if sources is None else sources[index])
    found = check_filings(
        filings,
        year=2025,
        allocations=allocations,
        designations=designations,
        as_of=as_of,
        balance_tolerance_grams=tolerance,
    )
    return check_receipt(
        filings,
        found,
        years=[2025],
        as_of=as_of,
        allocations=allocations,
        designations=designations,
        options={"balance_tolerance_grams": tolerance},
    )


def test_the_same_inputs_give_the_same_receipt_whatever_their_order_and_paths() -> None:
    reports, allocations, designations = _inputs()
    one = _receipt(reports, allocations, designations, sources=[f"a/{p.name}" for p in PATHS])
    copies = [*reversed(reports), reports[0]]
    sources = [f"/elsewhere/{p.name}" for p in reversed(PATHS)] + ["/elsewhere/copy.json"]
    two = _receipt(copies, tuple(reversed(allocations)), designations, sources=sources)
    assert dumps_receipt(one) != ""
    # The copy adds a FIL001 note, so the findings differ; everything else is the same.
    assert {k: v for k, v in one.items() if k not in ("findings", "receipt_sha256")} == {
        k: v for k, v in two.items() if k not in ("findings", "receipt_sha256")
    }
    again = _receipt(reports, allocations, designations, sources=[f"b/{p.name}" for p in PATHS])
    assert dumps_receipt(again) == dumps_receipt(one)
    assert "elsewhere" not in dumps_receipt(two)
    assert receipt_digest(one) == one["receipt_sha256"]


def test_any_change_of_an_input_changes_the_receipt() -> None:
    reports, allocations, designations = _inputs()
    base = _receipt(reports, allocations, designations)["receipt_sha256"]
    september = reports[-1]
    corrected = attrs.evolve(september, revision=2, lines=september.lines[:-1])
    variants = [
        _receipt([*reports, corrected], allocations, designations),
        _receipt(
            reports,
            (attrs.evolve(allocations[0], amount="1 t REO"), *allocations[1:]),
            designations,
        ),
        _receipt(reports, allocations, None),
        _receipt(reports, allocations, designations, as_of=dt.date(2026, 1, 21)),
        _receipt(reports, allocations, designations, tolerance=1),
        _receipt(reports[:-1], allocations, designations),
    ]
    digests = {variant["receipt_sha256"] for variant in variants}
    assert base not in digests
    assert len(digests) == len(variants)


def test_the_receipt_lists_rules_filings_and_digests() -> None:
    reports, allocations, designations = _inputs()
    receipt = _receipt(reports, allocations, designations)
    rules = receipt["rules"]
    assert isinstance(rules, list)
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(ids)
    assert {"RPT001", "QTA001", "FIL001"} <= set(ids)
    assert all("in_force_from" in rule for rule in rules)
    filings = receipt["filings"]
    assert isinstance(filings, list)
    assert len(filings) == 9
    assert receipt["as_of"] == "2026-01-20"
    assert receipt["format"] == "rare_earth_regs/check-receipt"


def test_findings_digest_ignores_messages_and_sources() -> None:
    assert findings_digest(Findings()) == findings_digest(Findings())
    with pytest.raises(InvalidInputError, match="findings"):
        findings_digest([])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="filings"):
        check_receipt([], Findings(), years=[2025])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="as_of"):
        check_receipt(FilingSet(), Findings(), years=[2025], as_of="2026-01-20")  # type: ignore[arg-type]


def test_check_writes_the_same_receipt_from_another_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "elsewhere"
    shutil.copytree(EXAMPLES / "reports", other)
    common = ["--allocations", str(EXAMPLES / "allocations.json"), "--as-of", "2026-01-20"]
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    main(["check", str(EXAMPLES / "reports"), *common, "--receipt", str(first)])
    main(["check", str(other), *common, "--receipt", str(second)])
    capsys.readouterr()
    assert first.read_bytes() == second.read_bytes()
    receipt = json.loads(first.read_text("ascii"))
    assert receipt_digest(receipt) == receipt["receipt_sha256"]
    assert str(tmp_path) not in first.read_text("ascii")


def test_an_unwritable_receipt_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(PATHS[0]), "--receipt", str(tmp_path / "no" / "such" / "r.json")])
    assert code == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "r.json" in line
