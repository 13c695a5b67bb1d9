"""The command line: thin wiring from options to the library, and exit codes.

Exit codes: 0 no finding at or above the fail level; 1 findings at or above it;
2 a usage, configuration, rule or input error (one line on stderr, no traceback).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from lint import __version__
from lint.errors import HealthlintError, did_you_mean, unknown
from lint.printable import printable
from lint.report import FORMATS as REPORT_FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_SEVERITY_CHOICE = click.Choice(["error", "warning", "info"])


def _names(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(n.strip() for value in values for n in value.split(",") if n.strip())


def _load_config(config_path: str | None, no_config: bool) -> Any:
    from lint.checking import load_config

    return load_config(Path(config_path) if config_path else None, no_config)


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
            # messages quote file names and file contents
            click.echo(f"healthlint: error: {printable(str(exc))}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("healthlint: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def cli() -> None:
    """healthlint: compliance and content-moderation linting for health articles."""


_FORMATS = list(REPORT_FORMATS)


class _ShardType(click.ParamType):  # type: ignore[type-arg]
    name = "K/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[int, int]:
        try:
            k, n = (int(part) for part in str(value).split("/"))
        except ValueError:
            self.fail(f"{value!r} is not K/N (e.g. 2/4)", param, ctx)
        if not 1 <= k <= n:
            self.fail(f"{value!r}: K must be between 1 and N", param, ctx)
        return k, n


_SHARD = _ShardType()


def _options(paths: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...], config_path: str | None,
             no_config: bool, no_cache: bool, **rest: Any) -> Any:  # fmt: skip
    """CheckOptions from the options `_check_options` adds, plus a command's own."""
    from lint.checking import CheckOptions

    return CheckOptions(
        paths=paths, select=_names(select), ignore=_names(ignore), no_config=no_config, use_cache=not no_cache,
        config_path=Path(config_path) if config_path else None, **rest,
    )  # fmt: skip


def _known_findings_options(baseline: str, no_baseline: str, decisions: str) -> Callable[[Any], Any]:
    """`--baseline`, `--no-baseline` and `--decisions`, shared by `check` and `audit` (which use them differently)."""
    options = [
        click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
                     help=f"{baseline} [default: the config's `baseline:`]."),
        click.option("--no-baseline", is_flag=True, help=no_baseline),
        click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path),
                     help=f"{decisions} [default: the config's `decisions:`]."),
    ]  # fmt: skip

    def decorate(func: Any) -> Any:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _check_options(func: Any) -> Any:
    """Options shared by `check` and `baseline`."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--select", multiple=True, help="Only these rule ids, packs or categories (comma-separated)."),
        click.option("--ignore", multiple=True, help="Skip these rule ids, packs or categories (comma-separated)."),
        *config_options,
        click.option("--encoding", help="Read articles in this encoding when they have no byte-order mark."),
        click.option(
            "--max-file-size",
            type=click.FloatRange(min=0.001),
            default=20.0,
            show_default=True,
            metavar="MB",
            help="Larger articles are reported as errors, not checked.",
        ),
        click.option("--since", metavar="REV", help="Only files changed since this git revision."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes [default: one per core]."),
        click.option("--shard", type=_SHARD, help="Only the K-th of N parts of the files (K/N), for CI matrices."),
        click.option("--no-cache", "no_cache", is_flag=True, help="Neither read nor write the result cache."),
        click.option(
            "--force-exclude",
            is_flag=True,
            help="Skip named files a directory walk would skip (templates, README, ...): for pre-commit hooks.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command()
@_check_options
@click.option("--format", "output_format", type=click.Choice(_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--fail-on", type=_SEVERITY_CHOICE, help="Lowest severity that fails the run [default: warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--quiet", "-q", is_flag=True, help="Only the findings' headlines and the summary.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--statistics", is_flag=True, help="Counts by rule instead of the findings.")
@_known_findings_options(
    baseline="Report only findings not in it",
    no_baseline="Ignore the config's baseline: report every finding.",
    decisions="Leave out the findings an editor marked false positive in it",
)
@click.option("--prune", is_flag=True, help="With a baseline: drop entries that no longer occur.")
@click.option(
    "--prune-partial",
    is_flag=True,
    help="With a baseline: prune entries of the files this run checked, even if it did not check them all.",
)
@click.option("--changed-lines", is_flag=True, help="With --since: only findings on changed lines.")
@click.option("--fix", is_flag=True, help="Apply automatic fixes to the files.")
@click.option("--diff", is_flag=True, help="Print automatic fixes as a unified diff; change nothing.")
@click.option("--list-files", is_flag=True, help="List the files a check would read and skip, with why; check none.")
def check(paths: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...], config_path: str | None,
          no_config: bool, **options: Any) -> None:  # fmt: skip
    """Check articles (files or directories; default: the current directory)."""
    from lint.checking import run_check, run_list_files

    if options.pop("list_files"):
        raise SystemExit(run_list_files(_options(paths, select, ignore, config_path, no_config, **options)))
    if options["changed_lines"] and not options["since"]:
        raise click.UsageError("--changed-lines needs --since")
    if options["fix"] and options["diff"]:
        raise click.UsageError("--fix and --diff exclude each other")
    raise SystemExit(run_check(_options(paths, select, ignore, config_path, no_config, **options)))


@cli.command()
@_check_options
@click.option(
    "--output",
    "-o",
    "destination",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the baseline [default: the config's `baseline:`, or .healthlint-baseline.json].",
)
def baseline(paths: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...], config_path: str | None,
             no_config: bool, destination: Path | None, **options: Any) -> None:  # fmt: skip
    """Record today's findings, so that `check --baseline` fails only on new ones."""
    from lint.checking import run_baseline

    raise SystemExit(run_baseline(_options(paths, select, ignore, config_path, no_config, **options), destination))


