"""Flow-record rules: RPT001 (deadline), RPT002 (missing month), RPT003 (mass balance),
RPT004 (stock carried forward). Order No. 71 monthly clause; Regulations art. 14(2), art. 25."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rare_earth_regs.exceptions import InvalidInputError, NotInForceError
from rare_earth_regs.findings import Severity
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.enterprises import DesignationRegister, Enterprise
from rare_earth_regs.model.reports import FlowLine, FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules import check_flow_report, check_year

from .builders import (
    CONCENTRATE,
    OXIDE,
    UNKNOWN_REO_OXIDE,
    beijing,
    designation,
    enterprise,
    flow,
    metal_smelter,
    miner,
    produced,
    recycler,
    register,
    report,
    stocked,
)


def _lines() -> list[FlowLine]:
    return stocked(OXIDE, produced(OXIDE, "5 t"), flow("sold", OXIDE, "3 t"), opening="10 t")


# --- RPT001: the monthly deadline -----------------------------------------------------------


def test_rpt001_late_report_is_a_violation_with_due_date_and_days_late(
    sep: Enterprise, sep_register: DesignationRegister
) -> None:
    late = report(sep, "2025-09", _lines(), submitted_at=beijing(2025, 10, 11, 9))
    found = check_flow_report(late, designations=sep_register)
    assert [(f.rule_id, f.severity) for f in found] == [("RPT001", Severity.VIOLATION)]
    finding = found[0]
    assert finding.facts["due_date"] == "2025-10-10"
    assert finding.facts["days_late"] == 1
    assert finding.subject == "$.submitted_at"
    assert finding.enterprise == sep.uscc
    assert finding.month == "2025-09"
    assert finding.report_id == late.report_id
    assert "2025-10-10" in finding.message
    assert sep.name in finding.message


def test_rpt001_counts_days_late_in_beijing_time(sep: Enterprise) -> None:
    # 2025-10-12T16:00Z is 2025-10-13 00:00 in Beijing: three days late.
    late = report(sep, "2025-09", _lines(), submitted_at=datetime(2025, 10, 12, 16, tzinfo=UTC))
    [finding] = check_flow_report(late).by_rule("RPT001")
    assert finding.facts["days_late"] == 3
    assert finding.facts["submitted_beijing"].startswith("2025-10-13T00:00:00")


def test_rpt001_on_time_report_has_no_finding(
    sep: Enterprise, sep_register: DesignationRegister
) -> None:
    on_time = report(sep, "2025-09", _lines(), submitted_at=beijing(2025, 10, 10, 23, minute=59))
    assert len(check_flow_report(on_time, designations=sep_register)) == 0


def test_rpt001_late_in_beijing_though_on_time_in_utc(sep: Enterprise) -> None:
    late = report(sep, "2025-09", _lines(), submitted_at=datetime(2025, 10, 10, 16, 30, tzinfo=UTC))
    [finding] = check_flow_report(late).by_rule("RPT001")
    assert finding.severity is Severity.VIOLATION


def test_rpt001_unsubmitted_report_after_the_due_date_is_a_violation(sep: Enterprise) -> None:
    missing = report(sep, "2025-09", _lines(), submitted_at=None)
    [finding] = check_flow_report(missing, as_of=date(2025, 10, 11)).by_rule("RPT001")
    assert finding.severity is Severity.VIOLATION
    assert finding.facts["due_date"] == "2025-10-10"
    assert finding.facts["as_of"] == "2025-10-11"


def test_rpt001_unsubmitted_report_on_the_due_date_is_not_yet_late(sep: Enterprise) -> None:
    missing = report(sep, "2025-09", _lines(), submitted_at=None)
    assert not check_flow_report(missing, as_of=date(2025, 10, 10)).by_rule("RPT001")
    assert not check_flow_report(missing, as_of=date(2025, 10, 1)).by_rule("RPT001")


def test_rpt001_unsubmitted_report_without_as_of_is_undetermined(sep: Enterprise) -> None:
    missing = report(sep, "2025-09", _lines(), submitted_at=None)
    [finding] = check_flow_report(missing).by_rule("RPT001")
    assert finding.severity is Severity.UNDETERMINED
    assert "as_of" in finding.message


def test_rpt001_as_of_must_be_a_date(sep: Enterprise) -> None:
    missing = report(sep, "2025-09", _lines(), submitted_at=None)
    with pytest.raises(InvalidInputError):
        check_flow_report(missing, as_of=datetime(2025, 10, 11, tzinfo=UTC))


def test_rpt001_applies_to_mining_enterprises() -> None:
    firm = miner()
    lines = stocked(CONCENTRATE, produced(CONCENTRATE, "4 t", origin=None))
    late = report(firm, "2025-09", lines, submitted_at=beijing(2025, 10, 20))
    assert [f.severity for f in check_flow_report(late).by_rule("RPT001")] == [Severity.VIOLATION]


@pytest.mark.parametrize(
    "firm",
    [
        metal_smelter(),
        recycler(),
        enterprise(Activity.EXPORT, serial=9),
        enterprise(Activity.METAL_SMELTING, Activity.EXPORT, serial=10),
    ],
    ids=["metal-smelting", "comprehensive-utilization", "export", "metal-smelting-and-export"],
)
def test_rpt001_does_not_apply_without_mining_or_separation(firm: Enterprise) -> None:
    # P3: only the Measures' production enterprises have the monthly deadline.
    late = report(firm, "2025-09", submitted_at=beijing(2025, 12, 1))
    assert not check_flow_report(late).by_rule("RPT001")
    unsubmitted = report(firm, "2025-09", submitted_at=None)
    assert not check_flow_report(unsubmitted, as_of=date(2026, 1, 1)).by_rule("RPT001")


def test_rpt001_first_month_is_july_2025(sep: Enterprise) -> None:
    late = report(sep, "2025-07", _lines(), submitted_at=beijing(2025, 8, 11))
    [finding] = check_flow_report(late).by_rule("RPT001")
    assert finding.facts["due_date"] == "2025-08-10"


@pytest.mark.parametrize(
    ("month", "submitted", "severity"),
    [
        ("2025-07", beijing(2025, 8, 10, 23, minute=59, second=59), None),  # on time
        ("2025-07", beijing(2025, 8, 11, 0), Severity.UNDETERMINED),  # a second late
        ("2025-07", beijing(2025, 9, 30), Severity.UNDETERMINED),  # after publication too
        ("2025-08", beijing(2025, 9, 10, 23, minute=59, second=59), None),
        ("2025-08", beijing(2025, 9, 11, 0), Severity.VIOLATION),  # the first violation
    ],
)
def test_rpt001_july_2025_lateness_is_undetermined_august_is_a_violation(
    sep: Enterprise, month: str, submitted: datetime, severity: Severity | None
) -> None:
    # Revised P2: July 2025 was due 2025-08-10, before the Measures were made public (08-22).
    found = check_flow_report(report(sep, month, _lines(), submitted_at=submitted))
    assert [f.severity for f in found.by_rule("RPT001")] == ([] if severity is None else [severity])
    if severity is Severity.UNDETERMINED:
        [finding] = found.by_rule("RPT001")
        assert "before Order No. 71 was made public on 2025-08-22" in finding.message
        assert finding.facts["measures_published"] == "2025-08-22"


def test_rpt001_july_2025_not_entered_is_undetermined_august_a_violation(
    sep: Enterprise,
) -> None:
    july = report(sep, "2025-07", _lines(), submitted_at=None)
    august = report(sep, "2025-08", _lines(), submitted_at=None)
    as_of = date(2025, 12, 1)
    assert [f.severity for f in check_flow_report(july, as_of=as_of).by_rule("RPT001")] == [
        Severity.UNDETERMINED
    ]
    assert [f.severity for f in check_flow_report(august, as_of=as_of).by_rule("RPT001")] == [
        Severity.VIOLATION
    ]


@pytest.mark.parametrize(
    ("submitted", "severity"),
    [
        (beijing(2024, 11, 20), Severity.UNDETERMINED),  # a year typo for an October 2025 report
        (beijing(2025, 10, 31, 23, minute=59, second=59), Severity.UNDETERMINED),  # month not over
        (beijing(2025, 11, 1, 0), None),  # the first instant after the month
        (datetime(2025, 10, 31, 16, 0, tzinfo=UTC), None),  # the same instant in UTC
        (datetime(2025, 10, 31, 15, 59, 59, tzinfo=UTC), Severity.UNDETERMINED),
    ],
)
def test_rpt001_an_entry_before_the_month_ended_is_never_on_time(
    sep: Enterprise, submitted: datetime, severity: Severity | None
) -> None:
    # P18: a complete report cannot be entered before its month is over.
    found = check_flow_report(report(sep, "2025-10", _lines(), submitted_at=submitted))
    assert [f.severity for f in found.by_rule("RPT001")] == ([] if severity is None else [severity])
    if severity is not None:
        [finding] = found.by_rule("RPT001")
        assert "before the month ended on 2025-10-31" in finding.message
        assert finding.facts["month_ended"] == "2025-10-31"


# P13: the deadline follows conduct and designation, not only the declared activities.
_SEPARATION_OUTPUT = stocked(OXIDE, produced(OXIDE, "5 t"))
_MINING_OUTPUT = stocked(CONCENTRATE, produced(CONCENTRATE, "4 t", origin=None))
_MINERAL_FEED = stocked(CONCENTRATE, flow("consumed", CONCENTRATE, "1 t"), opening="2 t")


@pytest.mark.parametrize(
    ("firm", "lines", "shown"),
    [
        (enterprise(serial=11), _SEPARATION_OUTPUT, ["smelting_separation"]),
        (enterprise(serial=11), _MINING_OUTPUT, ["mining"]),
        (enterprise(serial=11), _MINERAL_FEED, ["smelting_separation"]),
        (metal_smelter(), _SEPARATION_OUTPUT, ["smelting_separation"]),
        (recycler(), _MINERAL_FEED, ["smelting_separation"]),
    ],
    ids=["empty-list-separation", "empty-list-mining", "empty-list-feed", "smelter", "recycler"],
)
def test_rpt001_a_late_report_hidden_by_the_declaration_is_found(
    firm: Enterprise, lines: list[FlowLine], shown: list[str]
) -> None:
    late = report(firm, "2025-09", lines, submitted_at=beijing(2025, 10, 11))
    [finding] = check_flow_report(late).by_rule("RPT001")
    assert finding.severity is Severity.VIOLATION
    assert finding.facts["deadline_because"] == {
        "declared": [],
        "shown_by_report": shown,
        "designated": [],
    }


def test_rpt001_a_designated_separator_has_the_deadline_whatever_it_declares() -> None:
    firm = metal_smelter()
    late = report(firm, "2025-09", submitted_at=beijing(2025, 10, 11))
    assert not check_flow_report(late).by_rule("RPT001")
    designated = register(designation(firm.uscc, valid_from=date(2025, 9, 30)))
    [finding] = check_flow_report(late, designations=designated).by_rule("RPT001")
    assert finding.facts["deadline_because"] == {
        "declared": [],
        "shown_by_report": [],
        "designated": ["smelting_separation"],
    }
    # A designation that ended before the month, or starts after it, brings no deadline.
    ended = register(designation(firm.uscc, valid_until=date(2025, 8, 31)))
    assert not check_flow_report(late, designations=ended).by_rule("RPT001")
    later = register(designation(firm.uscc, valid_from=date(2025, 10, 1)))
    assert not check_flow_report(late, designations=later).by_rule("RPT001")
    first_day = register(designation(firm.uscc, valid_until=date(2025, 9, 1)))
    assert check_flow_report(late, designations=first_day).by_rule("RPT001")


def test_rpt001_does_not_apply_to_june_2025_but_other_rules_run(sep: Enterprise) -> None:
    # P2: June 2025 was due 2025-07-10, before the Measures took effect on 2025-07-28.
    unbalanced = [*_lines()[:-1], flow("closing_stock", OXIDE, "99 t")]
    june = report(sep, "2025-06", unbalanced, submitted_at=beijing(2025, 9, 1))
    found = check_flow_report(june, as_of=date(2025, 12, 31))
    assert not found.by_rule("RPT001")
    assert [f.severity for f in found.by_rule("RPT003")] == [Severity.VIOLATION]
    assert [f.severity for f in found.by_rule("ENT001")] == [Severity.UNDETERMINED]
    unsubmitted = report(sep, "2025-06", _lines(), submitted_at=None)
    assert not check_flow_report(unsubmitted).by_rule("RPT001")


def test_report_before_the_regulations_raises_not_in_force(sep: Enterprise) -> None:
    # P6: the library answers from 2024-10-01 on.
    with pytest.raises(NotInForceError, match="2024-09"):
        check_flow_report(report(sep, "2024-09", _lines()))


def test_report_of_october_2024_is_checked(sep: Enterprise) -> None:
    october = report(sep, "2024-10", _lines(), submitted_at=None)
    found = check_flow_report(october)
    assert not found.by_rule("RPT001")
    assert [f.rule_id for f in found] == ["ENT001"]  # no register given: undetermined


def test_rpt001_roll_over_through_check_flow_report(sep: Enterprise) -> None:
    # December 2025 is due Saturday 2026-01-10; entered on Monday the 12th.
    monday = report(sep, "2025-12", _lines(), submitted_at=beijing(2026, 1, 12))
    [finding] = check_flow_report(monday).by_rule("RPT001")
    assert finding.facts["days_late"] == 2
    assert not check_flow_report(monday, roll_over=True).by_rule("RPT001")


def test_rpt001_roll_over_with_a_custom_calendar(sep: Enterprise) -> None:
    eleventh = report(sep, "2025-09", _lines(), submitted_at=beijing(2025, 10, 11))
    assert check_flow_report(eleventh, roll_over=True).by_rule("RPT001")  # the 10th is a Friday
    found = check_flow_report(
        eleventh, roll_over=True, is_working_day=lambda day: day != date(2025, 10, 10)
    )
    assert not found.by_rule("RPT001")


# --- RPT002: a month missing from the series ------------------------------------------------


def _series(firm: Enterprise, *months: str) -> list[FlowReport]:
    return [report(firm, month) for month in months]


def _missing(
    found_reports: list[FlowReport],
    year: int,
    *,
    since: Month | None = None,
    through: Month | None = None,
) -> list[str]:
    found = check_year(found_reports, year=year, since=since, through=through).by_rule("RPT002")
    assert all(f.severity is Severity.VIOLATION for f in found)
    return [str(f.facts["missing_month"]) for f in found]


def test_rpt002_month_missing_in_the_middle(sep: Enterprise) -> None:
    series = _series(sep, "2025-01", "2025-02", "2025-04", "2025-05")
    assert _missing(series, 2025) == ["2025-03"]
    [finding] = check_year(series, year=2025).by_rule("RPT002")
    assert finding.enterprise == sep.uscc
    assert finding.month == "2025-03"
    assert finding.facts["through"] == "2025-05"


def test_rpt002_complete_series_has_no_finding(sep: Enterprise) -> None:
    series = _series(sep, *(f"2025-{m:02d}" for m in range(1, 8)))
    assert _missing(series, 2025) == []


def test_rpt002_through_extends_the_expected_series(sep: Enterprise) -> None:
    series = _series(sep, "2025-01", "2025-02", "2025-03", "2025-04")
    assert _missing(series, 2025, through=Month(2025, 6)) == ["2025-05", "2025-06"]
    assert _missing(series, 2025, through=Month(2025, 4)) == []


def test_rpt002_since_requires_the_series_to_start_earlier(sep: Enterprise) -> None:
    series = _series(sep, "2025-03", "2025-04")
    assert _missing(series, 2025) == []  # by default the series spans what was reported
    assert _missing(series, 2025, since=Month(2025, 1)) == ["2025-01", "2025-02"]
    assert _missing(series, 2025, since=Month(2025, 1), through=Month(2025, 5)) == [
        "2025-01",
        "2025-02",
        "2025-05",
    ]


def test_rpt002_bounds_must_be_months(sep: Enterprise) -> None:
    series = _series(sep, "2025-03")
    with pytest.raises(InvalidInputError):
        check_year(series, year=2025, since="2025-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        check_year(series, year=2025, through="2025-12")  # type: ignore[arg-type]


def test_rpt002_2024_expects_only_october_to_december(sep: Enterprise) -> None:
    # The Regulations took effect on 2024-10-01: no report is expected before October,
    # even when the whole year is asked for.
    whole_year = Month(2024, 1)
    assert _missing(_series(sep, "2024-10", "2024-12"), 2024, since=whole_year) == ["2024-11"]
    assert _missing(_series(sep, "2024-12"), 2024, since=whole_year) == ["2024-10", "2024-11"]
    assert _missing(_series(sep, "2024-10", "2024-11", "2024-12"), 2024, since=whole_year) == []


def test_rpt002_judges_each_enterprise_on_its_own(sep: Enterprise) -> None:
    other = miner()
    series = [*_series(sep, "2025-01", "2025-02"), *_series(other, "2025-02")]
    found = check_year(series, year=2025).by_rule("RPT002")
    assert [(f.enterprise, f.month) for f in found] == [(other.uscc, "2025-01")]


def test_rpt002_ignores_reports_of_other_years(sep: Enterprise) -> None:
    assert _missing(_series(sep, "2024-10", "2024-11", "2024-12"), 2025) == []


def test_check_year_before_the_regulations_raises(sep: Enterprise) -> None:
    with pytest.raises(NotInForceError):
        check_year([], year=2023)
    with pytest.raises(InvalidInputError):
        check_year([], year="2025")  # type: ignore[arg-type]


# --- RPT003: the mass balance ---------------------------------------------------------------


def test_rpt003_balance_that_closes_has_no_finding(sep: Enterprise) -> None:
    assert not check_flow_report(report(sep, "2025-09", _lines())).by_rule("RPT003")


def test_rpt003_balance_off_by_one_gram_is_a_violation(sep: Enterprise) -> None:
    lines = [
        flow("opening_stock", OXIDE, "10 t"),
        produced(OXIDE, "5 t"),
        flow("sold", OXIDE, "3 t"),
        flow("closing_stock", OXIDE, "12.000001 t"),
    ]
    [finding] = check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT003")
    assert finding.severity is Severity.VIOLATION
    assert finding.facts["difference_grams"] == -1
    assert finding.facts["product"] == "PrNd oxide"
    assert finding.subject == "$.lines[0]"
    assert "12.000001 t" in finding.message


def test_rpt003_tolerance_in_grams(sep: Enterprise) -> None:
    lines = [
        flow("opening_stock", OXIDE, "10 t"),
        flow("sold", OXIDE, "3 t"),
        flow("closing_stock", OXIDE, "6.999 t"),  # 1 kg short
    ]
    month = report(sep, "2025-09", lines)
    assert not check_flow_report(month, balance_tolerance_grams=1000).by_rule("RPT003")
    assert check_flow_report(month, balance_tolerance_grams=999).by_rule("RPT003")


@pytest.mark.parametrize("bad", [-1, 1.5, "10", True])
def test_rpt003_bad_tolerance_is_refused(sep: Enterprise, bad: object) -> None:
    with pytest.raises(InvalidInputError):
        check_flow_report(report(sep, "2025-09", _lines()), balance_tolerance_grams=bad)  # type: ignore[arg-type]


def test_rpt003_missing_closing_stock_is_undetermined(sep: Enterprise) -> None:
    lines = _lines()[:-1]
    [finding] = check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT003")
    assert finding.severity is Severity.UNDETERMINED
    assert "closing stock" in finding.message


def test_rpt003_mixed_reo_and_gross_lines_without_reo_fraction_is_undetermined(
    sep: Enterprise,
) -> None:
    lines = [
        flow("opening_stock", UNKNOWN_REO_OXIDE, "10 t REO"),
        produced(UNKNOWN_REO_OXIDE, "2 t"),  # gross, and the product states no REO fraction
        flow("closing_stock", UNKNOWN_REO_OXIDE, "12 t REO"),
    ]
    [finding] = check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT003")
    assert finding.severity is Severity.UNDETERMINED
    assert "REO content of some lines is unknown" in finding.message


def test_rpt003_gross_stock_lines_with_unknown_reo_are_undetermined(sep: Enterprise) -> None:
    lines = [
        flow("opening_stock", UNKNOWN_REO_OXIDE, "10 t"),
        produced(UNKNOWN_REO_OXIDE, "2 t REO"),
        flow("closing_stock", UNKNOWN_REO_OXIDE, "12 t"),
    ]
    [finding] = check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT003")
    assert finding.severity is Severity.UNDETERMINED


def test_rpt003_reason_names_unknown_reo_content_when_the_stock_lines_are_reported(
    sep: Enterprise,
) -> None:
    lines = [
        flow("opening_stock", UNKNOWN_REO_OXIDE, "10 t"),
        produced(UNKNOWN_REO_OXIDE, "2 t REO"),
        flow("closing_stock", UNKNOWN_REO_OXIDE, "12 t"),
    ]
    [finding] = check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT003")
    assert "is reported" not in finding.message
    assert "REO content of some lines is unknown" in finding.message


def test_rpt003_mixed_lines_with_known_reo_content_are_checked_in_reo(sep: Enterprise) -> None:
    lines = [
        flow("opening_stock", CONCENTRATE, "10 t"),  # 5 t REO at 50 %
        flow("purchased", CONCENTRATE, "1 t REO", seller=miner().uscc),
        flow("closing_stock", CONCENTRATE, "12 t"),  # 6 t REO
    ]
    found = check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT003")
    assert not found
    lines[-1] = flow("closing_stock", CONCENTRATE, "12.000002 t")  # 6.000001 t REO
    [finding] = check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT003")
    assert finding.facts["basis"] == "REO"
    assert finding.facts["difference_grams"] == -1


def test_rpt003_each_product_is_balanced_separately(sep: Enterprise) -> None:
    lines = [
        *_lines(),
        flow("opening_stock", CONCENTRATE, "4 t"),
        flow("consumed", CONCENTRATE, "1 t"),
        flow("closing_stock", CONCENTRATE, "4 t"),
    ]
    [finding] = check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT003")
    assert finding.facts["product"] == "Bastnaesite concentrate"
    assert finding.subject == "$.lines[4]"


# --- RPT004: stock carried forward ----------------------------------------------------------


def _month(firm: Enterprise, month: str, opening: str, closing: str) -> FlowReport:
    return report(
        firm,
        month,
        [flow("opening_stock", OXIDE, opening), flow("closing_stock", OXIDE, closing)],
    )


def test_rpt004_opening_different_from_previous_closing_is_a_violation(sep: Enterprise) -> None:
    series = [_month(sep, "2025-09", "10 t", "12 t"), _month(sep, "2025-10", "11 t", "11 t")]
    [finding] = check_year(series, year=2025).by_rule("RPT004")
    assert finding.severity is Severity.VIOLATION
    assert finding.month == "2025-10"
    assert finding.enterprise == sep.uscc
    assert finding.report_id == series[1].report_id
    assert finding.facts["opening"] == "11 t"
    assert finding.facts["previous_closing"] == "12 t"
    assert finding.facts["previous_month"] == "2025-09"


def test_rpt004_opening_equal_to_previous_closing_has_no_finding(sep: Enterprise) -> None:
    series = [_month(sep, "2025-09", "10 t", "12 t"), _month(sep, "2025-10", "12 t", "11 t")]
    assert not check_year(series, year=2025).by_rule("RPT004")


def test_rpt004_compares_december_with_the_next_january(sep: Enterprise) -> None:
    series = [_month(sep, "2024-12", "10 t", "12 t"), _month(sep, "2025-01", "12.5 t", "12.5 t")]
    [finding] = check_year(series, year=2025).by_rule("RPT004")
    assert finding.month == "2025-01"
    # Judged in 2025 only: the 2024 check has nothing to compare.
    assert not check_year(series, year=2024).by_rule("RPT004")


def test_rpt004_does_not_compare_across_a_gap_or_enterprises(sep: Enterprise) -> None:
    other = miner()
    series = [
        _month(sep, "2025-08", "10 t", "12 t"),
        _month(sep, "2025-10", "11 t", "11 t"),  # September is missing: RPT002's matter
        _month(other, "2025-09", "1 t", "1 t"),
    ]
    assert not check_year(series, year=2025).by_rule("RPT004")


def test_rpt002_an_empty_activity_list_does_not_hide_a_missing_month() -> None:
    # P13: the record duty follows conduct; one month of separation output is enough.
    firm = enterprise(serial=12)
    shows_output = report(firm, "2025-01", stocked(OXIDE, produced(OXIDE, "1 t")))
    quiet = report(firm, "2025-03", stocked(OXIDE, opening="1 t"))
    series = [shows_output, quiet]
    missing = check_year(series, year=2025).by_rule("RPT002")
    assert [f.facts["missing_month"] for f in missing] == ["2025-02"]
    # Without conduct, a declaration or a designation, no duty is shown.
    idle = [report(firm, "2025-01"), report(firm, "2025-03")]
    assert not check_year(idle, year=2025).by_rule("RPT002")
    designated = register(designation(firm.uscc, valid_from=date(2025, 3, 31)))
    [finding] = check_year(idle, year=2025, designations=designated).by_rule("RPT002")
    assert finding.facts["missing_month"] == "2025-02"


# --- RPT005: a stated REO content disagrees with the product's fraction (P18) ----------------


def _reo_lines(stated: str) -> list[FlowLine]:
    return stocked(CONCENTRATE, flow("purchased", CONCENTRATE, "20 t", reo=stated), opening="0 t")


@pytest.mark.parametrize(
    ("stated", "found"),
    [
        ("10 t REO", False),  # 20 t at 0.5 is 10 t: they agree
        ("10.000999 t REO", False),  # 999 g apart: rounding, REO is invoiced to the kilogram
        ("9.999001 t REO", False),
        ("10.001 t REO", True),  # 1 kg apart
        ("9.999 t REO", True),
        ("0 t REO", True),
        ("20 t REO", True),
    ],
)
def test_rpt005_a_stated_reo_that_disagrees_by_a_kilogram_is_reported(
    sep: Enterprise, stated: str, found: bool
) -> None:
    findings = check_flow_report(report(sep, "2025-09", _reo_lines(stated))).by_rule("RPT005")
    assert len(findings) == (1 if found else 0)


def test_rpt005_shows_both_figures_and_the_one_that_counts(sep: Enterprise) -> None:
    [finding] = check_flow_report(report(sep, "2025-09", _reo_lines("0 t REO"))).by_rule("RPT005")
    assert finding.severity is Severity.WARNING
    assert finding.subject == "$.lines[1].reo"
    assert finding.facts == {
        "product": "Bastnaesite concentrate",
        "quantity": "20 t",
        "stated_reo": "0 t REO",
        "reo_fraction": "0.5",
        "reo_from_fraction": "10 t REO",
        "difference_grams": -10_000_000,
        "counted_reo": "10 t REO",
    }
    assert "10 t REO (the larger) counts until the record is corrected" in finding.message


def test_rpt005_without_a_fraction_or_a_stated_reo_there_is_nothing_to_compare(
    sep: Enterprise,
) -> None:
    lines = [
        *stocked(UNKNOWN_REO_OXIDE, flow("purchased", UNKNOWN_REO_OXIDE, "2 t", reo="1 t REO")),
        *stocked(CONCENTRATE, flow("purchased", CONCENTRATE, "2 t")),
    ]
    assert not check_flow_report(report(sep, "2025-09", lines)).by_rule("RPT005")
