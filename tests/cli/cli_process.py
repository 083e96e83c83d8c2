"""``rendement ARGS`` as a separate process, through ``main()`` as the console script runs it:
what a person sees on stdout and stderr, and the exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def run_main(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from rendement.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, **env} if env is not None else None,
        timeout=timeout,
    )
