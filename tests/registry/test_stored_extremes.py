"""What a registry already holds is shown safely, even when it predates today's checks: an
entry whose stored figures are beyond any real case, and saved texts with control characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rendement.io.jsonio import finite_json
from rendement.meta import meta_to_dict, summarise
from rendement.model import parse_document
from rendement.registry import Figures, Registry
from rendement.usecases.registry import meta_inputs

from .documents import summary, write

CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


def _store(registry: Registry, entry_id: str, ratio: float, low: float, high: float) -> None:
    data = summary(entry_id, status="included")
    document = parse_document(data)
    figures = Figures(
        analysis="quantitative", ratio=ratio, ratio_low=low, ratio_high=high, balance="positive"
    )
    registry.save(document, data, figures, base_version=None, author="before", message="old")


def test_meta_over_stored_extreme_figures_gives_strict_json(registry: Registry) -> None:
    # figures saved by the caller, as an older version of the registry could have: a ratio of
    # 1e300 with a narrow interval around it; pooled on the log scale the heterogeneity and the
    # intervals overflow a float when taken back from the log scale
    _store(registry, "extreme", 1e300, 1e299, 1e301)
    _store(registry, "gewoon-a", 1.5, 1.1, 2.0)
    _store(registry, "gewoon-b", 2.5, 1.6, 3.9)
    result = meta_to_dict(summarise(meta_inputs(registry.entries(status="included"))))
    text = finite_json(result)
    parsed = json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    assert parsed["n"] == 3
    assert parsed["max"] == 1e300


def test_history_shows_control_characters_in_saved_texts_by_name(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    env = {**os.environ, "RENDEMENT_DATABASE_URL": database, "RENDEMENT_AUTHOR": "ana"}
    write(tmp_path / "a.yaml", summary("a"))
    subprocess.run(
        [*CLI, "registry", "import", str(tmp_path / "a.yaml")],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    registry = Registry.open(database)
    try:
        data = summary("a", title="A, tweede lezing")
        registry.save(
            parse_document(data),
            data,
            Figures(analysis="quantitative"),
            base_version=1,
            author="eve\x1b[2J",
            message="wis\x1b]8;;x\x07 \u202ekeer",
        )
    finally:
        registry.close()
    out = subprocess.run(
        [*CLI, "registry", "history", "a"], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout and "\u202e" not in out.stdout
    assert "eve\\x1b[2J" in out.stdout and "U+202E" in out.stdout
