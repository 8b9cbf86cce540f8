"""Fuzz the loaders: many hostile inputs, count those whose exception escapes.

Runs the property of the test suite (``outcome_of`` in ``tests/strategies.py``) with
hypothesis on ``--examples`` inputs (default 100 000): arbitrary JSON values and mutated
valid reports, allocations, designations and invoices, given to ``loads_report``,
``report_from_dict``, ``loads_allocations``, ``loads_designations`` and ``loads_invoices``;
what loads goes through a JSON round trip and the checks. An input *escapes* when anything
but a loaded object or an ``InvalidInputError`` comes out (``NotInForceError`` is fine from
the checks of a report before 2024-10 or of an invoice issued before 2024-10-01). The
target is 0 escapes; the script exits 1 otherwise and
prints the first escape of each kind (stage, exception type, innermost library function),
marking the kinds already reported (``KNOWN_BUGS``, each pinned by a strict xfail test).

The inputs are drawn in batches of ``--batch`` (a fresh hypothesis run each, seeded with
``--seed`` plus the batch number), so memory stays flat however many are asked for; every
input is counted as it is tried.

Usage::

    python fuzz/fuzz_loaders.py --examples 100000 [--seed 0] [--batch 5000] [--show 8]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings

from strategies import Case, Escape, fuzz_cases, known_bug, outcome_of

OUTCOMES = ("loaded", "refused", "escaped")


class Tally:
    """What the inputs gave, by loader, and the first escape of each kind."""

    def __init__(self) -> None:
        self.outcomes: collections.Counter[tuple[str, str]] = collections.Counter()
        self.kinds: collections.Counter[str] = collections.Counter()
        self.first: dict[str, Escape] = {}

    @property
    def tried(self) -> int:
        """How many inputs were tried."""
        return self.outcomes.total()

    @property
    def escaped(self) -> int:
        """How many inputs escaped."""
        return sum(self.kinds.values())

    def record(self, case: Case) -> None:
        """Try one input and count what it gave."""
        outcome, escape = outcome_of(case)
        self.outcomes[case.loader, outcome] += 1
        if escape is not None:
            self.kinds[escape.signature] += 1
            self.first.setdefault(escape.signature, escape)


def run_batch(tally: Tally, examples: int, batch_seed: int) -> None:
    """Try ``examples`` inputs in one hypothesis run."""

    @seed(batch_seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    @given(fuzz_cases())
    def run(case: Case) -> None:
        tally.record(case)

    run()


def report(tally: Tally, elapsed: float, seed_: int, show: int) -> None:
    """Print the counts, the kinds of escapes and the first escape of each kind."""
    print(f"tried {tally.tried} inputs in {elapsed:.0f} s (seed {seed_})")
    for loader in sorted({loader for loader, _ in tally.outcomes}):
        count = sum(tally.outcomes[loader, outcome] for outcome in OUTCOMES)
        found = ", ".join(
            f"{tally.outcomes[loader, outcome]} {outcome}"
            for outcome in OUTCOMES
            if tally.outcomes[loader, outcome]
        )
        print(f"  {loader}: {count} ({found})")
    print(f"escaped: {tally.escaped}")
    for signature, count in tally.kinds.most_common():
        bug = known_bug(tally.first[signature])
        tag = f"known: {bug.key}, pinned by {bug.test}" if bug else "NEW"
        print(f"  {count:6d}  {signature}  [{tag}]")
    for signature, _ in tally.kinds.most_common(show):
        print()
        print(tally.first[signature].describe())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the fuzzer; return 0 when nothing escaped, 1 otherwise."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="inputs to try")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first batch")
    parser.add_argument("--batch", type=int, default=5_000, help="inputs per hypothesis run")
    parser.add_argument("--show", type=int, default=8, help="kinds of escape to show in full")
    args = parser.parse_args(argv)

    tally = Tally()
    start = time.monotonic()
    number = 0
    while tally.tried < args.examples:
        before = tally.tried
        run_batch(tally, min(args.batch, args.examples - before), args.seed + number)
        number += 1
        elapsed = time.monotonic() - start
        print(
            f"... batch {number}: {tally.tried} inputs, {tally.escaped} escaped, {elapsed:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        if tally.tried == before:
            print("hypothesis generated no input; stopping", file=sys.stderr)
            break
    report(tally, time.monotonic() - start, args.seed, args.show)
    return 1 if tally.escaped else 0


if __name__ == "__main__":
    sys.exit(main())
