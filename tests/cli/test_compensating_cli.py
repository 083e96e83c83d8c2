"""The compensating proposal (method.md §8) as ``rendement calc`` prints it."""

from __future__ import annotations

import json
from pathlib import Path

from cli_process import run_main
from tests.engine.builders import case_dict
from tests.report.test_compensating_report import COST_SHIFT, SHORT


def test_calc_prints_the_compensating_table_and_the_shortfall(tmp_path: Path) -> None:
    for name, data in (("shift", COST_SHIFT), ("short", SHORT)):
        (tmp_path / f"{name}.json").write_text(json.dumps(case_dict(**data)), encoding="utf-8")
    shift = run_main("calc", str(tmp_path / "shift.json"), "--lang", "en")
    assert shift.returncode == 0, shift.stderr
    assert "Compensating proposal (no party worse off)" in shift.stdout
    short = run_main("calc", str(tmp_path / "short.json"), "--lang", "en", "--json")
    comp = json.loads(short.stdout)["cofinancing"]["compensating"]
    assert comp == {"surplus": -50.0, "shortfall": 50.0, "stakeholders": []}
    short_table = run_main("calc", str(tmp_path / "short.json"), "--lang", "en")
    assert "the benefits fall €50 short of the investment" in short_table.stdout
