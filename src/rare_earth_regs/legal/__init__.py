"""Legal instruments, citations and the article texts the library encodes.

* :mod:`~rare_earth_regs.legal.instruments`: the instruments as :class:`Instrument` constants,
  with promulgation, publication and in-force dates kept apart (policy P2).
* :mod:`~rare_earth_regs.legal.citations`: :class:`Citation`, rendered in English and Chinese.
* :mod:`~rare_earth_regs.legal.articles`: the Chinese texts and English glosses shipped as package
  data, looked up by article or by clause.

Sources: the Rare Earth Management Regulations (State Council Decree No. 785),
https://www.gov.cn/zhengce/content/202406/content_6960153.htm; Order No. 71 of MIIT, NDRC and MNR,
full text of 2025-08-22 reprinted at https://www.kankanews.com/detail/DgwMVGqX82W.

>>> Citation(REGULATIONS_2024, 25).zh
'《稀土管理条例》第二十五条'
>>> from datetime import date
>>> REGULATIONS_2024.is_in_force(date(2024, 10, 1))
True
"""

from __future__ import annotations

from rare_earth_regs.legal.articles import Article, article, articles
from rare_earth_regs.legal.citations import (
    ORDER_71_MONTHLY_REPORTING,
    ORDER_71_NEXT_YEAR_REDUCTION,
    Citation,
    chinese_numeral,
    cited_article,
)
from rare_earth_regs.legal.instruments import (
    EXPORT_CONTROL_18_2025,
    EXPORT_CONTROL_57_2025,
    EXPORT_CONTROL_61_2025,
    EXPORT_CONTROL_62_2025,
    EXPORT_CONTROL_70_2025,
    INSTRUMENTS,
    INVOICE_RULES_2012,
    INVOICE_RULES_2019,
    REGULATIONS_2024,
    TOTAL_CONTROL_MEASURES_2025,
    TRACEABILITY_MEASURES_DRAFT_2025,
    Instrument,
    InstrumentStatus,
    instrument,
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
    "ORDER_71_MONTHLY_REPORTING",
    "ORDER_71_NEXT_YEAR_REDUCTION",
    "REGULATIONS_2024",
    "TOTAL_CONTROL_MEASURES_2025",
    "TRACEABILITY_MEASURES_DRAFT_2025",
    "Article",
    "Citation",
    "Instrument",
    "InstrumentStatus",
    "article",
    "articles",
    "chinese_numeral",
    "cited_article",
    "instrument",
]
