"""Every label exists in Dutch and English, and every label the code or a template asks for
exists: a missing translation fails here, not in front of a council."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rendement.texts import LANGS, MESSAGES, text

SRC = Path(__file__).resolve().parents[1] / "src" / "rendement"


def test_every_message_has_every_language() -> None:
    for key, languages in MESSAGES.items():
        assert set(languages) == set(LANGS), key
        for lang in LANGS:
            assert languages[lang].strip(), f"{key} is empty in {lang}"


def test_placeholders_agree_between_languages() -> None:
    for key, languages in MESSAGES.items():
        fields = {lang: set(re.findall(r"{(\w+)}", languages[lang])) for lang in LANGS}
        assert fields["nl"] == fields["en"], key


def _keys_used() -> set[str]:
    keys: set[str] = set()
    for path in SRC.rglob("*.py"):
        keys |= set(re.findall(r"""\btext\(\s*["']([\w.\- −/]+)["']""", path.read_text("utf-8")))
    for path in (SRC / "report" / "templates").glob("*.j2"):
        keys |= set(re.findall(r"""\bt\(\s*["']([\w.\-]+)["']""", path.read_text("utf-8")))
    return keys


def test_every_label_used_exists() -> None:
    used = _keys_used()
    assert len(used) > 50  # the scan finds the labels
    # a key ending in "." is a prefix completed at run time (see test_dynamic_labels_exist)
    missing = sorted(k for k in used if k not in MESSAGES and not k.endswith("."))
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_dynamic_labels_exist(lang: str) -> None:
    # labels built from a prefix and a value, e.g. "conclusion." ~ ev.conclusion
    for prefix, values in {
        "conclusion": ("positive", "negative", "undetermined"),
        "pm": ("positive", "negative", "small", "large"),
        "report.discounting": ("mkba", "svi"),
        "flag": (
            "subjective_key_figures",
            "expert_only",
            "adjustments_applied",
            "sensitivity_analysis",
            "distribution_shown",
        ),
        "field": ("quadrant", "domain", "method", "evidence_level", "timing"),
        "stat": ("mean", "p5", "p50", "p95"),
        "meta": (
            "method-mix",
            "no-ratio",
            "bad-interval",
            "outside-interval",
            "conservative-dropped",
        ),
    }.items():
        for value in values:
            assert text(f"{prefix}.{value}", lang, rate="x", ids="a", sroi="1", mkba="2")
