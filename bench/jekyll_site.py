"""A synthetic Jekyll blog, as a new user's repository looks: posts from bench/corpus.py plus the
files every Jekyll site has (config, layouts, includes, README, LICENSE, robots.txt, a verification page).

usage: python bench/jekyll_site.py OUT_DIR [--posts 300] [--size 6000] [--seed 1]

Then, from OUT_DIR: `healthlint check --list-files` and `time healthlint check .`.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from corpus import article  # type: ignore[import-not-found]

SITE_FILES = {
    "_config.yml": "title: Eat Well Daily\nurl: https://eatwell.example\ntheme: minima\nplugins: [jekyll-feed]\n",
    "Gemfile": "source 'https://rubygems.org'\ngem 'jekyll', '~> 4.3'\n",
    "README.md": "# Eat Well Daily\n\nThe blog's source. Run `bundle exec jekyll serve` and open http://localhost:4000.\n"
    "Posts go in `_posts/`; drafts in `_drafts/`. Every post needs a date and an author.\n",
    "LICENSE.md": "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy.\n",
    "CONTRIBUTING.md": "# Contributing\n\nOpen a pull request; an editor reviews every health claim.\n",
    "robots.txt": "User-agent: *\nDisallow: /drafts/\nSitemap: https://eatwell.example/sitemap.xml\n",
    "google5f3a9c1d2e7b8a60.html": "google-site-verification: google5f3a9c1d2e7b8a60.html\n",
    "index.md": "---\nlayout: home\n---\n",
    "about.md": "---\nlayout: page\ntitle: About\n---\n\nEat Well Daily is written by registered dietitians and "
    "reviewed by a physician. We explain what the evidence says about food and supplements.\n",
    "404.html": "---\npermalink: /404.html\nlayout: default\n---\n\n<h1>404</h1>\n\n<p>Page not found :(</p>\n",
    "_layouts/default.html": "<!DOCTYPE html>\n<html>{% include head.html %}<body>{{ content }}"
    "{% include footer.html %}</body></html>\n",
    "_layouts/post.html": "---\nlayout: default\n---\n<article><h1>{{ page.title }}</h1>"
    "<p>By {{ page.author }}</p>{{ content }}</article>\n",
    "_includes/head.html": "<head><title>{{ page.title }}</title></head>\n",
    "_includes/footer.html": "<footer><p>Information on this site is not medical advice. Always talk to your "
    "doctor before starting a supplement.</p></footer>\n",
    "_includes/newsletter.html": "<aside><p>Join 20,000 readers: our weekly letter on food and health.</p></aside>\n",
    "_sass/main.scss": "body { font-family: sans-serif; }\n",
    ".github/workflows/pages.yml": "on: push\njobs: {}\n",
    ".github/PULL_REQUEST_TEMPLATE.md": "Describe the change. Are the claims sourced?\n",
}
_DATE = re.compile(r"^date: (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--size", type=int, default=6000, help="approximate characters per post")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for name, text in SITE_FILES.items():
        path = args.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (args.out / "_posts").mkdir(exist_ok=True)
    for number in range(args.posts):
        text = article(rng, args.size, number)
        date = _DATE.search(text).group(1)  # type: ignore[union-attr]
        if number % 2:  # half the posts are dated by their file name only, as Jekyll allows
            text = _DATE.sub("layout: post", text, count=1)
        if number % 3 == 0:
            text += "\n{% include newsletter.html %}\n"
        (args.out / "_posts" / f"{date}-post-{number:03d}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
