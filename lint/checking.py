"""`healthlint check` and `healthlint baseline`: files in, reports and an exit code out.

The order of work per file: read, lint, (fix and lint again), filter by changed lines and
baseline, report. Only this module and the CLI know about all the options at once.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from lint import config as config_module
from lint.baseline import Baseline
from lint.cache import ResultCache
from lint.checks.base import LARGE_RUN_CHARACTERS, Environment, expect_text
from lint.config import Config
from lint.errors import ConfigError, HealthlintError, InputError
from lint.files import Reading, Verdict, survey
from lint.finding import SEVERITY_RANK, Finding
from lint.printable import printable
from lint.report import ReportContext, Summary, plural, reporter
from lint.runner import FileResult, cached, check_file
from lint.selecting import RuleSelector, load_rules

if TYPE_CHECKING:
    from lint.decisions import Decisions

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class CheckOptions:
    paths: tuple[Path, ...] = ()
    output_format: str = "text"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    config_path: Path | None = None
    no_config: bool = False
    quiet: bool = False
    color: str = "auto"
    encoding: str | None = None
    max_file_size: float = 20.0  # MB
    output: Path | None = None
    baseline: Path | None = None  # None: the config's `baseline:`, if any
    no_baseline: bool = False  # ignore the config's baseline: report every finding
    decisions: Path | None = None  # None: the config's `decisions:`, if any
    prune: bool = False
    prune_partial: bool = False  # prune the entries of the files checked, even if the run did not check them all
    since: str | None = None
    changed_lines: bool = False
    fix: bool = False
    diff: bool = False
    statistics: bool = False
    exit_zero: bool = False
    jobs: int | None = None  # worker processes; None: one per core (serial for small runs)
    shard: tuple[int, int] | None = None  # (K, N): only the K-th of N deterministic parts of the files
    use_cache: bool = True
    force_exclude: bool = False  # named files too are skipped when a walk would skip them (a hook's files)

    @property
    def reading(self) -> Reading:
        return Reading(self.encoding, int(self.max_file_size * 1_000_000))


def load_config(config_path: Path | None, no_config: bool) -> Config:
    if no_config:
        return Config()
    if config_path:
        return config_module.load(config_path)
    found = config_module.find(Path.cwd())
    return config_module.load(found) if found else Config()


def environment(cfg: Config) -> Environment:
    from lint import authors

    registry = authors.load(cfg.authors) if cfg.authors else ()
    return Environment(registry, cfg.today) if cfg.today else Environment(registry)


@dataclass
class Project:
    """Everything a run needs before the first article: config, rules, selection, environment."""

    config: Config
    selector: RuleSelector
    env: Environment
    unreadable: int = 0  # directories the walk could not read (each reported as it was met)

    @classmethod
    def open(cls, options: CheckOptions) -> Project:
        cfg = load_config(options.config_path, options.no_config)
        # the compiled-rule cache is keyed by content and always safe; --no-cache is about results
        selector = RuleSelector(load_rules(cfg), cfg, options.select, options.ignore)
        return cls(cfg, selector, environment(cfg))

    def load_baseline(self, path: Path) -> Baseline:
        """The baseline at `path`, read for these rules (those that report something missing are
        matched by file and rule)."""
        return Baseline.load(path, self.document_rules())

    def document_rules(self) -> frozenset[str]:
        """The ids of the rules that report something missing (a baseline or decision matches their
        findings by file and rule)."""
        from lint.checks import reports_absence

        return frozenset(r.id for r in self.selector.rules if reports_absence(r.kind))

    def result_cache(self, options: CheckOptions) -> ResultCache | None:
        """Cached findings, keyed by everything that decides them besides the article itself."""
        if not options.use_cache:
            return None
        from lint import cache

        rules = sorted((r.id, r.path, r.line) for r in self.selector.rules)
        authors = [repr(a) for a in self.env.authors]
        rule_files = sorted({Path(r.path) for r in self.selector.rules if Path(r.path).is_file()})  # each read once
        # and what the rules name: a changed vocabulary, context or genre changes the findings too
        from lint.ruleset import language_files

        rule_files += language_files(self.config.vocabulary_paths).all()
        key = cache.digest([cache.rules_key(rule_files), repr(rules),
                            repr(authors), str(self.env.today), repr(self.config), repr(options.encoding)])  # fmt: skip
        try:
            return cache.ResultCache.open(self.config.root, key)
        except cache.UnsafeCache as exc:  # planted in the repository, perhaps: never followed
            click.echo(f"healthlint: {exc}; results are not cached in this run", err=True)
            return None

    def files(self, options: CheckOptions) -> list[Path]:
        def unreadable(message: str) -> None:
            click.echo(f"healthlint: {printable(message)}", err=True)
            self.unreadable += 1

        found = survey(options.paths or (Path("."),), self.config.include, self.config.exclude,
                       self.config.root, unreadable, not self.config.include_given, options.force_exclude)  # fmt: skip
        return sorted((v.path for v in narrowed(list(found), options) if v.checked), key=lambda p: p.as_posix())


def narrowed(verdicts: list[Verdict], options: CheckOptions) -> list[Verdict]:
    """The survey as `--since` and `--shard` narrow it: a file they leave out is skipped, saying why."""
    kept = sorted((v.path for v in verdicts if v.checked), key=lambda p: p.as_posix())
    why: dict[Path, str] = {}
    if options.since:
        from lint.gitdiff import changed_files

        changed = changed_files(options.since, Path.cwd())
        why |= {path: f"unchanged since {options.since}" for path in kept if path.resolve() not in changed}
        kept = [path for path in kept if path not in why]
    if options.shard:
        in_this = set(in_shard(kept, *options.shard))
        why |= {path: f"in another shard than {options.shard[0]}/{options.shard[1]}" for path in kept
                if path not in in_this}  # fmt: skip
    return [replace(v, checked=False, reason=why[v.path]) if v.checked and v.path in why else v for v in verdicts]


def run_list_files(options: CheckOptions) -> int:
    """What a check of these paths would read, and what it would skip, each with the reason
    (as `ruff check --show-files`, `vale ls-dirs`); `--quiet`: only the files to check."""
    from lint.layouts import enclosing_site
    from lint.runner import display_path

    cfg = load_config(options.config_path, options.no_config)
    paths = options.paths or (Path("."),)
    errors = 0

    def unreadable(message: str) -> None:
        nonlocal errors
        click.echo(f"healthlint: {printable(message)}", err=True)
        errors += 1

    verdicts = narrowed(list(survey(paths, cfg.include, cfg.exclude, cfg.root, unreadable, not cfg.include_given,
                                    options.force_exclude)), options)  # fmt: skip
    out = click.get_text_stream("stdout")
    if options.quiet:
        for shown in sorted(printable(display_path(v.path)) for v in verdicts if v.checked):
            out.write(shown + "\n")
        return EXIT_ERROR if errors else EXIT_OK
    for path in paths:
        site = enclosing_site(path, cfg.root) if path.is_dir() else None
        if site is not None:
            where = f"`include` in {cfg.path}" if cfg.include_given else ", ".join(site.content)
            out.write(printable(f"layout: {site.layout.name} site in {display_path(site.folder)} (found "
                                f"{site.marker}); articles in {where}") + "\n")  # fmt: skip
    rows = sorted(((v.checked, printable(display_path(v.path)) + ("/" if v.folder else ""), v.reason)
                   for v in verdicts), key=lambda row: row[1])  # fmt: skip
    width = max((len(row[1]) for row in rows), default=0)
    for to_check, shown, reason in rows:
        out.write(f"{'check' if to_check else 'skip':<5}  {shown:<{width}}  {reason}\n")
    checked = sum(v.checked for v in verdicts)
    folders = sum(v.folder for v in verdicts)
    out.write(f"{plural(checked, 'file')} to check; skipped {plural(len(verdicts) - checked - folders, 'file')} "
              f"and {plural(folders, 'folder')}\n")  # fmt: skip
    return EXIT_ERROR if errors else EXIT_OK


def in_shard(files: Sequence[Path], k: int, n: int) -> list[Path]:
    """The K-th of N parts (1-based), by a hash of each path: stable however the files are listed,
    so CI matrix jobs split a repository without coordinating."""
    import zlib

    return [f for f in files if zlib.crc32(f.as_posix().encode("utf-8")) % n == k - 1]


def _fix(result: FileResult, path: Path, project: Project, options: CheckOptions, out: TextIO
         ) -> tuple[FileResult, int]:  # fmt: skip
    """Apply fixes (or print them as a diff); returns the result to report and how many were fixed."""
    from lint.fixing import apply_fixes, unified_diff, write_atomic

    if result.article is None or not any(f.fix is not None for f in result.findings):
        return result, 0
    fixed_text, count = apply_fixes(result.article.text, result.findings)
    if options.diff:
        out.write(unified_diff(result.path, result.article.text, fixed_text))
        return result, count
    try:
        data = result.article.encode(fixed_text)
    except UnicodeEncodeError as exc:  # a rule's replacement the article's encoding has no bytes for
        problem = f"a fix needs {exc.object[exc.start]!r}, which {result.article.codec} cannot encode; not overwritten"
        return replace(result, errors=[*result.errors, f"{result.path}: {problem}"]), 0
    try:
        write_atomic(path, data, expected=result.raw)
    except InputError as exc:
        return replace(result, errors=[*result.errors, str(exc)]), 0
    return check_file(path, project.selector, project.env, options.reading, keep=True), count


def _on_changed_lines(findings: list[Finding], ranges: list[tuple[int, int]]) -> list[Finding]:
    # whole-document findings concern the file, which changed; keep them
    return [f for f in findings if f.match is None or any(a <= f.end_line and f.line <= b for a, b in ranges)]


def _checked(project: Project, files: Sequence[Path], options: CheckOptions) -> Iterator[tuple[Path, FileResult]]:
    """Each file's result, in order: from the result cache, this process, or worker processes."""
    fixing = options.fix or options.diff
    cache = None if fixing else project.result_cache(options)
    jobs = options.jobs or os.cpu_count() or 1
    expect_text(_size_up_to(files, LARGE_RUN_CHARACTERS))
    if jobs > 1 and not fixing and len(files) >= 4 * jobs:
        from lint import parallel

        # answer what the cache can here; only the rest is worth starting workers for
        known = {path: cached(path, project.selector, options.reading, cache) for path in files} if cache else {}
        missing = [path for path in files if known.get(path) is None]
        if len(missing) >= 4 * jobs:
            fresh = parallel.check_all(missing, project.selector, project.env, options.reading, cache, jobs)
        else:
            fresh = (check_file(p, project.selector, project.env, options.reading, cache) for p in missing)
        for path in files:
            result = known.get(path)
            yield path, result if result is not None else next(fresh)
        return
    for path in files:
        yield path, check_file(path, project.selector, project.env, options.reading, cache, keep=fixing)


