"""Tests that kill mutants of :mod:`rare_earth_regs.rules` (docs/testing.md, Mutation testing).

They pin what a caller reads from the rules beyond "a finding (or an error) appears":

* every refusal names the field, the value received and the accepted form;
* findings are compared whole (message, citations, subject, machine-readable facts);
* fine ranges are compared whole (amounts, basis, consequences);
* the registry builds each rule from its register() arguments and docstring;
* boundaries the rules document: the roll-over search window, inclusive end dates,
  the first day of the Regulations, and the defaults of the entry points;
* each rule check called alone, as ``Rule.check``: its findings whole, the defaults of
  its optional arguments, and that a line, product or holder passed over does not hide
  the next one.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal

import attrs
import pytest

import rare_earth_regs.rules.invoices as invoices_module
from expect import EnglishFinding, assert_error, raised
from rare_earth_regs.exceptions import (
    AmountSetByOtherLawError,
    InvalidInputError,
    InvalidPeriodError,
    InvalidTimestampError,
    NotInForceError,
)
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import (
    ORDER_71_MONTHLY_REPORTING,
    REGULATIONS_2024,
    TOTAL_CONTROL_MEASURES_2025,
    Citation,
)
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.enterprises import Enterprise
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import Counterparty, FlowLine, FlowReport
from rare_earth_regs.periods import CHINA_STANDARD_TIME, Month
from rare_earth_regs.rules import (
    RULES,
    FineRange,
    Rule,
    check_flow_report,
    check_year,
    counts_against_quota,
    deadline_instant,
    fine_range,
    flow_report_due_date,
    get_rule,
    is_submitted_on_time,
    iter_report_findings,
    quota_use,
    registry,
    rules_in_force,
)
from rare_earth_regs.rules.common import (
    conduct_activities,
    designated_activities,
    duty_activities,
)
from rare_earth_regs.rules.designation import check_declared_activities, check_designation
from rare_earth_regs.rules.exports import check_export_licences
from rare_earth_regs.rules.feedstock import check_recycler_feedstock
from rare_earth_regs.rules.filings import check_filing_copies, check_first_revision_given
from rare_earth_regs.rules.invoices import (
    check_flow_line_invoices,
    check_invoice_composition,
    check_invoice_form,
    check_invoice_line_limit,
)
from rare_earth_regs.rules.quotas import (
    LineReason,
    LineRef,
    check_quota_exceeded,
    check_quota_undetermined,
)
from rare_earth_regs.rules.registry import describe
from rare_earth_regs.rules.reporting import (
    check_mass_balance,
    check_missing_months,
    check_report_deadline,
    check_stated_reo,
    check_stock_continuity,
    has_monthly_deadline,
)
from rare_earth_regs.rules.sources import check_purchases_of_illegal_output, check_sources
from rare_earth_regs.units import MassBasis, Tonnage
from rules.builders import (
    CONCENTRATE,
    MONAZITE,
    OXIDE,
    PRND_METAL,
    SCRAP,
    UNKNOWN_REO_OXIDE,
    allocation,
    beijing,
    designation,
    enterprise,
    flow,
    miner,
    produced,
    recycler,
    register,
    report,
    separator,
    stocked,
    uscc,
)

REO = MassBasis.REO
ART = {number: Citation(REGULATIONS_2024, number) for number in (8, 10, 13, 21, 22, 23, 25, 26)}
ART_14_2 = Citation(REGULATIONS_2024, 14, 2)
ORDER_71_ART_3 = Citation(TOTAL_CONTROL_MEASURES_2025, 3)
BEFORE_P6 = (
    "is before 2024-10-01, the day the Rare Earth Management Regulations took effect; the "
    "library encodes the rules from that day on (policy P6) and does not guess earlier law"
)


def not_in_force(call: Callable[[], object]) -> str:
    """The message of the NotInForceError ``call`` raises."""
    with pytest.raises(NotInForceError) as info:
        call()
    return str(info.value)


def reo(text: str) -> Tonnage:
    return Tonnage.parse(text, basis=REO)


# =============================================================== entry points (checks.py)


def test_check_flow_report_names_each_bad_argument() -> None:
    firm = separator()
    good = report(firm, "2025-09", stocked(OXIDE))
    assert_error(
        InvalidInputError(field="report", value="R-1", accepted="a FlowReport"),
        lambda: check_flow_report("R-1"),  # type: ignore[arg-type]
    )
    assert_error(
        InvalidInputError(field="designations", value=[], accepted="a DesignationRegister or None"),
        lambda: check_flow_report(good, designations=[]),  # type: ignore[arg-type]
    )
    when = dt.datetime(2025, 10, 20, tzinfo=CHINA_STANDARD_TIME)
    assert_error(
        InvalidInputError(field="as_of", value=when, accepted="a datetime.date"),
        lambda: check_flow_report(good, as_of=when),
    )


def test_a_report_before_the_regulations_is_not_in_force_naming_the_report() -> None:
    old = report(separator(), "2024-09", stocked(OXIDE), report_id="R-OLD")
    assert not_in_force(lambda: check_flow_report(old)) == (
        f"report R-OLD for 2024-09: 2024-09-30 {BEFORE_P6}"
    )


def test_iter_report_findings_defaults_no_roll_over_and_no_tolerance() -> None:
    firm = separator()
    # July 2025 is due on Sunday 2025-08-10: entered on Monday the 11th it is late unless
    # the caller asks for the roll-over policy.
    late = report(firm, "2025-07", stocked(OXIDE), submitted_at=beijing(2025, 8, 11))
    assert [f.rule_id for f in iter_report_findings(late)] == ["RPT001"]
    assert [f.rule_id for f in iter_report_findings(late, roll_over=True)] == []
    # one gram short of closing: exact by default
    lines = [
        FlowLine(direction="opening_stock", product=OXIDE, quantity="1 t"),
        FlowLine(direction="closing_stock", product=OXIDE, quantity="0.999999 t"),
    ]
    short = report(firm, "2025-09", lines)
    assert [f.rule_id for f in iter_report_findings(short)] == ["RPT003"]
    assert list(iter_report_findings(short, balance_tolerance_grams=1)) == []


def test_check_year_names_each_bad_argument() -> None:
    good = report(separator(), "2025-09", stocked(OXIDE))
    assert_error(
        InvalidPeriodError(field="year", value="2025", accepted="a year from 1 to 9999"),
        lambda: check_year([good], year="2025"),  # type: ignore[arg-type]
    )
    for beyond in (0, 10000, True):
        assert_error(
            InvalidPeriodError(field="year", value=beyond, accepted="a year from 1 to 9999"),
            functools.partial(check_year, [good], year=beyond),
        )
    assert_error(
        InvalidInputError(field="reports[1]", value="R-2", accepted="a FlowReport"),
        lambda: check_year([good, "R-2"], year=2025),  # type: ignore[list-item]
    )
    assert_error(
        InvalidInputError(
            field="allocations", value="batch 1", accepted="an iterable of QuotaAllocation"
        ),
        lambda: check_year([good], year=2025, allocations="batch 1"),  # type: ignore[arg-type]
    )
    batch = allocation(2025, "1 t REO")
    assert_error(
        InvalidInputError(field="allocations[1]", value="batch 2", accepted="a QuotaAllocation"),
        lambda: check_year([good], year=2025, allocations=[batch, "batch 2"]),  # type: ignore[list-item]
    )
    assert_error(
        InvalidInputError(field="since", value="2025-01", accepted="a Month or None"),
        lambda: check_year([good], year=2025, since="2025-01"),  # type: ignore[arg-type]
    )
    assert_error(
        InvalidInputError(field="through", value=12, accepted="a Month or None"),
        lambda: check_year([good], year=2025, through=12),  # type: ignore[arg-type]
    )


def test_a_year_before_the_regulations_is_not_in_force_naming_the_year() -> None:
    assert not_in_force(lambda: check_year([], year=2023)) == f"year 2023: 2023-12-31 {BEFORE_P6}"


def test_year_findings_about_a_report_carry_its_month() -> None:
    firm = separator()
    unknown_feed = report(
        firm, "2025-09", stocked(UNKNOWN_REO_OXIDE, produced(UNKNOWN_REO_OXIDE, "2 t", origin=None))
    )
    found = [f for f in check_year([unknown_feed], year=2025) if f.rule_id == "QTA002"]
    assert [(f.enterprise, f.month, f.report_id, f.subject) for f in found] == [
        (firm.uscc, "2025-09", unknown_feed.report_id, "$.lines[1]")
    ]


# ====================================================================== common.py


def test_a_date_argument_must_be_a_date_not_a_datetime() -> None:
    when = dt.datetime(2025, 8, 1, tzinfo=CHINA_STANDARD_TIME)
    assert_error(
        InvalidInputError(field="on", value=when, accepted="a datetime.date"),
        lambda: counts_against_quota("mining", "domestic_mined", on=when),
    )


# ====================================================================== quotas.py


def test_counts_against_quota_names_its_arguments() -> None:
    day = dt.date(2025, 8, 1)
    error = raised(lambda: counts_against_quota("recycling", "imported", on=day))
    assert (error.field, error.value) == ("activity", "recycling")
    error = raised(lambda: counts_against_quota("mining", "moon", on=day))
    assert (error.field, error.value) == ("origin", "moon")
    assert not_in_force(
        lambda: counts_against_quota("mining", "domestic_mined", on=dt.date(2024, 9, 30))
    ) == (f"counts_against_quota: 2024-09-30 {BEFORE_P6}")


def test_quota_use_names_its_arguments() -> None:
    assert_error(
        InvalidInputError(
            field="activity",
            value="metal_smelting",
            accepted="'mining' or 'smelting_separation'",
        ),
        lambda: quota_use([], year=2025, activity="metal_smelting"),
    )
    assert raised(lambda: quota_use([], year=2025, activity="smelting")).field == "activity"
    assert_error(
        InvalidPeriodError(field="year", value=2025.0, accepted="a year from 1 to 9999"),
        lambda: quota_use([], year=2025.0, activity="mining"),  # type: ignore[arg-type]
    )
    assert_error(
        InvalidPeriodError(field="year", value=10000, accepted="a year from 1 to 9999"),
        lambda: quota_use([], year=10000, activity="mining"),
    )
    assert not_in_force(lambda: quota_use([], year=2023, activity="mining")) == (
        f"quota year 2023: 2023-12-31 {BEFORE_P6}"
    )


def test_quota_use_lists_every_line_with_its_reason_and_reo() -> None:
    firm = separator()
    lines = [
        produced(OXIDE, "1 t", origin="imported", date=dt.date(2025, 3, 5)),
        produced(OXIDE, "2 t", origin="domestic_mined"),
        produced(OXIDE, "4 t", origin="secondary"),
        produced(OXIDE, "8 t", origin=None),
        produced(UNKNOWN_REO_OXIDE, "16 t", origin="domestic_mined"),
    ]
    later = report(firm, "2027-01", [produced(OXIDE, "32 t")], report_id="R-2027")
    this_year = report(firm, "2025-03", lines, report_id="R-3")
    use = quota_use([later, this_year], year=2025, activity="smelting_separation")
    assert list(use.enterprises) == [firm.uscc]
    entry = use.enterprises[firm.uscc]
    assert entry.counted == reo("2 t REO")
    assert entry.by_origin == {FeedstockOrigin.DOMESTIC_MINED: reo("2 t REO")}
    assert entry.counted_lines == (LineRef("R-3", 1, "counted", reo("2 t REO")),)
    assert entry.excluded == (
        LineRef(
            "R-3",
            0,
            "imported feed counts only from 2025-07-28 (Order No. 71); "
            "the line is dated 2025-03-05",
            reo("1 t REO"),
            code=LineReason.FEED_NOT_YET_CONTROLLED,
        ),
        LineRef(
            "R-3",
            2,
            "secondary resources do not count against quotas",
            reo("4 t REO"),
            code=LineReason.SECONDARY,
        ),
    )
    assert entry.undetermined == (
        LineRef(
            "R-3", 3, "feed origin not stated", reo("8 t REO"), code=LineReason.ORIGIN_NOT_STATED
        ),
        LineRef("R-3", 4, "REO content unknown", None, code=LineReason.REO_UNKNOWN),
    )
    assert entry.undetermined[0].subject == "$.lines[3]"


def test_a_line_excluded_by_date_does_not_hide_the_next_line() -> None:
    firm = separator()
    lines = [
        produced(OXIDE, "1 t", origin="imported", date=dt.date(2025, 7, 27)),
        produced(OXIDE, "2 t", origin="imported", date=dt.date(2025, 7, 28)),
    ]
    use = quota_use([report(firm, "2025-07", lines)], year=2025, activity="smelting_separation")
    assert use.enterprises[firm.uscc].counted == reo("2 t REO")
    assert use.enterprises[firm.uscc].by_origin == {FeedstockOrigin.IMPORTED: reo("2 t REO")}


def test_mining_use_neither_lists_recycled_compounds_nor_loses_mining_output() -> None:
    firm = miner()
    lines = [produced(OXIDE, "4 t", origin="secondary"), produced(CONCENTRATE, "2 t", origin=None)]
    use = quota_use([report(firm, "2025-09", lines)], year=2025, activity="mining")
    entry = use.enterprises[firm.uscc]
    assert entry.excluded == ()
    assert entry.counted == reo("1 t REO")  # 2 t of a concentrate with 50 % REO
    # mining output of unstated origin is domestically mined (P4)
    assert entry.by_origin == {FeedstockOrigin.DOMESTIC_MINED: reo("1 t REO")}


def test_only_enterprises_with_lines_of_the_activity_are_listed() -> None:
    mine = report(miner(), "2025-09", [produced(CONCENTRATE, "2 t", origin=None)])
    recycled = report(
        separator(5),
        "2025-09",
        [produced(OXIDE, "4 t", origin="secondary"), produced(OXIDE, "8 t", origin=None)],
    )
    separated = quota_use([mine], year=2025, activity="smelting_separation")
    assert dict(separated.enterprises) == {}
    assert dict(quota_use([recycled], year=2025, activity="mining").enterprises) == {}
    listed = quota_use([mine, recycled], year=2025, activity="smelting_separation")
    assert list(listed.enterprises) == [uscc(5)]


def test_produced_scrap_is_not_a_compound_of_unknown_feed() -> None:
    # Only a compound of unstated feed may be smelting-separation output (QTA002); scrap
    # produced along the way is neither counted nor undetermined.
    firm = separator()
    scrap = report(firm, "2025-09", [produced(SCRAP, "3 t", origin=None)])
    use = quota_use([scrap], year=2025, activity="smelting_separation")
    assert all(entry.undetermined == () for entry in use.enterprises.values())
    assert [f.rule_id for f in check_year([scrap], year=2025) if f.rule_id == "QTA002"] == []


def test_a_report_before_the_regulations_is_refused_naming_it() -> None:
    firm = miner()
    lines = [produced(CONCENTRATE, "2 t", origin=None), produced(CONCENTRATE, "4 t", origin=None)]
    before = report(firm, "2024-09", lines, report_id="M-0")
    message = (
        "report M-0 for 2024-09: 2024-09-30 is before 2024-10-01, the day the Rare Earth "
        "Management Regulations took effect; the library encodes the rules from that day on "
        "(policy P6) and does not guess earlier law"
    )
    for year in (2024, 2025, 2026):
        with pytest.raises(NotInForceError) as use_error:
            quota_use([before], year=year, activity="mining")
        assert str(use_error.value) == message
        with pytest.raises(NotInForceError) as year_error:
            check_year([before], year=year)
        assert str(year_error.value) == message


def test_the_first_day_of_the_regulations_counts_and_the_day_before_does_not() -> None:
    firm = miner()
    first = report(
        firm, "2024-10", [produced(CONCENTRATE, "2 t", origin=None, date=dt.date(2024, 10, 1))]
    )
    use = quota_use([first], year=2024, activity="mining")
    assert use.enterprises[firm.uscc].counted == reo("1 t REO")
    before = report(firm, "2024-09", [produced(CONCENTRATE, "2 t", origin=None)], report_id="M-0")
    with pytest.raises(NotInForceError, match="report M-0 for 2024-09"):
        quota_use([first, before], year=2024, activity="mining")


def test_quota_exceeded_facts_name_the_holder_and_its_indicator_in_reo() -> None:
    firm = separator()
    reports = [report(firm, "2025-03", [produced(OXIDE, "2 t")], report_id="R-5")]
    allocations = [allocation(2025, "1 t REO", holder=firm.name, holder_uscc=firm.uscc)]
    (found,) = check_year(reports, year=2025, allocations=allocations)
    assert found == EnglishFinding(
        rule_id="QTA001",
        severity=Severity.VIOLATION,
        message=(
            "Example Separation Co. 1: smelting and separation output counted against the "
            "2025 indicator is 2 t REO, above the indicator of 1 t REO by 1 t REO"
        ),
        citations=(ART[10], ART[21], ORDER_71_ART_3),
        subject="$",
        facts={
            "holder": firm.name,
            "holder_uscc": firm.uscc,
            "enterprises": [firm.uscc],
            "activity": "smelting_separation",
            "year": 2025,
            "quota": "1 t REO",
            "used": "2 t REO",
            "excess": "1 t REO",
            "quota_grams": 1_000_000,
            "used_grams": 2_000_000,
            "excess_grams": 1_000_000,
            "used_by_origin_grams": {"domestic_mined": 2_000_000},
            "penalty_article": "Regulations 2024, art. 21",
            "consequence": (
                "if penalised, the holder's indicator for 2026 is reduced "
                "(Order No. 71; amount unspecified)"
            ),
            "consequence_citation": (
                "Order No. 71, next year's indicator reduced after an administrative penalty"
            ),
        },
        enterprise=firm.uscc,
    )


def test_a_holder_named_with_and_without_its_uscc_is_one_holder() -> None:
    # P7: two notices, one with the USCC and one with the name only, are one indicator of
    # 1.5 t REO; its total is compared, once.
    firm = separator()
    reports = [report(firm, "2025-03", [produced(OXIDE, "2 t")])]
    allocations = [
        allocation(2025, "1 t REO", holder=firm.name, holder_uscc=firm.uscc),
        allocation(2025, "0.5 t REO", holder=firm.name, batch=2),
    ]
    (found,) = check_year(reports, year=2025, allocations=allocations)
    assert (found.rule_id, found.facts["holder_uscc"]) == ("QTA001", firm.uscc)
    assert (found.facts["quota"], found.facts["excess"]) == ("1.5 t REO", "0.5 t REO")


# =================================================================== reporting.py


def test_due_date_names_each_bad_argument() -> None:
    assert_error(
        InvalidInputError(field="month", value=202509, accepted="a Month or 'YYYY-MM'"),
        lambda: flow_report_due_date(202509),  # type: ignore[arg-type]
    )
    assert type(raised(lambda: flow_report_due_date("2025-13"))) is InvalidPeriodError
    assert_error(
        InvalidInputError(field="roll_over", value="yes", accepted="True or False"),
        lambda: flow_report_due_date("2025-09", roll_over="yes"),  # type: ignore[arg-type]
    )
    assert_error(
        InvalidInputError(
            field="is_working_day",
            value="CN",
            accepted="a function from a date to True (working day) or False, or None",
        ),
        lambda: flow_report_due_date("2025-09", is_working_day="CN"),  # type: ignore[arg-type]
    )


def test_a_month_before_the_first_deadline_says_when_the_deadline_starts() -> None:
    assert not_in_force(lambda: flow_report_due_date("2025-06")) == (
        "month 2025-06: the monthly deadline of Order No. 71 applies from the 2025-07 report "
        "on (due 2025-08-10, the first due date on or after the Measures took effect on "
        "2025-07-28; policy P2)"
    )


def test_december_9999_has_no_due_date() -> None:
    assert not_in_force(lambda: flow_report_due_date(Month(9999, 12))) == (
        "month 9999-12: its due date would fall in the year 10000, beyond the dates the "
        "library can represent"
    )


def test_roll_over_moves_one_day_at_a_time_and_searches_sixty_days() -> None:
    due = dt.date(2025, 10, 10)

    def from_day(first: dt.date) -> Callable[[dt.date], bool]:
        return lambda day: day >= first

    def only(first: dt.date) -> Callable[[dt.date], bool]:
        return lambda day: day == first

    one_later = due + dt.timedelta(days=1)
    assert flow_report_due_date("2025-09", roll_over=True, is_working_day=only(one_later)) == (
        one_later
    )
    last = due + dt.timedelta(days=59)
    assert flow_report_due_date("2025-09", roll_over=True, is_working_day=from_day(last)) == last
    never = from_day(due + dt.timedelta(days=60))
    assert_error(
        InvalidInputError(
            field="is_working_day",
            value=never,
            accepted="a calendar with a working day within 60 days of the due date",
        ),
        lambda: flow_report_due_date("2025-09", roll_over=True, is_working_day=never),
    )


def test_roll_over_without_the_holidays_package_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "holidays", None)
    with pytest.raises(ModuleNotFoundError) as info:
        flow_report_due_date("2025-09", roll_over=True)
    assert str(info.value) == (
        "the roll-over policy needs the optional 'holidays' package: "
        "pip install '.[holidays]' in a checkout of the repository"
    )


def test_deadline_and_on_time_default_to_no_roll_over_and_use_the_callers_calendar() -> None:
    # July 2025 is due on Sunday 2025-08-10.
    assert deadline_instant("2025-07") == dt.datetime(2025, 8, 11, tzinfo=CHINA_STANDARD_TIME)
    assert not is_submitted_on_time("2025-07", dt.date(2025, 8, 11))

    def from_13th(day: dt.date) -> bool:
        return day.day >= 13

    assert is_submitted_on_time(
        "2025-09", dt.date(2025, 10, 13), roll_over=True, is_working_day=from_13th
    )


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("2025-09-30T23:00+08:00", "2025-09-30T23:00+08:00"),  # the text as given
        ("2025-09-30", "2025-09-30"),
        (dt.date(2025, 9, 30), "2025-09-30"),
        (dt.datetime(2025, 9, 30, 15, 59, 59, tzinfo=dt.UTC), "2025-09-30T15:59:59+00:00"),
    ],
)
def test_an_entry_before_the_month_ended_is_refused_showing_what_was_given(
    given: dt.datetime | dt.date | str, shown: str
) -> None:
    assert_error(
        InvalidTimestampError(
            field="submitted_at",
            value=shown,
            accepted="an entry time after the reporting month 2025-09 ended (2025-10-01 or "
            "later, Beijing time)",
        ),
        lambda: is_submitted_on_time(Month(2025, 9), given),
    )
    # the first second of October in Beijing is after the month
    assert is_submitted_on_time(Month(2025, 9), dt.datetime(2025, 9, 30, 16, tzinfo=dt.UTC))


def test_a_late_report_finding_carries_its_facts() -> None:
    firm = separator()
    late = report(
        firm, "2025-09", stocked(OXIDE), submitted_at=beijing(2025, 10, 11, 9), report_id="R-1"
    )
    (found,) = [f for f in check_flow_report(late) if f.rule_id == "RPT001"]
    assert found == EnglishFinding(
        rule_id="RPT001",
        severity=Severity.VIOLATION,
        message=(
            "Example Separation Co. 1's flow report for 2025-09 was entered on 2025-10-11 "
            "(Beijing time), 1 day(s) after its due date 2025-10-10"
        ),
        citations=(ORDER_71_MONTHLY_REPORTING, ART_14_2),
        subject="$.submitted_at",
        facts={
            "enterprise": firm.uscc,
            "month": "2025-09",
            "due_date": "2025-10-10",
            "deadline_because": {
                "declared": ["smelting_separation"],
                "shown_by_report": [],
                "designated": [],
            },
            "submitted_at": "2025-10-11T09:00:00+08:00",
            "submitted_beijing": "2025-10-11T09:00:00+08:00",
            "days_late": 1,
        },
        enterprise=firm.uscc,
        month="2025-09",
        report_id="R-1",
    )


def test_an_open_balance_in_reo_shows_its_basis() -> None:
    lines = [
        FlowLine(direction="opening_stock", product=OXIDE, quantity="0 t REO"),
        flow("sold", OXIDE, "2 t REO"),
        FlowLine(direction="closing_stock", product=OXIDE, quantity="0 t REO"),
    ]
    (found,) = check_flow_report(report(separator(), "2025-09", lines))
    assert found.message.endswith(
        "opening 0 t REO + inflows 0 t REO - outflows 2 t REO = -2 t REO, but closing stock "
        "is 0 t REO"
    )


@pytest.mark.parametrize(
    ("opening", "moves", "closing", "equation"),
    [
        (
            "0 t",
            [("produced", "1 t"), ("sold", "3 t")],
            "0 t",
            "opening 0 t + inflows 1 t - outflows 3 t = -2 t, but closing stock is 0 t",
        ),
        (
            "1 t",
            [("sold", "1 t")],
            "1 t",
            "opening 1 t + inflows 0 t - outflows 1 t = 0 t, but closing stock is 1 t",
        ),
        (
            "1 t",
            [("produced", "1 t")],
            "1 t",
            "opening 1 t + inflows 1 t - outflows 0 t = 2 t, but closing stock is 1 t",
        ),
    ],
)
def test_an_open_balance_shows_its_equation_with_the_sign(
    opening: str, moves: list[tuple[str, str]], closing: str, equation: str
) -> None:
    firm = separator()
    lines = [
        FlowLine(direction="opening_stock", product=OXIDE, quantity=opening),
        *(flow(direction, OXIDE, amount, origin="domestic_mined") for direction, amount in moves),
        FlowLine(direction="closing_stock", product=OXIDE, quantity=closing),
    ]
    checked = report(firm, "2025-09", lines)
    (found,) = [f for f in check_flow_report(checked) if f.rule_id == "RPT003"]
    assert found.message == (
        f"Example Separation Co. 1, 2025-09: the balance of PrNd oxide does not close: {equation}"
    )


@pytest.mark.parametrize(
    ("activities", "expected"),
    [
        ((), False),
        ((Activity.MINING,), True),
        ((Activity.SMELTING_SEPARATION,), True),
        ((Activity.METAL_SMELTING, Activity.COMPREHENSIVE_UTILIZATION, Activity.EXPORT), False),
        ((Activity.EXPORT, Activity.SMELTING_SEPARATION), True),
    ],
)
def test_has_monthly_deadline_for_mining_and_separation_only(
    activities: tuple[Activity, ...], expected: bool
) -> None:
    # P3: the 10th-of-the-month deadline binds the production enterprises of Order No. 71;
    # any one such activity among others is enough (a generator, read once).
    assert has_monthly_deadline(iter(activities)) is expected


# ===================================================================== sources.py


def _purchases() -> FlowReport:
    return report(
        separator(),
        "2025-09",
        [
            flow("purchased", OXIDE, "2 t"),
            flow("purchased", OXIDE, "3 t", seller=uscc(7)),
            flow("purchased", CONCENTRATE, "4 t", seller=uscc(8)),
            flow("imported", MONAZITE, "5 t"),
        ],
    )


def _source_finding(index: int, message: str, facts: dict[str, object]) -> EnglishFinding:
    return EnglishFinding(
        rule_id="SRC001",
        severity=Severity.UNDETERMINED,
        message=f"Example Separation Co. 1, 2025-09: {message}",
        citations=(ART[13],),
        subject=f"$.lines[{index}]",
        facts=facts,
    )


UNIDENTIFIED = _source_finding(
    0,
    "buys 2 t PrNd oxide from an unidentified seller",
    {
        "direction": "purchased",
        "product": "PrNd oxide",
        "quantity": "2 t",
        "reason": "seller not identified",
        "seller": None,
    },
)
NO_DECLARATION = _source_finding(
    3,
    "imports 5 t Monazite concentrate without a customs declaration number, so its source "
    "cannot be traced",
    {
        "direction": "imported",
        "product": "Monazite concentrate",
        "quantity": "5 t",
        "reason": "no customs declaration",
        "seller": None,
    },
)


def test_purchases_without_a_register_are_undetermined_naming_the_seller() -> None:
    assert list(check_sources(_purchases(), designations=None)) == [
        UNIDENTIFIED,
        _source_finding(
            1,
            f"buys 3 t PrNd oxide from {uscc(7)}, but no designation register was given to "
            "trace it",
            {
                "direction": "purchased",
                "product": "PrNd oxide",
                "quantity": "3 t",
                "reason": "no designation register",
                "seller": uscc(7),
            },
        ),
        _source_finding(
            2,
            f"buys 4 t Bastnaesite concentrate from {uscc(8)}, but no designation register "
            "was given to trace it",
            {
                "direction": "purchased",
                "product": "Bastnaesite concentrate",
                "quantity": "4 t",
                "reason": "no designation register",
                "seller": uscc(8),
            },
        ),
        NO_DECLARATION,
    ]


def test_purchases_from_sellers_not_designated() -> None:
    # P16: a seller that is not designated may be a reseller: undetermined, traced upstream.
    assert list(check_sources(_purchases(), designations=register())) == [
        UNIDENTIFIED,
        _source_finding(
            1,
            f"buys 3 t PrNd oxide (a smelting-separation product) on 2025-09-30 from "
            f"{uscc(7)}, which is not designated for smelting and separation: it may be a "
            "lawful reseller, so the source must be traced upstream to a designated producer",
            {
                "direction": "purchased",
                "product": "PrNd oxide",
                "quantity": "3 t",
                "reason": "seller not a designated producer",
                "seller": uscc(7),
            },
        ),
        _source_finding(
            2,
            f"buys 4 t Bastnaesite concentrate (a rare earth mineral product) on 2025-09-30 "
            f"from {uscc(8)}, which is designated neither for mining nor for smelting and "
            "separation: it may be a lawful reseller, so the source must be traced upstream "
            "to a designated producer",
            {
                "direction": "purchased",
                "product": "Bastnaesite concentrate",
                "quantity": "4 t",
                "reason": "seller not a designated producer",
                "seller": uscc(8),
            },
        ),
        NO_DECLARATION,
    ]


def test_a_mineral_product_from_a_seller_designated_for_separation_traces() -> None:
    register_ = register(designation(uscc(7)), designation(uscc(8)))
    assert list(check_sources(_purchases(), designations=register_)) == [
        UNIDENTIFIED,
        NO_DECLARATION,
    ]


def test_a_compound_from_a_seller_designated_only_for_mining_does_not_trace() -> None:
    register_ = register(designation(uscc(7), Activity.MINING), designation(uscc(8)))
    [_, compound, _] = check_sources(_purchases(), designations=register_)
    assert compound.subject == "$.lines[1]"


def test_an_unidentified_cn_seller_with_a_customs_number_is_named_whole() -> None:
    line = flow(
        "purchased",
        OXIDE,
        "2 t",
        foreign=("Example Trading Co.", "CN"),
        customs_declaration="CD-9",
    )
    assert list(check_sources(report(separator(), "2025-09", [line]), designations=None)) == [
        _source_finding(
            0,
            "buys 2 t PrNd oxide from Example Trading Co. (country CN, no USCC): an "
            "unidentified domestic seller, not an import, whatever its customs declaration "
            "number says",
            {
                "direction": "purchased",
                "product": "PrNd oxide",
                "quantity": "2 t",
                "reason": "seller not identified",
                "seller": None,
            },
        )
    ]
    foreign = attrs.evolve(line, counterparty=Counterparty(name="Example Pty Ltd", country="AU"))
    assert list(check_sources(report(separator(), "2025-09", [foreign]))) == []


def test_purchases_from_designated_producers_pass() -> None:
    register_ = register(designation(uscc(7)), designation(uscc(8), Activity.MINING))
    assert list(check_sources(_purchases(), designations=register_)) == [
        UNIDENTIFIED,
        NO_DECLARATION,
    ]


# ===================================================================== registry.py


def _documented(report: FlowReport, **_: object) -> Iterator[Finding]:
    """A rule for the registry tests.

    Legal basis:
        none; it is a test.

    Interpretation:
        a test rule reads
        no law.
    """
    yield from ()


def _undocumented(report: FlowReport, **_: object) -> Iterator[Finding]:
    yield from ()


@pytest.fixture
def empty_registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, Rule]:
    """An empty registry in place of the real one, for the length of a test."""
    table: dict[str, Rule] = {}
    monkeypatch.setattr(registry, "_REGISTRY", table)
    return table


def test_register_builds_the_rule_from_its_arguments_and_docstring(
    empty_registry: dict[str, Rule],
) -> None:
    decorate = registry.register(
        id="TST001",
        name="test-rule",
        citations=(ART[25],),
        severities=(Severity.INFO, Severity.WARNING),
        in_force_from=dt.date(2025, 1, 1),
        in_force_until=dt.date(2025, 12, 31),
        policies=("P1", "P10"),
        scope="year",
    )
    assert decorate(_documented) is _documented
    rule = empty_registry["TST001"]
    assert (
        rule.id,
        rule.name,
        rule.title,
        rule.summary,
        rule.citations,
        rule.severities,
        rule.in_force_from,
        rule.in_force_until,
        rule.policies,
        rule.scope,
        rule.doc,
    ) == (
        "TST001",
        "test-rule",
        "A rule for the registry tests.",
        "a test rule reads no law.",
        (ART[25],),
        (Severity.INFO, Severity.WARNING),
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        ("P1", "P10"),
        "year",
        "A rule for the registry tests.\n\nLegal basis:\n    none; it is a test.\n\n"
        "Interpretation:\n    a test rule reads\n    no law.",
    )
    assert rule.check is _documented


def test_register_defaults_and_an_undocumented_check(empty_registry: dict[str, Rule]) -> None:
    registry.register(
        id="TST002",
        name="bare",
        citations=(ART[8],),
        severities=(Severity.VIOLATION,),
        in_force_from=dt.date(2024, 10, 1),
    )(_undocumented)
    rule = empty_registry["TST002"]
    assert (rule.title, rule.summary, rule.doc, rule.in_force_until, rule.policies, rule.scope) == (
        "",
        "",
        "",
        None,
        (),
        "report",
    )


@pytest.mark.parametrize(
    ("rule_id", "name"),
    [("TST1", "test-rule"), ("tst001", "test-rule"), ("TST001", "Test Rule"), ("TST001", "a--b")],
)
def test_register_refuses_a_malformed_id_or_name(
    empty_registry: dict[str, Rule], rule_id: str, name: str
) -> None:
    decorate = registry.register(
        id=rule_id,
        name=name,
        citations=(ART[8],),
        severities=(Severity.VIOLATION,),
        in_force_from=dt.date(2024, 10, 1),
    )
    with pytest.raises(AssertionError) as info:
        decorate(_documented)
    assert str(info.value) == f"malformed rule id or name: {rule_id!r} {name!r}"
    assert empty_registry == {}


def test_register_refuses_an_id_twice(empty_registry: dict[str, Rule]) -> None:
    arguments: dict[str, object] = {
        "citations": (ART[8],),
        "severities": (Severity.VIOLATION,),
        "in_force_from": dt.date(2024, 10, 1),
    }
    registry.register(id="TST003", name="first", **arguments)(_documented)  # type: ignore[arg-type]
    with pytest.raises(AssertionError) as info:
        registry.register(id="TST003", name="second", **arguments)(_undocumented)  # type: ignore[arg-type]
    assert str(info.value) == "rule id registered twice: TST003"
    assert empty_registry["TST003"].name == "first"


def test_a_rule_is_in_force_on_its_last_day() -> None:
    rule = Rule(
        id="TST004",
        name="bounded",
        title="",
        citations=(),
        severities=(),
        in_force_from=dt.date(2025, 1, 1),
        in_force_until=dt.date(2025, 12, 31),
        policies=(),
        scope="report",
        doc="",
        check=_documented,
    )
    assert not rule.is_in_force(dt.date(2024, 12, 31))
    assert rule.is_in_force(dt.date(2025, 1, 1))
    assert rule.is_in_force(dt.date(2025, 12, 31))
    assert not rule.is_in_force(dt.date(2026, 1, 1))
    assert describe(rule)["in_force_until"] == "2025-12-31"


@pytest.mark.parametrize("rule_id", ["XXX999", "rpt001", 1, ["RPT001"]])
def test_an_unknown_rule_id_lists_the_known_ones(rule_id: object) -> None:
    assert_error(
        InvalidInputError(
            field="rule_id", value=rule_id, accepted="one of: " + ", ".join(sorted(RULES))
        ),
        lambda: get_rule(rule_id),  # type: ignore[arg-type]
    )


def test_rules_in_force_on_a_non_date() -> None:
    assert_error(
        InvalidInputError(field="on", value="2025-08-01", accepted="a datetime.date"),
        lambda: rules_in_force("2025-08-01"),  # type: ignore[arg-type]
    )


def test_describe_gives_the_json_ready_rule() -> None:
    assert describe(get_rule("RPT001")) == {
        "id": "RPT001",
        "name": "flow-report-late",
        "title": "Monthly flow report entered late, or not entered by its due date.",
        "summary": get_rule("RPT001").summary,
        "citations": [
            "Order No. 71, monthly flow reporting by the 10th",
            "Regulations 2024, art. 14(2)",
            "Regulations 2024, art. 25",
        ],
        "in_force_from": "2025-07-28",
        "in_force_until": None,
        "severities": ["violation", "undetermined"],
        "policies": ["P1", "P2", "P3", "P13", "P18"],
        "scope": "report",
    }
    assert get_rule("RPT001").summary.startswith("P1: on or before the 10th of the following month")
    chinese = describe(get_rule("RPT001"), "zh")
    assert chinese["title"] == "月度稀土产品流向报告录入迟延，或者截止日期前未录入。"
    assert chinese["summary"].startswith("P1：在次月10日当日或者之前录入")
    assert chinese["citations"][1] == "《稀土管理条例》第十四条第二款"


# ===================================================================== penalties.py

INCOME_BREACH = {
    21: "mining or smelting and separation beyond total quantity control",
    22: "smelting and separation by a non-designated party (item 1), or comprehensive "
    "utilization using rare earth mineral products (item 2)",
    23: "purchasing, processing or selling illegally mined or smelted-separated products",
}
INCOME_CONSEQUENCES = {
    21: (
        "confiscation of the illegally produced rare earth products and illegal income",
        "serious cases: suspension of production and business",
        "next year's indicator reduced (Order No. 71; amount unspecified)",
    ),
    22: (
        "confiscation of the products, illegal income, and the tools and equipment used",
        "serious cases: business licence revoked",
    ),
    23: (
        "confiscation of the products, illegal income, and the tools and equipment used",
        "serious cases: business licence revoked",
    ),
}
FIXED = {21: (1_000_000, 5_000_000), 22: (2_000_000, 5_000_000), 23: (500_000, 2_000_000)}


@pytest.mark.parametrize("article", [21, 22, 23])
def test_income_article_ranges_whole(article: int) -> None:
    low, high = FIXED[article]
    assert fine_range(article) == FineRange(
        article=article,
        citation=ART[article],
        minimum=Decimal(low),
        maximum=Decimal(high),
        basis=f"{INCOME_BREACH[article]}: no illegal income (under 500,000): fixed range",
        consequences=INCOME_CONSEQUENCES[article],
    )
    assert fine_range(article, illegal_income="1000") == FineRange(
        article=article,
        citation=ART[article],
        minimum=Decimal(low),
        maximum=Decimal(high),
        basis=f"{INCOME_BREACH[article]}: illegal income 1000 yuan (under 500,000): fixed range",
        consequences=INCOME_CONSEQUENCES[article],
    )
    assert fine_range(article, illegal_income=600_000) == FineRange(
        article=article,
        citation=ART[article],
        minimum=Decimal(3_000_000),
        maximum=Decimal(6_000_000),
        basis=f"{INCOME_BREACH[article]}: illegal income 600000 yuan ≥ 500,000: "
        "5× to 10× the income",
        consequences=INCOME_CONSEQUENCES[article],
    )


@pytest.mark.parametrize(
    ("article", "breach", "fixed", "refused", "consequences"),
    [
        (
            25,
            "flow records not kept truthfully or not entered in the traceability system",
            (50_000, 200_000),
            (200_000, 1_000_000),
            ("order to correct",),
        ),
        (
            26,
            "refusing or obstructing supervision and inspection",
            (20_000, 100_000),
            (100_000, 500_000),
            ("order to correct", "warning"),
        ),
    ],
)
def test_fixed_scale_ranges_whole(
    article: int,
    breach: str,
    fixed: tuple[int, int],
    refused: tuple[int, int],
    consequences: tuple[str, ...],
) -> None:
    assert fine_range(article) == FineRange(
        article=article,
        citation=ART[article],
        minimum=Decimal(fixed[0]),
        maximum=Decimal(fixed[1]),
        basis=breach,
        consequences=consequences,
    )
    assert fine_range(str(article), refused_to_correct=True) == FineRange(
        article=article,
        citation=ART[article],
        minimum=Decimal(refused[0]),
        maximum=Decimal(refused[1]),
        persons_minimum=Decimal(20_000),
        persons_maximum=Decimal(50_000),
        basis=f"{breach}, and the enterprise refuses to correct",
        consequences=("suspension of production and business",),
    )


def test_an_article_set_by_other_law_names_that_law() -> None:
    with pytest.raises(AmountSetByOtherLawError) as info:
        fine_range(20)
    assert str(info.value) == (
        "article 20 (unlicensed mining (Mineral Resources Law)): the amount is set by another "
        "law; the library encodes no fine range for it"
    )


@pytest.mark.parametrize(
    ("article", "value", "accepted"),
    [
        (
            Citation(TOTAL_CONTROL_MEASURES_2025, 3),
            "Order No. 71, art. 3",
            "an article of the Regulations 2024",
        ),
        (Citation(REGULATIONS_2024), "Regulations 2024", "an article of the Regulations 2024"),
        ("２２", "２２", "an article number such as 21, or a Citation"),
        ("21a", "21a", "an article number such as 21, or a Citation"),
        (21.0, 21.0, "an article number such as 21, or a Citation"),
        (True, True, "an article number such as 21, or a Citation"),
        (33, 33, "21, 22, 23, 25 or 26 (20, 24, 27 and 29 are set by other laws)"),
        ("0", "0", "21, 22, 23, 25 or 26 (20, 24, 27 and 29 are set by other laws)"),
    ],
)
def test_an_article_without_a_fine_is_refused_as_passed(
    article: object, value: object, accepted: str
) -> None:
    assert_error(
        InvalidInputError(field="article", value=value, accepted=accepted),
        lambda: fine_range(article),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("income", ["x", "", -1, "-0.01", "NaN", 1.5, True, [1]])
def test_bad_illegal_income_is_refused_as_passed(income: object) -> None:
    assert_error(
        InvalidInputError(
            field="illegal_income",
            value=income,
            accepted="a non-negative amount in yuan: int, Decimal or decimal string",
        ),
        lambda: fine_range(21, illegal_income=income),  # type: ignore[arg-type]
    )


def test_arguments_an_article_does_not_take_are_refused_naming_the_article() -> None:
    assert_error(
        InvalidInputError(
            field="illegal_income",
            value="100",
            accepted="None: article 25 does not fine by illegal income",
        ),
        lambda: fine_range(25, illegal_income="100"),
    )
    assert_error(
        InvalidInputError(
            field="refused_to_correct",
            value=True,
            accepted="False: article 22 has no refusal-to-correct scale",
        ),
        lambda: fine_range(22, refused_to_correct=True),
    )
    assert_error(
        InvalidInputError(field="refused_to_correct", value=1, accepted="True or False"),
        lambda: fine_range(26, refused_to_correct=1),  # type: ignore[arg-type]
    )


# ============================================ the rule checks, each called as a Rule.check
#
# A rule's check can be called with only the arguments it needs (``shared`` and the
# other keywords are optional). Where a test calls the check itself, the findings are
# compared as it yields them, before check_flow_report or check_year fill in the
# report's enterprise, month and id.


def test_the_registered_checks_are_the_module_functions() -> None:
    assert {rule_id: rule.check for rule_id, rule in RULES.items()} == {
        "ENT001": check_designation,
        "ENT002": check_declared_activities,
        "FIL001": check_filing_copies,
        "FIL002": check_first_revision_given,
        "FST001": check_recycler_feedstock,
        "QTA001": check_quota_exceeded,
        "QTA002": check_quota_undetermined,
        "RPT001": check_report_deadline,
        "RPT002": check_missing_months,
        "RPT003": check_mass_balance,
        "RPT004": check_stock_continuity,
        "RPT005": check_stated_reo,
        "SRC001": check_sources,
        "SRC002": check_purchases_of_illegal_output,
        "EXP001": check_export_licences,
        "INV001": check_invoice_form,
        "INV002": check_invoice_composition,
        "INV003": check_invoice_line_limit,
        "INV004": check_flow_line_invoices,
    }


# ---------------------------------------------------------------------- ENT001


def test_ent001_without_a_register_is_one_undetermined_finding_naming_the_activities() -> None:
    firm = separator()
    lines = [produced(OXIDE, "2 t"), produced(CONCENTRATE, "4 t", origin=None)]
    assert list(check_designation(report(firm, "2025-09", lines))) == [
        EnglishFinding(
            rule_id="ENT001",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Separation Co. 1, 2025-09: reports mining and smelting and separation "
                "output, but no designation register was given to check it against"
            ),
            citations=(ART[8],),
            subject="$",
            facts={"activities": ["mining", "smelting_separation"]},
        )
    ]


def test_ent001_a_covered_line_does_not_hide_the_next_line() -> None:
    firm = separator()
    lines = [
        produced(OXIDE, "2 t", date=dt.date(2025, 9, 15)),  # the last day designated
        produced(OXIDE, "3 t", date=dt.date(2025, 9, 16)),
    ]
    designations = register(designation(firm.uscc, valid_until=dt.date(2025, 9, 15)))
    found = list(check_designation(report(firm, "2025-09", lines), designations=designations))
    assert found == [
        EnglishFinding(
            rule_id="ENT001",
            severity=Severity.VIOLATION,
            message=(
                f"Example Separation Co. 1 ({firm.uscc}) reports smelting and separation output "
                "of 3 t PrNd oxide on 2025-09-16 but is not designated for smelting and "
                "separation on that date"
            ),
            citations=(ART[8], Citation(REGULATIONS_2024, 22, item=1)),
            subject="$.lines[1]",
            facts={
                "activity": "smelting_separation",
                "date": "2025-09-16",
                "product": "PrNd oxide",
                "quantity": "3 t",
                "penalty_article": "Regulations 2024, art. 22, item (1)",
            },
        )
    ]


# ---------------------------------------------------------------------- FST001


ART_11_2 = Citation(REGULATIONS_2024, 11, 2)
ART_22_2 = Citation(REGULATIONS_2024, 22, item=2)


def test_fst001_finding_whole() -> None:
    firm = recycler()
    lines = [flow("consumed", SCRAP, "5 t"), flow("consumed", CONCENTRATE, "2.5 t")]
    assert list(check_recycler_feedstock(report(firm, "2025-09", lines))) == [
        EnglishFinding(
            rule_id="FST001",
            severity=Severity.VIOLATION,
            message=(
                "Example Recycling Co. 3, a comprehensive-utilization enterprise, consumes "
                "2.5 t of the rare earth mineral product Bastnaesite concentrate in 2025-09: "
                "art. 11(2) forbids it to use mineral products as feedstock"
            ),
            citations=(ART_11_2, ART_22_2),
            subject="$.lines[1]",
            facts={
                "direction": "consumed",
                "product": "Bastnaesite concentrate",
                "quantity": "2.5 t",
                "penalty_article": "Regulations 2024, art. 22, item (2)",
            },
        )
    ]


def test_fst001_warning_whole() -> None:
    lines = [
        flow("opening_stock", CONCENTRATE, "0 t"),  # an empty stock holds nothing
        flow("purchased", CONCENTRATE, "2 t"),
        flow("opening_stock", SCRAP, "1 t"),
        flow("closing_stock", CONCENTRATE, "2 t"),
    ]
    assert list(check_recycler_feedstock(report(recycler(), "2025-09", lines))) == [
        EnglishFinding(
            rule_id="FST001",
            severity=Severity.WARNING,
            message=(
                "Example Recycling Co. 3, a comprehensive-utilization enterprise, records the "
                "rare earth mineral product Bastnaesite concentrate in 2025-09 (purchased 2 t, "
                "closing_stock 2 t) without consuming it: art. 11(2) forbids it to use mineral "
                "products as feedstock; what was it bought or held for?"
            ),
            citations=(ART_11_2,),
            subject="$.lines[1]",
            facts={
                "product": "Bastnaesite concentrate",
                "lines": [1, 3],
                "directions": ["purchased", "closing_stock"],
                "quantities": ["2 t", "2 t"],
            },
        )
    ]


def test_fst001_undetermined_whole_when_only_the_declaration_claims_production() -> None:
    firm = enterprise(
        Activity.COMPREHENSIVE_UTILIZATION,
        Activity.SMELTING_SEPARATION,
        serial=3,
        name="Example Recycling Co. 3",
    )
    lines = [flow("consumed", CONCENTRATE, "1 t"), flow("purchased", MONAZITE, "1 t")]
    found = list(check_recycler_feedstock(report(firm, "2025-09", lines)))
    unknown = (
        "; it declares smelting and separation, which would allow it only if it is designated "
        "for it (art. 8), and no designation register was given"
    )
    assert [(f.severity, f.citations, f.subject) for f in found] == [
        (Severity.UNDETERMINED, (ART_11_2,), "$.lines[0]"),
        (Severity.UNDETERMINED, (ART_11_2,), "$.lines[1]"),
    ]
    assert all(f.message.endswith(unknown) for f in found)
    designated = register(designation(firm.uscc, valid_from=dt.date(2025, 9, 30)))
    assert (
        list(check_recycler_feedstock(report(firm, "2025-09", lines), designations=designated))
        == []
    )
    mining = register(designation(firm.uscc, Activity.MINING))
    assert list(check_recycler_feedstock(report(firm, "2025-09", lines), designations=mining)) == []
    both = enterprise(
        Activity.COMPREHENSIVE_UTILIZATION, Activity.MINING, Activity.SMELTING_SEPARATION
    )
    [first, _] = check_recycler_feedstock(report(both, "2025-09", lines))
    assert "it declares mining and smelting and separation, which" in first.message


def test_fst001_undetermined_message_whole_in_english_and_chinese() -> None:
    firm = enterprise(
        Activity.COMPREHENSIVE_UTILIZATION,
        Activity.SMELTING_SEPARATION,
        serial=3,
        name="Example Recycling Co. 3",
    )
    lines = [flow("consumed", CONCENTRATE, "1 t")]
    [found] = check_recycler_feedstock(report(firm, "2025-09", lines))
    assert found.message == (
        "Example Recycling Co. 3, a comprehensive-utilization enterprise, consumes 1 t of the "
        "rare earth mineral product Bastnaesite concentrate in 2025-09: art. 11(2) forbids it "
        "to use mineral products as feedstock; it declares smelting and separation, which "
        "would allow it only if it is designated for it (art. 8), and no designation register "
        "was given"
    )
    assert found.message_in("zh") == (
        "稀土综合利用企业Example Recycling Co. 3于 2025-09 消耗稀土矿产品Bastnaesite concentrate"
        " 1 t：《稀土管理条例》第十一条第二款禁止其以稀土矿产品为原料从事生产活动；它申报了稀土冶炼"
        "分离，只有被确定从事该活动（第八条）才可如此，而未提供确定企业名录"
    )


def test_fst001_names_the_movements_in_the_order_of_the_directions() -> None:
    lines = [
        flow("closing_stock", CONCENTRATE, "3 t"),
        flow("purchased", CONCENTRATE, "2 t"),
        flow("opening_stock", CONCENTRATE, "1 t"),
        flow("purchased", CONCENTRATE, "0.5 t"),
    ]
    [found] = check_recycler_feedstock(report(recycler(), "2025-09", lines))
    assert "(opening_stock 1 t, purchased 0.5 t, purchased 2 t, closing_stock 3 t)" in (
        found.message
    )
    assert "（期初库存 1 t、收购 0.5 t、收购 2 t、期末库存 3 t）" in found.message_in("zh")
    assert found.facts["lines"] == [0, 1, 2, 3]


def test_fst001_a_held_product_is_exempt_only_when_every_line_is_covered() -> None:
    firm = recycler()
    lines = [
        flow("purchased", CONCENTRATE, "1 t", date=dt.date(2025, 9, 10)),
        flow("purchased", CONCENTRATE, "1 t", date=dt.date(2025, 9, 20)),
    ]
    until_15th = register(designation(firm.uscc, valid_until=dt.date(2025, 9, 15)))
    [found] = check_recycler_feedstock(report(firm, "2025-09", lines), designations=until_15th)
    assert (found.severity, found.facts["lines"]) == (Severity.WARNING, [0, 1])
    always = register(designation(firm.uscc))
    assert list(check_recycler_feedstock(report(firm, "2025-09", lines), designations=always)) == []


# ---------------------------------------------------------------- P13 helpers, ENT002


def test_conduct_activities_lists_each_activity_with_its_lines_in_order() -> None:
    lines = [
        flow("exported", OXIDE, "1 t"),
        flow("exported", SCRAP, "1 t"),  # not a rare earth product: not export conduct
        produced(PRND_METAL, "1 t", origin=None),
        produced(OXIDE, "1 t", origin="secondary"),
        flow("consumed", CONCENTRATE, "1 t"),
        produced(OXIDE, "1 t"),
        produced(UNKNOWN_REO_OXIDE, "1 t", origin=None),  # activity unknown: not listed
        flow("consumed", OXIDE, "1 t"),  # consuming a compound is not separation
    ]
    month = report(enterprise(serial=30), "2025-09", lines)
    assert dict(conduct_activities(month)) == {
        Activity.SMELTING_SEPARATION: (4, 5),
        Activity.METAL_SMELTING: (2,),
        Activity.COMPREHENSIVE_UTILIZATION: (3,),
        Activity.EXPORT: (0,),
    }
    assert list(conduct_activities(month)) == [
        Activity.SMELTING_SEPARATION,
        Activity.METAL_SMELTING,
        Activity.COMPREHENSIVE_UTILIZATION,
        Activity.EXPORT,
    ]
    with_mining = report(
        enterprise(serial=30), "2025-09", [*lines, produced(CONCENTRATE, "1 t", origin=None)]
    )
    assert conduct_activities(with_mining)[Activity.SMELTING_SEPARATION] == (5,)
    assert conduct_activities(with_mining)[Activity.MINING] == (8,)


def test_designated_activities_in_the_month_and_duty_activities() -> None:
    firm = enterprise(Activity.EXPORT, serial=31)
    month = report(firm, "2025-09", [produced(PRND_METAL, "1 t", origin=None)])
    assert designated_activities(month, None) == frozenset()
    other = register(designation(uscc(32)))
    assert designated_activities(month, other) == frozenset()
    edges = register(
        designation(firm.uscc, valid_until=dt.date(2025, 9, 1)),
        designation(firm.uscc, Activity.MINING, valid_from=dt.date(2025, 9, 30)),
    )
    assert designated_activities(month, edges) == {Activity.SMELTING_SEPARATION, Activity.MINING}
    outside = register(
        designation(firm.uscc, valid_until=dt.date(2025, 8, 31)),
        designation(firm.uscc, Activity.MINING, valid_from=dt.date(2025, 10, 1)),
    )
    assert designated_activities(month, outside) == frozenset()
    assert duty_activities(month) == {Activity.EXPORT, Activity.METAL_SMELTING}
    assert duty_activities(month, edges) == {
        Activity.EXPORT,
        Activity.METAL_SMELTING,
        Activity.SMELTING_SEPARATION,
        Activity.MINING,
    }


def _declaration(firm_name: str, code: str, text: str, **facts: object) -> EnglishFinding:
    return EnglishFinding(
        rule_id="ENT002",
        severity=Severity.WARNING,
        message=(
            f"{firm_name} ({code}), 2025-09: {text}; its duties follow what it does and is "
            "designated for, not the declaration"
        ),
        citations=(ART[8], ART_14_2),
        subject=str(facts.pop("subject", "$.enterprise.activities")),
        facts=facts,
    )


def test_ent002_findings_whole() -> None:
    firm = enterprise(Activity.MINING, Activity.EXPORT, serial=33, name="Example Co. 33")
    lines = [flow("purchased", OXIDE, "1 t"), produced(OXIDE, "1 t"), produced(OXIDE, "2 t")]
    month = report(firm, "2025-09", lines)
    undeclared = _declaration(
        "Example Co. 33",
        firm.uscc,
        "its report shows smelting and separation, but it does not declare smelting and separation",
        subject="$.lines[1]",
        activity="smelting_separation",
        disagreement="undeclared_conduct",
        declared=["export", "mining"],
        lines=[1, 2],
    )
    assert list(check_declared_activities(month)) == [undeclared]
    designated = register(designation(firm.uscc))
    assert list(check_declared_activities(month, designations=designated)) == [
        undeclared,
        _declaration(
            "Example Co. 33",
            firm.uscc,
            "it declares mining, but is not designated for mining on any day of 2025-09",
            activity="mining",
            disagreement="declared_not_designated",
            declared=["export", "mining"],
            lines=[],
        ),
    ]
    quiet = report(firm, "2025-09")
    assert list(check_declared_activities(quiet, designations=designated)) == [
        _declaration(
            "Example Co. 33",
            firm.uscc,
            "it declares mining, but is not designated for mining on any day of 2025-09",
            activity="mining",
            disagreement="declared_not_designated",
            declared=["export", "mining"],
            lines=[],
        ),
        _declaration(
            "Example Co. 33",
            firm.uscc,
            "it is designated for smelting and separation in 2025-09, but does not declare "
            "smelting and separation",
            activity="smelting_separation",
            disagreement="designated_not_declared",
            declared=["export", "mining"],
            lines=[],
        ),
    ]


# ---------------------------------------------------------------------- RPT005


def test_rpt005_finding_whole_and_a_line_passed_over_does_not_hide_the_next() -> None:
    lines = [
        flow("purchased", UNKNOWN_REO_OXIDE, "1 t", reo="0.5 t REO"),  # no fraction
        flow("purchased", CONCENTRATE, "2 t"),  # no stated REO
        flow("purchased", OXIDE, "1 t REO"),  # already in REO
        flow("purchased", CONCENTRATE, "2 t", reo="1.0009 t REO"),  # 900 g: agrees
        flow("purchased", CONCENTRATE, "2 t", reo="1.5 t REO"),
    ]
    month = report(separator(), "2025-09", lines)
    assert list(check_stated_reo(month)) == [
        EnglishFinding(
            rule_id="RPT005",
            severity=Severity.WARNING,
            message=(
                "Example Separation Co. 1, 2025-09: a line states 1.5 t REO for 2 t of "
                "Bastnaesite concentrate, but the product's REO fraction 0.5 gives 1 t REO; "
                "1.5 t REO (the larger) counts until the record is corrected"
            ),
            citations=(ART_14_2,),
            subject="$.lines[4].reo",
            facts={
                "product": "Bastnaesite concentrate",
                "quantity": "2 t",
                "stated_reo": "1.5 t REO",
                "reo_fraction": "0.5",
                "reo_from_fraction": "1 t REO",
                "difference_grams": 500_000,
                "counted_reo": "1.5 t REO",
            },
        )
    ]


# ---------------------------------------------------------------------- RPT001, P2 and P18


def test_rpt001_july_2025_late_finding_whole() -> None:
    firm = separator()
    late = report(
        firm, "2025-07", stocked(OXIDE), submitted_at=beijing(2025, 8, 11, 9), report_id="R-7"
    )
    assert list(check_report_deadline(late)) == [
        EnglishFinding(
            rule_id="RPT001",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Separation Co. 1's flow report for 2025-07 was entered on 2025-08-11 "
                "(Beijing time), 1 day(s) after its due date 2025-08-10; but that due date "
                "fell before Order No. 71 was made public on 2025-08-22, so whether the "
                "lateness is a breach cannot be told (policy P2)"
            ),
            citations=(ORDER_71_MONTHLY_REPORTING,),
            subject="$.submitted_at",
            facts={
                "enterprise": firm.uscc,
                "month": "2025-07",
                "due_date": "2025-08-10",
                "deadline_because": {
                    "declared": ["smelting_separation"],
                    "shown_by_report": [],
                    "designated": [],
                },
                "submitted_at": "2025-08-11T09:00:00+08:00",
                "submitted_beijing": "2025-08-11T09:00:00+08:00",
                "days_late": 1,
                "measures_published": "2025-08-22",
            },
        )
    ]


def test_rpt001_an_early_entry_finding_whole() -> None:
    firm = separator()
    early = report(firm, "2025-10", stocked(OXIDE), submitted_at=beijing(2024, 11, 20, 9))
    assert list(check_report_deadline(early)) == [
        EnglishFinding(
            rule_id="RPT001",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Separation Co. 1's flow report for 2025-10 gives the entry time "
                "2024-11-20T09:00:00+08:00 (Beijing time), before the month ended on "
                "2025-10-31: a complete report cannot have been entered then (a wrong year or "
                "month?), so whether it met its due date 2025-11-10 cannot be told"
            ),
            citations=(ORDER_71_MONTHLY_REPORTING,),
            subject="$.submitted_at",
            facts={
                "enterprise": firm.uscc,
                "month": "2025-10",
                "due_date": "2025-11-10",
                "deadline_because": {
                    "declared": ["smelting_separation"],
                    "shown_by_report": [],
                    "designated": [],
                },
                "submitted_at": "2024-11-20T09:00:00+08:00",
                "submitted_beijing": "2024-11-20T09:00:00+08:00",
                "month_ended": "2025-10-31",
            },
        )
    ]


def test_rpt001_called_alone_reads_the_designation_register() -> None:
    firm = enterprise(Activity.EXPORT, serial=34)
    late = report(firm, "2025-09", submitted_at=beijing(2025, 10, 11))
    assert list(check_report_deadline(late)) == []
    [found] = check_report_deadline(late, designations=register(designation(firm.uscc, "mining")))
    assert found.facts["deadline_because"] == {
        "declared": [],
        "shown_by_report": [],
        "designated": ["mining"],
    }


# ------------------------------------------------------------------ QTA001, QTA002


def test_the_quota_checks_run_without_a_shared_cache() -> None:
    firm = separator()
    reports = [report(firm, "2025-03", [produced(OXIDE, "2 t")], report_id="R-5")]
    allocations = [allocation(2025, "1 t REO", holder=firm.name, holder_uscc=firm.uscc)]
    (exceeded,) = check_quota_exceeded(reports, year=2025, allocations=allocations)
    assert (exceeded.rule_id, exceeded.facts["used_grams"], exceeded.enterprise) == (
        "QTA001",
        2_000_000,
        firm.uscc,
    )
    assert list(check_year(reports, year=2025, allocations=allocations)) == [exceeded]
    (unknown,) = check_quota_undetermined(reports, year=2025, allocations=())
    assert (unknown.rule_id, unknown.facts["reason"]) == ("QTA002", "no indicator known")
    assert list(check_quota_undetermined(reports, year=2025, allocations=allocations)) == []


@pytest.mark.parametrize("check", [check_quota_exceeded, check_quota_undetermined])
def test_a_quota_check_before_the_regulations_names_the_quota_year(
    check: Callable[..., Iterator[Finding]],
) -> None:
    assert not_in_force(lambda: list(check([], year=2023, allocations=()))) == (
        f"quota year 2023: 2023-12-31 {BEFORE_P6}"
    )


def test_a_holder_within_its_indicator_does_not_hide_the_next_holder() -> None:
    first, second = separator(1), separator(5)
    reports = [
        report(first, "2025-03", [produced(OXIDE, "1 t")]),
        report(second, "2025-03", [produced(OXIDE, "3 t")]),
    ]
    allocations = [
        allocation(2025, "1 t REO", holder="A Holder", holder_uscc=first.uscc),
        allocation(2025, "2 t REO", holder="B Holder", holder_uscc=second.uscc),
    ]
    found = check_quota_exceeded(reports, year=2025, allocations=allocations)
    assert [(f.facts["holder"], f.facts["excess"]) for f in found] == [("B Holder", "1 t REO")]


def test_a_group_indicator_sums_its_members_output_by_origin() -> None:
    first, second = separator(1, group="Example Group"), separator(5, group="Example Group")
    reports = [
        report(
            first, "2025-08", [produced(OXIDE, "2 t"), produced(OXIDE, "4 t", origin="imported")]
        ),
        report(
            second, "2025-08", [produced(OXIDE, "1 t"), produced(OXIDE, "8 t", origin="imported")]
        ),
    ]
    (found,) = check_quota_exceeded(reports, year=2025, allocations=[allocation(2025, "10 t REO")])
    assert found.facts["enterprises"] == [first.uscc, second.uscc]
    assert found.facts["used_by_origin_grams"] == {
        "domestic_mined": 3_000_000,
        "imported": 12_000_000,
    }
    assert (found.facts["used"], found.facts["excess"]) == ("15 t REO", "5 t REO")
    assert (found.enterprise, found.month) == (first.uscc, None)


def test_qta002_findings_whole() -> None:
    firm = separator()
    lines = [
        produced(UNKNOWN_REO_OXIDE, "2 t", origin=None),
        produced(UNKNOWN_REO_OXIDE, "3 t"),
        produced(OXIDE, "4 t"),
    ]
    reports = [report(firm, "2025-09", lines, report_id="R-9")]
    common = {"activity": "smelting_separation", "year": 2025}
    undecided = (
        "Example Separation Co. 1: whether a produced line counts against the 2025 smelting "
        "and separation indicator cannot be decided: "
    )
    assert list(check_quota_undetermined(reports, year=2025, allocations=())) == [
        EnglishFinding(
            rule_id="QTA002",
            severity=Severity.UNDETERMINED,
            message=undecided + "feed origin not stated",
            citations=(ART[10], ORDER_71_ART_3),
            subject="$.lines[0]",
            facts={
                **common,
                "reason": "feed origin not stated",
                "reason_code": "origin_not_stated",
            },
            enterprise=firm.uscc,
            report_id="R-9",
        ),
        EnglishFinding(
            rule_id="QTA002",
            severity=Severity.UNDETERMINED,
            message=undecided + "REO content unknown",
            citations=(ART[10], ORDER_71_ART_3),
            subject="$.lines[1]",
            facts={**common, "reason": "REO content unknown", "reason_code": "reo_unknown"},
            enterprise=firm.uscc,
            report_id="R-9",
        ),
        EnglishFinding(
            rule_id="QTA002",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Separation Co. 1: 4 t REO of smelting and separation output counts "
                "against a 2025 indicator, but no indicator is given for the enterprise or its "
                "group"
            ),
            citations=(ART[10],),
            subject="$",
            facts={**common, "used": "4 t REO", "reason": "no indicator known"},
            enterprise=firm.uscc,
        ),
    ]


# ---------------------------------------------------------------------- RPT001


def test_rpt001_called_alone_does_not_roll_over() -> None:
    # July 2025 is due on Sunday 2025-08-10; Monday the 11th is late without roll-over.
    late = report(separator(), "2025-07", stocked(OXIDE), submitted_at=beijing(2025, 8, 11))
    assert [f.facts["days_late"] for f in check_report_deadline(late)] == [1]
    assert list(check_report_deadline(late, roll_over=True)) == []


def test_rpt001_findings_of_an_unsubmitted_report_whole() -> None:
    firm = separator()
    unsubmitted = report(firm, "2025-09", stocked(OXIDE), submitted_at=None, report_id="R-U")
    facts = {
        "enterprise": firm.uscc,
        "month": "2025-09",
        "due_date": "2025-10-10",
        "deadline_because": {
            "declared": ["smelting_separation"],
            "shown_by_report": [],
            "designated": [],
        },
    }
    stamp = {"enterprise": firm.uscc, "month": "2025-09", "report_id": "R-U"}
    assert list(check_flow_report(unsubmitted)) == [
        EnglishFinding(
            rule_id="RPT001",
            severity=Severity.UNDETERMINED,
            message=(
                "Example Separation Co. 1's flow report for 2025-09 has no submission time; "
                "whether it met its due date 2025-10-10 depends on the date of the check "
                "(pass as_of)"
            ),
            citations=(ORDER_71_MONTHLY_REPORTING,),
            subject="$.submitted_at",
            facts=facts,
            **stamp,
        )
    ]
    assert list(check_flow_report(unsubmitted, as_of=dt.date(2025, 10, 10))) == []
    assert list(check_flow_report(unsubmitted, as_of=dt.date(2025, 10, 11))) == [
        EnglishFinding(
            rule_id="RPT001",
            severity=Severity.VIOLATION,
            message=(
                "Example Separation Co. 1's flow report for 2025-09 was not entered by its due "
                "date 2025-10-10 (checked as of 2025-10-11)"
            ),
            citations=(ORDER_71_MONTHLY_REPORTING, ART_14_2),
            subject="$.submitted_at",
            facts={**facts, "as_of": "2025-10-11"},
            **stamp,
        )
    ]


def test_rpt001_called_alone_names_a_bad_as_of() -> None:
    unsubmitted = report(separator(), "2025-09", stocked(OXIDE), submitted_at=None)
    when = dt.datetime(2025, 10, 20, tzinfo=CHINA_STANDARD_TIME)
    assert_error(
        InvalidInputError(field="as_of", value=when, accepted="a datetime.date"),
        lambda: list(check_report_deadline(unsubmitted, as_of=when)),
    )


# ---------------------------------------------------------------------- RPT002


def test_rpt002_finding_whole() -> None:
    firm = separator()
    series = [report(firm, month, stocked(OXIDE)) for month in ("2025-07", "2025-09")]
    assert list(check_year(series, year=2025)) == [
        EnglishFinding(
            rule_id="RPT002",
            severity=Severity.VIOLATION,
            message=(
                f"Example Separation Co. 1 ({firm.uscc}) has no flow report for 2025-08 in a "
                "series expected to run from 2025-07 to 2025-09"
            ),
            citations=(ART_14_2,),
            subject="$",
            facts={"enterprise": firm.uscc, "missing_month": "2025-08", "through": "2025-09"},
            enterprise=firm.uscc,
            month="2025-08",
        )
    ]


def test_rpt002_an_enterprise_without_the_duty_does_not_hide_the_next() -> None:
    idle = enterprise(serial=70)  # declares nothing, shows nothing, is designated for nothing
    firm = separator()
    months = ("2025-07", "2025-09")
    alone = [report(firm, month, stocked(OXIDE)) for month in months]
    series = [report(idle, month) for month in months] + alone
    found = list(check_missing_months(series, year=2025))
    assert found == list(check_missing_months(alone, year=2025))
    assert [(f.enterprise, f.month) for f in found] == [(firm.uscc, "2025-08")]


# ---------------------------------------------------------------------- RPT003


def test_rpt003_called_alone_is_exact() -> None:
    lines = [
        FlowLine(direction="opening_stock", product=OXIDE, quantity="1 t"),
        FlowLine(direction="closing_stock", product=OXIDE, quantity="0.999999 t"),
    ]
    short = report(separator(), "2025-09", lines)
    assert [f.facts["difference_grams"] for f in check_mass_balance(short)] == [1]
    assert list(check_mass_balance(short, balance_tolerance_grams=1)) == []


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_rpt003_a_bad_tolerance_is_refused_whole(bad: object) -> None:
    checked = report(separator(), "2025-09", stocked(OXIDE))
    assert_error(
        InvalidInputError(
            field="balance_tolerance_grams",
            value=bad,
            accepted="a non-negative whole number of grams",
        ),
        lambda: list(check_mass_balance(checked, balance_tolerance_grams=bad)),  # type: ignore[arg-type]
    )


def test_rpt003_violation_whole() -> None:
    lines = [
        flow("opening_stock", OXIDE, "10 t"),
        produced(OXIDE, "5 t"),
        flow("sold", OXIDE, "3 t"),
        flow("closing_stock", OXIDE, "12.5 t"),
    ]
    checked = report(separator(), "2025-09", lines)
    assert list(check_mass_balance(checked, balance_tolerance_grams=7)) == [
        EnglishFinding(
            rule_id="RPT003",
            severity=Severity.VIOLATION,
            message=(
                "Example Separation Co. 1, 2025-09: the balance of PrNd oxide does not close: "
                "opening 10 t + inflows 5 t - outflows 3 t = 12 t, but closing stock is 12.5 t"
            ),
            citations=(ART_14_2,),
            subject="$.lines[0]",
            facts={
                "product": "PrNd oxide",
                "basis": "gross",
                "lines": [0, 1, 2, 3],
                "inflows": "5 t",
                "outflows": "3 t",
                "opening": "10 t",
                "closing": "12.5 t",
                "difference_grams": -500_000,
                "tolerance_grams": 7,
            },
        )
    ]


def _gross_facts(inflows: str, outflows: str, lines: list[int]) -> dict[str, object]:
    return {
        "product": "PrNd oxide",
        "basis": "gross",
        "lines": lines,
        "inflows": inflows,
        "outflows": outflows,
    }


@pytest.mark.parametrize(
    ("lines", "reason", "facts"),
    [
        (
            [flow("sold", OXIDE, "3 t"), flow("closing_stock", OXIDE, "1 t")],
            "no opening stock is reported",
            _gross_facts("0 t", "3 t", [0, 1]),
        ),
        (
            [flow("opening_stock", OXIDE, "4 t"), flow("sold", OXIDE, "3 t")],
            "no closing stock is reported",
            _gross_facts("0 t", "3 t", [0, 1]),
        ),
        (
            [produced(OXIDE, "3 t"), flow("sold", OXIDE, "2 t")],
            "no opening stock or closing stock is reported",
            _gross_facts("3 t", "2 t", [0, 1]),
        ),
        (
            [
                flow("opening_stock", UNKNOWN_REO_OXIDE, "4 t"),
                flow("sold", UNKNOWN_REO_OXIDE, "3 t REO"),
                flow("closing_stock", UNKNOWN_REO_OXIDE, "1 t"),
            ],
            "the REO content of some lines is unknown",
            {
                "product": "Mixed RE carbonate",
                "basis": "REO",
                "lines": [0, 1, 2],
                "inflows": "0 t REO",
                "outflows": "3 t REO",
            },
        ),
    ],
)
def test_rpt003_undetermined_whole(
    lines: list[FlowLine], reason: str, facts: dict[str, object]
) -> None:
    (found,) = check_mass_balance(report(separator(), "2025-09", lines))
    assert found == EnglishFinding(
        rule_id="RPT003",
        severity=Severity.UNDETERMINED,
        message=(
            f"Example Separation Co. 1, 2025-09: the balance of {facts['product']} cannot be "
            f"checked: {reason}"
        ),
        citations=(ART_14_2,),
        subject="$.lines[0]",
        facts=facts,
    )


# ---------------------------------------------------------------------- RPT004


def _stocks(firm: Enterprise, month: str, *stocks: tuple[Product, str, str]) -> FlowReport:
    """A report of ``firm`` stating (product, opening, closing) for each product."""
    lines: list[FlowLine] = []
    for product, opening, closing in stocks:
        lines += [
            FlowLine(direction="opening_stock", product=product, quantity=opening),
            FlowLine(direction="closing_stock", product=product, quantity=closing),
        ]
    return report(firm, month, lines, report_id=f"{firm.uscc}-{month}")


def test_rpt004_finding_whole() -> None:
    firm = separator()
    series = [
        _stocks(firm, "2025-09", (OXIDE, "10 t", "12 t")),
        _stocks(firm, "2025-10", (OXIDE, "11 t", "11 t")),
    ]
    assert list(check_stock_continuity(series, year=2025)) == [
        EnglishFinding(
            rule_id="RPT004",
            severity=Severity.VIOLATION,
            message=(
                "Example Separation Co. 1, 2025-10: opening stock of PrNd oxide is 11 t, but "
                "the 2025-09 report closed with 12 t"
            ),
            citations=(ART_14_2,),
            subject="$.lines[0]",
            facts={
                "product": "PrNd oxide",
                "opening": "11 t",
                "previous_closing": "12 t",
                "previous_month": "2025-09",
            },
            enterprise=firm.uscc,
            month="2025-10",
            report_id=f"{firm.uscc}-2025-10",
        )
    ]


def test_rpt004_findings_come_by_enterprise_then_month() -> None:
    first, second = separator(1), separator(5)
    series = [
        _stocks(firm, month, (OXIDE, opening, "1 t"))
        for firm in (first, second)
        for month, opening in (("2025-09", "1 t"), ("2025-10", "2 t"), ("2025-11", "3 t"))
    ]
    found = check_stock_continuity(series, year=2025)
    assert [(f.enterprise, f.month) for f in found] == [
        (first.uscc, "2025-10"),
        (first.uscc, "2025-11"),
        (second.uscc, "2025-10"),
        (second.uscc, "2025-11"),
    ]


def test_rpt004_a_product_skipped_or_carried_forward_does_not_hide_the_next() -> None:
    firm = separator()
    series = [
        _stocks(firm, "2025-09", (OXIDE, "10 t", "12 t"), (PRND_METAL, "1 t", "2 t")),
        _stocks(
            firm,
            "2025-10",
            (CONCENTRATE, "5 t", "5 t"),  # no stock the month before: not compared
            (PRND_METAL, "2 t", "2 t"),  # carried forward
            (OXIDE, "11 t", "11 t"),
        ),
    ]
    found = check_stock_continuity(series, year=2025)
    assert [(f.facts["product"], f.subject) for f in found] == [("PrNd oxide", "$.lines[4]")]


def test_rpt004_compares_only_stocks_stated_on_one_basis() -> None:
    firm = separator()
    september = _stocks(firm, "2025-09", (OXIDE, "5 t", "5 t"), (PRND_METAL, "2 t", "2 t"))
    october = report(
        firm,
        "2025-10",
        [
            FlowLine(direction="opening_stock", product=OXIDE, quantity="3 t REO"),
            FlowLine(direction="closing_stock", product=OXIDE, quantity="3 t REO"),
            FlowLine(direction="closing_stock", product=PRND_METAL, quantity="1 t"),
        ],
    )
    assert list(check_stock_continuity([september, october], year=2025)) == []


def test_rpt004_a_stock_of_unknown_reo_content_is_not_compared() -> None:
    # A product with lines in REO is balanced in REO; a stock line in gross tonnes of a
    # product whose REO fraction is unknown has no REO amount. The stock is unknown (P10),
    # not 0 t REO: no discontinuity can be found in it.
    firm = separator()
    product = UNKNOWN_REO_OXIDE

    def month(name: str, *lines: tuple[str, str]) -> FlowReport:
        return report(
            firm,
            name,
            [FlowLine(direction=d, product=product, quantity=q) for d, q in lines],
        )

    known = month("2025-08", ("opening_stock", "5 t REO"), ("closing_stock", "5 t REO"))
    unknown_opening = month(
        "2025-09", ("opening_stock", "10 t"), ("sold", "1 t REO"), ("closing_stock", "4 t REO")
    )
    assert list(check_stock_continuity([known, unknown_opening], year=2025)) == []
    # ... and does not hide the next product's
    oxide = [
        report(firm, report_.month, [*report_.lines, *stocked(OXIDE, opening=opening)])
        for report_, opening in ((known, "1 t"), (unknown_opening, "2 t"))
    ]
    found = check_stock_continuity(oxide, year=2025)
    assert [(f.facts["product"], f.subject) for f in found] == [("PrNd oxide", "$.lines[3]")]
    unknown_closing = month(
        "2025-09", ("opening_stock", "5 t REO"), ("sold", "1 t REO"), ("closing_stock", "6 t")
    )
    after = month("2025-10", ("opening_stock", "4 t REO"), ("closing_stock", "4 t REO"))
    assert list(check_stock_continuity([unknown_closing, after], year=2025)) == []
    # the same stocks are compared when they are known: in gross tonnes ...
    gross = [
        month("2025-08", ("opening_stock", "6 t"), ("closing_stock", "6 t")),
        month("2025-09", ("opening_stock", "5 t"), ("closing_stock", "5 t")),
    ]
    assert [f.facts["opening"] for f in check_stock_continuity(gross, year=2025)] == ["5 t"]
    # ... or in REO, where a gross stock line has a known REO content (50 %)
    concentrate = [
        _stocks(firm, "2025-08", (CONCENTRATE, "2 t REO", "2 t REO")),
        report(
            firm,
            "2025-09",
            [
                FlowLine(direction="opening_stock", product=CONCENTRATE, quantity="6 t"),
                flow("sold", CONCENTRATE, "1 t REO"),
                FlowLine(direction="closing_stock", product=CONCENTRATE, quantity="2 t REO"),
            ],
        ),
    ]
    assert [
        (f.facts["opening"], f.facts["previous_closing"])
        for f in check_stock_continuity(concentrate, year=2025)
    ] == [("3 t REO", "2 t REO")]


# ---------------------------------------------------------------------- SRC001


@pytest.mark.parametrize(
    "first",
    [
        flow("purchased", PRND_METAL, "1 t"),  # metals are not traced
        flow("imported", MONAZITE, "1 t", customs_declaration="531620250000000001"),
    ],
    ids=["metal", "declared import"],
)
def test_src001_a_line_passed_over_does_not_hide_the_next(first: FlowLine) -> None:
    checked = report(separator(), "2025-09", [first, flow("purchased", OXIDE, "2 t")])
    assert list(check_sources(checked)) == [
        _source_finding(
            1,
            "buys 2 t PrNd oxide from an unidentified seller",
            {
                "direction": "purchased",
                "product": "PrNd oxide",
                "quantity": "2 t",
                "reason": "seller not identified",
                "seller": None,
            },
        )
    ]


# ---------------------------------------------------------------------- SRC002


def test_src002_finding_whole_and_lines_passed_over_do_not_hide_the_next() -> None:
    seller = separator(50)
    earlier = report(
        seller, "2025-08", [produced(OXIDE, "9 t", date=dt.date(2025, 8, 20))], report_id="S-8"
    )
    first = report(
        seller, "2025-09", [produced(OXIDE, "9 t", date=dt.date(2025, 9, 1))], report_id="S-9"
    )
    buyer = report(
        separator(51),
        "2025-09",
        [
            flow("purchased", OXIDE, "1 t"),  # no seller
            flow("purchased", OXIDE, "1 t", foreign=("Example Trading Co.", "CN")),  # no USCC
            flow("purchased", PRND_METAL, "1 t", seller=seller.uscc),  # not made by the seller
            flow("received", OXIDE, "1 t", seller=seller.uscc),  # a transfer, not a purchase
            flow("imported", OXIDE, "2 t", seller=seller.uscc, date=dt.date(2025, 9, 5)),
        ],
        report_id="B-9",
    )
    found = list(
        check_purchases_of_illegal_output(
            [first, buyer, earlier], year=2025, designations=register()
        )
    )
    assert found == [
        EnglishFinding(
            rule_id="SRC002",
            severity=Severity.VIOLATION,
            message=(
                f"Example Separation Co. 51, 2025-09: buys 2 t PrNd oxide on 2025-09-05 from "
                f"{seller.uscc}, whose own report for 2025-08 shows it produced PrNd oxide on "
                "2025-08-20 without a designation for smelting and separation, and shows no "
                "other way it came by it"
            ),
            citations=(ART[13], ART[23], ART[8]),
            subject="$.lines[4]",
            facts={
                "direction": "imported",
                "product": "PrNd oxide",
                "quantity": "2 t",
                "seller": seller.uscc,
                "seller_activity": "smelting_separation",
                "seller_report": "S-8",
                "produced_on": "2025-08-20",
            },
            enterprise=buyer.enterprise.uscc,
            month="2025-09",
            report_id="B-9",
        )
    ]


@pytest.mark.parametrize("direction", ["purchased", "imported", "received"])
def test_src002_any_acquisition_by_the_seller_may_be_what_it_resold(direction: str) -> None:
    seller = separator(50)
    made = report(seller, "2025-09", [produced(OXIDE, "9 t"), flow(direction, OXIDE, "1 t")])
    buyer = report(separator(51), "2025-09", [flow("purchased", OXIDE, "1 t", seller=seller.uscc)])
    assert (
        list(check_purchases_of_illegal_output([made, buyer], year=2025, designations=register()))
        == []
    )


def test_src002_recycled_or_metal_output_is_not_illegal_production() -> None:
    seller = separator(50)
    made = report(
        seller,
        "2025-09",
        [produced(OXIDE, "9 t", origin="secondary"), produced(PRND_METAL, "1 t", origin=None)],
    )
    buyer = report(
        separator(51),
        "2025-09",
        [
            flow("purchased", OXIDE, "1 t", seller=seller.uscc),
            flow("purchased", PRND_METAL, "1 t", seller=seller.uscc),
        ],
    )
    series = [made, buyer]
    assert list(check_purchases_of_illegal_output(series, year=2025, designations=register())) == []
    assert list(check_purchases_of_illegal_output(series, year=2025)) == []


def test_src002_reads_every_produced_line_and_keeps_the_earliest_illegal_one() -> None:
    seller = separator(50)
    lines = [
        produced(PRND_METAL, "1 t", origin=None),  # metal smelting: passed over
        produced(OXIDE, "1 t", date=dt.date(2025, 9, 2)),  # designated that day: legal
        produced(OXIDE, "1 t", date=dt.date(2025, 9, 5)),  # the earliest illegal output
        produced(OXIDE, "1 t", date=dt.date(2025, 9, 20)),
    ]
    made = report(seller, "2025-09", lines)
    until_2nd = register(designation(seller.uscc, valid_until=dt.date(2025, 9, 2)))
    buys = [
        flow("purchased", OXIDE, "1 t", seller=seller.uscc, date=dt.date(2025, 9, 4)),  # too early
        flow("purchased", OXIDE, "1 t", seller=seller.uscc),  # undated: 2025-09-30 (P5)
    ]
    buyer = report(separator(51), "2025-09", buys)
    [found] = check_purchases_of_illegal_output([made, buyer], year=2025, designations=until_2nd)
    assert (found.subject, found.facts["produced_on"]) == ("$.lines[1]", "2025-09-05")
    assert "on 2025-09-30 from" in str(found.message)


def test_src002_output_on_the_day_of_the_purchase_is_a_possible_source() -> None:
    seller = separator(50)
    made = report(seller, "2025-09", [produced(OXIDE, "1 t", date=dt.date(2025, 9, 5))])
    same_day = flow("purchased", OXIDE, "1 t", seller=seller.uscc, date=dt.date(2025, 9, 5))
    buyer = report(separator(51), "2025-09", [same_day])
    found = check_purchases_of_illegal_output([made, buyer], year=2025, designations=register())
    assert [f.facts["produced_on"] for f in found] == ["2025-09-05"]


def test_rpt001_a_due_date_on_the_day_of_publication_can_be_late() -> None:
    # Revised P2: only a due date *before* 2025-08-22 makes July 2025 lateness undetermined.
    july = report(separator(), "2025-07", stocked(OXIDE), submitted_at=beijing(2025, 8, 23))
    rolled = list(
        check_report_deadline(
            july, roll_over=True, is_working_day=lambda day: day >= dt.date(2025, 8, 22)
        )
    )
    assert [(f.severity, f.facts["due_date"]) for f in rolled] == [
        (Severity.VIOLATION, "2025-08-22")
    ]
    earlier = list(
        check_report_deadline(
            july, roll_over=True, is_working_day=lambda day: day >= dt.date(2025, 8, 21)
        )
    )
    assert [f.severity for f in earlier] == [Severity.UNDETERMINED]


# ===================================================================== invoices.py


@pytest.mark.parametrize(
    ("constant", "slug", "key", "clause"),
    [
        (
            "MODULE_2012",
            "invoice-rules-2012",
            "rare-earth-module",
            "invoices issued through the rare earth version of the invoicing system",
        ),
        (
            "CONTENT_2012",
            "invoice-rules-2012",
            "invoice-content",
            "goods name from the catalogue, unit kg or t, quantity as oxide equivalent, XT mark",
        ),
        (
            "SEPARATE_2012",
            "invoice-rules-2012",
            "separate-invoices",
            "mineral and separation products invoiced separately; at most seven lines",
        ),
        (
            "INVOICES_2019",
            "invoice-rules-2019",
            "rare-earth-invoices",
            "rare earth special invoices through the upgraded VAT invoice system",
        ),
        (
            "OTHER_GOODS_2019",
            "invoice-rules-2019",
            "no-other-goods",
            "no other goods on a rare earth invoice; split by catalogue category; no goods list",
        ),
    ],
)
def test_invoice_citations_name_the_shipped_clause(
    constant: str, slug: str, key: str, clause: str
) -> None:
    # The invoice rules cite their announcement by the heading of a shipped clause; the
    # citations are built once, at import, so the builder is called here again.
    expected = Citation(slug, clause=clause)
    assert invoices_module._clause(slug, key) == expected
    assert getattr(invoices_module, constant) == expected


def test_src002_a_purchase_while_the_seller_was_designated_does_not_hide_the_next() -> None:
    seller = separator(52)
    made = report(seller, "2025-09", [produced(OXIDE, "2 t", date=dt.date(2025, 9, 5))])
    buyer = report(
        separator(53),
        "2025-09",
        [
            flow("purchased", OXIDE, "1 t", seller=seller.uscc, date=dt.date(2025, 9, 15)),
            flow("purchased", OXIDE, "1 t", seller=seller.uscc, date=dt.date(2025, 9, 25)),
        ],
    )
    window = register(
        designation(seller.uscc, valid_from=dt.date(2025, 9, 10), valid_until=dt.date(2025, 9, 20))
    )
    found = check_purchases_of_illegal_output([made, buyer], year=2025, designations=window)
    assert [(f.subject, f.facts["produced_on"]) for f in found] == [("$.lines[1]", "2025-09-05")]
