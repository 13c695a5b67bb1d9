"""Site generators' layouts, as data: where a site keeps its articles and what is not an article.

A directory walk asks this module, for each file, whether it is an article: inside a detected
site only its content folders are; everywhere, repository files (README, LICENSE, ...), hidden
folders, dependencies, site-verification pages and files without prose are not. One `Layout`
per generator; adding one is one entry in `LAYOUTS`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch, translate
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Layout:
    name: str
    # the site is detected when every name of one of these sets is in its folder (globs; "x/" a folder)
    markers: tuple[tuple[str, ...], ...]
    content: tuple[str, ...]  # gitignore-style globs, relative to the site folder, where articles live
    templates: tuple[str, ...]  # folders of templates, partials, assets and build output: never walked
    types: tuple[str, ...]  # the suffixes of its articles (a `.txt` in `_posts/` is no post)
    # the content globs as the site's own configuration changes them (MkDocs' docs_dir, Hugo's contentDir)
    configured: Callable[[Path, tuple[str, ...]], tuple[str, ...]] | None = None


def _site_config(path: Path) -> Any:
    """A site's YAML or TOML configuration, or None when it cannot be read. Tags such as
    MkDocs' `!!python/name:` are read as plain values: only a folder name is wanted."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".toml":
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover - exercised on Python 3.10 only
                import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

            return tomllib.loads(text)
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        Loader.add_multi_constructor("", lambda loader, suffix, node: None)
        return yaml.load(text, Loader=Loader)  # a SafeLoader, unknown tags read as None
    except Exception:  # a site config healthlint cannot read keeps the generator's defaults
        return None


def _folder(value: Any) -> str | None:
    """A folder named in a site's config, as a glob relative to the site; None if it is not one."""
    if not isinstance(value, str) or not value.strip() or value.startswith(("/", "..")) or "\0" in value:
        return None
    return value.strip().strip("/").removeprefix("./") + "/"


def _first_config(site: Path, names: Sequence[str]) -> dict[str, Any]:
    for name in names:
        if (site / name).is_file():
            data = _site_config(site / name)
            return data if isinstance(data, dict) else {}
    return {}


def _mkdocs(site: Path, defaults: tuple[str, ...]) -> tuple[str, ...]:
    folder = _folder(_first_config(site, ("mkdocs.yml", "mkdocs.yaml")).get("docs_dir"))
    return (folder,) if folder else defaults


_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml")


def _hugo(site: Path, defaults: tuple[str, ...]) -> tuple[str, ...]:
    # a root config file, else the configuration directory's default environment (what Hugo reads)
    data = _first_config(site, (*_HUGO_CONFIGS, *(f"config/_default/{name}" for name in _HUGO_CONFIGS)))
    folder = _folder(data.get("contentDir", data.get("contentdir")))
    return (folder,) if folder else defaults


def _jekyll(site: Path, defaults: tuple[str, ...]) -> tuple[str, ...]:
    """Jekyll's collections (`_recipes/` for a `recipes` collection), under `collections_dir`."""
    data = _first_config(site, ("_config.yml", "_config.yaml"))
    base = _folder(data.get("collections_dir")) or ""
    collections = data.get("collections")
    names = [name for name in collections if isinstance(name, str)] if isinstance(collections, (dict, list)) else []
    folders = [folder for folder in (_folder(f"{base}_{name}") for name in names) if folder]
    moved = [f"{base}_posts/", f"{base}_drafts/"] if base else []
    return (*defaults, *moved, *folders)


_WEB_BUILD = ("public/", "static/", "dist/", "build/", "out/")
_JSX = (".md", ".mdx")  # the JavaScript generators' article types
LAYOUTS: tuple[Layout, ...] = (  # the first whose markers match wins: more specific entries first
    Layout(
        "Docusaurus",
        (("docusaurus.config.*",),),
        ("docs/", "blog/", "versioned_docs/", "src/pages/**/*.md", "src/pages/**/*.mdx"),
        ("src/components/", "src/theme/", "src/css/", "i18n/", *_WEB_BUILD),
        _JSX,
    ),
    Layout(
        "Nextra",
        (("next.config.*", "theme.config.*"), ("next.config.*", "pages/_meta.*"), ("next.config.*", "content/_meta.*")),
        ("pages/**/*.md", "pages/**/*.mdx", "content/", "app/**/*.mdx"),
        ("components/", "styles/", *_WEB_BUILD),
        _JSX,
    ),
    Layout(
        "Next.js",
        (("next.config.*",),),
        ("content/", "posts/", "_posts/", "blog/", "data/blog/"),
        ("components/", "styles/", *_WEB_BUILD),
        _JSX,
    ),
    Layout(
        "Astro",
        (("astro.config.*",),),
        ("src/content/", "src/pages/**/*.md", "src/pages/**/*.mdx"),
        ("src/components/", "src/layouts/", *_WEB_BUILD),
        _JSX,
    ),
    Layout(
        "Hugo",
        (
            ("hugo.toml",),
            ("hugo.yaml",),
            ("hugo.json",),
            ("config.toml", "content/"),
            ("config.yaml", "content/"),
            # the configuration directory (themes such as Docsy ship it): config/_default/hugo.toml
            ("config/_default/hugo.*",),
            ("config/_default/config.*", "content/"),
        ),
        ("content/",),
        ("layouts/", "themes/", "archetypes/", "assets/", "data/", "i18n/", "resources/", *_WEB_BUILD),
        (".md", ".markdown", ".html"),
        _hugo,
    ),
    Layout("MkDocs", (("mkdocs.yml",), ("mkdocs.yaml",)), ("docs/",), ("overrides/", "site/"), (".md",), _mkdocs),
    Layout(
        "Jekyll",
        (("_config.yml",), ("_config.yaml",)),
        ("_posts/", "_drafts/", "/*.md", "/*.markdown"),  # posts, drafts and the top-level pages
        ("_layouts/", "_includes/", "_sass/", "_data/", "_site/", "assets/", "vendor/"),
        (".md", ".markdown", ".html"),
        _jekyll,
    ),
)

# files every repository has and no reader reads as an article (compared without extension, any case)
REPOSITORY_FILES = frozenset(
    "readme license licence copying notice changelog changes history contributing code_of_conduct "
    "security support authors contributors codeowners funding".split()
)
# files a site serves to machines: crawlers' rules and search engines' ownership checks
SITE_FILES = ("robots.txt", "humans.txt", "ads.txt", "app-ads.txt", "security.txt", "llms.txt",
              "google*.html", "yandex_*.html", "pinterest-*.html", "baidu_verify_*.html")  # fmt: skip
DEPENDENCY_FOLDERS = frozenset({"node_modules", "bower_components", "__pycache__"})

# a folder holding none of these names is no site's root (a walk rules most folders out without I/O)
_FIRST_MARKERS = re.compile("|".join(translate(marker[0].split("/")[0]) for layout in LAYOUTS
                                     for marker in layout.markers))  # fmt: skip


@dataclass(frozen=True)
class Site:
    """A detected site: its generator, its folder, and the globs that say what is content there."""

    layout: Layout
    folder: Path
    content: tuple[str, ...]
    marker: str  # the file that gave it away, for messages

    def relative(self, path: Path) -> str:
        return os.path.relpath(path, self.folder).replace(os.sep, "/")

    def content_of(self, path: Path) -> str | None:
        """The content glob `path` is in (None: not an article of this site)."""
        if path.suffix.lower() not in self.layout.types:
            return None
        return first_match(self.content, self.relative(path))

    def include(self) -> list[str]:
        """The content as `include` globs of a config in the site's folder."""
        globs = []
        for pattern in self.content:
            globs += [f"{pattern}**/*{suffix}" for suffix in self.layout.types] if pattern.endswith("/") else [pattern]
        return globs


def detect(folder: Path, names: Collection[str] | None = None) -> Site | None:
    """The site whose root is `folder`, if a layout's markers are there. `names`: the folder's
    entries when the caller has listed them already (a walk)."""
    if names is not None and not any(_FIRST_MARKERS.match(name) for name in names):
        return None
    try:
        listed = set(names) if names is not None else set(os.listdir(folder))
    except OSError:
        return None
    for layout in LAYOUTS:
        for marker in layout.markers:
            found = [_present(folder, listed, name) for name in marker]
            if all(found):
                content = layout.configured(folder, layout.content) if layout.configured else layout.content
                return Site(layout, folder, content, str(found[0]))
    return None


def _present(folder: Path, listed: set[str], name: str) -> str | None:
    """The entry of `folder` that `name` (a glob, "x/" a folder, "x/y" below one) stands for."""
    if "/" in name.rstrip("/"):
        return next((p.relative_to(folder).as_posix() for p in sorted(folder.glob(name))), None)
    bare = name.rstrip("/")
    for entry in sorted(listed):
        if fnmatch(entry, bare) and (not name.endswith("/") or (folder / entry).is_dir()):
            return entry
    return None


def enclosing_site(folder: Path, root: Path) -> Site | None:
    """The site `folder` is in: detected there or in a parent, up to `root` when `folder` is below it.
    (Paths are made absolute, not resolved: a walk's paths below a symbolic link stay below it.)"""
    folder = Path(os.path.abspath(folder))
    root = Path(os.path.abspath(root))
    candidates = [folder, *folder.parents] if folder == root or root in folder.parents else [folder]
    for candidate in candidates:
        site = detect(candidate)
        if site is not None:
            return site
        if candidate == root:
            break
    return None


def repository_file(name: str) -> bool:
    return name.split(".", 1)[0].lower() in REPOSITORY_FILES


def site_file(name: str) -> bool:
    return any(fnmatch(name.lower(), pattern) for pattern in SITE_FILES)


def first_match(patterns: Sequence[str], relative: str) -> str | None:
    """The first of the gitignore-style `patterns` that matches `relative` (a posix path)."""
    return next((pattern for pattern in patterns if _spec(pattern).match_file(relative)), None)


@cache
def _spec(pattern: str) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([pattern])


# A quick look first: a letter outside front matter, tags and template syntax is prose (nearly
# every article); a file without one is parsed, and is no article only if the checker sees no prose.
_PROSE_SAMPLE = 65536
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\+\+\+|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_MARKUP = re.compile(r"<[^<>]*>|\{[^{}]*\}")  # each piece stops at the next opener: linear
_LETTER = re.compile(r"[^\W\d_]")


def has_prose(path: Path) -> bool:
    """Whether the checker would find prose in the file (`Document.has_prose`: a file without any
    reports nothing, so a walk skips it). Files that are not UTF-8 text, that are too long to
    sample or that do not parse count as prose: the checker reads them and says what is wrong."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_PROSE_SAMPLE + 1)
    except OSError:
        return True
    if len(raw) > _PROSE_SAMPLE or b"\0" in raw:
        return True
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return True
    if _LETTER.search(_MARKUP.sub(" ", _FRONT_MATTER.sub("", text, count=1))):
        return True
    from lint.markup import parse  # the checker's own test, asked of few files

    try:
        return parse(str(path), text).has_prose
    except Exception:  # bad front matter and the like: the checker's to report
        return True
