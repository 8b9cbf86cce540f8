"""Article texts shipped with the library: the Chinese text next to an English gloss.

The texts are package data, one TOML file per instrument under ``texts/``, read with
:mod:`tomllib` through :mod:`importlib.resources` on first use. Each entry is an
:class:`Article`:

* ``text_zh`` is the official Chinese text when ``verbatim`` is true, copied word for word from
  the source (official texts of Chinese laws and regulations are not protected by copyright).
  When ``verbatim`` is false the library does not hold the official wording: ``text_zh`` is
  empty or holds only a short phrase quoted by the sources, and ``gloss_en`` describes the
  provision. The library never writes Chinese legal text of its own.
* ``gloss_en`` is a short English gloss written for the library, not an official translation.
* ``paragraphs`` (款) and ``items`` (项) are the lines of a verbatim ``text_zh``: a line that
  opens with （一）, （二） … is an item, any other line a paragraph.

Shipped:

* Rare Earth Management Regulations (``regulations-2024``): articles 2, 8, 10, 11, 13, 14, 15,
  20, 21, 22, 23, 24, 25, 26, 27, 29 and 30, all verbatim. Source:
  https://www.gov.cn/zhengce/content/202406/content_6960153.htm (the copy was taken from the
  mirror of the official text in the GitHub repository LawRefBook/Laws).
* Order No. 71 (``total-control-measures-2025``): articles 2, 3 and 5 verbatim (the MIIT text of
  2025-08-22, reprinted in full at https://www.kankanews.com/detail/DgwMVGqX82W); article 6 and
  two provisions whose article number is not confirmed, as glosses only (``verbatim`` false).
  Those two are keyed by ``clause``: ``"monthly-reporting"`` (flow information by the 10th of
  each month, 每月10日前) and ``"next-year-reduction"`` (next year's indicator reduced after an
  administrative penalty).

Limitations:
    Items are numbered through the article; every shipped article with items has them in a
    single paragraph. No text is shipped for the traceability draft: :func:`articles` returns
    an empty tuple for it. The five export-control announcements of 2025 (Nos. 18, 57, 61, 62,
    70) ship one clause entry each and the two invoice announcements (SAT 2012 No. 17, 2019
    No. 13) two or three, all English glosses only (``verbatim`` false), keyed by clause.

>>> article("regulations-2024", 11).paragraph(2)
'稀土综合利用企业不得以稀土矿产品为原料从事生产活动。'
>>> [entry.number for entry in articles("regulations-2024")][:4]
[2, 8, 10, 11]
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources
from typing import Any

import attrs

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.legal.instruments import Instrument, instrument
from rare_earth_regs.locale import define

PART_RANGE = define("accepted.part-range", "1 to {count} ({instrument}, {where})")
NO_PART = define("accepted.no-part", "a {part} of {instrument}, {where}; it has none shipped")
SHIPPED_ARTICLE = define("accepted.shipped-article", "a shipped article of {instrument}: {shipped}")

__all__ = ["Article", "article", "articles", "clause_entry"]

# An item line opens with a Chinese numeral in full-width parentheses: （一）, （十二）.
_ITEM_LINE = re.compile(r"（[一二三四五六七八九十]+）")


@attrs.frozen(kw_only=True)
class Article:
    """One shipped provision: an article, or a clause whose article number is not confirmed.

    Attributes:
        instrument: slug of the instrument, e.g. ``"regulations-2024"``.
        number: article number; ``None`` for a clause entry.
        clause: stable key of a clause entry (e.g. ``"monthly-reporting"``); ``None`` otherwise.
        heading_en: a few English words naming the provision.
        text_zh: the Chinese text, one line per paragraph or item (see the module docstring).
        gloss_en: a short English gloss, not an official translation.
        paragraphs: the paragraphs (款) of a verbatim text, in order.
        items: the items (项) of a verbatim text, in order.
        verbatim: ``text_zh`` is the official text, copied word for word.
        source_url: where the text was taken from.
    """

    instrument: str
    number: int | None
    clause: str | None = None
    heading_en: str
    text_zh: str
    gloss_en: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    verbatim: bool
    source_url: str

    def paragraph(self, number: int) -> str:
        """Return paragraph (款) ``number``, counted from 1.

        Raises:
            InvalidInputError: (field ``paragraph``) if the article has no such paragraph.
        """
        return _pick(self.paragraphs, number, "paragraph", self)

    def item(self, number: int) -> str:
        """Return item (项) ``number``, counted from 1, with its （一） marker.

        >>> article("regulations-2024", 22).item(2)
        '（二）稀土综合利用企业以稀土矿产品为原料从事生产活动。'

        Raises:
            InvalidInputError: (field ``item``) if the article has no such item.
        """
        return _pick(self.items, number, "item", self)


def _pick(parts: tuple[str, ...], number: int, field: str, entry: Article) -> str:
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(parts):
        where = f"art. {entry.number}" if entry.number is not None else entry.clause
        accepted = (
            PART_RANGE(count=len(parts), instrument=entry.instrument, where=where)
            if parts
            else NO_PART(part=field, instrument=entry.instrument, where=where)
        )
        raise InvalidInputError(field=field, value=number, accepted=accepted)
    return parts[number - 1]


def _structure(text_zh: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lines = [line for line in text_zh.splitlines() if line]
    items = tuple(line for line in lines if _ITEM_LINE.match(line))
    paragraphs = tuple(line for line in lines if not _ITEM_LINE.match(line))
    return paragraphs, items


def _field(entry: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind):
        # Shipped data is checked by the tests; this guards against a broken edit of a file.
        raise RuntimeError(f"{where}: {key!r} must be a {kind.__name__}, got {value!r}")
    return value


@functools.cache
def _load(slug: str) -> tuple[Article, ...]:
    path = resources.files("rare_earth_regs.legal").joinpath("texts", f"{slug}.toml")
    if not path.is_file():
        return ()
    where = f"texts/{slug}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("instrument") != slug:
        raise RuntimeError(f"{where}: 'instrument' must be {slug!r}")
    default_url = _field(data, "source_url", str, where)
    entries: list[Article] = []
    for index, entry in enumerate(_field(data, "articles", list, where)):
        at = f"{where}: articles[{index}]"
        number = entry.get("number")
        clause = entry.get("clause")
        if not (number is None or (type(number) is int and number > 0)):
            raise RuntimeError(f"{at}: 'number' must be a positive integer, got {number!r}")
        if not (clause is None or isinstance(clause, str)):
            raise RuntimeError(f"{at}: 'clause' must be a string, got {clause!r}")
        verbatim = _field(entry, "verbatim", bool, at)
        text_zh = _field(entry, "text_zh", str, at)
        if (number is None) == (clause is None) or (verbatim and number is None):
            raise RuntimeError(f"{at}: give either a number or (for a non-verbatim entry) a clause")
        paragraphs, items = _structure(text_zh) if verbatim else ((), ())
        entries.append(
            Article(
                instrument=slug,
                number=number,
                clause=clause,
                heading_en=_field(entry, "heading_en", str, at),
                text_zh=text_zh,
                gloss_en=_field(entry, "gloss_en", str, at).strip(),
                paragraphs=paragraphs,
                items=items,
                verbatim=verbatim,
                source_url=entry.get("source_url", default_url),
            )
        )
    # Article order first; clause entries (no confirmed number) follow in file order.
    numbered = sorted((e for e in entries if e.number is not None), key=lambda e: e.number or 0)
    return (*numbered, *(e for e in entries if e.number is None))


def _slug_of(instrument_or_slug: Instrument | str) -> str:
    if isinstance(instrument_or_slug, Instrument):
        return instrument_or_slug.slug
    return instrument(instrument_or_slug).slug


def articles(instrument_or_slug: Instrument | str) -> tuple[Article, ...]:
    """Every shipped entry of an instrument: articles in article order, then clause entries.

    An instrument the library knows but ships no text for gives an empty tuple.

    Raises:
        InvalidInputError: (field ``instrument``) for an unknown instrument.

    >>> articles("traceability-measures-draft-2025")
    ()
    """
    return _load(_slug_of(instrument_or_slug))


def article(instrument_or_slug: Instrument | str, number: int) -> Article:
    """Return the shipped article ``number`` of an instrument.

    Raises:
        InvalidInputError: (field ``instrument``) for an unknown instrument, or (field
            ``article``) for an article whose text is not shipped.

    >>> article("total-control-measures-2025", 3).verbatim
    True
    """
    entries = articles(instrument_or_slug)
    if not isinstance(number, bool):
        for entry in entries:
            if entry.number == number:
                return entry
    shipped = ", ".join(str(entry.number) for entry in entries if entry.number is not None)
    raise InvalidInputError(
        field="article",
        value=number,
        accepted=SHIPPED_ARTICLE(instrument=_slug_of(instrument_or_slug), shipped=shipped or "-"),
    )


def clause_entry(slug: str, clause: str) -> Article | None:
    """The clause entry whose key, or whose English heading (case aside), is ``clause``."""
    wanted = clause.casefold()
    for entry in _load(slug):
        if entry.clause is not None and wanted in (entry.clause, entry.heading_en.casefold()):
            return entry
    return None
