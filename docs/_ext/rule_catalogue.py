"""Sphinx directives that generate the reference pages from the library itself.

Nothing these directives print is copied by hand: the rule catalogue comes from
``rare_earth_regs.rules.RULES``, the article texts from ``rare_earth_regs.legal.articles()``,
the links between them from each rule's ``citations`` and ``policies``, and the fines from
``rare_earth_regs.rules.fine_range``. A rule added to the registry, an article added to the
package data, or a citation changed in the code shows up in the next build.

Directives (usable from MyST Markdown or reStructuredText):

``rule-catalogue``
    A table of every registered rule (id, name, title, citations, in force from and until,
    severities, policies), then one section per rule with its docstring.
``instrument-facts`` *slug*
    The instrument's titles, number, issuer and dates.
``instrument-articles`` *slug*
    One section per shipped article or clause, in article order: the Chinese text, the English
    gloss, the rules whose citations point at it, the fine that ``fine_range`` encodes for it,
    and the policies that interpret it.
``policy-rules`` *P1* … *P18*
    The rules whose ``policies`` name the policy, and the articles those rules cite.
``public-api``
    A table of ``rare_earth_regs.__all__``, each name linked to where the API page documents it.

Two more services for the API page:

* a reference to a re-exported name (``rare_earth_regs.rules.check_year``, or ``Instrument``
  inside ``rare_earth_regs.legal``) resolves to where the object is documented, the module
  that defines it (``missing-reference`` handler);
* napoleon leaves attribute, data and property docstrings alone: they are prose (``#:``
  comments), and napoleon would read the words before their first colon as a type.

Labels (for ``{ref}`` links): ``rule-rpt001`` for a rule, ``regulations-2024-art-14`` or
``total-control-measures-2025-monthly-reporting`` for an article or clause, and ``policy-p1``
(defined by the policies page itself) for a policy.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Parser as RstParser
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective

import rare_earth_regs
from rare_earth_regs.exceptions import AmountSetByOtherLawError, InvalidInputError
from rare_earth_regs.legal import (
    Article,
    Citation,
    Instrument,
    articles,
    chinese_numeral,
    cited_article,
    instrument,
)
from rare_earth_regs.rules import RULES, FineRange, Rule, fine_range
from rare_earth_regs.rules.penalties import INCOME_THRESHOLD

#: Policies that interpret an article although no rule applying them cites it: the element
#: group schemes (P8) and promethium (P9) read the definitions of Regulations art. 30, and the
#: encoded range (P6) starts on the day the Regulations took effect. Every other link between
#: a policy and an article is derived from the rules.
POLICIES_WITHOUT_RULES: dict[str, tuple[tuple[str, int], ...]] = {
    "P8": (("regulations-2024", 30),),
    "P9": (("regulations-2024", 30),),
}

#: The modules whose members the API page documents, most specific first (used to find where
#: a re-exported constant is documented).
DOCUMENTED_MODULES = (
    "rare_earth_regs.rules.registry",
    "rare_earth_regs.rules.checks",
    "rare_earth_regs.rules.reporting",
    "rare_earth_regs.rules.quotas",
    "rare_earth_regs.rules.penalties",
    "rare_earth_regs.rules.common",
    "rare_earth_regs.data.quotas",
    "rare_earth_regs.model.activities",
    "rare_earth_regs.model.elements",
    "rare_earth_regs.model.enterprises",
    "rare_earth_regs.model.products",
    "rare_earth_regs.model.quotas",
    "rare_earth_regs.model.reports",
    "rare_earth_regs.legal.instruments",
    "rare_earth_regs.legal.citations",
    "rare_earth_regs.legal.articles",
    "rare_earth_regs.exceptions",
    "rare_earth_regs.units",
    "rare_earth_regs.periods",
    "rare_earth_regs.findings",
    "rare_earth_regs.serialization",
)

_SECTION_HEADER = re.compile(r"([A-Z][A-Za-z ]*):\s*")


# --- labels ------------------------------------------------------------------------------


def rule_label(rule_id: str) -> str:
    """The label of a rule's section in the catalogue, e.g. ``rule-rpt001``."""
    return f"rule-{rule_id.lower()}"


