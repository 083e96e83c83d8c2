"""Which option is best, over the draws (method.md §13): P(best) and the acceptability curve.

**Common random numbers.** Every ranged parameter is drawn from one uniform per draw, keyed
by its path: a parameter two options share (the same outcome's attribution in the case and in
an alternative) has one draw for both, also when an alternative gives it another range (the
same quantile of each). The case's uniforms are the stream ``simulate`` draws for it (seed
``s``, in the sampler's order), so its NPV draws here are those of its own simulation; paths
only the alternatives have are drawn from a second stream (seed ``[s, 1]``), in the order
they first appear. An alternative identical to the case therefore has identical NPV draws.

**Ties.** In each draw the best option is the one with the largest NPV, *do nothing* (NPV 0)
included. Options within ``TIE`` (relative, at least 1e-9 money) of the largest are tied, and
a tie goes to the first of: do nothing, the case, the alternatives in the file's order — the
option that changes least. So an alternative identical to the case is never best, and
P(best) sums to 1.

**Acceptability curve.** One parameter is fixed in turn at 11 evenly spaced points of its
range (its low..high as the tornado uses them), the others drawn as above; the same draws at
every point. The parameter is fixed in every option that has it, except one that sets it
itself (its own value is part of that alternative).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from rendement.engine.alternatives import DO_NOTHING, Option
from rendement.engine.distributions import Sampler
from rendement.engine.parameters import FloatArray, Structure
from rendement.engine.present import investment_present_values, outcome_present_values
from rendement.engine.results import membership
from rendement.engine.simulate import simulation_horizon
from rendement.model import CaseError, Issue
from rendement.model.errors import closest

CHUNK = 8192
TIE = 1e-9
POINTS = 11


@dataclass(frozen=True)
class Choice:
    """P(best) per option, do nothing first; the probabilities sum to 1."""

    draws: int
    seed: int
    p_best: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class CurvePoint:
    value: float
    p_best: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Acceptability:
    """P(best) per option as ``parameter`` moves over its range (low..high)."""

    parameter: str
    low: float
    high: float
    draws: int
    seed: int
    points: tuple[CurvePoint, ...]


class _Streams:
    """The uniforms of every ranged path of every option, drawn chunk by chunk."""

    def __init__(self, options: Sequence[Option], seed: int) -> None:
        base = options[0].structure
        ranged = base.ranged
        order = Sampler.for_numbers(tuple(p.number for p in ranged)).order
        paths = [ranged[k].path for k in order]  # simulate's column order for the case
        self.n_base = len(paths)
        for option in options[1:]:
            for p in option.structure.ranged:
                if p.path not in paths:
                    paths.append(p.path)
        self.column = {path: k for k, path in enumerate(paths)}
        self.base_rng = np.random.default_rng(seed)
        self.extra_rng = np.random.default_rng([seed, 1])

    def draw(self, m: int) -> FloatArray:
        u_base = self.base_rng.random((m, self.n_base))
        u_extra = self.extra_rng.random((m, len(self.column) - self.n_base))
        return np.hstack([u_base, u_extra])


class _OptionDraws:
    """Turns the shared uniforms into one option's parameter rows and NPVs."""

    def __init__(self, option: Option, column: dict[str, int]) -> None:
        structure = option.structure
        ranged = structure.ranged
        self.structure = structure
        self.sampler = Sampler.for_numbers(tuple(p.number for p in ranged))
        # uniform column j of the sampler drives ranged[order[j]]: take it from its path
        self.uniforms = np.array(
            [column[ranged[k].path] for k in self.sampler.order], dtype=np.intp
        )
        self.columns = np.array([structure.index[p.path] for p in ranged], dtype=np.intp)
        normal = [p for p in ranged if p.number.effective_dist == "normal"]
        self.unbounded = np.array([structure.index[p.path] for p in normal], dtype=np.intp)
        self.floor = np.array([p.floor for p in normal])
        self.ceiling = np.array([p.ceiling for p in normal])
        self.base = structure.base_row()
        self.years = simulation_horizon(structure)
        ids = structure.stakeholder_ids
        self.to_value = membership([o.stakeholder for o in structure.outcomes], ids)
        self.to_investment = membership([j.stakeholder for j in structure.investments], ids)

    def rows(self, u: FloatArray) -> FloatArray:
        X = np.repeat(self.base, u.shape[0], axis=0)
        if self.columns.size:
            self.sampler.fill(np.ascontiguousarray(u[:, self.uniforms]), X, self.columns)
            if self.unbounded.size:
                X[:, self.unbounded] = np.clip(X[:, self.unbounded], self.floor, self.ceiling)
        return X

    def npv(self, X: FloatArray) -> FloatArray:
        # summed as simulate sums, so the case's draws give its simulation's NPVs exactly
        s = self.structure
        benefits = (outcome_present_values(s, X, self.years) @ self.to_value).sum(axis=1)
        cost = (investment_present_values(s, X, self.years) @ self.to_investment).sum(axis=1)
        npv: FloatArray = benefits - cost
        return npv


