"""--jobs, the result cache and --shard change how the work is done, never what is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli

ARTICLES = [
    "# Turmeric\n\nTurmeric is a miracle. It is generally safe.\n",
    "Clean text with a source [1].\n",
    "It is generally safe, they say.\n\nA miracle!\n",
    "---\ntitle: x\n---\nNothing to see.\n",
]


@pytest.fixture
def corpus(project: Path) -> Path:
    for n in range(40):
        folder = project / "articles" / f"part-{n % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"a{n:02d}.md").write_text(ARTICLES[n % len(ARTICLES)] * (1 + n % 5), encoding="utf-8")
    return project


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args, "articles"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def test_jobs_give_identical_output(corpus: Path) -> None:
    serial = run("--jobs", "1", "--no-cache")
    assert run("--jobs", "2", "--no-cache") == serial
    assert run("--jobs", "3", "--no-cache") == serial
    assert serial.count('"rule"') > 40


def test_the_result_cache_gives_identical_output(corpus: Path) -> None:
    fresh = run("--no-cache")
    first = run()  # fills the cache, from worker processes
    assert (corpus / ".healthlint_cache" / "CACHEDIR.TAG").is_file()
    articles = [p for p in (corpus / "articles").rglob("*") if p.is_file()]
    assert len(list((corpus / ".healthlint_cache" / "results").glob("*.entry"))) == len(articles)
    assert run() == first == fresh  # read from the cache


def test_the_cache_notices_changed_articles_and_selections(corpus: Path) -> None:
    run()
    article = corpus / "articles" / "part-0" / "a00.md"
    article.write_text("Now a new miracle here.\n", encoding="utf-8")
    assert '"path": "articles/part-0/a00.md", "line": 1, "column": 11' in run()
    assert '"house.safe"' not in run("--select", "house.miracle")


def test_a_cache_that_cannot_be_written_is_ignored(corpus: Path) -> None:
    (corpus / ".healthlint_cache").write_text("not a directory", encoding="utf-8")
    assert run() == run("--no-cache")


def test_shards_partition_the_files(corpus: Path) -> None:
    def files(*args: str) -> set[str]:
        result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", *args, "articles"])
        import json

        return {f["path"] for f in json.loads(result.stdout)}

    everything = files()
    parts = [files("--shard", f"{k}/3") for k in (1, 2, 3)]
    assert set().union(*parts) == everything
    assert sum(len(p) for p in parts) == len(everything)
    assert all(parts)


def test_bad_shard_is_a_usage_error(corpus: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--shard", "4/3", "articles"])
    assert result.exit_code == 2 and "K must be between 1 and N" in result.stderr


def test_a_pattern_travels_with_its_compiled_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    import regex

    from lint import cache
    from lint.checks.base import Pattern

    stored = pickle.dumps(Pattern(r"\bmiracle\s+cures?\b", regex.IGNORECASE))  # as the rule cache stores it

    def compiled_again(source: str, flags: int) -> tuple[object, bytes | None]:
        raise AssertionError(f"compiled again: {source}")

    monkeypatch.setattr(cache, "compile_pattern", compiled_again)
    rebuilt = pickle.loads(stored).compiled  # a later process
    assert [m.group() for m in rebuilt.finditer("A Miracle cure, a miracle  CURES.", timeout=1)] == [
        "Miracle cure",
        "miracle  CURES",
    ]


def test_damaged_compiled_code_is_compiled_afresh() -> None:
    import pickle

    import regex

    from lint.checks.base import Pattern

    source, flags, screen, never_empty, shared, _ = Pattern("cure", regex.IGNORECASE).__getstate__()
    damaged = Pattern.__new__(Pattern)
    damaged.__setstate__((source, flags, screen, never_empty, shared, pickle.dumps(("not", "opcodes"))))
    assert damaged.compiled.search("CURE") is not None


def test_the_separate_pattern_file_of_earlier_releases_is_removed(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "user-cache"))  # the rule set is stored afresh
    retired = tmp_path / "user-cache" / "regex-2026.5.9-py3.11.pickle"
    retired.parent.mkdir()
    retired.write_bytes(b"2 MB of opcodes")
    result = CliRunner().invoke(cli, ["check", "--no-cache", str(project)])
    assert result.exit_code in (0, 1) and not retired.exists()


def test_the_cache_notices_a_changed_vocabulary(project: Path) -> None:
    words = project / "house-vocabularies"
    words.mkdir()
    vocabulary = words / "tonic.yaml"
    vocabulary.write_text("description: Tonics.\nsource: test\ninflect: noun\nterms: [elixir]\n", encoding="utf-8")
    rules = project / "house" / "tonic.yaml"
    rules.write_text(
        "- id: house.tonic\n  kind: existence\n  category: other\n  severity: warning\n  message: m\n  hint: h\n"
        "  source: {title: t, url: 'https://example.org'}\n  docs: d\n  phrases: ['{tonic}']\n"
        "  examples: {bad: [An elixir., Elixirs.], good: [Water., Tea.]}\n",
        encoding="utf-8",
    )
    (project / ".healthlint.yaml").write_text(
        "packs: []\nrules: [house/]\nvocabulary_paths: [house-vocabularies/]\n", encoding="utf-8"
    )
    (project / "articles" / "tonic.md").write_text("A potion and an elixir.\n", encoding="utf-8")
    assert run().count('"house.tonic"') == 1
    vocabulary.write_text(
        "description: Tonics.\nsource: test\ninflect: noun\nterms: [elixir, potion]\n", encoding="utf-8"
    )
    assert run().count('"house.tonic"') == 2  # not the cached findings of the old vocabulary
