"""The public API: required names, ``__all__``, docstrings, version and typing marker."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

import rare_earth_regs

ROOT = Path(__file__).resolve().parents[1]

REQUIRED = [
    "Element",
    "element",
    "Month",
    "Activity",
    "FeedstockOrigin",
    "ProductClass",
    "Product",
    "Enterprise",
    "validate_uscc",
    "is_valid_uscc",
    "make_uscc",
    "QuotaAllocation",
    "national_quota",
    "FlowDirection",
    "FlowLine",
    "FlowReport",
    "RareEarthRegsError",
    "InvalidInputError",
    "NotInForceError",
    "Q_",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_names_are_importable(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from rare_earth_regs import {name}", namespace)
    assert namespace[name] is getattr(rare_earth_regs, name)
    assert name in rare_earth_regs.__all__


def _isort_key(name: str) -> tuple[int, str]:
    """Ruff's RUF022 "isort-style" order: CONSTANTS, then Classes, then the rest."""
    if name.isupper() and len(name) > 1:
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    return group, name


def test_all_is_sorted_and_unique() -> None:
    names = list(rare_earth_regs.__all__)
    assert len(names) == len(set(names))
    assert names == sorted(names, key=_isort_key)


def test_every_entry_exists_and_has_a_docstring() -> None:
    undocumented = []
    for name in rare_earth_regs.__all__:
        assert hasattr(rare_earth_regs, name), name
        value = getattr(rare_earth_regs, name)
        if inspect.isclass(value) or inspect.isroutine(value) or inspect.ismodule(value):
            # its own docstring, not one inherited from a base class
            own = value.__dict__.get("__doc__") if inspect.isclass(value) else value.__doc__
            if not (isinstance(own, str) and own.strip()):
                undocumented.append(name)
    assert undocumented == []


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from rare_earth_regs import *", namespace)
    namespace.pop("__builtins__")
    assert set(namespace) == set(rare_earth_regs.__all__)
    assert set(rare_earth_regs.__all__) <= set(dir(rare_earth_regs))


def test_package_docstring() -> None:
    assert rare_earth_regs.__doc__
    assert "Decree No. 785" in rare_earth_regs.__doc__


def test_version_matches_the_distribution() -> None:
    version = importlib.metadata.version("rare-earth-regs")
    assert rare_earth_regs.__version__ == version
    assert re.fullmatch(r"\d+\.\d+\.\d+((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", version)


def test_py_typed_is_shipped() -> None:
    marker = files("rare_earth_regs") / "py.typed"
    assert marker.is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]["rare_earth_regs"]
    assert "py.typed" in package_data
    assert "Typing :: Typed" in config["project"]["classifiers"]


def test_schema_is_shipped_as_package_data() -> None:
    schema = files("rare_earth_regs") / "schema" / "flow-report.schema.json"
    assert schema.is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["rare_earth_regs"]
    assert any(pattern.endswith("*.json") for pattern in patterns)


def test_submodules_declare_all() -> None:
    for module_name in (
        "rare_earth_regs.exceptions",
        "rare_earth_regs.units",
        "rare_earth_regs.periods",
        "rare_earth_regs.model.reports",
        "rare_earth_regs.serialization",
    ):
        module = importlib.import_module(module_name)
        assert module.__doc__, module_name
        exported = module.__all__
        assert len(exported) == len(set(exported)), module_name
        for name in exported:
            assert hasattr(module, name), f"{module_name}.{name}"
