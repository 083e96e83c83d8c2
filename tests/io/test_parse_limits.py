"""Texts that would make a parser recurse, loop or explode are refused while parsing, with a
line, on both readers: the fast libyaml one and ruamel.yaml (which reads files the fast one
gives up on). Also: byte order marks, control characters, long integers, unknown tags."""

from __future__ import annotations

import json
import time
import warnings

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rendement.io import fastyaml
from rendement.io.yamlio import _rt_parse, read_document
from rendement.model import CaseError

DEEP = "rendement: 1\ncase:\n  organisations: " + "[" * 300 + "]" * 300 + "\n"
LOOP = "rendement: 1\na: &x [*x]\n"
BOMB = "rendement: 1\nx: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def _messages(error: pytest.ExceptionInfo[CaseError]) -> list[str]:
    return [str(i) for i in error.value.issues]


def test_the_bomb_is_small_and_would_expand_to_hundreds_of_millions() -> None:
    # each of the 8 levels holds 9 aliases of the level below: 9 ** 9 = 387,420,489 texts
    assert len(BOMB) < 420
    assert BOMB.count("*") == 8 * 9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DEEP, "c.yaml:3: nested more than 64 levels deep"),
        (LOOP, "c.yaml:2 a[0]: alias '*x' refers to the list or mapping that contains it (a loop)"),
        # sizes, list + items: a 10, b 1 + 9 * 10 = 91, c 820, d 7381, e 66430; aliases added
        # 9 * (10 + 91 + 820 + 7381) = 74718 before f; f's first *e adds 66430 → 141148 > 1e5
        (BOMB, "c.yaml:7 f[0]: aliases expand the document beyond 100000 values (an alias bomb?)"),
    ],
    ids=["deep", "loop", "bomb"],
)
@pytest.mark.parametrize("reader", ["libyaml", "ruamel"])
def test_recursion_and_expansion_are_refused_with_a_line(
    text: str, expected: str, reader: str
) -> None:
    started = time.perf_counter()
    with pytest.raises(CaseError) as caught:
        if reader == "libyaml":
            fastyaml.fast_load(text, "c.yaml")
        else:
            _rt_parse(text, "c.yaml", checked=False)
    assert _messages(caught) == [expected]
    assert time.perf_counter() - started < 1.0


def test_a_reused_anchor_name_means_the_newest_node() -> None:
    # YAML lets a later anchor reuse a name; *x then means the newest node of that name
    data, _ = read_document("a: &x [1]\nb: &x [2]\nc: *x\n", "c.yaml")
    assert data == {"a": [1], "b": [2], "c": [2]}


def test_a_reused_anchor_name_gives_no_warning_from_ruamel() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data, _ = _rt_parse("a: &x 1\nb: &x 2\nc: *x\n", "c.yaml", checked=False)
    assert data == {"a": 1, "b": 2, "c": 2}


def test_ordinary_aliases_still_work() -> None:
    data, _ = read_document("a: &who {id: zvw}\nb: [*who, *who]\n", "c.yaml")
    assert data == {"a": {"id": "zvw"}, "b": [{"id": "zvw"}, {"id": "zvw"}]}


def test_deep_json_is_refused_with_its_line() -> None:
    text = '{"rendement": 1,\n "case": ' + "[" * 300 + "]" * 300 + "}\n"
    with pytest.raises(CaseError) as caught:
        read_document(text, "c.json")
    assert _messages(caught) == ["c.json:2: nested more than 64 levels deep"]


def test_json_nested_beyond_pythons_recursion_limit_is_refused() -> None:
    text = '{"a": "[{",\n "b": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(CaseError) as caught:
        read_document(text, "c.json")
    # the brackets inside the text "[{" do not count
    assert _messages(caught) == ["c.json:2: nested more than 64 levels deep"]


def test_yaml_nested_beyond_libyamls_own_limit_is_refused_fast() -> None:
    text = "a:\n  " + "[" * 100_000 + "]" * 100_000 + "\n"
    started = time.perf_counter()
    with pytest.raises(CaseError) as caught:
        read_document(text, "c.yaml")
    assert _messages(caught) == ["c.yaml:2: nested more than 64 levels deep"]
    assert time.perf_counter() - started < 1.0


def test_json_at_the_depth_limit_is_read() -> None:
    # the object is level 1, so 63 arrays inside it make 64 levels
    text = '{"a": ' + "[" * 63 + "]" * 63 + "}"
    data, _ = read_document(text, "c.json")
    assert isinstance(data["a"], list)


def test_yaml_at_the_depth_limit_is_read() -> None:
    text = "a: " + "[" * 63 + "]" * 63 + "\n"
    ok, data = fastyaml.fast_load(text)
    assert ok
    assert isinstance(data["a"], list)


@pytest.mark.parametrize("reader", ["libyaml", "ruamel"])
def test_a_400_digit_yaml_integer_is_too_large(reader: str) -> None:
    text = "rendement: 1\ncase:\n  participants: " + "9" * 400 + "\n"
    with pytest.raises(CaseError) as caught:
        if reader == "libyaml":
            fastyaml.fast_load(text, "c.yaml")
        else:
            _rt_parse(text, "c.yaml", checked=False)
    assert _messages(caught) == ["c.yaml:3 case.participants: number too large (400 digits)"]


