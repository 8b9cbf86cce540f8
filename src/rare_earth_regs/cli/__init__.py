"""The command-line tool ``rare-earth-regs`` (also ``python -m rare_earth_regs``).

One module per command (``check``, ``template``, ``import_flows``, ``due``, ``reo``,
``elements``, ``quotas``, ``rules``, ``schema``, ``export-check``, ``stats``), each with
``register(commands)`` and ``run(args)``; ``app`` builds the parser from them and maps
errors to exit codes; ``parser`` writes the help and argparse's usage errors in the
language of the run (``--lang zh`` or a ``zh_*`` locale gives Chinese help).

Commands::

    rare-earth-regs check FILE... [--allocations FILE] [--designations FILE]
                        [--products FILE] [--enterprise FILE]
                        [--year YYYY] [--since YYYY-MM] [--through YYYY-MM]
                        [--as-of YYYY-MM-DD] [--roll-over] [--tolerance-grams N]
                        [--format text|json|csv|xlsx] [--output FILE] [--exit-zero]
                        [--max-file-size SIZE] [--all-errors]
    rare-earth-regs template [--format xlsx|csv] --out FILE [--language en|zh]
    rare-earth-regs import FLOWS [--products FILE] [--enterprise FILE] --out DIR
    rare-earth-regs due MONTH [--roll-over] [--submitted-at TIMESTAMP]
    rare-earth-regs reo QUANTITY ELEMENT
    rare-earth-regs reo QUANTITY --fraction F
    rare-earth-regs elements
    rare-earth-regs quotas [YEAR]
    rare-earth-regs rules [--format text|json]
    rare-earth-regs schema
    rare-earth-regs export-check ITEM --on YYYY-MM-DD [--format text|json]
    rare-earth-regs stats FILE... [--by month|quarter|half|year] [--csv PATH]
    rare-earth-regs --version

``check`` reads monthly flow reports (each FILE is a JSON report, a folder whose
``*.json`` files are reports, read in name order, or a ``.csv``/``.xlsx`` flows table
in the tabular layout, which holds one report per enterprise, month and revision), runs
:func:`~rare_earth_regs.rules.check_flow_report` on each report and
:func:`~rare_earth_regs.rules.check_year` on the series of each calendar year present
(only ``--year`` if given: reports of other years are then skipped). ``--as-of`` is the
date of the check, which decides whether a report with no submission time is overdue;
without it such a report is UNDETERMINED (the tool never reads the clock).
``--roll-over`` moves a due date on a non-working day to the next working day (needs
the optional ``holidays`` package). ``--tolerance-grams`` is the mass-balance tolerance.

``check --format json`` prints one JSON document, keys in this order::

    {
      "summary": {"violation": 2, "warning": 0, "undetermined": 0, "info": 0,
                  "findings": 2, "reports": 9, "lines": 104, "years": [2025]},
      "ok": false,
      "reports": [{"report_id": "...", "file": "examples/reports/2025-07-mining.json",
                   "enterprise": "<USCC>", "month": "2025-07"}, ...],
      "findings": [<Finding.to_dict()>, ...]
    }

``summary`` counts findings by severity (in :class:`~rare_earth_regs.findings.Severity`
order), then all findings, reports and flow lines checked, and the years checked.
``ok`` is false when any finding is a violation. ``reports`` lists the reports checked,
in the order read; ``findings`` are in the canonical order of
:class:`~rare_earth_regs.findings.Findings`, each as :meth:`Finding.to_dict
<rare_earth_regs.findings.Finding.to_dict>` gives it.

Exit codes: ``0`` no violation (undetermined findings and warnings do not count);
``1`` violations found (``--exit-zero`` makes it 0; ``due --submitted-at``: late);
``2`` bad input or usage; ``70`` a bug in the tool; ``130`` interrupted; ``141`` the
reader of the output went away (as for a process ended by SIGPIPE, with no message).
Bad input of any kind prints one line on stderr,
``rare-earth-regs: error: <file>: <path>: <message>``, then one line for each further
error of the document (up to :data:`MAX_ERRORS_SHOWN`, or all with ``--all-errors``),
and no traceback. Only regular files are read, up to ``--max-file-size`` (default
:data:`DEFAULT_MAX_FILE_SIZE`, 64 MiB); everything printed is escaped
(:func:`~rare_earth_regs.cli.output.escape`), so no name can forge an output line.

``check --format csv|xlsx --output FILE`` writes the findings, the quota use and the
monthly balances as tables (see :mod:`rare_earth_regs.tabular.tables`).

On a terminal, ``check`` draws a progress bar on stderr when it reads more than a few
files.
"""

from __future__ import annotations

from rare_earth_regs.cli.app import build_parser, main
from rare_earth_regs.cli.common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_VIOLATIONS,
    MAX_ERRORS_SHOWN,
    PROG,
    CommandError,
)
from rare_earth_regs.cli.inputs import DEFAULT_MAX_FILE_SIZE

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXIT_VIOLATIONS",
    "MAX_ERRORS_SHOWN",
    "PROG",
    "CommandError",
    "build_parser",
    "main",
]