def best(npv: FloatArray) -> np.ndarray:
    """The index of the best column of each row of ``npv`` (m, K); ties to the first."""
    top = npv.max(axis=1, keepdims=True)
    tolerance = TIE * np.maximum(1.0, np.abs(top))
    winner: np.ndarray = np.argmax(npv >= top - tolerance, axis=1)
    return winner


def _chunks(draws: int) -> Iterator[int]:
    for first in range(0, draws, CHUNK):
        yield min(CHUNK, draws - first)


def _shares(names: Sequence[str], counts: np.ndarray, draws: int) -> tuple[tuple[str, float], ...]:
    return tuple((n, float(c) / draws) for n, c in zip(names, counts, strict=True))


def p_best(options: Sequence[Option], draws: int, seed: int = 0) -> Choice:
    """P(best) of do nothing and every option on common random numbers."""
    if draws < 1:
        raise ValueError("P(best) needs at least 1 draw")
    streams = _Streams(options, seed)
    work = [_OptionDraws(o, streams.column) for o in options]
    counts = np.zeros(len(options) + 1, dtype=np.int64)
    for m in _chunks(draws):
        u = streams.draw(m)
        npv = np.zeros((m, len(options) + 1))
        for k, w in enumerate(work):
            npv[:, k + 1] = w.npv(w.rows(u))
        counts += np.bincount(best(npv), minlength=len(options) + 1)
    names = [DO_NOTHING, *(o.id for o in options)]
    return Choice(draws, seed, _shares(names, counts, draws))


def _moving(options: Sequence[Option], parameter: str) -> tuple[float, float]:
    """The range the curve runs over: the parameter's in the first option where it is ranged."""
    for option in options:
        s: Structure = option.structure
        if parameter in s.index:
            p = s.parameters[s.index[parameter]]
            if p.is_ranged:
                return p.span
    known = sorted({p.path for o in options for p in o.structure.ranged})
    everywhere = {path for o in options for path in o.structure.index}
    if parameter in everywhere:
        message = f"'{parameter}' has no range to move over (give it low and high)"
    else:
        hint = closest(parameter, known, n=1)
        message = f"no parameter '{parameter}' in this case" + (
            f" (did you mean '{hint[0]}'?)" if hint else ""
        )
    if known:
        message += "; ranged: " + ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
    raise CaseError([Issue((), message)])


def acceptability(
    options: Sequence[Option], parameter: str, draws: int, seed: int = 0, points: int = POINTS
) -> Acceptability:
    """P(best) of every option at ``points`` evenly spaced values of ``parameter``."""
    if draws < 1:
        raise ValueError("the acceptability curve needs at least 1 draw")
    low, high = _moving(options, parameter)
    values = np.linspace(low, high, points)
    streams = _Streams(options, seed)
    work = [_OptionDraws(o, streams.column) for o in options]
    moved = [
        o.structure.index[parameter]
        if parameter in o.structure.index and parameter not in o.overrides
        else -1
        for o in options
    ]
    counts = np.zeros((points, len(options) + 1), dtype=np.int64)
    for m in _chunks(draws):
        u = streams.draw(m)
        rows = [w.rows(u) for w in work]
        fixed = [w.npv(X) for w, X, col in zip(work, rows, moved, strict=True) if col < 0]
        for i, x in enumerate(values):
            npv = np.zeros((m, len(options) + 1))
            kept = iter(fixed)
            for k, (w, X, col) in enumerate(zip(work, rows, moved, strict=True)):
                if col < 0:
                    npv[:, k + 1] = next(kept)
                else:
                    X[:, col] = x
                    npv[:, k + 1] = w.npv(X)
            counts[i] += np.bincount(best(npv), minlength=len(options) + 1)
    names = [DO_NOTHING, *(o.id for o in options)]
    return Acceptability(
        parameter=parameter,
        low=float(low),
        high=float(high),
        draws=draws,
        seed=seed,
        points=tuple(
            CurvePoint(float(x), _shares(names, counts[i], draws)) for i, x in enumerate(values)
        ),
    )
