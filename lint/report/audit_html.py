"""The audit report: one self-contained HTML file (inline CSS, JavaScript and SVG; no network).

The overview, the rule documentation and the author groups are rendered here; the findings table
and the article view are built in the browser from compact JSON, a page of rows at a time, so
100,000 findings load without freezing. Each article is rendered here as a reader sees it, its
findings marked (lint.report.audit_article), gzip-compressed on its own and inflated only when
viewed. What the reader is looking at (tab, filters, sort, page, article, finding, rule) is kept
in the URL's fragment: a link shows the same view, and back and forward work.

Editors mark findings reviewed or false positive in the page (lint.decisions): their decisions are
kept in the browser's localStorage under the report's identity (its file: a rebuilt report keeps
them, another report does not see them), merged with the decisions file the audit read (the newer
decision of a finding wins), and downloaded as a decisions file to commit.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import os
import re
import secrets
from base64 import b64encode
from collections import Counter
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from lint import __version__
from lint.audit import CATCH_ALL, Audit, AuditedArticle
from lint.decisions import FORMAT_VERSION as DECISIONS_VERSION
from lint.finding import SEVERITIES, Finding
from lint.report import plural
from lint.ruleset import Rule

_SEVERITY_INDEX = {name: i for i, name in enumerate(SEVERITIES)}
CREDENTIAL_CATEGORY = "unverifiable-credential"
_INDENT = "\u2003"  # an em space: a subfolder's step in the folder tree


def _asset(name: str) -> str:
    return resources.files("lint.report").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def href(**state: str) -> str:
    """A link to a view of the report: its state as the fragment the page's script reads."""
    return html.escape("#" + urlencode({key: value for key, value in state.items() if value}))


def _data(audit: Audit, report_id: str) -> dict[str, Any]:
    rule_index: dict[str, int] = {}
    rules: list[list[str]] = []
    known = {rule.id: rule for rule in audit.rules}

    def index_of(f: Finding) -> int:
        if f.rule not in rule_index:
            rule = known.get(f.rule)
            rule_index[f.rule] = len(rules)
            rules.append([f.rule, f.category, audit.pack_of(f.rule), f.hint, rule.source_title if rule else f.source,
                          rule.source_url if rule else "", "1" if rule else ""])  # fmt: skip
        return rule_index[f.rule]

    comparison, decided = audit.comparison, audit.decided
    new = iter(comparison.new if comparison else ())
    decision = iter(decided.of_findings if decided else ())
    # a downloaded decision names its file relative to the decisions file read, else to where the audit ran
    relative = decided.source.relative if decided else _relative_to_cwd
    matches: dict[str, int] = {}  # each matched text once (a library repeats a few phrases a great deal)
    articles: list[list[Any]] = []
    findings: list[list[Any]] = []
    for number, article in enumerate(audit.articles):
        named = relative(article.path)
        articles.append([article.path, article.title, article.author, article.html_gz, article.byline,
                         None if named == article.path else named])  # fmt: skip
        for f in article.findings:
            change = (2 if next(new) else 1) if comparison else 0  # 0 not compared, 1 unchanged, 2 new
            match = -1 if f.match is None else matches.setdefault(f.match, len(matches))
            row = [number, f.line, f.column, index_of(f), _SEVERITY_INDEX[f.severity], f.message,
                   1 if f.match is None else 0, f.fingerprint, change, match]  # fmt: skip
            entry = next(decision) if decided else None
            if entry:
                row.append({key: entry[key] for key in ("status", "note", "by", "at") if key in entry})
            findings.append(row)
    decisions = {"report": report_id, "file": str(decided.source.path) if decided else "",
                 "kept": list(decided.kept) if decided else [], "version": DECISIONS_VERSION,
                 "generatedBy": f"healthlint {__version__} audit report"}  # fmt: skip
    return {"rules": rules, "articles": articles, "findings": findings, "comparing": comparison is not None,
            "matches": list(matches), "decisions": decisions}  # fmt: skip


