"""Export and import back lose nothing: entries, statuses, figures and documents."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rendement.registry import Registry, RegistryError
from rendement.usecases import registry as service

from .conftest import DATABASES
from .documents import EXAMPLES, save, summary


def projections(registry: Registry) -> dict[str, dict[str, Any]]:
    """The entries' columns, without what differs by nature (when, and how many versions)."""
    return {
        e.id: {
            k: v
            for k, v in dataclasses.asdict(e).items()
            if k not in ("updated_at", "current_version")
        }
        for e in registry.entries()
    }


def assert_same_registry(a: Registry, b: Registry) -> None:
    assert projections(a) == projections(b)
    for entry in a.entries():
        assert b.get(entry.id).data == a.get(entry.id).data, entry.id
        assert b.get(entry.id).figures == a.get(entry.id).figures, entry.id


def filled(registry: Registry) -> Registry:
    """The examples (with examples/registry/), one excluded and one put back on the longlist."""
    reports = service.import_paths(registry, [EXAMPLES], author="tester")
    assert {r.action for r in reports} == {"added"} and len(reports) == 15
    service.screen(registry, "seo-teentalk", "excluded", "no effect measured", "screener")
    service.screen(registry, "samenoud", "longlist", None, "screener")
    return registry


def test_export_and_import_into_an_empty_registry_lose_nothing(
    registry: Registry, open_registry: Callable[[str], Registry], tmp_path: Path
) -> None:
    source = filled(registry)
    kind = source.engine.url.get_backend_name()
    written = service.export(source, tmp_path / "export")
    target = open_registry(kind)

    reports = service.import_paths(target, [tmp_path / "export"], author="tester")

    assert len(written) == 15
    assert [r.action for r in reports] == ["added"] * 15
    assert_same_registry(source, target)
    assert target.entry("seo-teentalk").reason == "no effect measured"
    assert target.entry("samenoud").status == "longlist"


def test_an_export_imported_into_its_own_registry_is_unchanged(
    registry: Registry, tmp_path: Path
) -> None:
    filled(registry)
    service.export(registry, tmp_path / "export")

    reports = service.import_paths(registry, [tmp_path / "export"], author="tester")

    assert {r.action for r in reports} == {"unchanged"}


def test_sqlite_exported_into_postgresql_loses_nothing(
    open_registry: Callable[[str], Registry], tmp_path: Path
) -> None:
    source = filled(open_registry("sqlite"))
    service.export(source, tmp_path / "export")
    target = open_registry("postgresql")

    reports = service.import_paths(target, [tmp_path / "export"], author="tester")

    assert [r.action for r in reports] == ["added"] * 15
    assert_same_registry(source, target)


@pytest.mark.parametrize("kind", DATABASES)
def test_a_title_over_two_lines_survives_the_export(
    kind: str, open_registry: Callable[[str], Registry], tmp_path: Path
) -> None:
    # a title may hold a line break (YAML `title: |`); export writes the title into a comment
    source = open_registry(kind)
    save(source, summary("twee-regels", title="Preventieve huisbezoeken\nin Noord: 2011"))
    service.export(source, tmp_path / "export")
    target = open_registry(kind)

    reports = service.import_paths(target, [tmp_path / "export"], author="tester")

    assert [(r.action, r.problems) for r in reports] == [("added", ())]
    assert target.get("twee-regels").data == source.get("twee-regels").data


def test_an_export_over_existing_files_writes_nothing_unless_forced(
    registry: Registry, tmp_path: Path
) -> None:
    save(registry, summary("entry-a"))
    save(registry, summary("entry-b"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "entry-b.yaml").write_text("# someone's own file\n", encoding="utf-8")

    with pytest.raises(RegistryError) as refused:
        service.export(registry, out)

    assert str(refused.value) == (
        f"{out / 'entry-b.yaml'}: already exists; export replaces no file unless --force"
    )
    assert sorted(p.name for p in out.iterdir()) == ["entry-b.yaml"]  # a.yaml not written
    written = service.export(registry, out, force=True)
    assert [p.name for p in written] == ["entry-a.yaml", "entry-b.yaml"]  # each entry once
    assert sorted(p.name for p in out.iterdir()) == ["entry-a.yaml", "entry-b.yaml"]
    assert "version 1 of the registry" in (out / "entry-b.yaml").read_text(encoding="utf-8")


def test_an_export_keeps_the_screening(registry: Registry, tmp_path: Path) -> None:
    save(registry, summary("entry-a"))
    service.screen(registry, "entry-a", "excluded", "out of scope", "screener")

    [path] = service.export(registry, tmp_path / "out")

    text = path.read_text(encoding="utf-8")
    assert "status: excluded" in text and "reason: out of scope" in text
