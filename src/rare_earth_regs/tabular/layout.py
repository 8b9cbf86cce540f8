"""The tabular layout, version 2: the tables, their columns and every accepted header.

This module is the one place where column headers and their aliases are defined;
the readers, the writers, the template and the docs' layout reference all read it
(a test checks that the docs list every alias written here).

Three tables make up a filing in spreadsheet form:

* **flows** (sheet ``flows`` or ``流向``): one row per flow line;
* **products** (sheet ``products`` or ``产品``): the product master data, shared by
  every month of an enterprise, one row per product key;
* **enterprise** (sheet ``enterprise`` or ``企业``): one row per enterprise.

Headers are matched after trimming spaces, ignoring case and treating ``_``, ``-``,
spaces and full-width brackets alike, so ``Product key``, ``product_key`` and
``产品编号`` are the same column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from rare_earth_regs.model.activities import Activity, FeedstockOrigin, OreType
from rare_earth_regs.model.products import ProductClass
from rare_earth_regs.model.reports import FlowDirection

__all__ = [
    "ACTIVITY_ZH",
    "DIRECTION_ZH",
    "ENTERPRISE",
    "FLOWS",
    "LAYOUT_VERSION",
    "ORE_TYPE_ZH",
    "ORIGIN_ZH",
    "PRODUCTS",
    "PRODUCT_CLASS_ZH",
    "TABLES",
    "Column",
    "Table",
    "header_key",
]

#: The version of the layout described here. A change that makes an old file read
#: differently gets a new version (the CHANGELOG says what changed).
LAYOUT_VERSION: Final = 2


@attrs.frozen
class Column:
    """One column of a table: its canonical name, its headers and what it holds."""

    name: str
    zh: str
    aliases: tuple[str, ...]
    required: bool
    description: str
    example: str

    @property
    def headers(self) -> tuple[str, ...]:
        """Every accepted header: the name, the Chinese header, then the aliases."""
        return (self.name, self.zh, *self.aliases)


@attrs.frozen
class Table:
    """One table of the layout: sheet names and columns."""

    name: str
    zh: str
    sheet_aliases: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def sheet_names(self) -> tuple[str, ...]:
        """The sheet names a workbook may use for this table."""
        return (self.name, self.zh, *self.sheet_aliases)

    @property
    def required(self) -> tuple[Column, ...]:
        """The columns every file of this table must have."""
        return tuple(column for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        """The column with canonical ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def by_header(self) -> Mapping[str, Column]:
        """Every accepted header (normalized by :func:`header_key`) to its column."""
        return _header_index(self)


def _column(
    name: str,
    zh: str,
    *aliases: str,
    required: bool = False,
    description: str,
    example: str = "",
) -> Column:
    return Column(name, zh, aliases, required, description, example)


