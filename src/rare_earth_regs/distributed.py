"""Check many report files on Dask, when one machine or one process is not enough.

The recipe: a Dask bag of file paths; each worker reads a file, runs the report-level
rules on it and makes its digest (:func:`~rare_earth_regs.stream.report_digest`);
the driver reduces the results by filing key (enterprise and month, policy P12: the
highest revision counts, a copy counts once, a conflict is refused), then runs the
year-level rules once over the authoritative digests. Only paths go to the workers
and only findings and digests come back, never whole reports. The result equals
:func:`~rare_earth_regs.rules.check_filings` on the same reports, whatever the order
in which the workers finish.

Dask is an optional dependency: ``pip install '.[dask]'`` in a checkout of the
repository. It is imported when :func:`check_files_dask` is called, not when this module is.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rare_earth_regs.exceptions import InvalidInputError
from rare_earth_regs.filings import content_digest
from rare_earth_regs.findings import Findings
from rare_earth_regs.model.enterprises import DesignationRegister
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.periods import Month
from rare_earth_regs.rules.checks import check_flow_report
from rare_earth_regs.rules.reporting import WorkingDayCalendar
from rare_earth_regs.serialization import load_report
from rare_earth_regs.stream import StreamChecker, report_digest

__all__ = ["DASK_INSTALL_HINT", "check_file", "check_files_dask"]

#: The message of the ModuleNotFoundError raised when Dask is not installed.
DASK_INSTALL_HINT = (
    "check_files_dask needs Dask: pip install '.[dask]' in a checkout of the repository"
)


def check_file(
    path: str,
    *,
    year: int | None = None,
    designations: DesignationRegister | None = None,
    as_of: dt.date | None = None,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
    balance_tolerance_grams: int = 0,
) -> tuple[Findings, FlowReport, str]:
    """What a worker does with one file: its report-level findings, its digest and content digest.

    The findings are those of ``check_flow_report``, the digest that of
    :func:`~rare_earth_regs.stream.report_digest` and the content digest that of
    :func:`~rare_earth_regs.filings.content_digest` (the driver tells copies from
    conflicts with it). All three pickle, so they can travel back from a worker.
    """
    report = load_report(Path(path))
    findings = check_flow_report(
        report,
        designations=designations,
        as_of=as_of,
        roll_over=roll_over,
        is_working_day=is_working_day,
        balance_tolerance_grams=balance_tolerance_grams,
    )
    return (
        findings,
        report_digest(report, year=year, designations=designations),
        content_digest(report),
    )


def _import_dask_bag() -> Any:
    try:
        return importlib.import_module("dask.bag")
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(DASK_INSTALL_HINT, name=error.name) from error


def check_files_dask(
    paths: Iterable[str | os.PathLike[str]],
    *,
    year: int | None = None,
    allocations: Iterable[QuotaAllocation] = (),
    designations: DesignationRegister | None = None,
    as_of: dt.date | None = None,
    roll_over: bool = False,
    is_working_day: WorkingDayCalendar | None = None,
    balance_tolerance_grams: int = 0,
    since: Month | None = None,
    through: Month | None = None,
    prior_use: Iterable[PriorUse] = (),
    npartitions: int | None = None,
    scheduler: Any = "processes",
    num_workers: int | None = None,
) -> Findings:
    """Check JSON report files on Dask: every report-level finding, then the year-level ones.

    The options ``allocations``, ``designations``, ``as_of``, ``roll_over``,
    ``is_working_day``, ``balance_tolerance_grams``, ``since``, ``through`` and
    ``prior_use`` are those
    of :func:`~rare_earth_regs.rules.check_flow_report` and
    :func:`~rare_earth_regs.rules.check_year`; ``designations`` and ``is_working_day``
    are sent to the workers and must pickle.

    Args:
        paths: the report files (read by the workers, so they must be reachable from
            them: on a cluster, a shared file system).
        year: the year of the year-level rules; ``None`` checks every year a report
            is for (as :class:`~rare_earth_regs.stream.StreamChecker`).
        npartitions: the number of partitions of the bag (Dask's default if None).
        scheduler: any scheduler Dask's ``compute`` accepts: ``"processes"`` (the
            default), ``"threads"``, ``"synchronous"`` or a ``distributed.Client``.
        num_workers: the number of local workers (``"processes"`` and ``"threads"``).

    Returns:
        The findings, equal to ``check_filings`` on the reports (with ``year``), in
        canonical order: for reports that are each the only filing of their enterprise
        and month, ``check_flow_report`` on each and ``check_year`` on all of them.

    Raises:
        ModuleNotFoundError: Dask is not installed (the message says how to install it).
        FilingConflictError: two files hold different content for the same enterprise,
            month and revision (both paths are named).
    """
    bag_module = _import_dask_bag()
    # Checks the options before any work is sent out; gathers the digests.
    checker = StreamChecker(
        year=year,
        allocations=allocations,
        designations=designations,
        as_of=as_of,
        roll_over=roll_over,
        is_working_day=is_working_day,
        balance_tolerance_grams=balance_tolerance_grams,
        since=since,
        through=through,
        prior_use=prior_use,
    )
    if isinstance(paths, str | bytes | os.PathLike):
        raise InvalidInputError(
            field="paths", value=paths, accepted="an iterable of paths, such as a list"
        )
    files = [os.fspath(path) for path in paths]
    if not files:
        return checker.findings()
    task = functools.partial(
        check_file,
        year=year,
        designations=designations,
        as_of=as_of,
        roll_over=roll_over,
        is_working_day=is_working_day,
        balance_tolerance_grams=balance_tolerance_grams,
    )
    partitions: dict[str, int] = {} if npartitions is None else {"npartitions": npartitions}
    bag = bag_module.from_sequence(files, **partitions).map(task)
    workers: dict[str, int] = {} if num_workers is None else {"num_workers": num_workers}
    results: list[tuple[Findings, FlowReport, str]] = bag.compute(scheduler=scheduler, **workers)
    for path, (findings, digest, content) in zip(files, results, strict=True):
        checker.add_checked(digest, findings, digest=content, source=path)
    return checker.findings()
