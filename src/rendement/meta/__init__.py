"""Statistics over many business cases: funnel, descriptive, bootstrap, random effects,
minimum variant and subgroups (method.md §10).

Pure: arrays and dataclasses in, frozen dataclasses out; no files, database, clock or
environment. The registry builds one :class:`CaseSummary` per entry and calls
:func:`summarise`; :func:`meta_to_dict` gives the JSON of ``rendement meta --json``.
"""

from rendement.meta.bootstrap import bootstrap_mean_ci, bootstrap_means, paired_bootstrap_mean_cis
from rendement.meta.describe import Description, describe, geometric_mean, pooled_ratio
from rendement.meta.random_effects import (
    ESTIMATORS,
    RandomEffects,
    cochran_q,
    random_effects,
    reml_score,
    s_from_interval,
    tau2_dl,
    tau2_pm,
    tau2_reml,
)
from rendement.meta.result import (
    Funnel,
    GroupResult,
    MetaResult,
    MinimumVariant,
    Statistics,
    meta_to_dict,
)
from rendement.meta.subgroups import SUBGROUP_FIELDS, UNKNOWN, partition
from rendement.meta.summary import CaseSummary, summarise

__all__ = [
    "ESTIMATORS",
    "SUBGROUP_FIELDS",
    "UNKNOWN",
    "CaseSummary",
    "Description",
    "Funnel",
    "GroupResult",
    "MetaResult",
    "MinimumVariant",
    "RandomEffects",
    "Statistics",
    "bootstrap_mean_ci",
    "bootstrap_means",
    "cochran_q",
    "describe",
    "geometric_mean",
    "meta_to_dict",
    "paired_bootstrap_mean_cis",
    "partition",
    "pooled_ratio",
    "random_effects",
    "reml_score",
    "s_from_interval",
    "summarise",
    "tau2_dl",
    "tau2_pm",
    "tau2_reml",
]
