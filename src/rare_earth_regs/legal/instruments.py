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
``export-control-18-2025``           2025-04-04  2025-04-04  2025-04-04
``export-control-57-2025``           2025-10-09  2025-10-09  2025-11-08 (suspended first)
``export-control-61-2025``           2025-10-09  2025-10-09  2025-10-09 (suspended)
``export-control-62-2025``           2025-10-09  2025-10-09  2025-10-09 (suspended)
``export-control-70-2025``           2025-11-07  2025-11-07  2025-11-07 to 2026-11-10
==================================== =========== =========== ============================

Suspensions: MOFCOM/GAC Announcement No. 70 of 2025 suspends Nos. 57, 61 and 62 (and Nos.
55, 56 and 58, which are not about rare earths and not encoded) from 2025-11-07 until
2026-11-10 inclusive. :meth:`Instrument.status` answers ``suspended`` in that window. No
instrument after No. 70 is encoded: for a day after a suspension ends the status of the
suspended instrument is ``undetermined`` (it may have been extended, lapsed or been
replaced), and :meth:`Instrument.is_in_force` raises
:class:`~rare_earth_regs.exceptions.BeyondKnowledgeHorizonError` rather than guess.

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
    * MOFCOM/GAC Announcement 2025 No. 18 (Holland & Knight alert of 2025-04-04); MOFCOM/GAC
      No. 57, MOFCOM Nos. 61 and 62 of 2025-10-09 (SiliconExpert, 2025-10-17; press reports);
      MOFCOM/GAC No. 70 of 2025-11-07 (Pillsbury and ChemRadar on No. 70; GvW "China Export
      Control Update"). Issuer website: https://www.mofcom.gov.cn/.

Limitations:
    The two invoice announcements and the five export-control announcements are cited by
    number only: their full Chinese titles are not shipped (the invoice announcements' dates
    of promulgation are not either). For them and for the traceability draft the source URL
    is the issuing authority's website, not the page of the document.

>>> REGULATIONS_2024.is_in_force(date(2024, 10, 1))
True
>>> instrument("total-control-measures-2025").short_title
'Order No. 71'
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import attrs

from rare_earth_regs.exceptions import (
    BeyondKnowledgeHorizonError,
    InvalidInputError,
    InvalidPeriodError,
    one_of,
)
from rare_earth_regs.locale import define

ON_OR_AFTER_SUSPENDED = define(
    "accepted.on-or-after-suspended-from", "a date on or after suspended_from ({date})"
)
ON_OR_AFTER_IN_FORCE = define(
    "accepted.on-or-after-in-force-from", "a date on or after in_force_from ({date})"
)

__all__ = [
    "EXPORT_CONTROL_18_2025",
    "EXPORT_CONTROL_57_2025",
    "EXPORT_CONTROL_61_2025",
    "EXPORT_CONTROL_62_2025",
    "EXPORT_CONTROL_70_2025",
    "INSTRUMENTS",
    "INVOICE_RULES_2012",
    "INVOICE_RULES_2019",
    "REGULATIONS_2024",
    "TOTAL_CONTROL_MEASURES_2025",
    "TRACEABILITY_MEASURES_DRAFT_2025",
    "Instrument",
    "InstrumentStatus",
    "instrument",
]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _check_slug(_instance: Any, _attribute: Any, value: str) -> None:
    if not isinstance(value, str) or _SLUG.fullmatch(value) is None:
        raise InvalidInputError(
            field="slug", value=value, accepted="lower-case words joined by hyphens"
        )


class InstrumentStatus(enum.Enum):
    """What an instrument is on a given day (:meth:`Instrument.status`)."""

    #: A draft for comment: never law.
    DRAFT = "draft"
    #: Before its first day in force.
    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    #: Within a suspension by a later instrument.
    SUSPENDED = "suspended"
    #: After its last day in force.
    NO_LONGER_IN_FORCE = "no_longer_in_force"
    #: After a suspension ended, with no later instrument encoded: unknown.
    UNDETERMINED = "undetermined"

    def __str__(self) -> str:
        return self.value


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
        suspended_from: first day of a suspension by a later instrument, if any.
        suspended_until: last day of that suspension (inclusive).
        suspended_by: slug of the suspending instrument.
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
    suspended_from: date | None = None
    suspended_until: date | None = None
    suspended_by: str | None = None

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
                accepted=ON_OR_AFTER_IN_FORCE(date=self.in_force_from),
            )
        suspension = (self.suspended_from, self.suspended_until, self.suspended_by)
        if (None in suspension) != (suspension == (None, None, None)):
            raise InvalidInputError(
                field="suspended_from",
                value=suspension,
                accepted="suspended_from, suspended_until and suspended_by all given, or none",
            )
        if (
            self.suspended_from is not None
            and self.suspended_until is not None
            and self.suspended_until < self.suspended_from
        ):
            raise InvalidInputError(
                field="suspended_until",
                value=self.suspended_until,
                accepted=ON_OR_AFTER_SUSPENDED(date=self.suspended_from),
            )

    def status(self, on: date) -> InstrumentStatus:
        """What the instrument is on the calendar day ``on`` (a Beijing day).

        A suspension takes precedence over the in-force window. After a suspension ends the
        status is :attr:`InstrumentStatus.UNDETERMINED`: no later instrument is encoded to say
        whether it was extended, lapsed or replaced.

        >>> EXPORT_CONTROL_57_2025.status(date(2025, 11, 8)).value
        'suspended'
        >>> EXPORT_CONTROL_57_2025.status(date(2026, 11, 11)).value
        'undetermined'
        """
        if isinstance(on, datetime) or not isinstance(on, date):
            raise InvalidPeriodError(
                field="on", value=on, accepted="a datetime.date (a Beijing calendar day)"
            )
        if self.is_draft or self.in_force_from is None:
            return InstrumentStatus.DRAFT
        if self.suspended_from is not None and self.suspended_until is not None:
            if on > self.suspended_until:
                return InstrumentStatus.UNDETERMINED
            if on >= self.suspended_from:
                return InstrumentStatus.SUSPENDED
        if on < self.in_force_from:
            return InstrumentStatus.NOT_YET_IN_FORCE
        if self.in_force_until is not None and on > self.in_force_until:
            return InstrumentStatus.NO_LONGER_IN_FORCE
        return InstrumentStatus.IN_FORCE

    def is_in_force(self, on: date) -> bool:
        """Whether the instrument is in force on the calendar day ``on`` (a Beijing day).

        In force from :attr:`in_force_from` inclusive to :attr:`in_force_until` inclusive,
        except while suspended; a draft never is. A ``datetime`` is refused: convert it to a
        Beijing calendar day first.

        Raises:
            BeyondKnowledgeHorizonError: the day is after a suspension ended, where
                :meth:`status` is undetermined.

        >>> REGULATIONS_2024.is_in_force(date(2024, 9, 30))
        False
        >>> TRACEABILITY_MEASURES_DRAFT_2025.is_in_force(date(2030, 1, 1))
        False
        """
        found = self.status(on)
        if found is InstrumentStatus.UNDETERMINED:
            raise BeyondKnowledgeHorizonError(
                f"{self.short_title} on {on.isoformat()}: undetermined, because its suspension"
                f" by {self.suspended_by} ended on {self.suspended_until} and no later"
                " instrument is encoded (it may have been extended, lapsed or replaced)"
            )
        return found is InstrumentStatus.IN_FORCE

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

