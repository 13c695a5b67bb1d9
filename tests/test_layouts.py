"""Discovery that knows site generators, `check --list-files` and `healthlint init`, each on a small
site of that layout made here: `check .` from its root must check exactly its articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint import authors, config
from lint.cli import cli

CLAIM = "This supplement cures anxiety.\n"  # every file below says it: a file checked has findings


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def checked(*args: str) -> set[str]:
    """The files `check` reports on (every file here holds a claim, so every file checked is listed)."""
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", *args], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return {finding["path"] for finding in json.loads(result.stdout)}


def listed(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", "--list-files", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


REPOSITORY = {
    "README.md": "# The blog\n\nHow to build it. " + CLAIM,
    "LICENSE.md": "MIT License. " + CLAIM,
    "CHANGELOG.md": "## 1.0\n\n" + CLAIM,
    ".github/ISSUE_TEMPLATE/bug.md": CLAIM,
    "node_modules/pkg/readme.md": CLAIM,
    "robots.txt": "User-agent: *\nDisallow: /admin/\n",
}
JEKYLL = {
    **REPOSITORY,
    "_config.yml": "title: Diet blog\ncollections:\n  recipes:\n    output: true\nplugins: [jekyll-feed]\n",
    "_posts/2023-05-01-turmeric.md": "---\ntitle: Turmeric\n---\n\n" + CLAIM,
    "_posts/2023-06-01-zinc.markdown": "---\ntitle: Zinc\n---\n\n{% include note.html %}\n\n" + CLAIM,
    "_drafts/magnesium.md": "---\ntitle: Magnesium\n---\n\n" + CLAIM,
    "_recipes/soup.md": "---\ntitle: Soup\n---\n\n" + CLAIM,
    "about.md": "---\nlayout: page\ntitle: About\n---\n\n" + CLAIM,
    "index.md": "---\nlayout: home\n---\n",  # a page the theme fills: no prose
    "_layouts/default.html": "<html><body><p>" + CLAIM + "</p>{{ content }}</body></html>\n",
    "_includes/note.html": "<aside>" + CLAIM + "</aside>\n",
    "_sass/main.md": CLAIM,
    "_site/2023/05/01/turmeric.html": "<p>" + CLAIM + "</p>\n",
    "google1234abcd.html": "google-site-verification: google1234abcd.html\n",
    "assets/notes.md": CLAIM,
}
JEKYLL_ARTICLES = {"_posts/2023-05-01-turmeric.md", "_posts/2023-06-01-zinc.markdown", "_drafts/magnesium.md",
                   "_recipes/soup.md", "about.md"}  # fmt: skip


@pytest.fixture
def jekyll(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make(tmp_path, JEKYLL)


def test_a_jekyll_site_checks_its_posts_drafts_collections_and_pages_only(jekyll: Path) -> None:
    assert checked(".") == JEKYLL_ARTICLES
    assert checked() == JEKYLL_ARTICLES  # no path: the current directory


def test_list_files_says_the_layout_what_is_checked_what_is_skipped_and_why(jekyll: Path) -> None:
    out = listed(".")
    assert out.splitlines()[0] == (
        "layout: Jekyll site in . (found _config.yml); articles in _posts/, _drafts/, /*.md, /*.markdown, _recipes/"
    )
    rows = {line.split()[1]: (line.split()[0], line.split(None, 2)[2]) for line in out.splitlines()[1:-1]}
    assert {path for path, (action, _) in rows.items() if action == "check"} == JEKYLL_ARTICLES
    assert rows["_posts/2023-05-01-turmeric.md"] == ("check", "Jekyll content (_posts/)")
    assert rows["about.md"] == ("check", "Jekyll content (/*.md)")
    assert rows["README.md"] == ("skip", "repository file, not an article")
    assert rows["_layouts/"] == ("skip", "Jekyll templates, partials, assets or build output")
    assert rows["_site/"] == rows["_includes/"] == rows["assets/"] == rows["_layouts/"]
    assert rows["node_modules/"] == ("skip", "dependencies")
    assert rows[".github/"] == ("skip", "hidden folder")
    assert rows["index.md"] == ("skip", "no prose")
    assert rows["robots.txt"] == rows["google1234abcd.html"] == ("skip", "a file for crawlers or site verification")
    assert out.splitlines()[-1] == "5 files to check; skipped 6 files and 7 folders"
    quiet = CliRunner().invoke(cli, ["check", "--list-files", "-q"], catch_exceptions=False)
    assert quiet.stdout.splitlines() == sorted(JEKYLL_ARTICLES)


def test_list_files_shows_what_since_and_shard_leave_out(jekyll: Path) -> None:
    from tests.test_gitdiff import git

    def actions(*args: str) -> dict[str, tuple[str, str]]:
        rows = [line.split(None, 2) for line in listed(*args).splitlines()[1:-1]]
        return {path: (action, reason) for action, path, reason in rows if path in JEKYLL_ARTICLES}

    first, second = actions("--shard", "1/2"), actions("--shard", "2/2")
    assert {p for p, (a, _) in first.items() if a == "check"} | {p for p, (a, _) in second.items() if a == "check"} == (
        JEKYLL_ARTICLES
    )
    assert {p for p, (a, _) in first.items() if a == "check"}.isdisjoint(
        p for p, (a, _) in second.items() if a == "check"
    )
    assert {reason for action, reason in first.values() if action == "skip"} == {"in another shard than 1/2"}
    git("init", "-q", ".")
    git("add", "-A")
    git("commit", "-q", "-m", "site")
    (jekyll / "_posts" / "2023-05-01-turmeric.md").write_text("---\ntitle: Turmeric\n---\n\n" + CLAIM * 2)
    since = actions("--since", "HEAD")
    assert since["_posts/2023-05-01-turmeric.md"][0] == "check"
    assert {reason for path, (action, reason) in since.items() if action == "skip"} == {"unchanged since HEAD"}
    assert len(since) == len(JEKYLL_ARTICLES)


def test_explicit_file_paths_win_over_the_layout(jekyll: Path) -> None:
    assert checked("README.md", "_layouts/default.html") == {"README.md", "_layouts/default.html"}


def test_a_folder_named_inside_a_site_is_checked_whole_but_its_templates_are_not(jekyll: Path) -> None:
    make(jekyll, {"_posts/notes/extra.txt": CLAIM})  # a .txt is no Jekyll post: a walk from the site skips it
    assert "_posts/notes/extra.txt" not in checked(".")
    assert checked("_posts") == {"_posts/2023-05-01-turmeric.md", "_posts/2023-06-01-zinc.markdown",
                                 "_posts/notes/extra.txt"}  # fmt: skip


def test_include_and_exclude_in_the_config_win(jekyll: Path) -> None:
    make(jekyll, {".healthlint.yaml": "include: ['_layouts/**/*.html', '_posts/**']\nexclude: ['_posts/2023-06*']\n"})
    assert checked(".") == {"_layouts/default.html", "_posts/2023-05-01-turmeric.md"}
    assert "articles in `include` in " in listed(".").splitlines()[0]


def test_a_hugo_site_with_toml_front_matter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, {
        **REPOSITORY,
        "hugo.toml": "baseURL = 'https://example.org/'\ntitle = 'Clinic'\n",
        "content/_index.md": "+++\ntitle = 'Home'\n+++\n",  # a list page: front matter only
        "content/posts/sleep.md": "+++\ntitle = 'Sleep'\ndate = 2026-01-05\nauthor = 'Jane Doe'\n+++\n\n"
                                  "{{< figure src=\"a.png\" caption=\"It cures all\" >}}\n\n" + CLAIM,
        "content/posts/herbs/index.md": "+++\ntitle = 'Herbs'\n+++\n\n" + CLAIM,
        "layouts/_default/single.html": "<p>" + CLAIM + "</p>\n",
        "themes/ananke/README.md": CLAIM,
        "archetypes/default.md": "+++\ntitle = '{{ .Name }}'\n+++\n\n" + CLAIM,
        "static/legal.txt": CLAIM,
        "public/posts/sleep/index.html": "<p>" + CLAIM + "</p>\n",
    })  # fmt: skip
    assert checked(".") == {"content/posts/sleep.md", "content/posts/herbs/index.md"}
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", "content/posts/sleep.md"])
    findings = json.loads(result.stdout)
    assert not any(f["rule"] == "transparency.missing-date" for f in findings)  # the TOML date is read
    assert {(f["line"], f["match"]) for f in findings if f["rule"] == "claims.cure-or-guarantee"} == {(9, "cures")}
    assert listed(".").splitlines()[0] == "layout: Hugo site in . (found hugo.toml); articles in content/"


def test_hugo_content_dir_from_its_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, {"config.toml": "contentDir = 'site-content'\n", "content/old.md": CLAIM,
                    "site-content/new.md": CLAIM})  # fmt: skip
    assert checked(".") == {"site-content/new.md"}


def test_a_hugo_site_configured_in_its_configuration_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, {
        **REPOSITORY,
        "config/_default/hugo.toml": "baseURL = 'https://example.org/'\ncontentDir = 'pages'\n",
        "config/_default/params.toml": "[params]\n",
        "config/production/hugo.toml": "baseURL = 'https://example.com/'\n",
        "pages/posts/sleep.md": "+++\ntitle = 'Sleep'\n+++\n\n" + CLAIM,
        "content/old.md": CLAIM,
        "layouts/partials/footer.html": "<p>" + CLAIM + "</p>\n",
    })  # fmt: skip
    assert checked(".") == {"pages/posts/sleep.md"}
    assert listed(".").splitlines()[0] == "layout: Hugo site in . (found config/_default/hugo.toml); articles in pages/"


DOCUSAURUS = {
    **REPOSITORY,
    "docusaurus.config.ts": "export default {title: 'Wiki'};\n",
    "docs/intro.mdx": "---\ntitle: Intro\n---\nimport Callout from '@site/src/components/Callout';\n\n# Intro\n\n"
    '<Callout type="warning" title="Safe for everyone">' + CLAIM.strip() + "</Callout>\n",
    "docs/guides/sleep.md": "# Sleep\n\n" + CLAIM,
    "blog/2024-01-01-news.md": "---\ntitle: News\n---\n\n" + CLAIM,
    "src/pages/about.mdx": "# About\n\n" + CLAIM,
    "src/pages/index.js": "export default () => null;\n",
    "src/components/Callout.md": CLAIM,
    "static/files/leaflet.txt": CLAIM,
    "build/docs/intro/index.html": "<p>" + CLAIM + "</p>\n",
}


def test_a_docusaurus_site_with_mdx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, DOCUSAURUS)
    assert checked(".") == {"docs/intro.mdx", "docs/guides/sleep.md", "blog/2024-01-01-news.md", "src/pages/about.mdx"}
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", "docs/intro.mdx"])
    spans = {(f["rule"], f["line"], f["column"], f["match"]) for f in json.loads(result.stdout)}
    # the claim inside the component, at its exact place; the attribute "Safe for everyone" is no prose
    assert ("supplements.disease-claim", 8, 56, "supplement cures anxiety") in spans
    assert ("claims.cure-or-guarantee", 8, 67, "cures") in spans
    assert not any(rule == "claims.absolute-safety" for rule, *_ in spans)


def test_a_nextra_site_and_a_site_in_a_subfolder_of_a_monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, {
        **REPOSITORY,
        "package.json": "{}\n",
        "docs-site/next.config.mjs": "import nextra from 'nextra'\nexport default nextra({})\n",
        "docs-site/theme.config.tsx": "export default {}\n",
        "docs-site/pages/index.mdx": "# Wiki\n\n" + CLAIM,
        "docs-site/pages/conditions/anxiety.mdx": "import { Callout } from 'nextra/components'\n\n" + CLAIM,
        "docs-site/pages/_meta.json": "{}\n",
        "docs-site/components/Note.md": CLAIM,
        "docs-site/public/notes.txt": CLAIM,
        "notes/plan.md": "# Plan\n\n" + CLAIM,  # outside the site: a plain folder of articles
    })  # fmt: skip
    assert checked(".") == {"docs-site/pages/index.mdx", "docs-site/pages/conditions/anxiety.mdx", "notes/plan.md"}
    # init at the repository's root names the site it found below, and leaves discovery to find them all
    result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    assert "(a Nextra site in docs-site/; 3 articles to check)" in result.stdout
    written = (tmp_path / ".healthlint.yaml").read_text(encoding="utf-8")
    assert written.startswith("# healthlint configuration for a Nextra site in docs-site/, written by")
    assert not config.load(tmp_path / ".healthlint.yaml").include_given
    assert checked(".") == {"docs-site/pages/index.mdx", "docs-site/pages/conditions/anxiety.mdx", "notes/plan.md"}


def test_an_mkdocs_site_reads_docs_dir_despite_python_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, {
        **REPOSITORY,
        "mkdocs.yml": "site_name: Health\ndocs_dir: pages\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
                      "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        "pages/index.md": "# Home\n\n" + CLAIM,
        "pages/topics/diet.md": "# Diet\n\n" + CLAIM,
        "docs/old.md": CLAIM,
        "overrides/main.md": CLAIM,
        "site/index.md": CLAIM,
    })  # fmt: skip
    assert checked(".") == {"pages/index.md", "pages/topics/diet.md"}


def test_a_plain_folder_skips_only_what_is_not_an_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, {**REPOSITORY, "a.md": CLAIM, "sub/b.txt": CLAIM, "sub/c.html": "<p>" + CLAIM + "</p>",
                    "empty.md": "---\ntitle: x\n---\n"})  # fmt: skip
    assert checked(".") == {"a.md", "sub/b.txt", "sub/c.html"}
    assert not listed(".").startswith("layout:")


def test_init_writes_a_config_that_loads_and_checks_the_same_articles(jekyll: Path) -> None:
    make(jekyll, {
        "_posts/2023-07-01-sleep.md": "---\ntitle: Sleep\nauthor: Dr. Jane Doe, RD\n---\n\n" + CLAIM,
        "_posts/2023-08-01-iron.md": "---\ntitle: Iron\nauthor: Jane Doe\nreviewed_by: [admin, Sam Lee]\n---\n" + CLAIM,
    })  # fmt: skip
    before = checked(".")
    result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("healthlint: wrote .healthlint.yaml (a Jekyll site; 7 articles to check)\n")
    assert "healthlint baseline" in result.stdout and "pre-commit" in result.stdout and "CI:" in result.stdout
    loaded = config.load(jekyll / ".healthlint.yaml")
    assert loaded.include_given and "_posts/**/*.md" in loaded.include and "/_layouts/" in loaded.exclude
    assert "/README.md" in loaded.exclude and "/index.md" not in loaded.exclude  # no prose today, perhaps tomorrow
    assert checked(".") == before  # the written config checks what discovery checked
    assert checked("README.md", "_layouts/default.html", "about.md") == {"about.md"}  # a hook's paths too
    registry = authors.load(jekyll / "authors.yaml")
    assert [(a.name, a.aliases, a.credentials) for a in registry] == [
        ("Jane Doe", ("Dr. Jane Doe",), ()),
        ("Sam Lee", (), ()),
    ]
    assert "credentials: []  # the bylines claim: RD" in (jekyll / "authors.yaml").read_text(encoding="utf-8")


def test_init_refuses_to_replace_a_config_unless_forced(jekyll: Path) -> None:
    (jekyll / ".healthlint.yaml").write_text("packs: [recommended]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("healthlint: error: .healthlint.yaml: a healthlint configuration exists already; "
                             "not overwritten (pass --force)\n")  # fmt: skip
    assert (jekyll / ".healthlint.yaml").read_text(encoding="utf-8") == "packs: [recommended]\n"
    forced = CliRunner().invoke(cli, ["init", "--force"])
    assert forced.exit_code == 0 and "include:" in (jekyll / ".healthlint.yaml").read_text(encoding="utf-8")


def test_init_in_a_folder_without_a_site_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, {"README.md": CLAIM, "articles/a.md": CLAIM})
    result = CliRunner().invoke(cli, ["init", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0 and "(no site generator; 1 article to check)" in result.stdout
    loaded = config.load(tmp_path / ".healthlint.yaml")
    assert not loaded.include_given and loaded.exclude == ("/README.md",)
    assert not (tmp_path / "authors.yaml").exists()  # no bylines, no stub


def test_the_next_steps_init_prints_work_on_its_config(jekyll: Path) -> None:
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    assert CliRunner().invoke(cli, ["baseline", "--no-cache"]).exit_code == 0
    written = (jekyll / ".healthlint.yaml").read_text(encoding="utf-8")
    assert "\n# baseline: .healthlint-baseline.json\n" in written
    (jekyll / ".healthlint.yaml").write_text(written.replace("# baseline:", "baseline:"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert result.exit_code == 0, result.output  # every finding known
    assert "in the baseline" in result.stderr
    make(jekyll, {"_posts/2024-01-01-new.md": "---\ntitle: New\n---\n\n" + CLAIM})
    assert checked() == {"_posts/2024-01-01-new.md"}  # only the new article's findings


def test_a_next_js_blog_and_an_astro_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, {
        **REPOSITORY,
        "clinic/next.config.js": "module.exports = {}\n",
        "clinic/pages/index.md": CLAIM,  # Next.js pages are code; a stray Markdown file there is no post
        "clinic/posts/sleep.md": "---\ntitle: Sleep\n---\n\n" + CLAIM,
        "clinic/posts/iron.mdx": "import Chart from '../components/Chart'\n\n" + CLAIM,
        "clinic/components/Chart.md": CLAIM,
        "astro/astro.config.mjs": "export default {}\n",
        "astro/src/content/blog/zinc.md": CLAIM,
        "astro/src/pages/about.mdx": CLAIM,
        "astro/src/pages/index.astro": "---\n---\n<p>" + CLAIM + "</p>\n",
        "astro/src/layouts/Base.md": CLAIM,
    })  # fmt: skip
    assert checked(".") == {"clinic/posts/sleep.md", "clinic/posts/iron.mdx", "astro/src/content/blog/zinc.md",
                            "astro/src/pages/about.mdx"}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("User-agent: *\nDisallow: /admin/\n", True),  # words the checker would read: skipped by name only
        ("---\ntitle: Home\nlayout: home\n---\n", False),
        ("+++\ntitle = 'Section'\n+++\n\n{{< section-list >}}\n", False),
        ("<div>{{ content }}</div>\n{% include footer.html %}\n", False),
        ("{Braces are text in Markdown}\n", True),  # the quick look skips braces; the parser reads them
        ("", False),
        ("# T\n", True),  # a heading is prose: a page with a title and front matter is still an article
        ("---\ntitle: x\n---\nA miracle.\n", True),
        ("Email us at team@example.org or see https://example.org. Thanks!\n", True),
    ],
)
def test_what_counts_as_prose(tmp_path: Path, text: str, prose: bool) -> None:
    from lint.layouts import has_prose

    (tmp_path / "page.md").write_text(text, encoding="utf-8")
    assert has_prose(tmp_path / "page.md") is prose


def test_files_it_cannot_sample_count_as_prose_and_reach_the_checker(tmp_path: Path) -> None:
    from lint.layouts import has_prose

    (tmp_path / "utf16.txt").write_bytes("Disallow: /x\n".encode("utf-16"))
    (tmp_path / "latin1.txt").write_bytes("Disallow: caf\xe9\n".encode("latin-1"))
    assert has_prose(tmp_path / "utf16.txt") and has_prose(tmp_path / "latin1.txt")


def test_markers_that_other_tools_share_need_the_generators_folders(tmp_path: Path) -> None:
    from lint.layouts import detect

    def layout(folder: Path) -> str | None:
        site = detect(folder)
        return site.layout.name if site else None

    make(tmp_path, {"config.toml": "[tool]\n", "next.config.mjs": "export default {}\n"})
    assert layout(tmp_path) == "Next.js"  # a config.toml alone is not Hugo
    make(tmp_path, {"theme.config.tsx": "export default {}\n"})
    assert layout(tmp_path) == "Nextra"
    make(tmp_path, {"plain/config.toml": "x = 1\n", "plain/content/a.md": CLAIM})
    assert layout(tmp_path / "plain") == "Hugo"
    assert layout(tmp_path / "plain" / "content") is None


def test_force_exclude_skips_named_files_a_walk_would_skip(jekyll: Path) -> None:
    named = ["README.md", "_layouts/default.html", ".github/ISSUE_TEMPLATE/bug.md", "node_modules/pkg/readme.md",
             "_sass/main.md", "robots.txt", "index.md", "about.md", "_posts/2023-05-01-turmeric.md"]  # fmt: skip
    assert checked("--force-exclude", *named) == {"about.md", "_posts/2023-05-01-turmeric.md"}
    assert checked(*named) >= {"README.md", "_layouts/default.html"}  # without it, named files are checked
    out = listed("--force-exclude", *named)
    row = next(line for line in out.splitlines() if "_layouts/default.html" in line)
    reason = "Jekyll templates, partials, assets or build output (_layouts/)"
    assert row.split(None, 2) == ["skip", "_layouts/default.html", reason]
