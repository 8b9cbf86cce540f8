"""The rule registry's contract (ids, names, citations, docstrings, effective dates), the
``Findings`` collection, and a check that every registered rule is tested."""

from __future__ import annotations

import json
import pickle
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from rare_earth_regs.exceptions import ComplianceError, InvalidInputError
from rare_earth_regs.findings import Finding, Findings, Severity
from rare_earth_regs.legal import REGULATIONS_2024, Citation, cited_article
from rare_earth_regs.locale import define
from rare_earth_regs.rules import RULES, Rule, get_rule, rules_in_force

HERE = Path(__file__).parent
SCENARIOS = HERE.parent / "scenarios"
ALL_RULES = sorted(RULES.values(), key=lambda rule: rule.id)


def test_the_registry_is_not_empty_and_read_only() -> None:
    assert {"RPT001", "RPT002", "RPT003", "RPT004", "QTA001", "QTA002"} <= set(RULES)
    assert {"ENT001", "FST001", "SRC001"} <= set(RULES)
    with pytest.raises(TypeError):
        RULES["XXX999"] = RULES["RPT001"]  # type: ignore[index]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_rule_id_and_name_are_well_formed(rule: Rule) -> None:
    assert re.fullmatch(r"[A-Z]{3}\d{3}", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert RULES[rule.id] is rule


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_every_citation_resolves_to_a_shipped_text(rule: Rule) -> None:
    assert rule.citations, f"{rule.id} cites nothing"
    for citation in rule.citations:
        entry = cited_article(citation)
        assert entry.instrument == citation.instrument.slug
        assert entry.gloss_en


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_docstring_states_legal_basis_and_interpretation(rule: Rule) -> None:
    assert "Legal basis:" in rule.doc
    assert rule.title
    assert rule.title == rule.doc.splitlines()[0]
    if rule.policies:
        assert "Interpretation:" in rule.doc


POLICIES_PAGE = (Path(__file__).parents[2] / "docs" / "policies.md").read_text(encoding="utf-8")


def _policy_cases() -> list[object]:
    cases: list[object] = []
    for rule in ALL_RULES:
        for policy in rule.policies:
            cases.append(pytest.param(rule, policy, id=f"{rule.id}-{policy}"))
    return cases


@pytest.mark.parametrize(("rule", "policy"), _policy_cases())
def test_every_declared_policy_is_stated_in_the_docstring(rule: Rule, policy: str) -> None:
    assert re.fullmatch(r"P[1-9][0-9]?", policy)
    assert f"(policy-{policy.lower()})=" in POLICIES_PAGE, f"{policy} has no section on the page"
    interpretation = rule.doc.partition("Interpretation:")[2]
    assert re.search(rf"\b{policy}\b", interpretation), f"{rule.id} does not state {policy}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_severities_and_scope_are_declared(rule: Rule) -> None:
    assert rule.severities
    assert all(isinstance(severity, Severity) for severity in rule.severities)
    assert rule.scope in ("report", "year", "invoice", "filing")
    assert rule.in_force_from >= date(2024, 10, 1)


def test_rules_in_force_follow_the_effective_dates() -> None:
    before_measures = {rule.id for rule in rules_in_force(date(2025, 7, 27))}
    after_measures = {rule.id for rule in rules_in_force(date(2025, 7, 28))}
    assert "RPT001" not in before_measures
    assert "RPT001" in after_measures
    assert after_measures - before_measures == {"RPT001"}
    assert rules_in_force(date(2024, 9, 30)) == ()
    assert {rule.id for rule in rules_in_force(date(2024, 10, 1))} == set(RULES) - {
        "RPT001",
        "EXP001",
    }
    # EXP001 starts with MOFCOM/GAC Announcement No. 18 (2025-04-04).
    assert "EXP001" not in {rule.id for rule in rules_in_force(date(2025, 4, 3))}
    assert "EXP001" in {rule.id for rule in rules_in_force(date(2025, 4, 4))}
    ids = [rule.id for rule in rules_in_force(date(2030, 1, 1))]
    assert ids == sorted(RULES)


def test_rules_in_force_refuses_a_non_date() -> None:
    with pytest.raises(InvalidInputError):
        rules_in_force("2025-07-28")  # type: ignore[arg-type]


def test_get_rule() -> None:
    assert get_rule("QTA001") is RULES["QTA001"]
    with pytest.raises(InvalidInputError, match="RPT001"):
        get_rule("XXX999")
    with pytest.raises(InvalidInputError):
        get_rule(None)  # type: ignore[arg-type]


# --- every rule is tested ------------------------------------------------------------------


def _scenario_rule_ids() -> set[str]:
    found: set[str] = set()
    for path in SCENARIOS.glob("*.toml"):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        found.update(entry["rule"] for entry in document["expected"])
    return found


def _unit_test_text() -> str:
    own = {Path(__file__).name, "test_scenarios.py", "test_properties.py"}
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(HERE.glob("test_*.py"))
        if path.name not in own
    )


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_scenario_that_expects_it(rule_id: str) -> None:
    assert rule_id in _scenario_rule_ids(), f"no scenario in tests/scenarios expects {rule_id}"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_unit_tests(rule_id: str) -> None:
    assert f'"{rule_id}"' in _unit_test_text(), f"no test module under tests/rules uses {rule_id}"


# --- Findings ----------------------------------------------------------------------------


