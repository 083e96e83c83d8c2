"""Runs too large to keep every draw take two passes in constant memory and give the same
figures as a run that keeps them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.engine import prepare
from rendement.engine.simulate import simulate
from rendement.io.yamlio import load_case

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["buurtcoaches-ouderen", "schuldhulp-vroegsignalering"])
def test_two_pass_run_equals_the_run_that_keeps_every_draw(name: str) -> None:
    structure = prepare(load_case(ROOT / "examples" / f"{name}.yaml").case)
    kept = simulate(structure, 30_000, seed=3)
    streamed = simulate(structure, 30_000, seed=3, store_limit=1_000)
    # percentiles are exact order statistics either way
    for a, b in (
        (kept.npv, streamed.npv),
        (kept.sroi_ratio, streamed.sroi_ratio),
        (kept.bcr, streamed.bcr),
    ):
        assert (a.p2_5, a.p5, a.p50, a.p95, a.p97_5) == (b.p2_5, b.p5, b.p50, b.p95, b.p97_5)
        assert a.mean == pytest.approx(b.mean, rel=1e-12)
        assert a.sd == pytest.approx(b.sd, rel=1e-9)
    assert kept.p_npv_positive == streamed.p_npv_positive
    assert kept.evpi == pytest.approx(streamed.evpi, rel=1e-9, abs=1e-6)
    for (pa, va), (pb, vb) in zip(kept.evppi, streamed.evppi, strict=True):
        assert pa == pb and va == pytest.approx(vb, rel=1e-9, abs=1e-6)
    for a, b in zip(kept.stakeholders, streamed.stakeholders, strict=True):
        assert (a.p5, a.p50, a.p95) == (b.p5, b.p50, b.p95)
        assert a.p_net_positive == b.p_net_positive
        assert a.p_net_positive_cofinanced == b.p_net_positive_cofinanced
    assert kept.npv_histogram[1] == streamed.npv_histogram[1]
    assert kept.npv_histogram[0] == pytest.approx(streamed.npv_histogram[0])
