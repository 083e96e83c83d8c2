"""Connecting to the registry database: a SQLite file by default, PostgreSQL by URL.

SQLite runs in WAL mode (readers never block the writer) with a busy timeout, so two
processes can share one file. The schema is brought to the newest Alembic revision on open.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from rendement.registry.errors import RegistryError

BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # let SQLAlchemy, not the driver, open transactions (so savepoints work; see _sqlite_begin)
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    """A writing transaction takes the write lock at once (waiting up to the busy timeout), so
    what it reads is what it writes on; a reading one starts a plain snapshot."""
    immediate = connection.get_execution_options().get("write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def connect(url: str, *, create: bool = True) -> Engine:
    """An engine for ``url`` with the schema migrated to the newest revision.

    With ``create=False`` a SQLite file that does not exist, or a database without the
    registry's tables, is an error rather than a new, empty registry: a command that only
    reads must not leave a database behind.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise RegistryError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            if not create and not path.exists():
                raise RegistryError(f"no registry at {path}; run `rendement registry import` first")
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif parsed.get_backend_name() == "postgresql":
        engine = create_engine(parsed, pool_pre_ping=True)
    else:
        raise RegistryError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or "
            "postgresql+psycopg://"
        )
    try:
        if not create and "entries" not in tables_present(engine):
            # a server database without the registry's tables: reading must not create them
            engine.dispose()
            raise RegistryError(
                f"no registry at {parsed.render_as_string(hide_password=True)}; "
                "run `rendement registry import` first"
            )
        migrate(engine)
    except OperationalError as error:
        raise RegistryError(
            f"cannot open the registry at {parsed.render_as_string(hide_password=True)}: "
            f"{error.orig}"
        ) from None
    except SQLAlchemyError as error:
        raise RegistryError(f"cannot prepare the registry: {error}") from None
    return engine


def _config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("rendement.registry").joinpath("migrations"))
    )
    return config


def known_revisions() -> set[str]:
    """Every schema revision this version of rendement can migrate from."""
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is there already)."""
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def tables_present(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())
