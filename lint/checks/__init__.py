"""The rule kinds: one module each, all behind the interface in `base`.

This dict is the one list of kinds; the loader and the docs read it, and a test checks it
against the kinds the rule schema allows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from lint.checks import claim, concealment, credential, existence, metadata, proximity, required, substitution
from lint.checks.base import BuildContext, Check

KINDS: dict[str, ModuleType] = {
    "existence": existence,
    "substitution": substitution,
    "proximity": proximity,
    "required": required,
    "metadata": metadata,
    "credential": credential,
    "concealment": concealment,
    "claim": claim,
}


def reports_absence(kind: str) -> bool:
    """Whether the kind reports something missing from the article (a date, a disclaimer), not a
    span of text that is wrong: such findings are never merged with others."""
    return bool(getattr(KINDS[kind], "REPORTS_ABSENCE", False))


def builder(kind: str) -> Callable[[Mapping[str, Any], BuildContext], Check]:
    build: Callable[[Mapping[str, Any], BuildContext], Check] = KINDS[kind].build
    return build