def _size_up_to(files: Sequence[Path], limit: int) -> int:
    """The files' total size in bytes, counted until it reaches `limit`."""
    total = 0
    for path in files:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
        if total >= limit:
            break
    return total


def results(project: Project, files: Sequence[Path], options: CheckOptions, out: TextIO,
            baseline: Baseline | None, summary: Summary,
            false_positives: Baseline | None = None) -> Iterator[FileResult]:  # fmt: skip
    rule_ids: dict[int, frozenset[str]] = {}  # per selection (selections are shared between files)
    for path, result in _checked(project, files, options):
        if options.fix or options.diff:
            result, count = _fix(result, path, project, options, out)
            summary.fixed += count
        findings = result.findings
        if options.since and options.changed_lines and findings:
            from lint.gitdiff import changed_lines

            findings = _on_changed_lines(findings, changed_lines(options.since, path.resolve()))
        if baseline is not None:
            if not result.errors and not options.changed_lines:  # every finding of the file was seen
                selection = project.selector.for_path(path)
                if id(selection) not in rule_ids:
                    rule_ids[id(selection)] = frozenset(rule.id for rule in selection.rules)
                baseline.checked_whole(result.path, rule_ids[id(selection)])
            kept = baseline.unknown(findings)
            summary.baselined += len(findings) - len(kept)
            findings = kept
        if false_positives is not None:
            kept = false_positives.unknown(findings)
            summary.false_positives += len(findings) - len(kept)
            findings = kept
        yield replace(result, findings=findings)


