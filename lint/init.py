"""`healthlint init`: a commented `.healthlint.yaml` for the repository's layout, and an authors
registry stub from the bylines its articles carry."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lint.config import CONFIG_FILES, DEFAULT_INCLUDE, in_folder
from lint.errors import HealthlintError
from lint.files import Verdict, decode, survey
from lint.layouts import Site, enclosing_site
from lint.report import plural

AUTHORS_FILE = "authors.yaml"


@dataclass
class Byline:
    """One person as the bylines write them: every spelling, how many articles, what they claim."""

    spellings: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    claims: set[str] = field(default_factory=set)  # credentials written after the name ("Jane Doe, RD")


@dataclass(frozen=True)
class Plan:
    """What `init` writes: the config's text, the registry stub's (or None), and what it found."""

    config: str
    authors: str | None
    site: Site | None
    articles: int
    sites_below: list[Site] = field(default_factory=list)  # sites in subfolders (a monorepo's website/)

    def found(self, folder: Path) -> str:
        """What init found, as its message says it: "a Jekyll site", "a Nextra site in docs-site/"."""
        if self.site is not None:
            return f"a {self.site.layout.name} site"
        where = [Path(os.path.relpath(site.folder, folder)).as_posix() for site in self.sites_below]
        below = [f"a {site.layout.name} site in {path}/" for site, path in zip(self.sites_below, where, strict=True)]
        return ", ".join(below) or "no site generator"


def plan(folder: Path, on_error: Callable[[str], None]) -> Plan:
    """The config for the repository in `folder`, from its layout and what a walk of it finds."""
    site = enclosing_site(folder, folder)
    verdicts = list(survey((folder,), DEFAULT_INCLUDE, (), folder, on_error, by_layout=True))
    articles = [v.path for v in verdicts if v.checked]
    below = {}
    if site is None:  # the sites the walk found in subfolders (each article folder looked up once)
        folders = {path.parent for path in articles}
        below = {found.folder: found for parent in folders if (found := enclosing_site(parent, folder))}
    bylines = _bylines(articles)
    planned = Plan("", _registry_text(bylines, len(articles)) if bylines else None, site, len(articles),
                   [below[key] for key in sorted(below)])  # fmt: skip
    return replace(planned, config=_config_text(folder, planned, verdicts, bool(bylines)))


def _bylines(articles: Iterable[Path]) -> dict[tuple[str, ...], Byline]:
    """The people the articles' byline fields name, keyed by their name's words (titles dropped)."""
    from lint.checks.credential import BYLINE_FIELDS, identity_problem, name_tokens
    from lint.markup import binary_parser_for, parse

    people: dict[tuple[str, ...], Byline] = {}
    for path in articles:
        if binary_parser_for(path.name) is not None:
            continue
        try:
            metadata = parse(str(path), decode(path, path.read_bytes()).text).metadata
        except Exception:  # an article init cannot read is the checker's to report
            continue
        named: set[tuple[str, ...]] = set()
        for key in BYLINE_FIELDS:
            for name in _names(metadata.get(key)):
                if identity_problem(name):  # "admin", "Editorial Team", one name only
                    continue
                person = people.setdefault(name_tokens(name), Byline())
                written, _, claimed = name.partition(",")
                person.spellings[written.strip()] += 1
                person.claims.update(c.strip() for c in claimed.split(",") if c.strip())
                named.add(name_tokens(name))
        for tokens in named:
            people[tokens].articles += 1
    return people


def _names(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = [v.get("name") if isinstance(v, dict) else v for v in values]
    return [n.strip() for n in names if isinstance(n, str) and n.strip()]


def _titled(name: str) -> bool:
    """Whether a byline carries a title ("Dr. Jane Doe"): the registry leads with the name without one."""
    from lint.checks.credential import name_tokens

    return len(name_tokens(name)) != len(name.split())


def _registry_text(people: dict[tuple[str, ...], Byline], articles: int) -> str:
    lines = [
        '# The authors registry (docs/configuration.md, "The authors registry"): who writes and reviews,',
        f"# and the credentials each holds. Written by `healthlint init` from the bylines of {articles} articles.",
        "# Fill in `credentials` (and `licence`, `profile`) from records you trust, then point `authors:`",
        "# in .healthlint.yaml at this file: a credential a byline claims is accepted only when listed here.",
        "authors:",
    ]
    for person in sorted(people.values(), key=lambda p: (-p.articles, p.spellings.most_common(1)[0][0])):
        # the name as written most often without a title ("Jane Doe", not "Dr. Jane Doe") leads
        name, *others = sorted(person.spellings, key=lambda n, p=person: (_titled(n), -p.spellings[n]))  # type: ignore[misc]
        lines.append(f"  - name: {json.dumps(name, ensure_ascii=False)}  # {plural(person.articles, 'article')}")
        if others:
            aliases = ", ".join(json.dumps(alias, ensure_ascii=False) for alias in others)
            lines.append(f"    aliases: [{aliases}]")
        claimed = f"  # the bylines claim: {', '.join(sorted(person.claims))}" if person.claims else ""
        lines.append(f"    credentials: []{claimed}")
    return "\n".join(lines) + "\n"


def _described(folder: Path, planned: Plan) -> str:
    """What init found, as the config's first line says it: with the marker, or in full when nothing."""
    if planned.site is not None:
        return f"{planned.found(folder)} (found {planned.site.marker})"
    return planned.found(folder) if planned.sites_below else "a folder of articles (no site generator)"


