"""A deterministic corpus of health articles for benchmarks: the same seed, the same bytes.

usage: python bench/corpus.py OUT_DIR [--articles 2000] [--size 12500] [--seed 1] [--single]

Articles mix what real health content has: front matter, headings, paragraphs, lists,
links, footnotes, code, tables, and the claims, dosage advice, testimonials and credential
claims the rule packs look for, at realistic densities.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TOPICS = ["turmeric", "magnesium", "vitamin D", "ashwagandha", "melatonin", "kratom", "CBD oil", "fish oil",
          "probiotics", "zinc", "elderberry", "creatine", "ginkgo", "St John's wort", "collagen"]  # fmt: skip
CONDITIONS = ["migraine", "arthritis", "insomnia", "anxiety", "high blood pressure", "type 2 diabetes", "eczema",
              "depression", "joint pain", "fatigue", "acid reflux", "IBS"]  # fmt: skip
NEUTRAL = [
    "{Topic} is sold in capsules, powders and teas, and labels vary in how much of the active compound they contain.",
    "Researchers measure outcomes such as pain scores, sleep latency and quality of life over several weeks.",
    "The body absorbs {topic} better with food, and absorption differs from person to person.",
    "Most people meet their needs through diet, and blood tests can show whether a deficiency is present.",
    "A randomised trial compares an active product with a placebo; neither side knows who received which.",
    "Side effects reported in trials include stomach upset, headache and changes in sleep.",
    "Pharmacists can check whether {topic} interacts with blood thinners, antidepressants or diabetes medicines.",
    "Guidelines from national health bodies are updated as new evidence is published.",
    "Quality varies between brands, and independent testing programmes check products for contaminants.",
    "People with kidney or liver disease may process {topic} differently.",
    "The evidence for {topic} in {condition} comes mostly from small studies of a few weeks [1].",
    "A 2021 systematic review (Smith et al., 2021) pooled twelve trials with mixed results.",
    "See the [NIH fact sheet](https://ods.od.nih.gov/factsheets/) for intake recommendations.",
]
CLAIMS = [
    "{Topic} is generally safe for most adults.",
    "Studies show that {topic} can relieve {condition} within days.",
    "Research suggests that {topic} may reduce inflammation.",
    "{Topic} is a natural remedy, so it has no side effects.",
    "Many readers found that {topic} cured their {condition} completely.",
    "Take 500 mg of {topic} twice daily with meals.",
    "Start with low doses and adjust your dose as needed.",
    "Doctors recommend {topic} for anyone with {condition}.",
    "Dr. Alex Morgan is a renowned expert who has published numerous scientific articles.",
    "This clinically proven formula is a breakthrough for {condition}.",
    "One study published in the Journal of Integrative Health found striking benefits.",
    "People suffering from {condition} often turn to {topic}.",
]
HEADINGS = [
    "What is {topic}?", "How {topic} works", "Benefits for {condition}", "Risks and side effects", "How much to take",
    "What the research says", "Who should avoid {topic}", "Frequently asked questions",
]  # fmt: skip


def sentence(rng: random.Random, claim_rate: float) -> str:
    template = rng.choice(CLAIMS if rng.random() < claim_rate else NEUTRAL)
    topic, condition = rng.choice(TOPICS), rng.choice(CONDITIONS)
    return template.format(topic=topic, Topic=topic[:1].upper() + topic[1:], condition=condition)


def article(rng: random.Random, size: int, number: int) -> str:
    topic = rng.choice(TOPICS)
    parts = [
        "---",
        f'title: "{topic.title()} and {rng.choice(CONDITIONS)}: what the evidence says"',
        f"author: Writer {number % 97}",
        f"date: 20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "---",
        "",
        f"# {topic.title()}: a guide",
        "",
    ]
    length = sum(len(p) + 1 for p in parts)
    while length < size:
        roll = rng.random()
        if roll < 0.12:
            block = "## " + rng.choice(HEADINGS).format(topic=topic, condition=rng.choice(CONDITIONS))
        elif roll < 0.22:
            block = "\n".join(f"- {sentence(rng, 0.15)}" for _ in range(rng.randint(2, 5)))
        elif roll < 0.25:
            block = "```\nserving_size: 2 capsules\n```"
        elif roll < 0.27:
            block = f"| Form | Typical dose |\n|---|---|\n| capsule | {rng.randint(1, 9)}00 mg |"
        elif roll < 0.30:
            block = "> " + sentence(rng, 0.3)
        else:
            block = " ".join(sentence(rng, 0.12) for _ in range(rng.randint(2, 6)))
        parts += [block, ""]
        length += len(block) + 2
    parts += ["## References", "", "[1]: https://pubmed.ncbi.nlm.nih.gov/", ""]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--size", type=int, default=12_500, help="approximate characters per article")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--single", action="store_true", help="one article of articles*size characters")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.single:
        (args.out / "single.md").write_text(article(rng, args.articles * args.size, 0), encoding="utf-8")
        return
    for number in range(args.articles):
        folder = args.out / f"section-{number % 20:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"article-{number:05d}.md").write_text(article(rng, args.size, number), encoding="utf-8")


if __name__ == "__main__":
    main()
