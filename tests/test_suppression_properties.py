"""Property: a suppression comment removes exactly the findings it names, on the line it covers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.engine import lint_text
from lint.ruleset import Rule
from tests.conftest import rule_maker

WORDS = st.sampled_from(["miracle", "cure", "safe", "text", "and", "more", "the", "generally safe"])
LINES = st.lists(st.lists(WORDS, min_size=1, max_size=6).map(" ".join), min_size=2, max_size=8)


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> list[Rule]:
    make = rule_maker(tmp_path_factory.mktemp("rules"))
    return [
        make(id="p.miracle", kind="existence", phrases=["miracle"]),
        make(id="p.cure", kind="existence", phrases=["cure"]),
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=LINES, target=st.integers(min_value=0, max_value=7), name=st.sampled_from(["p.miracle", "p.cure"]))
def test_disable_next_line_suppresses_exactly_what_it_names(
    rules: list[Rule], lines: list[str], target: int, name: str
) -> None:
    target %= len(lines)
    plain = "\n\n".join(lines) + "\n"
    before = lint_text("a.md", plain, rules)
    # the comment goes on its own paragraph just before the target line
    commented_lines = [*lines[:target], f"<!-- healthlint-disable-next-line {name} -->", *lines[target:]]
    commented = "\n\n".join(commented_lines) + "\n"
    after = lint_text("a.md", commented, rules)
    target_line = 2 * target + 3  # paragraphs are two lines apart; the comment adds two lines
    expected = []
    for f in before:
        line = f.line + (2 if f.line >= 2 * target + 1 else 0)
        if not (f.rule == name and line == target_line):
            expected.append((line, f.column, f.rule))
    suppressed_any = any(f.rule == name and f.line == 2 * target + 1 for f in before)
    got = [(f.line, f.column, f.rule) for f in after if not f.rule.startswith("healthlint.")]
    assert got == expected
    unused = [f for f in after if f.rule == "healthlint.unused-suppression"]
    assert bool(unused) == (not suppressed_any)