def run_check(options: CheckOptions) -> int:
    project = Project.open(options)
    files = project.files(options)
    stdout = click.get_text_stream("stdout")
    out: TextIO = io.StringIO() if options.output else stdout
    use_color = options.color == "always" or (
        options.color == "auto" and options.output_format == "text" and not options.output and stdout.isatty()
    )
    rules = project.selector.for_path(Path(".")).rules
    report = reporter(options.output_format, ReportContext(out, rules, use_color, options.quiet))
    baseline_path = _baseline_path(options, project)
    if (options.prune or options.prune_partial) and baseline_path is None:
        raise HealthlintError("--prune needs a baseline (--baseline FILE, or `baseline:` in the config)")
    baseline = _open_baseline(baseline_path, options, project) if baseline_path else None
    decisions = _open_decisions(options, project)
    false_positives = decisions.false_positives(project.document_rules()) if decisions else None
    summary = Summary(errors=project.unreadable)
    threshold = SEVERITY_RANK[options.fail_on or project.config.fail_on]
    failing = False
    if options.fix:
        _remove_stale_temporaries(files)
    for result in results(project, files, options, stdout, baseline, summary, false_positives):
        for line in result.errors:
            click.echo(f"healthlint: {printable(line)}", err=True)
        if not options.statistics:
            report.file(result)
        summary.add(result)
        failing = failing or any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings)
    if not files:
        click.echo("healthlint: no articles found to check", err=True)
    prune_refused = baseline is not None and not _baseline_notes(options, baseline, summary, project)
    if decisions is not None and summary.false_positives:
        click.echo(f"healthlint: {plural(summary.false_positives, 'finding')} marked false positive in "
                   f"{_shown(decisions.path)}", err=True)  # fmt: skip
    if options.statistics:
        _statistics(stdout, summary, rules)
    else:
        report.finish(summary)
    if options.output:
        from lint.fixing import write_atomic

        assert isinstance(out, io.StringIO)
        write_atomic(options.output, out.getvalue().encode("utf-8"))
    if summary.fixed and not options.diff:
        click.echo(f"healthlint: fixed {plural(summary.fixed, 'problem')}", err=True)
    if summary.errors or prune_refused:
        return EXIT_ERROR
    if options.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if failing or (options.diff and summary.fixed) else EXIT_OK


