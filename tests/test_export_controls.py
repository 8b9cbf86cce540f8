"""The 2025 export controls: items, listings, suspensions, the knowledge horizon, No. 61 by value.

Every date of the instruments is tested on the day before, the day of and the day after.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rare_earth_regs.exceptions import (
    BeyondKnowledgeHorizonError,
    InvalidInputError,
    NotInForceError,
    UnknownElementError,
)
from rare_earth_regs.export_controls import (
    CONTROLS_ENCODED_FROM,
    ExportItem,
    ItemForm,
    LicenceStatus,
    customs_mappings,
    export_control_data,
    export_licence_required,
    foreign_made_item_licence_required,
    knowledge_horizon,
    meets_value_threshold,
)
from rare_earth_regs.export_controls.licensing import _foreign_made_answer
from rare_earth_regs.legal import (
    EXPORT_CONTROL_18_2025,
    EXPORT_CONTROL_57_2025,
    EXPORT_CONTROL_61_2025,
    EXPORT_CONTROL_62_2025,
    EXPORT_CONTROL_70_2025,
    INSTRUMENTS,
    InstrumentStatus,
)
from rare_earth_regs.model.elements import Element
from rare_earth_regs.model.products import Product, ProductClass
from strategies import export_items

REQUIRED = LicenceStatus.REQUIRED
NOT_REQUIRED = LicenceStatus.NOT_REQUIRED
UNDETERMINED = LicenceStatus.UNDETERMINED
ONE_DAY = timedelta(days=1)

DY_MAGNET = ExportItem(form="ndfeb_magnet", content={"Nd": "29%", "Dy": "contains"})
Y_OXIDE = ExportItem(form="oxide", content=["Y"])
CE_COMPOUND = ExportItem(form="compound", content=["Ce"])
HO_OXIDE = ExportItem(form="oxide", content=["Ho"])
TECHNOLOGY = ExportItem(form="technology")

NO_18 = date(2025, 4, 4)
PUBLISHED_57_61_62 = date(2025, 10, 9)
NO_57_IN_FORCE = date(2025, 11, 8)
SUSPENSION_FROM = date(2025, 11, 7)
SUSPENSION_UNTIL = date(2026, 11, 10)
LIMB_A_FROM = date(2025, 12, 1)


def status(item: ExportItem, on: date) -> LicenceStatus:
    return export_licence_required(item, on=on).status


# --- the three examples of the issue ---------------------------------------------------------


def test_an_ndfeb_magnet_containing_dysprosium_needs_a_licence() -> None:
    answer = export_licence_required(DY_MAGNET, on=date(2025, 6, 1))
    assert answer.status is REQUIRED
    assert answer.is_required
    assert answer.instrument is EXPORT_CONTROL_18_2025
    assert answer.control_codes == ("1C905",)
    assert answer.elements == (Element.Dy,)
    assert "NdFeB magnets containing Tb or Dy" in answer.reason
    assert "1C905 is inferred" in answer.reason
    assert [citation.key for citation in answer.citations] == [
        "export-control-18-2025:listed-items"
    ]


def test_yttrium_oxide_needs_a_licence() -> None:
    answer = export_licence_required(Y_OXIDE, on=date(2025, 6, 1))
    assert (answer.status, answer.control_codes, answer.elements) == (
        REQUIRED,
        ("1C908",),
        (Element.Y,),
    )


def test_a_cerium_compound_is_not_controlled() -> None:
    answer = export_licence_required(CE_COMPOUND, on=date(2025, 6, 1))
    assert answer.status is NOT_REQUIRED
    assert answer.instrument is None
    assert answer.control_codes == ()
    assert "(Ce) is listed" in answer.reason


def test_every_trigger_is_named_when_an_item_holds_several_listed_elements() -> None:
    item = ExportItem(form="alloy", content={"Tb": "0.5", "Dy": "0.2", "Nd": "0.3"})
    answer = export_licence_required(item, on=date(2025, 6, 1))
    assert answer.control_codes == ("1C904", "1C905")
    assert answer.elements == (Element.Tb, Element.Dy)


# --- boundaries: No. 18 --------------------------------------------------------------------


def test_the_day_before_no_18_is_outside_the_encoded_range() -> None:
    with pytest.raises(NotInForceError, match="2025-04-04"):
        export_licence_required(Y_OXIDE, on=NO_18 - ONE_DAY)
    assert CONTROLS_ENCODED_FROM == NO_18


@pytest.mark.parametrize(
    "on", [NO_18, NO_18 + ONE_DAY, SUSPENSION_UNTIL, SUSPENSION_UNTIL + ONE_DAY]
)
def test_no_18_applies_from_its_first_day_and_is_not_suspended(on: date) -> None:
    assert status(Y_OXIDE, on) is REQUIRED
    assert status(DY_MAGNET, on) is REQUIRED


def test_no_18_stays_in_force_past_the_horizon() -> None:
    assert EXPORT_CONTROL_18_2025.status(date(2030, 1, 1)) is InstrumentStatus.IN_FORCE
    assert EXPORT_CONTROL_18_2025.is_in_force(date(2030, 1, 1))


# --- boundaries: No. 57 (published 2025-10-09, in force 2025-11-08, suspended from 11-07) ------


@pytest.mark.parametrize(
    "on",
    [
        PUBLISHED_57_61_62 - ONE_DAY,
        PUBLISHED_57_61_62,
        PUBLISHED_57_61_62 + ONE_DAY,
        SUSPENSION_FROM - ONE_DAY,
    ],
)
def test_holmium_before_no_57_takes_effect_is_not_controlled(on: date) -> None:
    answer = export_licence_required(HO_OXIDE, on=on)
    assert answer.status is NOT_REQUIRED
    assert "not in force until 2025-11-08" in answer.reason
    assert EXPORT_CONTROL_57_2025.status(on) is InstrumentStatus.NOT_YET_IN_FORCE


@pytest.mark.parametrize(
    "on",
    [
        SUSPENSION_FROM,
        NO_57_IN_FORCE - ONE_DAY + ONE_DAY,
        NO_57_IN_FORCE + ONE_DAY,
        SUSPENSION_UNTIL - ONE_DAY,
        SUSPENSION_UNTIL,
    ],
)
def test_holmium_during_the_suspension_is_not_controlled_and_says_why(on: date) -> None:
    answer = export_licence_required(HO_OXIDE, on=on)
    assert answer.status is NOT_REQUIRED
    assert "suspended by MOFCOM/GAC Announcement No. 70 of 2025" in answer.reason
    assert answer.instrument is EXPORT_CONTROL_57_2025
    assert EXPORT_CONTROL_57_2025.status(on) is InstrumentStatus.SUSPENDED
    assert not EXPORT_CONTROL_57_2025.is_in_force(on)


@pytest.mark.parametrize("on", [SUSPENSION_UNTIL + ONE_DAY, date(2027, 1, 1), date(2099, 12, 31)])
def test_holmium_past_the_horizon_is_undetermined_never_suspended(on: date) -> None:
    answer = export_licence_required(HO_OXIDE, on=on)
    assert answer.status is UNDETERMINED
    assert answer.reason.startswith("undetermined, because")
    assert "2026-11-10" in answer.reason
    assert "suspended by" not in answer.reason
    assert EXPORT_CONTROL_57_2025.status(on) is InstrumentStatus.UNDETERMINED
    with pytest.raises(BeyondKnowledgeHorizonError, match="undetermined"):
        EXPORT_CONTROL_57_2025.is_in_force(on)


@pytest.mark.parametrize("form", ["ndfeb_magnet", "smco_magnet"])
def test_a_holmium_bearing_magnet_follows_no_57_and_is_undetermined_past_the_horizon(
    form: str,
) -> None:
    # No. 57 lists holmium-containing permanent magnet materials (1C909): never controlled up to
    # the horizon (No. 70 suspended No. 57 before it took effect), undetermined the day after.
    magnet = ExportItem(form=form, content=["Nd", "Ho"])
    on_the_horizon = export_licence_required(magnet, on=SUSPENSION_UNTIL)
    assert on_the_horizon.status is NOT_REQUIRED
    assert on_the_horizon.instrument is EXPORT_CONTROL_57_2025
    assert "permanent magnet materials containing Ho" in on_the_horizon.reason
    assert "suspended by MOFCOM/GAC Announcement No. 70 of 2025" in on_the_horizon.reason
    past = export_licence_required(magnet, on=SUSPENSION_UNTIL + ONE_DAY)
    assert past.status is UNDETERMINED
    assert past.instrument is EXPORT_CONTROL_57_2025
    assert past.reason.startswith("undetermined, because")
    assert past.explanation is not None
    assert "含钬的永磁材料" in past.explanation.render("zh")


def test_a_magnet_without_holmium_or_a_no_18_element_stays_not_required_past_the_horizon() -> None:
    magnet = ExportItem(form="ndfeb_magnet", content=["Nd", "Pr"])
    assert status(magnet, SUSPENSION_UNTIL + ONE_DAY) is NOT_REQUIRED


def test_a_magnet_with_dysprosium_and_holmium_is_required_by_no_18_past_the_horizon() -> None:
    magnet = ExportItem(form="ndfeb_magnet", content=["Nd", "Dy", "Ho"])
    answer = export_licence_required(magnet, on=SUSPENSION_UNTIL + ONE_DAY)
    assert answer.status is REQUIRED
    assert answer.instrument is EXPORT_CONTROL_18_2025


def test_past_the_horizon_an_item_no_suspended_announcement_lists_keeps_its_answer() -> None:
    on = SUSPENSION_UNTIL + ONE_DAY
    assert status(CE_COMPOUND, on) is NOT_REQUIRED
    assert status(Y_OXIDE, on) is REQUIRED


# --- boundaries: No. 62 (technologies, 2025-10-09 to the suspension) -------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (PUBLISHED_57_61_62 - ONE_DAY, UNDETERMINED),
        (PUBLISHED_57_61_62, REQUIRED),
        (PUBLISHED_57_61_62 + ONE_DAY, REQUIRED),
        (SUSPENSION_FROM - ONE_DAY, REQUIRED),
        (SUSPENSION_FROM, UNDETERMINED),
        (SUSPENSION_FROM + ONE_DAY, UNDETERMINED),
        (SUSPENSION_UNTIL + ONE_DAY, UNDETERMINED),
    ],
)
def test_technologies_follow_no_62(on: date, expected: LicenceStatus) -> None:
    answer = export_licence_required(TECHNOLOGY, on=on)
    assert answer.status is expected
    if expected is REQUIRED:
        assert answer.control_codes == ("1E902",)
    else:
        assert answer.reason.startswith("undetermined, because")


# --- boundaries: No. 70 and the instruments' status -----------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (SUSPENSION_FROM - ONE_DAY, InstrumentStatus.NOT_YET_IN_FORCE),
        (SUSPENSION_FROM, InstrumentStatus.IN_FORCE),
        (SUSPENSION_FROM + ONE_DAY, InstrumentStatus.IN_FORCE),
        (SUSPENSION_UNTIL, InstrumentStatus.IN_FORCE),
        (SUSPENSION_UNTIL + ONE_DAY, InstrumentStatus.NO_LONGER_IN_FORCE),
    ],
)
def test_no_70_is_in_force_for_its_suspension_window(on: date, expected: InstrumentStatus) -> None:
    assert EXPORT_CONTROL_70_2025.status(on) is expected


@pytest.mark.parametrize(
    "suspended", [EXPORT_CONTROL_57_2025, EXPORT_CONTROL_61_2025, EXPORT_CONTROL_62_2025]
)
def test_no_70_suspends_57_61_and_62_for_the_same_window(suspended: object) -> None:
    assert suspended.suspended_by == EXPORT_CONTROL_70_2025.slug  # type: ignore[attr-defined]
    assert suspended.suspended_from == EXPORT_CONTROL_70_2025.in_force_from  # type: ignore[attr-defined]
    assert suspended.suspended_until == EXPORT_CONTROL_70_2025.in_force_until  # type: ignore[attr-defined]


def test_no_18_is_not_suspended() -> None:
    assert EXPORT_CONTROL_18_2025.suspended_by is None


def test_an_instrument_status_refuses_a_datetime() -> None:
    from datetime import datetime

    with pytest.raises(InvalidInputError, match="on"):
        EXPORT_CONTROL_57_2025.status(datetime(2025, 11, 8))


def test_a_suspension_must_be_given_whole_and_not_inverted() -> None:
    with pytest.raises(InvalidInputError, match="suspended_from"):
        attrs.evolve(EXPORT_CONTROL_18_2025, suspended_from=date(2025, 5, 1))
    with pytest.raises(InvalidInputError, match="suspended_until"):
        attrs.evolve(EXPORT_CONTROL_57_2025, suspended_until=date(2025, 11, 6))


# --- the knowledge horizon ---------------------------------------------------------------


def test_the_knowledge_horizon_is_one_value_the_end_of_the_last_encoded_suspension() -> None:
    assert knowledge_horizon() == SUSPENSION_UNTIL
    ends = {
        item.suspended_until for item in INSTRUMENTS.values() if item.suspended_until is not None
    }
    assert ends == {knowledge_horizon()}
    latest = max(
        day
        for item in INSTRUMENTS.values()
        for day in (item.in_force_from, item.in_force_until, item.suspended_until)
        if day is not None
    )
    assert latest == knowledge_horizon()


def test_every_answer_carries_the_horizon() -> None:
    answer = export_licence_required(Y_OXIDE, on=date(2025, 6, 1))
    assert answer.knowledge_horizon == knowledge_horizon()
    assert answer.to_dict()["knowledge_horizon"] == "2026-11-10"


# --- No. 61, by value ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "item", "meets"),
    [
        ("1000", "1000000", True),  # exactly 0.1 %
        ("999.99", "1000000", False),  # one cent below
        ("1000.01", "1000000", True),
        ("1", "1000", True),
        (Decimal("0.999"), 1000, False),
        (0, 1, False),
        (5, 5, True),
    ],
)
def test_the_value_threshold_is_0_1_percent_compared_exactly(
    content: object, item: object, meets: bool
) -> None:
    assert meets_value_threshold(content, item) is meets


@pytest.mark.parametrize(
    ("content", "item", "field"),
    [
        (0.5, 1000, "chinese_controlled_value"),
        ("-1", 1000, "chinese_controlled_value"),
        ("1", "0", "item_value"),
        ("1", "NaN", "item_value"),
        (True, 1000, "chinese_controlled_value"),
        ("1001", "1000", "chinese_controlled_value"),
        ("1", "a lot", "item_value"),
    ],
)
def test_the_value_threshold_refuses_bad_values(content: object, item: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        meets_value_threshold(content, item)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("on", "fragment"),
    [
        (PUBLISHED_57_61_62 - ONE_DAY, "applies from 2025-12-01"),
        (PUBLISHED_57_61_62, "applies from 2025-12-01"),
        (SUSPENSION_FROM - ONE_DAY, "applies from 2025-12-01"),
        (SUSPENSION_FROM, "suspended"),
        (LIMB_A_FROM - ONE_DAY, "suspended"),
        (LIMB_A_FROM, "suspended"),
        (LIMB_A_FROM + ONE_DAY, "suspended"),
        (SUSPENSION_UNTIL, "suspended"),
    ],
)
def test_no_61_never_applied_up_to_the_horizon(on: date, fragment: str) -> None:
    answer = foreign_made_item_licence_required(
        chinese_controlled_value="5000", item_value="1000000", on=on
    )
    assert answer.status is NOT_REQUIRED
    assert fragment in answer.reason
    assert answer.instrument is EXPORT_CONTROL_61_2025


def test_no_61_past_the_horizon_is_undetermined() -> None:
    answer = foreign_made_item_licence_required(
        chinese_controlled_value="5000", item_value="1000000", on=SUSPENSION_UNTIL + ONE_DAY
    )
    assert answer.status is UNDETERMINED
    assert answer.reason.startswith("undetermined, because")


UNSUSPENDED_61 = attrs.evolve(
    EXPORT_CONTROL_61_2025, suspended_from=None, suspended_until=None, suspended_by=None
)


@pytest.mark.parametrize(
    ("on", "meets", "expected"),
    [
        (LIMB_A_FROM - ONE_DAY, True, NOT_REQUIRED),
        (LIMB_A_FROM, True, REQUIRED),
        (LIMB_A_FROM + ONE_DAY, True, REQUIRED),
        (LIMB_A_FROM, False, NOT_REQUIRED),
    ],
)
def test_no_61_without_its_suspension_would_apply_by_value_from_december(
    on: date, meets: bool, expected: LicenceStatus
) -> None:
    # The rule as written, had No. 70 not suspended it: what the answer turns on once in force.
    assert _foreign_made_answer(UNSUSPENDED_61, meets, on).status is expected


# --- the item model -----------------------------------------------------------------------


def test_a_stated_share_of_zero_means_not_contained() -> None:
    magnet = ExportItem(form="ndfeb_magnet", content={"Nd": "0.3", "Dy": "0%"})
    assert magnet.contained_elements() == frozenset({Element.Nd})
    assert status(magnet, date(2025, 6, 1)) is NOT_REQUIRED


def test_content_not_stated_is_undetermined_where_the_answer_turns_on_it() -> None:
    answer = export_licence_required(ExportItem(form="oxide"), on=date(2025, 6, 1))
    assert answer.status is UNDETERMINED
    assert "content is not stated" in answer.reason


def test_a_magnet_of_unstated_type_holding_dysprosium_is_undetermined() -> None:
    magnet = ExportItem(form="magnet", content=["Nd", "Dy"])
    assert "type is not stated" in export_licence_required(magnet, on=date(2025, 6, 1)).reason
    assert status(ExportItem(form="magnet", content=["Nd", "Pr"]), date(2025, 6, 1)) is NOT_REQUIRED


def test_a_samarium_cobalt_magnet_is_1c902() -> None:
    answer = export_licence_required(ExportItem(form="smco_magnet", content=["Sm"]), on=NO_18)
    assert answer.control_codes == ("1C902",)


def test_ores_are_not_listed() -> None:
    ore = ExportItem(form="mineral", content=["Dy", "Y"])
    answer = export_licence_required(ore, on=date(2025, 6, 1))
    assert answer.status is NOT_REQUIRED
    assert "no announcement lists mineral items" in answer.reason


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"form": "powder"}, "form"),
        ({"form": "oxide", "content": {"Dy": "120%"}}, "content['Dy']"),
        ({"form": "oxide", "content": {"Dy": "0.6", "Tb": "0.6"}}, "content"),
        ({"form": "oxide", "content": "Dy"}, "content"),
        ({"form": "oxide", "content": {"Dy": float("nan")}}, "content['Dy']"),
        ({"form": "oxide", "content": ["Dy", "dysprosium"]}, "content['Dy']"),
        ({"form": "metal", "product_class": "compound"}, "product_class"),
        ({"form": "technology", "product_class": "compound"}, "product_class"),
        ({"form": "oxide", "customs_code": "2846.9"}, "customs_code"),
        ({"form": "oxide", "product_class": "gem"}, "product_class"),
    ],
)
def test_bad_items_are_refused_naming_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        ExportItem(**fields)
    assert raised.value.field == field


def test_an_unknown_element_is_refused() -> None:
    with pytest.raises(UnknownElementError, match="Fe"):
        ExportItem(form="ndfeb_magnet", content={"Fe": "0.6"})


def test_an_item_from_a_product() -> None:
    oxide = Product(name="Y oxide", product_class="compound", form="oxide", elements=["Y"])
    assert ExportItem.from_product(oxide) == Y_OXIDE
    magnet = Product(
        name="N52", product_class="downstream_goods", form="NdFeB magnet", elements=["Nd", "Tb"]
    )
    assert ExportItem.from_product(magnet).form is ItemForm.NDFEB_MAGNET
    carbonate = Product(name="Dy carbonate", product_class="compound", customs_code="28469043")
    item = ExportItem.from_product(carbonate)
    assert (item.form, item.contained_elements()) == (ItemForm.COMPOUND, frozenset({Element.Dy}))
    odd = Product(name="Oxide ore", product_class="mineral_product", form="oxide", elements=["Dy"])
    assert ExportItem.from_product(odd).form is ItemForm.MINERAL
    with pytest.raises(InvalidInputError, match="product"):
        ExportItem.from_product("Y oxide")  # type: ignore[arg-type]


def test_an_item_from_a_customs_code() -> None:
    item = ExportItem.from_customs_code("2846.90.15")
    assert (item.form, item.contained_elements(), item.product_class) == (
        ItemForm.OXIDE,
        frozenset({Element.Dy}),
        ProductClass.COMPOUND,
    )
    assert ExportItem.from_customs_code("8505111000").form is ItemForm.MAGNET
    assert ExportItem.from_customs_code("28469019").content is None
    with pytest.raises(InvalidInputError, match="shipped"):
        ExportItem.from_customs_code("28469099")


def test_item_to_dict_round_trips_the_content() -> None:
    assert DY_MAGNET.to_dict() == {
        "form": "ndfeb_magnet",
        "product_class": "downstream_goods",
        "content": {"Nd": "0.29", "Dy": "contains"},
        "customs_code": None,
    }
    assert ExportItem(**{**DY_MAGNET.to_dict(), "form": "ndfeb_magnet"}) == DY_MAGNET


# --- the shipped data -----------------------------------------------------------------------


def test_control_code_numbers_are_confirmed_or_inferred_as_the_sources_say() -> None:
    codes = export_control_data().control_codes
    inferred = {code for code, entry in codes.items() if entry.number_status == "inferred"}
    assert inferred == {"1C905", "1C906", "1C907", "1C908", "1C913"}
    assert [codes[c].element for c in ("1C902", "1C903", "1C904")] == [
        Element.Sm,
        Element.Gd,
        Element.Tb,
    ]
    assert {codes[c].instrument for c in ("1C909", "1C910", "1C911", "1C912", "1C913")} == {
        EXPORT_CONTROL_57_2025
    }
    assert codes["1E902"].instrument is EXPORT_CONTROL_62_2025


def test_every_customs_mapping_is_marked_and_inferred_codes_make_inferred_pairs() -> None:
    data = export_control_data()
    assert data.customs_mapping
    for entry in data.customs_mapping:
        assert entry.status in {"confirmed", "inferred"}
        assert entry.basis
        if data.control_codes[entry.control_code].number_status == "inferred":
            assert entry.status == "inferred"
        if entry.status == "confirmed":
            assert entry.customs_code in data.reference_customs_codes["export-control-18-2025"]
    assert [m.status for m in customs_mappings("2805301910")] == [
        "confirmed",
        "confirmed",
        "inferred",
    ]
    assert customs_mappings("28461010") == ()


def test_an_answer_lists_the_mapping_of_its_customs_code() -> None:
    answer = export_licence_required(ExportItem.from_customs_code("28469015"), on=date(2025, 6, 1))
    assert answer.status is REQUIRED
    assert [(m.control_code, m.status) for m in answer.customs_mappings] == [("1C905", "inferred")]
    assert json.loads(json.dumps(answer.to_dict()))["customs_mappings"] == [
        {"control_code": "1C905", "status": "inferred"}
    ]


def test_the_data_names_its_sources() -> None:
    data = export_control_data()
    assert any("No. 70" in source for source in data.sources)
    assert "inferred" in data.limitations


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="item"):
        export_licence_required("Y oxide", on=date(2025, 6, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="on"):
        export_licence_required(Y_OXIDE, on="2025-06-01")  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------


@given(
    export_items(),
    st.dates(CONTROLS_ENCODED_FROM, date(2030, 12, 31)),
)
def test_every_answer_is_one_of_three_and_honest_about_why(item: ExportItem, on: date) -> None:
    answer = export_licence_required(item, on=on)
    assert answer.on == on
    if answer.status is REQUIRED:
        assert answer.control_codes
        assert answer.instrument is not None
        assert answer.instrument.status(on) is InstrumentStatus.IN_FORCE
    elif answer.status is UNDETERMINED:
        assert answer.reason.startswith("undetermined, because")
    else:
        assert answer.reason.startswith("not required")
    if on > knowledge_horizon():
        # Past the horizon nothing is said to be suspended.
        assert "suspended" not in answer.reason
    json.dumps(answer.to_dict())
