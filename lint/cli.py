"""The command line: thin wiring from options to the library, and exit codes.

Exit codes: 0 no finding at or above the fail level; 1 findings at or above it;
2 a usage, configuration, rule or input error (one line on stderr, no traceback).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from lint import __version__
from lint.errors import HealthlintError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_SEVERITY_CHOICE = click.Choice(["error", "warning", "info"])


def _names(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(n.strip() for value in values for n in value.split(",") if n.strip())


def _load_config(config_path: str | None, no_config: bool) -> Any:
    from lint import config

    if no_config:
        return config.Config()
    if config_path:
        return config.load(Path(config_path))
    found = config.find(Path.cwd())
    return config.load(found) if found else config.Config()


def _environment(cfg: Any) -> Any:
    from lint import authors
    from lint.checks.base import Environment

    registry = authors.load(cfg.authors) if cfg.authors else ()
    return Environment(registry, cfg.today) if cfg.today else Environment(registry)


config_options = [
    click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file."),
    click.option("--no-config", is_flag=True, help="Ignore config files: recommended packs, default settings."),
]


def with_config(func: Any) -> Any:
    for option in reversed(config_options):
        func = option(func)
    return func


class _Group(click.Group):
    """Turns user errors into one line on stderr and exit code 2, for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HealthlintError as exc:
            click.echo(f"healthlint: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("healthlint: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def cli() -> None:
    """healthlint: compliance and content-moderation linting for health articles."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, help="Only these rule ids, packs or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids, packs or categories (comma-separated).")
@click.option("--fail-on", type=_SEVERITY_CHOICE, help="Lowest severity that fails the run [default: warning].")
@with_config
@click.option("--quiet", "-q", is_flag=True, help="Only the findings' headlines and the summary.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--encoding", help="Read articles in this encoding when they have no byte-order mark.")
def check(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    config_path: str | None,
    no_config: bool,
    quiet: bool,
    color: str,
    encoding: str | None,
) -> None:
    """Check articles (files or directories; default: the current directory)."""
    from lint.files import discover
    from lint.finding import SEVERITY_RANK
    from lint.report import Summary, reporter
    from lint.runner import check_files
    from lint.selecting import RuleSelector, load_rules

    cfg = _load_config(config_path, no_config)
    selector = RuleSelector(load_rules(cfg), cfg, _names(select), _names(ignore))
    env = _environment(cfg)
    files = list(discover(paths or (Path("."),), cfg.include, cfg.exclude, cfg.root))
    out = click.get_text_stream("stdout")
    use_color = color == "always" or (color == "auto" and output_format == "text" and out.isatty())
    report = reporter(output_format, out, use_color, quiet)
    summary = Summary()
    threshold = SEVERITY_RANK[fail_on or cfg.fail_on]
    failing = False
    for result in check_files(files, selector, env, encoding):
        for line in (*result.notices, *result.errors):
            click.echo(f"healthlint: {line}", err=True)
        report.file(result)
        summary.add(result)
        failing = failing or any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings)
    if not files:
        click.echo("healthlint: no articles found to check", err=True)
    report.finish(summary)
    raise SystemExit(EXIT_ERROR if summary.errors else EXIT_FINDINGS if failing else EXIT_OK)


@cli.command("rules")
@click.option("--pack", multiple=True, help="Only rules of these packs.")
@click.option("--category", multiple=True, help="Only rules of these categories.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--docs", is_flag=True, help="Print the Markdown rule reference (docs/rules.md).")
@with_config
def rules_command(
    pack: tuple[str, ...],
    category: tuple[str, ...],
    output_format: str,
    docs: bool,
    config_path: str | None,
    no_config: bool,
) -> None:
    """List the rules that are loaded (bundled packs and the config's rules)."""
    from lint.selecting import load_rules

    rules = load_rules(_load_config(config_path, no_config))
    packs, categories = _names(pack), _names(category)
    chosen = [r for r in rules if (not packs or r.pack in packs) and (not categories or r.category in categories)]
    if docs:
        from lint.explain import reference

        click.echo(reference(chosen), nl=False)
    elif output_format == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "pack": r.pack,
                        "kind": r.kind,
                        "category": r.category,
                        "severity": r.severity,
                        "message": r.message,
                        "source": r.source,
                    }
                    for r in chosen
                ],
                indent=2,
            )
        )
    else:
        width = max((len(r.id) for r in chosen), default=0)
        for r in chosen:
            click.echo(f"{r.id:<{width}}  {r.severity:<7}  {r.category:<33}  {r.pack}")
        click.echo(f"{len(chosen)} rules")


@cli.command()
@click.argument("rule_id")
@with_config
def explain(rule_id: str, config_path: str | None, no_config: bool) -> None:
    """Explain a rule: why it matters, what to do instead, examples and its source."""
    import difflib

    from lint.explain import explain as render
    from lint.selecting import load_rules

    rules = {r.id: r for r in load_rules(_load_config(config_path, no_config))}
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, list(rules), n=1)
        raise HealthlintError(f"unknown rule {rule_id!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    click.echo(render(rules[rule_id]), nl=False)


@cli.command("test-rules")
@click.argument("directory", required=False, type=click.Path(exists=True, path_type=Path))
@with_config
def test_rules(directory: Path | None, config_path: str | None, no_config: bool) -> None:
    """Run every rule's examples: bad ones must be flagged, good ones must not."""
    from lint.examples import check_all
    from lint.ruleset import load_paths
    from lint.selecting import load_rules

    rules = load_paths([directory]) if directory else load_rules(_load_config(config_path, no_config))
    count, failures = check_all(rules)
    for failure in failures:
        click.echo(str(failure))
    failed = len({(f.rule.id, f.which, f.text) for f in failures})
    click.echo(f"{len(rules)} rules: {count - failed} passed, {failed} failed")
    raise SystemExit(EXIT_FINDINGS if failures else EXIT_OK)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="healthlint")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR if exc.code else EXIT_OK
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
    return EXIT_OK