_MOFCOM = "Ministry of Commerce (MOFCOM)"
_MOFCOM_GAC = "Ministry of Commerce (MOFCOM), General Administration of Customs (GAC)"
_MOFCOM_URL = "https://www.mofcom.gov.cn/"
# No. 70 suspends Nos. 57, 61 and 62 (and 55, 56, 58) from 2025-11-07 until 2026-11-10.
_SUSPENDED_FROM = date(2025, 11, 7)
_SUSPENDED_UNTIL = date(2026, 11, 10)
_SUSPENDED_BY = "export-control-70-2025"

EXPORT_CONTROL_18_2025 = Instrument(
    slug="export-control-18-2025",
    short_title="MOFCOM/GAC Announcement No. 18 of 2025",
    title_en="Export controls on certain medium and heavy rare earth items",
    title_zh="商务部 海关总署公告2025年第18号",
    issuer=_MOFCOM_GAC,
    number="MOFCOM/GAC Announcement 2025 No. 18",
    promulgated=date(2025, 4, 4),
    published=date(2025, 4, 4),
    in_force_from=date(2025, 4, 4),
    source_url=_MOFCOM_URL,
    is_draft=False,
)
"""No. 18: Sm, Gd, Tb, Dy, Lu, Sc, Y items under export control from 2025-04-04 (not suspended)."""

