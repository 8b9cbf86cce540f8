"""The JSON Schema (draft 2020-12) of the flow report format, shipped with the package."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any


@functools.cache
def _schema_text() -> str:
    return (
        resources.files("rare_earth_regs")
        .joinpath("schema/flow-report.schema.json")
        .read_text(encoding="utf-8")
    )


def report_schema() -> Mapping[str, Any]:
    """The JSON Schema (draft 2020-12) of the flow report format, as a fresh dict."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema
