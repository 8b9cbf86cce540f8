"""Run mutmut over the rules package, units.py and periods.py and print the mutation score.

Usage, from the repository root (with the ``test`` extra and ``mutmut`` installed)::

    python mutation/run_mutation.py --fresh        # a full run from scratch, then report
    python mutation/run_mutation.py                # resume: new or changed code, then
                                                   # every mutant not yet killed
    python mutation/run_mutation.py --report-only  # report on the last run only

The mutmut configuration (which files are mutated, which tests run) is the
``[tool.mutmut]`` table of ``pyproject.toml``. mutmut works in ``mutants/`` and keeps
each verdict until the mutated function changes; so that new tests count, the resumed
run then re-tests, by name, every mutant whose last verdict was not "killed".

The score is ``killed / (total - equivalent)``, where *equivalent* counts the
surviving mutants listed in ``mutation/equivalent.toml`` (mutants that cannot change
observable behaviour, each with its reason). It is printed raw (no mutant excused) and
adjusted; the script exits 1 when the adjusted score is below the threshold (90 %),
and 2 when mutmut itself fails.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT_FILE = ROOT / "mutation" / "equivalent.toml"
THRESHOLD = 90.0
# "    rare_earth_regs.units.x_parse_tonnage__mutmut_3: survived"
_RESULT_LINE = re.compile(r"^\s+(?P<name>\S+): (?P<status>.+?)\s*$")
# mutmut's statuses, in the order they are printed
STATUSES = (
    "killed",
    "survived",
    "timeout",
    "suspicious",
    "no tests",
    "skipped",
    "caught by type check",
    "segfault",
    "check was interrupted by user",
    "not checked",
)


def _mutmut(*args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=ROOT,
        check=False,
        text=True,
        capture_output=capture,
    )


def refresh_unmutated_copies(root: Path = ROOT) -> list[Path]:
    """Copy again every file of the package that mutmut copies but does not mutate.

    mutmut copies the package into ``mutants/`` once and, on a resumed run, leaves a file
    that is already there alone unless it is one it mutates: a module, a message catalogue
    or a data file changed since would be tested stale. Returns the files refreshed.
    """
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    table = config["tool"]["mutmut"]
    mutated = [str(pattern) for pattern in table.get("only_mutate", [])]
    refreshed: list[Path] = []
    for source_root in table.get("source_paths", []):
        for source in sorted((root / source_root).rglob("*")):
            relative = source.relative_to(root)
            if not source.is_file() or "__pycache__" in relative.parts:
                continue
            if any(relative.match(pattern) for pattern in mutated):
                continue
            target = root / "mutants" / relative
            if target.exists() and target.read_bytes() != source.read_bytes():
                shutil.copy2(source, target)
                refreshed.append(relative)
    return refreshed


def run_mutmut(max_children: int, names: list[str] | None = None) -> int:
    """Run ``mutmut run`` (resuming any earlier run), on ``names`` only if given."""
    return _mutmut("run", "--max-children", str(max_children), *(names or [])).returncode


def read_results() -> dict[str, str]:
    """Every mutant's status, by mutmut's mutant name, from ``mutmut results --all true``."""
    completed = _mutmut("results", "--all", "true", capture=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(2)
    results: dict[str, str] = {}
    for line in completed.stdout.splitlines():
        match = _RESULT_LINE.match(line)
        if match is not None:
            results[match["name"]] = match["status"]
    return results


def read_equivalents(path: Path = EQUIVALENT_FILE) -> dict[str, str]:
    """The mutants judged equivalent: mutant name -> reason (``[equivalent]`` table)."""
    if not path.exists():
        return {}
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("equivalent", {})
    return {str(name): str(reason) for name, reason in table.items()}


def _percent(numerator: int, denominator: int) -> float:
    return 100.0 * numerator / denominator if denominator else 100.0


def report(results: dict[str, str], equivalents: dict[str, str], threshold: float) -> int:
    """Print the counts and the raw and adjusted scores; return the exit code (0 or 1)."""
    counts = Counter(results.values())
    total = len(results)
    killed = counts["killed"]
    excused = sorted(name for name in equivalents if results.get(name) == "survived")
    stale = sorted(name for name in equivalents if results.get(name) != "survived")
    raw = _percent(killed, total)
    adjusted = _percent(killed, total - len(excused))

    print(f"mutants:      {total}")
    for status in STATUSES:
        if counts[status] or status in ("killed", "survived", "timeout", "suspicious", "no tests"):
            print(f"{status + ':':<14}{counts[status]}")
    for status in sorted(set(counts) - set(STATUSES)):
        print(f"{status + ':':<14}{counts[status]}")
    print(f"equivalent:   {len(excused)} (surviving mutants listed in {EQUIVALENT_FILE.name})")
    print(f"score (raw):      {raw:.1f}% = {killed}/{total}")
    print(f"score (adjusted): {adjusted:.1f}% = {killed}/{total - len(excused)}")

    survivors = sorted(
        name for name, status in results.items() if status == "survived" and name not in excused
    )
    if survivors:
        print(f"\nsurvivors not listed as equivalent ({len(survivors)}):")
        for name in survivors:
            print(f"    {name}")
    others = sorted(
        (name, status) for name, status in results.items() if status not in ("killed", "survived")
    )
    if others:
        print(f"\nneither killed nor survived ({len(others)}):")
        for name, status in others:
            print(f"    {name}: {status}")
    if stale:
        print(f"\nlisted as equivalent but not surviving ({len(stale)}; remove them):")
        for name in stale:
            print(f"    {name}: {results.get(name, 'no such mutant')}")

    if total == 0:
        print("\nno mutants found: run mutmut first")
        return 1
    if adjusted < threshold:
        print(f"\nFAIL: adjusted score {adjusted:.1f}% is below {threshold:.0f}%")
        return 1
    print(f"\nOK: adjusted score {adjusted:.1f}% is at least {threshold:.0f}%")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--report-only", action="store_true", help="do not run mutmut; report on the last run"
    )
    parser.add_argument(
        "--max-children", type=int, default=2, help="parallel mutmut workers (default 2)"
    )
    parser.add_argument(
        "--threshold", type=float, default=THRESHOLD, help="minimum adjusted score, in percent"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="delete mutants/ first: every mutant is re-tested"
    )
    args = parser.parse_args(argv)
    if not args.report_only:
        if args.fresh:
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        else:
            for path in refresh_unmutated_copies():
                print(f"refreshed mutants/{path}")
        code = run_mutmut(args.max_children)
        if code == 0 and not args.fresh:
            # verdicts other than "killed" may be stale: tests were added since
            retry = sorted(name for name, status in read_results().items() if status != "killed")
            if retry:
                code = run_mutmut(args.max_children, retry)
        if code != 0:
            print(f"mutmut run failed with exit code {code}", file=sys.stderr)
            return 2
    return report(read_results(), read_equivalents(), args.threshold)


if __name__ == "__main__":
    raise SystemExit(main())
