"""One authoritative entry per enterprise and month: copies and missing first entries.

References:
    * Regulations 2024, art. 14(2) (《稀土管理条例》第十四条第二款): enterprises keep
      product flow records and enter them truthfully into the traceability information
      system, which keeps one entry per enterprise and month and its corrections.
    * Order No. 71, monthly flow-reporting clause: the previous month's flows are entered
      by the 10th of each month.

Limitations:
    * The rules here read a :class:`~rare_earth_regs.filings.Filing` (every revision of
      one enterprise and month), not one report: they run from
      :func:`~rare_earth_regs.rules.check_filing` and
      :func:`~rare_earth_regs.rules.check_filings`.
    * A conflict (the same revision with two contents) is bad input, not a finding: it
      raises :class:`~rare_earth_regs.exceptions.FilingConflictError` before any rule runs.
"""

from __future__ import annotations

from collections.abc import Iterator

from rare_earth_regs.filings import Filing
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import ORDER_71_MONTHLY_REPORTING, REGULATIONS_2024, Citation
from rare_earth_regs.locale import define
from rare_earth_regs.rules.common import REGULATIONS_IN_FORCE
from rare_earth_regs.rules.registry import register

__all__ = ["check_filing_copies", "check_first_revision_given"]

ART_14_2 = Citation(REGULATIONS_2024, 14, 2)

COPIES = define(
    "FIL001.copies",
    "revision {revision} of the flow report of {uscc} for {month} was filed {count} times with "
    "the same content ({sources}); it is counted once",
)
FIRST_REVISION_MISSING = define(
    "FIL002.first-revision-missing",
    "the flow report of {uscc} for {month} is given from revision {first} on; revision 1 is "
    "missing, so the time of the first entry is not known and timeliness is judged on "
    "revision {first}'s entry time, the latest the first entry can have been",
)


def check_filing_copies(filing: Filing, **_: object) -> Iterator[Finding]:
    """The same revision of a monthly report was filed more than once, with the same content.

    Legal basis:
        Regulations art. 14(2): 如实记录稀土产品流向信息并录入稀土产品追溯信息系统 —
        record the flows truthfully and enter them into the traceability system, which
        holds one entry per enterprise and month.

    Interpretation:
        P12: a report is identified by its enterprise and month; documents with the same
        key, the same revision and the same content (the same content digest) are one
        filing, counted once. The copies are reported as INFO, naming every source, so
        that nothing is summed twice without saying so.
    """
    for entry in filing.copies:
        revision, sources = entry.revision, entry.sources
        yield Finding(
            rule_id="FIL001",
            severity=Severity.INFO,
            message=COPIES(
                revision=revision,
                uscc=filing.key.uscc,
                month=str(filing.key.month),
                count=len(sources),
                sources=", ".join(sources),
            ),
            citations=(ART_14_2,),
            subject="$",
            facts={
                "enterprise": filing.key.uscc,
                "month": str(filing.key.month),
                "revision": revision,
                "sources": list(sources),
                "content_sha256": entry.digest,
            },
        )


register(
    id="FIL001",
    name="filing-copy",
    citations=(ART_14_2,),
    severities=(Severity.INFO,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P12",),
    scope="filing",
)(check_filing_copies)


def check_first_revision_given(filing: Filing, **_: object) -> Iterator[Finding]:
    """The first entry of a monthly report is not among the documents: its entry time is unknown.

    Legal basis:
        Order No. 71, monthly flow-reporting clause: 每月10日前 — the previous month's
        flows are entered by the 10th; Regulations art. 14(2): the records are entered
        into the traceability system.

    Interpretation:
        P12: timeliness is judged on the first revision's entry time. When the lowest
        revision given is above 1, the first entry was made before it, at a time the
        documents do not show: the lowest revision's entry time stands in for it (the
        first entry was made no later), so an on-time verdict holds, but a late one may
        be wrong. P10: the gap is reported as UNDETERMINED, never passed over.
    """
    if filing.first_revision == 1:
        return
    entered = filing.entered_at
    yield Finding(
        rule_id="FIL002",
        severity=Severity.UNDETERMINED,
        message=FIRST_REVISION_MISSING(
            uscc=filing.key.uscc, month=str(filing.key.month), first=filing.first_revision
        ),
        citations=(ORDER_71_MONTHLY_REPORTING, ART_14_2),
        subject="$.revision",
        facts={
            "enterprise": filing.key.uscc,
            "month": str(filing.key.month),
            "first_revision_given": filing.first_revision,
            "entered_at": None if entered is None else entered.isoformat(),
        },
    )


register(
    id="FIL002",
    name="filing-first-revision-missing",
    citations=(ORDER_71_MONTHLY_REPORTING, ART_14_2),
    severities=(Severity.UNDETERMINED,),
    in_force_from=REGULATIONS_IN_FORCE,
    policies=("P10", "P12"),
    scope="filing",
)(check_first_revision_given)