def policy_label(policy: str) -> str:
    """The label of a policy's section on the policies page, e.g. ``policy-p1``."""
    return f"policy-{policy.lower()}"


def article_label(entry: Article) -> str:
    """The label of an article's section on its instrument page."""
    if entry.number is not None:
        return f"{entry.instrument}-art-{entry.number}"
    return f"{entry.instrument}-{entry.clause}"


def article_key(entry: Article) -> tuple[str, int | None, str | None]:
    """What identifies a shipped entry: instrument slug, number, clause key."""
    return (entry.instrument, entry.number, entry.clause)


def article_heading(entry: Article) -> str:
    """The heading of an article's section: ``Art. 14 (第十四条): traceability ...``."""
    if entry.number is not None:
        return f"Art. {entry.number} (第{chinese_numeral(entry.number)}条): {entry.heading_en}"
    return f"Clause: {entry.heading_en} (article number not confirmed)"


def policy_sort_key(policy: str) -> tuple[int, str]:
    """P2 before P10."""
    digits = policy.lstrip("P")
    return (int(digits), policy) if digits.isdigit() else (10**6, policy)


# --- what the code says ------------------------------------------------------------------


def sorted_rules() -> list[Rule]:
    """Every registered rule, by id."""
    return [rule for _, rule in sorted(RULES.items())]


def cited_entry(citation: Citation) -> Article | None:
    """The shipped article a citation points at, or None when its text is not shipped."""
    try:
        return cited_article(citation)
    except InvalidInputError:
        return None


def rules_citing(entry: Article) -> list[tuple[Rule, list[Citation]]]:
    """The rules with a citation that points at ``entry``, with those citations."""
    found = []
    key = article_key(entry)
    for rule in sorted_rules():
        matching = [
            citation
            for citation in rule.citations
            if (target := cited_entry(citation)) is not None and article_key(target) == key
        ]
        if matching:
            found.append((rule, matching))
    return found


def policies_interpreting(entry: Article) -> list[str]:
    """The policies of the rules citing ``entry``, and those of POLICIES_WITHOUT_RULES."""
    policies = {policy for rule, _ in rules_citing(entry) for policy in rule.policies}
    for policy, targets in POLICIES_WITHOUT_RULES.items():
        if (entry.instrument, entry.number) in targets:
            policies.add(policy)
    return sorted(policies, key=policy_sort_key)


def rules_applying(policy: str) -> list[Rule]:
    """The rules whose ``policies`` name ``policy``."""
    return [rule for rule in sorted_rules() if policy in rule.policies]


def _yuan(amount: Any) -> str:
    return f"{amount:,}"


def penalty_lines(entry: Article) -> list[str]:
    """What :func:`fine_range` encodes for an article of the Regulations, in plain English."""
    if entry.instrument != "regulations-2024" or entry.number is None:
        return []
    number = entry.number
    try:
        base = fine_range(number)
    except AmountSetByOtherLawError as error:
        return [f"fine_range({number}) raises AmountSetByOtherLawError: {error.message}"]
    except InvalidInputError:
        return []
    by_income = _income_range(number)
    if by_income is not None:
        low = by_income.minimum / INCOME_THRESHOLD
        high = by_income.maximum / INCOME_THRESHOLD
        lines = [
            f"no illegal income, or illegal income under {_yuan(INCOME_THRESHOLD)} yuan: "
            f"{_yuan(base.minimum)} to {_yuan(base.maximum)} yuan",
            f"illegal income of {_yuan(INCOME_THRESHOLD)} yuan or more: {low:f} to {high:f} "
            "times the income",
        ]
    else:
        refused = fine_range(number, refused_to_correct=True)
        lines = [
            f"{base.basis}: {_yuan(base.minimum)} to {_yuan(base.maximum)} yuan",
            f"if the enterprise refuses to correct: {_yuan(refused.minimum)} to "
            f"{_yuan(refused.maximum)} yuan, and {_yuan(refused.persons_minimum)} to "
            f"{_yuan(refused.persons_maximum)} yuan for each directly responsible person",
        ]
    lines.extend(f"also: {consequence}" for consequence in base.consequences)
    return lines


