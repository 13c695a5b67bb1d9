"""Which rules run: packs and rule files from the config, then select/ignore/severity,
then per-file overrides. Names are rule ids, id prefixes, packs or categories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lint.config import Config
from lint.engine import Selection
from lint.errors import ConfigError, unknown
from lint.ruleset import Rule, RuleSet, bundled_packs, language_files, load_paths
from lint.vocabulary import Vocabulary


def covers(rule: Rule, name: str) -> bool:
    return name in (rule.id, rule.pack, rule.category) or rule.id.startswith(name + ".")


def load_rules(config: Config, use_cache: bool = True) -> RuleSet:
    packs = bundled_packs()
    paths: list[Path] = []
    for name in config.packs:
        if name == "recommended":
            paths.extend(p.path for p in packs.values() if p.recommended)
        elif name in packs:
            paths.append(packs[name].path)
        else:
            where = f"{config.path}: " if config.path else ""
            raise ConfigError(f"{where}unknown pack {name!r} (available: recommended, {', '.join(packs)})")
    for path in config.rules:
        if not path.exists():
            raise ConfigError(f"{config.path}: rule path not found: {path}")
        paths.append(path)
    for path in config.vocabulary_paths:
        if not path.exists():
            raise ConfigError(f"{config.path}: vocabulary path not found: {path}")
    return load_paths(dict.fromkeys(paths), use_cache, config.vocabulary_paths, config.vocabularies, config.categories)


def load_vocabularies(config: Config) -> dict[str, Vocabulary]:
    """The vocabularies rules may name: the shipped ones, the config's files and its edits."""
    from lint import vocabulary

    return vocabulary.load(language_files(config.vocabulary_paths).vocabularies, config.vocabularies)


@dataclass
class RuleSelector:
    """Turns the loaded rules plus config and command-line choices into per-file Selections."""

    rules: Sequence[Rule]
    config: Config
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._cache: dict[tuple[int, ...], Selection] = {}
        config = self.config
        named = [("--select", n) for n in self.select] + [("--ignore", n) for n in self.ignore]
        named += [("select", n) for n in config.select] + [("ignore", n) for n in config.ignore]
        named += [("severity", n) for n in config.severity]
        for index, override in enumerate(config.overrides):
            for key in ("select", "ignore", "severity"):
                named += [(f"overrides[{index}].{key}", n) for n in getattr(override, key)]
        for where, name in named:
            if not self.known(name):
                file = f"{config.path}: " if config.path and not where.startswith("--") else ""
                names = {n for rule in self.rules for n in (rule.id, rule.pack, rule.category, rule.id.split(".")[0])}
                found = unknown("rule, pack or category", name, names, "healthlint rules")
                raise ConfigError(f"{file}{where}: {found}")

    def known(self, name: str) -> bool:
        return any(covers(rule, name) for rule in self.rules)

    @cached_property
    def _override_specs(self) -> list[object]:
        import pathspec

        return [pathspec.GitIgnoreSpec.from_lines(o.files) for o in self.config.overrides]

    def for_path(self, path: Path) -> Selection:
        applicable: tuple[int, ...] = ()
        if self.config.overrides:
            relative = _relative(path, self.config.root)
            applicable = tuple(i for i, spec in enumerate(self._override_specs) if spec.match_file(relative))  # type: ignore[attr-defined]
        if applicable not in self._cache:
            self._cache[applicable] = self._selection([self.config.overrides[i] for i in applicable])
        return self._cache[applicable]

    def _selection(self, overrides: list[object]) -> Selection:
        select = self.select or self.config.select
        ignore = (*self.config.ignore, *self.ignore)
        severity = dict(self.config.severity)
        for o in overrides:
            select = getattr(o, "select") or select  # noqa: B009
            ignore = (*ignore, *getattr(o, "ignore"))  # noqa: B009
            severity.update(getattr(o, "severity"))  # noqa: B009
        chosen = tuple(
            rule
            for rule in self.rules
            if (any(covers(rule, n) for n in select) if select else rule.enabled)
            and not any(covers(rule, n) for n in ignore)
        )
        by_id = {rule.id: rule for rule in self.rules}
        resolved = {rule.id: level for name, level in severity.items() for rule in self.rules if covers(rule, name)}
        resolved = {k: v for k, v in resolved.items() if k in by_id}
        return Selection(
            chosen,
            resolved,
            lambda rule_id, name: covers(by_id[rule_id], name) if rule_id in by_id else rule_id == name,
            self.known,
            self.rules.prefilter if isinstance(self.rules, RuleSet) else None,
        )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
