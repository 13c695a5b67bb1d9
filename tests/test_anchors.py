"""Literal anchors derived from patterns (lint.anchors)."""

from __future__ import annotations

from lint.anchors import anchors


def test_a_short_prefix_before_a_choice_is_carried_into_each_alternative() -> None:
    # a vocabulary's trie: "co" alone is too common to scan for, and so is "ld"
    assert anchors(r"\bco(?:ld(?:s)?|vid[\s\-]?19)\b") == ((frozenset({"cold", "colds", "covid"}),),)
    assert anchors(r"\bco(?:ld|.)\b") is None  # an alternative with no string of its own spoils it
