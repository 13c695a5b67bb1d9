"""The audit report: one self-contained HTML file (inline CSS, JavaScript and SVG; no network).

The overview is rendered here; the findings table and the article view are built in the
browser from compact JSON, a page of rows at a time, so 100,000 findings load without
freezing. Article texts are gzip-compressed each on its own and inflated only when viewed.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from base64 import b64encode
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import Any

from lint import __version__
from lint.audit import Audit, AuditedArticle
from lint.finding import SEVERITIES

_SEVERITY_INDEX = {name: i for i, name in enumerate(SEVERITIES)}


def _asset(name: str) -> str:
    return resources.files("lint.report").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def _utf16(text_astral: Sequence[int], offset: int) -> int:
    """A code-point offset as a JavaScript (UTF-16) string index."""
    return offset + bisect_left(text_astral, offset)


def _data(audit: Audit) -> dict[str, Any]:
    rule_index: dict[str, int] = {}
    rules: list[list[str]] = []
    known = {rule.id: rule for rule in audit.rules}

    def index_of(rule_id: str, source: str, hint: str, category: str) -> int:
        if rule_id not in rule_index:
            rule = known.get(rule_id)
            rule_index[rule_id] = len(rules)
            rules.append([rule_id, category, rule.pack if rule else "healthlint", hint,
                          rule.source_title if rule else source, rule.source_url if rule else ""])  # fmt: skip
        return rule_index[rule_id]

    articles: list[list[Any]] = []
    findings: list[list[Any]] = []
    for number, article in enumerate(audit.articles):
        articles.append([article.path, article.title, article.author, article.text_gz])
        astral = article.astral
        for f in article.findings:
            whole = 1 if f.match is None else 0
            findings.append([number, f.line, f.column, f.end_line, f.end_column,
                             index_of(f.rule, f.source, f.hint, f.category), _SEVERITY_INDEX[f.severity], f.message,
                             _utf16(astral, f.start), _utf16(astral, f.end), whole])  # fmt: skip
    return {"rules": rules, "articles": articles, "findings": findings}


def _bars_svg(counter: Counter[str], label: str) -> str:
    if not counter:
        return '<p class="muted">No findings.</p>'
    items = counter.most_common()
    name_width, bar_width, row = 230, 260, 22
    top = max(counter.values())
    rows = []
    for i, (name, count) in enumerate(items):
        y = i * row
        width = max(2, round(bar_width * count / top))
        rows.append(
            f'<text x="{name_width - 8}" y="{y + 15}" text-anchor="end">{html.escape(name)}</text>'
            f'<rect x="{name_width}" y="{y + 4}" width="{width}" height="14" rx="3" fill="#2f6db5"/>'
            f'<text class="v" x="{name_width + width + 6}" y="{y + 15}">{count}</text>'
        )
    height = len(items) * row + 4
    return (f'<svg class="bars" role="img" aria-label="{html.escape(label)}" width="100%" viewBox="0 0 '
            f'{name_width + bar_width + 60} {height}">{"".join(rows)}</svg>')  # fmt: skip


def _overview(audit: Audit) -> str:
    severities = audit.counts("severity")
    total = sum(severities.values())
    clean = sum(1 for a in audit.articles if not a.findings)
    cards = [("", len(audit.articles), "articles"), ("", total, "findings"), ("error", severities["error"], "errors"),
             ("warning", severities["warning"], "warnings"), ("info", severities["info"], "infos"),
             ("", clean, "clean articles")]  # fmt: skip
    card_html = "".join(f'<div class="card {cls}"><div class="n">{n:,}</div><div class="l">{label}</div></div>'
                        for cls, n, label in cards)  # fmt: skip
    index = {id(article): i for i, article in enumerate(audit.articles)}
    worst = sorted((a for a in audit.articles if a.findings), key=lambda a: (-a.score, a.path))[:15]
    worst_rows = "".join(
        f'<tr><td>{a.score}</td><td><a href="#" data-open-article="{index[id(a)]}">{html.escape(a.title or a.path)}</a>'
        f'<br><span class="muted">{html.escape(a.path)}</span></td><td>{html.escape(a.author)}</td>'
        f"<td>{len(a.findings)}</td></tr>"
        for a in worst
    )
    authors: dict[str, list[AuditedArticle]] = {}
    for article in audit.articles:
        authors.setdefault(article.author or "(no author)", []).append(article)
    author_rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{len(items)}</td><td>{sum(len(a.findings) for a in items)}</td></tr>"
        for name, items in sorted(authors.items(), key=lambda kv: -sum(len(a.findings) for a in kv[1]))[:30]
    )
    return (
        f'<div class="cards">{card_html}</div><div class="grid2">'
        f'<div class="panel"><h2>Findings by category</h2>{_bars_svg(audit.counts("category"), "by category")}</div>'
        f'<div class="panel"><h2>Findings by pack</h2>{_bars_svg(audit.counts("pack"), "by pack")}</div></div>'
        f'<div class="grid2"><div class="panel"><h2>Worst articles</h2><table id="worst"><thead><tr><th>Score</th>'
        f"<th>Article</th><th>Author</th><th>Findings</th></tr></thead><tbody>{worst_rows}</tbody></table></div>"
        f'<div class="panel"><h2>By author</h2><table><thead><tr><th>Author</th><th>Articles</th><th>Findings</th>'
        f"</tr></thead><tbody>{author_rows}</tbody></table></div></div>"
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


def render(audit: Audit) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    meta = f"healthlint {__version__} · {when} · {len(audit.articles):,} articles"
    css, js = _asset("audit.css"), _asset("audit.js")
    # the JSON block is data (type application/json), which the script-src list does not govern
    values = {"CSS": css, "CSS_HASH": _csp_hash(css), "META": html.escape(meta), "OVERVIEW": _overview(audit),
              "JS": js, "JS_HASH": _csp_hash(js), "DATA": script_json(_data(audit))}  # fmt: skip
    # one pass over the template, so that text inside the values is never taken for a placeholder
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], _asset("audit.html"))
