"""``rare-earth-regs rules``: the rule catalogue."""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
)
from rare_earth_regs.cli.output import emit, emit_json
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
        emit_json({"rules": [describe(rule) for rule in rules]})
        return EXIT_OK
    for index, rule in enumerate(rules):
        if index:
            emit()
        until = rule.in_force_until.isoformat() if rule.in_force_until else "open-ended"
        emit(f"{rule.id}  {rule.name}")
        emit(f"  {rule.title}")
        emit(f"  cites:     {'; '.join(citation.en for citation in rule.citations)}")
        emit(f"  in force:  {rule.in_force_from.isoformat()} to {until}")
        emit(f"  policies:  {', '.join(rule.policies) or '-'}")
        emit(
            f"  scope:     {rule.scope}; severities: "
            f"{', '.join(severity.value for severity in rule.severities)}"
        )
    return EXIT_OK
