"""Settings read once at the edge (CLI, web) from the environment."""

from __future__ import annotations

import getpass
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
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
