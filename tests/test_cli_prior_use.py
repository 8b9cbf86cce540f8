"""``--prior-use FILE`` for ``check`` and ``quota-use``: output stated for 2024 before October.

Policy P14: the 2024 indicators cover the whole year, the rules only its last quarter. The
caller states the output of January to September in a prior use document; it is added to the
output counted from 1 October. Equal to the indicator is compliant, one gram over a breach.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clitools import assert_one_error_line
from rare_earth_regs.cli import main
from rare_earth_regs.model.quotas import PriorUse
from rare_earth_regs.serialization import (
    PRIOR_USE_FORMAT,
    dumps_allocations,
    dumps_prior_use,
    dumps_report,
    loads_prior_use,
)
from rules.builders import OXIDE, allocation, produced, report, separator

FIRM = separator()


def _prior(amount: str, **more: Any) -> dict[str, Any]:
    return {
        "year": 2024,
        "activity": "smelting_separation",
        "holder": FIRM.name,
        "holder_uscc": FIRM.uscc,
        "amount": amount,
        "source": "the holder's statement of January-September 2024",
        **more,
    }


def _write_prior(tmp_path: Path, *entries: dict[str, Any], name: str = "prior.json") -> str:
    path = tmp_path / name
    document = {"format": PRIOR_USE_FORMAT, "version": 1, "prior_use": list(entries)}
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.fixture
def quarter(tmp_path: Path) -> list[str]:
    """October to December 2024 reports (30 t REO of output) and a 100 t REO indicator."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for month, tonnes in (("2024-10", "10 t"), ("2024-11", "20 t"), ("2024-12", None)):
        lines = [] if tonnes is None else [produced(OXIDE, tonnes)]
        (folder / f"{month}.json").write_text(dumps_report(report(FIRM, month, lines)), "utf-8")
    quota = allocation(2024, "100 t REO", holder=FIRM.name, holder_uscc=FIRM.uscc)
    (tmp_path / "allocations.json").write_text(dumps_allocations([quota]), "utf-8")
    return [str(folder), "--allocations", str(tmp_path / "allocations.json")]


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", *args, "--year", "2024", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _quota_findings(document: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (entry["rule_id"], entry["facts"].get("reason", ""))
        for entry in document["findings"]
        if entry["rule_id"] in ("QTA001", "QTA002")
    )


def test_without_prior_use_2024_is_a_partial_year(
    quarter: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, document = _check(capsys, *quarter)
    assert code == 0
    assert _quota_findings(document) == [("QTA002", "partial year")]


def test_prior_use_equal_to_what_is_left_is_compliant(
    tmp_path: Path, quarter: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    prior = _write_prior(tmp_path, _prior("70 t REO"))
    code, document = _check(capsys, *quarter, "--prior-use", prior)
    assert code == 0
    assert _quota_findings(document) == []  # 70 + 30 = 100 t REO: equal, compliant (P7)


def test_prior_use_one_gram_over_is_a_breach(
    tmp_path: Path, quarter: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    prior = _write_prior(tmp_path, _prior("70.000001 t REO"))
    code, document = _check(capsys, *quarter, "--prior-use", prior)
    assert code == 1
    [finding] = [entry for entry in document["findings"] if entry["rule_id"] == "QTA001"]
    assert finding["facts"]["excess_grams"] == 1
    assert finding["facts"]["prior_use"] == "70.000001 t REO"
    assert _quota_findings(document) == [("QTA001", "")]


def test_quota_use_adds_the_prior_use(
    tmp_path: Path, quarter: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["quota-use", *quarter, "--year", "2024", "--activity", "smelting_separation"]
    for amount, headroom, excess in (
        ("70 t REO", "0 t REO", "0 t REO"),
        ("70.000001 t REO", "0 t REO", "0.000001 t REO"),
    ):
        prior = _write_prior(tmp_path, _prior(amount))
        assert main([*args, "--prior-use", prior, "--format", "json"]) == 0
        [holder] = json.loads(capsys.readouterr().out)["smelting_separation"]["holders"]
        assert (holder["counted"], holder["prior_use"]) == ("30 t REO", amount)
        assert (holder["headroom"], holder["excess"]) == (headroom, excess)
    assert main([*args, "--prior-use", prior]) == 0
    assert "prior use:    70.000001 t REO" in capsys.readouterr().out
    assert main([*args, "--format", "json"]) == 0
    [holder] = json.loads(capsys.readouterr().out)["smelting_separation"]["holders"]
    assert holder["prior_use"] is None


@pytest.mark.parametrize("command", ["check", "quota-use"])
@pytest.mark.parametrize(
    ("entry", "named"),
    [
        (_prior("70 t"), "$.prior_use[0].amount"),  # a mass, not REO
        (_prior("70 t REO", activity="smelting"), "$.prior_use[0].activity"),
        ({"year": 2024, "activity": "mining", "amount": "1 t REO"}, "$.prior_use[0].holder"),
        (_prior("70 t REO", ore_type="rock"), "ore_type"),  # only mining is split
        (_prior("70 t REO", year=2025), "prior_use[0].year"),  # 2025 is a whole year
    ],
)
def test_a_bad_entry_is_one_error_line_naming_the_field(
    *,
    tmp_path: Path,
    quarter: list[str],
    capsys: pytest.CaptureFixture[str],
    command: str,
    entry: dict[str, Any],
    named: str,
) -> None:
    prior = _write_prior(tmp_path, entry)
    assert main([command, *quarter, "--year", "2024", "--prior-use", prior]) == 2
    captured = capsys.readouterr()
    line = assert_one_error_line(captured.err)
    assert named in line
    assert prior in line
    assert captured.out == ""


def test_another_kind_of_document_is_named_as_such(
    tmp_path: Path, quarter: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *quarter, "--prior-use", quarter[-1]]) == 2
    line = assert_one_error_line(capsys.readouterr().err)
    assert "a quota allocations document, not a prior use document" in line


def test_the_receipt_records_the_prior_use(
    tmp_path: Path, quarter: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    prior = _write_prior(tmp_path, _prior("70 t REO"))
    receipts: list[dict[str, Any]] = []
    for extra in ([], ["--prior-use", prior]):
        path = tmp_path / f"receipt-{len(receipts)}.json"
        assert main(["check", *quarter, "--receipt", str(path), *extra]) == 0
        receipts.append(json.loads(path.read_text("ascii")))
    capsys.readouterr()
    assert "prior_use" not in receipts[0]["options"]
    assert receipts[1]["options"]["prior_use"][0]["amount"] == "70 t REO"
    assert receipts[0]["receipt_sha256"] != receipts[1]["receipt_sha256"]


def test_the_document_round_trips() -> None:
    entries = (
        PriorUse(year=2024, activity="mining", holder="Example Group", amount="5 t REO"),
        PriorUse(
            year=2024,
            activity="mining",
            ore_type="ion_adsorption",
            holder="Example Group",
            amount="0.000001 t REO",
            source="notice",
        ),
    )
    assert loads_prior_use(dumps_prior_use(entries)) == entries
