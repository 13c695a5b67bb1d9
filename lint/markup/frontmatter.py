"""Front matter (YAML, or Hugo's TOML): parsed metadata plus the source span of every top-level value.

Front matter is written by hand and often carelessly, and a bad value must not stop the article
from being checked: a scalar whose tag or look promises a type its text is not (`date:
2020-02-30`, `25:61:00`, `!!float abc`, `!!int 0b2`) stays text, which the checks read as they
read any string (a date rule reports "is not a date"); characters YAML refuses (NUL and other
controls) are read as spaces.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml

from lint.errors import InputError
from lint.yamlguards import guard_typed_scalars, refuse_deep_nesting

# libyaml's loader when PyYAML was built with it: five times faster, same nodes and marks
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# what YAML's reader refuses (its NON_PRINTABLE set); one character for one keeps every mark exact
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_VALUES = 100_000  # values after expanding aliases ("billion laughs" grows far past this)


class _Loader(_Base):  # type: ignore[misc]  # (PyYAML types the C loader loosely)
    pass


guard_typed_scalars(_Loader, lambda loader, node: loader.construct_scalar(node))  # the text, as written


def parse(path: str, text: str, offset: int, line_offset: int) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Parse front-matter YAML that starts at `offset` (line `line_offset` + 1) of the article."""
    text = _NON_PRINTABLE.sub(" ", text)
    loader = _Loader(text)
    try:
        refuse_deep_nesting(text)
        node = loader.get_single_node()  # the nodes carry each value's span
        if node is not None and "*" in text and _expands_past(node, MAX_VALUES):
            raise yaml.MarkedYAMLError(None, None, f"aliases expand it to more than {MAX_VALUES:,} values",
                                       node.start_mark)  # fmt: skip
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + line_offset + 1}:{mark.column + 1}" if mark else path
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{where}: front matter is not valid YAML: {problem}") from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise InputError(f"{path}:{line_offset + 1}:1: front matter must be a mapping of keys to values")
    spans = {
        str(key.value): (offset + value.start_mark.index, offset + value.end_mark.index)
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return {str(k): v for k, v in data.items()}, spans


# a top-level `key = value` line of TOML: the value's span is what follows the equals sign
_TOML_KEY = re.compile(
    r"""^[ \t]*("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)[ \t]*=[ \t]*([^\n]*?)[ \t]*(?:#[^\n"']*)?$""", re.M
)
_TOML_TABLE = re.compile(r"^[ \t]*\[", re.M)
_TOML_AT = re.compile(r" \(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


def parse_toml(
    path: str, text: str, offset: int, line_offset: int
) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Parse TOML front matter (Hugo's `+++` block) that starts at `offset` (line `line_offset` + 1).
    Spans are found for the top-level `key = value` lines before the first table."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))  # "... (at line 2, column 14)"
        where = f"{path}:{int(at.group(1)) + line_offset}:{at.group(2)}" if at and at.group(1) else path
        raise InputError(f"{where}: front matter is not valid TOML: {_TOML_AT.sub('', str(exc))}") from None
    table = _TOML_TABLE.search(text)
    top = text[: table.start()] if table else text
    spans = {}
    for match in _TOML_KEY.finditer(top):
        key = match.group(1).strip("\"'")
        if key in data and match.group(2):
            spans[key] = (offset + match.start(2), offset + match.end(2))
    return dict(data), spans


# a top-level `"key": value` line of JSON front matter: the value's span runs to the line's end
_JSON_KEY = re.compile(r'^[ \t]{0,4}"([^"\n]+)"[ \t]*:[ \t]*([^\n]*?)[ \t]*,?[ \t]*$', re.M)


def json_end(source: str) -> int:
    """Where JSON front matter ends: a file that opens with `{` on a line of its own (Hugo's
    convention) and a closing `}` on a line of its own; 0 when there is none."""
    if not (source.startswith("{\n") or source.startswith("{\r\n")):
        return 0
    close = re.search(r"^\}[ \t]*$", source, re.M)
    return close.end() if close else 0


def parse_json(path: str, text: str) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Parse JSON front matter (`text` opens the file); spans of the top-level values that fit on
    their line."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        where = f"{path}:{exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else path
        raise InputError(f"{where}: front matter is not valid JSON: {getattr(exc, 'msg', exc)}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}:1:1: front matter must be a mapping of keys to values")
    spans = {
        match.group(1): (match.start(2), match.end(2)) for match in _JSON_KEY.finditer(text) if match.group(1) in data
    }
    return data, spans


def _expands_past(root: yaml.Node, limit: int) -> bool:
    """Whether the document has more than `limit` values once aliases are expanded (a cycle has
    infinitely many). Stops counting at the limit, so it costs at most `limit` steps."""
    stack, count = [root], 0
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(node, yaml.MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False
