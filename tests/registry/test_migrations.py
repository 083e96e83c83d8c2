"""The schema migrations, on a database with data: a registry holding the bundled examples is
taken down to the first schema (0001) and up again to the newest, on SQLite and PostgreSQL;
every entry and version reads back as it was, and every later table is there again."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from rendement.registry import Registry
from rendement.registry import tables as t
from rendement.registry.db import migrate
from rendement.usecases.registry import import_paths

from .conftest import DATABASES

EXAMPLES = Path(__file__).parents[2] / "examples"


def _alembic(registry: Registry, target: str, down: bool) -> None:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("rendement.registry").joinpath("migrations"))
    )
    with registry.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, target)


@pytest.mark.parametrize("kind", DATABASES)
def test_the_first_schema_with_data_upgrades_to_the_newest(
    make_database: Callable[[str], str], kind: str
) -> None:
    registry = Registry.open(make_database(kind))
    try:
        import_paths(registry, sorted(EXAMPLES.glob("*.yaml")), "tests")
        before = {e.id: registry.history(e.id) for e in registry.entries()}
        assert len(before) >= 8
        _alembic(registry, "0001", down=True)
        tables = set(inspect(registry.engine).get_table_names())
        assert {"entries", "versions"} <= tables and "users" not in tables
        migrate(registry.engine)  # what every start does: up to the newest
        tables = set(inspect(registry.engine).get_table_names())
        assert set(t.metadata.tables) <= tables
        after = {e.id: registry.history(e.id) for e in registry.entries()}
        assert after.keys() == before.keys()
        for key, versions in before.items():
            assert [(v.number, v.data) for v in after[key]] == [
                (v.number, v.data) for v in versions
            ]
    finally:
        registry.close()
