"""healthlint: a compliance linter for health articles, driven by YAML rule packs."""

__version__ = "0.1.0"
