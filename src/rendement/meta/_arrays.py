"""Array types and constants shared by the meta-analysis modules."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

Interval = tuple[float, float]

# The 97.5 % quantile of the standard normal distribution, scipy.stats.norm.ppf(0.975);
# method.md §10 writes it rounded to six decimals, 1.959964.
Z_975 = 1.959963984540054


def as_vector(values: npt.ArrayLike, name: str) -> FloatArray:
    """``values`` as a one-dimensional float64 array, or a ValueError naming ``name``."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a one-dimensional array (got shape {array.shape})")
    return array
