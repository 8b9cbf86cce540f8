"""Tests of rare_earth_regs.legal: instruments and their dates, citations, shipped article texts."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import attrs
import pytest

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.legal import (
    INSTRUMENTS,
    INVOICE_RULES_2012,
    INVOICE_RULES_2019,
    ORDER_71_MONTHLY_REPORTING,
    ORDER_71_NEXT_YEAR_REDUCTION,
    REGULATIONS_2024,
    TOTAL_CONTROL_MEASURES_2025,
    TRACEABILITY_MEASURES_DRAFT_2025,
    Article,
    Citation,
    Instrument,
    article,
    articles,
    chinese_numeral,
    cited_article,
    instrument,
)

REGULATIONS_ARTICLES = (2, 8, 10, 11, 13, 14, 15, 20, 21, 22, 23, 24, 25, 26, 27, 29, 30)

# --- instruments -------------------------------------------------------------------------------


def test_every_instrument_is_registered_under_its_slug() -> None:
    assert set(INSTRUMENTS) == {
        "regulations-2024",
        "total-control-measures-2025",
        "invoice-rules-2012",
        "invoice-rules-2019",
        "traceability-measures-draft-2025",
        "export-control-18-2025",
        "export-control-57-2025",
        "export-control-61-2025",
        "export-control-62-2025",
        "export-control-70-2025",
    }
    for slug, item in INSTRUMENTS.items():
        assert item.slug == slug
        assert instrument(slug) is item


def test_instruments_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        INSTRUMENTS["x"] = REGULATIONS_2024  # type: ignore[index]


def test_regulations_dates() -> None:
    assert REGULATIONS_2024.promulgated == date(2024, 6, 22)
    assert REGULATIONS_2024.published == date(2024, 6, 29)
    assert REGULATIONS_2024.in_force_from == date(2024, 10, 1)
    assert REGULATIONS_2024.in_force_until is None
    assert REGULATIONS_2024.number == "State Council Decree No. 785"
    assert REGULATIONS_2024.title_zh == "稀土管理条例"
    assert REGULATIONS_2024.article_count == 32
    assert not REGULATIONS_2024.is_draft


def test_order_71_keeps_publication_apart_from_entry_into_force() -> None:
    # Policy P2: in force from promulgation, made public almost four weeks later.
    assert TOTAL_CONTROL_MEASURES_2025.promulgated == date(2025, 7, 28)
    assert TOTAL_CONTROL_MEASURES_2025.in_force_from == date(2025, 7, 28)
    assert TOTAL_CONTROL_MEASURES_2025.published == date(2025, 8, 22)
    assert TOTAL_CONTROL_MEASURES_2025.short_title == "Order No. 71"
    assert TOTAL_CONTROL_MEASURES_2025.is_in_force(date(2025, 8, 1))


def test_invoice_rules_dates() -> None:
    assert INVOICE_RULES_2012.in_force_from == date(2012, 6, 1)
    assert INVOICE_RULES_2019.in_force_from == date(2019, 6, 1)
    assert "2012 No. 17" in INVOICE_RULES_2012.number
    assert "2019 No. 13" in INVOICE_RULES_2019.number


def test_traceability_draft_dates() -> None:
    draft = TRACEABILITY_MEASURES_DRAFT_2025
    assert draft.is_draft
    assert draft.published == date(2025, 2, 19)
    assert draft.comments_until == date(2025, 3, 21)
    assert draft.in_force_from is None


@pytest.mark.parametrize(
    ("item", "day_before", "first_day"),
    [
        (REGULATIONS_2024, date(2024, 9, 30), date(2024, 10, 1)),
        (TOTAL_CONTROL_MEASURES_2025, date(2025, 7, 27), date(2025, 7, 28)),
        (INVOICE_RULES_2012, date(2012, 5, 31), date(2012, 6, 1)),
        (INVOICE_RULES_2019, date(2019, 5, 31), date(2019, 6, 1)),
    ],
)
def test_in_force_from_the_first_day_inclusive(
    item: Instrument, day_before: date, first_day: date
) -> None:
    assert not item.is_in_force(day_before)
    assert item.is_in_force(first_day)


@pytest.mark.parametrize(
    "day", [date(2025, 2, 19), date(2025, 3, 21), date(2025, 3, 22), date(2099, 1, 1)]
)
def test_draft_is_never_in_force(day: date) -> None:
    assert not TRACEABILITY_MEASURES_DRAFT_2025.is_in_force(day)


def test_in_force_until_is_inclusive() -> None:
    repealed = attrs.evolve(INVOICE_RULES_2012, in_force_until=date(2019, 5, 31))
    assert repealed.is_in_force(date(2019, 5, 31))
    assert not repealed.is_in_force(date(2019, 6, 1))


def test_is_in_force_refuses_a_datetime() -> None:
    moment = datetime(2024, 10, 1, tzinfo=timezone(timedelta(hours=8)))
    with pytest.raises(InvalidInputError) as caught:
        REGULATIONS_2024.is_in_force(moment)
    assert caught.value.field == "on"


def test_instrument_invariants() -> None:
    with pytest.raises(InvalidInputError, match="in_force_from"):
        attrs.evolve(TRACEABILITY_MEASURES_DRAFT_2025, in_force_from=date(2025, 6, 1))
    with pytest.raises(InvalidInputError, match="in_force_until"):
        attrs.evolve(REGULATIONS_2024, in_force_until=date(2024, 9, 1))
    with pytest.raises(InvalidInputError, match="slug"):
        attrs.evolve(REGULATIONS_2024, slug="Regulations 2024")


def test_unknown_instrument() -> None:
    with pytest.raises(InvalidInputError) as caught:
        instrument("regulations-2023")
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.field == "instrument"
    assert error.value == "regulations-2023"
    assert error.accepted.startswith("one of: regulations-2024")


def test_instrument_is_frozen_and_slotted() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        REGULATIONS_2024.slug = "other"  # type: ignore[misc]
    assert not hasattr(REGULATIONS_2024, "__dict__")


# --- Chinese numerals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (14, "十四"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (22, "二十二"),
        (25, "二十五"),
        (30, "三十"),
        (32, "三十二"),
        (39, "三十九"),
        (40, "四十"),
        (99, "九十九"),
    ],
)
def test_chinese_numeral(number: int, expected: str) -> None:
    assert chinese_numeral(number) == expected


def test_chinese_numerals_match_the_regulations_article_labels() -> None:
    # The official text labels its articles 第一条 … 第三十二条; every label is distinct.
    labels = [chinese_numeral(n) for n in range(1, 100)]
    assert len(set(labels)) == 99
    assert all("〇" not in label and not label.startswith("一十") for label in labels)


@pytest.mark.parametrize("bad", [0, -1, 100, True, 1.0, "3"])
def test_chinese_numeral_rejects(bad: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        chinese_numeral(bad)  # type: ignore[arg-type]
    assert caught.value.field == "number"


# --- citations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citation", "en", "zh", "key"),
    [
        (
            Citation(REGULATIONS_2024, 14, 2),
            "Regulations 2024, art. 14(2)",
            "《稀土管理条例》第十四条第二款",
            "regulations-2024:14(2)",
        ),
        (
            Citation(REGULATIONS_2024, 22, item=1),
            "Regulations 2024, art. 22, item (1)",
            "《稀土管理条例》第二十二条第（一）项",
            "regulations-2024:22[1]",
        ),
        (
            Citation(REGULATIONS_2024, 14, 2, 1),
            "Regulations 2024, art. 14(2), item (1)",
            "《稀土管理条例》第十四条第二款第（一）项",
            "regulations-2024:14(2)[1]",
        ),
        (
            Citation(REGULATIONS_2024, 30),
            "Regulations 2024, art. 30",
            "《稀土管理条例》第三十条",
            "regulations-2024:30",
        ),
        (
            Citation(REGULATIONS_2024, 32),
            "Regulations 2024, art. 32",
            "《稀土管理条例》第三十二条",
            "regulations-2024:32",
        ),
        (
            Citation(REGULATIONS_2024),
            "Regulations 2024",
            "《稀土管理条例》",
            "regulations-2024",
        ),
        (
            Citation(TOTAL_CONTROL_MEASURES_2025, clause="monthly flow reporting by the 10th"),
            "Order No. 71, monthly flow reporting by the 10th",
            "《稀土开采和稀土冶炼分离总量调控管理暂行办法》",
            "total-control-measures-2025:monthly-reporting",
        ),
    ],
)
def test_citation_forms(citation: Citation, en: str, zh: str, key: str) -> None:
    assert citation.en == en
    assert str(citation) == en
    assert citation.zh == zh
    assert citation.key == key
    assert Citation.from_key(key) == citation


def test_citation_accepts_a_slug() -> None:
    assert Citation("regulations-2024", 14, 2) == Citation(REGULATIONS_2024, 14, 2)


def test_citation_to_dict() -> None:
    assert Citation(REGULATIONS_2024, 14, 2).to_dict() == {
        "key": "regulations-2024:14(2)",
        "instrument": "regulations-2024",
        "article": 14,
        "paragraph": 2,
        "item": None,
        "clause": None,
        "en": "Regulations 2024, art. 14(2)",
        "zh": "《稀土管理条例》第十四条第二款",
    }


def test_clause_with_an_article_is_appended_in_english_only() -> None:
    citation = Citation(TOTAL_CONTROL_MEASURES_2025, 3, clause="import inclusion")
    assert citation.en == "Order No. 71, art. 3, import inclusion"
    assert citation.zh == "《稀土开采和稀土冶炼分离总量调控管理暂行办法》第三条"
    assert citation.key == "total-control-measures-2025:3"


def test_unshipped_clause_key_is_its_description_in_lower_case() -> None:
    citation = Citation(TOTAL_CONTROL_MEASURES_2025, clause="Quota execution, county level")
    assert citation.key == "total-control-measures-2025:quota-execution-county-level"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"article": 0}, "article"),
        ({"article": -3}, "article"),
        ({"article": 100}, "article"),
        ({"article": True}, "article"),
        ({"article": "14"}, "article"),
        ({"article": 14.0}, "article"),
        ({"article": 33}, "article"),  # the Regulations have 32 articles
        ({"article": 14, "paragraph": 0}, "paragraph"),
        ({"article": 14, "paragraph": "2"}, "paragraph"),
        ({"article": 22, "item": -1}, "item"),
        ({"paragraph": 2}, "paragraph"),
        ({"item": 1}, "item"),
        ({"clause": ""}, "clause"),
        ({"clause": " padded "}, "clause"),
        ({"clause": "two\nlines"}, "clause"),
        ({"clause": "月报"}, "clause"),
        ({"clause": "x" * 121}, "clause"),
        ({"clause": 7}, "clause"),
    ],
)
def test_bad_citation_fields_raise_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Citation(REGULATIONS_2024, **kwargs)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == field


def test_citation_of_unknown_instrument() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Citation("regulations-2023", 14)
    assert caught.value.field == "instrument"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "regulations-2024:",
        "regulations-2024:0",
        "regulations-2024:14(0)",
        "regulations-2024:14 (2)",
        "regulations-2024:no-such-clause",
        "total-control-measures-2025:monthly flow reporting by the 10th",
    ],
)
def test_from_key_rejects(key: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Citation.from_key(key)
    assert caught.value.field == "key"


def test_from_key_unknown_instrument() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Citation.from_key("regulations-2023:14")
    assert caught.value.field == "instrument"


def test_citations_are_hashable_and_equal_by_value() -> None:
    assert len({Citation(REGULATIONS_2024, 14, 2), Citation("regulations-2024", 14, 2)}) == 1


@pytest.mark.parametrize(
    "value",
    [
        REGULATIONS_2024,
        TRACEABILITY_MEASURES_DRAFT_2025,
        Citation(REGULATIONS_2024, 14, 2, 1),
        ORDER_71_MONTHLY_REPORTING,
    ],
)
def test_pickle_round_trip(value: Instrument | Citation) -> None:
    assert pickle.loads(pickle.dumps(value)) == value


# --- article texts -----------------------------------------------------------------------------


def test_regulations_articles_ship_in_article_order() -> None:
    shipped = articles(REGULATIONS_2024)
    assert tuple(entry.number for entry in shipped) == REGULATIONS_ARTICLES
    assert articles("regulations-2024") == shipped


@pytest.mark.parametrize("slug", list(INSTRUMENTS))
def test_every_shipped_entry_loads(slug: str) -> None:
    for entry in articles(slug):
        assert isinstance(entry, Article)
        assert entry.instrument == slug
        assert entry.gloss_en
        assert entry.heading_en
        assert entry.source_url.startswith("https://")
        assert (entry.number is None) != (entry.clause is None)
        if entry.verbatim:
            assert entry.number is not None
            assert entry.paragraphs
            # The structure is a split of the text, nothing added or lost.
            assert sorted(entry.text_zh.splitlines()) == sorted(entry.paragraphs + entry.items)
        else:
            assert entry.paragraphs == ()
            assert entry.items == ()
        if entry.number is not None:
            assert article(slug, entry.number) is entry
            assert cited_article(Citation(slug, entry.number)) is entry


def test_regulations_texts_are_verbatim_and_from_gov_cn() -> None:
    for entry in articles(REGULATIONS_2024):
        assert entry.verbatim
        assert entry.source_url == REGULATIONS_2024.source_url
        assert "第" not in entry.text_zh[:2]  # the article label is not part of the text


def test_regulations_paragraph_and_item_structure() -> None:
    assert len(article(REGULATIONS_2024, 14).paragraphs) == 2
    assert article(REGULATIONS_2024, 14).paragraph(2).startswith("从事稀土开采、冶炼分离")
    assert len(article(REGULATIONS_2024, 30).paragraphs) == 6
    art22 = article(REGULATIONS_2024, 22)
    assert len(art22.paragraphs) == 1
    assert art22.items == (
        "（一）稀土冶炼分离企业之外的组织和个人从事冶炼分离；",
        "（二）稀土综合利用企业以稀土矿产品为原料从事生产活动。",
    )
    assert len(article(REGULATIONS_2024, 20).items) == 2


def test_regulations_penalty_text_quotes_the_thresholds() -> None:
    # Spot checks of the figures the penalty rules encode (the penalty table of arts. 21-26).
    assert "没有违法所得或者违法所得不足50万元的，并处100万元以上500万元以下的罚款" in (
        article(REGULATIONS_2024, 21).text_zh
    )
    assert "并处200万元以上500万元以下的罚款" in article(REGULATIONS_2024, 22).text_zh
    assert "并处50万元以上200万元以下的罚款" in article(REGULATIONS_2024, 23).text_zh
    assert "对企业处5万元以上20万元以下的罚款" in article(REGULATIONS_2024, 25).text_zh
    assert "对企业处2万元以上10万元以下的罚款" in article(REGULATIONS_2024, 26).text_zh


def test_citation_article_text() -> None:
    assert Citation(REGULATIONS_2024, 22, item=2).article_text() == (
        "（二）稀土综合利用企业以稀土矿产品为原料从事生产活动。"
    )
    assert Citation(REGULATIONS_2024, 11, 2).article_text() == (
        "稀土综合利用企业不得以稀土矿产品为原料从事生产活动。"
    )
    assert Citation(REGULATIONS_2024, 13).article_text() == article(REGULATIONS_2024, 13).text_zh


def test_article_text_of_missing_paragraph_or_item() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Citation(REGULATIONS_2024, 14, 3).article_text()
    assert caught.value.field == "paragraph"
    with pytest.raises(InvalidInputError) as caught:
        Citation(REGULATIONS_2024, 14, item=1).article_text()
    assert caught.value.field == "item"


def test_order_71_entries() -> None:
    shipped = articles(TOTAL_CONTROL_MEASURES_2025)
    assert [entry.number for entry in shipped] == [2, 3, 5, 6, None, None]
    assert [entry.verbatim for entry in shipped] == [True, True, True, False, False, False]
    assert "独居石精矿" in article(TOTAL_CONTROL_MEASURES_2025, 3).text_zh
    assert "进口" in article(TOTAL_CONTROL_MEASURES_2025, 3).text_zh
    assert "氟碳铈矿" in article(TOTAL_CONTROL_MEASURES_2025, 2).paragraph(1)
    assert "报国务院批准" in article(TOTAL_CONTROL_MEASURES_2025, 5).text_zh


@pytest.mark.parametrize(
    ("citation", "clause", "text_zh"),
    [
        (ORDER_71_MONTHLY_REPORTING, "monthly-reporting", "每月10日前"),
        (
            Citation(TOTAL_CONTROL_MEASURES_2025, clause="monthly-reporting"),
            "monthly-reporting",
            "每月10日前",
        ),
        (
            Citation(TOTAL_CONTROL_MEASURES_2025, clause="Monthly flow reporting by the 10th"),
            "monthly-reporting",
            "每月10日前",
        ),
        (ORDER_71_NEXT_YEAR_REDUCTION, "next-year-reduction", ""),
    ],
)
def test_clause_citations_resolve_to_shipped_entries(
    citation: Citation, clause: str, text_zh: str
) -> None:
    entry = cited_article(citation)
    assert entry.clause == clause
    assert entry.number is None
    assert not entry.verbatim
    assert entry.text_zh == text_zh
    assert citation.article_text() == text_zh
    assert citation.key == f"total-control-measures-2025:{clause}"


def test_named_clause_citations_render() -> None:
    assert ORDER_71_MONTHLY_REPORTING.en == "Order No. 71, monthly flow reporting by the 10th"
    assert ORDER_71_NEXT_YEAR_REDUCTION.key == "total-control-measures-2025:next-year-reduction"


def test_instruments_without_texts() -> None:
    assert articles(TRACEABILITY_MEASURES_DRAFT_2025) == ()
    # The invoice announcements ship glosses only, keyed by clause.
    shipped = articles(INVOICE_RULES_2012)
    assert [entry.clause for entry in shipped] == [
        "rare-earth-module",
        "invoice-content",
        "separate-invoices",
    ]
    assert not any(entry.verbatim for entry in shipped)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: article(REGULATIONS_2024, 1), "article"),
        (lambda: article(REGULATIONS_2024, 33), "article"),
        (lambda: article(REGULATIONS_2024, True), "article"),
        (lambda: article("regulations-2023", 14), "instrument"),
        (lambda: articles("regulations-2023"), "instrument"),
        (lambda: cited_article(Citation(REGULATIONS_2024)), "clause"),
        (lambda: cited_article(Citation(TOTAL_CONTROL_MEASURES_2025, clause="nope")), "clause"),
        (lambda: cited_article(Citation(TOTAL_CONTROL_MEASURES_2025, 4)), "article"),
    ],
)
def test_unknown_articles_raise(call: Callable[[], object], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call()
    assert caught.value.field == field


def test_unknown_article_error_lists_the_shipped_ones() -> None:
    with pytest.raises(InvalidInputError) as caught:
        article(REGULATIONS_2024, 12)
    assert "2, 8, 10, 11, 13" in caught.value.accepted
