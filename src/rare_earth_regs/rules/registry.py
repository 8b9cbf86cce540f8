"""The rule registry: every rule's stable id, name, citations and effective window.

A rule is registered once, by the module that encodes its article, with
:func:`register`. Ids are a stable contract: three capital letters for the topic and
three digits (``RPT001``); names are kebab-case. The registry is read-only to
callers: :data:`RULES` maps ids to :class:`Rule` objects, :func:`get_rule` looks one
up and :func:`rules_in_force` lists those in force on a date.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterable
from types import MappingProxyType
from typing import Any, Literal, TypeVar

import attrs

from rare_earth_regs.exceptions import InvalidInputError, one_of
from rare_earth_regs.findings import Finding, Severity
from rare_earth_regs.legal import Citation
from rare_earth_regs.locale import Language, language, translate
from rare_earth_regs.locale.extract import rule_title_and_summary

__all__ = ["RULES", "Rule", "get_rule", "register", "rules_in_force"]

RULE_ID = re.compile(r"[A-Z]{3}\d{3}")
RULE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

Scope = Literal["report", "year", "invoice", "filing"]
F = TypeVar("F", bound=Callable[..., Iterable[Finding]])


@attrs.frozen(kw_only=True)
class Rule:
    """A registered rule.

    Attributes:
        id: stable id, e.g. ``"RPT001"``.
        name: kebab-case name, e.g. ``"flow-report-late"``.
        title: one-line English title (the first line of the docstring);
            :meth:`title_in` gives it in Chinese.
        summary: the library's reading of the law, in English (the docstring's
            ``Interpretation:`` section as one paragraph); :meth:`summary_in` gives it in
            Chinese.
        citations: the articles the rule encodes.
        severities: the severities its findings can have.
        in_force_from: first day the rule applies.
        in_force_until: last day it applies (None: open-ended).
        policies: the library's stated interpretations it applies (``"P1"`` ...).
        scope: ``"report"`` (one report at a time), ``"year"`` (a series), ``"invoice"``
            (invoices, with the flow reports that name them) or ``"filing"`` (the
            revisions of one enterprise and month, policy P12).
        doc: the full docstring, with ``Legal basis:`` and ``Interpretation:``.
    """

    id: str
    name: str
    title: str
    summary: str = ""
    citations: tuple[Citation, ...]
    severities: tuple[Severity, ...]
    in_force_from: dt.date
    in_force_until: dt.date | None
    policies: tuple[str, ...]
    scope: Scope
    doc: str
    check: Callable[..., Iterable[Finding]] = attrs.field(eq=False, repr=False)

    def title_in(self, lang: Language | str) -> str:
        """The title in ``lang`` (``"en"`` or ``"zh"``)."""
        return translate(self.title, lang, context=f"rule.{self.id}.title")

    def summary_in(self, lang: Language | str) -> str:
        """The summary in ``lang`` (``"en"`` or ``"zh"``)."""
        return translate(self.summary, lang, context=f"rule.{self.id}.summary")

    def is_in_force(self, on: dt.date) -> bool:
        """True if the rule applies on ``on``."""
        return self.in_force_from <= on and (
            self.in_force_until is None or on <= self.in_force_until
        )


_REGISTRY: dict[str, Rule] = {}

#: Every registered rule by id (read-only).
RULES: MappingProxyType[str, Rule] = MappingProxyType(_REGISTRY)


def register(
    *,
    id: str,
    name: str,
    citations: tuple[Citation, ...],
    severities: tuple[Severity, ...],
    in_force_from: dt.date,
    in_force_until: dt.date | None = None,
    policies: tuple[str, ...] = (),
    scope: Scope = "report",
) -> Callable[[F], F]:
    """Register a check function as a rule; its docstring is the rule's doc.

    Called right after the check's definition, ``register(id=..., ...)(check)``, not as
    a decorator: mutmut does not mutate decorated functions.
    """

    def decorate(check: F) -> F:
        doc = inspect.getdoc(check) or ""
        if not RULE_ID.fullmatch(id) or not RULE_NAME.fullmatch(name):
            raise AssertionError(f"malformed rule id or name: {id!r} {name!r}")
        if id in _REGISTRY:
            raise AssertionError(f"rule id registered twice: {id}")
        title, summary = rule_title_and_summary(doc)
        _REGISTRY[id] = Rule(
            id=id,
            name=name,
            title=title,
            summary=summary,
            citations=citations,
            severities=severities,
            in_force_from=in_force_from,
            in_force_until=in_force_until,
            policies=policies,
            scope=scope,
            doc=doc,
            check=check,
        )
        return check

    return decorate


def get_rule(rule_id: str) -> Rule:
    """The rule with id ``rule_id``; an unknown id raises InvalidInputError."""
    _load_rules()
    found = _REGISTRY.get(rule_id) if isinstance(rule_id, str) else None
    if found is None:
        raise InvalidInputError(
            field="rule_id", value=rule_id, accepted=one_of(", ".join(sorted(_REGISTRY)))
        )
    return found


def rules_in_force(on: dt.date) -> tuple[Rule, ...]:
    """The rules in force on ``on``, ordered by id."""
    if not isinstance(on, dt.date):
        raise InvalidInputError(field="on", value=on, accepted="a datetime.date")
    _load_rules()
    return tuple(rule for _, rule in sorted(_REGISTRY.items()) if rule.is_in_force(on))


def _load_rules() -> None:
    # Importing the rules package registers every rule module.
    import rare_earth_regs.rules  # noqa: F401, PLC0415


def describe(rule: Rule, lang: Language | str = "en") -> dict[str, Any]:
    """A JSON-ready description of a rule (used by the catalogue and the CLI).

    ``title`` and ``summary`` are in ``lang``; ``citations`` in that language's form.
    """
    chosen = language(lang)
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title_in(chosen),
        "summary": rule.summary_in(chosen),
        "citations": [
            citation.zh if chosen == "zh" else citation.en for citation in rule.citations
        ],
        "in_force_from": rule.in_force_from.isoformat(),
        "in_force_until": None if rule.in_force_until is None else rule.in_force_until.isoformat(),
        "severities": [severity.value for severity in rule.severities],
        "policies": list(rule.policies),
        "scope": rule.scope,
    }
