"""Properties that must hold for every input: the deadline (P1, P2), order independence of the
findings, additivity of quota use and the exact quota boundary (P7)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.enterprises import Enterprise
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import FlowDirection, FlowLine, FlowReport
from rare_earth_regs.periods import CHINA_STANDARD_TIME, Month
from rare_earth_regs.rules import (
    check_flow_report,
    check_year,
    flow_report_due_date,
    is_submitted_on_time,
    quota_use,
)
from rare_earth_regs.units import MassBasis, Tonnage

from .builders import (
    CONCENTRATE,
    MONAZITE,
    OXIDE,
    SCRAP,
    UNKNOWN_REO_OXIDE,
    allocation,
    designation,
    enterprise,
    flow,
    produced,
    recycler,
    register,
    report,
    separator,
)

FIRST = Month(2025, 7)
months = st.builds(Month, st.integers(2025, 2100), st.integers(1, 12)).filter(
    lambda month: month >= FIRST
)
offsets = st.integers(-12 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))


@settings(max_examples=200)
@given(months)
def test_due_date_is_the_tenth_of_the_following_month(month: Month) -> None:
    due = flow_report_due_date(month)
    assert due.day == 10
    assert Month.of(due) == month.next()
    assert (due - month.last_day).days == 10
    assert flow_report_due_date(str(month)) == due


@settings(max_examples=200)
@given(months, st.integers(-3 * 86_400, 3 * 86_400), offsets)
def test_on_time_agrees_with_the_due_date_for_every_aware_instant(
    month: Month, seconds: int, zone: timezone
) -> None:
    # Instants within three days of the due date, written in a zone from UTC-12 to UTC+14.
    due = flow_report_due_date(month)
    instant = datetime.combine(due, time(), CHINA_STANDARD_TIME) + timedelta(seconds=seconds)
    local = instant.astimezone(zone)
    first_late_instant = datetime.combine(due + timedelta(days=1), time(), CHINA_STANDARD_TIME)
    expected = local < first_late_instant
    assert expected is (seconds < 86_400)
    assert is_submitted_on_time(month, local) is expected
    assert is_submitted_on_time(month, local.astimezone(UTC)) is expected
    assert is_submitted_on_time(month, local.astimezone(CHINA_STANDARD_TIME).date()) is expected


# --- findings do not depend on line order --------------------------------------------------

FIRM = enterprise(Activity.SMELTING_SEPARATION, Activity.MINING, serial=30)
BUYING_RECYCLER = recycler(31)
DESIGNATED_SELLER = enterprise(Activity.MINING, serial=32)
OTHER_SELLER = enterprise(Activity.EXPORT, serial=33)
REGISTER = register(
    designation(FIRM.uscc, Activity.SMELTING_SEPARATION, valid_from=date(2025, 9, 10)),
    designation(DESIGNATED_SELLER.uscc, Activity.MINING),
)
PRODUCTS: Sequence[Product] = (OXIDE, UNKNOWN_REO_OXIDE, CONCENTRATE, MONAZITE, SCRAP)


@st.composite
def flow_lines(draw: st.DrawFn) -> FlowLine:
    direction = draw(st.sampled_from(list(FlowDirection)))
    product = draw(st.sampled_from(PRODUCTS))
    basis = draw(st.sampled_from([MassBasis.GROSS, MassBasis.GROSS, MassBasis.REO]))
    quantity = Tonnage(draw(st.integers(0, 50_000_000)), basis)
    origin = draw(st.sampled_from([None, *FeedstockOrigin]))
    day = draw(st.none() | st.integers(1, 30).map(lambda d: date(2025, 9, d)))
    seller = draw(st.sampled_from([None, DESIGNATED_SELLER.uscc, OTHER_SELLER.uscc]))
    foreign = draw(st.sampled_from([None, ("Example Minerals Pty Ltd", "AU")]))
    declaration = draw(st.sampled_from([None, "530120250000123456"]))
    return flow(
        direction,
        product,
        quantity,
        origin=origin,
        seller=seller,
        foreign=None if seller is not None else foreign,
        date=day,
        customs_declaration=declaration,
    )


def _signature(found_report: FlowReport, with_register: bool) -> list[tuple[str, str, str]]:
    found = check_flow_report(
        found_report,
        designations=REGISTER if with_register else None,
        as_of=date(2025, 10, 11),
    )
    return sorted((f.rule_id, f.severity.value, f.message) for f in found)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(flow_lines(), max_size=12).flatmap(
        lambda lines: st.tuples(st.just(lines), st.permutations(lines))
    ),
    st.sampled_from([FIRM, BUYING_RECYCLER]),
    st.booleans(),
    st.booleans(),
)
def test_findings_do_not_depend_on_line_order(
    lines_and_permutation: tuple[list[FlowLine], list[FlowLine]],
    firm: Enterprise,
    submitted: bool,
    with_register: bool,
) -> None:
    lines, shuffled = lines_and_permutation
    when = datetime(2025, 10, 11, 1, tzinfo=CHINA_STANDARD_TIME) if submitted else None
    original = report(firm, "2025-09", lines, submitted_at=when)
    permuted = report(firm, "2025-09", shuffled, submitted_at=when)
    assert _signature(original, with_register) == _signature(permuted, with_register)


# --- quota use is additive ----------------------------------------------------------------

SEPARATORS = (separator(40, group="Example Group"), separator(41), separator(42))


@st.composite
def production_reports(draw: st.DrawFn) -> FlowReport:
    firm = draw(st.sampled_from(SEPARATORS))
    month = Month(2025, draw(st.integers(1, 12)))
    lines = draw(
        st.lists(
            st.builds(
                lambda product, grams, basis, origin, day: produced(
                    product,
                    Tonnage(grams, basis),
                    origin=origin,
                    date=None if day is None else date(month.year, month.month, day),
                ),
                st.sampled_from(PRODUCTS),
                st.integers(0, 10**9),
                st.sampled_from(list(MassBasis)),
                st.sampled_from([None, *FeedstockOrigin]),
                st.none() | st.integers(1, calendar.monthrange(month.year, month.month)[1]),
            ),
            max_size=6,
        )
    )
    return report(firm, month, lines)


@settings(max_examples=60, deadline=None)
@given(st.lists(production_reports(), max_size=6), st.data())
def test_quota_use_is_additive_over_disjoint_sets_of_reports(
    reports: list[FlowReport], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(reports)))
    for activity in ("smelting_separation", "mining"):
        whole = quota_use(reports, year=2025, activity=activity)
        first = quota_use(reports[:cut], year=2025, activity=activity)
        rest = quota_use(reports[cut:], year=2025, activity=activity)
        assert whole.total.grams == first.total.grams + rest.total.grams
        for origin in FeedstockOrigin:
            parts = [use.total_by_origin.get(origin) for use in (first, rest)]
            grams = sum(part.grams for part in parts if part is not None)
            total = whole.total_by_origin.get(origin)
            assert (total.grams if total is not None else 0) == grams
        for uscc, use in whole.enterprises.items():
            split = [part.enterprises.get(uscc) for part in (first, rest)]
            assert use.counted.grams == sum(s.counted.grams for s in split if s is not None)
            present = [s for s in split if s is not None]
            assert len(use.undetermined) == sum(len(s.undetermined) for s in present)
            assert len(use.excluded) == sum(len(s.excluded) for s in present)


# --- the exact quota boundary (P7) ----------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 12), st.integers(1, 10**10)), min_size=1, max_size=10),
    st.integers(1, 4),
    st.integers(1, 12),
)
def test_output_equal_to_the_quota_is_compliant_and_one_gram_more_is_not(
    outputs: list[tuple[int, int]], batches: int, extra_month: int
) -> None:
    firm = SEPARATORS[1]
    total = sum(grams for _, grams in outputs)
    # The indicator is issued in ``batches`` increments that add up to exactly ``total``.
    share = total // batches
    amounts = [share] * (batches - 1) + [total - share * (batches - 1)]
    quota = [
        allocation(
            2025,
            Tonnage(amount, MassBasis.REO),
            holder=firm.name,
            holder_uscc=firm.uscc,
            batch=number,
        )
        for number, amount in enumerate(amounts, start=1)
    ]
    reports = [
        report(firm, Month(2025, month), [produced(OXIDE, Tonnage(grams, MassBasis.REO))])
        for month, grams in outputs
    ]
    assert not check_year(reports, year=2025, allocations=quota).by_rule("QTA001")
    one_gram = report(
        firm,
        Month(2025, extra_month),
        [produced(OXIDE, Tonnage(1, MassBasis.REO))],
        report_id="one-more-gram",
    )
    [finding] = check_year([*reports, one_gram], year=2025, allocations=quota).by_rule("QTA001")
    assert finding.facts["excess_grams"] == 1
    assert finding.facts["used_grams"] == total + 1
