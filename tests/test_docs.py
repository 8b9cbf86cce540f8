"""The documentation builds without a warning, and its generated pages match the code.

The examples on the pages themselves run through Sybil (``docs/conftest.py``); this module
builds the pages with Sphinx, as ``python -m sphinx -W --keep-going -b html docs ...`` does,
and reads the HTML back. It is skipped where Sphinx and the docs extra are not installed.
"""

from __future__ import annotations

import importlib.util
import runpy
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rare_earth_regs.legal import INSTRUMENTS, Article, articles
from rare_earth_regs.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

#: The page that shows each instrument's articles.
INSTRUMENT_PAGES = {
    "regulations-2024": "instruments/regulations-2024.html",
    "total-control-measures-2025": "instruments/total-control-measures-2025.html",
    "invoice-rules-2012": "instruments/other.html",
    "invoice-rules-2019": "instruments/other.html",
    "traceability-measures-draft-2025": "instruments/other.html",
    "export-control-18-2025": "instruments/export-controls-2025.html",
    "export-control-57-2025": "instruments/export-controls-2025.html",
    "export-control-61-2025": "instruments/export-controls-2025.html",
    "export-control-62-2025": "instruments/export-controls-2025.html",
    "export-control-70-2025": "instruments/export-controls-2025.html",
}


#: Sphinx's "smart quotes" turn ' into ’ and ... into …: compare texts with them undone.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "–": "--", "—": "---"})


def plain(text: str) -> str:
    """``text`` with typographic quotes, dashes and ellipses undone and whitespace collapsed."""
    return " ".join(text.translate(_PLAIN).replace("---", "--").split())


class Build:
    """The result of one Sphinx build."""

    def __init__(self, html: Path, returncode: int, output: str) -> None:
        self.html = html
        self.returncode = returncode
        self.output = output

    def page(self, name: str) -> Page:
        """The parsed HTML of a page, e.g. ``"rules.html"``."""
        parser = Page()
        parser.feed((self.html / name).read_text(encoding="utf-8"))
        parser.close()
        return parser


class Page(HTMLParser):
    """Element ids, text, and the first column of the rule catalogue table of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.chunks: list[str] = []
        self.catalogue_ids: list[str] = []
        self._table_depth = 0
        self._in_body = False
        self._column = 0
        self._cell: list[str] | None = None

    @property
    def text(self) -> str:
        """The page's text, see :func:`plain`."""
        return plain("".join(self.chunks))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        ident = attributes.get("id")
        if ident:
            self.ids.add(ident)
        if tag == "table":
            classes = (attributes.get("class") or "").split()
            if self._table_depth or "rule-catalogue" in classes:
                self._table_depth += 1
        elif self._table_depth == 1:
            if tag == "tbody":
                self._in_body = True
            elif tag == "tr":
                self._column = 0
            elif tag == "td" and self._in_body:
                self._column += 1
                if self._column == 1:
                    self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table_depth:
            self._table_depth -= 1
        elif tag == "tbody" and self._table_depth == 1:
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.catalogue_ids.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the docs once for this module, into a temporary folder."""
    for module in ("sphinx", "myst_parser", "furo"):
        pytest.importorskip(module)
    out = tmp_path_factory.mktemp("docs")
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-q",
        "-b",
        "html",
        "-d",
        str(out / "doctrees"),
        str(DOCS),
        str(out / "html"),
    ]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600
    )
    return Build(out / "html", result.returncode, result.stdout + result.stderr)


def article_id(entry: Article) -> str:
    """The HTML id of an article's section (the label the docs extension gives it)."""
    if entry.number is not None:
        return f"{entry.instrument}-art-{entry.number}"
    return f"{entry.instrument}-{entry.clause}"


def test_docs_build_without_warnings(build: Build) -> None:
    assert build.returncode == 0, f"Sphinx reported problems:\n{build.output}"
    assert "WARNING" not in build.output
    assert "ERROR" not in build.output


def test_rule_catalogue_lists_exactly_the_registered_rules(build: Build) -> None:
    page = build.page("rules.html")
    assert page.catalogue_ids == sorted(RULES)
    for rule_id in RULES:
        assert f"rule-{rule_id.lower()}" in page.ids, f"no section for {rule_id}"
        assert plain(RULES[rule_id].title) in page.text


@pytest.mark.parametrize("slug", sorted(INSTRUMENT_PAGES))
def test_instrument_page_lists_every_shipped_article(build: Build, slug: str) -> None:
    page = build.page(INSTRUMENT_PAGES[slug])
    entries = articles(slug)
    shown = {ident for ident in page.ids if ident.startswith(f"{slug}-")}
    assert shown == {article_id(entry) for entry in entries}
    text = page.text
    positions = []
    for entry in entries:
        gloss = plain(entry.gloss_en)
        assert gloss in text, f"{article_id(entry)}: English gloss missing"
        for line in entry.paragraphs + entry.items:
            assert plain(line) in text, f"{article_id(entry)}: Chinese text missing"
        positions.append(text.index(gloss))
    assert positions == sorted(positions), "articles are not in article order"
    if not entries:
        assert f"The library ships no article texts for {slug}" in text


def test_every_instrument_has_a_page() -> None:
    assert set(INSTRUMENT_PAGES) == set(INSTRUMENTS)


def test_shipped_inventories_match_their_script(tmp_path: Path) -> None:
    script = DOCS / "_inv" / "make_inventories.py"
    spec = importlib.util.spec_from_file_location("make_inventories", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for written in module.write_all(tmp_path):
        shipped = DOCS / "_inv" / written.name
        assert shipped.read_bytes() == written.read_bytes(), f"rerun {script.name}"


def test_intersphinx_reads_local_inventories_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    config = runpy.run_path(str(DOCS / "conf.py"))
    mapping = config["intersphinx_mapping"]
    assert set(mapping) == {"python", "attrs", "pint"}
    for _name, (url, inventory) in mapping.items():
        assert url.startswith("https://")
        assert "://" not in inventory
        assert (DOCS / inventory).is_file()
