"""Every shipped vocabulary, context and genre file is valid against its JSON Schema (editors use
the schemas for completion) and loads."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from lint.ruleset import contexts_dir, genres_dir, shipped_language, vocabularies_dir

SCHEMAS = Path(__file__).resolve().parent.parent / "lint"


@pytest.mark.parametrize(
    ("directory", "schema"),
    [(vocabularies_dir(), "vocabulary"), (contexts_dir(), "context"), (genres_dir(), "genre")],
    ids=["vocabularies", "contexts", "genres"],
)
def test_shipped_language_files_match_their_schema(directory: Path, schema: str) -> None:
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMAS / f"{schema}.schema.json").read_text("utf-8")))
    files = sorted(directory.glob("*.yaml"))
    assert files
    for file in files:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(file.read_text("utf-8")))]
        assert errors == [], file.name


def test_the_shipped_language_loads() -> None:
    language = shipped_language()
    assert language.vocabularies and language.contexts and language.genres
