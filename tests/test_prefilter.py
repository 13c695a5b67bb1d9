from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from lint.checks.base import Environment, Trigger
from lint.markup import parse
from lint.prefilter import Prefilter
from tests.conftest import PROJECT_RULES, dump


class FakeTrigger:
    """What the prefilter reads of a trigger: per part, its alternatives' anchor sets."""

    def __init__(self, *part_anchors: Any) -> None:
        self.part_anchors = list(part_anchors)


def focus_of(text: str, *triggers: FakeTrigger) -> dict[Any, dict[int, list[int]]]:
    prefilter = Prefilter(cast(list[Trigger], list(triggers)))
    return cast(dict[Any, dict[int, list[int]]], prefilter.focus(parse("a.md", text)))


TEXT = "Turmeric cures arthritis.\n\nNothing here.\n\nGinger eases nausea, they say.\n"


def test_a_part_is_focused_on_the_blocks_holding_a_string_of_every_set() -> None:
    claim = FakeTrigger(((frozenset({"turmeric", "ginger"}), frozenset({"cures", "eases"})),))
    assert focus_of(TEXT, claim) == {claim: {0: [0, 2]}}


def test_a_block_missing_one_set_is_not_focused() -> None:
    claim = FakeTrigger(((frozenset({"turmeric"}), frozenset({"nausea"})),))
    assert focus_of(TEXT, claim) == {}


def test_two_alternatives_of_a_part_qualifying_in_one_block_give_it_once() -> None:
    # part 0: "turmeric" or "arthritis" (both in block 0) or "ginger"; part 1: "nausea"
    alternatives = ((frozenset({"turmeric"}),), (frozenset({"arthritis"}),), (frozenset({"ginger"}),))
    either = FakeTrigger(alternatives, ((frozenset({"nausea"}),),))
    assert focus_of(TEXT, either) == {either: {0: [0, 2], 1: [2]}}


def test_parts_and_triggers_are_focused_apart() -> None:
    first = FakeTrigger(((frozenset({"cures"}),),), ((frozenset({"say"}),),))
    second = FakeTrigger(((frozenset({"nothing"}),),))
    assert focus_of(TEXT, first, second) == {first: {0: [0], 1: [2]}, second: {0: [1]}}


def test_anchors_match_case_folded_and_never_across_blocks() -> None:
    across = FakeTrigger(((frozenset({"arthritis. nothing"}),),))
    shouted = FakeTrigger(((frozenset({"ginger"}),),))
    assert focus_of(TEXT.replace("Ginger", "GINGER"), across, shouted) == {shouted: {0: [2]}}


def test_an_anchor_on_word_edges_is_not_found_inside_a_word() -> None:
    heal = FakeTrigger(((frozenset({" heal "}),),))
    assert focus_of("Good health.\n\nA healer.\n\nThey heal, slowly.\n\nHeal\n", heal) == {heal: {0: [2, 3]}}


def test_an_edge_holds_at_the_start_of_the_text_and_not_after_a_letter() -> None:
    # the first block has a space before it in the view; "acure" has a letter before "cure"
    cut = FakeTrigger(((frozenset({" cure "}),),))
    assert focus_of("Cure\n\nacure\n\ncures\n", cut) == {cut: {0: [0]}}


def test_a_loaded_rule_set_keeps_its_prefilter_and_every_selection_of_it_shares_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    from lint.config import Config
    from lint.engine import lint_document
    from lint.ruleset import load_paths
    from lint.selecting import RuleSelector

    rules_file = tmp_path / "house.yaml"
    rules_file.write_text(dump(PROJECT_RULES), encoding="utf-8")
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    built = load_paths([rules_file])
    loaded = load_paths([rules_file])  # from the rule cache, as a later process reads it
    assert loaded is not built and len(loaded.prefilter.owners) == len(built.prefilter.owners) == 2
    assert pickle.loads(pickle.dumps(loaded)).prefilter.owners[0][0] is not None
    one = RuleSelector(loaded, Config(), select=("house.miracle",)).for_path(Path("a.md"))
    assert one.prefilter is loaded.prefilter and [rule.id for rule in one.rules] == ["house.miracle"]
    doc = parse("a.md", "A miracle. It is generally safe.\n")
    assert [f.rule for f in lint_document(doc, one, Environment()).findings] == ["house.miracle"]
