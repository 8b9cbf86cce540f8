"""Properties that must hold for every input: the deadline (P1, P2), order independence of the
findings, additivity of quota use and the exact quota boundary (P7), duties that follow
conduct (P13), feedstock and sources (P15, P16) and stated facts checked against each other
(P18)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone

import attrs
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
from rare_earth_regs.rules.common import conduct_activities
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
UNDECLARED = enterprise(serial=34)  # P13: declares nothing
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
    # P16: a CN party without a USCC is an unidentified domestic seller, not a foreign one.
    foreign = draw(
        st.sampled_from([None, ("Example Minerals Pty Ltd", "AU"), ("Example Trading Co.", "CN")])
    )
    declaration = draw(st.sampled_from([None, "530120250000123456"]))
    # P18: a stated REO content, never above the gross mass, that may disagree with the product.
    reo = None
    if basis is MassBasis.GROSS and draw(st.booleans()):
        reo = str(Tonnage(draw(st.integers(0, quantity.grams)), MassBasis.REO))
    return flow(
        direction,
        product,
        quantity,
        origin=origin,
        seller=seller,
        foreign=None if seller is not None else foreign,
        date=day,
        reo=reo,
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
    st.sampled_from([FIRM, BUYING_RECYCLER, UNDECLARED]),
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
@given(
    st.lists(
        production_reports(),
        max_size=6,
        unique_by=lambda report: (report.enterprise.uscc, report.month),
    ),
    st.data(),
)
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
    st.lists(
        st.tuples(st.integers(1, 12), st.integers(1, 10**10)),
        min_size=1,
        max_size=10,
        unique_by=lambda output: output[0],
    ),
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
    # The gram comes in a month of its own, or in a correction of a month reported
    # (revision 2 replaces revision 1: policy P12).
    grams_before = dict(outputs).get(extra_month, 0)
    one_gram = attrs.evolve(
        report(
            firm,
            Month(2025, extra_month),
            [produced(OXIDE, Tonnage(grams_before + 1, MassBasis.REO))],
            report_id="one-more-gram",
        ),
        revision=2 if grams_before else 1,
    )
    [finding] = check_year([*reports, one_gram], year=2025, allocations=quota).by_rule("QTA001")
    assert finding.facts["excess_grams"] == 1
    assert finding.facts["used_grams"] == total + 1


# --- duties follow conduct (P13), feedstock (P15), sources (P16), stated facts (P18) -------


def _with_activities(found_report: FlowReport, activities: frozenset[Activity]) -> FlowReport:
    firm = attrs.evolve(found_report.enterprise, activities=activities)
    return attrs.evolve(found_report, enterprise=firm)


def _rule_signature(
    found_report: FlowReport, rule_id: str, **options: object
) -> list[tuple[str, str, str]]:
    found = check_flow_report(found_report, **options)  # type: ignore[arg-type]
    return sorted((f.severity.value, f.message, f.subject) for f in found.by_rule(rule_id))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(flow_lines(), max_size=10),
    st.frozensets(st.sampled_from(list(Activity))),
    st.sampled_from([None, datetime(2025, 10, 11, 1, tzinfo=CHINA_STANDARD_TIME)]),
    st.booleans(),
)
def test_the_deadline_does_not_depend_on_declaring_what_the_report_shows(
    lines: list[FlowLine],
    declared: frozenset[Activity],
    submitted_at: datetime | None,
    with_register: bool,
) -> None:
    # P13: declaring nothing, or exactly what the report shows, gives the same deadline
    # findings; once the report shows production, declaring anything more changes nothing.
    shown = frozenset(conduct_activities(report(UNDECLARED, "2025-09", lines)))
    options = {"designations": REGISTER if with_register else None, "as_of": date(2025, 10, 11)}
    base = report(UNDECLARED, "2025-09", lines, submitted_at=submitted_at)
    undeclared = _rule_signature(base, "RPT001", **options)
    assert _rule_signature(_with_activities(base, shown), "RPT001", **options) == undeclared
    if shown & {Activity.MINING, Activity.SMELTING_SEPARATION}:
        more = _with_activities(base, declared | shown)
        assert _rule_signature(more, "RPT001", **options) == undeclared
        assert undeclared  # late or undetermined, never hidden


@settings(max_examples=80, deadline=None)
@given(st.lists(flow_lines(), max_size=10), st.booleans())
def test_a_recycler_violates_art_11_2_only_by_consuming_mineral_products(
    lines: list[FlowLine], with_register: bool
) -> None:
    # P15: every FST001 violation points at a consumed mineral product; holding is a warning.
    month = report(BUYING_RECYCLER, "2025-09", lines)
    found = check_flow_report(month, designations=REGISTER if with_register else None)
    for finding in found.by_rule("FST001"):
        index = int(finding.subject.removeprefix("$.lines[").removesuffix("]"))
        line = month.lines[index]
        assert line.product.product_class.value == "mineral_product"
        assert (finding.severity.value == "violation") is (line.direction is FlowDirection.CONSUMED)
    consumed_mineral = any(
        line.direction is FlowDirection.CONSUMED
        and line.product.product_class.value == "mineral_product"
        for line in lines
    )
    assert bool(found.by_rule("FST001")) >= consumed_mineral


@settings(max_examples=80, deadline=None)
@given(st.lists(flow_lines(), max_size=10), st.booleans())
def test_a_purchase_is_never_a_violation_of_art_13_from_one_report(
    lines: list[FlowLine], with_register: bool
) -> None:
    # P16: one report cannot show that a seller produced what it sold; unknown stays unknown.
    month = report(FIRM, "2025-09", lines)
    found = check_flow_report(month, designations=REGISTER if with_register else None)
    assert all(f.severity.value == "undetermined" for f in found.by_rule("SRC001"))
    for finding in found.by_rule("SRC001"):
        index = int(finding.subject.removeprefix("$.lines[").removesuffix("]"))
        party = month.lines[index].counterparty
        assert (
            party is None
            or not party.is_foreign
            or finding.facts["reason"] == ("no customs declaration")
        )


@settings(max_examples=200)
@given(flow_lines())
def test_the_counted_reo_is_never_below_either_stated_figure(line: FlowLine) -> None:
    # P18: a stated REO content never silently overrides the product's own fraction.
    counted = line.reo_content()
    from_fraction = line.product_reo()
    if line.quantity.basis is MassBasis.REO:
        assert counted == line.quantity
        return
    figures = [figure for figure in (line.reo, from_fraction) if figure is not None]
    if not figures:
        assert counted is None
        return
    assert counted is not None
    assert counted.grams == max(figure.grams for figure in figures)
    assert counted.grams <= line.quantity.grams


@settings(max_examples=100, deadline=None)
@given(months, st.integers(1, 400 * 86_400), offsets)
def test_an_entry_before_the_month_ended_is_never_on_time(
    month: Month, seconds_before: int, zone: timezone
) -> None:
    # P18: for a production enterprise, an impossible entry time is undetermined, never on time.
    month_over = datetime.combine(month.next().first_day, time(), CHINA_STANDARD_TIME)
    entered = (month_over - timedelta(seconds=seconds_before)).astimezone(zone)
    found = check_flow_report(report(FIRM, month, submitted_at=entered)).by_rule("RPT001")
    assert [f.severity.value for f in found] == ["undetermined"]


@settings(max_examples=100, deadline=None)
@given(months, st.integers(1, 60 * 86_400))
def test_lateness_is_undetermined_for_july_2025_and_a_violation_after(
    month: Month, seconds_late: int
) -> None:
    # Revised P2: only July 2025 was due before the Measures were made public.
    first_late = datetime.combine(
        flow_report_due_date(month) + timedelta(days=1), time(), CHINA_STANDARD_TIME
    )
    entered = first_late + timedelta(seconds=seconds_late - 1)
    found = check_flow_report(report(FIRM, month, submitted_at=entered)).by_rule("RPT001")
    expected = "undetermined" if month == FIRST else "violation"
    assert [f.severity.value for f in found] == [expected]


@settings(max_examples=60, deadline=None)
@given(st.lists(flow_lines(), max_size=8), st.lists(flow_lines(), max_size=8), st.booleans())
def test_a_seller_that_acquired_the_product_is_never_condemned_for_its_output(
    seller_lines: list[FlowLine], buyer_lines: list[FlowLine], with_register: bool
) -> None:
    # P16: SRC002 needs the seller's own illegal output and no other way it came by the product.
    seller = report(OTHER_SELLER, "2025-09", seller_lines)
    buyer = report(FIRM, "2025-09", buyer_lines)
    designations = REGISTER if with_register else None
    found = check_year([seller, buyer], year=2025, designations=designations).by_rule("SRC002")
    assert not found or with_register
    for finding in found:
        assert finding.facts["seller"] == OTHER_SELLER.uscc
        name = str(finding.facts["product"])
        made = [
            line
            for line in seller_lines
            if line.direction is FlowDirection.PRODUCED and line.product.name == name
        ]
        assert made
        assert not any(
            line.product.name == name
            and line.direction
            in (FlowDirection.PURCHASED, FlowDirection.IMPORTED, FlowDirection.RECEIVED)
            for line in seller_lines
        )
