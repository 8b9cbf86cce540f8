"""Threads: the unit registry is built once under concurrent first use; checks are thread-safe.

The registry is created on first use, so the race is checked in fresh interpreters, where
it does not exist yet: 8 threads wait at a barrier, then all ask for it at once. To widen
the race window, the subprocess wraps ``pint.UnitRegistry`` in a subclass that counts its
instances and sleeps while it is built; exactly one registry must be made.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

from rare_earth_regs.findings import Findings
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.rules.checks import check_flow_report, check_year
from rare_earth_regs.serialization import loads_allocations, loads_report
from strategies import EXAMPLE_ALLOCATIONS_TEXT, EXAMPLE_REGISTER, EXAMPLE_REPORT_TEXTS

REPO = Path(__file__).resolve().parent.parent
THREADS = 8

RACE = textwrap.dedent(
    """
    import json, sys, threading, time
    from decimal import Decimal

    import pint

    built = []
    slow = sys.argv[1].startswith("slow")

    class CountingRegistry(pint.UnitRegistry):
        def __init__(self, *args, **kwargs):
            built.append(threading.get_ident())
            if slow:
                time.sleep(0.2)
            super().__init__(*args, **kwargs)

    pint.UnitRegistry = CountingRegistry

    import rare_earth_regs.units as units

    assert units._registry is None, "the registry exists before first use"
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS
    errors = []

    def work(index):
        try:
            barrier.wait(timeout=60)
            if index % 3 == 0:
                first = units.get_registry()
            elif index % 3 == 1:
                first = units.Q_("1 t")._REGISTRY
            else:
                first = None
            one_tonne = units.Q_("1 t")
            one_gongjin = units.parse_tonnage("1 公斤 REO")
            reo = units.Q_("2.5 t REO").to("kg_REO")
            results[index] = {
                "first": None if first is None else id(first),
                "registry": id(units.get_registry()),
                "quantity_registry": id(one_tonne._REGISTRY),
                "one_tonne_kg": str(one_tonne.to("kg").magnitude),
                "gongjin_grams": one_gongjin.grams,
                "reo_kg": str(reo.magnitude),
                "magnitude_type": type(reo.magnitude).__name__,
            }
        except BaseException as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(json.dumps({"built": len(built), "errors": errors, "results": results}))
    """
).replace("THREADS", str(THREADS))


def run_race(mode: str) -> dict[str, object]:
    """Run the race in a fresh interpreter and return what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", RACE, mode],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    outcome: dict[str, object] = json.loads(result.stdout)
    return outcome


@pytest.mark.parametrize("mode", ["slow", "fast", "slow-again"])
def test_first_use_of_the_registry_from_8_threads(mode: str) -> None:
    outcome = run_race(mode)
    assert outcome["errors"] == []
    assert outcome["built"] == 1
    results = outcome["results"]
    assert isinstance(results, list)
    assert len(results) == THREADS
    assert all(isinstance(result, dict) for result in results)
    registries = {result["registry"] for result in results}
    assert len(registries) == 1
    assert {result["quantity_registry"] for result in results} == registries
    assert {result["first"] for result in results} - {None} == registries
    assert {Decimal(result["one_tonne_kg"]) for result in results} == {Decimal(1000)}
    assert {result["gongjin_grams"] for result in results} == {1000}
    assert {Decimal(result["reo_kg"]) for result in results} == {Decimal(2500)}
    assert {result["magnitude_type"] for result in results} == {"Decimal"}


# --- checks from a thread pool --------------------------------------------------------------

AS_OF = dt.date(2025, 12, 31)


def check_text(text: str) -> Findings:
    """Load a report and check it, all inside the calling thread."""
    report = loads_report(text)
    return check_flow_report(report, designations=EXAMPLE_REGISTER, as_of=AS_OF)


def test_check_flow_report_from_a_thread_pool_matches_sequential() -> None:
    sequential = [check_text(text) for text in EXAMPLE_REPORT_TEXTS]
    work = list(EXAMPLE_REPORT_TEXTS) * 6
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        parallel = list(pool.map(check_text, work))
    assert parallel == sequential * 6
    assert any(len(found) for found in sequential)


def test_check_year_from_a_thread_pool_matches_sequential() -> None:
    series: list[FlowReport] = [loads_report(text) for text in EXAMPLE_REPORT_TEXTS]
    # a 1 t indicator for the separation enterprise, so QTA001 has something to find
    document = json.loads(EXAMPLE_ALLOCATIONS_TEXT)
    document["allocations"][0]["amount"] = "1 t REO"
    allocations = loads_allocations(json.dumps(document))

    def year(_: int) -> Findings:
        return check_year(series, year=2025, allocations=allocations)

    expected = year(0)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        found = list(pool.map(year, range(4 * THREADS)))
    assert all(item == expected for item in found)
    assert expected.by_rule("QTA001")
