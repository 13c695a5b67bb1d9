"""Vocabularies: named term lists, inflected at load time, named by rules as `{name}`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.errors import RuleFileError
from lint.ruleset import load_file
from lint.vocabulary import Term, Vocabulary, inflections, load
from tests.conftest import BASE_RULE, MakeRule, NoAliasDumper, matches


def test_terms_are_lemmas_and_every_inflection_is_generated() -> None:
    assert set(inflections("treat", "verb")) == {"treat", "treats", "treated", "treating"}
    assert set(inflections("remedy", "noun")) >= {"remedy", "remedies"}
    assert set(inflections("herbal remedy", "noun")) >= {"herbal remedy", "herbal remedies"}  # the head noun
    assert set(inflections("get rid of", "verb")) >= {"gets rid of", "got rid of", "getting rid of"}
    assert inflections("CBD", "noun") == ["CBD"] and inflections("5-HTP", "noun") == ["5-HTP"]
    assert Term("treat", "verb", ("treatment",)).forms()[-2:] == ["treatment", "treatments"]


def test_a_phrase_naming_a_vocabulary_matches_any_form(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["{treat-verb} anxiety"])
    text = "It treats anxiety. It cured anxiety. Its treatment of anxiety. It got rid of anxiety. It helps anxiety."
    assert matches(rule, text) == ["treats anxiety", "cured anxiety", "got rid of anxiety"]


def test_a_pattern_naming_a_vocabulary_keeps_its_own_quantifiers(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", patterns=[r"\b{treat-verb}\s+(?:\w+\s+){0,2}?pain\b"])
    assert matches(rule, "It relieves joint pain fast; it eased the back pain.") == [
        "relieves joint pain",
        "eased the back pain",
    ]


def test_apostrophes_hyphens_and_spaces_are_tolerated(tmp_path: Path) -> None:
    (tmp_path / "herb.yaml").write_text(
        "description: d\nsource: s\ninflect: noun\nterms: [St. John's wort, omega-3, fish oil]\n", encoding="utf-8"
    )
    vocabulary = load([tmp_path / "herb.yaml"])["herb"]
    import regex

    pattern = regex.compile(vocabulary.pattern(), regex.IGNORECASE)
    for text in ("St John’s wort", "st. johns wort", "omega 3", "omega3", "Omega-3", "fish-oils"):
        assert pattern.fullmatch(text), text
    assert not pattern.search("fishoilery") and not pattern.search("omega-30")


def test_an_unknown_vocabulary_is_a_rule_error_at_its_line(tmp_path: Path) -> None:
    import yaml

    path = tmp_path / "rule.yaml"
    path.write_text(yaml.dump({**BASE_RULE, "kind": "existence", "phrases": ["{no-such-list} cures"]},
                              Dumper=NoAliasDumper, sort_keys=False), encoding="utf-8")  # fmt: skip
    with pytest.raises(RuleFileError, match=r"rule\.yaml:\d+:\d+: .*unknown vocabulary \{no-such-list\}"):
        load_file(path)


def test_a_bad_vocabulary_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("description: d\nsource: s\ninflect: adverb\nterms: [x]\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"bad\.yaml:3:\d+: vocabulary 'bad': inflect must be one of"):
        load([tmp_path / "bad.yaml"])
    (tmp_path / "bad.yaml").write_text("description: d\nterms: [x]\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"`source` is required"):
        load([tmp_path / "bad.yaml"])


def test_edits_add_and_remove_terms_and_define_new_vocabularies() -> None:
    base = Vocabulary("botanical", "d", "s", (Term("turmeric", "noun"), Term("garlic", "noun")))
    edited = base.with_edits(["TurmeriMax"], ["garlic"])
    assert "turmerimax" in edited.forms() and "garlic" not in edited.forms() and "turmeric" in edited.forms()
    new = load([], {"house-product": {"add": ("SleepWell Gummies",), "remove": ()}})["house-product"]
    assert "sleepwell gummies" in new.forms()


def test_a_teams_config_extends_a_shipped_vocabulary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rule = {
        **BASE_RULE,
        "id": "house.disease-claim",
        "kind": "existence",
        "phrases": ["{treat-verb} {house-condition}"],
    }
    import yaml

    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rules.yaml").write_text(yaml.dump([rule], Dumper=NoAliasDumper, sort_keys=False), "utf-8")
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "house-condition.yaml").write_text(
        "description: The conditions our clinic writes about.\nsource: our editorial board\nterms: [sciatica]\n",
        encoding="utf-8",
    )
    (tmp_path / ".healthlint.yaml").write_text(
        "packs: []\nrules: [house/]\nvocabulary_paths: [vocab/]\n"
        "vocabularies: {house-condition: {add: [plantar fasciitis]}, treat-verb: {remove: [fight]}}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.md").write_text(
        "# T\n\nIt treats sciatica. It cures plantar fasciitis. It fights sciatica.\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "a.md"])
    assert [f["match"] for f in json.loads(result.stdout)] == ["treats sciatica", "cures plantar fasciitis"]
    listing = CliRunner().invoke(cli, ["vocabulary", "house-condition"])
    assert "sciatica: sciatica" in listing.stdout and "plantar fasciitis: plantar fasciitis" in listing.stdout


def test_test_rules_reports_a_vocabulary_no_rule_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "orphan.yaml").write_text("description: d\nsource: s\nterms: [x]\n", encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("vocabulary_paths: [vocab/]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test-rules"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'vocab' / 'orphan.yaml'}:3:1: vocabulary 'orphan' is named by no rule" in result.stdout


def test_a_term_after_a_number_and_a_possessive_are_matched(tmp_path: Path) -> None:
    import regex

    (tmp_path / "word.yaml").write_text(
        "description: d\nsource: s\ninflect: none\nafter_numbers: true\nterms: [kratom, mg]\n", "utf-8"
    )
    pattern = regex.compile(load([tmp_path / "word.yaml"])["word"].pattern(), regex.IGNORECASE)
    assert [m.group() for m in pattern.finditer("kratom's effects, 400mg, 5 mg")] == ["kratom's", "mg", "mg"]
    assert not pattern.search("xmg") and not pattern.search("kratomite")


def test_an_unknown_vocabulary_is_one_line_with_a_suggestion_not_the_whole_list() -> None:
    from lint.errors import unknown

    names = ["botanical", "condition", "supplement"]
    message = unknown("vocabulary", "botanicl", names, "healthlint vocabulary", "{x}")
    assert message == "unknown vocabulary {x} (did you mean 'botanical'?); `healthlint vocabulary` lists the 3 known"
    assert unknown("vocabulary", "zzz", [], "healthlint vocabulary") == "unknown vocabulary 'zzz' (none loaded)"