def _remove_stale_temporaries(files: Sequence[Path]) -> None:
    """A fix run killed earlier may have left temporary files beside the articles it was writing."""
    from lint.fixing import remove_stale_temporaries

    for removed in remove_stale_temporaries(sorted({Path(os.path.realpath(f)).parent for f in files})):
        click.echo(f"healthlint: removed {printable(str(removed))}, left by an interrupted fix run", err=True)


def _baseline_path(options: CheckOptions, project: Project) -> Path | None:
    """`--baseline` wins over the config's `baseline:`; `--no-baseline` ignores the config's."""
    if options.baseline is not None:
        if options.no_baseline:
            raise HealthlintError("--baseline and --no-baseline exclude each other")
        return options.baseline
    return None if options.no_baseline else project.config.baseline


def _open_baseline(path: Path, options: CheckOptions, project: Project) -> Baseline:
    if options.baseline is None and not path.exists():  # named by the config, which every run reads
        raise HealthlintError(f"{_shown(path)}: baseline file not found (named by `baseline:` in "
                              f"{_shown(project.config.path or path)}; create it with `healthlint baseline`, "
                              "or pass --no-baseline)")  # fmt: skip
    return project.load_baseline(path)


def _open_decisions(options: CheckOptions, project: Project) -> Decisions | None:
    """`--decisions FILE`, else the config's `decisions:`; a bad file stops the run before it starts."""
    path = options.decisions or project.config.decisions
    if path is None:
        return None
    from lint.decisions import load  # only runs that have decisions pay for it

    named_by = "" if options.decisions is not None else _shown(project.config.path or path)
    return load(path, named_by)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when under it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # on another drive (Windows)
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def _baseline_notes(options: CheckOptions, baseline: Baseline, summary: Summary, project: Project) -> bool:
    """Say what the baseline absorbed, and prune it if asked; False when a prune was refused
    because this run did not check every file (or rule) that unmatched entries belong to."""
    from lint.fixing import write_atomic

    loaded = {rule.id for rule in project.selector.rules}
    gone: list[dict[str, Any]] = []
    unknown: list[dict[str, Any]] = []  # their files or rules were not checked: they may still occur
    for entry in baseline.unmatched():
        (gone if baseline.gone(entry, loaded) else unknown).append(entry)
    note = f"healthlint: {plural(summary.baselined, 'known problem')} in the baseline"
    if options.prune and not options.prune_partial and unknown:
        click.echo(note, err=True)
        first = printable(str(unknown[0].get("path")))
        click.echo(f"healthlint: error: --prune: {_entries(len(unknown))} of the baseline concern files or rules "
                   f"this run did not check (the first in {first}); {_shown(baseline.path)} is unchanged (check every "
                   "file, or pass --prune-partial to prune only what was checked)", err=True)  # fmt: skip
        return False
    if gone and (options.prune or options.prune_partial):
        write_atomic(baseline.path, baseline.without(gone).encode("utf-8"))
        note += f"; pruned {_entries(len(gone))} that no longer occur"
        if unknown:
            note += f", kept {_entries(len(unknown))} of files or rules this run did not check"
    elif gone:
        note += f"; {len(gone)} no longer occur (remove them with --prune)"
    click.echo(note, err=True)
    return True


def _entries(count: int) -> str:
    return f"{count} entr{'ies' if count != 1 else 'y'}"


