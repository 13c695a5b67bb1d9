"""Lines added to the rules, tests and fixtures that share a run of N words with a dev-set article.

usage: python tools/devset_copy_check.py [--base REV] [--words N] [--devset DIR] [PATH ...]

The labelled articles in ../shared/devset are third-party text and the measure of the rules'
judgement: a rule, example or fixture must never copy their wording (issue 13). This prints each
added line (since REV, default the merge base with main) that shares an N-word run (default 5)
with an article, and the article's id, so that the line can be rewritten in invented wording.
Short generic runs ("the Food and Drug Administration") will show up too: read, then judge.
Not a test: the project's tests never read ../shared.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    return WORD.findall(re.sub(r"\\[a-zA-Z]", " ", text.lower()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["rules", "tests", "fixtures"])
    parser.add_argument("--base", default="main")
    parser.add_argument("--words", type=int, default=5)
    parser.add_argument("--devset", type=Path, default=Path("../shared/devset/articles"))
    args = parser.parse_args()
    articles = {
        path.stem.split("-")[0]: " " + " ".join(words(path.read_text(encoding="utf-8", errors="replace"))) + " "
        for path in sorted(args.devset.glob("*"))
    }
    diff = subprocess.run(["git", "diff", args.base, "--", *args.paths], capture_output=True, text=True, check=True)
    current = ""
    for line in diff.stdout.splitlines():
        if line.startswith("+++ "):
            current = line[6:]
        elif line.startswith("+"):
            added = words(line[1:])
            runs = {" " + " ".join(added[i : i + args.words]) + " " for i in range(len(added) - args.words + 1)}
            shared = sorted({(run.strip(), name) for run in runs for name, text in articles.items() if run in text})
            if shared:
                print(f"{current}: {shared[:3]}  || {line[1:].strip()[:100]}")


if __name__ == "__main__":
    main()
