"""The entry point: the parser built from the command modules, and the exit codes."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Sequence

from rare_earth_regs.cli import (
    check,
    due,
    elements,
    export_check,
    file,
    history,
    import_flows,
    quota_use,
    quotas,
    reo,
    rules,
    schema,
    stats,
    template,
)
from rare_earth_regs.cli.common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    PROG,
    CommandError,
    choose_language,
    error_lines,
    print_error,
    print_internal_error,
    print_note,
    silence_stdout,
)
from rare_earth_regs.cli.parser import Parser
from rare_earth_regs.exceptions import RareEarthRegsError
from rare_earth_regs.locale import LANGUAGES, N_

#: The command modules, in the order ``--help`` lists them. Each has ``register(commands)``,
#: which adds its subparser with ``handler`` set to the module's ``run``.
COMMANDS = (
    check,
    file,
    history,
    template,
    import_flows,
    quota_use,
    due,
    reo,
    elements,
    quotas,
    rules,
    schema,
    export_check,
    stats,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    ``argv`` defaults to ``sys.argv[1:]``. The exit codes: 0 no violation, 1 violations
    found, 2 bad input or usage (one error line on stderr, a line more for each further
    error of a document), 70 a bug in the tool (one line), 130 interrupted, 141 the
    reader of the output went away (no message, as a process ended by SIGPIPE).
    """
    try:
        return _run(argv)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        silence_stdout()
        return EXIT_BROKEN_PIPE


def _run(argv: Sequence[str] | None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    choose_language(arguments, os.environ)
    parser = _parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:  # --help, --version and usage errors
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except BrokenPipeError:
        raise
    except (RareEarthRegsError, CommandError, OSError) as error:
        _report_skipped(error)
        print_error(*error_lines(error, all_errors=getattr(args, "all_errors", False)))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: one line, so that a user can report it
        print_internal_error(error)
        return EXIT_INTERNAL
    return code


@functools.cache
def _parser() -> argparse.ArgumentParser:
    # Built once per process (building it costs milliseconds; parsing does not change it).
    return build_parser()


def _report_skipped(error: BaseException) -> None:
    for entry in getattr(error, "skipped", ()):
        print_note("skipped", entry.describe())


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the tool (one subcommand per command module)."""
    from rare_earth_regs import __version__  # noqa: PLC0415 - avoid an import cycle

    parser = Parser(
        prog=PROG,
        description=(
            "China's rare earth rules (State Council Decree No. 785, MIIT/NDRC/MNR Order "
            "No. 71): check monthly flow reports and look up deadlines, REO factors, "
            "national quotas and the rule catalogue."
        ),
        epilog=(
            "Exit codes: 0 no violation, 1 violations found, 2 bad input or usage, "
            "70 a bug in the tool, 130 interrupted, 141 output pipe closed."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--lang", choices=LANGUAGES, help=LANG_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    for subparser in commands.choices.values():
        # accepted after the command too (rare-earth-regs rules --lang zh)
        subparser.add_argument("--lang", choices=LANGUAGES, help=LANG_HELP)
    return parser


LANG_HELP = N_(
    "the language of the output: en or zh (简体中文); without it, a zh_* locale in "
    "LC_ALL, LC_MESSAGES or LANG gives Chinese, anything else English"
)