def _statistics(out: TextIO, summary: Summary, rules: Sequence[Any]) -> None:
    """Counts by rule, most frequent first, like `ruff --statistics`."""
    by_id = {rule.id: rule for rule in rules}
    width = max((len(str(n)) for n in summary.by_rule.values()), default=1)
    id_width = max((len(rule_id) for rule_id in summary.by_rule), default=0)
    for rule_id, count in sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0])):
        rule = by_id.get(rule_id)
        fixable = "[*] " if rule is not None and rule.kind == "substitution" else "    "
        category = rule.category if rule is not None else "other"
        out.write(f"{count:>{width}}  {rule_id:<{id_width}}  {fixable}{category}\n")


def run_baseline(options: CheckOptions, destination: Path | None) -> int:
    """Write the findings of the files to `destination`: by default the config's `baseline:`, or
    .healthlint-baseline.json."""
    from lint.baseline import Baseline, dumps, merged
    from lint.fixing import write_atomic

    project = Project.open(options)
    destination = destination or project.config.baseline or Path(".healthlint-baseline.json")
    files = project.files(options)
    summary = Summary(errors=project.unreadable)
    found: list[Finding] = []
    for result in results(project, files, options, click.get_text_stream("stdout"), None, summary):
        for line in result.errors:
            click.echo(f"healthlint: {printable(line)}", err=True)
        summary.add(result)
        found.extend(result.findings)
    text, kept = dumps(found, destination.parent), 0
    if destination.exists():  # a baseline of some folders keeps what it knows of the others
        try:
            text, kept = merged(found, destination.parent, Baseline.load(destination), [str(p) for p in files])
        except ConfigError as error:
            click.echo(f"healthlint: {printable(str(error))}; replacing it", err=True)
    write_atomic(destination, text.encode("utf-8"))
    others = f" (and kept {plural(kept, 'finding')} of files not checked now)" if kept else ""
    click.echo(f"healthlint: wrote {plural(len(found), 'finding')} from {summary.files} "
               f"files to {_shown(destination)}{others}", err=True)  # fmt: skip
    if summary.errors:
        raise HealthlintError(f"{summary.errors} file(s) could not be checked; the baseline omits them")
    return EXIT_OK


def run_audit(options: CheckOptions, report: Path | None, csv_path: Path | None, worst: int,
              json_path: Path | None = None, compare: Path | None = None) -> int:  # fmt: skip
    from lint.audit import Audit, csv_text, json_text, load_previous, progress, summary_text
    from lint.fixing import write_atomic

    previous = load_previous(compare) if compare is not None else None  # a bad file stops it before the audit
    project = Project.open(options)
    decisions = _open_decisions(options, project)
    files = project.files(options)
    audit = Audit(project.selector.for_path(Path(".")).rules, authors=project.env.authors)
    baseline_path = _baseline_path(options, project)
    baseline = _open_baseline(baseline_path, options, project) if baseline_path else None
    known = 0  # an audit reports every finding; the baseline only says how many are old
    for path in progress(sorted(files, key=lambda p: p.as_posix())):
        result = check_file(path, project.selector, project.env, options.reading, keep=True)
        for line in result.errors:
            click.echo(f"healthlint: {printable(line)}", err=True)
        audit.add(result, keep_text=report is not None)
        if baseline is not None:
            known += len(result.findings) - len(baseline.unknown(result.findings))
    if previous is not None:
        audit.compare(previous)
    if decisions is not None:
        audit.decide(decisions)
    click.echo(summary_text(audit, worst), nl=False)
    if baseline is not None:
        total = sum(len(a.findings) for a in audit.articles)
        new = total - known
        click.echo(f"healthlint: {known} of the {plural(total, 'finding')} are in the baseline "
                   f"({_shown(baseline.path)}); {new} {'is' if new == 1 else 'are'} new", err=True)  # fmt: skip
    if report is not None:
        from lint.report.audit_html import render

        write_atomic(report, render(audit, identity=str(report.absolute())).encode("utf-8"))
        click.echo(f"healthlint: wrote the HTML report to {report}", err=True)
    if csv_path is not None:
        write_atomic(csv_path, csv_text(audit).encode("utf-8"))
        click.echo(f"healthlint: wrote {sum(len(a.findings) for a in audit.articles)} rows to {csv_path}", err=True)
    if json_path is not None:
        write_atomic(json_path, json_text(audit).encode("utf-8"))
        click.echo(f"healthlint: wrote the findings to {json_path}", err=True)
    return EXIT_ERROR if audit.errors or project.unreadable else EXIT_OK
