"""The Chinese catalogue and the rendering API: complete, faithful, compiled, and used.

The catalogue (``locale/zh_CN/LC_MESSAGES/rare_earth_regs.po``) must hold exactly the
messages that extraction finds in the source, each translated, with exactly the
placeholders of its English; the compiled ``.mo`` that ships must match it.
"""

from __future__ import annotations

import io
import pickle
import re
import string
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import rare_earth_regs.cli
import rare_earth_regs.serialization
from expect import leaf_strings, untranslated_words
from rare_earth_regs.exceptions import (
    ComplianceError,
    FieldError,
    InvalidDocumentError,
    InvalidInputError,
    NotInForceError,
)
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.locale import (
    TEMPLATES,
    Message,
    and_list,
    define,
    language,
    language_from_environ,
    phrase,
    translate,
)
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.rules import RULES, flow_report_due_date
from rare_earth_regs.serialization import loads_report

LOCALE = Path(rare_earth_regs.locale.__file__).parent
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "rare_earth_regs.po"
MO = PO.with_suffix(".mo")
SOURCE = Path(__file__).parent.parent / "src"
METHOD = [("rare_earth_regs/**.py", "rare_earth_regs.locale.extract.extract_messages")]

# every module defines its messages on import
assert rare_earth_regs.cli
assert rare_earth_regs.serialization


def _catalogue() -> dict[tuple[str | None, str], str]:
    with PO.open("rb") as stream:
        catalog = read_po(stream)
    assert not catalog.obsolete, "obsolete entries: run pybabel update with --ignore-obsolete"
    entries = {}
    for message in catalog:
        if message.id:
            assert isinstance(message.id, str)
            assert "fuzzy" not in message.flags, f"fuzzy translation: {message.id!r}"
            entries[(message.context, message.id)] = str(message.string)
    return entries


CATALOGUE = _catalogue()


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_catalogue_holds_exactly_the_messages_of_the_source() -> None:
    extracted = {
        (context, message) for _, _, message, _, context in extract_from_dir(str(SOURCE), METHOD)
    }
    assert not extracted - set(CATALOGUE), "not in the catalogue: run the extraction steps"
    assert not set(CATALOGUE) - extracted, "no longer in the source: run pybabel update"


@pytest.mark.parametrize("key", sorted(CATALOGUE, key=str), ids=lambda key: key[0] or key[1][:40])
def test_every_message_has_a_chinese_translation_with_its_placeholders(
    key: tuple[str | None, str],
) -> None:
    english, chinese = key[1], CATALOGUE[key]
    assert chinese, f"untranslated: {english!r}"
    if re.search("[A-Za-z]", re.sub(r"\{[a-z_]+\}", "", english)):
        assert chinese != english  # only a frame of placeholders reads the same
    assert _placeholders(chinese) == _placeholders(english)


def test_every_shipped_export_listing_description_is_catalogued() -> None:
    from rare_earth_regs.export_controls.controls import (
        LISTING_DESCRIPTIONS,
        export_control_data,
    )

    shipped = {listing.description for listing in export_control_data().listings}
    assert shipped == set(LISTING_DESCRIPTIONS)
    assert all((None, description) in CATALOGUE for description in shipped)


def test_every_defined_message_is_catalogued_with_its_english() -> None:
    for message_id, template in TEMPLATES.items():
        if message_id in ("phrase", "bilingual") or message_id.startswith("example."):
            continue  # a phrase is catalogued by its text; example ids are for docs and tests
        assert (message_id, template.english) in CATALOGUE, message_id


def test_the_compiled_catalogue_that_ships_matches_the_po_file() -> None:
    with PO.open("rb") as stream:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(stream))
    compiled.seek(0)
    fresh = GNUTranslations(compiled)
    with MO.open("rb") as stream:
        shipped = GNUTranslations(stream)
    assert shipped._catalog == fresh._catalog  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_chinese_title_and_summary(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.title
    assert rule.summary
    for english, chinese in (
        (rule.title, rule.title_in("zh")),
        (rule.summary, rule.summary_in("zh")),
    ):
        assert chinese != english
        assert untranslated_words(chinese) == [], chinese
    assert rule.title_in("en") == rule.title


# --- the rendering API ---------------------------------------------------------------------

EXAMPLE = define("example.reported", "{enterprise} reports {activity} output")


def test_a_message_renders_in_either_language_and_round_trips_as_a_dict() -> None:
    message = EXAMPLE(enterprise="Example Mining Co.", activity=Activity.MINING.term)
    assert message.render("en") == "Example Mining Co. reports mining output"
    assert str(message) == message.render()
    assert message.to_dict() == {
        "id": "example.reported",
        "params": {
            "enterprise": "Example Mining Co.",
            "activity": {"id": "activity.mining", "params": {}},
        },
    }
    assert Message.from_dict(message.to_dict()) == message
    assert pickle.loads(pickle.dumps(message)) == message
    # the nested term is translated; the example's own frame has no catalogue entry
    assert message.render("zh") == "Example Mining Co. reports 稀土开采 output"


def test_a_template_takes_exactly_its_placeholders() -> None:
    with pytest.raises(AssertionError, match="do not match"):
        EXAMPLE(enterprise="x")
    with pytest.raises(AssertionError, match="defined twice"):
        define("example.reported", "other English")


def test_lists_join_as_each_language_does() -> None:
    terms = [Activity.MINING.term, Activity.EXPORT.term, Activity.METAL_SMELTING.term]
    listed = and_list(terms)
    assert isinstance(listed, Message)
    assert listed.render("en") == "mining, export and metal smelting"
    assert listed.render("zh") == "稀土开采、稀土产品出口和稀土金属冶炼"
    assert and_list(["only"]) == "only"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh", "zh"),
        ("zh_CN", "zh"),
        ("zh-Hans", "zh"),
        ("ZH_cn.UTF-8", "zh"),
        ("en", "en"),
        ("en_GB", "en"),
    ],
)
def test_language_names(value: str, expected: str) -> None:
    assert language(value) == expected


