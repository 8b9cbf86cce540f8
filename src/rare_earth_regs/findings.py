"""Findings: what the rules say about valid data.

Bad input raises an exception; valid data that breaks a rule gives a :class:`Finding`.
A finding names the rule (its stable id), a severity, a specific message (a message id
and its parameters, rendered in English or Chinese: :meth:`Finding.message_in`), the
articles it rests on, the JSON path of its subject and machine-readable facts.
Missing information gives an ``UNDETERMINED`` finding, never a silent pass (policy
P10). :class:`Findings` is an ordered, immutable collection; a caller who wants an
exception calls :meth:`Findings.raise_for_violations`.

>>> from rare_earth_regs.legal import REGULATIONS_2024, Citation
>>> from rare_earth_regs.locale import define
>>> OVER = define("example.over-quota", "{holder} is over its quota")
>>> found = Findings([Finding(rule_id="QTA001", severity=Severity.VIOLATION,
...     message=OVER(holder="Example Group"), citations=(Citation(REGULATIONS_2024, 10),))])
>>> found.ok, len(found.violations)
(False, 1)
>>> found[0].message
'Example Group is over its quota'
>>> found[0].message_id, found[0].params
('example.over-quota', {'holder': 'Example Group'})
"""

from __future__ import annotations

import enum
import json
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import attrs

from rare_earth_regs.exceptions import ComplianceError, InvalidInputError
from rare_earth_regs.legal import Citation
from rare_earth_regs.locale import Language, Message, ParamValue, define, language

__all__ = ["Finding", "Findings", "RuleIds", "Severity", "SeverityCounts"]


