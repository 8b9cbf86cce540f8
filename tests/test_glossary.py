"""The glossary (docs/glossary.md) is the single source of the Chinese terms; hold it to the law.

Each term of the instruments must appear, word for word, in the Chinese text of the article
the glossary names, as the package ships it; and the catalogue must use the glossary's
Chinese for the activities the rules name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rare_earth_regs.legal import Citation, cited_article
from rare_earth_regs.model.activities import Activity

GLOSSARY = Path(__file__).parent.parent / "docs" / "glossary.md"
_ROW = re.compile(r"\| (?P<english>[^|]+?) \| (?P<chinese>[^|]+?) \| (?P<where>[^|]+?) \|")


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        found = _ROW.fullmatch(line.strip())
        if found and found["where"] not in ("Where", "---"):
            rows.append((found["english"], found["chinese"], found["where"]))
    return rows


ROWS = _rows()
LAW = [row for row in ROWS if row[2] != "library"]


def test_the_glossary_has_the_terms_of_the_instruments_and_of_the_library() -> None:
    assert len(LAW) >= 30
    assert len(ROWS) - len(LAW) >= 15
    english = [row[0] for row in ROWS]
    assert len(english) == len(set(english)), "a term is listed twice"


@pytest.mark.parametrize(("english", "chinese", "where"), LAW, ids=[row[0] for row in LAW])
def test_each_term_appears_in_the_article_it_names(english: str, chinese: str, where: str) -> None:
    text = cited_article(Citation.from_key(where)).text_zh
    assert chinese in text, f"{english}: {chinese} not in {where}"


def test_the_activities_read_as_the_glossary_writes_them() -> None:
    terms = {row[0]: row[1] for row in ROWS}
    assert Activity.MINING.term.render("zh") == terms["mining (rare earth mining)"]
    assert (
        Activity.SMELTING_SEPARATION.term.render("zh")
        == terms["rare earth smelting and separation"]
    )
    assert (
        Activity.COMPREHENSIVE_UTILIZATION.term.render("zh")
        == "稀土" + terms["comprehensive utilization"]
    )
    assert Activity.EXPORT.term.render("zh") == terms["export of rare earth products"]
