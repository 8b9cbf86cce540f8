"""The filing rules (FIL001 copies, FIL002 first revision missing) and RPT001 under P12."""

from __future__ import annotations

import attrs

from rare_earth_regs.filings import FilingSet
from rare_earth_regs.findings import Severity
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.rules import check_filing, check_filings

from .builders import OXIDE, allocation, beijing, produced, report, separator, stocked

SEPARATOR = separator()


def _september(revision: int, tonnes: int, entered: tuple[int, int]) -> FlowReport:
    monthly = report(
        SEPARATOR,
        "2025-09",
        stocked(OXIDE, produced(OXIDE, f"{tonnes} t")),
        submitted_at=beijing(2025, *entered),
    )
    return attrs.evolve(monthly, revision=revision)


def test_a_copy_is_one_filing_and_an_info_naming_both_sources() -> None:
    original = _september(1, 10, (10, 9))
    filings = FilingSet()
    filings.add(original, source="inbox/a.json")
    filings.add(original, source="archive/a.json")
    [filing] = filings.filings()
    [note] = check_filing(filing).by_rule("FIL001")
    assert note.severity is Severity.INFO
    assert note.facts["sources"] == ["archive/a.json", "inbox/a.json"]
    assert note.facts["revision"] == 1
    assert "archive/a.json" in note.message
    assert "inbox/a.json" in note.message
    assert note.enterprise == SEPARATOR.uscc
    assert note.month == "2025-09"


def test_no_copy_no_note() -> None:
    [filing] = FilingSet([_september(1, 10, (10, 9))]).filings()
    assert not check_filing(filing).by_rule("FIL001", "FIL002")


def test_a_correction_after_the_10th_keeps_the_first_entry_time() -> None:
    first = _september(1, 12, (10, 10))  # the due date itself: on time
    correction = _september(2, 10, (10, 11))  # the day after
    [filing] = FilingSet([correction, first]).filings()
    assert filing.report.submitted_at == beijing(2025, 10, 10)
    assert filing.report.lines == correction.lines
    assert not check_filing(filing).by_rule("RPT001")
    # The correction on its own would be late: the first entry is what P12 judges.
    [late] = check_filing(FilingSet([correction]).filings()[0]).by_rule("RPT001")
    assert late.severity is Severity.VIOLATION


def test_a_late_first_entry_is_not_cured_by_an_on_time_looking_correction() -> None:
    first = _september(1, 12, (10, 11))  # one day late
    correction = _september(2, 10, (10, 12))
    found = check_filings([first, correction], year=2025)
    [late] = found.by_rule("RPT001")
    assert late.facts["days_late"] == 1
    assert late.facts["submitted_at"] == beijing(2025, 10, 11).isoformat()


def test_first_revision_missing_is_undetermined() -> None:
    only_second = _september(2, 10, (10, 9))
    [filing] = FilingSet([only_second]).filings()
    [gap] = check_filing(filing).by_rule("FIL002")
    assert gap.severity is Severity.UNDETERMINED
    assert gap.facts["first_revision_given"] == 2
    assert gap.subject == "$.revision"
    with_first = FilingSet([only_second, _september(1, 9, (10, 8))])
    assert not check_filing(with_first.filings()[0]).by_rule("FIL002")


def test_only_the_highest_revision_counts_against_the_quota() -> None:
    quota = [allocation(2025, "10 t REO", holder=SEPARATOR.name, holder_uscc=SEPARATOR.uscc)]
    revisions = [_september(n, t, (10, 5 + n)) for n, t in ((1, 8), (2, 30), (3, 10))]
    assert not check_filings(revisions, year=2025, allocations=quota).by_rule("QTA001")
    over = [*revisions, _september(4, 11, (10, 20))]
    [finding] = check_filings(over, year=2025, allocations=quota).by_rule("QTA001")
    assert finding.facts["excess_grams"] == 1_000_000
