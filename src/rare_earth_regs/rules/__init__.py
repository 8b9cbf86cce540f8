"""Rules as code: one module per legal topic, each rule with a stable id and citations.

=======  ===============================  =========================================
id       module                           basis
=======  ===============================  =========================================
RPT001   :mod:`.reporting`                Order No. 71 monthly clause; P1–P3, P13, P18
RPT002   :mod:`.reporting`                Regulations art. 14(2)
RPT003   :mod:`.reporting`                Regulations art. 14(2) (truthful records)
RPT004   :mod:`.reporting`                Regulations art. 14(2) (stock continuity)
RPT005   :mod:`.reporting`                Regulations art. 14(2) (stated REO; P18)
QTA001   :mod:`.quotas`                   Regulations arts. 10, 21; Order No. 71
QTA002   :mod:`.quotas`                   P10 (undetermined)
ENT001   :mod:`.designation`              Regulations art. 8 (arts. 20, 22(1))
ENT002   :mod:`.designation`              Regulations arts. 8, 14(2) (declaration; P13)
FST001   :mod:`.feedstock`                Regulations art. 11(2) (art. 22(2))
SRC001   :mod:`.sources`                  Regulations art. 13 (art. 23); P16
SRC002   :mod:`.sources`                  Regulations art. 13 (art. 23), over a series
EXP001   :mod:`.exports`                  Regulations art. 15; MOFCOM/GAC No. 18 of 2025
INV001   :mod:`.invoices`                 SAT 2019 No. 13; 2012 No. 17 (invoice form)
INV002   :mod:`.invoices`                 SAT 2019 No. 13; 2012 No. 17 (what one invoice holds)
INV003   :mod:`.invoices`                 SAT 2012 No. 17 (seven lines; P22)
INV004   :mod:`.invoices`                 SAT 2019 No. 13 (flow lines naming invoices)
FIL001   :mod:`.filings`                  Regulations art. 14(2); P12 (copies)
FIL002   :mod:`.filings`                  Order No. 71 monthly clause; P12, P10
=======  ===============================  =========================================

Importing this package registers every rule in :data:`RULES`.
"""

from __future__ import annotations

from rare_earth_regs.rules import (
    designation,
    exports,
    feedstock,
    filings,
    invoices,
    quotas,
    reporting,
    sources,
)
from rare_earth_regs.rules.checks import (
    check_filing,
    check_filings,
    check_flow_report,
    check_year,
    iter_report_findings,
)
from rare_earth_regs.rules.common import ENCODED_FROM, production_activity
from rare_earth_regs.rules.invoices import check_invoices
from rare_earth_regs.rules.penalties import FineRange, fine_range
from rare_earth_regs.rules.quotas import (
    EnterpriseQuotaUse,
    HolderQuotaUse,
    LineReason,
    LineRef,
    QuotaUse,
    counts_against_quota,
    holder_quota_use,
    quota_use,
)
from rare_earth_regs.rules.registry import RULES, Rule, get_rule, rules_in_force
from rare_earth_regs.rules.reporting import (
    deadline_instant,
    flow_report_due_date,
    is_submitted_on_time,
)

__all__ = [
    "ENCODED_FROM",
    "RULES",
    "EnterpriseQuotaUse",
    "FineRange",
    "HolderQuotaUse",
    "LineReason",
    "LineRef",
    "QuotaUse",
    "Rule",
    "check_filing",
    "check_filings",
    "check_flow_report",
    "check_invoices",
    "check_year",
    "counts_against_quota",
    "deadline_instant",
    "designation",
    "exports",
    "feedstock",
    "filings",
    "fine_range",
    "flow_report_due_date",
    "get_rule",
    "holder_quota_use",
    "invoices",
    "is_submitted_on_time",
    "iter_report_findings",
    "production_activity",
    "quota_use",
    "quotas",
    "reporting",
    "rules_in_force",
    "sources",
]
