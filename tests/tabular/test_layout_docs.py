"""The docs list every header and value alias the layout accepts, and the examples match."""

from __future__ import annotations

from pathlib import Path

from rare_earth_regs.serialization import load_report
from rare_earth_regs.tabular import TABLES, read_flows
from rare_earth_regs.tabular.layout import (
    ACTIVITY_ZH,
    DIRECTION_ZH,
    ORE_TYPE_ZH,
    ORIGIN_ZH,
    PRODUCT_CLASS_ZH,
)

ROOT = Path(__file__).parents[2]
PAGE = (ROOT / "docs" / "tabular-layout.md").read_text(encoding="utf-8")


def test_every_header_and_sheet_name_is_documented() -> None:
    missing = [
        f"{table.name}: {text}"
        for table in TABLES
        for text in (
            *table.sheet_names,
            *(header for column in table.columns for header in column.headers),
        )
        if f"`{text}`" not in PAGE
    ]
    assert missing == []


def test_every_chinese_value_term_is_documented() -> None:
    for terms in (DIRECTION_ZH, ORIGIN_ZH, ORE_TYPE_ZH, PRODUCT_CLASS_ZH, ACTIVITY_ZH):
        for text, member in terms.items():
            assert f"| `{text}` | `{member.value}` |" in PAGE


def test_no_header_names_two_columns_of_a_table() -> None:
    from rare_earth_regs.tabular.layout import header_key

    for table in TABLES:
        keys = [header_key(h) for column in table.columns for h in column.headers]
        owners = {header_key(h): column.name for column in table.columns for h in column.headers}
        for key in set(keys):
            assert len({o for k, o in owners.items() if k == key}) == 1
        names = [column.name for column in table.columns]
        for column in table.columns:
            for header in column.headers:
                assert table.by_header[header_key(header)].name == column.name, (header, names)


def test_the_example_spreadsheets_hold_the_example_reports() -> None:
    reports = [load_report(path) for path in sorted((ROOT / "examples" / "reports").glob("*.json"))]
    folder = ROOT / "examples" / "spreadsheets"
    assert read_flows(folder / "flows.xlsx").reports == tuple(reports)
    from_csv = read_flows(
        folder / "流向.csv",
        products=folder / "流向-products.csv",
        enterprise=folder / "流向-enterprise.csv",
    )
    assert from_csv.reports == tuple(reports)
