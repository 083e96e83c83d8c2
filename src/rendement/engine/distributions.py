"""Distributions of uncertain parameters, sampled by their inverse CDF (method.md §7).

Every ranged parameter is drawn as ``θ = F⁻¹(u)`` from a uniform ``u``. Keeping ``u`` makes the
value-of-information bins free (a bin of ``u`` is a quantile bin of ``θ``) and makes every
distribution cost the same: one uniform per draw.

- ``uniform``: ``low + u (high − low)``.
- ``triangular`` (mode = value): the closed-form inverse.
- ``normal`` (mean = value, ``sd``), truncated to ``[low, high]`` when given:
  ``μ + σ Φ⁻¹(Φ(α) + u (Φ(β) − Φ(α)))``.
- ``pert`` (mode = value, λ = 4): ``low + (high − low) · B⁻¹(u; α, β)`` with
  ``α = 1 + λ (m − a)/(b − a)``, ``β = 1 + λ (b − m)/(b − a)``. The beta inverse has no closed
  form and scipy's is slow per value, so it is tabulated once per parameter on a fine grid
  (``PERT_GRID`` points, built from the exact forward CDF) and interpolated linearly; the
  tests check the moments against scipy.stats.
- ``pooled`` (estimates of several participants, method.md §12): the inverse of the pool's
  tabulated CDF (:mod:`rendement.engine.pooling`), from the parameter's one uniform.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import betainc, ndtr, ndtri

from rendement.engine.parameters import FloatArray
from rendement.engine.pooling import PERT_LAMBDA, Pool, pert_shape
from rendement.model import Uncertain

__all__ = ["PERT_GRID", "PERT_LAMBDA", "Sampler", "inverse_cdf", "pert_shape"]

PERT_GRID = 2049  # points of the tabulated inverse CDF (uniform in u)
_FORWARD_GRID = 8193  # points of the exact forward CDF the table is inverted from


def pert_inverse_table(alpha: float, beta: float) -> FloatArray:
    """B⁻¹(u; α, β) at ``u = k / (PERT_GRID − 1)``, on [0, 1]."""
    # a forward grid dense near both ends, where the inverse is steepest
    s = np.linspace(0.0, 1.0, _FORWARD_GRID)
    x = 0.5 - 0.5 * np.cos(np.pi * s)
    u = betainc(alpha, beta, x)
    u[0], u[-1] = 0.0, 1.0
    grid = np.linspace(0.0, 1.0, PERT_GRID)
    table: FloatArray = np.interp(grid, u, x)
    return table


def _array(values: list[float]) -> FloatArray:
    return np.array(values, dtype=np.float64)


@dataclass(frozen=True)
class Sampler:
    """Turns uniforms into values of the ranged parameters, one vectorised step per distribution.

    The parameters are kept in *group order* (PERT first, then uniform, triangular, normal,
    pooled), so each group reads a contiguous block of the uniforms: ``order[j]`` is the
    position, in the list given to :meth:`for_numbers`, of the parameter that uniform column
    ``j`` drives.
    """

    numbers: tuple[Uncertain, ...]
    order: np.ndarray  # group order -> position in ``numbers``
    n_pert: int
    n_uniform: int
    n_triangular: int
    pert_low: FloatArray
    pert_width: FloatArray
    # (n_pert * PERT_GRID,) tabulated B⁻¹ as value + i·slope (forward difference): one
    # gather of a complex64 fetches both halves of the interpolation
    pert_table: npt.NDArray[np.complex64]
    uniform_low: FloatArray
    uniform_width: FloatArray
    tri_low: FloatArray
    tri_mode: FloatArray
    tri_high: FloatArray
    pools: dict[int, Pool]  # position in ``numbers`` -> the pool of a pooled parameter

    @classmethod
    def for_numbers(
        cls, numbers: tuple[Uncertain, ...], pools: tuple[Pool | None, ...] = ()
    ) -> Sampler:
        """``pools[k]``, when given, is the pool already built for a pooled ``numbers[k]``
        (``Parameter.pool``); the rest are built here."""
        groups: dict[str, list[int]] = {
            "pert": [],
            "uniform": [],
            "triangular": [],
            "normal": [],
            "pooled": [],
            "fixed": [],
        }
        for k, n in enumerate(numbers):
            groups[n.effective_dist].append(k)
        tables: dict[tuple[float, float], FloatArray] = {}
        rows = []
        for k in groups["pert"]:
            n = numbers[k]
            shape = pert_shape(*_bounds_with_mode(n))
            if shape not in tables:
                tables[shape] = pert_inverse_table(*shape)
            rows.append(tables[shape])
        value = np.concatenate(rows) if rows else np.zeros(0)
        slope = np.concatenate([np.append(np.diff(r), 0.0) for r in rows]) if rows else value

        def column(group: str, pick: int) -> FloatArray:
            return _array([_bounds_with_mode(numbers[k])[pick] for k in groups[group]])

        return cls(
            numbers=numbers,
            order=np.array(
                groups["pert"]
                + groups["uniform"]
                + groups["triangular"]
                + groups["normal"]
                + groups["pooled"]
                + groups["fixed"],
                dtype=np.intp,
            ),
            n_pert=len(groups["pert"]),
            n_uniform=len(groups["uniform"]),
            n_triangular=len(groups["triangular"]),
            pert_low=column("pert", 0),
            pert_width=column("pert", 2) - column("pert", 0),
            # single precision halves the table's footprint in cache; its interpolation
            # error is far below the sampling error of any simulation
            pert_table=(value + 1j * slope).astype(np.complex64),
            uniform_low=column("uniform", 0),
            uniform_width=column("uniform", 2) - column("uniform", 0),
            tri_low=column("triangular", 0),
            tri_mode=column("triangular", 1),
            tri_high=column("triangular", 2),
            pools={k: _given(pools, k) or _pool(numbers[k]) for k in groups["pooled"]},
        )

    def fill(self, u: FloatArray, X: FloatArray, columns: np.ndarray) -> None:
        """Write the values for uniforms ``u`` (m, R), in group order, into ``X[:, columns]``.

        ``columns[k]`` is the column of X of the parameter ``numbers[k]``.
        """
        target = columns[self.order]
        a = self.n_pert
        if a:
            pos = u[:, :a] * (PERT_GRID - 1)
            index = pos.astype(np.intp)
            np.minimum(index, PERT_GRID - 2, out=index)
            pos -= index  # the fraction within the grid cell
            index += (np.arange(a) * PERT_GRID)[None, :]
            cell = np.take(self.pert_table, index)
            pos *= cell.imag
            pos += cell.real
            pos *= self.pert_width
            pos += self.pert_low
            X[:, target[:a]] = pos
        b = a + self.n_uniform
        if b > a:
            X[:, target[a:b]] = self.uniform_low + u[:, a:b] * self.uniform_width
        c = b + self.n_triangular
        if c > b:
            X[:, target[b:c]] = triangular_inverse(
                u[:, b:c], self.tri_low, self.tri_mode, self.tri_high
            )
        for j in range(c, len(self.order)):
            k = int(self.order[j])
            pool = self.pools.get(k)
            if pool is not None:
                X[:, target[j]] = pool.quantile(u[:, j])
            else:
                X[:, target[j]] = inverse_cdf(self.numbers[k], u[:, j])

    def transform(self, u: FloatArray) -> FloatArray:
        """Values for uniforms ``u`` (m, R) where column k drives ``numbers[k]``."""
        out = np.empty_like(u)
        self.fill(np.ascontiguousarray(u[:, self.order]), out, np.arange(u.shape[1]))
        return out


def _given(pools: tuple[Pool | None, ...], k: int) -> Pool | None:
    return pools[k] if k < len(pools) else None


def _pool(n: Uncertain) -> Pool:
    assert n.estimates is not None
    return Pool.of(n.estimates)


def _bounds_with_mode(n: Uncertain) -> tuple[float, float, float]:
    assert n.low is not None and n.high is not None
    return n.low, n.value, n.high


def triangular_inverse(u: FloatArray, a: FloatArray, m: FloatArray, b: FloatArray) -> FloatArray:
    """F⁻¹(u) of a triangular distribution on [a, b] with mode m (elementwise)."""
    width = b - a
    left = u < (m - a) / width
    # one square root: of u·w·(m − a) left of the mode, of (1 − u)·w·(b − m) right of it
    root = np.sqrt(np.where(left, u * (width * (m - a)), (1.0 - u) * (width * (b - m))))
    result: FloatArray = np.where(left, a + root, b - root)
    return result


def inverse_cdf(number: Uncertain, u: FloatArray) -> FloatArray:
    """θ = F⁻¹(u) for one parameter (exact for uniform, triangular and normal)."""
    dist = number.effective_dist
    m = number.value
    if dist == "fixed":
        return np.full_like(u, m)
    if dist == "pooled":
        return _pool(number).quantile(u)
    if dist == "normal":
        assert number.sd is not None
        sd = number.sd
        lo = ndtr((number.low - m) / sd) if number.low is not None else 0.0
        hi = ndtr((number.high - m) / sd) if number.high is not None else 1.0
        p = np.clip(lo + u * (hi - lo), 1e-300, 1.0 - 1e-16)
        result: FloatArray = m + sd * ndtri(p)
        if number.low is not None and number.high is not None:
            result = np.clip(result, number.low, number.high)
        return result
    assert number.low is not None and number.high is not None
    a, b = number.low, number.high
    if dist == "uniform":
        uniform: FloatArray = a + u * (b - a)
        return uniform
    if dist == "triangular":
        return triangular_inverse(u, np.full_like(u, a), np.full_like(u, m), np.full_like(u, b))
    if dist == "pert":
        # the same tabulated inverse as the sampler, so both give identical values
        single: FloatArray = Sampler.for_numbers((number,)).transform(u.reshape(-1, 1))[:, 0]
        return single
    raise ValueError(f"unknown distribution '{dist}'")
