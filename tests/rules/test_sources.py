"""SRC001: no purchase of illegally mined or separated rare earth products (Regulations art. 13,
penalty art. 23; art. 8 says who may produce); policies P5, P10 and P16."""

from __future__ import annotations

from datetime import date

import pytest

from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DesignationRegister, Enterprise
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.rules import check_flow_report, check_year

from .builders import (
    CONCENTRATE,
    MONAZITE,
    OXIDE,
    PRND_METAL,
    SCRAP,
    designation,
    enterprise,
    flow,
    produced,
    register,
    report,
    stocked,
)

SELLER = enterprise(Activity.EXPORT, serial=20, name="Example Trading Co.")
MINER = enterprise(Activity.MINING, serial=21, name="Example Mining Co.")
SEPARATOR = enterprise(Activity.SMELTING_SEPARATION, serial=22, name="Example Separation Co.")


def _src001(
    buyer: Enterprise, line: FlowLine, designations: DesignationRegister | None
) -> list[Finding]:
    month = report(buyer, "2025-09", stocked(line.product, line))
    return list(check_flow_report(month, designations=designations).by_rule("SRC001"))


@pytest.fixture
def designated() -> DesignationRegister:
    return register(
        designation(MINER.uscc, Activity.MINING),
        designation(SEPARATOR.uscc, Activity.SMELTING_SEPARATION),
    )


