"""Importing files: each is added, updated, unchanged or rejected whole, with a report."""

from __future__ import annotations

from pathlib import Path

from rendement.registry import Registry
from rendement.usecases import registry as service

from .documents import small_case, summary, write

BAD_SUMMARY = "rendement: 1\nsummary:\n  id: kapot\n  title: A typo on line 5\n  ratoi: 1.5\n"


def actions(reports: list[service.ImportReport]) -> dict[str, str]:
    return {Path(r.file).name: r.action for r in reports}


def test_each_file_gets_a_report(registry: Registry, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "a.yaml", summary("entry-a", balance="positive"))
    write(folder / "b.json", summary("entry-b", balance="negative"))
    write(folder / "c.yaml", small_case("entry-c"))
    service.import_paths(registry, [folder], author="tester")
    write(folder / "b.json", summary("entry-b", balance="positive"))  # changed
    (folder / "d.yaml").write_text(BAD_SUMMARY, encoding="utf-8")

    reports = service.import_paths(registry, [folder], author="tester", message="second round")

    by_file = {Path(r.file).name: r for r in reports}
    assert actions(reports) == {
        "a.yaml": "unchanged",
        "b.json": "updated",
        "c.yaml": "unchanged",
        "d.yaml": "rejected",
    }
    assert (by_file["a.yaml"].entry_id, by_file["a.yaml"].version) == ("entry-a", 1)
    assert (by_file["b.json"].entry_id, by_file["b.json"].version) == ("entry-b", 2)
    assert by_file["d.yaml"].problems == (
        f"{folder / 'd.yaml'}:5 summary.ratoi: unknown key (did you mean 'ratio'?)",
    )
    assert registry.get("entry-b").message == "second round"


def test_a_bad_file_is_rejected_without_affecting_the_others(
    registry: Registry, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write(folder / "a.yaml", summary("entry-a"))
    (folder / "b.yaml").write_text(BAD_SUMMARY, encoding="utf-8")
    (folder / "c.yaml").write_text("rendement: 1\nsummary: [\n", encoding="utf-8")
    write(folder / "d.yaml", small_case("entry-d"))

    reports = service.import_paths(registry, [folder], author="tester")

    assert actions(reports) == {
        "a.yaml": "added",
        "b.yaml": "rejected",
        "c.yaml": "rejected",
        "d.yaml": "added",
    }
    [broken] = [r for r in reports if r.file.endswith("c.yaml")]
    assert broken.problems[0].startswith(f"{folder / 'c.yaml'}:3: not valid YAML")
    assert [e.id for e in registry.entries()] == ["entry-a", "entry-d"]
    assert registry.consistency_problems() == []


def test_an_overlong_id_does_not_sink_the_other_files(registry: Registry, tmp_path: Path) -> None:
    # the id column holds 200 characters; PostgreSQL enforces that, SQLite does not
    folder = tmp_path / "in"
    write(folder / "a.yaml", summary("entry-a"))
    write(folder / "b.yaml", summary("x" * 250))

    reports = service.import_paths(registry, [folder], author="tester")

    by_file = {Path(r.file).name: r for r in reports}
    assert by_file["a.yaml"].action == "added"
    assert registry.get("entry-a").number == 1
    long = by_file["b.yaml"]
    if long.action == "rejected":
        assert long.problems
    else:
        assert long.action == "added"
        assert registry.get("x" * 250).data["summary"]["id"] == "x" * 250


def test_an_empty_folder_is_reported(registry: Registry, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    [report] = service.import_paths(registry, [tmp_path / "empty"], author="tester")

    assert (report.action, report.problems) == ("rejected", ("no case files in this folder",))


def test_importing_the_same_folder_again_changes_nothing(
    registry: Registry, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    for i in range(5):
        write(folder / f"s{i}.yaml", summary(f"entry-{i}", year=2010 + i))
    write(folder / "case.yaml", small_case())
    service.import_paths(registry, [folder], author="tester")

    again = service.import_paths(registry, [folder], author="someone else")

    assert {r.action for r in again} == {"unchanged"}
    assert {r.version for r in again} == {1}
    assert all(len(registry.history(e.id)) == 1 for e in registry.entries())
    assert {v.author for e in registry.entries() for v in registry.history(e.id)} == {"tester"}


def test_a_changed_file_is_updated_as_version_two(registry: Registry, tmp_path: Path) -> None:
    path = write(tmp_path / "case.yaml", small_case(quantity=100))
    [first] = service.import_paths(registry, [path], author="tester")
    write(path, small_case(quantity=150))

    [second] = service.import_paths(registry, [path], author="tester")

    assert (first.action, first.version) == ("added", 1)
    assert (second.action, second.entry_id, second.version) == ("updated", "kleine-case", 2)
    assert registry.get("kleine-case").figures.ratio == 4.5  # 150 × 300 / 10,000
    assert registry.get("kleine-case", version=1).figures.ratio == 3.0
    assert registry.get("kleine-case").message == "imported from case.yaml"


def test_two_files_with_one_id_are_a_conflict_naming_both(
    registry: Registry, tmp_path: Path
) -> None:
    # the first file read (sorted order) is imported; the second is refused, naming the first,
    # so neither silently becomes a version of the other
    folder = tmp_path / "in"
    write(folder / "a-first.yaml", summary("dubbel", year=2010))
    write(folder / "b-second.yaml", summary("dubbel", year=2020))

    reports = service.import_paths(registry, [folder], author="tester")

    assert [(Path(r.file).name, r.action, r.version) for r in reports] == [
        ("a-first.yaml", "added", 1),
        ("b-second.yaml", "rejected", None),
    ]
    assert reports[1].problems == (
        f"{folder / 'b-second.yaml'}: id 'dubbel' is also the id of {folder / 'a-first.yaml'}, "
        "imported first; this file was not saved (give each entry its own id)",
    )
    assert len(registry.history("dubbel")) == 1
    assert registry.get("dubbel").data["summary"]["year"] == 2010


def test_a_file_given_twice_is_read_once(registry: Registry, tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", summary("entry-a"))

    reports = service.import_paths(registry, [path, tmp_path, path], author="tester")

    assert [(r.action, r.version) for r in reports] == [("added", 1)]
