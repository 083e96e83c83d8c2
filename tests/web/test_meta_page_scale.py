"""The meta page over a large registry: the forest plot draws the cases with the largest
weights and says how many of how many; the charts are drawn once per content."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from rendement.registry.synthetic import synthetic_summaries
from rendement.usecases.registry import import_paths
from web.conftest import World


def test_a_forest_of_many_cases_shows_the_weightiest_and_says_so(
    sqlite_world: World, tmp_path: Path
) -> None:
    world = sqlite_world
    yaml = YAML(typ="safe")
    for doc in synthetic_summaries(200, seed=5):
        with (tmp_path / f"{doc['summary']['id']}.yaml").open("w") as handle:
            yaml.dump(doc, handle)
    import_paths(world.client.app.state.registry, [tmp_path], "tests")  # type: ignore[attr-defined]
    world.sign_in("viewer")
    first = world.client.get("/meta")
    assert first.status_code == 200
    caption = first.text.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert caption.startswith("De 40 cases met het grootste gewicht")
    with_interval = sum(
        1
        for d in synthetic_summaries(200, seed=5)
        if d["summary"]["status"] == "included" and isinstance(d["summary"].get("ratio"), dict)
    )
    assert with_interval > 40
    assert f"(smalste interval) van {with_interval};" in caption
    again = world.client.get("/meta")  # the same figures: the same drawing, from the cache
    assert again.text == first.text
