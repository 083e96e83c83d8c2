"""`rendement registry …` and `rendement meta` as a user runs them (a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rendement.registry import Registry
from rendement.usecases import registry as service

from .documents import EXAMPLES, small_case, summary, write

Run = Callable[..., subprocess.CompletedProcess[str]]
CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli-registry.sqlite3'}"


@pytest.fixture
def run(database: str, tmp_path: Path) -> Run:
    """Run the CLI with RENDEMENT_DATABASE_URL pointing at this test's SQLite file."""
    env = {
        **os.environ,
        "RENDEMENT_DATABASE_URL": database,
        "RENDEMENT_AUTHOR": "cli-tester",
        "COLUMNS": "200",  # rich tables: no wrapping
    }

    def run_(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*CLI, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )

    return run_


@pytest.fixture
def examples(database: str) -> str:
    """The bundled example registry (examples/ with examples/registry/), imported."""
    registry = Registry.open(database)
    try:
        service.import_paths(registry, [EXAMPLES], author="setup")
    finally:
        registry.close()
    return database


def test_import_prints_a_line_per_file_and_a_summary(run: Run) -> None:
    result = run("registry", "import", str(EXAMPLES))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 16  # 15 files and the summary line
    assert f"added      samenoud (version 1)  {EXAMPLES / 'samenoud.yaml'}" in lines
    assert (
        "added      seo-teentalk (version 1)  "
        f"{EXAMPLES / 'registry' / 'seo-teentalk.yaml'}" in lines
    )
    assert lines[-1] == "15 added, 0 updated, 0 unchanged, 0 rejected"

    again = run("registry", "import", str(EXAMPLES))

    assert again.returncode == 0
    assert again.stdout.splitlines()[-1] == "0 added, 0 updated, 15 unchanged, 0 rejected"


def test_import_with_a_rejected_file_exits_2(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "a.yaml", summary("goed", balance="positive"))
    (folder / "b.yaml").write_text(
        "rendement: 1\nsummary:\n  id: kapot\n  title: Kapot\n  ratoi: 1.5\n", encoding="utf-8"
    )

    result = run("registry", "import", str(folder))

    assert result.returncode == 2
    assert f"added      goed (version 1)  {folder / 'a.yaml'}" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 added, 0 updated, 0 unchanged, 1 rejected"
    assert result.stderr.splitlines() == [
        f"rejected   {folder / 'b.yaml'}",
        f"  {folder / 'b.yaml'}:5 summary.ratoi: unknown key (did you mean 'ratio'?)",
    ]


def test_list_shows_the_entries_with_filters(run: Run, examples: str) -> None:
    table = run("registry", "list", "--status", "included")
    as_json = run("registry", "list", "--json", "--quadrant", "preventive/multiple")

    assert table.returncode == 0, table.stderr
    assert "11 entries" in table.stdout
    assert "samenoud" in table.stdout and "buurtcoaches-ouderen" not in table.stdout
    assert as_json.returncode == 0, as_json.stderr
    listed = json.loads(as_json.stdout)
    assert {e["quadrant"] for e in listed} == {"preventive/multiple"}
    assert "samenoud" in {e["id"] for e in listed}


def test_show_prints_the_document_and_its_figures(run: Run, examples: str) -> None:
    text = run("registry", "show", "samenoud")
    as_json = run("registry", "show", "samenoud", "--json")

    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("# samenoud, version 1: imported from samenoud.yaml (setup, ")
    assert "  id: samenoud" in text.stdout
    assert "# ratio 1.64" in text.stdout
    shown = json.loads(as_json.stdout)
    assert (shown["id"], shown["version"], shown["author"]) == ("samenoud", 1, "setup")
    assert shown["document"]["case"]["id"] == "samenoud"
    assert round(shown["figures"]["ratio"], 2) == 1.64