FLOWS: Final = Table(
    "flows",
    "流向",
    ("flow lines", "lines", "流向明细", "产品流向"),
    (
        _column(
            "enterprise",
            "企业统一社会信用代码",
            "enterprise_uscc",
            "企业代码",
            description="USCC of the reporting enterprise (may be left out when the "
            "enterprise table has one row)",
            example="91360700MA35HY0A11",
        ),
        _column(
            "month",
            "月份",
            "reporting month",
            "报告月份",
            "所属月份",
            required=True,
            description="the reporting month, YYYY-MM (a date cell on the 1st is read as its "
            "month)",
            example="2025-09",
        ),
        _column(
            "direction",
            "流向",
            "方向",
            "flow",
            required=True,
            description="the kind of movement: opening_stock, produced, purchased, imported, "
            "received, consumed, sold, exported, transferred, lost, closing_stock (or the "
            "Chinese term)",
            example="produced",
        ),
        _column(
            "product",
            "产品",
            "product_key",
            "产品编号",
            "产品代码",
            required=True,
            description="the key of a product in the products table",
            example="prnd-oxide",
        ),
        _column(
            "quantity",
            "数量",
            "qty",
            required=True,
            description="the quantity with its unit ('12.5 t', '9 t REO'), or a number when "
            "a unit column is present",
            example="12.5",
        ),
        _column(
            "unit",
            "单位",
            "计量单位",
            description="the unit of a number in the quantity and REO columns: t, kg, g, "
            "'t REO' ...",
            example="t",
        ),
        _column(
            "reo",
            "折氧化物量",
            "stated REO",
            "REO",
            "稀土氧化物量",
            description="the stated REO content of a gross quantity ('5 t REO', or a number "
            "in the unit column's unit)",
        ),
        _column(
            "origin",
            "来源",
            "feed origin",
            "原料来源",
            description="how the feed was obtained: domestic_mined, imported, other_minerals, "
            "secondary, own_intermediate (or the Chinese term)",
            example="imported",
        ),
        _column(
            "ore_type",
            "矿种",
            "ore type",
            "矿石类型",
            description="for mining output, the ore type it counts against: rock or "
            "ion_adsorption (or the Chinese term); empty: the product's",
        ),
        _column(
            "date",
            "日期",
            "activity date",
            "业务日期",
            description="the activity date, YYYY-MM-DD or a date cell (empty: the last day of "
            "the month, policy P5)",
            example="2025-09-03",
        ),
        _column(
            "counterparty_uscc",
            "统一社会信用代码",
            "counterparty USCC",
            "交易对方统一社会信用代码",
            "对方统一社会信用代码",
            description="USCC of a domestic counterparty",
        ),
        _column(
            "counterparty",
            "交易对方",
            "counterparty_name",
            "交易对方名称",
            description="name of a foreign counterparty",
        ),
        _column(
            "country",
            "国家或地区",
            "counterparty_country",
            "国家",
            "国别",
            description="ISO 3166-1 alpha-2 code of a foreign counterparty",
        ),
        _column(
            "invoice_number",
            "发票号码",
            "invoice",
            "发票号",
            description="invoice number",
        ),
        _column(
            "customs_declaration",
            "报关单号",
            "customs declaration",
            "报关单编号",
            description="customs declaration number",
        ),
        _column(
            "licence_number",
            "许可证号",
            "licence",
            "export licence",
            "出口许可证号",
            description="export licence number of an exported line",
        ),
        _column(
            "submitted_at",
            "提交时间",
            "submitted",
            description="when the month's report was entered, ISO 8601 with offset "
            "('2025-10-09T10:15:00+08:00'); the same on every row of a report (enterprise, "
            "month and revision)",
        ),
        _column(
            "report_id",
            "报告编号",
            description="the report's id (default '<USCC>-<YYYY-MM>'); the same on every row "
            "of a report (enterprise, month and revision)",
        ),
        _column(
            "revision",
            "修订版本",
            "版次",
            "修订号",
            description="the report's revision (policy P12): 1 for the first entry (also when "
            "empty or the column is left out), 2 for its first correction ...; rows of one "
            "enterprise and month with different revisions are separate reports",
            example="1",
        ),
    ),
)

PRODUCTS: Final = Table(
    "products",
    "产品",
    ("product master", "产品目录", "产品主数据"),
    (
        _column(
            "key",
            "产品编号",
            "product_key",
            "product",
            "产品代码",
            required=True,
            description="the key flow rows use to name the product",
            example="prnd-oxide",
        ),
        _column(
            "name",
            "产品名称",
            "名称",
            required=True,
            description="the product's name",
            example="PrNd oxide",
        ),
        _column(
            "product_class",
            "产品类别",
            "class",
            "类别",
            required=True,
            description="mineral_product, compound, metal_or_alloy, secondary_resource, "
            "downstream_goods (or the Chinese term)",
            example="compound",
        ),
        _column(
            "form",
            "形态",
            "产品形态",
            description="free text: oxide, concentrate ...",
            example="oxide",
        ),
        _column(
            "elements",
            "元素",
            "稀土元素",
            description="element symbols separated by commas, spaces or 、",
            example="Pr, Nd",
        ),
        _column(
            "reo_fraction",
            "稀土氧化物含量",
            "REO fraction",
            "REO含量",
            "折氧系数",
            description="REO mass fraction, '0.45' or '45%'",
            example="1",
        ),
        _column(
            "ore_type",
            "矿种",
            "ore type",
            "矿石类型",
            description="for a mineral product, the ore type it was mined from: rock or "
            "ion_adsorption (or the Chinese term)",
        ),
        _column(
            "customs_code",
            "海关商品编码",
            "HS code",
            "商品编码",
            "税则号",
            description="customs commodity code, 6, 8 or 10 digits",
            example="28469019",
        ),
    ),
)