@pytest.mark.parametrize("value", ["fr", "", "C", None, 1, "chinese"])
def test_an_unknown_language_is_bad_input_naming_lang(value: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        language(value)
    assert info.value.field == "lang"
    assert info.value.message_in("zh") == f"lang：收到 {value!r}；应为'en' 或 'zh'"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "zh_CN.GB18030"}, "zh"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "xx_YY.bogus"}, "en"),
        ({}, "en"),
    ],
)
def test_the_locale_environment_decides_the_command_line_language(
    environ: dict[str, str], expected: str
) -> None:
    assert language_from_environ(environ) == expected


def test_a_phrase_not_in_the_catalogue_stays_english() -> None:
    assert translate("no such phrase", "zh") == "no such phrase"
    assert phrase("True or False").render("zh") == "True 或 False"


# --- findings and errors in Chinese ----------------------------------------------------------


def _finding() -> Finding:
    from rare_earth_regs.rules.reporting import ENTERED_LATE

    return Finding(
        rule_id="RPT001",
        severity=Severity.VIOLATION,
        message=ENTERED_LATE(
            enterprise="Example Separation Co.",
            month="2025-09",
            submitted="2025-10-13",
            days_late=3,
            due_date="2025-10-10",
        ),
    )


def test_a_finding_keeps_its_message_id_and_renders_in_chinese() -> None:
    finding = _finding()
    assert finding.message_id == "RPT001.entered-late"
    assert finding.params["days_late"] == 3
    assert finding.message == (
        "Example Separation Co.'s flow report for 2025-09 was entered on 2025-10-13 (Beijing "
        "time), 3 day(s) after its due date 2025-10-10"
    )
    assert finding.message_in("zh") == (
        "Example Separation Co. 2025-09 的稀土产品流向报告于2025-10-13（北京时间）录入稀土产品"
        "追溯信息系统，晚于截止日期 2025-10-10 3 天"
    )
    english, chinese = finding.to_dict(), finding.to_dict("zh")
    assert english["message"] == finding.message
    assert english["lang"] == "en"
    assert chinese["message"] == finding.message_in("zh")
    assert chinese["lang"] == "zh"
    assert chinese["message_id"] == english["message_id"] == "RPT001.entered-late"
    assert chinese["params"] == english["params"]
    assert chinese["params"]["due_date"] == "2025-10-10"  # dates stay ISO
    assert pickle.loads(pickle.dumps(finding)) == finding


def test_a_finding_needs_a_catalogued_message() -> None:
    with pytest.raises(InvalidInputError) as info:
        Finding(rule_id="RPT001", severity=Severity.VIOLATION, message="plain text")  # type: ignore[arg-type]
    assert info.value.field == "message"


def test_findings_to_json_in_chinese() -> None:
    found = Findings([_finding()])
    assert "晚于截止日期" in found.to_json(lang="zh")
    assert found.to_dicts("zh")[0]["lang"] == "zh"
    with pytest.raises(ComplianceError) as info:
        found.raise_for_violations()
    assert info.value.message_in("zh").startswith("RPT001：Example Separation Co. 2025-09 的")


def test_an_error_renders_in_chinese_with_the_same_field_path() -> None:
    with pytest.raises(InvalidDocumentError) as info:
        loads_report(
            '{"format": "rare_earth_regs/flow-report", "version": 1, "month": "2025-13", '
            '"enterprise": {"uscc": "x", "name": "Example Co."}, "products": {}, "lines": []}',
            source="report.json",
        )
    error = info.value
    english, chinese = str(error), error.message_in("zh")
    assert english.startswith("report.json: ")
    assert chinese.startswith("report.json：")
    for field_error in error.errors:
        assert field_error.path in chinese
        assert field_error.message_in("zh").startswith(f"{field_error.path}：")
    data = [value for item in error.errors for value in leaf_strings(item.detail)]
    data += [item.path for item in error.errors]
    assert untranslated_words(chinese, [*data, "report.json"]) == [], chinese
    assert pickle.loads(pickle.dumps(error)).message_in("zh") == chinese


def test_a_not_in_force_error_renders_in_chinese() -> None:
    with pytest.raises(NotInForceError) as info:
        flow_report_due_date("2025-06")
    chinese = info.value.message_in("zh")
    assert chinese.startswith("月份 2025-06：")
    assert "政策 P2" in chinese
    assert pickle.loads(pickle.dumps(info.value)).message_in("zh") == chinese


def test_a_field_error_keeps_a_plain_english_message() -> None:
    plain = FieldError("$.x", "something odd")
    assert plain.message == "something odd"
    assert plain.message_in("zh") == "$.x：something odd"
