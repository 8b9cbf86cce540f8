"""``rare-earth-regs due``: the flow-report due date of a month and the first late instant."""

from __future__ import annotations

import argparse
import datetime as dt

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
    require_calendar,
)
from rare_earth_regs.rules.reporting import deadline_instant, flow_report_due_date


def register(commands: Subcommands) -> None:
    """Add the ``due`` command."""
    due = commands.add_parser(
        "due",
        help="the flow-report due date of a month",
        description="The due date of a month's flow report and the first instant that is late.",
    )
    due.add_argument("month", metavar="MONTH", help="the reporting month, YYYY-MM")
    due.add_argument(
        "--roll-over",
        action="store_true",
        help="move a due date on a non-working day to the next working day",
    )
    due.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.roll_over:
        require_calendar()
    month = str(args.month).strip()
    due = flow_report_due_date(month, roll_over=args.roll_over)
    late = deadline_instant(month, roll_over=args.roll_over)
    rolled = ""
    if args.roll_over:
        plain = flow_report_due_date(month)
        if plain != due:
            rolled = f" (rolled over from {plain.isoformat()}, a non-working day)"
    print(f"Reporting month:  {month}")
    print(f"Due date:         {due.isoformat()}, on or before, Beijing calendar day{rolled}")
    print(f"Late from:        {late.isoformat()} (Beijing time, UTC+8)")
    print(f"                  {late.astimezone(dt.UTC).isoformat()} (UTC)")
    print("Basis:            Order No. 71, monthly flow reporting by the 10th (policies P1, P2)")
    return EXIT_OK
