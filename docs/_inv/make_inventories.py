"""Write the small intersphinx inventories the docs link to, so the build never downloads one.

Run from anywhere: ``python docs/_inv/make_inventories.py``. It rewrites ``python.inv``,
``attrs.inv`` and ``pint.inv`` next to this script. Each lists only the handful of targets the
docs and the library's docstrings refer to, in the Sphinx inventory format version 2 (a plain
header, then zlib-compressed lines ``name domain:role priority uri display-name``; ``$`` in a
URI stands for the name, ``-`` as display name means the name itself). The links point to the
projects' real documentation sites; only the lookup table is local.

Add a target here, rerun the script and commit the ``.inv`` files when the docs need a new one.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

_STDTYPES = "library/stdtypes.html#$"
_FUNCTIONS = "library/functions.html#$"
_EXCEPTIONS = "library/exceptions.html#$"
_ABC = "library/collections.abc.html#$"

#: project -> (version, [(name, "domain:role", uri), ...])
INVENTORIES: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "python": (
        "3",
        [
            ("datetime", "py:module", "library/datetime.html#module-datetime"),
            ("datetime.date", "py:class", "library/datetime.html#$"),
            ("datetime.datetime", "py:class", "library/datetime.html#$"),
            ("datetime.time", "py:class", "library/datetime.html#$"),
            ("datetime.timedelta", "py:class", "library/datetime.html#$"),
            ("datetime.timezone", "py:class", "library/datetime.html#$"),
            ("datetime.tzinfo", "py:class", "library/datetime.html#$"),
            ("decimal", "py:module", "library/decimal.html#module-decimal"),
            ("decimal.Decimal", "py:class", "library/decimal.html#$"),
            ("decimal.Context", "py:class", "library/decimal.html#$"),
            ("decimal.ROUND_HALF_EVEN", "py:data", "library/decimal.html#$"),
            ("fractions.Fraction", "py:class", "library/fractions.html#$"),
            ("enum.Enum", "py:class", "library/enum.html#$"),
            ("pathlib.Path", "py:class", "library/pathlib.html#$"),
            ("os.PathLike", "py:class", "library/os.html#$"),
            ("types.MappingProxyType", "py:class", "library/types.html#$"),
            ("tomllib", "py:module", "library/tomllib.html#module-tomllib"),
            (
                "importlib.resources",
                "py:module",
                "library/importlib.resources.html#module-importlib.resources",
            ),
            ("json", "py:module", "library/json.html#module-json"),
            ("doctest", "py:module", "library/doctest.html#module-doctest"),
            ("collections.abc.Callable", "py:class", _ABC),
            ("collections.abc.Iterable", "py:class", _ABC),
            ("collections.abc.Iterator", "py:class", _ABC),
            ("collections.abc.Mapping", "py:class", _ABC),
            ("collections.abc.Sequence", "py:class", _ABC),
            ("typing.Any", "py:data", "library/typing.html#$"),
            ("typing.Literal", "py:data", "library/typing.html#$"),
            ("object", "py:class", _FUNCTIONS),
            ("bool", "py:class", _FUNCTIONS),
            ("int", "py:class", _FUNCTIONS),
            ("float", "py:class", _FUNCTIONS),
            ("str", "py:class", _STDTYPES),
            ("bytes", "py:class", _STDTYPES),
            ("tuple", "py:class", _STDTYPES),
            ("list", "py:class", _STDTYPES),
            ("dict", "py:class", _STDTYPES),
            ("frozenset", "py:class", _STDTYPES),
            ("None", "py:data", "library/constants.html#$"),
            ("True", "py:data", "library/constants.html#$"),
            ("False", "py:data", "library/constants.html#$"),
            ("Exception", "py:exception", _EXCEPTIONS),
            ("ValueError", "py:exception", _EXCEPTIONS),
            ("LookupError", "py:exception", _EXCEPTIONS),
            ("KeyError", "py:exception", _EXCEPTIONS),
            ("TypeError", "py:exception", _EXCEPTIONS),
            ("RuntimeError", "py:exception", _EXCEPTIONS),
        ],
    ),
    "attrs": (
        "stable",
        [
            ("attrs.define", "py:function", "api.html#$"),
            ("attrs.frozen", "py:function", "api.html#$"),
            ("attrs.field", "py:function", "api.html#$"),
            ("attrs.evolve", "py:function", "api.html#$"),
            ("attrs.Attribute", "py:class", "api.html#$"),
        ],
    ),
    "pint": (
        "stable",
        [
            ("pint.Quantity", "py:class", "api/base.html#$"),
            ("pint.Unit", "py:class", "api/base.html#$"),
            ("pint.UnitRegistry", "py:class", "api/base.html#$"),
            ("pint.Context", "py:class", "api/base.html#$"),
            ("pint.DimensionalityError", "py:exception", "api/base.html#$"),
            ("pint.UndefinedUnitError", "py:exception", "api/base.html#$"),
        ],
    ),
}


def inventory_bytes(project: str, version: str, entries: list[tuple[str, str, str]]) -> bytes:
    """The bytes of one inventory file (deterministic: same input, same bytes)."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = "".join(f"{name} {role} 1 {uri} -\n" for name, role, uri in sorted(entries))
    return header.encode("utf-8") + zlib.compress(lines.encode("utf-8"), 9)


def write_all(folder: Path = HERE) -> list[Path]:
    """Write every inventory into ``folder``; return the paths written."""
    written = []
    for project, (version, entries) in INVENTORIES.items():
        path = folder / f"{project}.inv"
        path.write_bytes(inventory_bytes(project, version, entries))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.name)
