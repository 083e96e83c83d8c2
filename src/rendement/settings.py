"""Settings read once at the edge (CLI, web) from the environment."""

from __future__ import annotations

import getpass
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    return f"sqlite:///{Path(user_data_dir('rendement')) / 'registry.sqlite3'}"


def default_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Settings(BaseSettings):
    """``RENDEMENT_DATABASE_URL`` selects the registry (PostgreSQL:
    ``postgresql+psycopg://user@host/db``); ``RENDEMENT_AUTHOR`` names who saves;
    ``RENDEMENT_MAX_FILE_BYTES`` is the largest case file read (default 10 MB)."""

    model_config = SettingsConfigDict(env_prefix="RENDEMENT_")

    database_url: str = Field(default_factory=default_database_url)
    author: str = Field(default_factory=default_author)
    max_file_bytes: int = Field(default=10_000_000, ge=1)
    # the web instrument: cookies only over HTTPS (set when it runs behind a TLS proxy)
    secure_cookies: bool = False
    # requests a worker computes at once; more wait their turn (on two cores, more threads
    # only share the same processor and keep every request waiting longer)
    threads: int = Field(default=8, ge=1, le=256)
    # the proxies whose X-Forwarded-For names the client (comma-separated addresses, or *)
    trusted_proxies: str = Field(default="127.0.0.1", min_length=1, max_length=2000)


def settings_problems(error: ValidationError) -> list[str]:
    """A line per setting the environment got wrong, named as it is set:
    ``RENDEMENT_THREADS: Input should be a valid integer … (got 'abc')``."""
    lines = []
    for problem in error.errors():
        name = "RENDEMENT_" + "_".join(str(part) for part in problem["loc"]).upper()
        lines.append(f"{name}: {problem['msg']} (got {problem.get('input')!r})")
    return lines
