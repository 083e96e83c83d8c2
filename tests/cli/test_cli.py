"""The ``rendement`` command: in-process through Typer's runner, and as a process through
``main()`` where the exit status and the stderr lines of a CaseError matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_process import run_main
from typer.testing import CliRunner

from rendement.cli.main import app

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
MENTOR = ROOT / "examples" / "mentorproject-den-haag.yaml"
runner = CliRunner()

# case-format.md, "The result"
RESULT_KEYS = {
    "case", "pv_benefits", "pv_investment", "npv", "sroi_ratio", "net_sroi_ratio", "bcr",
    "payback_years", "conclusion", "pm_items", "stakeholders", "outcomes", "investments",
    "years", "labour", "warnings",
}  # fmt: skip


def starter_text() -> str:
    result = runner.invoke(app, ["new"])
    assert result.exit_code == 0
    return result.stdout


def test_new_prints_a_starter_that_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "starter.yaml"
    path.write_text(starter_text(), encoding="utf-8")

    result = runner.invoke(app, ["check", str(path)])

    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: ok\n"


def test_new_prints_a_starter_that_passes_calc(tmp_path: Path) -> None:
    path = tmp_path / "starter.yaml"
    path.write_text(starter_text(), encoding="utf-8")

    result = runner.invoke(app, ["calc", str(path), "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["case"] == "my-case"


def test_new_file_writes_the_starter(tmp_path: Path) -> None:
    path = tmp_path / "mijn-case.yaml"
    result = runner.invoke(app, ["new", str(path)])
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == starter_text()


def test_new_file_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "mijn-case.yaml"
    path.write_text("my own work\n", encoding="utf-8")

    result = runner.invoke(app, ["new", str(path)])

    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == "my own work\n"


def test_new_file_with_force_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "mijn-case.yaml"
    path.write_text("my own work\n", encoding="utf-8")

    result = runner.invoke(app, ["new", str(path), "--force"])

    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == starter_text()


def test_schema_is_json_describing_outcome_deadweight() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "Outcome" in schema["$defs"]
    assert "deadweight" in schema["$defs"]["Outcome"]["properties"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_calc_json_has_the_documented_keys(example: Path) -> None:
    result = runner.invoke(app, ["calc", str(example), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)

    assert set(data) >= RESULT_KEYS
    assert data["conclusion"] in ("positive", "negative", "undetermined")
    assert all({"id", "name", "investment", "value", "net"} <= set(s) for s in data["stakeholders"])
    for flows in (data["outcomes"], data["investments"]):
        assert all({"id", "stakeholder", "pv", "by_year"} <= set(f) for f in flows)
    assert all({"t", "benefits", "investment", "discount_factor"} <= set(y) for y in data["years"])
    assert isinstance(data["pm_items"], list)
    assert isinstance(data["warnings"], list)


def test_calc_prints_dutch_formats_by_default() -> None:
    result = runner.invoke(app, ["calc", str(MENTOR)])
    assert result.exit_code == 0, result.output
    assert "€ 41.364" in result.stdout  # total investment
    assert "1,96" in result.stdout  # SROI ratio


def test_calc_prints_english_formats_with_lang_en() -> None:
    result = runner.invoke(app, ["calc", str(MENTOR), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "€41,364" in result.stdout
    assert "1.96" in result.stdout
    assert "€ 41.364" not in result.stdout


def test_calc_unknown_scenario_exits_2_naming_the_known_scenarios() -> None:
    result = run_main("calc", "examples/samenoud.yaml", "--scenario", "nope")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "examples/samenoud.yaml: no scenario 'nope' (known: base, conservative, optimistic)"
    ]


def test_unknown_scenario_lists_the_case_s_own_scenarios(tmp_path: Path) -> None:
    good = ROOT / "tests" / "data" / "bad" / "mixed-folder" / "a-good.yaml"
    path = tmp_path / "case.yaml"
    path.write_text(
        good.read_text(encoding="utf-8")
        + "scenarios:\n  minder-bezoek:\n    outcomes.minder-huisartsbezoek.quantity: 100\n",
        encoding="utf-8",
    )

    result = run_main("calc", str(path), "--scenario", "minder-bezoeken")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{path}: no scenario 'minder-bezoeken' "
        "(did you mean 'minder-bezoek'? known: base, conservative, optimistic, minder-bezoek)"
    ]


def test_check_examples_folder_exits_0() -> None:
    result = run_main("check", "examples/")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    case_files = sorted(
        p for p in (ROOT / "examples").rglob("*") if p.suffix in (".yaml", ".yml", ".json")
    )
    assert result.stdout.splitlines() == [f"{p.relative_to(ROOT)}: ok" for p in case_files]


def test_check_bad_file_exits_2_and_keeps_checking_the_rest() -> None:
    bad = "tests/data/bad/share-above-1.yaml"
    result = run_main("check", bad, "examples/samenoud.yaml")
    assert result.returncode == 2
    assert result.stdout == "examples/samenoud.yaml: ok\n"
    assert result.stderr.startswith(f"{bad}:21 outcomes[0].deadweight:")


def test_calc_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    result = run_main("calc", str(path))
    assert result.returncode == 2
    assert result.stderr == f"{path}: no such file\n"


def test_check_folder_without_case_files_says_so(tmp_path: Path) -> None:
    # Bug: today this prints nothing and exits 0, as if the (empty) folder had been checked.
    (tmp_path / "notes.txt").write_text("not a case\n", encoding="utf-8")

    result = run_main("check", str(tmp_path))

    assert result.returncode == 2
    assert result.stderr == f"{tmp_path}: no case files (.yaml, .yml, .json) in this folder\n"


def test_an_output_path_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    # a report into a folder that does not exist: one line naming the path, exit 2
    target = tmp_path / "missing" / "x.html"
    result = run_main("report", "examples/samenoud.yaml", "-o", str(target))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{target}: cannot write the report (No such file or directory); nothing was changed there"
    )
    assert "Traceback" not in result.stderr