class Severity(enum.Enum):
    """How serious a finding is."""

    __hash__ = object.__hash__  # singletons: hashed by identity, with no Python call

    #: The data shows a breach of the rule.
    VIOLATION = "violation"
    #: Not a breach, but something to look at (e.g. a record that is hard to trace).
    WARNING = "warning"
    #: The rule cannot be decided on the data given (policy P10).
    UNDETERMINED = "undetermined"
    #: Information, such as a consequence that follows from another finding.
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort rank, most serious first."""
        return _RANK[self]

    @property
    def term(self) -> Message:
        """The severity as a message (``violation``, 违规 ...)."""
        return _SEVERITY_TERMS[self]()


_SEVERITY_TERMS = {
    Severity.VIOLATION: define("severity.violation", "violation"),
    Severity.WARNING: define("severity.warning", "warning"),
    Severity.UNDETERMINED: define("severity.undetermined", "undetermined"),
    Severity.INFO: define("severity.info", "info"),
}

_RANK = {
    Severity.VIOLATION: 0,
    Severity.UNDETERMINED: 1,
    Severity.WARNING: 2,
    Severity.INFO: 3,
}


def _facts(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return {} if value is None else dict(value)


def _require_message(value: Message) -> Message:
    # Typed Message so that mypy refuses a plain string; checked at run time as well.
    if not isinstance(value, Message):
        raise InvalidInputError(
            field="message",
            value=value,
            accepted="a Message made by a template from rare_earth_regs.locale.define",
        )
    return value


_VIOLATIONS = define("findings.violations", "{rule_id}: {first}")
_VIOLATIONS_MORE = define("findings.violations-more", "{rule_id}: {first} (and {more} more)")


@attrs.frozen(kw_only=True, eq=True, hash=False)
class Finding:
    """One result of a rule.

    Built with ``message=`` a :class:`~rare_earth_regs.locale.Message` (a template from
    :func:`~rare_earth_regs.locale.define` called with its parameters), so the finding
    can be rendered in English or Chinese after the fact: :attr:`message` is the English
    text, :meth:`message_in` gives either language, :attr:`message_id` and :attr:`params`
    are what the text is made of. The message is specific: it names the enterprise,
    month, product and amounts.

    Attributes:
        rule_id: the stable id of the rule, e.g. ``"RPT001"``.
        severity: :class:`Severity`.
        citations: the articles the rule encodes.
        subject: JSON path of the subject inside the checked report (``"$"`` for the
            report itself, ``"$.lines[3]"`` for a line).
        facts: machine-readable values (due date, quota, used, excess ...), JSON-ready.
        enterprise: USCC of the enterprise concerned, if any.
        month: the reporting month (``"YYYY-MM"``), if any.
        report_id: the id of the report the subject is in, if any.
    """

    rule_id: str
    severity: Severity
    # Passed as ``message=``; the public ``message`` is its English text.
    _message: Message = attrs.field(converter=_require_message)
    citations: tuple[Citation, ...] = ()
    subject: str = "$"
    facts: dict[str, Any] = attrs.field(factory=dict, converter=_facts)
    enterprise: str | None = None
    month: str | None = None
    report_id: str | None = None

    @property
    def message(self) -> str:
        """The message in English."""
        return self._message.render("en")

    @property
    def translatable(self) -> Message:
        """The message as a :class:`~rare_earth_regs.locale.Message` (id and parameters)."""
        return self._message

    @property
    def message_id(self) -> str:
        """The stable id of the message, e.g. ``"RPT001.late"``."""
        return self._message.id

    @property
    def params(self) -> dict[str, ParamValue]:
        """The message's parameters (nested messages for translated terms)."""
        return dict(self._message.params)

    def message_in(self, lang: Language | str) -> str:
        """The message in ``lang``: ``"en"`` or ``"zh"`` (简体中文)."""
        return self._message.render(lang)

    def sort_key(self) -> tuple[str, str, str, str, int, str, str]:
        """A total order: enterprise, month, report, rule, severity, subject, message."""
        return (
            self.enterprise or "",
            self.month or "",
            self.report_id or "",
            self.rule_id,
            self.severity.rank,
            self.subject,
            self.message,
        )

    def to_dict(self, lang: Language | str = "en") -> dict[str, Any]:
        """A JSON-ready dict (the ``findings`` entries of the JSON output).

        ``message`` is in ``lang`` (English by default); ``message_id`` and ``params``
        let a reader render it in the other language later. Citations carry both
        languages; dates are ISO in every language.
        """
        chosen = language(lang)
        return {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "message": self._message.render(chosen),
            "lang": chosen,
            "message_id": self._message.id,
            "params": self._message.to_dict()["params"],
            "citations": [
                {"key": citation.key, "en": citation.en, "zh": citation.zh}
                for citation in self.citations
            ],
            "subject": self.subject,
            "enterprise": self.enterprise,
            "month": self.month,
            "report_id": self.report_id,
            "facts": self.facts,
        }


