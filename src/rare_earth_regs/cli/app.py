"""The entry point: the parser built from the command modules, and the exit codes."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from rare_earth_regs.cli import check, due, elements, quotas, reo, rules, schema
from rare_earth_regs.cli.common import (
    EXIT_USAGE,
    EXIT_VIOLATIONS,
    PROG,
    CommandError,
    error_text,
    print_error,
    silence_stdout,
)
from rare_earth_regs.exceptions import RareEarthRegsError

#: The command modules, in the order ``--help`` lists them. Each has ``register(commands)``,
#: which adds its subparser with ``handler`` set to the module's ``run``.
COMMANDS = (check, due, reo, elements, quotas, rules, schema)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (0, 1 or 2).

    ``argv`` defaults to ``sys.argv[1:]``. Bad input prints one error line on stderr
    and returns 2; argparse usage errors exit with status 2 as well.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        silence_stdout()
        return EXIT_VIOLATIONS
    except (RareEarthRegsError, CommandError, OSError) as error:
        print_error(error_text(error))
        return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the tool (one subcommand per command module)."""
    from rare_earth_regs import __version__  # noqa: PLC0415 - avoid an import cycle

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "China's rare earth rules (State Council Decree No. 785, MIIT/NDRC/MNR Order "
            "No. 71): check monthly flow reports and look up deadlines, REO factors, "
            "national quotas and the rule catalogue."
        ),
        epilog="Exit codes: 0 no violation, 1 violations found, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser
