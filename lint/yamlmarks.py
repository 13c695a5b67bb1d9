"""Safe YAML loading that remembers where every key and value came from.

Rule and config errors point at file:line:column, so loaded mappings are MarkedDicts that
carry the position of each key and value. Only the safe loader is used: Python object
tags are refused, and aliases are refused outright (rule files never need them, and they
are how "billion laughs" documents grow).
"""

from __future__ import annotations

import os
import stat
from typing import Any

import yaml

from lint.errors import RuleFileError
from lint.yamlguards import guard_typed_scalars, refuse_as_invalid, refuse_deep_nesting

MAX_FILE_BYTES = 2_000_000


class MarkedDict(dict[str, Any]):
    """A mapping that knows the (line, column) of itself, its keys and its values (1-based)."""

    position: tuple[int, int] = (1, 1)
    key_positions: dict[str, tuple[int, int]]
    value_positions: dict[str, tuple[int, int]]


class MarkedList(list[Any]):
    position: tuple[int, int] = (1, 1)
    item_positions: list[tuple[int, int]]


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


# libyaml's parser when PyYAML was built with it (several times faster); the constructor,
# which records positions, is Python either way.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _MarkedLoader(_SafeLoader):  # type: ignore[misc]  # (PyYAML types the C loader loosely)
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> MarkedDict:
        result = MarkedDict()
        result.position = _pos(node)
        result.key_positions, result.value_positions = {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise yaml.MarkedYAMLError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.key_positions[key] = _pos(key_node)
            result.value_positions[key] = _pos(value_node)
        return result

    def construct_marked_sequence(self, node: yaml.SequenceNode) -> MarkedList:
        result = MarkedList(self.construct_object(child, deep=True) for child in node.value)
        result.position = _pos(node)
        result.item_positions = [_pos(child) for child in node.value]
        return result


_MarkedLoader.add_constructor("tag:yaml.org,2002:map", _MarkedLoader.construct_mapping)
_MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _MarkedLoader.construct_marked_sequence)
guard_typed_scalars(_MarkedLoader, refuse_as_invalid)


def load(path: str, text: str | None = None) -> Any:
    """Load one YAML file with positions; any problem is a RuleFileError naming the place."""
    if text is None:
        raw = read_limited(path)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RuleFileError(path, f"not valid UTF-8 (byte {exc.start})") from None
    loader = _MarkedLoader(text)
    try:
        refuse_deep_nesting(text)
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise RuleFileError(path, problem, mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise RuleFileError(path, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def read_limited(path: str) -> bytes:
    """A rule, pack or config file's bytes. Only a regular file of at most MAX_FILE_BYTES is read:
    a device such as /dev/zero, a FIFO or a directory is refused, and the file is opened without
    blocking, so a FIFO put in its place after the check cannot hang the run."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise RuleFileError(path, "not a regular file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise RuleFileError(path, "not a regular file")
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RuleFileError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise RuleFileError(path, f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB; refusing to load it")
    return raw


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias makes two places share one node: find any node reached twice (each node is
    visited once, so a "billion laughs" document costs no more than its text)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.MarkedYAMLError(
                None, None, "YAML aliases are not allowed in rule or config files", node.start_mark
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def position_of(data: Any, path: list[str | int]) -> tuple[int, int]:
    """The position of the value at a key path, or of the nearest ancestor that has one."""
    position = getattr(data, "position", (1, 1))
    node = data
    for key in path:
        if isinstance(node, MarkedDict) and isinstance(key, str) and key in node:
            position = node.value_positions[key]
            node = node[key]
        elif isinstance(node, MarkedList) and isinstance(key, int) and 0 <= key < len(node):
            position = node.item_positions[key]
            node = node[key]
        else:
            break
    return position
