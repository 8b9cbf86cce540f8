"""``rare-earth-regs reo``: a mass converted to its REO equivalent."""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import (
    EXIT_OK,
    CommandError,
    Subcommands,
    say,
)
from rare_earth_regs.cli.output import emit
from rare_earth_regs.locale import define
from rare_earth_regs.model.elements import element, element_tonnage_to_reo
from rare_earth_regs.units import (
    MassBasis,
    parse_reo_fraction,
    parse_tonnage,
    product_tonnage_to_reo,
)


def register(commands: Subcommands) -> None:
    """Add the ``reo`` command."""
    reo = commands.add_parser(
        "reo",
        help="convert a mass to its REO equivalent",
        description=(
            "Convert the mass of an element (through its oxide factor) or of a product "
            "(through its REO fraction) to tonnes of rare earth oxide."
        ),
    )
    reo.add_argument("quantity", metavar="QUANTITY", help="a gross mass, such as '12.5 t'")
    reo.add_argument(
        "element", metavar="ELEMENT", nargs="?", help="symbol, English or Chinese name, or Z"
    )
    reo.add_argument("--fraction", metavar="F", help="the product's REO fraction, '0.45' or '45%%'")
    reo.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if (args.element is None) == (args.fraction is None):
        raise CommandError(EITHER())
    mass = parse_tonnage(args.quantity, basis=MassBasis.GROSS)
    if args.element is not None:
        found = element(_element_designator(args.element))
        result = element_tonnage_to_reo(mass, found)
        emit(f"{mass} {found.symbol} = {result}")
        emit(say(OXIDE, oxide=found.oxide_formula, factor=str(found.oxide_factor)))
    else:
        fraction = parse_reo_fraction(args.fraction, field="--fraction")
        result = product_tonnage_to_reo(mass, fraction)
        emit(say(OF_PRODUCT, mass=str(mass), result=str(result)))
        emit(say(FRACTION, fraction=str(fraction)))
    return EXIT_OK


EITHER = define(
    "cli.reo.either", "reo: give either an ELEMENT or --fraction F, not both or neither"
)
OXIDE = define("cli.reo.oxide", "oxide {oxide}, factor {factor}")
OF_PRODUCT = define("cli.reo.of-product", "{mass} of product = {result}")
FRACTION = define("cli.reo.fraction", "REO fraction {fraction}")


def _element_designator(text: str) -> str | int:
    stripped = text.strip()
    # an atomic number has at most three digits; longer text is read (and refused) as a name
    is_number = stripped.isascii() and stripped.isdigit() and len(stripped) <= 3
    return int(stripped) if is_number else text