ENTERPRISE: Final = Table(
    "enterprise",
    "企业",
    ("enterprises", "企业信息"),
    (
        _column(
            "uscc",
            "统一社会信用代码",
            "企业统一社会信用代码",
            required=True,
            description="the enterprise's Unified Social Credit Code",
            example="91360700MA35HY0A11",
        ),
        _column(
            "name",
            "企业名称",
            "名称",
            required=True,
            description="the enterprise's name",
            example="Hengyuan Rare Earth Separation Co., Ltd. (fictional)",
        ),
        _column(
            "activities",
            "经营活动",
            "activity",
            "业务类型",
            required=True,
            description="mining, smelting_separation, metal_smelting, "
            "comprehensive_utilization, export (or the Chinese term), separated by commas",
            example="smelting_separation",
        ),
        _column(
            "group",
            "所属集团",
            "集团",
            description="the group that holds the enterprise's quota, if any",
            example="Example Rare Earth Group (fictional)",
        ),
    ),
)

TABLES: Final = (FLOWS, PRODUCTS, ENTERPRISE)

_SEPARATORS = re.compile(r"[\s_\-()（）]+")


def header_key(text: str) -> str:
    """A header as it is compared: trimmed, case-folded, separators removed.

    >>> header_key(" Product_Key "), header_key("product key"), header_key("产品编号")
    ('productkey', 'productkey', '产品编号')
    """
    return _SEPARATORS.sub("", text).casefold()


_INDEXES: dict[str, Mapping[str, Column]] = {}


def _header_index(table: Table) -> Mapping[str, Column]:
    index = _INDEXES.get(table.name)
    if index is None:
        built: dict[str, Column] = {}
        for column in table.columns:
            for header in column.headers:
                built.setdefault(header_key(header), column)
        index = _INDEXES[table.name] = MappingProxyType(built)
    return index


# The Chinese terms accepted for the values of the enumerated columns (the canonical
# English values are always accepted). Written once here, listed in the docs.
DIRECTION_ZH: Final[Mapping[str, FlowDirection]] = MappingProxyType(
    {
        "期初库存": FlowDirection.OPENING_STOCK,
        "生产": FlowDirection.PRODUCED,
        "采购": FlowDirection.PURCHASED,
        "进口": FlowDirection.IMPORTED,
        "调入": FlowDirection.RECEIVED,
        "消耗": FlowDirection.CONSUMED,
        "销售": FlowDirection.SOLD,
        "出口": FlowDirection.EXPORTED,
        "调出": FlowDirection.TRANSFERRED,
        "损耗": FlowDirection.LOST,
        "期末库存": FlowDirection.CLOSING_STOCK,
    }
)
ORIGIN_ZH: Final[Mapping[str, FeedstockOrigin]] = MappingProxyType(
    {
        "国内开采": FeedstockOrigin.DOMESTIC_MINED,
        "进口": FeedstockOrigin.IMPORTED,
        "其他矿产": FeedstockOrigin.OTHER_MINERALS,
        "二次资源": FeedstockOrigin.SECONDARY,
        "自产中间产品": FeedstockOrigin.OWN_INTERMEDIATE,
    }
)
ORE_TYPE_ZH: Final[Mapping[str, OreType]] = MappingProxyType(
    {"岩矿型": OreType.ROCK, "离子型": OreType.ION_ADSORPTION}
)
ACTIVITY_ZH: Final[Mapping[str, Activity]] = MappingProxyType(
    {activity.label_zh: activity for activity in Activity}
)
PRODUCT_CLASS_ZH: Final[Mapping[str, ProductClass]] = MappingProxyType(
    {product_class.label_zh: product_class for product_class in ProductClass}
)
