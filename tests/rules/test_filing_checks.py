"""check_filing and check_filings pass every option on, and the filing rules' findings whole."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
import pytest

from expect import EnglishFinding, assert_error
from rare_earth_regs.exceptions import InvalidInputError, InvalidPeriodError
from rare_earth_regs.filings import Filing, FilingSet, content_digest
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.legal import ORDER_71_MONTHLY_REPORTING, REGULATIONS_2024, Citation
from rare_earth_regs.model.quotas import PriorUse
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules import check_filing, check_filings, check_flow_report, check_year
from rare_earth_regs.rules.checks import iter_filing_findings

from .builders import (
    OXIDE,
    allocation,
    beijing,
    designation,
    flow,
    produced,
    register,
    report,
    separator,
    stocked,
)

ART_14_2 = Citation(REGULATIONS_2024, 14, 2)
FIRM = separator(60)
BUYER = separator(61)


def _revision(monthly: FlowReport, revision: int) -> FlowReport:
    return attrs.evolve(monthly, revision=revision)


def _one_gram_short(month: str, submitted_at: dt.datetime | None) -> FlowReport:
    # July 2025 is due on Sunday 2025-08-10; one gram of closing stock is missing
    lines = [
        FlowLine(direction="opening_stock", product=OXIDE, quantity="1 t"),
        FlowLine(direction="closing_stock", product=OXIDE, quantity="0.999999 t"),
    ]
    return report(FIRM, month, lines, submitted_at=submitted_at)


def _filing(*reports: FlowReport) -> Filing:
    (filing,) = FilingSet(reports).filings()
    return filing


def _weekdays_but_the_11th(day: dt.date) -> bool:
    return day.weekday() < 5 and day != dt.date(2025, 8, 11)


#: Report-level options, each of which changes the findings of JULY or AUGUST below.
REPORT_OPTIONS: list[dict[str, Any]] = [
    {},
    {"designations": register()},  # ENT002: declares separation, not designated
    {"as_of": dt.date(2025, 9, 11)},  # RPT001: August not entered by its due date
    {"roll_over": True},  # RPT001: July due on Monday the 11th, one day late
    {"roll_over": True, "is_working_day": _weekdays_but_the_11th},  # due the 12th: on time
    {"balance_tolerance_grams": 1},  # RPT003: one gram short is within the tolerance
]

#: July 2025 given from revision 2 on (FIL002), entered on Tuesday 2025-08-12
JULY = _revision(_one_gram_short("2025-07", beijing(2025, 8, 12)), 2)
#: August 2025 not entered yet
AUGUST = _one_gram_short("2025-08", None)


def _report_level(filing: Filing, **options: Any) -> list[Finding]:
    return [*check_flow_report(filing.report, **options), *iter_filing_findings(filing)]


@pytest.mark.parametrize("month", [JULY, AUGUST], ids=["july", "august"])
def test_check_filing_passes_each_option_to_the_report_rules(month: FlowReport) -> None:
    filing = _filing(month)
    results = []
    for options in REPORT_OPTIONS:
        found = list(check_filing(filing, **options))
        assert found == list(Findings(_report_level(filing, **options)))
        results.append(found)
    # the options that matter for the month change its findings
    distinct = {tuple(f.sort_key() for f in found) for found in results}
    assert len(distinct) == (5 if month is JULY else 4)


def test_check_filing_refuses_a_report() -> None:
    assert_error(
        InvalidInputError(field="filing", value=JULY, accepted="a Filing"),
        lambda: check_filing(JULY),  # type: ignore[arg-type]
    )


def test_fil001_names_every_source_of_a_copy_whole() -> None:
    filings = FilingSet()
    for source in ("inbox/a.json", "archive/a.json", "mail/b.json"):
        filings.add(JULY, source=source)
    filings.add(_revision(JULY, 3), source="inbox/c.json")
    (filing,) = filings.filings()
    expected = EnglishFinding(
        rule_id="FIL001",
        severity=Severity.INFO,
        message=(
            f"revision 2 of the flow report of {FIRM.uscc} for 2025-07 was filed 3 times with "
            "the same content (archive/a.json, inbox/a.json, mail/b.json); it is counted once"
        ),
        citations=(ART_14_2,),
        facts={
            "enterprise": FIRM.uscc,
            "month": "2025-07",
            "revision": 2,
            "sources": ["archive/a.json", "inbox/a.json", "mail/b.json"],
            "content_sha256": content_digest(JULY),
        },
        enterprise=FIRM.uscc,
        month="2025-07",
        report_id=JULY.report_id,
    )
    (note,) = check_filing(filing).by_rule("FIL001")
    assert note == expected
    assert note.message_in("zh").count("archive/a.json, inbox/a.json, mail/b.json") == 1


@pytest.mark.parametrize(
    ("entered", "entered_at"),
    [(beijing(2025, 8, 12), "2025-08-12T10:00:00+08:00"), (None, None)],
)
def test_fil002_a_missing_first_revision_whole(
    entered: dt.datetime | None, entered_at: str | None
) -> None:
    third = _revision(_one_gram_short("2025-07", entered), 3)
    (gap,) = check_filing(_filing(third)).by_rule("FIL002")
    assert gap == EnglishFinding(
        rule_id="FIL002",
        severity=Severity.UNDETERMINED,
        message=(
            f"the flow report of {FIRM.uscc} for 2025-07 is given from revision 3 on; revision 1 "
            "is missing, so the time of the first entry is not known and timeliness is judged "
            "on revision 3's entry time, the latest the first entry can have been"
        ),
        citations=(ORDER_71_MONTHLY_REPORTING, ART_14_2),
        subject="$.revision",
        facts={
            "enterprise": FIRM.uscc,
            "month": "2025-07",
            "first_revision_given": 3,
            "entered_at": entered_at,
        },
        enterprise=FIRM.uscc,
        month="2025-07",
        report_id=third.report_id,
    )


@pytest.mark.parametrize("first", [1, 2])
def test_fil002_only_when_revision_1_is_missing(first: int) -> None:
    given = [_revision(JULY, n) for n in range(first, 4)]
    found = check_filing(_filing(*given)).by_rule("FIL002")
    assert [f.facts["first_revision_given"] for f in found] == ([] if first == 1 else [2])


# ------------------------------------------------------------------ check_filings

#: December 2024 and three months of 2025 (October missing), each a filing
SERIES = [
    _revision(_one_gram_short("2024-12", beijing(2025, 1, 6)), 1),
    JULY,
    AUGUST,
    report(FIRM, "2025-09", stocked(OXIDE, produced(OXIDE, "4 t"))),
    report(FIRM, "2025-11", stocked(OXIDE, produced(OXIDE, "4 t"))),
    report(
        BUYER,
        "2025-11",
        stocked(OXIDE, flow("purchased", OXIDE, "1 t", seller=FIRM.uscc)),
    ),
]

#: Year-level options, each of which changes the findings of SERIES for 2024 or 2025.
YEAR_OPTIONS: list[dict[str, Any]] = [
    {},
    {"allocations": [allocation(2025, "7.999999 t REO", holder=FIRM.name, holder_uscc=FIRM.uscc)]},
    {"since": Month(2025, 6)},  # June is missing too
    {"through": Month(2025, 12)},  # December is missing too
    {
        "allocations": [allocation(2024, "1 t REO", holder=FIRM.name, holder_uscc=FIRM.uscc)],
        "prior_use": [
            PriorUse(year=2024, activity="smelting_separation", holder=FIRM.name, amount="2 t REO")
        ],
    },
]


def _expected(year: int | None, **options: Any) -> list[Finding]:
    report_keys = (
        "designations",
        "as_of",
        "roll_over",
        "is_working_day",
        "balance_tolerance_grams",
    )
    year_keys = ("allocations", "designations", "since", "through", "prior_use")
    filings = FilingSet(SERIES)
    found: list[Finding] = []
    for filing in filings:
        if year is None or filing.key.month.year == year:
            found += check_filing(filing, **{k: v for k, v in options.items() if k in report_keys})
    for each in [year] if year is not None else [2024, 2025]:
        found += check_year(
            filings, year=each, **{k: v for k, v in options.items() if k in year_keys}
        )
    return list(Findings(found))


@pytest.mark.parametrize("year", [2025, 2024, None])
def test_check_filings_passes_each_option_on(year: int | None) -> None:
    results = []
    for options in [
        *REPORT_OPTIONS,
        *YEAR_OPTIONS[1:],
        {"designations": register(designation(FIRM.uscc))},
    ]:
        found = list(check_filings(SERIES, year=year, **options))
        assert found == _expected(year, **options)
        results.append(tuple(f.sort_key() for f in found))
    # every option set gives other findings than the defaults, in some year
    if year is None:
        assert len(set(results)) == len(results)


def test_check_filings_checks_only_the_year_asked() -> None:
    every = check_filings(SERIES)
    by_year = {year: list(check_filings(SERIES, year=year)) for year in (2024, 2025)}
    assert list(every) == list(Findings([*by_year[2024], *by_year[2025]]))
    assert {f.month[:4] for f in by_year[2024] if f.month} == {"2024"}
    assert {f.month[:4] for f in by_year[2025] if f.month} == {"2025"}
    assert len(by_year[2025]) > 1  # each filing's findings are kept, not only the last


def test_check_filings_refuses_a_bad_year() -> None:
    assert_error(
        InvalidPeriodError(field="year", value="2025", accepted="a year from 1 to 9999"),
        lambda: check_filings(SERIES, year="2025"),  # type: ignore[arg-type]
    )


def test_each_option_changes_the_series() -> None:
    outcomes = [
        tuple(f.sort_key() for f in check_filings(SERIES, **options))
        for options in itertools.chain(REPORT_OPTIONS, YEAR_OPTIONS[1:])
    ]
    assert len(set(outcomes)) == len(outcomes)
