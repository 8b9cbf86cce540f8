"""China's rare earth rules as typed, exact, cited, tested code.

``rare_earth_regs`` encodes the Rare Earth Management Regulations (State Council
Decree No. 785, in force 2024-10-01) and the Interim Measures for the Total Quantity
Control of Rare Earth Mining and Smelting and Separation (MIIT/NDRC/MNR Order No. 71,
in force 2025-07-28): typed models of elements, products, enterprises, quotas and
monthly flow reports; exact tonnage in tonnes of rare earth oxide (REO); and rules
that return cited findings.

Importing the package is cheap: its public names load on first use, and pint loads
when a Quantity is first needed.

>>> import rare_earth_regs as rer
>>> rer.element("neodymium").oxide_formula
'Nd2O3'
>>> str(rer.Month.parse("2025-09").next())
'2025-10'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rare_earth_regs.data.quotas import national_quota
    from rare_earth_regs.exceptions import (
        ComplianceError,
        FilingConflictError,
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
    from rare_earth_regs.filings import Filing, FilingKey, FilingSet, content_digest
    from rare_earth_regs.findings import Finding, Findings, Severity
    from rare_earth_regs.legal import Citation, Instrument
    from rare_earth_regs.model.activities import Activity, FeedstockOrigin
    from rare_earth_regs.model.elements import Element, element, element_mass_to_reo
    from rare_earth_regs.model.enterprises import (
        Designation,
        DesignationRegister,
        Enterprise,
        is_valid_uscc,
        make_uscc,
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
        LineReason,
        QuotaUse,
        Rule,
        check_filing,
        check_filings,
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
        get_registry,
        product_mass_to_reo,
    )

__version__ = "0.1.0.dev0"

# Public names load on first access (PEP 562), so importing the package stays cheap:
# attrs classes, the legal texts and the rules are built only when first used.
_LAZY: dict[str, str] = {
    "Activity": "rare_earth_regs.model.activities",
    "CHINA_STANDARD_TIME": "rare_earth_regs.periods",
    "Citation": "rare_earth_regs.legal",
    "ComplianceError": "rare_earth_regs.exceptions",
    "Counterparty": "rare_earth_regs.model.reports",
    "Designation": "rare_earth_regs.model.enterprises",
    "DesignationRegister": "rare_earth_regs.model.enterprises",
    "Element": "rare_earth_regs.model.elements",
    "Enterprise": "rare_earth_regs.model.enterprises",
    "FeedstockOrigin": "rare_earth_regs.model.activities",
    "Finding": "rare_earth_regs.findings",
    "Findings": "rare_earth_regs.findings",
    "FineRange": "rare_earth_regs.rules",
    "FlowDirection": "rare_earth_regs.model.reports",
    "FlowLine": "rare_earth_regs.model.reports",
    "FlowReport": "rare_earth_regs.model.reports",
    "Instrument": "rare_earth_regs.legal",
    "InvalidDocumentError": "rare_earth_regs.exceptions",
    "FilingConflictError": "rare_earth_regs.exceptions",
    "Filing": "rare_earth_regs.filings",
    "FilingKey": "rare_earth_regs.filings",
    "FilingSet": "rare_earth_regs.filings",
    "content_digest": "rare_earth_regs.filings",
    "check_filing": "rare_earth_regs.rules",
    "check_filings": "rare_earth_regs.rules",
    "InvalidInputError": "rare_earth_regs.exceptions",
    "InvalidPeriodError": "rare_earth_regs.exceptions",
    "InvalidQuantityError": "rare_earth_regs.exceptions",
    "InvalidTimestampError": "rare_earth_regs.exceptions",
    "InvalidUSCCError": "rare_earth_regs.exceptions",
    "LineReason": "rare_earth_regs.rules",
    "MassBasis": "rare_earth_regs.units",
    "Month": "rare_earth_regs.periods",
    "NotInForceError": "rare_earth_regs.exceptions",
    "OreType": "rare_earth_regs.model.quotas",
    "Product": "rare_earth_regs.model.products",
    "ProductClass": "rare_earth_regs.model.products",
    "Q_": "rare_earth_regs.units",
    "QuotaAllocation": "rare_earth_regs.model.quotas",
    "QuotaBasis": "rare_earth_regs.model.quotas",
    "QuotaUse": "rare_earth_regs.rules",
    "RULES": "rare_earth_regs.rules",
    "RareEarthRegsError": "rare_earth_regs.exceptions",
    "Rule": "rare_earth_regs.rules",
    "Severity": "rare_earth_regs.findings",
    "Tonnage": "rare_earth_regs.units",
    "UndisclosedQuotaError": "rare_earth_regs.exceptions",
    "UnknownElementError": "rare_earth_regs.exceptions",
    "UnknownQuotaError": "rare_earth_regs.exceptions",
    "check_flow_report": "rare_earth_regs.rules",
    "check_year": "rare_earth_regs.rules",
    "counts_against_quota": "rare_earth_regs.rules",
    "deadline_instant": "rare_earth_regs.rules",
    "element": "rare_earth_regs.model.elements",
    "element_mass_to_reo": "rare_earth_regs.model.elements",
    "fine_range": "rare_earth_regs.rules",
    "flow_report_due_date": "rare_earth_regs.rules",
    "get_registry": "rare_earth_regs.units",
    "get_rule": "rare_earth_regs.rules",
    "is_submitted_on_time": "rare_earth_regs.rules",
    "is_valid_uscc": "rare_earth_regs.model.enterprises",
    "make_uscc": "rare_earth_regs.model.enterprises",
    "mass_balance": "rare_earth_regs.model.reports",
    "national_quota": "rare_earth_regs.data.quotas",
    "product_mass_to_reo": "rare_earth_regs.units",
    "quota_use": "rare_earth_regs.rules",
    "rules_in_force": "rare_earth_regs.rules",
    "validate_uscc": "rare_earth_regs.model.enterprises",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
    "Filing",
    "FilingConflictError",
    "FilingKey",
    "FilingSet",
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
    "LineReason",
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
    "check_filing",
    "check_filings",
    "check_flow_report",
    "check_year",
    "content_digest",
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
    "make_uscc",
    "mass_balance",
    "national_quota",
    "product_mass_to_reo",
    "quota_use",
    "rules_in_force",
    "validate_uscc",
]