def test_show_of_an_unknown_entry_exits_2(run: Run, examples: str) -> None:
    result = run("registry", "show", "nope")

    assert result.returncode == 2
    assert result.stderr == "no case 'nope' in the registry\n"
    assert "Traceback" not in result.stderr


def test_screen_history_diff_and_restore(run: Run, examples: str) -> None:
    excluded = run("registry", "screen", "samenoud", "--exclude", "too old")
    history = run("registry", "history", "samenoud")
    diff = run("registry", "diff", "samenoud", "1", "2", "--json")
    restored = run("registry", "restore", "samenoud", "1")
    shown = json.loads(run("registry", "show", "samenoud", "--json").stdout)

    assert excluded.returncode == 0, excluded.stderr
    assert excluded.stdout.strip() == "samenoud: excluded (version 2)"
    lines = history.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[0] == "1" and lines[0].endswith("imported from samenoud.yaml")
    assert lines[1].split()[0] == "2" and "cli-tester" in lines[1]
    assert lines[1].endswith("screened: excluded (too old)")
    changes = json.loads(diff.stdout)
    assert {c["path"]: (c["old"], c["new"]) for c in changes["inputs"]} == {
        "registry.status": ("included", "excluded"),
        "registry.reason": (None, "too old"),
    }
    assert restored.stdout.strip() == "samenoud: version 1 restored as version 3"
    assert shown["version"] == 3 and shown["document"]["registry"]["status"] == "included"


def test_diff_shows_how_the_result_moved(run: Run, database: str, tmp_path: Path) -> None:
    path = write(tmp_path / "case.yaml", small_case(quantity=100))
    run("registry", "import", str(path))
    write(path, small_case(quantity=150))
    run("registry", "import", str(path))

    result = run("registry", "diff", "kleine-case", "1", "2")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "kleine-case: version 1 → 2",
        "  outcomes.minder-zorg.quantity: 100 → 150",
    ]
    assert "  result ratio: 3.0 → 4.5" in result.stdout.splitlines()


def test_screen_needs_exactly_one_choice(run: Run, examples: str) -> None:
    result = run("registry", "screen", "samenoud")

    assert result.returncode == 2
    assert "give exactly one of --include, --exclude REASON, --longlist" in result.stderr


def test_screening_on_a_stale_base_version_exits_2_with_the_conflict(
    run: Run, examples: str
) -> None:
    first = run("registry", "screen", "samenoud", "--longlist")

    late = run("registry", "screen", "samenoud", "--include", "--base-version", "1")

    assert first.returncode == 0, first.stderr
    assert late.returncode == 2
    assert late.stderr.strip() == (
        "samenoud: version 1 is no longer the newest (version 2 was saved meanwhile); "
        "nothing was saved — reload and apply your change again"
    )
    shown = json.loads(run("registry", "show", "samenoud", "--json").stdout)
    assert shown["version"] == 2 and shown["document"]["registry"]["status"] == "longlist"


