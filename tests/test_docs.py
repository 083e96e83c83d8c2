"""The README documents every setting: a setting added without a row in its table fails here
(the habit of datasette's tests/test_docs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
TABLE = README.split("**Settings** (environment variables):", 1)[1].split("\n\n", 2)[1]


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_has_a_row_in_the_readme(field: str) -> None:
    rows = [line for line in TABLE.splitlines() if line.startswith("| `RENDEMENT_")]
    names = {line.split("`", 2)[1] for line in rows}
    assert f"RENDEMENT_{field.upper()}" in names
