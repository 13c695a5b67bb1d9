"""YAML front matter: parsed metadata plus the source span of every top-level value.

Front matter is written by hand and often carelessly, and a bad value must not stop the article
from being checked: a scalar whose tag or look promises a type its text is not (`date:
2020-02-30`, `25:61:00`, `!!float abc`, `!!int 0b2`) stays text, which the checks read as they
read any string (a date rule reports "is not a date"); characters YAML refuses (NUL and other
controls) are read as spaces.
"""

from __future__ import annotations

import re
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
