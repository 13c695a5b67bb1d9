"""Literal anchors derived from patterns (lint.anchors)."""

from __future__ import annotations

from lint.anchors import anchors, word_view


def test_a_short_prefix_before_a_choice_is_carried_into_each_alternative() -> None:
    # a vocabulary's trie: "co" alone is too common to scan for, and so is "ld"
    assert anchors(r"\bco(?:ld(?:s)?|vid[\s\-]?19)\b") == ((frozenset({" cold", " covid"}),),)
    assert anchors(r"\bco(?:ld|.)\b") is None  # an alternative with no string of its own spoils it


def test_word_edges_become_spaces_in_the_word_view() -> None:
    # "heal" on word edges: not found in "health" or "healer"
    assert anchors(r"(?<![\w])heal(?![\w])") == ((frozenset({" heal "}),),)
    assert anchors(r"\bheal(?:s|ed)?(?![\w'’])") == ((frozenset({" heal ", " heals ", " healed "}),),)
    assert anchors(r"(?:\b|(?<=\d))mg\b") == ((frozenset({"mg "}),),)  # " mg " holds "mg ": one is enough
    assert anchors(r"\.com\b") == ((frozenset({" com "}),),)  # the dot is a non-word character
    assert anchors(r"\b(?:cure|heal)s?\b") == ((frozenset({" cure ", " cures ", " heal ", " heals "}),),)


def test_edges_that_do_not_rule_out_a_word_character_are_not_carried() -> None:
    assert anchors(r"(?<!\p{L})heal") == ((frozenset({"heal"}),),)  # a digit may come before it
    assert anchors(r"\b-19\b") == ((frozenset({" 19 "}),),)  # before "-", \b asks for a word character
    assert anchors(r"(?w)\bheal\b") == ((frozenset({"heal"}),),)  # Unicode word rules: no edge assumed


def test_the_word_view_keeps_ascii_word_characters_and_length() -> None:
    assert word_view("covid-19 café, dr_x’s") == "covid 19 caf   dr_x s"
