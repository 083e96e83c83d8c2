"""A re-import never silently undoes a screening decision made in the registry."""

from __future__ import annotations

from pathlib import Path

from rendement.registry import Registry
from rendement.usecases import registry as service

from .documents import small_case, summary, write


def test_reimporting_an_unchanged_file_keeps_the_screening(
    registry: Registry, tmp_path: Path
) -> None:
    path = write(tmp_path / "a.yaml", summary("entry-a", year=2010))
    service.import_paths(registry, [path], author="tester")
    service.screen(registry, "entry-a", "excluded", "no effect measured", "screener")

    [report] = service.import_paths(registry, [path], author="tester")

    assert (report.action, report.version) == ("unchanged", 2)
    assert report.note == "screening kept: excluded (no effect measured)"
    entry = registry.entry("entry-a")
    assert (entry.status, entry.reason, entry.current_version) == (
        "excluded",
        "no effect measured",
        2,
    )


def test_reimporting_keeps_an_evidence_override_set_in_the_registry(
    registry: Registry, tmp_path: Path
) -> None:
    # the override came with an earlier file; the newer file no longer carries it
    override = {"level": 4, "reason": "controlled design, see appendix"}
    path = write(tmp_path / "a.yaml", summary("entry-a", evidence_override=override))
    service.import_paths(registry, [path], author="tester")
    service.screen(registry, "entry-a", "included", None, "screener")

    [report] = service.import_paths(registry, [path], author="tester")

    assert report.action == "unchanged"
    assert report.note == (
        "screening kept: included, evidence level 4 (controlled design, see appendix)"
    )
    assert registry.entry("entry-a").evidence_level == 4


def test_a_changed_file_keeps_the_screening_and_says_so(registry: Registry, tmp_path: Path) -> None:
    path = write(tmp_path / "case.yaml", small_case(quantity=100))
    service.import_paths(registry, [path], author="tester")
    service.screen(registry, "kleine-case", "excluded", "double counting", "screener")
    write(path, small_case(quantity=150))

    [report] = service.import_paths(registry, [path], author="tester")

    assert (report.action, report.version) == ("updated", 3)
    assert report.note == "screening kept: excluded (double counting)"
    newest = registry.get("kleine-case")
    assert newest.data["registry"] == {"status": "excluded", "reason": "double counting"}
    assert newest.figures.ratio == 4.5  # 150 × 300 / 10,000: the file's change is taken
    assert registry.entry("kleine-case").status == "excluded"


def test_a_file_that_changes_its_own_status_wins(registry: Registry, tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", summary("entry-a"))
    service.import_paths(registry, [path], author="tester")
    service.screen(registry, "entry-a", "excluded", "out of scope", "screener")
    write(path, summary("entry-a", status="included"))  # the file now decides, on purpose

    [report] = service.import_paths(registry, [path], author="tester")

    assert (report.action, report.version, report.note) == ("updated", 3, None)
    assert registry.entry("entry-a").status == "included"


def test_the_screening_is_kept_over_several_reimports(registry: Registry, tmp_path: Path) -> None:
    # the file's own status (longlist) is remembered per import, so a second change of the
    # file does not mistake the registry's decision for one the file made
    path = write(tmp_path / "a.yaml", summary("entry-a", year=2010))
    service.import_paths(registry, [path], author="tester")
    service.screen(registry, "entry-a", "excluded", "out of scope", "screener")
    write(path, summary("entry-a", year=2011))
    service.import_paths(registry, [path], author="tester")
    write(path, summary("entry-a", year=2012))

    [report] = service.import_paths(registry, [path], author="tester")

    assert (report.action, report.version) == ("updated", 4)
    assert report.note == "screening kept: excluded (out of scope)"
    entry = registry.entry("entry-a")
    assert (entry.status, entry.reason) == ("excluded", "out of scope")
    assert registry.get("entry-a").data["summary"]["year"] == 2012