def test_mineral_product_from_a_non_designated_domestic_seller_is_undetermined(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    # P16: the seller may be a lawful reseller; the purchase is traced upstream, not condemned.
    line = flow("purchased", CONCENTRATE, "20 t", seller=SELLER.uscc, date=date(2025, 9, 3))
    [finding] = _src001(sep, line, designated)
    assert finding.severity is Severity.UNDETERMINED
    assert finding.subject == "$.lines[1]"
    assert finding.facts["seller"] == SELLER.uscc
    assert finding.facts["reason"] == "seller not a designated producer"
    assert [c.en for c in finding.citations] == ["Regulations 2024, art. 13"]
    assert "2025-09-03" in finding.message
    assert "designated neither for mining nor for smelting and separation" in finding.message
    assert "traced upstream" in finding.message


@pytest.mark.parametrize("seller", [MINER, SEPARATOR], ids=["miner", "separator"])
def test_mineral_product_from_a_designated_producer_has_no_finding(
    sep: Enterprise, designated: DesignationRegister, seller: Enterprise
) -> None:
    line = flow("purchased", CONCENTRATE, "20 t", seller=seller.uscc)
    assert _src001(sep, line, designated) == []


def test_designation_is_judged_on_the_line_date(sep: Enterprise) -> None:
    expires = register(designation(MINER.uscc, Activity.MINING, valid_until=date(2025, 9, 15)))
    on_15th = flow("purchased", CONCENTRATE, "1 t", seller=MINER.uscc, date=date(2025, 9, 15))
    on_16th = flow("purchased", CONCENTRATE, "1 t", seller=MINER.uscc, date=date(2025, 9, 16))
    undated = flow("purchased", CONCENTRATE, "1 t", seller=MINER.uscc)  # P5: 2025-09-30
    assert _src001(sep, on_15th, expires) == []
    assert [f.severity for f in _src001(sep, on_16th, expires)] == [Severity.UNDETERMINED]
    assert [f.severity for f in _src001(sep, undated, expires)] == [Severity.UNDETERMINED]


def test_compound_from_a_non_designated_seller_is_undetermined(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    # A trader may resell legal oxide: the report alone cannot trace it.
    [finding] = _src001(sep, flow("purchased", OXIDE, "2 t", seller=SELLER.uscc), designated)
    assert finding.severity is Severity.UNDETERMINED
    assert finding.facts["reason"] == "seller not a designated producer"


def test_compound_from_a_designated_separator_has_no_finding(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    assert _src001(sep, flow("purchased", OXIDE, "2 t", seller=SEPARATOR.uscc), designated) == []


def test_compound_from_a_seller_designated_only_for_mining_is_undetermined(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    [finding] = _src001(sep, flow("purchased", OXIDE, "2 t", seller=MINER.uscc), designated)
    assert finding.severity is Severity.UNDETERMINED


def test_import_without_customs_declaration_is_undetermined(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    line = flow("imported", MONAZITE, "30 t", foreign=("Example Minerals Pty Ltd", "AU"))
    [finding] = _src001(sep, line, designated)
    assert finding.severity is Severity.UNDETERMINED
    assert finding.facts["reason"] == "no customs declaration"
    # The register plays no part in an import.
    assert [f.facts["reason"] for f in _src001(sep, line, None)] == ["no customs declaration"]


def test_import_with_customs_declaration_has_no_finding(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    line = flow(
        "imported",
        MONAZITE,
        "30 t",
        foreign=("Example Minerals Pty Ltd", "AU"),
        customs_declaration="530120250000123456",
    )
    assert _src001(sep, line, designated) == []
    assert _src001(sep, line, None) == []


def test_purchase_from_a_foreign_seller_is_treated_as_an_import(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    bare = flow("purchased", MONAZITE, "5 t", foreign=("Example Minerals Pty Ltd", "AU"))
    [finding] = _src001(sep, bare, designated)
    assert finding.facts["reason"] == "no customs declaration"
    declared = flow(
        "purchased",
        MONAZITE,
        "5 t",
        foreign=("Example Minerals Pty Ltd", "AU"),
        customs_declaration="530120250000123457",
    )
    assert _src001(sep, declared, designated) == []


def test_purchase_without_a_register_is_undetermined(sep: Enterprise) -> None:
    [finding] = _src001(sep, flow("purchased", CONCENTRATE, "1 t", seller=MINER.uscc), None)
    assert finding.severity is Severity.UNDETERMINED
    assert finding.facts["reason"] == "no designation register"


def test_purchase_from_an_unidentified_seller_is_undetermined(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    [finding] = _src001(sep, flow("purchased", CONCENTRATE, "1 t"), designated)
    assert finding.severity is Severity.UNDETERMINED
    assert finding.facts["reason"] == "seller not identified"


@pytest.mark.parametrize(
    "line",
    [
        flow("purchased", PRND_METAL, "1 t", seller=SELLER.uscc),  # metals are not traced
        flow("purchased", SCRAP, "1 t", seller=SELLER.uscc),  # not a rare earth product
        flow("received", CONCENTRATE, "1 t", seller=SELLER.uscc),  # a transfer, not a purchase
    ],
    ids=["metal", "scrap", "transfer-in"],
)
def test_lines_that_are_not_traced(
    sep: Enterprise, designated: DesignationRegister, line: FlowLine
) -> None:
    assert _src001(sep, line, designated) == []


@pytest.mark.parametrize("direction", ["purchased", "imported"])
@pytest.mark.parametrize("customs_declaration", [None, "530120250000123458"])
def test_a_cn_counterparty_without_uscc_is_unidentified_never_foreign(
    sep: Enterprise,
    designated: DesignationRegister,
    direction: str,
    customs_declaration: str | None,
) -> None:
    # P16: country CN and no USCC is an unidentified domestic seller, even with a customs number.
    line = flow(
        direction,
        MONAZITE,
        "5 t",
        foreign=("Example Trading Co.", "CN"),
        customs_declaration=customs_declaration,
    )
    assert line.counterparty is not None
    assert not line.counterparty.is_foreign
    assert not line.counterparty.is_identified
    [finding] = _src001(sep, line, designated)
    assert finding.severity is Severity.UNDETERMINED
    assert finding.facts["reason"] == "seller not identified"
    if customs_declaration is not None:
        assert "not an import" in finding.message


def test_an_imported_line_from_a_domestic_seller_is_traced_as_a_purchase(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    # Only a foreign counterparty makes the line an import: a USCC seller is traced by designation.
    line = flow("imported", MONAZITE, "5 t", seller=SELLER.uscc, customs_declaration="CD-1")
    [finding] = _src001(sep, line, designated)
    assert finding.facts["reason"] == "seller not a designated producer"
    from_miner = flow("imported", MONAZITE, "5 t", seller=MINER.uscc, customs_declaration="CD-1")
    assert _src001(sep, from_miner, designated) == []


def test_an_imported_line_naming_no_counterparty_is_an_import(
    sep: Enterprise, designated: DesignationRegister
) -> None:
    declared = flow("imported", MONAZITE, "5 t", customs_declaration="CD-2")
    assert _src001(sep, declared, designated) == []
    [bare] = _src001(sep, flow("imported", MONAZITE, "5 t"), designated)
    assert bare.facts["reason"] == "no customs declaration"


# --- SRC002: the seller's own reports show it produced what it sold without designation ---

BUYER = enterprise(Activity.SMELTING_SEPARATION, serial=23, name="Example Buyer Co.")


def _seller_mines(
    day: date = date(2025, 9, 2), month: str = "2025-09", *extra: FlowLine
) -> FlowReport:
    lines = stocked(CONCENTRATE, produced(CONCENTRATE, "20 t", origin=None, date=day), *extra)
    return report(SELLER, month, lines)


def _buyer_buys(day: date = date(2025, 9, 3), product: Product = CONCENTRATE) -> FlowReport:
    line = flow("purchased", product, "20 t", seller=SELLER.uscc, date=day)
    return report(BUYER, "2025-09", stocked(product, line))


def _src002(
    reports: list[FlowReport], designations: DesignationRegister | None, year: int = 2025
) -> list[Finding]:
    return list(check_year(reports, year=year, designations=designations).by_rule("SRC002"))


def test_src002_buying_what_the_seller_mined_without_designation_is_a_violation(
    designated: DesignationRegister,
) -> None:
    series = [_seller_mines(), _buyer_buys()]
    [finding] = _src002(series, designated)
    assert finding.severity is Severity.VIOLATION
    assert (finding.enterprise, finding.month, finding.subject) == (
        BUYER.uscc,
        "2025-09",
        "$.lines[1]",
    )
    assert finding.facts["seller_activity"] == "mining"
    assert finding.facts["produced_on"] == "2025-09-02"
    assert [c.en for c in finding.citations] == [
        "Regulations 2024, art. 13",
        "Regulations 2024, art. 23",
        "Regulations 2024, art. 8",
    ]
    # The report alone still cannot tell (SRC001), and without a register nothing is known.
    [alone] = check_flow_report(series[1], designations=designated).by_rule("SRC001")
    assert alone.severity is Severity.UNDETERMINED
    assert _src002(series, None) == []


def test_src002_production_after_the_purchase_is_not_the_source(
    designated: DesignationRegister,
) -> None:
    assert (
        _src002([_seller_mines(date(2025, 9, 4)), _buyer_buys(date(2025, 9, 3))], designated) == []
    )
    assert (
        len(_src002([_seller_mines(date(2025, 9, 3)), _buyer_buys(date(2025, 9, 3))], designated))
        == 1
    )


def test_src002_a_seller_that_also_bought_the_product_may_be_reselling(
    designated: DesignationRegister,
) -> None:
    also_bought = flow("purchased", CONCENTRATE, "1 t", seller=MINER.uscc)
    assert (
        _src002(
            [_seller_mines(date(2025, 9, 2), "2025-09", also_bought), _buyer_buys()], designated
        )
        == []
    )


def test_src002_a_seller_designated_for_what_it_made_is_no_source_of_illegal_output() -> None:
    mining = register(designation(SELLER.uscc, Activity.MINING))
    assert _src002([_seller_mines(), _buyer_buys()], mining) == []
    # Designated only from the day after it mined: the output was illegal, the sale date too early.
    later = register(designation(SELLER.uscc, Activity.MINING, valid_from=date(2025, 9, 3)))
    assert _src002([_seller_mines(), _buyer_buys(date(2025, 9, 3))], later) == []
    after = register(designation(SELLER.uscc, Activity.MINING, valid_from=date(2025, 9, 4)))
    assert len(_src002([_seller_mines(), _buyer_buys(date(2025, 9, 3))], after)) == 1


def test_src002_another_product_or_year_is_not_matched(designated: DesignationRegister) -> None:
    assert _src002([_seller_mines(), _buyer_buys(product=MONAZITE)], designated) == []
    earlier = _seller_mines(date(2024, 12, 2), "2024-12")
    assert len(_src002([earlier, _buyer_buys()], designated)) == 1  # an earlier year's output
    assert _src002([earlier, _buyer_buys()], designated, year=2024) == []  # no purchase in 2024
