"""Fixtures of the registry tests: a fresh registry on SQLite and on PostgreSQL.

SQLite files live in ``tmp_path``. PostgreSQL runs at ``RENDEMENT_TEST_POSTGRES_URL`` (default
the CI server below); every test gets its own schema ``t_<random hex>``, reached through the
connection option ``search_path``, and the schema is dropped afterwards, so tests running in
parallel (pytest-xdist) share nothing. The PostgreSQL tests never skip: without a server they
fail and say why.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from rendement.registry import Registry

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DATABASES = ["sqlite", "postgresql"]


def postgres_url() -> str:
    return os.environ.get("RENDEMENT_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def in_schema(url: str, schema: str) -> str:
    """``url`` with every connection's search path set to ``schema`` (a libpq option)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def url_of(registry: Registry) -> str:
    """The URL a registry was opened with, for handing to another process."""
    return registry.engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """A plain connection pool to the test server, for creating and dropping schemas."""
    url = postgres_url()
    engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    problem = None
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        problem = str(getattr(error, "orig", error)).replace("\n", " ")
    if problem is not None:
        engine.dispose()
        shown = make_url(url).render_as_string(hide_password=True)
        pytest.fail(
            f"PostgreSQL is not reachable at {shown} ({problem}). The registry tests run on "
            "PostgreSQL too: start the server, or point RENDEMENT_TEST_POSTGRES_URL at one "
            "(postgresql+psycopg://user@host:port/db).",
            pytrace=False,
        )
    yield engine
    engine.dispose()


@pytest.fixture
def make_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """A factory of fresh, empty databases: ``make_database("sqlite" | "postgresql")`` → URL."""
    schemas: list[str] = []
    numbers = itertools.count(1)

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'registry-{next(numbers)}.sqlite3'}"
        if kind != "postgresql":
            raise ValueError(f"unknown database kind {kind!r}")
        admin: Engine = request.getfixturevalue("postgres_admin")
        schema = f"t_{secrets.token_hex(8)}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        return in_schema(postgres_url(), schema)

    yield make
    if schemas:
        admin = request.getfixturevalue("postgres_admin")
        with admin.connect() as connection:
            # a backend of a killed client may still hold its locks for a moment
            connection.execute(text("SET lock_timeout = '30s'"))
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def open_registry(make_database: Callable[[str], str]) -> Iterator[Callable[[str], Registry]]:
    """A factory of registries on fresh databases; each is closed after the test."""
    opened: list[Registry] = []

    def open_(kind: str) -> Registry:
        registry = Registry.open(make_database(kind))
        opened.append(registry)
        return registry

    yield open_
    for registry in opened:
        registry.close()


@pytest.fixture(params=DATABASES)
def registry(request: pytest.FixtureRequest, open_registry: Callable[[str], Registry]) -> Registry:
    """An empty registry, once on SQLite and once on PostgreSQL."""
    return open_registry(request.param)
