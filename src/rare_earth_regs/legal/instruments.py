"""The legal instruments the library encodes, with their dates.

Each instrument is an :class:`Instrument` constant; :data:`INSTRUMENTS` maps slugs to them
and :func:`instrument` looks one up by slug.

Dates (policy P2):

==================================== =========== =========== ============================
slug                                 promulgated published   in force
==================================== =========== =========== ============================
``regulations-2024``                 2024-06-22  2024-06-29  2024-10-01
``total-control-measures-2025``      2025-07-28  2025-08-22  2025-07-28 (from promulgation)
``invoice-rules-2012``               --          --          2012-06-01
``invoice-rules-2019``               --          --          2019-06-01
``traceability-measures-draft-2025`` --          2025-02-19  never (draft for comment)
==================================== =========== =========== ============================

Interpretation (P2): Order No. 71 took effect on the day it was promulgated (2025-07-28)
but was made public only on 2025-08-22; the two dates are kept apart, and
:meth:`Instrument.is_in_force` answers from the in-force date.

References:
    * Rare Earth Management Regulations (State Council Decree No. 785):
      https://www.gov.cn/zhengce/content/202406/content_6960153.htm
      (32 articles; adopted 2024-04-26, promulgated 2024-06-22, in force 2024-10-01).
    * Order No. 71 of MIIT, NDRC and MNR, full text as published on 2025-08-22 and reprinted at
      https://www.kankanews.com/detail/DgwMVGqX82W ("自公布之日起施行": in force from
      promulgation).
    * State Taxation Administration announcements 2012 No. 17 and 2019 No. 13 on rare earth
      special VAT invoices (稀土专用发票), https://www.chinatax.gov.cn/.
    * MIIT draft for comment of the rare earth product information traceability measures,
      published 2025-02-19, comments until 2025-03-21, https://www.miit.gov.cn/.

Limitations:
    The two invoice announcements are cited by number only: their full Chinese titles and
    promulgation dates are not shipped. For them and for the traceability draft the source URL
    is the issuing authority's website, not the page of the document.

>>> REGULATIONS_2024.is_in_force(date(2024, 10, 1))
True
>>> instrument("total-control-measures-2025").short_title
'Order No. 71'
"""

from __future__ import annotations

import re
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import attrs

from rare_earth_regs.exceptions import InvalidInputError, InvalidPeriodError

__all__ = [
    "INSTRUMENTS",
    "INVOICE_RULES_2012",
    "INVOICE_RULES_2019",
    "REGULATIONS_2024",
    "TOTAL_CONTROL_MEASURES_2025",
    "TRACEABILITY_MEASURES_DRAFT_2025",
    "Instrument",
    "instrument",
]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _check_slug(_instance: Any, _attribute: Any, value: str) -> None:
    if not isinstance(value, str) or _SLUG.fullmatch(value) is None:
        raise InvalidInputError(
            field="slug", value=value, accepted="lower-case words joined by hyphens"
        )


@attrs.frozen(kw_only=True)
class Instrument:
    """A legal instrument: a regulation, a ministerial order, an announcement or a draft.

    Attributes:
        slug: stable identifier used in keys and JSON, e.g. ``"regulations-2024"``.
        short_title: English short form used in citations, e.g. ``"Regulations 2024"``.
        title_en: English title.
        title_zh: Chinese title (or official designation), used inside 《》 in citations.
        issuer: the issuing authority.
        number: the official number, e.g. ``"State Council Decree No. 785"``.
        promulgated: day of promulgation, if known.
        published: day the text was made public, if known (may differ, policy P2).
        in_force_from: first day in force; ``None`` for a draft, which is never in force.
        in_force_until: last day in force (inclusive); ``None`` while still in force.
        source_url: where the text can be read.
        is_draft: a draft for comment, not law.
        comments_until: for a draft, the last day of the comment period.
        article_count: number of articles, when the library has confirmed it.
    """

    slug: str = attrs.field(validator=_check_slug)
    short_title: str
    title_en: str
    title_zh: str
    issuer: str
    number: str
    promulgated: date | None
    published: date | None
    in_force_from: date | None
    in_force_until: date | None = None
    source_url: str
    is_draft: bool
    comments_until: date | None = None
    article_count: int | None = None

    def __attrs_post_init__(self) -> None:
        # Invariants only: a draft has no in-force date, and a validity window is not inverted.
        if self.is_draft and self.in_force_from is not None:
            raise InvalidInputError(
                field="in_force_from", value=self.in_force_from, accepted="None for a draft"
            )
        if (
            self.in_force_from is not None
            and self.in_force_until is not None
            and self.in_force_until < self.in_force_from
        ):
            raise InvalidInputError(
                field="in_force_until",
                value=self.in_force_until,
                accepted=f"a date on or after in_force_from ({self.in_force_from})",
            )

    def is_in_force(self, on: date) -> bool:
        """Whether the instrument is in force on the calendar day ``on`` (a Beijing day).

        In force from :attr:`in_force_from` inclusive to :attr:`in_force_until` inclusive;
        a draft never is. A ``datetime`` is refused: convert it to a Beijing calendar day first.

        >>> REGULATIONS_2024.is_in_force(date(2024, 9, 30))
        False
        >>> TRACEABILITY_MEASURES_DRAFT_2025.is_in_force(date(2030, 1, 1))
        False
        """
        if isinstance(on, datetime) or not isinstance(on, date):
            raise InvalidPeriodError(
                field="on", value=on, accepted="a datetime.date (a Beijing calendar day)"
            )
        if self.is_draft or self.in_force_from is None or on < self.in_force_from:
            return False
        return self.in_force_until is None or on <= self.in_force_until

    def __str__(self) -> str:
        return self.short_title


