"""Screening (include, exclude with a reason, back to the longlist), the funnel, evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rendement.meta import summarise
from rendement.registry import Registry, RegistryError
from rendement.usecases import registry as service

from .documents import EXAMPLE_REGISTRY, save, small_case, summary


def funnel(registry: Registry) -> tuple[int, int, int, int]:
    f = summarise(service.meta_inputs(registry.entries())).funnel
    return f.longlist, f.included, f.excluded, f.quantitative


def test_including_an_entry_is_a_new_version(registry: Registry) -> None:
    save(registry, summary("huisbezoek", balance="positive"))

    number = service.screen(registry, "huisbezoek", "included", None, author="screener")

    assert number == 2
    assert registry.entry("huisbezoek").status == "included"
    newest = registry.get("huisbezoek")
    assert newest.data["summary"]["status"] == "included"
    assert (newest.author, newest.message) == ("screener", "screened: included")
    assert registry.get("huisbezoek", version=1).data["summary"].get("status") is None


def test_excluding_an_entry_keeps_its_reason(registry: Registry) -> None:
    save(registry, summary("huisbezoek", balance="positive", status="included"))

    number = service.screen(registry, "huisbezoek", "excluded", "no costs published", "screener")

    assert number == 2
    entry = registry.entry("huisbezoek")
    assert (entry.status, entry.reason) == ("excluded", "no costs published")
    newest = registry.get("huisbezoek")
    assert newest.data["summary"]["reason"] == "no costs published"
    assert newest.message == "screened: excluded (no costs published)"


@pytest.mark.parametrize("reason", [None, ""])
def test_excluding_without_a_reason_is_refused(registry: Registry, reason: str | None) -> None:
    save(registry, summary("huisbezoek", status="included"))

    with pytest.raises(RegistryError, match="an exclusion needs a reason"):
        service.screen(registry, "huisbezoek", "excluded", reason, author="screener")

    assert registry.entry("huisbezoek").status == "included"
    assert len(registry.history("huisbezoek")) == 1


def test_back_to_the_longlist_drops_the_exclusion_reason(registry: Registry) -> None:
    save(registry, summary("huisbezoek"))
    service.screen(registry, "huisbezoek", "excluded", "out of scope", author="a")

    number = service.screen(registry, "huisbezoek", "longlist", None, author="b")

    assert number == 3
    entry = registry.entry("huisbezoek")
    assert (entry.status, entry.reason) == ("longlist", None)
    assert "reason" not in registry.get("huisbezoek").data["summary"]
    assert [v.message for v in registry.history("huisbezoek")][1:] == [
        "screened: excluded (out of scope)",
        "screened: back on the longlist",
    ]


def test_screening_a_full_case_writes_its_registry_block(registry: Registry) -> None:
    save(registry, small_case())

    service.screen(registry, "kleine-case", "excluded", "illustrative only", author="screener")

    newest = registry.get("kleine-case")
    assert newest.data["registry"] == {"status": "excluded", "reason": "illustrative only"}
    assert registry.entry("kleine-case").status == "excluded"
    assert newest.figures == registry.get("kleine-case", version=1).figures


def test_screening_on_a_stale_base_version_is_a_conflict(registry: Registry) -> None:
    save(registry, summary("huisbezoek"))
    service.screen(registry, "huisbezoek", "included", None, author="a")

    with pytest.raises(RegistryError, match="version 1 is no longer the newest"):
        service.screen(registry, "huisbezoek", "excluded", "late", author="b", base_version=1)

    assert registry.entry("huisbezoek").status == "included"


def test_the_funnel_counts_the_screening(registry: Registry) -> None:
    service.import_paths(registry, [EXAMPLE_REGISTRY], author="tester")
    assert funnel(registry) == (7, 7, 0, 7)  # the seven SEO projects, all included

    service.screen(registry, "seo-teentalk", "excluded", "no effect measured", "screener")
    service.screen(registry, "seo-all-stars", "excluded", "foreign literature", "screener")
    service.screen(registry, "seo-maaltijdvoorziening", "longlist", None, "screener")

    # the longlist counts every entry; 7 - 2 excluded - 1 unscreened = 4 included
    assert funnel(registry) == (7, 4, 2, 4)


# ---- evidence ---------------------------------------------------------------------------

LEVELS: list[tuple[str, dict[str, Any], int]] = [
    ("rct-with-follow-up", {"design": "rct", "control_group": True, "follow_up_years": 1}, 5),
    ("rct-long-follow-up", {"design": "rct", "control_group": True, "follow_up_years": 3}, 5),
    ("quasi-experiment", {"design": "quasi-experimental", "control_group": True}, 4),
    ("pre-post", {"design": "pre-post", "control_group": False}, 3),
    ("literature", {"design": "literature", "control_group": False}, 2),
    ("monitoring", {"design": "monitoring"}, 2),
    ("expert-estimate", {"design": "expert-estimate", "control_group": False}, 1),
]


@pytest.mark.parametrize(("name", "evidence", "level"), LEVELS, ids=[x[0] for x in LEVELS])
def test_the_evidence_level_is_derived_from_the_design(
    registry: Registry, name: str, evidence: dict[str, Any], level: int
) -> None:
    save(registry, summary(name, evidence=evidence))

    assert registry.entry(name).evidence_level == level
    figures = registry.get(name).figures
    assert (figures.evidence_level, figures.evidence_level_derived) == (level, level)
    assert registry.entries(evidence_level=level)[0].id == name


def test_an_evidence_override_with_its_reason_wins_over_the_derived_level(
    registry: Registry,
) -> None:
    override = {"level": 4, "reason": "recognised by the Dutch database of effective work"}
    save(
        registry,
        summary("huisbezoek", evidence={"design": "literature"}, evidence_override=override),
    )

    assert registry.entry("huisbezoek").evidence_level == 4
    figures = registry.get("huisbezoek").figures
    assert (figures.evidence_level, figures.evidence_level_derived) == (4, 2)


def test_a_full_case_can_override_its_evidence_level(registry: Registry) -> None:
    save(registry, small_case(status="included", evidence_override={"level": 5, "reason": "RCT"}))

    figures = registry.get("kleine-case").figures
    assert (figures.evidence_level, figures.evidence_level_derived) == (5, 3)  # pre-post → 3


def test_an_evidence_override_without_a_reason_is_rejected(
    registry: Registry, tmp_path: Path
) -> None:
    path = tmp_path / "huisbezoek.yaml"
    path.write_text(
        "rendement: 1\n"
        "summary:\n"
        "  id: huisbezoek\n"
        "  title: Preventieve huisbezoeken\n"
        "  evidence: {design: literature}\n"
        "  evidence_override: {level: 4}\n",
        encoding="utf-8",
    )

    [report] = service.import_paths(registry, [path], author="tester")

    assert report.action == "rejected"
    assert report.problems == (f"{path}:6 summary.evidence_override.reason: required, but missing",)
    assert registry.count() == 0


# ---- flags of a full case ---------------------------------------------------------------


def flags(registry: Registry, data: dict[str, Any]) -> dict[str, bool | None]:
    result = save(registry, data)
    return registry.get(result.entry_id).figures.flags


def test_a_proxy_without_ref_or_source_flags_subjective_key_figures(registry: Registry) -> None:
    sourced = small_case("bron", proxy={"value": 300, "source": "KH2024"})
    catalogue = small_case("catalogus", proxy={"ref": "care/gp-consult"})
    unsourced = small_case("geen-bron", proxy={"value": 300})

    assert flags(registry, sourced)["subjective_key_figures"] is False
    assert flags(registry, catalogue)["subjective_key_figures"] is False
    assert flags(registry, unsourced)["subjective_key_figures"] is True


def test_a_range_flags_a_sensitivity_analysis(registry: Registry) -> None:
    assert flags(registry, small_case("punt", quantity=100))["sensitivity_analysis"] is False
    ranged = {"value": 100, "low": 50, "high": 150}
    assert flags(registry, small_case("bereik", quantity=ranged))["sensitivity_analysis"] is True


def test_more_than_one_stakeholder_flags_the_distribution(registry: Registry) -> None:
    assert flags(registry, small_case("twee", stakeholders=2))["distribution_shown"] is True
    assert flags(registry, small_case("een", stakeholders=1))["distribution_shown"] is False