def _income_range(number: int) -> FineRange | None:
    """The range at the income threshold, for an article that fines by illegal income."""
    try:
        return fine_range(number, illegal_income=INCOME_THRESHOLD)
    except InvalidInputError:
        return None


def split_docstring(doc: str) -> tuple[str, list[tuple[str | None, str]]]:
    """Split a rule docstring into its summary and its ``Name:`` sections.

    Returns the summary paragraph and a list of (section name or None, dedented body).
    """
    lines = doc.splitlines()
    summary: list[str] = []
    while lines and lines[0].strip():
        summary.append(lines.pop(0).strip())
    parts: list[tuple[str | None, list[str]]] = []
    for line in lines:
        match = _SECTION_HEADER.fullmatch(line)
        if match is not None:
            parts.append((match.group(1), []))
        elif not parts:
            parts.append((None, [line]))
        else:
            parts[-1][1].append(line)
    return " ".join(summary), [
        (name, inspect.cleandoc("\n".join(body))) for name, body in parts if any(body)
    ]


# --- node helpers ------------------------------------------------------------------------


def ref(label: str, text: str, *, literal: bool = False) -> addnodes.pending_xref:
    """A link to a label (``std:ref`` with an explicit title)."""
    node = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True
    )
    node += nodes.literal(text, text) if literal else nodes.inline(text, text)
    return node


def py_ref(target: str, text: str) -> addnodes.pending_xref:
    """A link to a documented Python object."""
    node = addnodes.pending_xref(
        "", refdomain="py", reftype="obj", reftarget=target, refexplicit=True, refwarn=False
    )
    node += nodes.literal(text, text)
    return node