def test_export_writes_every_entry(run: Run, examples: str, tmp_path: Path) -> None:
    result = run("registry", "export", str(tmp_path / "backup"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"15 entries written to {tmp_path / 'backup'}"
    assert len(list((tmp_path / "backup").glob("*.yaml"))) == 15


def test_meta_json_has_the_documented_keys(run: Run, examples: str) -> None:
    result = run("meta", "--json", "--resamples", "1000")

    assert result.returncode == 0, result.stderr
    meta = json.loads(result.stdout)
    statistics = {
        "n",
        "mean",
        "median",
        "min",
        "max",
        "share_above_1",
        "geometric_mean",
        "pooled_ratio",
        "bootstrap_ci",
        "random_effects",
    }
    assert {"funnel", "minimum_variant", "subgroups"} | statistics <= set(meta)
    assert set(meta["funnel"]) == {"longlist", "included", "excluded", "quantitative", "balances"}
    assert statistics <= set(meta["minimum_variant"])
    assert meta["random_effects"] is None  # none of the four has an interval: never invented
    assert len(meta["bootstrap_ci"]) == 2
    for groups in meta["subgroups"].values():
        for group in groups.values():
            assert statistics <= set(group)


def test_meta_json_random_effects_has_the_documented_keys(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for i, (value, low, high) in enumerate([(1.4, 1.1, 1.9), (2.0, 1.5, 2.6), (1.2, 0.9, 1.6)]):
        data = summary(f"entry-{i}", ratio={"value": value, "low": low, "high": high})
        data["summary"]["status"] = "included"
        write(folder / f"entry-{i}.yaml", data)
    run("registry", "import", str(folder))

    result = run("meta", "--json", "--resamples", "1000")

    effects = json.loads(result.stdout)["random_effects"]
    assert {
        "k",
        "ratio",
        "ci",
        "tau2",
        "i2",
        "q",
        "prediction_interval",
        "hartung_knapp_ci",
    } <= set(effects)
    assert effects["k"] == 3


def test_meta_on_the_example_registry_shows_the_funnel_and_the_mean(
    run: Run, examples: str
) -> None:
    text = run("meta", "--lang", "en")
    as_json = json.loads(run("meta", "--json").stdout)

    assert text.returncode == 0, text.stderr
    assert "Funnel: longlist 15 → included 11 → quantitative 11 (excluded 0)" in text.stdout
    assert as_json["funnel"] == {
        "longlist": 15,
        "included": 11,
        "excluded": 0,
        "quantitative": 11,
        # the four arrangements by their ratios, the seven SEO projects by their stated signs
        "balances": {"positive": 9, "negative": 1, "undetermined": 1},
    }
    # the seven SEO entries publish a sign, not a ratio: the mean is over the four arrangements
    assert as_json["n"] == 4
    # (1.96 + 1.64 + 2.97 + 1.84) / 4 = 2.1025 from the printed ratios; unrounded 2.104
    assert as_json["mean"] == pytest.approx(2.104, abs=0.001)
    row = next(line for line in text.stdout.splitlines() if "all cases" in line)
    assert row.split("│")[3].strip() == "2.10"  # the mean column of the first table


@pytest.mark.parametrize(
    "args",
    [
        ("registry", "list"),
        ("registry", "history", "samenoud"),
        ("registry", "diff", "samenoud", "1", "2"),
        ("registry", "show", "samenoud"),
        ("registry", "export", "backup"),
        ("registry", "screen", "samenoud", "--include"),
        ("meta", "--json"),
    ],
)
def test_a_command_other_than_import_creates_no_database(
    run: Run, database: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    path = tmp_path / "cli-registry.sqlite3"

    result = run(*args)

    assert result.returncode == 2
    assert result.stderr == f"no registry at {path}; run `rendement registry import` first\n"
    assert not path.exists()
    assert not (tmp_path / "backup").exists()


def test_import_creates_the_database(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", summary("goed"))

    result = run("registry", "import", str(path))

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli-registry.sqlite3").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("registry", "history", "nope"), "no case 'nope' in the registry"),
        (("registry", "diff", "nope", "1", "2"), "no case 'nope' in the registry"),
        (("registry", "restore", "nope", "1"), "no case 'nope' in the registry"),
        (("registry", "diff", "samenoud", "1", "7"), "samenoud: no version 7 (only version 1)"),
        (("registry", "restore", "samenoud", "4"), "samenoud: no version 4 (only version 1)"),
        (
            ("registry", "show", "samenoud", "--version", "0"),
            "samenoud: no version 0 (only version 1)",
        ),
        (
            ("registry", "screen", "samenoud", "--include", "--base-version", "9"),
            "--base-version 9: samenoud: no version 9 (only version 1)",
        ),
        (
            ("registry", "screen", "samenoud", "--include", "--author", "x" * 201),
            "--author: at most 200 characters (got 201)",
        ),
        (
            ("registry", "list", "--status", "foo"),
            "--status foo: choose from longlist, included, excluded",
        ),
        (
            ("registry", "list", "--method", "cba"),
            "--method cba: choose from sroi, mkba, business-case",
        ),
        (("registry", "list", "--timing", "later"), "--timing later: choose from ex-ante, ex-post"),
        (
            ("meta", "--quadrant", "preventive"),
            "--quadrant preventive: choose from preventive/single, preventive/multiple, "
            "curative/single, curative/multiple",
        ),
        (("meta", "--lang", "de"), "--lang de: choose from nl, en"),
    ],
)
def test_a_bad_id_version_option_or_filter_is_one_line_and_exit_2(
    run: Run, examples: str, args: tuple[str, ...], message: str
) -> None:
    before = run("registry", "history", "samenoud").stdout

    result = run(*args)

    assert (result.returncode, result.stderr) == (2, message + "\n")
    assert run("registry", "history", "samenoud").stdout == before  # nothing saved


def test_a_version_beyond_the_newest_names_the_range(run: Run, examples: str) -> None:
    run("registry", "screen", "samenoud", "--longlist")
    run("registry", "screen", "samenoud", "--include")

    result = run("registry", "diff", "samenoud", "1", "5")

    assert (result.returncode, result.stderr) == (2, "samenoud: no version 5 (versions 1–3)\n")


def test_an_overlong_author_on_import_names_the_option(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", summary("goed"))

    result = run("registry", "import", str(path), "--author", "é" * 300)

    assert (result.returncode, result.stderr) == (2, "--author: at most 200 characters (got 300)\n")
    assert not (tmp_path / "cli-registry.sqlite3").exists()


def test_import_prints_a_kept_screening(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", summary("goed"))
    run("registry", "import", str(path))
    run("registry", "screen", "goed", "--exclude", "no effect measured")

    result = run("registry", "import", str(path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"unchanged  goed (version 2)  {path}  (screening kept: excluded (no effect measured))"
    )


def test_export_refuses_to_replace_files_unless_forced(
    run: Run, examples: str, tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "samenoud.yaml").write_text("# mine\n", encoding="utf-8")
    (backup / "notes.txt").write_text("kept\n", encoding="utf-8")

    refused = run("registry", "export", str(backup))
    forced = run("registry", "export", str(backup), "--force")

    assert (refused.returncode, refused.stderr) == (
        2,
        f"{backup / 'samenoud.yaml'}: already exists; export replaces no file unless --force\n",
    )
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.strip() == f"15 entries written to {backup}"
    assert "version 1 of the registry" in (backup / "samenoud.yaml").read_text(encoding="utf-8")
    assert (backup / "notes.txt").read_text(encoding="utf-8") == "kept\n"
    ids = [e["id"] for e in json.loads(run("registry", "list", "--json").stdout)]
    # each entry once, nothing half-written left behind
    assert sorted(p.name for p in backup.iterdir()) == sorted(
        [*(f"{i}.yaml" for i in ids), "notes.txt"]
    )


def test_import_reports_a_pipe_and_a_non_utf8_file_and_saves_the_rest(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write(folder / "a.yaml", summary("goed"))
    (folder / "b.yaml").write_bytes(b"rendement: 1\nsummary:\n  id: b\n  title: caf\xe9\n")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)

    result = run("registry", "import", str(folder), str(pipe))

    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"added      goed (version 1)  {folder / 'a.yaml'}",
        "1 added, 0 updated, 0 unchanged, 2 rejected",
    ]
    assert result.stderr.splitlines() == [
        f"rejected   {folder / 'b.yaml'}",
        f"  {folder / 'b.yaml'}:4: not a UTF-8 text file (byte 0xe9)",
        f"rejected   {pipe}",
        f"  {pipe}: not a regular file (a pipe or device); not read",
    ]
