"""China's rare earth rules as typed, exact, cited, tested code.

``rare_earth_regs`` encodes the Rare Earth Management Regulations (State Council
Decree No. 785, in force 2024-10-01) and the Interim Measures for the Total Quantity
Control of Rare Earth Mining and Smelting and Separation (MIIT/NDRC/MNR Order No. 71,
in force 2025-07-28): typed models of elements, products, enterprises, quotas and
monthly flow reports; exact tonnage in tonnes of rare earth oxide (REO); and rules
that return cited findings.

Importing the package is cheap: pint loads when a Quantity is first needed.

>>> import rare_earth_regs as rer
>>> rer.element("neodymium").oxide_formula
'Nd2O3'
>>> str(rer.Month.parse("2025-09").next())
'2025-10'
"""

from __future__ import annotations

from rare_earth_regs.data.quotas import national_quota
from rare_earth_regs.exceptions import (
    ComplianceError,
    InvalidDocumentError,
    InvalidInputError,
    InvalidPeriodError,
    InvalidQuantityError,
    InvalidTimestampError,
    InvalidUSCCError,
    NotInForceError,
    RareEarthRegsError,
    UndisclosedQuotaError,
    UnknownElementError,
    UnknownQuotaError,
)
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.legal import Citation, Instrument
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.elements import Element, element
from rare_earth_regs.model.enterprises import (
    Designation,
    DesignationRegister,
    Enterprise,
    is_valid_uscc,
    validate_uscc,
)
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import OreType, QuotaAllocation, QuotaBasis
from rare_earth_regs.model.reports import (
    Counterparty,
    FlowDirection,
    FlowLine,
    FlowReport,
    mass_balance,
)
from rare_earth_regs.periods import CHINA_STANDARD_TIME, Month
from rare_earth_regs.rules import (
    RULES,
    FineRange,
    QuotaUse,
    Rule,
    check_flow_report,
    check_year,
    counts_against_quota,
    deadline_instant,
    fine_range,
    flow_report_due_date,
    get_rule,
    is_submitted_on_time,
    quota_use,
    rules_in_force,
)
from rare_earth_regs.units import (
    Q_,
    MassBasis,
    Tonnage,
    element_mass_to_reo,
    get_registry,
    product_mass_to_reo,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "CHINA_STANDARD_TIME",
    "Q_",
    "RULES",
    "Activity",
    "Citation",
    "ComplianceError",
    "Counterparty",
    "Designation",
    "DesignationRegister",
    "Element",
    "Enterprise",
    "FeedstockOrigin",
    "Finding",
    "Findings",
    "FineRange",
    "FlowDirection",
    "FlowLine",
    "FlowReport",
    "Instrument",
    "InvalidDocumentError",
    "InvalidInputError",
    "InvalidPeriodError",
    "InvalidQuantityError",
    "InvalidTimestampError",
    "InvalidUSCCError",
    "MassBasis",
    "Month",
    "NotInForceError",
    "OreType",
    "Product",
    "ProductClass",
    "QuotaAllocation",
    "QuotaBasis",
    "QuotaUse",
    "RareEarthRegsError",
    "Rule",
    "Severity",
    "Tonnage",
    "UndisclosedQuotaError",
    "UnknownElementError",
    "UnknownQuotaError",
    "__version__",
    "check_flow_report",
    "check_year",
    "counts_against_quota",
    "deadline_instant",
    "element",
    "element_mass_to_reo",
    "fine_range",
    "flow_report_due_date",
    "get_registry",
    "get_rule",
    "is_submitted_on_time",
    "is_valid_uscc",
    "mass_balance",
    "national_quota",
    "product_mass_to_reo",
    "quota_use",
    "rules_in_force",
    "validate_uscc",
]
