"""healthlint's speed and memory, with proselint measured in the same run on the same corpus.

usage: python bench/run.py [--articles 400] [--repeat 3] [--proselint PATH] [--out DIR] [--checkout DIR]

Prints figures only; nothing here asserts a time. Each measurement is a whole process, as a
user runs it. `--articles 2000` is the issue's 25 MB corpus; the default is smaller so that a
run takes minutes, not half an hour, at today's speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py beside this script)


def generate(out: Path, articles: int, size: int = 12_500, single: bool = False) -> Path:
    if not out.exists():
        argv = [sys.executable, str(HERE / "corpus.py"), str(out), "--articles", str(articles), "--size", str(size)]
        subprocess.run([*argv, *(["--single"] if single else [])], check=True)
    return out


def megabytes(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


# Installed packages carry compiled bytecode; an environment that forbids writing it would
# make every run recompile healthlint's modules, which no user's hook does.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def own_cache(out: Path) -> None:
    """healthlint's compiled rules and patterns in a directory of the benchmark's own (warmed by
    its first run), as a user's steady state: a shared one holds whatever other versions and
    rule sets put there (another checkout's patterns made every run read 11 MB)."""
    if "HEALTHLINT_CACHE_DIR" not in os.environ:
        home = out / "healthlint-cache"
        home.mkdir(parents=True, exist_ok=True)
        home.chmod(0o700)
        ENV["HEALTHLINT_CACHE_DIR"] = str(home)


def timed(argv: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def median_of(runs: int, argv: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS over several runs (shared machines are noisy)."""
    return interleaved(runs, argv, cwd=cwd)[0]


def interleaved(runs: int, *argvs: list[str], cwd: Path | None = None) -> list[tuple[float, float]]:
    """`median_of` for several commands, run in turns: a ratio between them is then measured
    under the same load, however the machine's speed drifts during the benchmark."""
    results: list[list[tuple[float, float]]] = [[] for _ in argvs]
    for _ in range(runs):
        for argv, taken in zip(argvs, results, strict=True):
            taken.append(timed(argv, cwd))
    return [(statistics.median(s for s, _ in taken), max(r for _, r in taken)) for taken in results]


def healthlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "lint", "check", "--no-config", "--quiet", *args]


def article_for(out: Path) -> Path:
    article = out / "one-article.md"
    article.write_text(corpus.article(corpus.random.Random(7), 10_000, 0), encoding="utf-8")
    return article


def row(label: str, value: str) -> None:
    print(f"  {label:<58} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--proselint", default=shutil.which("proselint"), help="proselint executable")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "healthlint-bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs per healthlint measurement (median)")
    parser.add_argument(
        "--checkout",
        type=Path,
        default=HERE.parent,
        help="the healthlint source tree to measure (default: the one holding this script)",
    )
    args = parser.parse_args()
    # every healthlint run imports this tree's code, whatever its working directory (the cache
    # re-run works inside a copy of the corpus, where `-m lint` found whatever was installed)
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.checkout.resolve()), os.environ.get("PYTHONPATH")]))
    repeat = max(args.repeat, 1)
    out = args.out
    own_cache(out)
    base = generate(out / f"corpus-{args.articles}", args.articles)
    size = megabytes(base)
    print(f"corpus: {args.articles} articles, {size:.1f} MB (bench/corpus.py, seed 1); {os.cpu_count()} cores")

    timed(healthlint("--no-cache", str(article_for(out))))  # warm the rule cache and bytecode first
    small = generate(out / f"corpus-{max(args.articles // 4, 1)}", max(args.articles // 4, 1))
    single = generate(out / f"single-{args.articles // 4}", max(args.articles // 4, 1), single=True)
    cores = os.cpu_count() or 1

    print(f"\nThroughput (whole process, recommended packs, no cache; median of {repeat}, runs taken in turns)")
    (one, rss), (many, _), (quarter, quarter_rss), (big, _) = interleaved(
        repeat,
        healthlint("--jobs", "1", "--no-cache", str(base)),
        healthlint("--jobs", str(cores), "--no-cache", str(base)),
        healthlint("--jobs", "1", "--no-cache", str(small)),
        healthlint("--jobs", "1", "--no-cache", str(single)),
    )
    row("healthlint --jobs 1", f"{size / one:6.2f} MB/s  ({one:.1f} s, peak {rss:.0f} MB)")
    row(f"healthlint --jobs {cores}", f"{size / many:6.2f} MB/s  ({many:.1f} s, {one / many:.2f}x of --jobs 1)")
    if args.proselint:
        prose, prose_rss = timed([args.proselint, "check", *map(str, sorted(base.rglob("*.md")))])
        row("proselint check (same corpus)", f"{size / prose:6.2f} MB/s  ({prose:.1f} s, peak {prose_rss:.0f} MB)")
        row("healthlint --jobs 1 / proselint", f"{prose / one:6.2f}x")

    print("\nCache (a second run over the unchanged corpus)")
    cache_home = out / "cache-run"
    shutil.rmtree(cache_home, ignore_errors=True)
    shutil.copytree(base, cache_home)
    first, _ = timed(healthlint(str(cache_home)), cwd=cache_home)
    second, _ = median_of(repeat, healthlint(str(cache_home)), cwd=cache_home)
    row("first run / re-run", f"{first:.1f} s / {second:.2f} s = {first / second:.1f}x faster")

    print("\nOne 10 KB article, as a pre-commit hook runs it (a changed file: no result cache; median of 11)")
    article = article_for(out)
    latency, _ = median_of(11, healthlint("--no-cache", str(article)))
    bare, _ = median_of(11, [sys.executable, "-c", "pass"])
    imports, _ = median_of(11, [sys.executable, "-c", "import click, yaml, regex"])
    row("healthlint check one-article.md", f"{latency * 1000:6.0f} ms")
    row("python -c pass", f"{bare * 1000:6.0f} ms")
    row("python -c 'import click, yaml, regex'", f"{imports * 1000:6.0f} ms")
    if args.proselint:
        prose_one, _ = median_of(11, [args.proselint, "check", str(article)])
        row("proselint check one-article.md", f"{prose_one * 1000:6.0f} ms")

    print("\nMemory and scaling")
    row("peak RSS over the corpus, --jobs 1", f"{rss:6.0f} MB")
    row("time for 4x the corpus / time for 1x", f"{one / quarter:6.2f}  (peak RSS {quarter_rss:.0f} MB at 1x)")
    row(f"one {megabytes(single):.1f} MB article: speed per MB vs many small",
        f"{(megabytes(single) / big) / (megabytes(small) / quarter):6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
