"""A rule's documentation, from its YAML: `healthlint explain` and docs/rules.md."""

from __future__ import annotations

from collections.abc import Sequence

from lint.checks.base import BuildContext
from lint.ruleset import Rule


def explain(rule: Rule) -> str:
    """Markdown for one rule (printed by `healthlint explain`, one section of docs/rules.md)."""
    bad = "\n".join(f"- {_one_line(text)}" for text in rule.bad_examples)
    good = "\n".join(f"- {_one_line(text)}" for text in rule.good_examples)
    off = "" if rule.enabled else "Off by default: select it by id (`--select`, or `select:` in the config).\n\n"
    return (
        f"## {rule.id}\n\n"
        f"{rule.message}\n\n"
        f"{off}"
        f"| category | severity | pack | kind | scope |\n|---|---|---|---|---|\n"
        f"| {rule.category} | {rule.severity} | {rule.pack} | {rule.kind} | {', '.join(rule.scope)} |\n\n"
        f"{_language(rule)}"
        f"### Why it matters\n\n{rule.docs}\n\n"
        f"### What to do instead\n\n{rule.hint}\n\n"
        f"### Flagged\n\n{bad}\n\n"
        f"### Not flagged\n\n{good}\n\n"
        f"### Source\n\n[{rule.source_title}]({rule.source_url})\n"
    )


def _language(rule: Rule) -> str:
    """The vocabularies a rule reads and the contexts that clear it (`healthlint vocabulary NAME`
    lists a vocabulary's terms; rules/contexts/NAME.yaml holds a context's cues)."""
    parts = []
    if rule.vocabularies:
        parts.append("Vocabularies: " + ", ".join(f"`{name}`" for name in rule.vocabularies) + ".")
    if rule.contexts:
        parts.append("Not reported in the context of: " + ", ".join(f"`{name}`" for name in rule.contexts) + ".")
    return " ".join(parts) + "\n\n" if parts else ""


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference(rules: Sequence[Rule], language: BuildContext | None = None) -> str:
    """docs/rules.md: every rule, grouped by pack, then the contexts and genres the rules name;
    generated, and checked by a test."""
    by_pack: dict[str, list[Rule]] = {}
    for rule in sorted(rules, key=lambda r: (r.pack, r.id)):
        by_pack.setdefault(rule.pack, []).append(rule)
    lines = [
        "# Rule reference",
        "",
        "Generated from the YAML rule packs by `healthlint rules --docs > docs/rules.md`; do not edit by hand.",
        f"{len(rules)} rules in {len(by_pack)} packs.",
        "",
    ]
    for pack, pack_rules in by_pack.items():
        lines.append(f"- **{pack}**: " + ", ".join(f"[{r.id}](#{anchor(r.id)})" for r in pack_rules))
    lines.append("")
    for pack, pack_rules in by_pack.items():
        lines += [f"# Pack `{pack}`", ""]
        lines += [explain(rule) for rule in pack_rules]
    if language is not None:
        lines += _contexts_and_genres(rules, language)
    return "\n".join(lines)


def _contexts_and_genres(rules: Sequence[Rule], language: BuildContext) -> list[str]:
    """Tables of the contexts and genres the rules name, from their data files."""
    users: dict[str, list[str]] = {}
    for rule in rules:
        named = [*rule.contexts, *(g.name for g in (rule.genres.skip + rule.genres.only if rule.genres else ()))]
        for name in named:
            users.setdefault(name, []).append(rule.id)
    lines = ["# Contexts", "", "What clears a rule's match (`contexts:`), from `rules/contexts/`.", ""]
    lines += ["| context | direction, scope | what it recognises | rules |", "|---|---|---|---|"]
    for name, context in sorted(language.contexts.items()):
        scope = context.scope + (f" ({context.max_words} words)" if context.max_words else "")
        used = len(users.get(name, []))
        lines.append(f"| `{name}` | {context.direction}, {scope} | {_cell(context.description)} | {used} |")
    lines += ["", "# Genres", "", "Where a rule applies (`genres: {skip|only}`), from `rules/genres/`.", ""]
    lines += ["| genre | what it is | rules |", "|---|---|---|"]
    for name, genre in sorted(language.genres.items()):
        lines.append(f"| `{name}` | {_cell(genre.description)} | {len(users.get(name, []))} |")
    return [*lines, ""]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def anchor(rule_id: str) -> str:
    """The rule's heading anchor in docs/rules.md, as GitHub renders it."""
    return rule_id.replace(".", "")
