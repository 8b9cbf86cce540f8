"""Sphinx configuration for the rare_earth_regs documentation.

Build (from the repository root; zero warnings expected)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The build is offline: intersphinx reads the small inventories shipped in ``docs/_inv``
(regenerate them with ``docs/_inv/make_inventories.py``), so links point to the Python, attrs
and pint documentation without anything being downloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS.parent / "src"))

import rare_earth_regs  # noqa: E402 - after the path set-up above

project = "rare_earth_regs"
author = "The rare_earth_regs developers"
copyright = "The rare_earth_regs developers; Apache-2.0"
release = rare_earth_regs.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "rule_catalogue",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_inv", "_ext", "Thumbs.db", ".DS_Store"]
language = "en"

# --- MyST --------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# --- autodoc and napoleon ----------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"show-inheritance": True}
add_module_names = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_custom_sections = ["Legal basis", "Interpretation", "Limitations"]

# --- intersphinx: local inventories only, never a download -------------------------------
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", "_inv/python.inv"),
    "attrs": ("https://www.attrs.org/en/stable", "_inv/attrs.inv"),
    "pint": ("https://pint.readthedocs.io/en/stable", "_inv/pint.inv"),
}
nitpicky = False

# --- HTML --------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"rare_earth_regs {release}"
html_static_path: list[str] = []