class SeverityCounts(dict[Severity, int]):
    """:attr:`Findings.counts`: a dict of severity to count.

    Calling it, as the method it once was (``findings.counts()``), still works but is
    deprecated.
    """

    def __call__(self) -> SeverityCounts:
        warnings.warn(
            "Findings.counts is a property: write findings.counts, not findings.counts()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self


class RuleIds(tuple[str, ...]):
    """:attr:`Findings.rule_ids`: a sorted tuple of rule ids.

    Calling it, as the method it once was (``findings.rule_ids()``), still works but is
    deprecated.
    """

    __slots__ = ()

    def __call__(self) -> RuleIds:
        warnings.warn(
            "Findings.rule_ids is a property: write findings.rule_ids, not findings.rule_ids()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self


class Findings(Sequence[Finding]):
    """An ordered, immutable collection of findings.

    Findings are kept in a canonical order (enterprise, month, report, rule,
    severity, subject, message), so the same inputs in any order give equal
    collections.

    **One style.** What the collection *is* takes no argument and is a property:
    :attr:`ok`, :attr:`violations`, :attr:`counts`, :attr:`rule_ids`. What takes an
    argument or does something is a method: :meth:`by_severity`, :meth:`by_rule`,
    :meth:`to_dicts`, :meth:`to_json`, :meth:`raise_for_violations`. (``counts()`` and
    ``rule_ids()``, once methods, still answer when called, with a DeprecationWarning.)

    >>> from rare_earth_regs.rules.reporting import NO_SUBMISSION_TIME
    >>> unknown = NO_SUBMISSION_TIME(enterprise="Co.", month="2025-09", due_date="2025-10-10")
    >>> one = Finding(rule_id="RPT001", severity=Severity.UNDETERMINED, message=unknown)
    >>> found = Findings([one])
    >>> found.ok, found.rule_ids, found.counts[Severity.UNDETERMINED]
    (True, ('RPT001',), 1)
    """

    __slots__ = ("_items",)

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        items = list(findings)
        for index, item in enumerate(items):
            if not isinstance(item, Finding):
                raise InvalidInputError(
                    field=f"findings[{index}]", value=item, accepted="a Finding"
                )
        items.sort(key=Finding.sort_key)
        self._items: tuple[Finding, ...] = tuple(items)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Findings: ...
    def __getitem__(self, index: int | slice) -> Finding | Findings:
        if isinstance(index, slice):
            return Findings(self._items[index])
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Findings):
            return NotImplemented
        return self._items == other._items

    __hash__ = None  # type: ignore[assignment]  # findings hold dicts of facts

    def __add__(self, other: Findings) -> Findings:
        return Findings((*self._items, *other._items))

    def __repr__(self) -> str:
        counts = ", ".join(f"{severity.value}={n}" for severity, n in self.counts.items() if n)
        return f"<Findings {len(self)}: {counts or 'none'}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Findings, (self._items,))

    @property
    def counts(self) -> SeverityCounts:
        """How many findings of each severity (every severity is a key)."""
        counts = SeverityCounts(dict.fromkeys(Severity, 0))
        for item in self._items:
            counts[item.severity] += 1
        return counts

    @property
    def violations(self) -> Findings:
        """The findings of severity ``VIOLATION``."""
        return self.by_severity(Severity.VIOLATION)

    @property
    def ok(self) -> bool:
        """True when there is no violation (undetermined findings do not count)."""
        return all(item.severity is not Severity.VIOLATION for item in self._items)

    def by_severity(self, *severities: Severity) -> Findings:
        """The findings of the given severities."""
        wanted = set(severities)
        return Findings(item for item in self._items if item.severity in wanted)

    def by_rule(self, *rule_ids: str) -> Findings:
        """The findings of the given rule ids."""
        wanted = set(rule_ids)
        return Findings(item for item in self._items if item.rule_id in wanted)

    @property
    def rule_ids(self) -> RuleIds:
        """The distinct rule ids present, sorted."""
        return RuleIds(sorted({item.rule_id for item in self._items}))

    def to_dicts(self, lang: Language | str = "en") -> list[dict[str, Any]]:
        """JSON-ready dicts, in order, messages in ``lang``."""
        chosen = language(lang)
        return [item.to_dict(chosen) for item in self._items]

    def to_json(self, *, indent: int | None = 2, lang: Language | str = "en") -> str:
        """The findings as a JSON document: ``{"summary": {...}, "findings": [...]}``."""
        summary = {severity.value: count for severity, count in self.counts.items()}
        document = {"summary": summary, "ok": self.ok, "findings": self.to_dicts(lang)}
        return json.dumps(document, indent=indent, ensure_ascii=False)

    def raise_for_violations(self) -> None:
        """Raise :class:`~rare_earth_regs.exceptions.ComplianceError` if any violation."""
        violations = self.violations
        if violations:
            first = violations[0]
            more = len(violations) - 1
            message = (
                _VIOLATIONS_MORE(rule_id=first.rule_id, first=first.translatable, more=more)
                if more
                else _VIOLATIONS(rule_id=first.rule_id, first=first.translatable)
            )
            raise ComplianceError(message, violations)
