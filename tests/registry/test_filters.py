"""Filtering the entries: status, method, quadrant, evidence level; unknown filters refused."""

from __future__ import annotations

import pytest

from rendement.registry import Registry, RegistryError

from .documents import save, small_case, summary


@pytest.fixture
def filled(registry: Registry) -> Registry:
    save(
        registry,
        summary(
            "a-rct",
            status="included",
            method="mkba",
            typology={"approach": "preventive", "problems": "multiple"},
            evidence={"design": "rct", "control_group": True, "follow_up_years": 2},
        ),
    )  # level 5
    save(
        registry,
        summary(
            "b-pre-post",
            status="included",
            method="sroi",
            typology={"approach": "preventive", "problems": "multiple"},
            evidence={"design": "pre-post"},
        ),
    )  # level 3
    save(
        registry,
        summary(
            "c-literature",
            method="mkba",
            typology={"approach": "curative", "problems": "single"},
            evidence={"design": "literature"},
        ),
    )  # level 2, longlist
    save(
        registry,
        summary(
            "d-expert",
            status="excluded",
            reason="no figures",
            method="mkba",
            typology={"approach": "preventive", "problems": "single"},
            evidence={"design": "expert-estimate"},
        ),
    )  # level 1
    save(
        registry,
        summary(
            "e-quasi",
            status="included",
            method="mkba",
            typology={"approach": "curative", "problems": "multiple"},
            evidence={"design": "quasi-experimental", "control_group": True},
        ),
    )  # level 4
    save(registry, small_case("f-case", status="included"))  # sroi, preventive/multiple, level 3
    return registry


def ids(registry: Registry, **filters: str | int | None) -> list[str]:
    return [e.id for e in registry.entries(**filters)]


def test_without_filters_every_entry_is_listed_by_id(filled: Registry) -> None:
    assert ids(filled) == ["a-rct", "b-pre-post", "c-literature", "d-expert", "e-quasi", "f-case"]


def test_filter_by_status(filled: Registry) -> None:
    assert ids(filled, status="included") == ["a-rct", "b-pre-post", "e-quasi", "f-case"]
    assert ids(filled, status="excluded") == ["d-expert"]
    assert ids(filled, status="longlist") == ["c-literature"]


def test_filter_by_method(filled: Registry) -> None:
    assert ids(filled, method="mkba") == ["a-rct", "c-literature", "d-expert", "e-quasi"]
    assert ids(filled, method="sroi") == ["b-pre-post", "f-case"]
    assert ids(filled, method="business-case") == []


def test_filter_by_quadrant(filled: Registry) -> None:
    assert ids(filled, quadrant="preventive/multiple") == ["a-rct", "b-pre-post", "f-case"]
    assert ids(filled, quadrant="curative/single") == ["c-literature"]
    assert all(
        e.quadrant == "preventive/multiple" for e in filled.entries(quadrant="preventive/multiple")
    )


def test_filter_by_evidence_level(filled: Registry) -> None:
    assert ids(filled, evidence_level=5) == ["a-rct"]
    assert ids(filled, evidence_level=4) == ["e-quasi"]
    assert ids(filled, evidence_level=3) == ["b-pre-post", "f-case"]
    assert ids(filled, evidence_level=2) == ["c-literature"]
    assert ids(filled, evidence_level=1) == ["d-expert"]


def test_filters_combine(filled: Registry) -> None:
    assert ids(filled, status="included", method="mkba", quadrant="preventive/multiple") == [
        "a-rct"
    ]
    assert ids(filled, status="included", quadrant="preventive/multiple", evidence_level=3) == [
        "b-pre-post",
        "f-case",
    ]


def test_a_filter_given_as_none_is_ignored(filled: Registry) -> None:
    assert ids(filled, status=None, method="sroi") == ["b-pre-post", "f-case"]


def test_filters_follow_the_newest_version(filled: Registry) -> None:
    data = summary(
        "c-literature",
        status="included",
        method="sroi",
        typology={"approach": "preventive", "problems": "multiple"},
        evidence={"design": "literature"},
    )
    save(filled, data, base_version=1)

    assert ids(filled, status="included", quadrant="preventive/multiple", method="sroi") == [
        "b-pre-post",
        "c-literature",
        "f-case",
    ]
    assert "c-literature" not in ids(filled, quadrant="curative/single")


def test_an_unknown_filter_is_refused(filled: Registry) -> None:
    with pytest.raises(RegistryError, match="unknown filter colour"):
        filled.entries(colour="red")
