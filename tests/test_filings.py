"""Filings (policy P12): revisions, content digests, copies, conflicts and history.

The property at the heart of P12: any permutation of a set of filings, and any number
of copies of them, give the same findings (the FIL001 notes of the copies aside), from
every consumer of a series: ``check_filings``, ``quota_use`` and the stream.
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rare_earth_regs.exceptions import FilingConflictError, InvalidInputError
from rare_earth_regs.filings import (
    Filing,
    FilingKey,
    FilingSet,
    canonical_bytes,
    content_digest,
    resolve_reports,
)
from rare_earth_regs.findings import Findings
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import MAX_REVISION, FlowLine, FlowReport
from rare_earth_regs.periods import CHINA_STANDARD_TIME, Month
from rare_earth_regs.rules import check_filings, quota_use
from rare_earth_regs.serialization import (
    dumps_report,
    load_report,
    loads_allocations,
    loads_designations,
    loads_report,
)
from rare_earth_regs.stream import StreamChecker
from rare_earth_regs.units import Tonnage
from rules.builders import OXIDE, allocation, beijing, produced, report, separator, stocked
from strategies import reports

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE_PATHS = sorted((EXAMPLES / "reports").glob("*.json"))
SEPARATION_SEPTEMBER = EXAMPLES / "reports" / "2025-09-separation.json"
AS_OF = dt.date(2026, 1, 20)
SEPARATOR = separator()


def september(revision: int = 1, tonnes: str = "10 t") -> FlowReport:
    monthly = report(SEPARATOR, "2025-09", stocked(OXIDE, produced(OXIDE, tonnes)))
    return attrs.evolve(monthly, revision=revision)


# --- the revision field ---------------------------------------------------------------


def test_revision_defaults_to_one() -> None:
    assert september().revision == 1
    assert FlowReport(enterprise=SEPARATOR, month="2025-09").revision == 1


@pytest.mark.parametrize("bad", [0, -1, True, False, 1.0, 2.5, "2", None, MAX_REVISION + 1])
def test_a_bad_revision_is_refused_naming_the_field(bad: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        FlowReport(enterprise=SEPARATOR, month="2025-09", revision=bad)  # type: ignore[arg-type]
    assert caught.value.field == "revision"
    assert "whole number from 1" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_highest_revision_is_accepted() -> None:
    assert FlowReport(enterprise=SEPARATOR, month="2025-09", revision=MAX_REVISION).revision


# --- keys and digests -----------------------------------------------------------------


def test_key_names_enterprise_and_month_and_orders_by_them() -> None:
    key = FilingKey.of(september())
    assert str(key) == f"{SEPARATOR.uscc} 2025-09"
    assert key < FilingKey(SEPARATOR.uscc, Month(2025, 10))


def test_the_same_content_in_another_layout_has_the_same_digest() -> None:
    fraction = Product(name="Oxide", product_class="compound", reo_fraction="0.50")
    same = Product(name="Oxide", product_class="compound", reo_fraction="0.5")
    line_t = FlowLine(direction="produced", product=fraction, quantity="12.5 t", origin="imported")
    line_kg = FlowLine(direction="produced", product=same, quantity="12500 kg", origin="imported")
    beijing_time = beijing(2025, 10, 9, 18)
    utc_time = beijing_time.astimezone(dt.UTC)
    one = report(SEPARATOR, "2025-09", [line_t], submitted_at=beijing_time)
    two = report(SEPARATOR, "2025-09", [line_kg], submitted_at=utc_time)
    assert content_digest(one) == content_digest(two)
    assert len(content_digest(one)) == 64
    assert canonical_bytes(one) == canonical_bytes(two)


def test_any_change_of_content_changes_the_digest() -> None:
    base = september()
    line = base.lines[1]
    one_gram_more = attrs.evolve(line, quantity=Tonnage(line.quantity.grams + 1))
    variants = [
        attrs.evolve(base, revision=2),
        attrs.evolve(base, lines=[base.lines[0], one_gram_more, base.lines[2]]),
        attrs.evolve(base, lines=[base.lines[1], base.lines[0], base.lines[2]]),  # line order
        attrs.evolve(base, submitted_at=beijing(2025, 10, 5, second=1)),
        attrs.evolve(base, report_id="another-id"),
        attrs.evolve(base, enterprise=attrs.evolve(SEPARATOR, name="Renamed Co.")),
    ]
    digests = {content_digest(report) for report in [base, *variants]}
    assert len(digests) == len(variants) + 1


def test_digest_refuses_a_non_report() -> None:
    with pytest.raises(InvalidInputError, match="report"):
        content_digest("report")  # type: ignore[arg-type]


# --- resolving into filings -----------------------------------------------------------


def test_highest_revision_counts_and_history_is_kept() -> None:
    first, second, third = september(1, "8 t"), september(2, "9 t"), september(3, "11 t")
    filings = FilingSet()
    for monthly, source in ((third, "c.json"), (first, "a.json"), (second, "b.json")):
        filings.add(monthly, source=source)
    [filing] = filings
    assert isinstance(filing, Filing)
    assert filing.current is third
    assert filing.revisions == (1, 2, 3)
    assert [entry.report for entry in filing.history] == [first, second, third]
    assert [entry.sources for entry in filing.history] == [("a.json",), ("b.json",), ("c.json",)]
    assert filing.entered_at == first.submitted_at
    assert filing.digest == content_digest(third)
    assert filings.documents == 3
    assert len(filings) == 1
    assert filings.get(filing.key) is not None
    assert filings.get(FilingKey(SEPARATOR.uscc, Month(2025, 1))) is None


def test_without_history_only_the_current_report_is_kept() -> None:
    filings = FilingSet([september(2), september(1)], keep_history=False)
    [filing] = filings
    assert [entry.revision for entry in filing.history] == [2]
    assert filing.revisions == (1, 2)
    assert filing.entered_at == september(1).submitted_at
    with pytest.raises(FilingConflictError):  # the dropped revision's digest is still known
        filings.add(september(1, "7 t"))


def test_a_conflict_names_both_sources_and_changes_nothing() -> None:
    filings = FilingSet()
    filings.add(september(1, "10 t"), source="site-a/sep.json")
    with pytest.raises(FilingConflictError) as caught:
        filings.add(september(1, "12 t"), source="site-b/sep.json")
    error = caught.value
    assert isinstance(error, InvalidInputError)
    assert isinstance(error, ValueError)
    assert error.sources == ("site-a/sep.json", "site-b/sep.json")
    assert error.revision == 1
    assert error.field == "revision"
    assert "site-a/sep.json" in str(error)
    assert "site-b/sep.json" in str(error)
    assert f"{SEPARATOR.uscc} 2025-09" in str(error)
    assert pickle.loads(pickle.dumps(error)) == error
    assert filings.documents == 1
    [filing] = filings
    assert filing.current == september(1, "10 t")


def test_reports_in_memory_are_described_in_a_conflict() -> None:
    with pytest.raises(FilingConflictError, match="no source given"):
        FilingSet([september(1, "10 t"), september(1, "12 t")])


@pytest.mark.parametrize("bad", ["reports", b"x", 3, september()])
def test_a_filing_set_refuses_what_is_not_reports(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="reports"):
        FilingSet(bad)  # type: ignore[arg-type]


def test_bad_items_and_arguments_are_named() -> None:
    with pytest.raises(InvalidInputError, match=r"reports\[1\]"):
        FilingSet([september(), "x"])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="source"):
        FilingSet().add(september(), source=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="keep_history"):
        FilingSet(keep_history=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"reports\[0\]"):
        quota_use([None], year=2025, activity="mining")  # type: ignore[list-item]


# --- the bundled examples: an extra copy changes nothing --------------------------------


def test_an_extra_copy_of_the_september_separation_report_changes_nothing() -> None:
    reports = [load_report(path) for path in EXAMPLE_PATHS]
    copy = load_report(SEPARATION_SEPTEMBER)
    allocations = loads_allocations((EXAMPLES / "allocations.json").read_text("utf-8"))
    designations = loads_designations((EXAMPLES / "designations.json").read_text("utf-8"))
    before = quota_use(reports, year=2025, activity="smelting_separation")
    after = quota_use([*reports, copy], year=2025, activity="smelting_separation")
    assert after.total == before.total
    assert str(after.total) == "275.5 t REO"
    options = {"year": 2025, "allocations": allocations, "designations": designations}
    plain = check_filings(reports, as_of=AS_OF, **options)  # type: ignore[arg-type]
    doubled = check_filings([*reports, copy], as_of=AS_OF, **options)  # type: ignore[arg-type]
    assert not doubled.by_rule("QTA001")
    assert [f for f in doubled if f.rule_id != "FIL001"] == list(plain)
    assert len(doubled.by_rule("FIL001")) == 1
    # The copy doubled by a careless summation would be above a quota the real output meets.
    tight = [allocation(2025, str(before.total), holder="China Rare Earth Group")]
    assert not check_filings([*reports, copy], year=2025, allocations=tight).by_rule("QTA001")


# --- the property: permutations and copies never change the answer ---------------------


@st.composite
def filing_series(draw: st.DrawFn) -> list[FlowReport]:
    """Reports of up to two separators over months of 2025, each month in 1 to 3 revisions."""
    series: list[FlowReport] = []
    for serial in range(1, draw(st.integers(1, 2)) + 1):
        firm = separator(serial)
        months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True))
        for number in months:
            month = Month(2025, number)
            following = month.next()
            for revision in range(1, draw(st.integers(1, 3)) + 1):
                tonnes = draw(st.integers(0, 40))
                day = draw(st.integers(1, 20))
                entered = dt.datetime(
                    following.year, following.month, day, 9, tzinfo=CHINA_STANDARD_TIME
                )
                lines = stocked(OXIDE, produced(OXIDE, f"{tonnes} t"))
                monthly = report(firm, month, lines, submitted_at=entered)
                series.append(attrs.evolve(monthly, revision=revision))
    return series


def _without_copy_notes(found: Findings) -> list[object]:
    return [finding for finding in found if finding.rule_id != "FIL001"]


@settings(max_examples=40, deadline=None)
@given(filing_series(), st.data())
def test_any_permutation_and_any_copies_give_the_same_findings(
    series: list[FlowReport], data: st.DataObject
) -> None:
    quota = [allocation(2025, "60 t REO", holder=separator(1).name, holder_uscc=separator(1).uscc)]
    copies = data.draw(st.lists(st.sampled_from(series), max_size=4))
    shuffled = data.draw(st.permutations([*series, *copies]))
    options = {"year": 2025, "allocations": quota, "as_of": AS_OF}
    reference = check_filings(series, **options)  # type: ignore[arg-type]
    found = check_filings(shuffled, **options)  # type: ignore[arg-type]
    assert _without_copy_notes(found) == _without_copy_notes(reference)
    copied_keys = {(c.enterprise.uscc, str(c.month), c.revision) for c in copies}
    noted = {(f.enterprise, f.month, f.facts["revision"]) for f in found.by_rule("FIL001")}
    assert noted == copied_keys
    for activity in ("smelting_separation", "mining"):
        assert quota_use(shuffled, year=2025, activity=activity) == quota_use(
            series, year=2025, activity=activity
        )
    checker = StreamChecker(year=2025, allocations=quota, as_of=AS_OF)
    for monthly in shuffled:
        checker.feed(monthly)
    assert checker.findings() == found
    assert resolve_reports(shuffled) == resolve_reports(series)


def test_any_name_has_a_digest() -> None:
    odd = attrs.evolve(september(), enterprise=attrs.evolve(SEPARATOR, name="Odd \ud800 名"))
    assert canonical_bytes(odd).isascii()
    assert content_digest(odd) != content_digest(september())


def test_a_stream_judges_timeliness_on_a_first_revision_that_arrives_last() -> None:
    """A report that declares nothing but consumes concentrate has the deadline (P13)."""
    undeclared = attrs.evolve(SEPARATOR, activities=[])
    concentrate = Product(name="Bastnaesite concentrate", product_class="mineral_product")
    lines = [
        *stocked(concentrate, opening="10 t"),
        FlowLine(direction="consumed", product=concentrate, quantity="0 t"),
    ]
    first = report(undeclared, "2025-09", lines, submitted_at=beijing(2025, 10, 12))  # late
    second = attrs.evolve(first, revision=2, submitted_at=beijing(2025, 10, 20))
    expected = check_filings([first, second], year=2025)
    [late] = expected.by_rule("RPT001")
    assert late.facts["days_late"] == 2
    for order in ([first, second], [second, first]):
        checker = StreamChecker(year=2025)
        for monthly in order:
            checker.feed(monthly)
        assert checker.findings() == expected


@settings(max_examples=40, deadline=None)
@given(reports(max_revision=MAX_REVISION))
def test_json_keeps_the_revision(report: FlowReport) -> None:
    text = dumps_report(report)
    assert ('"revision"' in text) == (report.revision != 1)
    assert loads_report(text) == report
    assert content_digest(loads_report(text)) == content_digest(report)
