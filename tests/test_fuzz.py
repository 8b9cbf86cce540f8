"""Fuzzing the loaders: hostile JSON loads into a valid object or raises InvalidInputError.

Every input goes to ``loads_report``, ``report_from_dict``, ``loads_allocations``,
``loads_designations`` or ``loads_invoices``; what loads must survive a JSON round trip and
the checks (``check_flow_report`` may raise ``NotInForceError`` for a month before 2024-10,
``check_invoices`` for an invoice issued before 2024-10-01). No other
exception type may escape. The property lives in ``strategies.escape_of`` and is shared with
``fuzz/fuzz_loaders.py``, which runs it on 100 000 inputs; here it runs on a few hundred.

The escapes the fuzzer found are fixed; the tests at the end of this file pin each fix.
An escape found later is pinned by a strict ``xfail`` test and listed in
``strategies.KNOWN_BUGS`` (empty now) until it is fixed: the properties tolerate exactly
those.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rare_earth_regs.exceptions import (
    InvalidDocumentError,
    InvalidInputError,
    InvalidQuantityError,
    InvalidTimestampError,
    NotInForceError,
)
from rare_earth_regs.findings import Findings
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.periods import beijing_date
from rare_earth_regs.rules.checks import check_flow_report
from rare_earth_regs.serialization import (
    dumps_allocations,
    dumps_invoices,
    dumps_report,
    loads_allocations,
    loads_invoices,
    loads_report,
    report_from_dict,
)
from rare_earth_regs.serialization.detailed_path import detailed_report
from rare_earth_regs.units import parse_tonnage
from strategies import (
    EXAMPLE_ALLOCATIONS_TEXT,
    EXAMPLE_DESIGNATIONS_TEXT,
    EXAMPLE_INVOICES_TEXT,
    EXAMPLE_REPORT_TEXTS,
    KNOWN_BUGS,
    LOADERS,
    WRONG_UNITS,
    Case,
    DuplicateKeys,
    Escape,
    Raw,
    arbitrary_cases,
    assert_behaves,
    command_lines,
    deep_nesting,
    escape_of,
    huge_integer,
    invoices,
    known_bug,
    mutated_cases,
    quota_allocations,
    reports,
    to_python,
    to_text,
)

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
REPO = Path(__file__).resolve().parent.parent
SEPARATION_TEXT = (REPO / "examples" / "reports" / "2025-09-separation.json").read_text("utf-8")


def example() -> dict[str, Any]:
    """A fresh copy of the September separation report, as parsed JSON."""
    document: dict[str, Any] = json.loads(SEPARATION_TEXT)
    return document


def refusal(loader: str, payload: object) -> InvalidInputError:
    """The InvalidInputError ``loader`` raises for ``payload`` (fails if it loads or escapes)."""
    case = Case(loader, payload, "targeted")
    escape = escape_of(case)
    assert escape is None, escape.describe()
    with pytest.raises(InvalidInputError) as caught:
        LOADERS[loader](payload)
    return caught.value


def paths_of(error: InvalidInputError) -> list[str]:
    """The JSON paths a document error names."""
    assert isinstance(error, InvalidDocumentError)
    return [found.path for found in error.errors]


# --- the properties ------------------------------------------------------------------------


@FUZZ
@given(arbitrary_cases())
def test_arbitrary_json_loads_or_is_refused(case: Case) -> None:
    assert_behaves(case)


@FUZZ
@given(mutated_cases())
def test_mutated_documents_load_or_are_refused(case: Case) -> None:
    assert_behaves(case)


@settings(FUZZ, max_examples=150)
@given(command_lines())
def test_command_lines_exit_0_1_or_2_and_print_nothing_raw(case: Case) -> None:
    # Hostile option values, file names and documents, through cli.main in-process, with
    # output streams in UTF-8 or ASCII: exit 0, 1 or 2, no traceback, nothing raw.
    assert_behaves(case)


@settings(FUZZ, max_examples=100)
@given(mutated_cases("report_from_dict"))
def test_fast_and_detailed_paths_accept_the_same_reports(case: Case) -> None:
    """report_from_dict tries a fast path first; the detailed path must agree with it."""
    detailed = detailed_report

    def outcome(load: Callable[[], FlowReport]) -> FlowReport | None:
        try:
            return load()
        except InvalidInputError:
            return None
        except Exception as error:  # an escape: the properties above report it
            if known_bug(Escape(case, "load", error)) is not None:
                return None
            raise

    fast = outcome(lambda: report_from_dict(case.payload))
    slow = outcome(lambda: detailed(case.payload, "report"))
    assert fast == slow


@settings(FUZZ, max_examples=60)
@given(reports())
def test_generated_reports_load_round_trip_and_check(report: FlowReport) -> None:
    text = dumps_report(report)
    assert loads_report(text) == report
    assert report_from_dict(json.loads(text)) == report
    assert_behaves(Case("loads_report", text, "generated report"))


@settings(FUZZ, max_examples=60)
@given(st.lists(quota_allocations(), max_size=5))
def test_generated_allocations_load_and_check(allocations: list[Any]) -> None:
    text = dumps_allocations(allocations)
    assert loads_allocations(text) == tuple(allocations)
    assert_behaves(Case("loads_allocations", text, "generated allocations"))


@settings(FUZZ, max_examples=60)
@given(st.lists(invoices(), max_size=5))
def test_generated_invoices_load_round_trip_and_check(generated: list[Any]) -> None:
    text = dumps_invoices(generated)
    assert loads_invoices(text) == tuple(generated)
    assert_behaves(Case("loads_invoices", text, "generated invoices"))


@FUZZ
@given(mutated_cases("loads_invoices"))
def test_mutated_invoices_load_or_are_refused(case: Case) -> None:
    # junk in an invoices document ends in InvalidInputError, never another exception
    assert_behaves(case)


@pytest.mark.parametrize("quantity", ["1e999999999", "-1", "NaN", "Infinity", "0E-999999999"])
def test_invoice_quantities_out_of_range_are_refused(quantity: str) -> None:
    document = json.loads(EXAMPLE_INVOICES_TEXT)
    document["invoices"][0]["lines"][0]["quantity"] = quantity
    error = refusal("loads_invoices", json.dumps(document))
    assert paths_of(error) == ["$.invoices[0].lines[0].quantity"]


@pytest.mark.parametrize("text", EXAMPLE_REPORT_TEXTS)
def test_the_examples_load_and_check(text: str) -> None:
    for loader, payload in (("loads_report", text), ("report_from_dict", json.loads(text))):
        assert escape_of(Case(loader, payload, "example")) is None
    assert escape_of(Case("loads_allocations", EXAMPLE_ALLOCATIONS_TEXT, "example")) is None
    assert escape_of(Case("loads_designations", EXAMPLE_DESIGNATIONS_TEXT, "example")) is None
    assert escape_of(Case("loads_invoices", EXAMPLE_INVOICES_TEXT, "example")) is None


def test_known_bugs_name_their_tests() -> None:
    here = {path.name: path.read_text("utf-8") for path in Path(__file__).parent.glob("*.py")}
    for bug in KNOWN_BUGS:
        file, test = bug.test.split("::")
        assert f"def {test}(" in here[file], bug.key


# --- targeted inputs: refused, with the path of the bad field --------------------------------

WRONG_QUANTITIES = (
    "12 m",
    "5 ton",
    "5 tons",
    "3 t REO REO",
    "12",
    "t",
    "1 lb REO",
    "12 mol",
    "5 t/s",
    "5 t**2",
    "5 %",
    "5 T",
    "5 KG",
    "5 REO",
    "-5 t",
    "-0.000001 t REO",
    "NaN t",
    "nan t",
    "inf t",
    "Infinity t",
    "1000000000000.000001 t",
    "9" * 41 + " t",
)


@pytest.mark.parametrize("quantity", WRONG_QUANTITIES)
def test_wrong_quantities_are_refused_with_their_path(quantity: str) -> None:
    document = example()
    document["lines"][3]["quantity"] = quantity
    for loader, payload in (
        ("loads_report", json.dumps(document)),
        ("report_from_dict", document),
    ):
        assert paths_of(refusal(loader, payload)) == ["$.lines[3].quantity"]


@pytest.mark.parametrize("unit", WRONG_UNITS)
def test_every_unit_of_the_pool_loads_or_is_refused(unit: str) -> None:
    document = example()
    document["lines"][0]["quantity"] = unit
    document["lines"][1]["reo"] = unit
    assert_behaves(Case("loads_report", json.dumps(document), f"unit {unit!r}"))
    assert_behaves(Case("report_from_dict", document, f"unit {unit!r}"))


def test_a_gross_mass_is_refused_where_reo_is_required() -> None:
    document = example()
    document["lines"][0]["reo"] = "5 t"
    assert paths_of(refusal("loads_report", json.dumps(document))) == ["$.lines[0].reo"]
    allocations = json.loads(EXAMPLE_ALLOCATIONS_TEXT)
    allocations["allocations"][0]["amount"] = "400 t"
    error = refusal("loads_allocations", json.dumps(allocations))
    assert paths_of(error) == ["$.allocations[0].amount"]


@pytest.mark.parametrize(
    "timestamp",
    [
        "2025-10-09T10:15:00",
        "2025-10-09",
        "2025-10-09 10:15",
        "2025-10-09T10:15:00.123456",
        "2025-10-09T25:00:00+08:00",
        "2025-10-09T10:15:00+24:00",
        "2025-13-01T00:00:00+08:00",
        "10/09/2025 10:15",
        "",
    ],
)
def test_naive_and_malformed_timestamps_are_refused(timestamp: str) -> None:
    document = example()
    document["submitted_at"] = timestamp
    assert paths_of(refusal("loads_report", json.dumps(document))) == ["$.submitted_at"]
    assert paths_of(refusal("report_from_dict", document)) == ["$.submitted_at"]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("lines", 0, "direction"), "PRODUCED", "$.lines[0].direction"),
        (("lines", 0, "direction"), "foo", "$.lines[0].direction"),
        (("lines", 5, "origin"), "mined", "$.lines[5].origin"),
        (("lines", 5, "origin"), "", "$.lines[5].origin"),
        (("lines", 5, "product"), "no-such-product", "$.lines[5].product"),
        (("products", "prnd-oxide", "product_class"), "oxide", "$.products['prnd-oxide']"),
        (("products", "prnd-oxide", "elements"), ["Pr", "Fe"], "$.products['prnd-oxide']"),
        (("enterprise", "activities"), ["separation"], "$.enterprise.activities"),
        (("format",), "rare_earth_regs/flow-report/2", "$.format"),
        (("version",), 2, "$.version"),
        (("month",), "2025-13", "$.month"),
        (("month",), "2025-9", "$.month"),
        (("enterprise", "uscc"), "91360700MA35HY0A12", "$.enterprise.uscc"),
    ],
)
def test_unknown_values_are_refused_with_their_path(
    path: tuple[Any, ...], value: object, expected: str
) -> None:
    document = example()
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    for loader, payload in (
        ("loads_report", json.dumps(document)),
        ("report_from_dict", document),
    ):
        found = paths_of(refusal(loader, payload))
        assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize("key", ["month", "enterprise", "lines", "products", "version"])
def test_a_repeated_key_is_refused(key: str) -> None:
    document = example()
    pairs = [*document.items(), (key, document[key])]
    text = to_text(DuplicateKeys(pairs))
    error = refusal("loads_report", text)
    assert "duplicate keys" in str(error)
    assert key in str(error)


@pytest.mark.parametrize(
    "token", ["NaN", "Infinity", "-Infinity", "1e999999999", "-0", huge_integer(5000).text]
)
@pytest.mark.parametrize("field", ["version", "reo_fraction"])
def test_bare_numbers_in_number_fields(token: str, field: str) -> None:
    document = example()
    marker = Raw(token, None, token[:20])
    if field == "version":
        document["version"] = marker
    else:
        document["products"]["prnd-oxide"]["reo_fraction"] = marker
    refusal("loads_report", to_text(document))


@pytest.mark.parametrize("depth", [1000, 5000, 100_000])
@pytest.mark.parametrize("objects", [False, True])
@pytest.mark.parametrize(
    "loader", ["loads_report", "loads_allocations", "loads_designations", "loads_invoices"]
)
def test_deep_nesting_is_refused(depth: int, objects: bool, loader: str) -> None:
    nested = deep_nesting(depth, objects=objects)
    refusal(loader, nested.text)
    document = example()
    document["lines"][0] = nested
    refusal(loader, to_text(document))
    if loader == "loads_report":
        refusal("report_from_dict", to_python(document))


@pytest.mark.parametrize("size", [10**5, 10**6])
def test_huge_strings_are_refused_quickly(size: int) -> None:
    document = example()
    document["lines"][0]["quantity"] = "9" * size + " t"
    document["lines"][1]["product"] = "x" * size
    document["month"] = "2" * size
    document["lines"] = [*document["lines"][:3], "x" * size]
    error = refusal("loads_report", json.dumps(document))
    assert len(str(error)) < 10_000


@pytest.mark.parametrize(
    "payload",
    [b"", b"\xff\xfe\x00", b"\xef\xbb\xbf{}", "{}", "[]", "null", "\x00", '{"format": 1}'],
)
@pytest.mark.parametrize(
    "loader", ["loads_report", "loads_allocations", "loads_designations", "loads_invoices"]
)
def test_empty_and_binary_documents_are_refused(payload: str | bytes, loader: str) -> None:
    refusal(loader, payload)


@pytest.mark.parametrize("where", ["product key", "field name"])
def test_error_messages_stay_short_for_huge_keys(where: str) -> None:
    document = example()
    if where == "product key":
        document["lines"][1]["product"] = "x" * 10**6
    else:
        document["x" * 10**6] = 1
    error = refusal("loads_report", json.dumps(document))
    assert len(str(error)) < 10_000


def test_a_report_before_the_regulations_loads_and_is_not_in_force() -> None:
    document = example()
    document["month"] = "2024-09"
    for line in document["lines"]:
        line.pop("date", None)
    report = loads_report(json.dumps(document))
    with pytest.raises(NotInForceError):
        check_flow_report(report)
    assert escape_of(Case("loads_report", json.dumps(document), "2024-09")) is None


# --- the command line: exit 2 and one line on stderr -----------------------------------------


def _cli_cases() -> list[Any]:
    def edited(path: tuple[Any, ...], value: object) -> str:
        document = example()
        node: Any = document
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
        return to_text(document)

    return [
        pytest.param(edited(("month",), "2025-13").encode(), id="month-13"),
        pytest.param(edited(("lines", 0, "quantity"), "12 m").encode(), id="metres"),
        pytest.param(edited(("submitted_at",), "2025-10-09T10:15:00").encode(), id="naive"),
        pytest.param(edited(("version",), Raw("NaN", None, "NaN")).encode(), id="bare-nan"),
        pytest.param(
            to_text(DuplicateKeys([*example().items(), ("month", "2025-09")])).encode(),
            id="duplicate-key",
        ),
        pytest.param(deep_nesting(100_000).text.encode(), id="deep-nesting"),
        pytest.param(b"\xff\xfe\xfd not json", id="binary"),
        pytest.param(
            edited(("lines", 0, "quantity"), "1e999999999 t").encode(), id="huge-exponent"
        ),
    ]


@pytest.mark.parametrize("content", _cli_cases())
def test_cli_bad_file_gives_exit_2_and_one_stderr_line(content: bytes, tmp_path: Path) -> None:
    pytest.importorskip("rare_earth_regs.cli")
    path = tmp_path / "report.json"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "rare_earth_regs", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


# --- escapes the fuzzer found, each fixed and pinned here -------------------------------------


def test_parse_tonnage_refuses_a_huge_exponent() -> None:
    with pytest.raises(InvalidQuantityError):
        parse_tonnage("1e999999999 t")


@pytest.mark.parametrize("loader", ["loads_report", "report_from_dict"])
def test_loaders_refuse_a_quantity_with_a_huge_exponent(loader: str) -> None:
    document = example()
    document["lines"][0]["quantity"] = "1e999999999 t"
    payload = json.dumps(document) if loader == "loads_report" else document
    with pytest.raises(InvalidDocumentError):
        LOADERS[loader](payload)


def test_loaders_refuse_a_deeply_nested_field_value() -> None:
    document = example()
    document["lines"][2]["invoice_number"] = deep_nesting(5000)
    with pytest.raises(InvalidDocumentError):
        report_from_dict(to_python(document))
    # through JSON text: the deepest nesting the parser still reads
    for depth in range(700, 1000):
        document["lines"][2]["invoice_number"] = deep_nesting(depth)
        with pytest.raises(InvalidDocumentError) as caught:
            loads_report(to_text(document))
        if "nesting too deep" in str(caught.value):
            break


@pytest.mark.parametrize(
    "value", [10**5000, deep_nesting(5000).value], ids=["huge-int", "deep-list"]
)
def test_an_input_error_holds_any_value(value: object) -> None:
    error = InvalidInputError(field="x", value=value, accepted="y")
    assert error.value is value
    assert len(str(error)) < 200


def test_report_from_dict_refuses_a_huge_integer_version() -> None:
    document = example()
    document["version"] = 10**5000
    with pytest.raises(InvalidDocumentError):
        report_from_dict(document)


def _report(month: str, submitted_at: str | None) -> FlowReport:
    document = example()
    document["month"] = month
    document["submitted_at"] = submitted_at
    for line in document["lines"]:
        line.pop("date", None)
    return report_from_dict(document)


def _check_gives_findings(report: FlowReport) -> None:
    try:
        found = check_flow_report(report, as_of=dt.date(2025, 12, 31))
    except NotInForceError:
        return
    assert isinstance(found, Findings)


def test_check_flow_report_on_december_9999() -> None:
    _check_gives_findings(_report("9999-12", None))


@pytest.mark.parametrize("submitted_at", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
def test_a_submission_time_with_no_beijing_date_is_refused(submitted_at: str) -> None:
    # Such an instant has no calendar day in Beijing: the report cannot be built.
    with pytest.raises(InvalidDocumentError, match=r"\$\.submitted_at"):
        _report("2025-09", submitted_at)
    with pytest.raises(InvalidTimestampError, match="Beijing date"):
        beijing_date(dt.datetime.fromisoformat(submitted_at))


def test_check_flow_report_with_sums_above_max_grams() -> None:
    document = example()
    for line in document["lines"]:
        if line["product"] == "prnd-oxide":
            line["quantity"] = "1000000000000 t"
    _check_gives_findings(report_from_dict(document))
