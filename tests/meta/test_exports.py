"""The public API of rendement.meta: complete ``__all__``, working docstring examples."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

import rendement.meta

MODULES = ["describe", "bootstrap", "random_effects", "subgroups", "summary", "result"]


def test_all_lists_every_public_name() -> None:
    public = {
        name
        for name, value in vars(rendement.meta).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(rendement.meta.__all__)


def test_the_registry_api_is_there() -> None:
    for name in (
        "CaseSummary",
        "MetaResult",
        "summarise",
        "meta_to_dict",
        "describe",
        "bootstrap_mean_ci",
        "random_effects",
        "RandomEffects",
        "tau2_dl",
        "tau2_pm",
        "tau2_reml",
        "s_from_interval",
    ):
        assert name in rendement.meta.__all__
    parameters = inspect.signature(rendement.meta.summarise).parameters
    assert [p for p in parameters if parameters[p].kind is inspect.Parameter.KEYWORD_ONLY] == [
        "by",
        "estimator",
        "resamples",
        "seed",
    ]
    assert parameters["by"].default == ("quadrant", "domain", "method", "evidence_level", "timing")
    assert (parameters["estimator"].default, parameters["resamples"].default) == ("dl", 10_000)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"rendement.meta.{name}")
    failures, _ = doctest.testmod(module, globs={**vars(module)})
    assert failures == 0
