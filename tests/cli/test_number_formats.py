"""Numbers in tables and reports read as they were given (Babel formats, no padding zeros,
no lost decimals): 3.9 is ``3,9`` not ``3,9000``; 52.5 is ``52,5`` not ``52``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli.main import app
from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.io.yamlio import load_case
from rendement.model import parse_case
from rendement.report.context import build_context
from rendement.report.html import render_case
from rendement.texts import figure

ROOT = Path(__file__).parents[2]
COACHES = ROOT / "examples" / "buurtcoaches-ouderen.yaml"


@pytest.mark.parametrize(
    ("x", "nl", "en"),
    [
        (3.9, "3,9", "3.9"),
        (52.5, "52,5", "52.5"),
        (0.035, "0,035", "0.035"),
        (36136.0, "36.136", "36,136"),
        (1600.6543, "1.600,65", "1,600.65"),  # two decimals from 10 up to 10,000
        (0.123456, "0,1235", "0.1235"),  # four below 10
        (-0.0, "0", "0"),
    ],
)
def test_figure_keeps_the_digits_a_value_has(x: float, nl: str, en: str) -> None:
    assert (figure(x, "nl"), figure(x, "en")) == (nl, en)


def _rows(out: str) -> dict[str, list[str]]:
    rows = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) > 1:
            rows[cells[0]] = cells[1:]
    return rows


def test_sensitivity_tables_show_values_without_padding_or_rounding() -> None:
    result = CliRunner().invoke(app, ["sensitivity", str(COACHES)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    rows = _rows(result.output)
    # tornado: the pooled attribution's P5 and P95, 0.17601… and 0.44371…, to four decimals
    # and no padding (a range of 0.1 to 0.5 read "0,1000" and "0,5000")
    assert rows["outcomes.minder-huisartsbezoek.attribution"][:2] == ["0,176", "0,4437"]
    # switching values: the catalogue proxy € 30.87 of 2022, stated in the case's 2024 euros as
    # 30.87 × 130.31 / 121.43 = 33.127… (was "31"), the rate 3.5 % (was "0,0350")
    assert rows["outcomes.minder-huisartsbezoek.proxy"][0] == "33,13"
    assert rows["discount_rate"][0] == "0,035"
    assert rows["outcomes.uitgestelde-opname.duration"] == ["3", "2,1956"]


def test_report_shows_a_fractional_quantity_range_and_duration() -> None:
    data = load_case(COACHES).data
    outcome = next(o for o in data["outcomes"] if o["id"] == "ontlaste-mantelzorg")
    outcome["quantity"] = {"value": 5000, "low": 2500.5, "high": 7500}
    outcome["duration"] = 2.5
    structure = prepare(parse_case(data))
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    html = render_case(build_context(structure, ev, "nl"))
    start = html.index(f"<td>{outcome['description']}")
    row = re.search(r".*?</tr>", html[start:], flags=re.S)
    assert row is not None
    cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', row.group(0), flags=re.S)
    # quantity 5.000 with its range 2.500,5–7.500 (was "2.500–7.500"); duration 2,5
    assert cells[0] == '5.000<div class="note">2.500,5–7.500</div>'
    assert cells[2] == "2,5"


def test_a_large_sensitivity_table_shows_the_first_40_and_says_how_many_more(
    tmp_path: Path,
) -> None:
    import json as json_

    sys_path = Path(__file__).parents[2] / "benchmarks"
    import sys

    sys.path.insert(0, str(sys_path))
    try:
        from synthetic import synthetic_case
    finally:
        sys.path.remove(str(sys_path))
    case = synthetic_case(30, 5).model_dump(mode="json", exclude_none=True, by_alias=True)
    path = tmp_path / "big.json"
    path.write_text(json_.dumps(case), encoding="utf-8")
    result = CliRunner().invoke(app, ["sensitivity", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    tornado = json_.loads(CliRunner().invoke(app, ["sensitivity", str(path), "--json"]).output)[
        "tornado"
    ]
    # 30 outcomes × 6 ranged parameters + 5 investments + the rate: far more than 40 bars
    assert len(tornado) > 40
    assert f"… en nog {len(tornado) - 40} parameters" in result.output
    everything = CliRunner().invoke(
        app, ["sensitivity", str(path), "--all"], env={"COLUMNS": "200"}
    )
    assert "… en nog" not in everything.output
    assert tornado[-1]["parameter"] in everything.output
