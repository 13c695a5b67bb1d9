"""Guards for YAML someone else wrote (rule files, configs, front matter), used by every loader.

A nesting limit checked before anything is composed: libyaml's composer recurses in C once per
level, so a document nested some ten thousand levels deep overflows the stack and kills the
process, and Python's constructors reach the recursion limit a few hundred levels down. No real
rule file, config or front matter nests more than a handful of levels.

Typed scalars whose text is not of their type (`2020-02-30`, `25:61:00`, `!!float abc`, `!!int
0b2`, `!!bool maybe`): PyYAML's constructors raise ValueError and its kin for them, not a
YAMLError, so each loader says what becomes of them instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

MAX_DEPTH = 100
_KINDS = {"bool": "boolean", "int": "integer", "float": "number", "timestamp": "date"}  # by YAML tag

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Constructor = Callable[[Any, yaml.Node], Any]


def refuse_deep_nesting(text: str) -> None:
    """Raise a yaml.MarkedYAMLError at the first collection nested more than MAX_DEPTH levels deep."""
    if sum(map(text.count, "[{-?:")) <= MAX_DEPTH:  # every level needs one of these characters
        return
    parser = _Parser(text)
    depth = 0
    try:
        # the parser keeps its own stack, so reading events is safe at any depth
        while (event := parser.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark: Any = event.start_mark  # (libyaml's marks are typed apart from PyYAML's)
                    raise yaml.MarkedYAMLError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()


def guard_typed_scalars(loader_class: Any, not_of_its_type: Constructor) -> None:
    """Give `loader_class` constructors for booleans, numbers and timestamps that call
    `not_of_its_type(loader, node)` when the scalar's text is not of its type."""

    def guarded(construct: Constructor) -> Constructor:
        def construct_or_fallback(loader: Any, node: yaml.Node) -> Any:
            try:
                return construct(loader, node)
            except (ValueError, ArithmeticError, LookupError, AttributeError):
                return not_of_its_type(loader, node)

        return construct_or_fallback

    for name in _KINDS:
        tag = f"tag:yaml.org,2002:{name}"
        loader_class.add_constructor(tag, guarded(loader_class.yaml_constructors[tag]))


def refuse_as_invalid(loader: Any, node: yaml.Node) -> Any:
    """A `not_of_its_type` for files that must be right: an error at the value."""
    kind = _KINDS[node.tag.rsplit(":", 1)[-1]]
    raise yaml.MarkedYAMLError(None, None, f"{node.value!r} is not a valid {kind}", node.start_mark)
