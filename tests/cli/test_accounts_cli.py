"""`rendement users add`, `tokens create` and `tokens revoke` as a person runs them: the
password from standard input, a token printed once, and revoking that really ends it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cli_process import ROOT

from rendement.usecases.accounts import token_principal
from rendement.usecases.store import Store


def _run(database: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from rendement.cli.main import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "RENDEMENT_DATABASE_URL": database},
        timeout=120,
    )


def test_a_token_is_made_for_a_person_and_revoked(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'accounts.sqlite3'}"
    added = _run(
        database, "users", "add", "ana@gemeente.nl", "--org", "noord", stdin="een-lang-wachtwoord\n"
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "ana@gemeente.nl: editor in noord (new organisation)"
    made = _run(database, "tokens", "create", "ana@gemeente.nl")
    token = made.stdout.strip()
    assert made.returncode == 0 and token.startswith("rdm_")
    store = Store.open(database)
    try:
        assert token_principal(store.accounts, token) is not None
        revoked = _run(database, "tokens", "revoke", "ana@gemeente.nl")
        assert revoked.stdout.strip() == "ana@gemeente.nl: 1 token(s) revoked"
        assert token_principal(store.accounts, token) is None
    finally:
        store.close()
    unknown = _run(database, "tokens", "revoke", "niemand@gemeente.nl")
    assert unknown.returncode == 2
    assert "niemand@gemeente.nl: no such account" in unknown.stderr


def test_a_short_password_is_refused_and_nobody_is_added(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'accounts.sqlite3'}"
    refused = _run(database, "users", "add", "ana@gemeente.nl", "--org", "noord", stdin="kort\n")
    assert refused.returncode == 2
    assert "password: at least 10 characters (got 4)" in refused.stderr
    made = _run(database, "tokens", "create", "ana@gemeente.nl")
    assert made.returncode == 2 and "no such account" in made.stderr
