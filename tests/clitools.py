"""Helpers for the command-line tests: run the tool, read its error lines, make report files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
REPORTS = "examples/reports"
ALLOCATIONS = "examples/allocations.json"
DESIGNATIONS = "examples/designations.json"
CHECK_ALL = ["check", REPORTS, "--allocations", ALLOCATIONS, "--designations", DESIGNATIONS]
SCRIPT = Path(sys.executable).parent / (
    "rare-earth-regs.exe" if os.name == "nt" else "rare-earth-regs"
)
ERROR_PREFIX = "rare-earth-regs: error: "


def run(
    *args: str | bytes,
    script: bool = False,
    encoding: str = "utf-8",
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run the tool in a subprocess from the repository root.

    ``encoding`` is the tool's stdout and stderr encoding (``PYTHONIOENCODING``); the
    output is read back as UTF-8 with undecodable bytes escaped, so a test sees exactly
    what the tool wrote.
    """
    command = [str(SCRIPT)] if script else [sys.executable, "-m", "rare_earth_regs"]
    if script and not SCRIPT.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    # English unless the test asks otherwise: the machine's locale is not the test's.
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LC_ALL", "LC_MESSAGES", "LANG")
    }
    environment = {**inherited, "PYTHONIOENCODING": encoding, **(env or {})}
    return subprocess.run(
        [*command, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        env=environment,
        timeout=timeout,
        check=False,
    )


def error_lines(stderr: str) -> list[str]:
    """The lines of an error report: the first in the tool's error form, no traceback."""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines, "nothing on stderr"
    assert lines[0].startswith(ERROR_PREFIX), stderr
    return lines


def assert_one_error_line(stderr: str) -> str:
    """Exactly one line on stderr, in the tool's error form, and no traceback."""
    lines = error_lines(stderr)
    assert len(lines) == 1, stderr
    return lines[0]


def example_report(name: str = "2025-09-separation.json") -> dict[str, Any]:
    """A bundled example report as a dict, to edit into a test file."""
    data: dict[str, Any] = json.loads((EXAMPLES / "reports" / name).read_text("utf-8"))
    return data


def write_json(path: Path, data: object) -> Path:
    """Write ``data`` as JSON to ``path`` and return the path."""
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
