"""Golden files for the fixture articles: `fixtures/<article>.expected` beside each article.

Each line is one finding: `LINE:COL-END_LINE:END_COL RULE 'match'` (or `document RULE`).
Regenerate after an intended change with `python -m tests.fixtures_golden`, then read the
diff: every line must be a finding a compliance editor would agree with.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")


def articles() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.suffix in ARTICLE_SUFFIXES)


def expected_path(article: Path) -> Path:
    return article.with_name(article.name + ".expected")


def render(article: Path) -> str:
    from lint import config
    from lint.checking import environment
    from lint.files import Reading
    from lint.runner import check_file
    from lint.selecting import RuleSelector, load_rules

    cfg = config.load(FIXTURES / ".healthlint.yaml")
    env = environment(cfg)
    result = check_file(article, RuleSelector(load_rules(cfg), cfg), env, Reading())
    lines = [f"# error: {e}" for e in result.errors]
    for f in result.findings:
        if f.match is None:
            lines.append(f"document {f.rule}")
        else:
            lines.append(f"{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.rule} {' '.join(f.match.split())!r}")
    return "\n".join(lines) + "\n" if lines else ""


def main() -> int:
    for article in articles():
        expected_path(article).write_text(render(article), encoding="utf-8")
        print(f"wrote {expected_path(article).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
