"""Spreadsheets in, tables out: CSV and Excel layouts, readers, writers and templates.

* :func:`read_flows` reads monthly flows from a CSV file or an ``.xlsx`` workbook,
  with the product master data and the enterprise header, into one report per
  enterprise and month; :func:`read_products` and :func:`read_enterprises` read
  those tables alone.
* :func:`write_flows` writes reports in the same layout; :func:`write_template`
  writes an empty template.
* :func:`findings_table`, :func:`quota_use_table` and :func:`balances_table` give
  results as tables, written by :func:`write_csv` or :func:`write_workbook`, or
  turned into a pandas DataFrame by :meth:`ResultTable.to_dataframe`.

The layout (tables, columns, English and Chinese headers) is defined once, in
:mod:`rare_earth_regs.tabular.layout`. Workbooks need the ``excel`` extra
(openpyxl), DataFrames the ``pandas`` extra; neither is imported before it is used.
"""

from rare_earth_regs.tabular.flows import (
    FlowImport,
    ImportedReport,
    exact_number,
    read_enterprises,
    read_flows,
    read_products,
    report_rows,
)
from rare_earth_regs.tabular.layout import ENTERPRISE, FLOWS, LAYOUT_VERSION, PRODUCTS, TABLES
from rare_earth_regs.tabular.tables import (
    ResultTable,
    balances_table,
    findings_table,
    quota_use_table,
    write_csv,
    write_workbook,
)
from rare_earth_regs.tabular.writing import companion_paths, write_flows, write_template

__all__ = [
    "ENTERPRISE",
    "FLOWS",
    "LAYOUT_VERSION",
    "PRODUCTS",
    "TABLES",
    "FlowImport",
    "ImportedReport",
    "ResultTable",
    "balances_table",
    "companion_paths",
    "exact_number",
    "findings_table",
    "quota_use_table",
    "read_enterprises",
    "read_flows",
    "read_products",
    "report_rows",
    "write_csv",
    "write_flows",
    "write_template",
    "write_workbook",
]
