"""The meta-analysis over registry entries: funnel, selection, minimum variant, subgroups, JSON."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_allclose
from tests.meta.builders import SEOR_LIKE_QUANTITATIVE, quantitative, seor_like

from rendement.meta import (
    CaseSummary,
    MetaResult,
    bootstrap_mean_ci,
    meta_to_dict,
    s_from_interval,
    summarise,
    tau2_reml,
)

STATISTIC_KEYS = {
    "n",
    "mean",
    "median",
    "min",
    "max",
    "share_above_1",
    "geometric_mean",
    "pooled_ratio",
    "n_pooled",
    "bootstrap_ci",
    "random_effects",
}
RANDOM_EFFECTS_KEYS = {
    "k",
    "estimator",
    "ratio",
    "ci",
    "tau2",
    "i2",
    "q",
    "mu",
    "se",
    "prediction_interval",
    "hartung_knapp_ci",
}


def small(entries: list[CaseSummary], **options: Any) -> MetaResult:
    return summarise(entries, resamples=500, **options)


# funnel and selection ------------------------------------------------------------------------


def test_seor_funnel_51_32_14() -> None:
    result = summarise(seor_like())
    funnel = result.funnel
    assert (funnel.longlist, funnel.included, funnel.excluded, funnel.quantitative) == (
        51,
        32,
        19,
        14,
    )
    assert result.statistics.description.n == 14


def test_longlist_counts_entries_not_yet_screened() -> None:
    entries = [
        CaseSummary("a", "longlist", "qualitative", None),
        CaseSummary("b", "excluded", "quantitative", 2.0),
        quantitative("c", 1.5),
    ]
    funnel = small(entries).funnel
    assert (funnel.longlist, funnel.included, funnel.excluded, funnel.quantitative) == (
        3,
        1,
        1,
        1,
    )


def test_only_included_quantitative_positive_ratios_enter_the_statistics() -> None:
    entries = [
        quantitative("in-1", 1.5),
        quantitative("in-2", 2.5),
        quantitative("excluded", 9.0, status="excluded"),
        quantitative("longlist", 9.0, status="longlist"),
        CaseSummary("qualitative", "included", "qualitative", 9.0),
        quantitative("zero", 0.0),
        quantitative("missing", None),
    ]
    result = small(entries)
    assert result.statistics.description.n == 2
    assert result.statistics.description.mean == pytest.approx(2.0)  # (1.5 + 2.5) / 2
    assert result.funnel.quantitative == 4
    assert any("missing, zero" in w for w in result.warnings)


def test_seor_like_headline_figures() -> None:
    result = summarise(seor_like())
    d = result.statistics.description
    ratios = [row[0] for row in SEOR_LIKE_QUANTITATIVE]
    assert d.mean == pytest.approx(sum(ratios) / 14)  # 28.5 / 14 = 2.0357
    assert d.median == pytest.approx(1.8)  # (1.7 + 1.9) / 2
    assert (d.minimum, d.maximum, d.share_above_1) == (1.1, 4.0, 1.0)
    # costs 100,000 × (1 + i mod 5), benefits = ratio × costs
    costs = [1 + i % 5 for i in range(14)]
    assert d.pooled_ratio == pytest.approx(
        sum(r * c for r, c in zip(ratios, costs, strict=True)) / sum(costs)
    )
    assert result.statistics.bootstrap_ci == bootstrap_mean_ci(ratios, 10_000, 0)
    fit = result.statistics.random_effects
    assert fit is not None
    assert fit.k == 12  # two cases have no interval


def test_seor_like_pinned_results() -> None:
    # seeded and deterministic: pinned so that any change in method shows up here
    result = meta_to_dict(summarise(seor_like()))
    assert_allclose(result["bootstrap_ci"], [1.6428571428571428, 2.485714285714286], rtol=1e-12)
    re = result["random_effects"]
    assert_allclose(
        [re["ratio"], re["tau2"], re["i2"], re["q"]],
        [1.820015513903678, 0.08605390588547174, 0.7499266888419652, 43.9871010187429],
        rtol=1e-9,
    )
    assert_allclose(re["prediction_interval"], [0.9118407570061308, 3.632713766519868], rtol=1e-9)
    assert_allclose(re["hartung_knapp_ci"], [1.418067421442972, 2.3358949093403742], rtol=1e-9)
    mv = result["minimum_variant"]
    assert mv["n_conservative"] == 9
    assert mv["mean"] == pytest.approx(1.5821428571428573)
    assert_allclose(mv["bootstrap_ci"], [1.3891964285714287, 1.7857142857142858], rtol=1e-12)


# random effects in the summary ---------------------------------------------------------------


def test_random_effects_use_the_intervals_and_the_chosen_estimator() -> None:
    entries = [
        quantitative("a", 1.2, low=0.9, high=1.6),
        quantitative("b", 2.6, low=1.7, high=4.0),
        quantitative("c", 1.9, low=1.3, high=2.8),
        quantitative("d", 3.0),  # no interval: in the descriptive statistics only
    ]
    fit = small(entries, estimator="reml").statistics.random_effects
    assert fit is not None
    assert fit.estimator == "reml"
    y = np.log([1.2, 2.6, 1.9])
    s = s_from_interval(np.array([0.9, 1.7, 1.3]), np.array([1.6, 4.0, 2.8]))
    assert fit.k == 3
    assert fit.tau2 == pytest.approx(tau2_reml(y, s**2), rel=1e-12)


def test_unusable_interval_is_left_out_with_a_warning() -> None:
    entries = [
        quantitative("a", 1.2, low=0.9, high=1.6),
        quantitative("b", 2.6, low=1.7, high=4.0),
        quantitative("reversed", 1.9, low=2.8, high=1.3),
        quantitative("zero-low", 1.9, low=0.0, high=2.3),
    ]
    result = small(entries)
    assert result.statistics.random_effects is not None
    assert result.statistics.random_effects.k == 2
    assert any("reversed, zero-low" in w for w in result.warnings)


def test_ratio_outside_its_interval_warns() -> None:
    entries = [
        quantitative("a", 1.2, low=0.9, high=1.6),
        quantitative("odd", 2.6, low=1.0, high=2.0),
    ]
    result = small(entries)
    assert result.statistics.random_effects is not None  # still used
    assert any("outside their own interval" in w and "odd" in w for w in result.warnings)


# null rules ----------------------------------------------------------------------------------


def test_no_entries_give_nulls() -> None:
    result = meta_to_dict(summarise([]))
    assert result["funnel"] == {
        "longlist": 0,
        "included": 0,
        "excluded": 0,
        "quantitative": 0,
        "balances": {"positive": 0, "negative": 0, "undetermined": 0},
    }
    assert result["n"] == 0
    for key in STATISTIC_KEYS - {"n", "n_pooled"}:
        assert result[key] is None, key
    assert result["subgroups"] == {f: {} for f in result["settings"]["by"]}


def test_one_case_has_no_bootstrap_and_no_random_effects() -> None:
    result = small([quantitative("a", 1.4, low=1.0, high=2.0)])
    assert result.statistics.description.mean == 1.4
    assert result.statistics.bootstrap_ci is None
    assert result.statistics.random_effects is None


def test_two_intervals_give_random_effects_without_prediction_or_hartung_knapp() -> None:
    entries = [quantitative("a", 1.2, low=0.9, high=1.6), quantitative("b", 2.6, low=1.7, high=4)]
    fit = small(entries).statistics.random_effects
    assert fit is not None
    assert fit.k == 2
    assert fit.prediction_interval is None
    assert fit.hartung_knapp_ci is None


def test_without_intervals_there_is_no_random_effects_model() -> None:
    result = small([quantitative("a", 1.2), quantitative("b", 2.6), quantitative("c", 1.9)])
    assert result.statistics.random_effects is None
    assert result.statistics.bootstrap_ci is not None


def test_without_benefits_and_costs_there_is_no_pooled_ratio() -> None:
    result = small([quantitative("a", 1.2), quantitative("b", 2.6)])
    assert result.statistics.description.pooled_ratio is None
    assert result.statistics.description.n_pooled == 0


# minimum variant -----------------------------------------------------------------------------


def test_minimum_variant_uses_the_conservative_ratio_where_present() -> None:
    entries = [
        quantitative("a", 2.0, conservative=1.5, costs=100.0),
        quantitative("b", 3.0, costs=100.0),
        quantitative("c", 4.0, conservative=2.0, costs=100.0),
    ]
    variant = small(entries).minimum_variant
    d = variant.statistics.description
    assert variant.n_conservative == 2
    assert d.mean == pytest.approx((1.5 + 3.0 + 2.0) / 3)
    assert (d.minimum, d.maximum, d.median) == (1.5, 3.0, 2.0)
    # conservative benefits where present: (150 + 300 + 200) / 300
    assert d.pooled_ratio == pytest.approx(650 / 300)


def test_minimum_variant_without_conservative_figures_equals_the_base() -> None:
    entries = [quantitative(c, r, low=r / 1.5, high=r * 1.5) for c, r in [("a", 1.2), ("b", 2.4)]]
    result = small(entries)
    assert result.minimum_variant.n_conservative == 0
    assert result.minimum_variant.statistics == result.statistics


def test_conservative_ratio_without_conservative_money_leaves_the_pooled_ratio() -> None:
    entries = [
        CaseSummary(
            "a",
            "included",
            "quantitative",
            2.0,
            conservative_ratio=1.5,
            benefits=200.0,
            costs=100.0,
        ),
        quantitative("b", 3.0, costs=100.0),
    ]
    d = small(entries).minimum_variant.statistics.description
    assert d.n_pooled == 1  # only b: a's conservative benefits are unknown
    assert d.pooled_ratio == pytest.approx(3.0)


def test_minimum_variant_keeps_the_log_width_of_the_interval() -> None:
    entries = [
        quantitative("a", 2.0, low=1.0, high=4.0, conservative=1.0),
        quantitative("b", 3.0, low=2.0, high=4.5, conservative=1.5),
    ]
    base = small(entries).statistics.random_effects
    variant = small(entries).minimum_variant.statistics.random_effects
    assert base is not None and variant is not None
    # both ratios halved: every y moves by ln 0.5, the s stay, so the pooled ratio halves
    assert variant.ratio == pytest.approx(base.ratio / 2)
    assert variant.tau2 == pytest.approx(base.tau2)


def test_non_positive_conservative_ratio_is_left_out_with_a_warning() -> None:
    entries = [
        quantitative("a", 2.0, conservative=-0.3),
        quantitative("b", 3.0, conservative=1.2),
        quantitative("c", 1.5),
    ]
    result = small(entries)
    assert result.minimum_variant.statistics.description.n == 2
    assert result.minimum_variant.n_conservative == 1
    assert any("minimum variant" in w and "a" in w for w in result.warnings)


# subgroups -----------------------------------------------------------------------------------


def test_subgroups_partition_the_entries() -> None:
    result = summarise(seor_like(), resamples=200)
    assert set(result.by) == {"quadrant", "domain", "method", "evidence_level", "timing"}
    for field, groups in result.subgroups.items():
        assert sum(g.funnel.longlist for g in groups.values()) == 51, field
        assert sum(g.funnel.quantitative for g in groups.values()) == 14, field
        assert sum(g.statistics.description.n for g in groups.values()) == 14, field
        assert sum(g.minimum_variant.n_conservative for g in groups.values()) == 9, field
    assert result.subgroups["evidence_level"].keys() == {"unknown"}
    assert result.subgroups["quadrant"]["unknown"].statistics.description.n == 1


def test_a_subgroup_is_summarised_as_if_alone() -> None:
    entries = seor_like()
    result = summarise(entries, by=("quadrant",), resamples=300, seed=4)
    alone = [e for e in entries if e.fields.get("quadrant") == "curative-single"]
    expected = summarise(alone, by=(), resamples=300, seed=4)
    group = result.subgroups["quadrant"]["curative-single"]
    assert group.funnel == expected.funnel
    assert group.statistics == expected.statistics
    assert group.minimum_variant == expected.minimum_variant


def test_one_field_may_be_given_as_a_string() -> None:
    result = small([quantitative("a", 1.2, quadrant="curative-single")], by="quadrant")
    assert result.by == ("quadrant",)


def test_missing_or_blank_field_is_unknown() -> None:
    entries = [
        quantitative("a", 1.2, quadrant=None),
        CaseSummary("b", "included", "quantitative", 1.4, fields={}),
        quantitative("c", 1.6, quadrant=" "),
        quantitative("d", 1.8, quadrant="curative-single"),
    ]
    groups = small(entries, by=("quadrant",)).subgroups["quadrant"]
    assert groups.keys() == {"curative-single", "unknown"}
    assert groups["unknown"].statistics.description.n == 3


# methods -------------------------------------------------------------------------------------


def test_mixing_sroi_and_mkba_warns_and_shows_method_subgroups() -> None:
    entries = [
        quantitative("uk-1", 5.2, method="sroi"),
        quantitative("uk-2", 4.1, method="sroi"),
        quantitative("nl-1", 1.6, method="mkba"),
        quantitative("nl-2", 1.4, method="business-case"),
    ]
    result = small(entries, by=("quadrant",))
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert "2 SROI" in warning and "2 MKBA/business-case" in warning
    assert "different quantities" in warning and "per-method subgroups" in warning
    assert result.by == ("quadrant", "method")
    methods = result.subgroups["method"]
    assert methods["sroi"].statistics.description.mean == pytest.approx(4.65)  # (5.2 + 4.1) / 2
    assert methods["mkba"].statistics.description.n == 1
    assert methods["business-case"].statistics.description.n == 1


def test_mkba_and_business_cases_together_do_not_warn() -> None:
    entries = [
        quantitative("a", 1.6, method="mkba"),
        quantitative("b", 1.4, method="business-case"),
        quantitative("c", 5.0, method="sroi", status="excluded"),  # not in the selection
    ]
    result = small(entries, by=("quadrant",))
    assert result.warnings == ()
    assert result.by == ("quadrant",)


# arguments -----------------------------------------------------------------------------------


def test_unknown_estimator_names_the_choices() -> None:
    with pytest.raises(ValueError, match="dl, pm, reml"):
        summarise([quantitative("a", 1.2)], estimator="sj")


@pytest.mark.parametrize(
    "entry",
    [
        CaseSummary("a", "screened", "quantitative", 1.0),
        CaseSummary("a", "included", "monetised", 1.0),
    ],
)
def test_unknown_status_or_analysis_is_refused(entry: CaseSummary) -> None:
    with pytest.raises(ValueError, match="a: unknown"):
        summarise([entry])


def test_seed_must_be_a_natural_number() -> None:
    with pytest.raises(ValueError, match="seed"):
        summarise([], seed=-1)


def test_seed_changes_only_the_bootstrap() -> None:
    one, other = summarise(seor_like(), seed=1), summarise(seor_like(), seed=2)
    assert one.statistics.bootstrap_ci != other.statistics.bootstrap_ci
    assert one.statistics.description == other.statistics.description
    assert one.statistics.random_effects == other.statistics.random_effects


# JSON ----------------------------------------------------------------------------------------


def test_json_has_the_keys_of_case_format() -> None:
    result = meta_to_dict(summarise(seor_like(), resamples=200))
    assert set(result) == {"funnel", "minimum_variant", "subgroups", "warnings", "settings"} | (
        STATISTIC_KEYS
    )
    # the documented keys, plus the signs of the balances (an optional addition)
    assert set(result["funnel"]) == {"longlist", "included", "excluded", "quantitative", "balances"}
    assert set(result["funnel"]["balances"]) == {"positive", "negative", "undetermined"}
    assert set(result["random_effects"]) == RANDOM_EFFECTS_KEYS
    assert set(result["minimum_variant"]) == STATISTIC_KEYS | {"n_conservative"}
    group = result["subgroups"]["quadrant"]["preventive-single"]
    assert set(group) == STATISTIC_KEYS | {"funnel", "minimum_variant"}
    assert result["settings"] == {
        "estimator": "dl",
        "resamples": 200,
        "seed": 0,
        "by": ["quadrant", "domain", "method", "evidence_level", "timing"],
    }


def test_json_holds_plain_python_values_only() -> None:
    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                assert type(key) is str
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert value is None or type(value) in (str, int, float), (value, type(value))
            if type(value) is float:
                assert math.isfinite(value)

    result = meta_to_dict(summarise(seor_like(), resamples=200))
    walk(result)
    assert json.loads(json.dumps(result, allow_nan=False)) == result


def test_balances_count_signs_by_ratio_else_by_stated_balance() -> None:
    entries = [
        quantitative("up", 1.5),  # ratio above 1: positive
        quantitative("down", 0.8),  # below 1: negative
        CaseSummary("sign-only", "included", "quantitative", None, balance="negative"),
        CaseSummary("open", "included", "quantitative", None, balance="undetermined"),
        quantitative("not-in", 2.0, status="excluded"),  # not screened in: not counted
    ]
    funnel = summarise(entries, resamples=200).funnel
    # up → positive; down and sign-only → negative; open → undetermined
    assert (funnel.positive, funnel.negative, funnel.undetermined) == (1, 2, 1)