@cli.command()
@_check_options
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write a self-contained HTML report.")
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Write one CSV row per finding."
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the findings as JSON (for a later --compare).",
)
@click.option(
    "--compare",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Show new, fixed and unchanged findings since an earlier audit's --json file.",
)
@click.option("--worst", default=10, show_default=True, help="How many of the worst articles to list.")
@_known_findings_options(
    baseline="Count the findings in it",
    no_baseline="Ignore the config's baseline.",
    decisions="Show editors' decisions from it (the report's download)",
)
def audit(paths: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...], config_path: str | None,
          no_config: bool, report: Path | None, csv_path: Path | None, json_path: Path | None, compare: Path | None,
          worst: int, **options: Any) -> None:  # fmt: skip
    """Audit a whole content library: progress, summaries, and an HTML or CSV report.

    Exits 0 when every file was checked (findings are what an audit is for), 2 on errors.
    """
    from lint.checking import run_audit

    raise SystemExit(run_audit(_options(paths, select, ignore, config_path, no_config, **options), report, csv_path,
                               worst, json_path, compare))  # fmt: skip


@cli.command("init")
@click.argument("folder", required=False, default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing .healthlint.yaml.")
def init_command(folder: Path, force: bool) -> None:
    """Write a commented .healthlint.yaml for the site's layout (and an authors registry stub)."""
    from lint.init import run_init

    raise SystemExit(run_init(folder, force))


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
        from lint.ruleset import language, language_files

        config = _load_config(config_path, no_config)
        click.echo(reference(chosen, language(language_files(config.vocabulary_paths))), nl=False)
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
    from lint.explain import explain as render
    from lint.selecting import load_rules

    rules = {r.id: r for r in load_rules(_load_config(config_path, no_config))}
    if rule_id not in rules:
        raise HealthlintError(f"unknown rule {rule_id!r}{did_you_mean(rule_id, rules)}")
    click.echo(render(rules[rule_id]), nl=False)


@cli.command("vocabulary")
@click.argument("name", required=False)
@with_config
def vocabulary_command(name: str | None, config_path: str | None, no_config: bool) -> None:
    """List the vocabularies, or one vocabulary's terms with every form that is matched."""
    from lint.selecting import load_rules, load_vocabularies

    config = _load_config(config_path, no_config)
    vocabularies = load_vocabularies(config)
    if name is None:
        used: dict[str, list[str]] = {}
        for rule in load_rules(config):
            for named in rule.vocabularies:
                used.setdefault(named, []).append(rule.id)
        width = max((len(n) for n in vocabularies), default=0)
        for vocab in vocabularies.values():
            users = len(used.get(vocab.name, []))
            click.echo(f"{vocab.name:<{width}}  {len(vocab.terms):>4} terms  {users:>3} rules  {vocab.description}")
        return
    if name not in vocabularies:
        raise HealthlintError(unknown("vocabulary", name, vocabularies, "healthlint vocabulary"))
    vocab = vocabularies[name]
    click.echo(f"{vocab.name}: {vocab.description}\nsource: {vocab.source}\n")
    for term, forms in vocab.inflected():
        click.echo(f"{term}: {', '.join(forms)}")


@cli.command("test-rules")
@click.argument("directory", required=False, type=click.Path(exists=True, path_type=Path))
@with_config
def test_rules(directory: Path | None, config_path: str | None, no_config: bool) -> None:
    """Run every rule's examples: bad ones must be flagged, good ones must not."""
    from lint.examples import check_all
    from lint.ruleset import load_paths
    from lint.selecting import load_rules

    unused: list[str] = []
    config = _load_config(config_path, no_config)
    if directory:  # with the config's vocabularies and categories, which its rules may name
        rules = load_paths([directory], True, config.vocabulary_paths, config.vocabularies, config.categories)
    else:  # the whole rule set: a vocabulary no rule names is dead data
        from lint.selecting import load_vocabularies

        rules = load_rules(config)
        named = {name for rule in rules for name in rule.vocabularies} | _named_outside_rules(rules)
        unused = [f"{v.path}:{v.line}:1: vocabulary {v.name!r} is named by no rule"
                  for v in load_vocabularies(config).values() if v.name not in named and v.path]  # fmt: skip
    count, failures = check_all(rules)
    for failure in failures:
        click.echo(str(failure))
    for line in unused:
        click.echo(line)
    failed = len({(f.rule.id, f.which, f.text) for f in failures})
    click.echo(f"{len(rules)} rules: {count - failed} passed, {failed} failed")
    raise SystemExit(EXIT_FINDINGS if failures or unused else EXIT_OK)


@cli.command()
@click.option("--stdio", is_flag=True, help="Accepted for editors that pass it; stdio is the only transport.")
def server(stdio: bool) -> None:
    """Run the language server over stdio, for editors (see docs/editors.md)."""
    try:
        from lint.server import serve  # pygls is imported only here: `check` never pays for it
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        raise HealthlintError(f"`healthlint server` needs {missing}: pip install 'healthlint[server]'") from None
    serve()


def _named_outside_rules(rules: Sequence[Any]) -> set[str]:
    """Vocabularies named by the pack matchers, contexts and genres the rules use."""
    from lint.ruleset import PACK_FILE, language_files
    from lint.vocabulary import references

    files = {Path(rule.path).parent / PACK_FILE for rule in rules}
    shared = language_files()
    files |= {*shared.contexts, *shared.genres}
    from lint.checks.matchers import CITATION_VOCABULARIES  # what the built-in `citation` matcher reads

    named = {m.group(1) for file in files if file.is_file() for m in references(file.read_text("utf-8"))}
    return named | set(CITATION_VOCABULARIES)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="healthlint")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR if exc.code else EXIT_OK
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing more to say
    return EXIT_OK