REGULATIONS_2024 = Instrument(
    slug="regulations-2024",
    short_title="Regulations 2024",
    title_en="Rare Earth Management Regulations",
    title_zh="稀土管理条例",
    issuer="State Council",
    number="State Council Decree No. 785",
    promulgated=date(2024, 6, 22),
    published=date(2024, 6, 29),
    in_force_from=date(2024, 10, 1),
    source_url="https://www.gov.cn/zhengce/content/202406/content_6960153.htm",
    is_draft=False,
    article_count=32,
)
"""The Rare Earth Management Regulations (稀土管理条例), State Council Decree No. 785."""

TOTAL_CONTROL_MEASURES_2025 = Instrument(
    slug="total-control-measures-2025",
    short_title="Order No. 71",
    title_en=(
        "Interim Measures for the Total Quantity Control of Rare Earth Mining and"
        " Rare Earth Smelting and Separation"
    ),
    title_zh="稀土开采和稀土冶炼分离总量调控管理暂行办法",
    issuer="Ministry of Industry and Information Technology (MIIT),"
    " National Development and Reform Commission (NDRC), Ministry of Natural Resources (MNR)",
    number="MIIT, NDRC, MNR Order No. 71",
    promulgated=date(2025, 7, 28),
    published=date(2025, 8, 22),
    in_force_from=date(2025, 7, 28),
    source_url="https://www.kankanews.com/detail/DgwMVGqX82W",
    is_draft=False,
)
"""Order No. 71: in force from promulgation (2025-07-28), made public 2025-08-22 (policy P2)."""

INVOICE_RULES_2012 = Instrument(
    slug="invoice-rules-2012",
    short_title="SAT Announcement 2012 No. 17",
    title_en="State Taxation Administration Announcement 2012 No. 17 on rare earth special"
    " VAT invoices",
    title_zh="国家税务总局公告2012年第17号",
    issuer="State Taxation Administration",
    number="SAT Announcement 2012 No. 17",
    promulgated=None,
    published=None,
    in_force_from=date(2012, 6, 1),
    source_url="https://www.chinatax.gov.cn/",
    is_draft=False,
)
"""SAT Announcement 2012 No. 17 on rare earth special VAT invoices, in force 2012-06-01."""

INVOICE_RULES_2019 = Instrument(
    slug="invoice-rules-2019",
    short_title="SAT Announcement 2019 No. 13",
    title_en="State Taxation Administration Announcement 2019 No. 13 on rare earth special"
    " VAT invoices",
    title_zh="国家税务总局公告2019年第13号",
    issuer="State Taxation Administration",
    number="SAT Announcement 2019 No. 13",
    promulgated=None,
    published=None,
    in_force_from=date(2019, 6, 1),
    source_url="https://www.chinatax.gov.cn/",
    is_draft=False,
)
"""SAT Announcement 2019 No. 13 on rare earth special VAT invoices, in force 2019-06-01."""

TRACEABILITY_MEASURES_DRAFT_2025 = Instrument(
    slug="traceability-measures-draft-2025",
    short_title="Traceability Measures (draft, 2025)",
    title_en="Interim Measures for Traceability Management of Rare Earth Product Information"
    " (draft for comment)",
    title_zh="稀土产品信息追溯管理办法（暂行）（公开征求意见稿）",
    issuer="Ministry of Industry and Information Technology (MIIT)",
    number="MIIT draft for comment",
    promulgated=None,
    published=date(2025, 2, 19),
    in_force_from=None,
    source_url="https://www.miit.gov.cn/",
    is_draft=True,
    comments_until=date(2025, 3, 21),
)
"""MIIT traceability measures, a draft for comment (2025-02-19 to 2025-03-21): never in force."""

INSTRUMENTS: MappingProxyType[str, Instrument] = MappingProxyType(
    {
        item.slug: item
        for item in (
            REGULATIONS_2024,
            TOTAL_CONTROL_MEASURES_2025,
            INVOICE_RULES_2012,
            INVOICE_RULES_2019,
            TRACEABILITY_MEASURES_DRAFT_2025,
        )
    }
)
"""Every instrument, by slug (read-only)."""


def instrument(slug: str) -> Instrument:
    """Return the instrument with that slug.

    Raises:
        InvalidInputError: (field ``instrument``) for an unknown slug.

    >>> instrument("regulations-2024").number
    'State Council Decree No. 785'
    >>> try:
    ...     instrument("regulations-2023")
    ... except InvalidInputError as error:
    ...     print(error.field, error.value)
    instrument regulations-2023
    """
    try:
        return INSTRUMENTS[slug]
    except (KeyError, TypeError):
        raise InvalidInputError(
            field="instrument", value=slug, accepted="one of: " + ", ".join(INSTRUMENTS)
        ) from None
