"""Every bad field of a report is reported in one pass (docs/json-format.md).

An error of one kind (a bad quantity, an unknown product key) must not hide an error of
another kind (a line dated outside the report's month, a submission time with no Beijing
date, a bad report id) until the first is fixed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clitools import example_report
from rare_earth_regs.exceptions import InvalidDocumentError
from rare_earth_regs.serialization import loads_report, report_from_dict


def _paths(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidDocumentError) as caught:
        report_from_dict(data)
    with pytest.raises(InvalidDocumentError) as from_text:
        loads_report(json.dumps(data))
    paths = [error.path for error in caught.value.errors]
    assert [error.path for error in from_text.value.errors] == paths
    return paths


def test_a_bad_quantity_does_not_hide_a_line_dated_outside_the_month() -> None:
    data = example_report()  # 2025-09
    data["lines"][0]["quantity"] = "12.5 bananas"
    data["lines"][1]["date"] = "2025-10-03"
    assert _paths(data) == ["$.lines[0].quantity", "$.lines[1].date"]


def test_a_bad_product_key_does_not_hide_a_line_dated_outside_the_month() -> None:
    data = example_report()
    data["lines"][0]["product"] = "no-such-product"
    data["lines"][1]["date"] = "2025-08-31"
    assert _paths(data) == ["$.lines[0].product", "$.lines[1].date"]


def test_every_line_dated_outside_the_month_is_reported() -> None:
    data = example_report()
    for line in data["lines"][:3]:
        line["date"] = "2024-12-01"
    assert _paths(data) == ["$.lines[0].date", "$.lines[1].date", "$.lines[2].date"]


def test_a_bad_line_does_not_hide_a_bad_report_id_or_submission_time() -> None:
    data = example_report()
    data["lines"][0]["quantity"] = "-1 t"
    data["report_id"] = "no spaces allowed"
    data["submitted_at"] = "9999-12-31T23:59:59-23:59"  # no Beijing date
    data["lines"][2]["date"] = "2025-10-01"
    assert sorted(_paths(data)) == sorted(
        ["$.lines[0].quantity", "$.lines[2].date", "$.report_id", "$.submitted_at"]
    )


def test_a_date_message_names_the_month() -> None:
    data = example_report()
    data["lines"][0]["quantity"] = "1 m"
    data["lines"][1]["date"] = "2025-10-03"
    with pytest.raises(InvalidDocumentError) as caught:
        report_from_dict(data)
    date_error = caught.value.errors[1]
    assert date_error.message == "got '2025-10-03'; expected a day in the report's month 2025-09"


@settings(max_examples=40, deadline=None)
@given(
    bad_quantities=st.sets(st.integers(0, 14), max_size=4),
    bad_dates=st.sets(st.integers(0, 14), max_size=4),
)
def test_each_bad_field_is_reported_whatever_else_is_bad(
    bad_quantities: set[int], bad_dates: set[int]
) -> None:
    data = example_report()
    lines = data["lines"]
    expected = []
    for index, line in enumerate(lines):
        if index in bad_quantities:
            line["quantity"] = "3 parsecs"
            expected.append(f"$.lines[{index}].quantity")
        if index in bad_dates:
            line["date"] = "2025-11-15"
            expected.append(f"$.lines[{index}].date")
    if not expected:
        report_from_dict(data)
        return
    assert sorted(_paths(data)) == sorted(expected)
