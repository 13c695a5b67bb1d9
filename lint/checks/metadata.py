"""metadata: front-matter fields that must exist, match a format, or be recent.

    kind: metadata
    fields: [last_reviewed, date_modified, updated, date]   # any of these
    max_age: 24 months
    text_patterns: ['(?i)last reviewed:?\\s+(?P<date>\\w+ \\d{1,2}, \\d{4})']

Findings about a missing field cover the whole document; findings about a bad or old
value point at the value in the front matter (or at the matching text in the body).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from typing import Any

from lint.checks.base import BuildContext, Environment, Hit, compile_alternation, finditer, remaining_seconds
from lint.markup.document import Document

KEYS = ("fields", "required", "pattern", "max_age", "text_patterns")

_AGE = re.compile(r"^(\d+)\s*(day|week|month|year)s?$")
_DAYS_PER_UNIT = {"day": 1, "week": 7, "month": 30.4375, "year": 365.25}
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y-%m",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %Y",
    "%b %Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%m/%d/%Y",
    "%Y",
)


def parse_date(value: Any) -> datetime.date | None:
    """A date from a YAML value or a human-written string; None when it is not one."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = " ".join(str(value).replace(".", "").split()).strip()
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"([+-]\d\d:?\d\d|\.\d+)$", "", text)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


REPORTS_ABSENCE = True  # what it reports is missing from the article (see lint.overlap)


class Metadata:
    trigger = None  # front matter has no anchors: the check always runs

    def __init__(self, spec: Mapping[str, Any], context: BuildContext) -> None:
        self.fields = [f.lower() for f in spec["fields"]]
        self.required = bool(spec.get("required", True))
        self.pattern = (
            compile_alternation({"patterns": [spec["pattern"]]}, True, (), context, ["pattern"])
            if "pattern" in spec
            else None
        )
        self.max_age_days: float | None = None
        self.max_age = spec.get("max_age", "")
        if self.max_age:
            amount, unit = _AGE.match(self.max_age).groups()  # type: ignore[union-attr]  # schema-checked
            self.max_age_days = int(amount) * _DAYS_PER_UNIT[unit]
        self.text = (
            compile_alternation({"patterns": spec["text_patterns"]}, False, (), context, ["text_patterns"])
            if spec.get("text_patterns")
            else None
        )

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        keys = {k.lower(): k for k in doc.metadata}
        present = [keys[f] for f in self.fields if f in keys and doc.metadata[keys[f]] not in (None, "")]
        if present:
            key = present[0]
            start, end = doc.metadata_spans.get(key, (None, None))
            yield from self._check_value(doc.metadata[key], key, start, end, env)
            return
        match = self._in_text(doc)
        if match is not None:
            if self.max_age_days is not None and match.groupdict().get("date"):
                yield from self._check_value(
                    match.group("date"), self.fields[0], match.start("date"), match.end("date"), env
                )
            return
        if self.required:
            yield Hit(None, None, {"field": self.fields[0], "fields": ", ".join(self.fields)})

    def _in_text(self, doc: Document) -> Any:
        if self.text is None or not doc.blocks:
            return None
        return next(finditer(self.text, doc.masked, 0, len(doc.masked)), None)

    def _check_value(self, value: Any, key: str, start: int | None, end: int | None, env: Environment) -> Iterator[Hit]:
        values = {"field": key, "value": str(value), "max_age": self.max_age}
        if self.pattern is not None and not self.pattern.compiled.fullmatch(str(value), timeout=remaining_seconds()):
            yield Hit(start, end, {**values, "problem": "does not have the expected format"})
            return
        if self.max_age_days is None:
            return
        date = parse_date(value)
        if date is None:
            yield Hit(start, end, {**values, "problem": "is not a date"})
        elif (env.today - date).days > self.max_age_days:
            years = (env.today - date).days / 365.25
            age = f"{years:.1f} years" if years >= 1 else f"{(env.today - date).days} days"
            yield Hit(start, end, {**values, "age": age, "problem": f"is {age} old (more than {self.max_age})"})


def build(spec: Mapping[str, Any], context: BuildContext) -> Metadata:
    return Metadata(spec, context)
