"""``rare-earth-regs rules``: the rule catalogue."""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
    current_language,
    say,
)
from rare_earth_regs.cli.output import emit, emit_json
from rare_earth_regs.locale import define
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
    lang = current_language()
    if args.format == "json":
        emit_json({"rules": [describe(rule, lang) for rule in rules]})
        return EXIT_OK
    for index, rule in enumerate(rules):
        if index:
            emit()
        until = rule.in_force_until.isoformat() if rule.in_force_until else say(OPEN_ENDED)
        cited = "; ".join(
            citation.zh if lang == "zh" else citation.en for citation in rule.citations
        )
        emit(f"{rule.id}  {rule.name}")
        emit(f"  {rule.title_in(lang)}")
        if lang == "zh":  # the English catalogue keeps its short form; Chinese adds the reading
            emit(f"  {rule.summary_in(lang)}")
        emit("  " + say(CITES, citations=cited))
        emit("  " + say(IN_FORCE, start=rule.in_force_from.isoformat(), end=until))
        emit("  " + say(POLICIES, policies=", ".join(rule.policies) or "-"))
        emit(
            "  "
            + say(
                SCOPE,
                scope=SCOPES[rule.scope]() if rule.scope in SCOPES else rule.scope,
                severities=", ".join(severity.term.render(lang) for severity in rule.severities),
            )
        )
    return EXIT_OK


OPEN_ENDED = define("cli.rules.open-ended", "open-ended")
CITES = define("cli.rules.cites", "cites:     {citations}")
IN_FORCE = define("cli.rules.in-force", "in force:  {start} to {end}")
POLICIES = define("cli.rules.policies", "policies:  {policies}")
SCOPE = define("cli.rules.scope", "scope:     {scope}; severities: {severities}")
SCOPES = {
    "report": define("cli.rules.scope-report", "report"),
    "year": define("cli.rules.scope-year", "year"),
    "invoice": define("cli.rules.scope-invoice", "invoice"),
    "filing": define("cli.rules.scope-filing", "filing"),
}
