"""Control characters in texts, ids with spaces, and the format version (issue 11, items 2, 3)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rendement.model import CaseError, parse_case, parse_summary
from rendement.model.validate import MULTILINE_KEYS

DOCUMENT: dict[str, Any] = {
    "rendement": 1,
    "case": {"id": "buurtcoaches", "title": "Buurtcoaches Noord", "price_year": 2024},
    "stakeholders": [
        {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
        {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
    ],
    "investments": [{"id": "coaches", "stakeholder": "gemeente", "amount": 100000}],
    "outcomes": [
        {"id": "minder", "stakeholder": "zvw", "quantity": 200, "proxy": 30},
        {"id": "welbevinden", "stakeholder": "zvw", "pm": "positive"},
    ],
}


def document() -> dict[str, Any]:
    return copy.deepcopy(DOCUMENT)


def problems(data: Any) -> list[str]:
    with pytest.raises(CaseError) as caught:
        parse_case(data)
    return [f"{issue.path}: {issue.message}" for issue in caught.value.issues]


def test_escape_in_the_title_is_named_with_its_code_and_position() -> None:
    data = document()
    data["case"]["title"] = "Buur\x1btcoaches"
    # B-u-u-r are positions 1 to 4, so ESC is the 5th character
    assert problems(data) == ["case.title: contains a control character (U+001B) at position 5"]


@pytest.mark.parametrize(
    ("char", "code"),
    [("\x00", "0000"), ("\x0c", "000C"), ("\x7f", "007F"), ("\x85", "0085"), ("\x9b", "009B")],
)
def test_nul_form_feed_del_and_c1_are_refused(char: str, code: str) -> None:
    data = document()
    data["stakeholders"][1]["name"] = f"Zorg{char}"
    assert problems(data) == [
        f"stakeholders[1].name: contains a control character (U+{code}) at position 5"
    ]


def test_a_line_break_in_a_one_line_text_is_refused() -> None:
    data = document()
    data["case"]["organisations"] = ["Welzijn Noord", "Welzijn\nZuid"]
    assert problems(data) == [
        "case.organisations[1]: contains a control character (U+000A) at position 8"
    ]


def test_tab_and_line_break_are_fine_in_descriptions_and_notes() -> None:
    data = document()
    data["outcomes"][1]["description"] = "Less loneliness:\n\tmeasured by the De Jong scale"
    data["case"]["evidence"] = {"notes": "Line one\nline two"}
    data["case"]["source"] = "Monitor 2023\n\tp. 12"
    case = parse_case(data)
    assert case.outcomes[1].description == "Less loneliness:\n\tmeasured by the De Jong scale"
    assert {"description", "notes", "source"} <= MULTILINE_KEYS


def test_a_title_may_run_over_two_lines_but_holds_no_tab() -> None:
    data = document()
    data["case"]["title"] = "Buurtcoaches\nin Noord\n"  # as YAML `title: |` gives it
    assert parse_case(data).case.title == "Buurtcoaches\nin Noord"
    data["case"]["title"] = "Buurt\tcoaches"
    assert problems(data) == ["case.title: contains a control character (U+0009) at position 6"]


def test_a_pm_item_description_with_an_escape_is_refused() -> None:
    data = document()
    data["outcomes"][1]["description"] = "\x1b[31mred"
    assert problems(data) == [
        "outcomes[1].description: contains a control character (U+001B) at position 1"
    ]


def test_a_control_character_in_an_id_is_one_problem_not_also_a_bad_slug() -> None:
    data = document()
    data["investments"][0]["id"] = "coa\x00ches"
    assert problems(data) == [
        "investments[0].id: contains a control character (U+0000) at position 4"
    ]


def test_a_key_with_a_control_character_is_named_by_its_mapping_without_printing_it() -> None:
    data = document()
    data["case"]["reg\x1bion"] = "Noord"
    (found,) = problems(data)
    assert found == "case: a key contains a control character (U+001B) at position 4"
    assert "\x1b" not in found


def test_a_summary_title_with_nul_is_refused() -> None:
    data = {"rendement": 1, "summary": {"id": "seo", "title": "SEO\x00", "ratio": 1.4}}
    with pytest.raises(CaseError) as caught:
        parse_summary(data)
    assert [str(i) for i in caught.value.issues] == [
        "summary.title: contains a control character (U+0000) at position 4"
    ]


def test_bidi_overrides_are_left_to_the_output_layers() -> None:
    data = document()
    data["case"]["title"] = "Buurt\u202ecoaches"
    assert parse_case(data).case.title == "Buurt\u202ecoaches"


def test_an_id_with_spaces_collides_with_the_bare_id_and_is_named() -> None:
    data = document()
    data["stakeholders"].append({"id": "zvw ", "name": "Zorgverzekeraar 2", "kind": "other"})
    assert problems(data) == [
        "stakeholders[2].id: must not begin or end with a space (got 'zvw ')",
        "stakeholders[2].id: duplicate id 'zvw' (also stakeholders[1])",
    ]


def test_a_reference_with_spaces_is_named_not_silently_stripped() -> None:
    data = document()
    data["outcomes"][0]["stakeholder"] = "zvw "
    assert problems(data) == [
        "outcomes[0].stakeholder: must not begin or end with a space (got 'zvw ')"
    ]


def test_a_declared_id_with_spaces_does_not_also_make_its_references_unknown() -> None:
    data = document()
    data["stakeholders"][1]["id"] = " zvw"
    assert problems(data) == ["stakeholders[1].id: must not begin or end with a space (got ' zvw')"]


@pytest.mark.parametrize(("version", "shown"), [(True, "true"), (1.0, "1.0"), ("1", "'1'")])
def test_only_the_integer_1_is_format_version_1(version: Any, shown: str) -> None:
    data = document()
    data["rendement"] = version
    assert problems(data) == [
        f"rendement: must be 1, the only format version this rendement reads (got {shown})"
    ]


def test_a_summary_with_rendement_true_is_refused() -> None:
    data = {"rendement": True, "summary": {"id": "seo", "title": "SEO", "ratio": 1.4}}
    with pytest.raises(CaseError) as caught:
        parse_summary(data)
    assert [str(i) for i in caught.value.issues] == [
        "rendement: must be 1, the only format version this rendement reads (got true)"
    ]


def test_a_text_of_a_str_subclass_is_checked_too() -> None:
    class Quoted(str):  # as a YAML reader may give a quoted scalar
        pass

    data = document()
    data["case"]["title"] = Quoted("Buurt\x00")
    assert problems(data) == ["case.title: contains a control character (U+0000) at position 6"]
