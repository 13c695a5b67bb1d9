"""YAML front matter: parsed metadata plus the source span of every top-level value."""

from __future__ import annotations

from typing import Any

import yaml

from lint.errors import InputError

# libyaml's loader when PyYAML was built with it: five times faster, same nodes and marks
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(path: str, text: str, offset: int, line_offset: int) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Parse front-matter YAML that starts at `offset` (line `line_offset` + 1) of the article."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()  # the nodes carry each value's span
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
