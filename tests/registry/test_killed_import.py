"""An import killed (SIGKILL) in the middle leaves a consistent registry, and can be re-run."""

from __future__ import annotations

import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import and_, select, text

from rendement.model import Summary, parse_document
from rendement.registry import Registry
from rendement.registry import tables as t
from rendement.registry.synthetic import synthetic_summaries
from rendement.usecases import registry as service

from .conftest import url_of
from .documents import write

FILES = 3000
CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


@pytest.fixture(scope="module")
def synthetic_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """~3000 synthetic summary files, and their documents by id."""
    folder = tmp_path_factory.mktemp("synthetic")
    documents = {}
    for data in synthetic_summaries(FILES, seed=7):
        entry_id = data["summary"]["id"]
        write(folder / f"{entry_id}.yaml", data)
        documents[entry_id] = data
    return folder, documents


def sqlite_writing(url: str) -> Callable[[], bool]:
    """Whether some connection holds the write lock of the SQLite file (a batch is open)."""
    path = url.removeprefix("sqlite:///")

    def writing() -> bool:
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                return True
            raise
        else:
            probe.execute("ROLLBACK")
            return False
        finally:
            probe.close()

    return writing


def postgres_writing(registry: Registry, application: str) -> Callable[[], bool]:
    """Whether the importing process has a transaction open (a batch is being saved)."""

    def writing() -> bool:
        with registry.engine.connect() as connection:
            return bool(
                connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
                        "AND xact_start IS NOT NULL AND state <> 'idle'"
                    ),
                    {"name": application},
                ).scalar_one()
            )

    return writing


def stored_documents(registry: Registry) -> dict[str, tuple[int, Any]]:
    """Every entry with its current version's document (None when that version is missing)."""
    join = t.entries.outerjoin(
        t.versions,
        and_(
            t.versions.c.entry_id == t.entries.c.id,
            t.versions.c.number == t.entries.c.current_version,
        ),
    )
    query = select(t.entries.c.id, t.entries.c.current_version, t.versions.c.document).select_from(
        join
    )
    with registry.engine.connect() as connection:
        return {
            entry_id: (number, None if document is None else json.loads(document))
            for entry_id, number, document in connection.execute(query)
        }


def test_an_import_killed_midway_leaves_a_consistent_registry(
    registry: Registry, synthetic_folder: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, documents = synthetic_folder
    url = url_of(registry)
    if registry.engine.url.get_backend_name() == "sqlite":
        writing = sqlite_writing(url)
    else:
        application = f"rendement-kill-{secrets.token_hex(4)}"
        url = f"{url}&application_name={application}"
        writing = postgres_writing(registry, application)
    log = (tmp_path / "import.log").open("w")
    importer = subprocess.Popen(
        [*CLI, "registry", "import", str(folder), "--database", url, "--author", "importer"],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        # kill it once a batch is committed and the next one is being saved
        deadline = time.monotonic() + 120
        while not (registry.count() > 0 and writing()):
            assert importer.poll() is None, "the import finished before it could be killed"
            assert time.monotonic() < deadline, "the import never committed a batch"
            time.sleep(0.002)
        os.kill(importer.pid, signal.SIGKILL)
    finally:
        if importer.poll() is None:
            importer.kill()
        importer.wait()
        log.close()
    assert importer.returncode == -signal.SIGKILL

    reopened = Registry.open(url_of(registry))
    try:
        committed = reopened.count()
        # whole batches only: a batch is one transaction
        assert 0 < committed < FILES
        assert committed % service.IMPORT_BATCH == 0
        assert reopened.consistency_problems() == []
        stored = stored_documents(reopened)
        assert len(stored) == committed
        for entry_id, (number, document) in stored.items():
            assert number == 1, entry_id
            assert document is not None, f"{entry_id}: current version {number} is missing"
            assert isinstance(parse_document(document), Summary)
            assert document == documents[entry_id]

        reports = service.import_paths(reopened, [folder], author="importer")

        actions = [r.action for r in reports]
        assert actions.count("unchanged") == committed
        assert actions.count("added") == FILES - committed
        assert reopened.count() == FILES
        assert reopened.consistency_problems() == []
        stored = stored_documents(reopened)
        assert {k: d for k, (_, d) in stored.items()} == documents
    finally:
        reopened.close()