def _config_text(folder: Path, planned: Plan, verdicts: Sequence[Verdict], has_authors: bool) -> str:
    def relative(verdict: Verdict) -> str:
        return "/" + verdict.path.relative_to(folder).as_posix() + ("/" if verdict.folder else "")

    site, articles = planned.site, planned.articles
    lines = [
        f"# healthlint configuration for {_described(folder, planned)}, written by `healthlint init`.",
        "# Every key: docs/configuration.md. Paths and globs are relative to this file.",
        "",
        "# Rule packs: `recommended` is every bundled pack marked recommended (`healthlint rules` lists the rules).",
        "packs: [recommended]",
        "",
    ]
    if site is not None:
        lines += [f"# The articles: the {site.layout.name} content folders ({plural(articles, 'article')} when this "
                  "was written).", "include:"]  # fmt: skip
        lines += [f"  - {json.dumps(glob)}" for glob in site.include()]
        lines.append("")
    elif planned.sites_below:
        # an `include` would end discovery, which also finds the articles outside those sites
        lines += ["# The articles: discovery finds the sites below and checks their content folders, and any other",
                  "# Markdown, HTML or text here (`healthlint check --list-files` shows which).", ""]  # fmt: skip
    skipped = [relative(v) for v in verdicts if v.lasting]
    if skipped:
        lines += ["# Never articles, even when a pre-commit hook names them: templates, partials, repository files.",
                  "exclude:"]  # fmt: skip
        lines += [f"  - {json.dumps(path)}" for path in skipped]
        lines.append("")
    lines += [
        "# The authors registry, for credential rules: "
        + ("fill in the stub written from the bylines" if has_authors else "list who writes and reviews in it")
        + ", then uncomment.",
        f"# authors: {AUTHORS_FILE}",
        "",
        "# Known findings of the content as it is: after `healthlint baseline`, uncomment to have check,",
        "# audit and the pre-commit hook report only new ones.",
        "# baseline: .healthlint-baseline.json",
        "",
        "# The lowest severity that makes `healthlint check` exit 1 (error, warning or info).",
        "fail_on: warning",
    ]
    return "\n".join(lines) + "\n"


def run_init(folder: Path, force: bool) -> int:
    """Write the config (and a registry stub when bylines were found and there is no registry file),
    atomically; refuse to replace a config unless `force`. Prints what it wrote and the next steps."""
    import click

    from lint.fixing import write_atomic
    from lint.printable import printable

    existing = in_folder(folder)
    if existing is not None and (not force or existing.name == "pyproject.toml"):
        hint = "remove its [tool.healthlint] table first" if existing.name == "pyproject.toml" else "pass --force"
        raise HealthlintError(f"{existing}: a healthlint configuration exists already; not overwritten ({hint})")

    def unreadable(message: str) -> None:
        click.echo(f"healthlint: {printable(message)}", err=True)

    written = plan(folder, unreadable)
    target = existing or folder / CONFIG_FILES[0]
    write_atomic(target, written.config.encode("utf-8"))
    click.echo(f"healthlint: wrote {target} ({written.found(folder)}; {plural(written.articles, 'article')} to check)")
    registry = folder / AUTHORS_FILE
    if written.authors is not None and not registry.exists():
        write_atomic(registry, written.authors.encode("utf-8"))
        click.echo(f"healthlint: wrote {registry}, a registry stub from the bylines: fill in the credentials")
    click.echo(NEXT_STEPS)
    return 0


NEXT_STEPS = """
Next steps:
  healthlint check --list-files   what is checked, what is skipped, and why
  healthlint check                the findings
  healthlint baseline             record today's findings in .healthlint-baseline.json, then uncomment
                                  `baseline:` in the config: check, audit and the hook report only new ones
  pre-commit: add to .pre-commit-config.yaml
    - repo: https://github.com/healthlint/healthlint
      rev: v0.1.0
      hooks: [{id: healthlint}]
  CI: `uses: healthlint/healthlint@v0.1.0` in a GitHub workflow, or
      `healthlint check --format github` (annotations) or `--format sarif` (docs/ci.md)"""