def joined(items: Iterable[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    """``items`` separated by text nodes."""
    result: list[nodes.Node] = []
    for item in items:
        if result:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def paragraph(*children: nodes.Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph of nodes and plain strings."""
    node = nodes.paragraph(classes=list(classes))
    for child in children:
        node += nodes.Text(child) if isinstance(child, str) else child
    return node


def table(
    header: Sequence[str], rows: Sequence[Sequence[nodes.Node]], *, classes: Sequence[str] = ()
) -> nodes.table:
    """A table whose cells are lists of inline nodes."""
    node = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(header))
    node += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row([nodes.Text(title) for title in header])
    group += head
    body = nodes.tbody()
    for row in rows:
        body += _row(row)
    group += body
    return node


def _row(cells: Sequence[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.paragraph) else paragraph(cell)
        row += entry
    return row


def citation_links(citations: Iterable[Citation]) -> list[nodes.Node]:
    """Citations as links to their article sections (plain text when no text is shipped)."""
    items: list[nodes.Node] = []
    for citation in citations:
        target = cited_entry(citation)
        if target is None:
            items.append(nodes.Text(citation.en))
        else:
            items.append(ref(article_label(target), citation.en))
    return items


def policy_links(policies: Iterable[str]) -> list[nodes.Node]:
    """Policy names as links to the policies page."""
    return [ref(policy_label(policy), policy) for policy in policies]


class GeneratedDirective(SphinxDirective):
    """Shared helpers: labelled sections and RST fragments parsed in place."""

    def section(self, label: str, title: str) -> nodes.section:
        """A section with an explicit, linkable label."""
        node = nodes.section()
        node["names"].append(label)
        node += nodes.title(title, title)
        self.state.document.note_explicit_target(node, node)
        return node

    def rst(self, text: str) -> list[nodes.Node]:
        """Parse a reStructuredText fragment (a docstring) whatever the page's own syntax."""
        host = self.state.document
        scratch = new_document(host["source"], host.settings)
        scratch.reporter = host.reporter
        RstParser().parse(text, scratch)
        return list(scratch.children)


# --- directives --------------------------------------------------------------------------


class RuleCatalogue(GeneratedDirective):
    """The table of every registered rule, then each rule's docstring."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        rules = sorted_rules()
        rows = []
        for rule in rules:
            until = rule.in_force_until.isoformat() if rule.in_force_until else "—"
            rows.append(
                [
                    paragraph(ref(rule_label(rule.id), rule.id, literal=True)),
                    paragraph(nodes.literal(rule.name, rule.name)),
                    paragraph(rule.title),
                    paragraph(*joined(citation_links(rule.citations), "; ")),
                    paragraph(rule.in_force_from.isoformat()),
                    paragraph(until),
                    paragraph(", ".join(severity.value for severity in rule.severities)),
                    paragraph(*(joined(policy_links(rule.policies)) or ["—"])),
                ]
            )
        result: list[nodes.Node] = [
            table(
                [
                    "id",
                    "name",
                    "title",
                    "citations",
                    "in force from",
                    "until",
                    "severities",
                    "policies",
                ],
                rows,
                classes=["rule-catalogue"],
            )
        ]
        for rule in rules:
            result.append(self.rule_section(rule))
        return result

    def rule_section(self, rule: Rule) -> nodes.section:
        section = self.section(rule_label(rule.id), f"{rule.id} {rule.name}")
        summary, parts = split_docstring(rule.doc)
        section += paragraph(nodes.strong(summary, summary))
        facts = nodes.field_list()
        facts += _field("Scope", _SCOPES[rule.scope])
        facts += _field(
            "In force",
            f"from {rule.in_force_from.isoformat()}"
            + (f" until {rule.in_force_until.isoformat()}" if rule.in_force_until else ""),
        )
        facts += _field("Severities", ", ".join(severity.value for severity in rule.severities))
        facts += _field("Cites", *joined(citation_links(rule.citations), "; "))
        facts += _field("Policies", *(joined(policy_links(rule.policies)) or ["none"]))
        module = inspect.getmodule(rule.check)
        if module is not None:
            target = f"{module.__name__}.{rule.check.__name__}"
            facts += _field("Check function", nodes.literal(target, target))
        section += facts
        for name, body in parts:
            if name is not None:
                section += nodes.rubric(name, name)
            section.extend(self.rst(body))
        return section


def _field(name: str, *body: nodes.Node | str) -> nodes.field:
    field = nodes.field()
    field += nodes.field_name(name, name)
    content = nodes.field_body()
    content += paragraph(*body)
    field += content
    return field


class InstrumentFacts(GeneratedDirective):
    """The titles, number, issuer and dates of an instrument."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        found: Instrument = instrument(self.arguments[0])
        facts = nodes.field_list(classes=["instrument-facts"])
        facts += _field("Chinese title", found.title_zh)
        facts += _field("English title", found.title_en)
        facts += _field("Number", found.number)
        facts += _field("Issuer", found.issuer)
        facts += _field("Promulgated", _day(found.promulgated))
        facts += _field("Published", _day(found.published))
        if found.is_draft:
            facts += _field("In force", "never: a draft for comment, not law")
            if found.comments_until is not None:
                facts += _field("Comments until", found.comments_until.isoformat())
        else:
            facts += _field("In force from", _day(found.in_force_from))
            if found.in_force_until is not None:
                facts += _field("In force until", found.in_force_until.isoformat())
            if found.suspended_by is not None:
                facts += _field(
                    "Suspended",
                    f"from {_day(found.suspended_from)} until {_day(found.suspended_until)}"
                    f" by {instrument(found.suspended_by).short_title}; status after that"
                    " not known (the knowledge horizon)",
                )
        if found.article_count is not None:
            facts += _field("Articles", str(found.article_count))
        link = nodes.reference(found.source_url, found.source_url, refuri=found.source_url)
        facts += _field("Source", link)
        facts += _field("Slug", nodes.literal(found.slug, found.slug))
        return [facts]


_SCOPES = {
    "report": "one flow report at a time (check_flow_report)",
    "year": "a year's series of reports (check_year)",
    "invoice": "invoices, with the flow reports that name them (check_invoices)",
    "filing": "the revisions of one enterprise and month (check_filing, check_filings)",
}


def _day(value: Any) -> str:
    return "not known" if value is None else str(value.isoformat())


class InstrumentArticles(GeneratedDirective):
    """Every shipped article of an instrument, with the rules and policies that use it."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        found = instrument(self.arguments[0])
        entries = articles(found)
        if not entries:
            return [
                paragraph(
                    "The library ships no article texts for ",
                    nodes.literal(found.slug, found.slug),
                    "; no rule cites it.",
                    classes=["no-articles"],
                )
            ]
        return [self.article_section(found, entry) for entry in entries]

    def article_section(self, found: Instrument, entry: Article) -> nodes.section:
        section = self.section(article_label(entry), article_heading(entry))
        section += nodes.rubric("Chinese text", "Chinese text")
        if entry.verbatim:
            quote = nodes.block_quote(classes=["article-text-zh"])
            for line in entry.text_zh.splitlines():
                if line.strip():
                    quote += paragraph(line)
            section += quote
        else:
            note = "The library does not hold the official wording of this provision."
            if entry.text_zh:
                note += " The sources quote the phrase "
                section += paragraph(note, nodes.literal(entry.text_zh, entry.text_zh), ".")
            else:
                section += paragraph(note)
        section += nodes.rubric("English gloss", "English gloss")
        section += paragraph(entry.gloss_en, classes=["article-gloss"])
        if entry.source_url != found.source_url:
            section += paragraph(
                "Source: ",
                nodes.reference(entry.source_url, entry.source_url, refuri=entry.source_url),
            )
        section += nodes.rubric("Rules that encode it", "Rules that encode it")
        citing = rules_citing(entry)
        if citing:
            items = nodes.bullet_list()
            for rule, citations in citing:
                cited = "; ".join(citation.en for citation in citations)
                items += nodes.list_item(
                    "",
                    paragraph(
                        ref(rule_label(rule.id), rule.id, literal=True),
                        f" {rule.name}: {rule.title} (cites {cited})",
                    ),
                )
            section += items
        else:
            section += paragraph("No registered rule cites this provision.")
        penalties = penalty_lines(entry)
        if penalties:
            section += nodes.rubric("Fine encoded", "Fine encoded")
            section += paragraph(
                py_ref("rare_earth_regs.rules.penalties.fine_range", "fine_range"),
                f"({entry.number}):",
            )
            items = nodes.bullet_list()
            for line in penalties:
                items += nodes.list_item("", paragraph(line))
            section += items
        policies = policies_interpreting(entry)
        section += nodes.rubric("Policies that interpret it", "Policies that interpret it")
        section += paragraph(*(joined(policy_links(policies)) or ["none"]))
        return section


class PolicyRules(GeneratedDirective):
    """The rules that apply a policy, and the provisions those rules cite."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        policy = self.arguments[0]
        rules = rules_applying(policy)
        if not rules:
            return [paragraph(f"No registered rule lists {policy} among its policies.")]
        items = nodes.bullet_list()
        for rule in rules:
            items += nodes.list_item(
                "",
                paragraph(
                    ref(rule_label(rule.id), rule.id, literal=True),
                    f" {rule.name}: {rule.title} Cites: ",
                    *joined(citation_links(rule.citations), "; "),
                    ".",
                ),
            )
        return [paragraph(f"Rules that apply {policy}:"), items]


class PublicApi(GeneratedDirective):
    """Every name of ``rare_earth_regs.__all__``, linked to where it is documented."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for name in rare_earth_regs.__all__:
            target, summary = public_name_target(name)
            cell = py_ref(target, name) if target else nodes.literal(name, name)
            parsed = self.rst(summary)
            text = parsed[0] if parsed and isinstance(parsed[0], nodes.paragraph) else None
            rows.append([paragraph(cell), text if text is not None else paragraph(summary)])
        return [table(["name", "summary"], rows, classes=["public-api"])]


def public_name_target(name: str) -> tuple[str | None, str]:
    """Where a public name is documented, and the first line of its documentation."""
    value = getattr(rare_earth_regs, name)
    if inspect.isclass(value) or inspect.isfunction(value):
        doc = inspect.getdoc(value) or ""
        return f"{value.__module__}.{value.__qualname__}", doc.partition("\n\n")[0]
    for module_name in DOCUMENTED_MODULES:
        module = _module(module_name)
        if name in getattr(module, "__all__", ()) and vars(module).get(name) is value:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
            lines = docs.get(("", name), [])
            return f"{module_name}.{name}", " ".join(line.strip() for line in lines).strip()
    if name == "__version__":
        return None, "The version of the package."
    return None, ""


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def canonical_name(dotted: str) -> str | None:
    """Where the library object named ``dotted`` (``rare_earth_regs...``) is documented."""
    if not dotted.startswith("rare_earth_regs."):
        return None
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            value = getattr(value, attribute, _MISSING)
            if value is _MISSING:
                return None
        break
    else:
        return None
    if inspect.ismodule(value):
        return str(value.__name__)
    if inspect.isclass(value) or inspect.isfunction(value):
        return f"{value.__module__}.{value.__qualname__}"
    name = parts[-1]
    for module_name in DOCUMENTED_MODULES:
        module = importlib.import_module(module_name)
        if name in getattr(module, "__all__", ()) and vars(module).get(name) is value:
            return f"{module_name}.{name}"
    return None


_MISSING = object()


def resolve_reexport(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """Resolve a Python reference to a re-exported name through the defining module."""
    if node.get("refdomain") != "py":
        return None
    target = str(node.get("reftarget", ""))
    candidates = [target]
    module = node.get("py:module")
    if module and not target.startswith("rare_earth_regs."):
        candidates.append(f"{module}.{target}")
    for candidate in candidates:
        canonical = canonical_name(candidate)
        if canonical is not None and canonical != candidate:
            domain = env.get_domain("py")
            found: nodes.Element | None = domain.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], canonical, node, contnode
            )
            if found is not None:
                return found
    return None


_PROSE_KINDS = frozenset({"attribute", "data", "property"})
_prose: dict[str, list[str]] = {}


def keep_prose(  # noqa: PLR0917 - the signature of the Sphinx event
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Before napoleon: remember an attribute, data or property docstring."""
    if what in _PROSE_KINDS:
        _prose[name] = list(lines)


def restore_prose(  # noqa: PLR0917 - the signature of the Sphinx event
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """After napoleon: put the remembered docstring back unchanged."""
    if what in _PROSE_KINDS and name in _prose:
        lines[:] = _prose.pop(name)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives and the two event handlers."""
    app.connect("missing-reference", resolve_reexport)
    app.connect("autodoc-process-docstring", keep_prose, priority=400)
    app.connect("autodoc-process-docstring", restore_prose, priority=600)
    app.add_directive("rule-catalogue", RuleCatalogue)
    app.add_directive("instrument-facts", InstrumentFacts)
    app.add_directive("instrument-articles", InstrumentArticles)
    app.add_directive("policy-rules", PolicyRules)
    app.add_directive("public-api", PublicApi)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
