"""The registry report: funnel, forest plot, quadrant map, subgroup tables; nothing external."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from rendement.meta import meta_to_dict, summarise
from rendement.registry import Registry
from rendement.report.pdf import write_pdf
from rendement.report.registry import render_registry
from rendement.usecases.registry import import_paths, meta_inputs, report_cases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    folder = tmp_path_factory.mktemp("registry")
    registry = Registry.open(f"sqlite:///{folder}/r.sqlite3")
    reports = import_paths(registry, [ROOT / "examples"], "test")
    assert not [r for r in reports if r.action == "rejected"]
    return registry


def render(registry: Registry, lang: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    entries = registry.entries()
    fields = ("quadrant", "method")
    summary = summarise(meta_inputs(entries), by=fields, resamples=500)
    result = meta_to_dict(summary)
    html = render_registry(result, report_cases(entries), fields, lang, summary.notices)
    return html, result


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_registry_report_shows_the_funnel_and_every_case(bundled: Registry, lang: str) -> None:
    html, result = render(bundled, lang)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    f = result["funnel"]
    assert f["longlist"] == 15 and f["included"] == 11
    assert f"{f['longlist']} " in text and str(f["included"]) in text
    for entry in bundled.entries():
        assert entry.title in text
    assert ("Trechter" if lang == "nl" else "Funnel") in text
    assert ("minimumvariant" if lang == "nl" else "minimum variant") in text
    assert "SEOR" in text  # the reference point, shown beside the pool


def test_registry_report_fetches_nothing(bundled: Registry) -> None:
    html, _ = render(bundled, "nl")
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#|data:)""", html)
    assert html.count("<svg") >= 2  # funnel and quadrant map (no intervals: no forest plot)


def test_registry_report_pdf_carries_the_mean_ratio(bundled: Registry, tmp_path: Path) -> None:
    html, result = render(bundled, "en")
    pdf = tmp_path / "meta.pdf"
    write_pdf(html, pdf)
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert f"{result['mean']:.2f}" in out


def test_registry_report_says_its_warnings_in_the_report_language(bundled: Registry) -> None:
    nl, _ = render(bundled, "nl")
    en, _ = render(bundled, "en")
    # the seven SEO summaries carry a balance sign but no ratio
    assert "tellen niet mee in de statistiek" in nl
    assert "left out of the statistics" in en and "left out of the statistics" not in nl