_EXAMPLE = define("example.finding", "{rule_id} {severity}")


def _finding(rule_id: str, severity: Severity, enterprise: str = "B", **facts: object) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=severity,
        message=_EXAMPLE(rule_id=rule_id, severity=severity.value),
        citations=(Citation(REGULATIONS_2024, 14, 2),),
        facts=facts,
        enterprise=enterprise,
        month="2025-09",
    )


VIOLATION = _finding("RPT001", Severity.VIOLATION, days_late=1)
UNDETERMINED = _finding("ENT001", Severity.UNDETERMINED)
OTHER_VIOLATION = _finding("QTA001", Severity.VIOLATION, enterprise="A", excess_grams=1)


def test_findings_ok_and_violations() -> None:
    assert Findings().ok
    assert Findings([UNDETERMINED]).ok  # undetermined is not a breach
    found = Findings([UNDETERMINED, VIOLATION, OTHER_VIOLATION])
    assert not found.ok
    assert list(found.violations) == [OTHER_VIOLATION, VIOLATION]
    assert found.counts[Severity.VIOLATION] == 2


def test_findings_are_in_canonical_order_whatever_the_input_order() -> None:
    items = [UNDETERMINED, VIOLATION, OTHER_VIOLATION]
    assert Findings(items) == Findings(reversed(items))
    assert Findings(items)[0] is OTHER_VIOLATION  # enterprise "A" sorts first
    assert isinstance(Findings(items)[1:], Findings)


def test_findings_by_rule_and_by_severity() -> None:
    found = Findings([UNDETERMINED, VIOLATION, OTHER_VIOLATION])
    assert list(found.by_rule("RPT001")) == [VIOLATION]
    assert list(found.by_rule("RPT001", "ENT001")) == [UNDETERMINED, VIOLATION]
    assert list(found.by_rule("XXX999")) == []
    assert list(found.by_severity(Severity.UNDETERMINED)) == [UNDETERMINED]
    assert len(found.by_severity(Severity.UNDETERMINED, Severity.VIOLATION)) == 3
    assert found.rule_ids == ("ENT001", "QTA001", "RPT001")


def test_findings_refuse_non_findings() -> None:
    with pytest.raises(InvalidInputError):
        Findings(["RPT001"])  # type: ignore[list-item]


def test_findings_to_json_has_summary_and_findings() -> None:
    document = json.loads(Findings([UNDETERMINED, VIOLATION]).to_json())
    assert document["summary"] == {"violation": 1, "warning": 0, "undetermined": 1, "info": 0}
    assert document["ok"] is False
    first = document["findings"][0]
    assert first["rule_id"] == "ENT001"
    assert first["severity"] == "undetermined"
    assert first["citations"][0] == {
        "key": "regulations-2024:14(2)",
        "en": "Regulations 2024, art. 14(2)",
        "zh": "《稀土管理条例》第十四条第二款",
    }
    assert document["findings"][1]["facts"] == {"days_late": 1}
    assert json.loads(Findings().to_json())["ok"] is True


def test_raise_for_violations() -> None:
    Findings([UNDETERMINED]).raise_for_violations()
    with pytest.raises(ComplianceError, match=r"RPT001: RPT001 violation") as caught:
        Findings([UNDETERMINED, VIOLATION]).raise_for_violations()
    assert caught.value.findings == Findings([VIOLATION])
    with pytest.raises(ComplianceError, match=r"and 1 more"):
        Findings([VIOLATION, OTHER_VIOLATION]).raise_for_violations()


def test_finding_and_findings_survive_pickling() -> None:
    assert pickle.loads(pickle.dumps(VIOLATION)) == VIOLATION
    found = Findings([UNDETERMINED, VIOLATION, OTHER_VIOLATION])
    copy = pickle.loads(pickle.dumps(found))
    assert copy == found
    assert copy.to_json() == found.to_json()


def _compliance_error() -> ComplianceError:
    try:
        Findings([VIOLATION, OTHER_VIOLATION]).raise_for_violations()
    except ComplianceError as error:
        return error
    raise AssertionError("no ComplianceError raised")


def test_compliance_error_keeps_message_and_findings_through_pickling() -> None:
    error = _compliance_error()
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ComplianceError
    assert copy.message == error.message
    assert copy.findings == error.findings
    assert str(copy) == str(error)


def test_compliance_error_pickling_round_trip_is_equal() -> None:
    error = _compliance_error()
    assert pickle.loads(pickle.dumps(error)) == error


def test_findings_views_are_properties_and_the_old_calls_warn() -> None:
    found = Findings(
        [
            _finding("QTA001", Severity.VIOLATION),
            _finding("RPT001", Severity.UNDETERMINED),
        ]
    )
    assert found.rule_ids == ("QTA001", "RPT001")
    assert found.counts == {
        Severity.VIOLATION: 1,
        Severity.UNDETERMINED: 1,
        Severity.WARNING: 0,
        Severity.INFO: 0,
    }
    assert found.violations == found.by_severity(Severity.VIOLATION)
    assert not found.ok
    with pytest.warns(DeprecationWarning, match="Findings.counts is a property"):
        assert found.counts() == found.counts
    with pytest.warns(DeprecationWarning, match="Findings.rule_ids is a property"):
        assert found.rule_ids() == ("QTA001", "RPT001")  # type: ignore[operator]
