"""``rare-earth-regs elements``: the 17 rare earth elements, oxides, factors, groups."""

from __future__ import annotations

import argparse
from decimal import Decimal

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
    print_table,
    term,
)
from rare_earth_regs.cli.output import emit
from rare_earth_regs.locale import N_
from rare_earth_regs.model.elements import Element, ElementGroupScheme


def register(commands: Subcommands) -> None:
    """Add the ``elements`` command."""
    elements = commands.add_parser(
        "elements",
        help="the 17 rare earth elements",
        description="The 17 rare earth elements, their oxides, REO factors and groups.",
    )
    elements.set_defaults(handler=run)


def run(_args: argparse.Namespace) -> int:
    schemes = tuple(ElementGroupScheme)
    header = ["Z", *(term(name) for name in HEADER)]
    header += [scheme.value for scheme in schemes]
    rows = []
    for member in sorted(Element, key=lambda item: item.atomic_number):
        factor = member.oxide_factor
        rows.append(
            [
                str(member.atomic_number),
                member.symbol,
                member.name_en,
                member.name_zh,
                term(NOT_AVAILABLE) if member.atomic_weight is None else str(member.atomic_weight),
                member.oxide_formula,
                term(NOT_AVAILABLE) if factor is None else str(factor.quantize(Decimal("0.0001"))),
                *(_group(scheme.group_of(member)) for scheme in schemes),
            ]
        )
    print_table(header, rows)
    emit()
    emit(term(FOOTNOTE))
    for scheme in schemes:
        emit(f"{scheme.value}: {term(scheme.description)}")
    return EXIT_OK


def _group(name: str | None) -> str:
    return "-" if name is None else term(name)


#: The group names of the schemes, catalogued.
GROUPS = (N_("light"), N_("medium"), N_("heavy"))
HEADER = (
    N_("symbol"),
    N_("English"),
    N_("Chinese"),
    N_("atomic weight"),
    N_("oxide"),
    N_("factor"),
)
NOT_AVAILABLE = N_("n/a")
FOOTNOTE = N_("factor: t REO per t of element. n/a: promethium has no standard atomic weight (P9).")
