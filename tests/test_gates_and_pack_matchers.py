"""`only_if` (topic gating) and the named matchers a pack defines in its pack.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint.errors import RuleFileError
from lint.ruleset import load_paths
from tests.conftest import BASE_RULE, MakeRule, NoAliasDumper, matches


def test_only_if_runs_a_rule_only_on_matching_documents(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", patterns=[r"\b\d+ calories\b"],
                     only_if={"phrases": ["anorexia", "eating disorder"], "min_count": 2})  # fmt: skip
    assert matches(rule, "Eat 500 calories.\n") == []
    assert matches(rule, "Anorexia recovery. Eat 500 calories.\n") == []
    assert matches(rule, "Anorexia is an eating disorder. Eat 500 calories.\n") == ["500 calories"]


def test_only_if_a_field(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["miracle"], only_if={"fields": ["sponsored"]})
    assert matches(rule, "A miracle.\n") == []
    assert matches(rule, "---\nsponsored: true\n---\nA miracle.\n") == ["miracle"]


def write_pack(tmp_path: Path, pack_yaml: str, rule: dict[str, object]) -> Path:
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    (pack / "rule.yaml").write_text(yaml.dump({**BASE_RULE, **rule}, Dumper=NoAliasDumper), encoding="utf-8")
    return pack


def test_a_pack_matcher_is_usable_by_name(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path,
        "title: House\ndescription: d\nmatchers:\n  referral:\n    phrases: [talk to your doctor]\n"
        "    patterns: ['\\bask (?:a|your) pharmacist\\b']\n",
        {"kind": "proximity", "patterns": [r"\btake \d+ ?mg\b"], "window": "section",
         "unless": {"matchers": ["referral", "citation"]}},
    )  # fmt: skip
    (rule,) = load_paths([pack])
    assert matches(rule, "Take 5 mg. Talk to your doctor.\n") == []
    assert matches(rule, "Take 5 mg. Ask your pharmacist.\n") == []
    assert matches(rule, "Take 5 mg (Smith, 2020).\n") == []
    assert matches(rule, "Take 5 mg.\n") == ["Take 5 mg"]


def test_an_unknown_matcher_is_a_pointed_error(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "title: House\n", {"kind": "proximity", "phrases": ["x"], "window": "sentence",
                                                   "unless": {"matchers": ["referal"]}})  # fmt: skip
    with pytest.raises(RuleFileError, match=r"unknown matcher 'referal' \(known: citation, link\)"):
        load_paths([pack])


def test_a_malformed_pack_matcher_is_an_error(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "title: House\nmatchers:\n  referral: [a]\n", {"kind": "existence", "phrases": ["x"]})
    with pytest.raises(RuleFileError, match=r"pack\.yaml:3:13: matcher 'referral' must have"):
        load_paths([pack])