EXPORT_CONTROL_57_2025 = Instrument(
    slug="export-control-57-2025",
    short_title="MOFCOM/GAC Announcement No. 57 of 2025",
    title_en="Export controls on further medium and heavy rare earth items (Ho, Er, Tm, Eu, Yb)",
    title_zh="商务部 海关总署公告2025年第57号",
    issuer=_MOFCOM_GAC,
    number="MOFCOM/GAC Announcement 2025 No. 57",
    promulgated=date(2025, 10, 9),
    published=date(2025, 10, 9),
    in_force_from=date(2025, 11, 8),
    source_url=_MOFCOM_URL,
    is_draft=False,
    suspended_from=_SUSPENDED_FROM,
    suspended_until=_SUSPENDED_UNTIL,
    suspended_by=_SUSPENDED_BY,
)
"""No. 57: Ho, Er, Tm, Eu, Yb items from 2025-11-08; suspended by No. 70 the day before."""

EXPORT_CONTROL_61_2025 = Instrument(
    slug="export-control-61-2025",
    short_title="MOFCOM Announcement No. 61 of 2025",
    title_en="Export controls on foreign-made items containing Chinese-origin rare earth items"
    " (extraterritorial rule)",
    title_zh="商务部公告2025年第61号",
    issuer=_MOFCOM,
    number="MOFCOM Announcement 2025 No. 61",
    promulgated=date(2025, 10, 9),
    published=date(2025, 10, 9),
    in_force_from=date(2025, 10, 9),
    source_url=_MOFCOM_URL,
    is_draft=False,
    suspended_from=_SUSPENDED_FROM,
    suspended_until=_SUSPENDED_UNTIL,
    suspended_by=_SUSPENDED_BY,
)
"""No. 61: the extraterritorial rule; its foreign-made limbs were to apply from 2025-12-01."""

EXPORT_CONTROL_62_2025 = Instrument(
    slug="export-control-62-2025",
    short_title="MOFCOM Announcement No. 62 of 2025",
    title_en="Export controls on rare earth technologies (1E902)",
    title_zh="商务部公告2025年第62号",
    issuer=_MOFCOM,
    number="MOFCOM Announcement 2025 No. 62",
    promulgated=date(2025, 10, 9),
    published=date(2025, 10, 9),
    in_force_from=date(2025, 10, 9),
    source_url=_MOFCOM_URL,
    is_draft=False,
    suspended_from=_SUSPENDED_FROM,
    suspended_until=_SUSPENDED_UNTIL,
    suspended_by=_SUSPENDED_BY,
)
"""No. 62: rare earth technologies (1E902), in force on publication; suspended by No. 70."""

EXPORT_CONTROL_70_2025 = Instrument(
    slug="export-control-70-2025",
    short_title="MOFCOM/GAC Announcement No. 70 of 2025",
    title_en="Suspension of Announcements Nos. 55, 56, 57, 58, 61 and 62 of 2025",
    title_zh="商务部 海关总署公告2025年第70号",
    issuer=_MOFCOM_GAC,
    number="MOFCOM/GAC Announcement 2025 No. 70",
    promulgated=date(2025, 11, 7),
    published=date(2025, 11, 7),
    in_force_from=date(2025, 11, 7),
    in_force_until=date(2026, 11, 10),
    source_url=_MOFCOM_URL,
    is_draft=False,
)
"""No. 70: suspends Nos. 55, 56, 57, 58, 61 and 62 from 2025-11-07 until 2026-11-10."""

INSTRUMENTS: MappingProxyType[str, Instrument] = MappingProxyType(
    {
        item.slug: item
        for item in (
            REGULATIONS_2024,
            TOTAL_CONTROL_MEASURES_2025,
            INVOICE_RULES_2012,
            INVOICE_RULES_2019,
            TRACEABILITY_MEASURES_DRAFT_2025,
            EXPORT_CONTROL_18_2025,
            EXPORT_CONTROL_57_2025,
            EXPORT_CONTROL_61_2025,
            EXPORT_CONTROL_62_2025,
            EXPORT_CONTROL_70_2025,
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
            field="instrument", value=slug, accepted=one_of(", ".join(INSTRUMENTS))
        ) from None