def test_a_5000_digit_json_integer_is_too_large_not_a_value_error() -> None:
    text = '{"rendement": 1,\n "case": {"participants": -' + "9" * 5000 + "}}"
    with pytest.raises(CaseError) as caught:
        read_document(text, "c.json")
    assert _messages(caught) == ["c.json:2 case.participants: number too large (5000 digits)"]


def test_a_100_digit_integer_is_still_a_number() -> None:
    data, _ = read_document("a: " + "9" * 100 + "\n", "c.yaml")
    assert data == {"a": 10**100 - 1}


def test_custom_tag_is_an_unknown_tag() -> None:
    with pytest.raises(CaseError) as caught:
        read_document("outcomes:\n  - quantity: !euro 50\n", "c.yaml")
    assert _messages(caught) == [
        "c.yaml:2 outcomes[0].quantity: unknown tag '!euro'; write the value without a tag"
    ]


def test_custom_tag_on_a_mapping_is_an_unknown_tag() -> None:
    with pytest.raises(CaseError) as caught:
        _rt_parse("case: !!omap\n  - a: 1\n", "c.yaml", checked=False)
    assert _messages(caught) == [
        "c.yaml:1 case: unknown tag '!!omap'; write the value without a tag"
    ]


def test_standard_tags_are_read() -> None:
    data, _ = read_document("a: !!str 12\nb: !!int '7'\nc: !!float 1.5\nd: ! x\n", "c.yaml")
    assert data == {"a": "12", "b": 7, "c": 1.5, "d": "x"}


@pytest.mark.parametrize("name", ["c.json", "c.yaml"])
def test_byte_order_mark_is_stripped(name: str) -> None:
    data, source = read_document('\ufeff{"rendement": 1,\n "case": {"id": "x"}}', name)
    assert data == {"rendement": 1, "case": {"id": "x"}}
    assert source.line_of(("case", "id")) == 2


@pytest.mark.parametrize("name", ["c.json", "c.yaml"])
def test_nul_byte_is_a_control_character_with_its_line_and_column(name: str) -> None:
    text = '{"rendement": 1,\n "case": {"id": "a\x00b"}}'
    with pytest.raises(CaseError) as caught:
        read_document(text, name)
    # ' "case": {"id": "a' is 18 characters, so the NUL is in column 19
    assert _messages(caught) == [
        f"{name}:2: control character U+0000 (column 19) is not allowed in a case file"
    ]


def test_escape_in_yaml_is_a_control_character() -> None:
    with pytest.raises(CaseError) as caught:
        read_document("a: 1\nb: x\x1b[31m\n", "c.yaml")
    assert _messages(caught) == [
        "c.yaml:2: control character U+001B (column 5) is not allowed in a case file"
    ]


def test_raw_tab_inside_a_json_text_is_a_control_character() -> None:
    with pytest.raises(CaseError) as caught:
        read_document('{"a":\n\t"x\ty"}', "c.json")
    # the tab before "x" is whitespace JSON allows; the one inside the text is column 4
    assert _messages(caught) == [
        "c.json:2: control character U+0009 (column 4) is not allowed in a case file"
    ]


def test_json_with_a_big_float_and_unicode_reads_as_before() -> None:
    doc = {"a": 1.5e300, "b": "Café ✓", "c": [1, {"d": None}]}
    data, _ = read_document(json.dumps(doc), "c.json")
    assert data == doc


def test_fast_reader_gives_the_same_data_as_ruamel() -> None:
    text = (
        "a: [1, 010, 0o10, 0x1f, -2, +3]\nb: [1.5, .5, 1e3, -.inf, yes, on, true, FALSE]\n"
        "c: [~, null, '', \"q\"]\nd: 2024-03-12\n2: int key\ntrue: bool key\ne:\n"
    )
    ok, fast = fastyaml.fast_load(text)
    slow, _ = _rt_parse(text, "c.yaml", checked=False)
    assert ok
    assert fast == slow
    assert fast["a"] == [1, 10, 8, 31, -2, 3]
    assert fast["b"][4:] == ["yes", "on", True, False]
    assert fast["e"] is None
    assert list(fast)[4:6] == ["2", "True"]


def test_long_json_integer_is_located_even_when_yaml_cannot_read_the_json() -> None:
    # a key of 1,100 characters is JSON but not YAML (implicit keys end at 1,024), so the
    # line comes from the text; the 200 nines inside the text "id" are not a number
    text = '{"id": "' + "9" * 200 + '",\n"' + "k" * 1100 + '": ' + "9" * 5000 + "}"
    with pytest.raises(CaseError) as caught:
        read_document(text, "c.json")
    assert _messages(caught) == ["c.json:2: number too large (5000 digits)"]


def test_aliased_lists_are_copies_not_shared() -> None:
    data, _ = read_document("a: &x [1]\nb: *x\n", "c.yaml")
    data["b"].append(2)
    assert data["a"] == [1]


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, width=64)
    | st.text(max_size=12)
    | st.sampled_from(["yes", "no", "on", "010", "0o10", "0x1f", "1e3", "~", "2024-03-12", ""])
)
_DOCUMENTS = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.recursive(
        _SCALARS,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        ),
        max_leaves=12,
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(_DOCUMENTS, st.booleans())
def test_fast_reader_reads_what_ruamel_reads(document: dict[str, object], flow: bool) -> None:
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    ok, fast = fastyaml.fast_load(text)
    slow, _ = _rt_parse(text, "c.yaml", checked=False)
    assert ok
    assert fast == slow