def _relative_to_cwd(path: str) -> str:
    return os.path.relpath(os.path.abspath(path)).replace(os.sep, "/")


def _bars(counter: Counter[str], key: str, audit: Audit) -> str:
    """Counts as bars, every name shown, each a link to its findings; the catch-all category
    names the rules it counts."""
    if not counter:
        return '<p class="muted">No findings.</p>'
    top = max(counter.values())
    rows = []
    for name, count in sorted(counter.items(), key=lambda item: (-item[1], item[0])):
        rules = (f'<div class="muted rules-in">{html.escape(", ".join(audit.rules_in(name)))}</div>'
                 if key == "category" and name == CATCH_ALL else "")  # fmt: skip
        rows.append(
            f'<tr><td><a href="{href(tab="findings", **{key: name})}">{html.escape(name)}</a>{rules}</td>'
            f'<td class="bar"><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
            f'<rect width="{max(1, round(100 * count / top))}" height="10" rx="1"/></svg></td>'
            f'<td class="num">{count:,}</td></tr>'
        )
    return f'<table class="bars" data-breakdown="{key}"><tbody>{"".join(rows)}</tbody></table>'


def _by_rule(audit: Audit) -> str:
    counts = audit.counts("rule")
    known = {rule.id: rule for rule in audit.rules}
    first = {f.rule: f for f in audit.findings()}
    rows = "".join(
        f'<tr data-rule="{html.escape(rule_id)}"><td><a href="{href(tab="findings", rule=rule_id)}">'
        f"{html.escape(rule_id)}</a></td><td>{html.escape(audit.pack_of(rule_id))}</td>"
        f'<td><span class="sev {first[rule_id].severity}">{first[rule_id].severity}</span></td>'
        f'<td>{html.escape(first[rule_id].category)}</td><td class="num">{count:,}</td>'
        f"<td>{_explain_link(rule_id) if rule_id in known else ''}</td></tr>"
        for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return (f'<table id="by-rule"><thead><tr><th>Rule</th><th>Pack</th><th>Severity</th><th>Category</th>'
            f"<th>Findings</th><th></th></tr></thead><tbody>{rows}</tbody></table>")  # fmt: skip


def _explain_link(rule_id: str) -> str:
    return f'<a class="explain-link" href="{href(tab="rules", explain=rule_id)}">about this rule</a>'


def _by_folder(audit: Audit) -> str:
    """Every folder with its articles and findings, subfolders included, as a tree."""
    articles: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for article in audit.articles:
        parts = article.folder.split("/") if article.folder != "." else []
        folders = ["/".join(parts[: depth + 1]) for depth in range(len(parts))] or ["."]
        for folder in folders:
            articles[folder] += 1
            found[folder] += len(article.findings)
    rows = "".join(
        f'<tr data-folder="{html.escape(folder)}"><td>{_INDENT * folder.count("/")}'
        f'<a href="{href(tab="findings", folder=folder)}">{html.escape(folder.rpartition("/")[2] or folder)}/</a></td>'
        f'<td class="num">{articles[folder]:,}</td><td class="num">{found[folder]:,}</td></tr>'
        for folder in sorted(articles, key=lambda name: name.split("/"))
    )
    return (f'<table id="by-folder"><thead><tr><th>Folder</th><th>Articles</th><th>Findings</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")  # fmt: skip


def _by_author(audit: Audit) -> str:
    """Authors as the registry names them (aliases and byline variants together), each with the
    credential findings of their articles."""
    known = {rule.id: rule for rule in audit.rules}
    groups: dict[str, list[AuditedArticle]] = {}
    for article in audit.articles:
        groups.setdefault(article.author, []).append(article)
    registered = {author.name for author in audit.authors}
    rows = []
    for name, written in sorted(groups.items(), key=lambda item: (-sum(len(a.findings) for a in item[1]), item[0])):
        bylines = sorted({a.byline for a in written if a.byline and a.byline != name})
        credential = [(a, f) for a in written for f in a.findings if _is_credential(f, known.get(f.rule))]
        status = ("in registry" if name in registered else "not in registry") if audit.authors else ""
        items = "".join(
            f'<li><a href="{href(tab="articles", article=a.path, finding=f.fingerprint)}">'
            f"{html.escape(a.title or a.path)}</a>: {html.escape(f.message)}</li>"
            for a, f in credential
        )
        rows.append(
            f'<tr data-author="{html.escape(name)}"><td>'
            + (f'<a href="{href(tab="findings", author=name)}">{html.escape(name)}</a>' if name else "(no author)")
            + (f' <span class="badge">{status}</span>' if status else "")
            + (f'<div class="muted">as {html.escape(", ".join(bylines))}</div>' if bylines else "")
            + f'</td><td class="num">{len(written):,}</td><td class="num">{sum(len(a.findings) for a in written):,}'
            f'</td><td class="num">{len(credential):,}</td><td>'
            + (f'<ul class="credential">{items}</ul>' if items else "")
            + "</td></tr>"
        )
    return (f'<table id="by-author"><thead><tr><th>Author</th><th>Articles</th><th>Findings</th><th>Credential</th>'
            f'<th>Credential findings</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')  # fmt: skip


def _is_credential(finding: Finding, rule: Rule | None) -> bool:
    return finding.category == CREDENTIAL_CATEGORY or (rule is not None and rule.kind == "credential")


def _changes(audit: Audit) -> str:
    """New, fixed and unchanged since the audit compared with; the fixed ones listed."""
    comparison = audit.comparison
    if comparison is None:
        return ""
    new, fixed, unchanged = comparison.counts
    rows = "".join(
        f"<tr><td>{html.escape(str(entry.get('path')))}:{html.escape(str(entry.get('line', '')))}</td>"
        f"<td>{html.escape(str(entry.get('rule')))}</td>"
        f"<td>{html.escape(str(entry.get('message') or entry.get('match') or ''))}</td></tr>"
        for entry in comparison.fixed
    )
    unchecked = (f'<p class="muted">{comparison.unchecked:,} earlier findings are in files this audit did not '
                 "check.</p>" if comparison.unchecked else "")  # fmt: skip
    return (
        f'<div class="panel" id="changes"><h2>Since {html.escape(comparison.previous)}</h2><div class="cards">'
        f'<a class="card new" href="{href(tab="findings", change="new")}"><div class="n">{new:,}</div>'
        f'<div class="l">new</div></a><div class="card fixed"><div class="n">{fixed:,}</div><div class="l">fixed</div>'
        f'</div><a class="card" href="{href(tab="findings", change="unchanged")}"><div class="n">{unchanged:,}</div>'
        f'<div class="l">unchanged</div></a></div>{unchecked}'
        + (f'<h3>Fixed</h3><div class="scroll"><table id="fixed"><thead><tr><th>Where it was</th><th>Rule</th>'
           f"<th>Message</th></tr></thead><tbody>{rows}</tbody></table></div>" if rows else "")
        + "</div>"
    )  # fmt: skip


def _overview(audit: Audit) -> str:
    severities = audit.counts("severity")
    total = sum(severities.values())
    clean = sum(1 for a in audit.articles if not a.findings)
    cards = [("", len(audit.articles), "articles"), ("", total, "findings"), ("error", severities["error"], "errors"),
             ("warning", severities["warning"], "warnings"), ("info", severities["info"], "infos"),
             ("", clean, "clean articles")]  # fmt: skip
    card_html = "".join(f'<div class="card {cls}"><div class="n">{n:,}</div><div class="l">{label}</div></div>'
                        for cls, n, label in cards)  # fmt: skip
    worst = sorted((a for a in audit.articles if a.findings), key=lambda a: (-a.score, a.path))[:15]
    worst_rows = "".join(
        f'<tr><td>{a.score}</td><td><a href="{href(tab="articles", article=a.path)}">{html.escape(a.title or a.path)}'
        f'</a><br><span class="muted">{html.escape(a.path)}</span></td><td>{html.escape(a.author)}</td>'
        f"<td>{len(a.findings)}</td></tr>"
        for a in worst
    )
    return (
        f'<div class="cards">{card_html}</div>{_changes(audit)}<div class="grid2">'
        f'<div class="panel"><h2>Findings by category</h2>{_bars(audit.counts("category"), "category", audit)}</div>'
        f'<div class="panel"><h2>Findings by pack</h2>{_bars(audit.counts("pack"), "pack", audit)}</div></div>'
        f'<div class="panel"><h2>Findings by rule</h2><div class="scroll">{_by_rule(audit)}</div></div>'
        f'<div class="grid2"><div class="panel"><h2>Worst articles</h2><table id="worst"><thead><tr><th>Score</th>'
        f"<th>Article</th><th>Author</th><th>Findings</th></tr></thead><tbody>{worst_rows}</tbody></table></div>"
        f'<div class="panel"><h2>By folder</h2><div class="scroll">{_by_folder(audit)}</div></div></div>'
        f'<div class="panel"><h2>By author</h2><div class="scroll">{_by_author(audit)}</div></div>'
    )


def _rules(audit: Audit) -> str:
    """The documentation (`healthlint explain`) of every rule with a finding, for findings to link to."""
    from lint.explain import explain
    from lint.report.audit_article import render_markdown

    counts = audit.counts("rule")
    occurring = sorted((rule for rule in audit.rules if rule.id in counts), key=lambda r: (r.pack, r.id))
    if not occurring:
        return '<p class="muted">No rule has a finding.</p>'
    return "".join(
        f'<article class="panel explain" data-rule="{html.escape(rule.id)}">{render_markdown(explain(rule))}'
        f'<p><a href="{href(tab="findings", rule=rule.id)}">Show its {plural(counts[rule.id], "finding")}</a></p>'
        "</article>"
        for rule in occurring
    )


# Inside <script>, `<!--` and `<script` switch the HTML tokenizer into states where the next
# `</script>` no longer ends the element; U+2028/2029 end lines in older JavaScript. Written as
# JSON escapes, none of these characters can be markup (outside strings JSON has none of them).
_SCRIPT_ESCAPES = {char: f"\\u{ord(char):04x}" for char in "<>&\u2028\u2029"}


def script_json(value: object) -> str:
    """JSON that is safe as the content of a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _SCRIPT_ESCAPES.items():  # str.replace: a report can be tens of megabytes
        text = text.replace(char, escaped)
    return text


def _csp_hash(inline: str) -> str:
    """A Content-Security-Policy source that allows exactly this inline <style> or <script>."""
    return f"'sha256-{b64encode(hashlib.sha256(inline.encode('utf-8')).digest()).decode('ascii')}'"


def render(audit: Audit, identity: str = "") -> str:
    """The report; `identity` (its file's absolute path) names the browser storage of its decisions."""
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    meta = f"healthlint {__version__} · {when} · {len(audit.articles):,} articles"
    # without an identity, a report of its own
    report_id = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16] if identity else secrets.token_hex(8)
    css, js = _asset("audit.css"), _asset("audit.js")
    # the JSON block is data (type application/json), which the script-src list does not govern
    values = {"CSS": css, "CSS_HASH": _csp_hash(css), "META": html.escape(meta), "OVERVIEW": _overview(audit),
              "RULES": _rules(audit), "JS": js, "JS_HASH": _csp_hash(js),
              "DATA": script_json(_data(audit, report_id))}  # fmt: skip
    # one pass over the template, so that text inside the values is never taken for a placeholder
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], _asset("audit.html"))
