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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import betainc, ndtr, ndtri

from rendement.engine.parameters import FloatArray
from rendement.model import Uncertain

PERT_LAMBDA = 4.0
PERT_GRID = 2049  # points of the tabulated inverse CDF (uniform in u)
_FORWARD_GRID = 8193  # points of the exact forward CDF the table is inverted from


def pert_shape(low: float, mode: float, high: float) -> tuple[float, float]:
    """α and β of the beta distribution behind a PERT(low, mode, high) with λ = 4."""
    width = high - low
    alpha = 1.0 + PERT_LAMBDA * (mode - low) / width
    beta = 1.0 + PERT_LAMBDA * (high - mode) / width
    return alpha, beta


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
    """Turns a block of uniforms ``(m, R)`` into values of the ranged parameters.

    Parameters are grouped by distribution so each group is one vectorised operation.
    """

    size: int
    pert: np.ndarray  # positions among the ranged parameters
    pert_low: FloatArray
    pert_width: FloatArray
    pert_table: FloatArray  # (len(pert) * PERT_GRID,), flattened
    pert_slope: FloatArray  # forward differences of the table, same shape
    uniform: np.ndarray
    uniform_low: FloatArray
    uniform_width: FloatArray
    triangular: np.ndarray
    tri_low: FloatArray
    tri_mode: FloatArray
    tri_high: FloatArray
    normal: tuple[tuple[int, Uncertain], ...]

    @classmethod
    def for_numbers(cls, numbers: tuple[Uncertain, ...]) -> Sampler:
        groups: dict[str, list[int]] = {"pert": [], "uniform": [], "triangular": [], "normal": []}
        for k, n in enumerate(numbers):
            groups[n.effective_dist].append(k)
        tables: dict[tuple[float, float], FloatArray] = {}
        rows = []
        for k in groups["pert"]:
            n = numbers[k]
            assert n.low is not None and n.high is not None
            shape = pert_shape(n.low, n.value, n.high)
            if shape not in tables:
                tables[shape] = pert_inverse_table(*shape)
            rows.append(tables[shape])
        table = np.concatenate(rows) if rows else np.zeros(0)
        slope = np.concatenate([np.append(np.diff(r), 0.0) for r in rows]) if rows else table

        def lows(group: str) -> FloatArray:
            return _array([float(numbers[k].low) for k in groups[group]])  # type: ignore[arg-type]

        def widths(group: str) -> FloatArray:
            return _array(
                [float(numbers[k].high) - float(numbers[k].low) for k in groups[group]]  # type: ignore[arg-type]
            )

        return cls(
            size=len(numbers),
            pert=np.array(groups["pert"], dtype=np.intp),
            pert_low=lows("pert"),
            pert_width=widths("pert"),
            pert_table=table,
            pert_slope=slope,
            uniform=np.array(groups["uniform"], dtype=np.intp),
            uniform_low=lows("uniform"),
            uniform_width=widths("uniform"),
            triangular=np.array(groups["triangular"], dtype=np.intp),
            tri_low=lows("triangular"),
            tri_mode=_array([numbers[k].value for k in groups["triangular"]]),
            tri_high=_array([float(numbers[k].high) for k in groups["triangular"]]),  # type: ignore[arg-type]
            normal=tuple((k, numbers[k]) for k in groups["normal"]),
        )

    def transform(self, u: FloatArray) -> FloatArray:
        """Parameter values for uniforms ``u`` of shape (m, R)."""
        out = np.empty_like(u)
        if self.pert.size:
            pos = u[:, self.pert] * (PERT_GRID - 1)
            index = pos.astype(np.intp)
            np.minimum(index, PERT_GRID - 2, out=index)
            pos -= index  # now the fraction within the grid cell
            index += (np.arange(self.pert.size) * PERT_GRID)[None, :]
            x = np.take(self.pert_table, index)
            pos *= np.take(self.pert_slope, index)
            x += pos
            x *= self.pert_width
            x += self.pert_low
            out[:, self.pert] = x
        if self.uniform.size:
            out[:, self.uniform] = self.uniform_low + u[:, self.uniform] * self.uniform_width
        if self.triangular.size:
            out[:, self.triangular] = triangular_inverse(
                u[:, self.triangular], self.tri_low, self.tri_mode, self.tri_high
            )
        for k, n in self.normal:
            out[:, k] = inverse_cdf(n, u[:, k])
        return out


def triangular_inverse(u: FloatArray, a: FloatArray, m: FloatArray, b: FloatArray) -> FloatArray:
    """F⁻¹(u) of a triangular distribution on [a, b] with mode m (elementwise)."""
    width = b - a
    cut = (m - a) / width
    left = a + np.sqrt(u * width * (m - a))
    right = b - np.sqrt((1.0 - u) * width * (b - m))
    result: FloatArray = np.where(u < cut, left, right)
    return result


def inverse_cdf(number: Uncertain, u: FloatArray) -> FloatArray:
    """θ = F⁻¹(u) for one parameter (exact for uniform, triangular and normal)."""
    dist = number.effective_dist
    m = number.value
    if dist == "fixed":
        return np.full_like(u, m)
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
        alpha, beta = pert_shape(a, m, b)
        table = pert_inverse_table(alpha, beta)
        grid = np.linspace(0.0, 1.0, PERT_GRID)
        pert: FloatArray = a + (b - a) * np.interp(u, grid, table)
        return pert
    raise ValueError(f"unknown distribution '{dist}'")
