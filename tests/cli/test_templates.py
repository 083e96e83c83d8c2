"""`rendement new FILE --template T`: the four substitution templates (method.md §9).

Each template prices the care a kind of social work replaces from the catalogue and leaves
every quantity empty for the user. Empty, it fails `check` with one line per quantity; filled,
it computes, with the value going to the payers and care staff freed.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from cli_process import run_main
from ruamel.yaml import YAML
from typer.testing import CliRunner

from rendement.cli.main import TEMPLATES, app
from rendement.reference import load_catalogue

ROOT = Path(__file__).parents[2]
runner = CliRunner()

NAMES = ("sociaal-makelen", "intensieve-begeleiding", "welzijn-op-recept", "buurtcoaching")
# an empty `quantity:` (followed by a comment or nothing) at the start of a line
EMPTY_QUANTITY = re.compile(r"^(\s*quantity:)[ \t]*(#.*)?$", re.MULTILINE)


def template_text(name: str) -> str:
    return resources.files("rendement.cli").joinpath(f"templates/{name}.yaml").read_text("utf-8")


def template_doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = YAML(typ="safe").load(template_text(name))
    return doc


def monetised(doc: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [(i, o) for i, o in enumerate(doc["outcomes"]) if "pm" not in o]


def write_template(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    result = runner.invoke(app, ["new", str(path), "--template", name])
    assert result.exit_code == 0, result.output
    return path


def fill_quantities(path: Path, quantity: int = 100) -> Path:
    text, count = EMPTY_QUANTITY.subn(rf"\g<1> {quantity}  \g<2>", path.read_text("utf-8"))
    assert count > 0
    filled = path.with_name(f"filled-{path.name}")
    filled.write_text(text, encoding="utf-8")
    return filled


def calc_json(path: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["calc", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_four_templates_are_offered() -> None:
    assert set(TEMPLATES) == set(NAMES)


def test_every_template_file_is_offered() -> None:
    folder = resources.files("rendement.cli").joinpath("templates")
    files = {p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")}
    assert files - {"starter"} == set(TEMPLATES)


@pytest.mark.parametrize("name", NAMES)
def test_new_file_writes_the_template(tmp_path: Path, name: str) -> None:
    path = tmp_path / "mijn-case.yaml"
    result = runner.invoke(app, ["new", str(path), "--template", name])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == template_text(name)
    assert str(path) in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_new_without_file_prints_the_template(name: str) -> None:
    result = runner.invoke(app, ["new", "--template", name])
    assert result.exit_code == 0, result.output
    assert result.stdout == template_text(name)


@pytest.mark.parametrize("name", NAMES)
def test_every_monetised_outcome_cites_a_catalogue_ref(name: str) -> None:
    catalogue = load_catalogue()
    outcomes = monetised(template_doc(name))
    assert len(outcomes) >= 3
    for _, outcome in outcomes:
        ref = outcome["proxy"]["ref"]
        assert ref in catalogue, ref
        # the payer decides: no stakeholder is named on a catalogue outcome
        assert "stakeholder" not in outcome, outcome["id"]


@pytest.mark.parametrize("name", NAMES)
def test_every_payer_of_the_template_is_declared(name: str) -> None:
    doc = template_doc(name)
    kinds = {s["kind"] for s in doc["stakeholders"]}
    catalogue = load_catalogue()
    for _, outcome in monetised(doc):
        assert catalogue.get(outcome["proxy"]["ref"]).payer in kinds, outcome["id"]


@pytest.mark.parametrize("name", NAMES)
def test_empty_template_fails_check_with_one_line_per_empty_quantity(
    tmp_path: Path, name: str
) -> None:
    path = write_template(tmp_path, name)
    result = run_main("check", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    indexes = [i for i, _ in monetised(template_doc(name))]
    assert len(lines) == len(indexes)
    for line, i in zip(lines, indexes, strict=True):
        assert line.startswith(f"{path}:")
        assert f" outcomes[{i}]" in line
        assert ".quantity: left empty: fill in the units per year" in line


def test_empty_quantity_error_points_at_the_quantity_line(tmp_path: Path) -> None:
    # case-format.md: errors name file, line and path; the place to fill in is `quantity:`,
    # not the outcome's `- id:` line three lines above it
    path = write_template(tmp_path, "sociaal-makelen")
    text = path.read_text("utf-8")
    quantity_lines = [text.count("\n", 0, m.start()) + 1 for m in EMPTY_QUANTITY.finditer(text)]
    indexes = [i for i, _ in monetised(template_doc("sociaal-makelen"))]
    result = run_main("check", str(path))
    places = [line.split(": ", 1)[0] for line in result.stderr.splitlines()]
    expected = [
        f"{path}:{line} outcomes[{i}].quantity"
        for line, i in zip(quantity_lines, indexes, strict=True)
    ]
    assert places == expected
    assert all("empty" in line for line in result.stderr.splitlines())


@pytest.mark.parametrize("name", NAMES)
def test_filled_template_passes_check(tmp_path: Path, name: str) -> None:
    filled = fill_quantities(write_template(tmp_path, name))
    result = run_main("check", str(filled))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{filled}: ok\n"


@pytest.mark.parametrize("name", NAMES)
def test_filled_template_gives_the_value_to_the_payers(tmp_path: Path, name: str) -> None:
    data = calc_json(fill_quantities(write_template(tmp_path, name)))
    kinds = {s["id"]: s["kind"] for s in data["stakeholders"]}
    refs = {o["id"]: o["proxy"]["ref"] for _, o in monetised(template_doc(name))}
    catalogue = load_catalogue()
    for outcome in data["outcomes"]:
        assert outcome["pv"] > 0, outcome["id"]
        assert kinds[outcome["stakeholder"]] == catalogue.get(refs[outcome["id"]]).payer
    # each stakeholder's value is the sum of the outcomes it pays for
    for row in data["stakeholders"]:
        own = sum(o["pv"] for o in data["outcomes"] if o["stakeholder"] == row["id"])
        assert row["value"] == pytest.approx(own)


@pytest.mark.parametrize("name", NAMES)
def test_filled_template_gives_the_health_insurer_euros(tmp_path: Path, name: str) -> None:
    data = calc_json(fill_quantities(write_template(tmp_path, name)))
    insurers = [s for s in data["stakeholders"] if s["kind"] == "health-insurer"]
    assert len(insurers) == 1
    assert insurers[0]["value"] > 0


@pytest.mark.parametrize("name", NAMES)
def test_filled_template_frees_care_staff(tmp_path: Path, name: str) -> None:
    labour = calc_json(fill_quantities(write_template(tmp_path, name)))["labour"]
    freed = [p for p in labour["professions"] if p["fte"] > 0]
    assert freed, labour
    for p in freed:
        assert p["hours"] > 0
        assert p["fte"] == pytest.approx(p["hours"] / p["productive_hours_per_fte"])
    assert labour["freed_fte"] > 0
    # the template's own social workers are set against what is freed
    assert labour["staff_fte"] > 0
    assert labour["net_fte"] == pytest.approx(labour["freed_fte"] - labour["staff_fte"])


@pytest.mark.parametrize("name", NAMES)
def test_filled_template_shows_the_labour_effect_in_dutch(tmp_path: Path, name: str) -> None:
    result = runner.invoke(app, ["calc", str(fill_quantities(write_template(tmp_path, name)))])
    assert result.exit_code == 0, result.output
    assert "Arbeidsmarkteffect" in result.stdout


def test_unknown_template_exits_2_naming_the_choices(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    result = run_main("new", str(path), "--template", "schuldhulp")
    assert result.returncode == 2
    assert "schuldhulp" in result.stderr
    for name in NAMES:
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert not path.exists()
