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


@dataclass(frozen=True)
class Sampler:
    """Turns a block of uniforms ``(m, R)`` into parameter values for the ranged parameters."""

    numbers: tuple[Uncertain, ...]
    pert_columns: np.ndarray  # positions among the ranged parameters
    pert_low: FloatArray
    pert_width: FloatArray
    pert_table: FloatArray  # (len(pert_columns) * PERT_GRID,), flattened
    pert_slope: FloatArray  # differences of the table, same shape

    @classmethod
    def for_numbers(cls, numbers: tuple[Uncertain, ...]) -> Sampler:
        pert = [k for k, n in enumerate(numbers) if n.effective_dist == "pert"]
        tables: dict[tuple[float, float], FloatArray] = {}
        rows = []
        for k in pert:
            n = numbers[k]
            assert n.low is not None and n.high is not None
            shape = pert_shape(n.low, n.value, n.high)
            if shape not in tables:
                tables[shape] = pert_inverse_table(*shape)
            rows.append(tables[shape])
        table = np.concatenate(rows) if rows else np.zeros(0)
        slope = np.zeros_like(table)
        if rows:
            diffs = [np.append(np.diff(r), 0.0) for r in rows]
            slope = np.concatenate(diffs)
        return cls(
            numbers=numbers,
            pert_columns=np.array(pert, dtype=np.intp),
            pert_low=np.array([numbers[k].low for k in pert], dtype=np.float64),
            pert_width=np.array(
                [float(numbers[k].high) - float(numbers[k].low) for k in pert],  # type: ignore[arg-type]
                dtype=np.float64,
            ),
            pert_table=table,
            pert_slope=slope,
        )

    def transform(self, u: FloatArray) -> FloatArray:
        """Parameter values for uniforms ``u`` of shape (m, R)."""
        out = np.empty_like(u)
        if self.pert_columns.size:
            up = u[:, self.pert_columns]
            pos = up * (PERT_GRID - 1)
            index = np.minimum(pos.astype(np.intp), PERT_GRID - 2)
            frac = pos - index
            index += (np.arange(self.pert_columns.size) * PERT_GRID)[None, :]
            x = np.take(self.pert_table, index)
            x += frac * np.take(self.pert_slope, index)
            out[:, self.pert_columns] = self.pert_low + self.pert_width * x
        for k, n in enumerate(self.numbers):
            dist = n.effective_dist
            if dist == "pert":
                continue
            out[:, k] = inverse_cdf(n, u[:, k])
        return out


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
        width = b - a
        cut = (m - a) / width
        left = a + np.sqrt(u * width * (m - a))
        right = b - np.sqrt((1.0 - u) * width * (b - m))
        tri: FloatArray = np.where(u < cut, left, right)
        return tri
    if dist == "pert":
        alpha, beta = pert_shape(a, m, b)
        table = pert_inverse_table(alpha, beta)
        grid = np.linspace(0.0, 1.0, PERT_GRID)
        pert: FloatArray = a + (b - a) * np.interp(u, grid, table)
        return pert
    raise ValueError(f"unknown distribution '{dist}'")
