"""The web side of method.md §14 and §15: an ex-post case beside its forecast, and a new case
started from comparable cases with the prediction they give."""

from __future__ import annotations

import math
from pathlib import Path

from scipy import stats

from rendement.usecases.registry import import_paths
from web.conftest import EXAMPLES, World, example


def _add_realisation(world: World) -> None:
    registry = world.client.app.state.registry  # type: ignore[attr-defined]
    import_paths(registry, [EXAMPLES / "buurtcoaches-ouderen.yaml"], "tests")
    world.sign_in("editor")
    answer = world.client.post(
        "/cases/create",
        json={"document": example("buurtcoaches-ouderen-realisatie.yaml"), "org": "noord"},
        headers={"x-csrf-token": world.csrf()},
    )
    assert answer.status_code == 200, answer.text


def test_an_ex_post_case_is_shown_beside_its_forecast(sqlite_world: World) -> None:
    world = sqlite_world
    _add_realisation(world)
    editor = world.client.get("/cases/noord/buurtcoaches-ouderen-realisatie")
    assert 'href="/cases/noord/buurtcoaches-ouderen-realisatie/forecast"' in editor.text
    page = world.client.get("/cases/noord/buurtcoaches-ouderen-realisatie/forecast")
    assert page.status_code == 200
    assert "buurtcoaches-ouderen, versie 1" in page.text or "versie 1" in page.text
    assert "minder-huisartsbezoek" in page.text  # an item matched by id
    # a case naming no forecast says so, and has no link to the page
    plain = world.client.get("/cases/noord/buurtcoaches")
    assert "/forecast" not in plain.text
    none = world.client.get("/cases/noord/buurtcoaches/forecast")
    assert none.status_code == 200 and "noemt geen prognose" in none.text


def test_a_forecast_missing_from_the_registry_is_said_plainly(sqlite_world: World) -> None:
    world = sqlite_world
    world.sign_in("editor")
    answer = world.client.post(
        "/cases/create",
        json={"document": example("buurtcoaches-ouderen-realisatie.yaml"), "org": "noord"},
        headers={"x-csrf-token": world.csrf()},
    )
    assert answer.status_code == 200
    page = world.client.get("/cases/noord/buurtcoaches-ouderen-realisatie/forecast")
    assert page.status_code == 200
    assert "De prognose buurtcoaches-ouderen (versie –) staat niet in het register" in page.text
    assert "did you mean" not in page.text  # no other entry's id is suggested


def _summary(tmp: Path, i: int, ratio: float, low: float, high: float) -> Path:
    path = tmp / f"s{i}.yaml"
    path.write_text(
        "rendement: 1\nsummary:\n"
        f"  id: vergelijkbaar-{i}\n  title: Vergelijkbaar {i}\n"
        f"  ratio: {{value: {ratio}, low: {low}, high: {high}}}\n"
        "  typology: {approach: preventive, problems: multiple}\n"
        "  method: mkba\n  timing: ex-ante\n  year: 2020\n  source: test\n  status: included\n",
        encoding="utf-8",
    )
    return path


def test_a_new_case_can_start_from_comparable_cases(sqlite_world: World, tmp_path: Path) -> None:
    world = sqlite_world
    registry = world.client.app.state.registry  # type: ignore[attr-defined]
    figures = [(1.5, 1.1, 2.0), (2.0, 1.4, 2.9), (1.2, 0.8, 1.8)]
    import_paths(registry, [_summary(tmp_path, i, *f) for i, f in enumerate(figures)], "tests")
    world.sign_in("editor")
    home = world.client.get("/")
    assert 'id="like-form"' in home.text
    page = world.client.get("/cases/new", params={"like": "quadrant=preventive/multiple"})
    assert page.status_code == 200
    assert 'id="prediction"' in page.text
    # the median is exp(μ) of the random-effects model over the three log ratios (§10, §15)
    y = [math.log(r) for r, _, _ in figures]
    s = [(math.log(h) - math.log(lo)) / (2 * 1.959964) for _, lo, h in figures]
    w = [1 / v**2 for v in s]
    mean = sum(wi * yi for wi, yi in zip(w, y, strict=True)) / sum(w)
    q = sum(wi * (yi - mean) ** 2 for wi, yi in zip(w, y, strict=True))
    tau2 = max(0.0, (q - 2) / (sum(w) - sum(wi**2 for wi in w) / sum(w)))
    ws = [1 / (v**2 + tau2) for v in s]
    mu = sum(wi * yi for wi, yi in zip(ws, y, strict=True)) / sum(ws)
    median = f"{math.exp(mu):.2f}".replace(".", ",")
    assert f'<dd id="like-median">{median}</dd>' in page.text
    scale = math.sqrt(tau2 + 1 / sum(ws))
    p_above = stats.t.cdf(mu / scale, 1)
    assert f'<dd id="like-p">{round(100 * p_above)}%</dd>' in page.text.replace("\xa0", "")
    bad = world.client.get("/cases/new", params={"like": "quadrant=sideways"})
    assert bad.status_code == 400 and "quadrant" in bad.text
