"""``rare-earth-regs rules``: the rule catalogue."""

from __future__ import annotations

import argparse
import json

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
)
from rare_earth_regs.rules import RULES
from rare_earth_regs.rules.registry import describe


def register(commands: Subcommands) -> None:
    """Add the ``rules`` command."""
    rules = commands.add_parser(
        "rules",
        help="the rule catalogue",
        description="Every rule: id, name, citations, effective window and policies.",
    )
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    rules = [rule for _, rule in sorted(RULES.items())]
    if args.format == "json":
        print(json.dumps({"rules": [describe(rule) for rule in rules]}, indent=2))
        return EXIT_OK
    for index, rule in enumerate(rules):
        if index:
            print()
        until = rule.in_force_until.isoformat() if rule.in_force_until else "open-ended"
        print(f"{rule.id}  {rule.name}")
        print(f"  {rule.title}")
        print(f"  cites:     {'; '.join(citation.en for citation in rule.citations)}")
        print(f"  in force:  {rule.in_force_from.isoformat()} to {until}")
        print(f"  policies:  {', '.join(rule.policies) or '-'}")
        print(
            f"  scope:     {rule.scope}; severities: "
            f"{', '.join(severity.value for severity in rule.severities)}"
        )
    return EXIT_OK
