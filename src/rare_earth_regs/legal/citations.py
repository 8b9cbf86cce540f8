"""Citations of legal provisions, rendered in English and in Chinese.

A :class:`Citation` names an instrument and, optionally, an article, a paragraph (款) and an
item (项). Where the article number of a provision is not confirmed (Order No. 71's monthly
reporting clause), the citation names the instrument and describes the clause in English.

Forms: the English one follows common English renderings of Chinese law, the Chinese one the
drafting conventions of Chinese legislation (条 article, 款 paragraph, 项 item):

* art. 14, paragraph 2: ``Regulations 2024, art. 14(2)``, 《稀土管理条例》第十四条第二款,
  key ``regulations-2024:14(2)``;
* art. 22, item 1: ``Regulations 2024, art. 22, item (1)``, 《稀土管理条例》第二十二条第（一）项,
  key ``regulations-2024:22[1]``;
* art. 14, paragraph 2, item 1: ``Regulations 2024, art. 14(2), item (1)``,
  《稀土管理条例》第十四条第二款第（一）项, key ``regulations-2024:14(2)[1]``;
* a clause of Order No. 71: ``Order No. 71, monthly flow reporting by the 10th``, key
  ``total-control-measures-2025:monthly-reporting``.

The Chinese form (``zh``) puts the Chinese title in 《》 and writes numbers in Chinese numerals
(:func:`chinese_numeral`): 《稀土管理条例》第十四条第二款. The English clause description is left
out of the Chinese form.

References:
    Rare Earth Management Regulations: https://www.gov.cn/zhengce/content/202406/content_6960153.htm
    (article structure 条/款/项 as published there).

>>> c = Citation("regulations-2024", 14, 2)
>>> print(c)
Regulations 2024, art. 14(2)
>>> c.zh
'《稀土管理条例》第十四条第二款'
>>> c.key
'regulations-2024:14(2)'
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.legal.articles import Article, article, articles, clause_entry
from rare_earth_regs.legal.instruments import (
    TOTAL_CONTROL_MEASURES_2025,
    Instrument,
    instrument,
)
from rare_earth_regs.locale import define

NEEDS_ARTICLE = define(
    "accepted.needs-article", "None when no article is given ({part} needs an article)"
)
ARTICLE_RANGE = define("accepted.article-range", "an article of {instrument} (1 to {count})")
SHIPPED_CLAUSE = define(
    "accepted.shipped-clause",
    "an article number, or one of the shipped clauses of {instrument}: {clauses}",
)
SHIPPED_CLAUSE_KEY = define("accepted.shipped-clause-key", "a shipped clause key of {instrument}")

__all__ = [
    "ORDER_71_MONTHLY_REPORTING",
    "ORDER_71_NEXT_YEAR_REDUCTION",
    "Citation",
    "chinese_numeral",
    "cited_article",
]

_DIGITS = "〇一二三四五六七八九"
_MAX_NUMBER = 99
_MAX_CLAUSE = 120
_KEY = re.compile(
    r"(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"(?::(?:(?P<article>[1-9][0-9]*)(?:\((?P<paragraph>[1-9][0-9]*)\))?"
    r"(?:\[(?P<item>[1-9][0-9]*)\])?|(?P<clause>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)))?"
)


def chinese_numeral(number: int) -> str:
    """Write ``number`` (1 to 99) in Chinese numerals, as in article and paragraph numbers.

    Ten is 十 (not 一十), the teens are 十一 … 十九, and round tens carry no trailing zero.

    >>> [chinese_numeral(n) for n in (1, 10, 11, 20, 22, 32, 99)]
    ['一', '十', '十一', '二十', '二十二', '三十二', '九十九']

    Raises:
        InvalidInputError: (field ``number``) outside 1 to 99 or not an integer.
    """
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= _MAX_NUMBER:
        raise InvalidInputError(field="number", value=number, accepted="an integer from 1 to 99")
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def _to_instrument(value: Instrument | str) -> Instrument:
    return value if isinstance(value, Instrument) else instrument(value)


def _check_number(_instance: Any, attribute: attrs.Attribute[int | None], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_NUMBER:
        raise InvalidInputError(
            field=attribute.name, value=value, accepted="an integer from 1 to 99, or None"
        )


def _check_clause(_instance: Any, _attribute: Any, value: Any) -> None:
    if value is None:
        return
    if (
        not isinstance(value, str)
        or value != value.strip()
        or not 0 < len(value) <= _MAX_CLAUSE
        or "\n" in value
        or re.search(r"[A-Za-z0-9]", value) is None
    ):
        raise InvalidInputError(
            field="clause",
            value=value,
            accepted="a short English description (one line, 1 to 120 characters), or None",
        )


@attrs.frozen
class Citation:
    """A reference to an instrument, or to an article, paragraph or item of it.

    Attributes:
        instrument: the instrument (a slug is accepted and looked up).
        article: article number (条), 1 to 99.
        paragraph: paragraph number (款) within the article; needs ``article``.
        item: item number (项); needs ``article``.
        clause: short English description of the provision, for use where the article number
            is not confirmed (Order No. 71's monthly reporting clause).

    Raises:
        InvalidInputError: naming the field, for a bad value; ``paragraph`` or ``item`` without
            ``article``; an article number beyond the instrument's last article.

    >>> Citation("regulations-2024", 22, item=1).en
    'Regulations 2024, art. 22, item (1)'
    >>> Citation("regulations-2024", 22, item=1).zh
    '《稀土管理条例》第二十二条第（一）项'
    """

    instrument: Instrument = attrs.field(converter=_to_instrument)
    article: int | None = attrs.field(default=None, validator=_check_number)
    paragraph: int | None = attrs.field(default=None, validator=_check_number)
    item: int | None = attrs.field(default=None, validator=_check_number)
    clause: str | None = attrs.field(default=None, validator=_check_clause)

    def __attrs_post_init__(self) -> None:
        if self.article is None:
            for name in ("paragraph", "item"):
                if getattr(self, name) is not None:
                    raise InvalidInputError(
                        field=name,
                        value=getattr(self, name),
                        accepted=NEEDS_ARTICLE(part=name),
                    )
            return
        count = self.instrument.article_count
        if count is not None and self.article > count:
            raise InvalidInputError(
                field="article",
                value=self.article,
                accepted=ARTICLE_RANGE(instrument=self.instrument.short_title, count=count),
            )

    @property
    def en(self) -> str:
        """English form, e.g. ``Regulations 2024, art. 14(2), item (1)``."""
        parts = [self.instrument.short_title]
        if self.article is not None:
            paragraph = f"({self.paragraph})" if self.paragraph is not None else ""
            parts.append(f"art. {self.article}{paragraph}")
            if self.item is not None:
                parts.append(f"item ({self.item})")
        if self.clause is not None:
            parts.append(self.clause)
        return ", ".join(parts)

    @property
    def zh(self) -> str:
        """Chinese form, e.g. ``《稀土管理条例》第十四条第二款第（一）项``."""
        text = f"《{self.instrument.title_zh}》"
        if self.article is not None:
            text += f"第{chinese_numeral(self.article)}条"
            if self.paragraph is not None:
                text += f"第{chinese_numeral(self.paragraph)}款"
            if self.item is not None:
                text += f"第（{chinese_numeral(self.item)}）项"
        return text

    @property
    def key(self) -> str:
        """A stable string key for JSON, e.g. ``regulations-2024:14(2)``.

        Article citations give ``slug:article(paragraph)[item]``. A clause citation gives
        ``slug:clause-key``, the key of the shipped clause entry it resolves to (or the clause
        description in lower case with hyphens, if none matches). An article citation's key
        leaves any clause description out.
        """
        slug = self.instrument.slug
        if self.article is not None:
            key = f"{slug}:{self.article}"
            if self.paragraph is not None:
                key += f"({self.paragraph})"
            if self.item is not None:
                key += f"[{self.item}]"
            return key
        if self.clause is not None:
            entry = clause_entry(slug, self.clause)
            if entry is not None and entry.clause is not None:
                return f"{slug}:{entry.clause}"
            return f"{slug}:" + "-".join(re.findall(r"[a-z0-9]+", self.clause.lower()))
        return slug

    @classmethod
    def from_key(cls, key: str) -> Citation:
        """Rebuild a citation from its :attr:`key`.

        A clause key must name a shipped clause entry; the citation gets its English heading.

        >>> Citation.from_key("regulations-2024:14(2)[1]").en
        'Regulations 2024, art. 14(2), item (1)'
        >>> Citation.from_key("total-control-measures-2025:monthly-reporting").en
        'Order No. 71, monthly flow reporting by the 10th'

        Raises:
            InvalidInputError: (field ``key``) for a malformed key or an unknown clause, (field
                ``instrument``) for an unknown instrument.
        """
        match = _KEY.fullmatch(key) if isinstance(key, str) else None
        if match is None:
            raise InvalidInputError(
                field="key",
                value=key,
                accepted="instrument[:article[(paragraph)][[item]]] or instrument:clause-key,"
                " e.g. 'regulations-2024:14(2)'",
            )
        found = match.groupdict()
        target = instrument(found["slug"])
        if found["clause"] is not None:
            entry = clause_entry(target.slug, found["clause"])
            if entry is None or entry.clause != found["clause"]:
                raise InvalidInputError(
                    field="key", value=key, accepted=SHIPPED_CLAUSE_KEY(instrument=target.slug)
                )
            return cls(target, clause=entry.heading_en)
        numbers = {
            name: int(found[name]) if found[name] is not None else None
            for name in ("article", "paragraph", "item")
        }
        return cls(target, numbers["article"], numbers["paragraph"], numbers["item"])

    def to_dict(self) -> dict[str, str | int | None]:
        """A JSON-ready dict: the fields (instrument as its slug), the key and both forms.

        >>> Citation("regulations-2024", 30).to_dict()["zh"]
        '《稀土管理条例》第三十条'
        """
        return {
            "key": self.key,
            "instrument": self.instrument.slug,
            "article": self.article,
            "paragraph": self.paragraph,
            "item": self.item,
            "clause": self.clause,
            "en": self.en,
            "zh": self.zh,
        }

    def article_text(self) -> str:
        """The Chinese text cited: the item, the paragraph or the whole article.

        Items are numbered through the article (every shipped article with items has them in
        one paragraph), so a cited item is looked up by its number alone. For a clause citation,
        the shipped entry's ``text_zh`` (only a quoted phrase, or empty, when not verbatim).

        >>> Citation("regulations-2024", 11, 2).article_text()
        '稀土综合利用企业不得以稀土矿产品为原料从事生产活动。'

        Raises:
            InvalidInputError: when the text cited is not shipped.
        """
        entry = cited_article(self)
        if self.item is not None:
            return entry.item(self.item)
        if self.paragraph is not None:
            return entry.paragraph(self.paragraph)
        return entry.text_zh

    def __str__(self) -> str:
        return self.en


ORDER_71_MONTHLY_REPORTING = Citation(
    TOTAL_CONTROL_MEASURES_2025, clause="monthly flow reporting by the 10th"
)
"""Order No. 71's monthly flow-reporting clause (article number not confirmed)."""

ORDER_71_NEXT_YEAR_REDUCTION = Citation(
    TOTAL_CONTROL_MEASURES_2025,
    clause="next year's indicator reduced after an administrative penalty",
)
"""Order No. 71's clause reducing next year's indicator after a penalty (number not confirmed)."""


def cited_article(citation: Citation) -> Article:
    """Return the shipped entry a citation points to.

    A citation with an article number resolves to that article; one with only a clause resolves
    to the clause entry whose key or English heading matches the clause.

    Raises:
        InvalidInputError: (field ``article`` or ``clause``) when no shipped entry matches.

    >>> cited_article(Citation("total-control-measures-2025", clause="monthly-reporting")).text_zh
    '每月10日前'
    """
    slug = citation.instrument.slug
    if citation.article is not None:
        return article(slug, citation.article)
    entry = clause_entry(slug, citation.clause) if citation.clause is not None else None
    if entry is None:
        keys = [f"{e.clause!r} ({e.heading_en})" for e in articles(slug) if e.clause is not None]
        raise InvalidInputError(
            field="clause",
            value=citation.clause,
            accepted=SHIPPED_CLAUSE(instrument=slug, clauses=", ".join(keys) or "-"),
        )
    return entry
