"""The statistics behind the trigger effects, against values worked by hand, closed
forms, printed tables and published examples."""
import math

import pytest

from webapp.stats import (
    benjamini_hochberg,
    bh_adjusted,
    incomplete_beta,
    mean,
    median,
    t_cdf,
    t_pdf,
    t_quantile,
    variance,
    welch,
)


def test_mean_median_and_sample_variance():
    assert mean([]) is None and median([]) is None
    assert mean([1, 2, 3, 6]) == 3
    assert median([5, 1, 3]) == 3 and median([4, 1, 3, 2]) == 2.5
    assert variance([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(32 / 7)  # divided by n - 1
    assert variance([3]) == 0.0


@pytest.mark.parametrize("a, b, x, expected", [
    (1, 1, 0.3, 0.3),  # the uniform distribution
    (3, 1, 0.6, 0.6 ** 3),  # I_x(a, 1) = x^a
    (4.5, 4.5, 0.5, 0.5),  # symmetric
    # I_x(2, 3) = sum over j = 2..4 of C(4, j) x^j (1-x)^(4-j), worked by hand at x = 0.4:
    # 6(.16)(.36) + 4(.064)(.6) + .0256 = .3456 + .1536 + .0256
    (2, 3, 0.4, 0.5248),
    (2, 3, 0.0, 0.0), (2, 3, 1.0, 1.0),
])
def test_incomplete_beta(a, b, x, expected):
    assert incomplete_beta(a, b, x) == pytest.approx(expected, abs=1e-12)


def test_incomplete_beta_reflects():
    for a, b, x in ((0.5, 7.0, 0.2), (12.0, 0.5, 0.9), (30.0, 40.0, 0.45)):
        mirrored = 1 - incomplete_beta(b, a, 1 - x)
        assert incomplete_beta(a, b, x) == pytest.approx(mirrored, abs=1e-12)


@pytest.mark.parametrize("t", [-30.0, -2.5, -0.3, 0.0, 0.7, 4.0, 100.0])
def test_t_cdf_closed_forms(t):
    # one degree of freedom is the Cauchy distribution; two has a closed form too
    assert t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-12)
    assert t_cdf(t, 2) == pytest.approx(0.5 + t / (2 * math.sqrt(2 + t * t)), abs=1e-12)


def test_t_cdf_printed_value_and_infinities():
    assert t_cdf(2.0, 5) == pytest.approx(0.9490302606, abs=1e-9)
    assert t_cdf(math.inf, 3) == 1.0 and t_cdf(-math.inf, 3) == 0.0


@pytest.mark.parametrize("df, expected", [
    # the 97.5% points of a printed t table
    (1, 12.7062047), (2, 4.30265273), (5, 2.57058184), (10, 2.22813885), (30, 2.04227246),
    (1e7, 1.95996398),  # very many degrees of freedom: the normal distribution's 1.96
])
def test_t_quantile_matches_the_table(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-6)
    assert t_quantile(0.025, df) == pytest.approx(-expected, abs=1e-6)


@pytest.mark.parametrize("df", [1, 3.5, 50, 4000])
def test_t_quantile_undoes_the_cdf(df):
    for p in (0.05, 0.5, 0.6, 0.9, 0.999):
        assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-10)


def test_t_density_closed_form():
    for t in (-3.0, 0.0, 0.5, 7.0):  # one degree of freedom: 1 / (pi (1 + t^2))
        assert t_pdf(t, 1) == pytest.approx(1 / (math.pi * (1 + t * t)), rel=1e-12)


def test_t_quantile_refuses_impossible_shares():
    for p in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError):
            t_quantile(p, 5)


def test_welch_by_hand():
    # a = 1, 2, 3 (mean 2, variance 1); b = 4, 5, 6, 7 (mean 5.5, variance 5/3).
    # se^2 = 1/3 + (5/3)/4 = 0.75, t = -3.5 / sqrt(0.75) = -4.0415,
    # df = 0.75^2 / ((1/3)^2 / 2 + (5/12)^2 / 3) = 4.9592, t(0.975, 4.9592) = 2.5770,
    # so the interval is -3.5 +- 2.5770 * 0.8660 = (-5.7317, -1.2683); p = 0.0101.
    result = welch([1, 2, 3], [4, 5, 6, 7])
    assert result.difference == pytest.approx(-3.5)
    assert result.t == pytest.approx(-4.041452, abs=1e-6)
    assert result.df == pytest.approx(4.959184, abs=1e-6)
    assert (result.low, result.high) == (pytest.approx(-5.731711, abs=1e-5),
                                         pytest.approx(-1.268289, abs=1e-5))
    assert result.p == pytest.approx(0.010077, abs=1e-5)
    assert not result.includes_zero


@pytest.mark.parametrize("a, b, t, df, p", [
    # Wikipedia, "Welch's t-test", examples 1 and 2:
    # t -2.46, df 25.0, p 0.021; and t -1.57, df 9.9, p 0.149
    ([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
     [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
     -2.46, 25.0, 0.021),
    ([17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
     [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6,
      21.5, 22.5, 23.5, 21.5, 21.8],
     -1.57, 9.9, 0.149),
])
def test_welch_published_examples(a, b, t, df, p):
    result = welch(a, b)
    assert round(result.t, 2) == t and round(result.df, 1) == df and round(result.p, 3) == p
    assert (result.p < 0.05) == (not result.includes_zero)  # the interval and the test agree


def test_welch_without_spread():
    same = welch([2, 2, 2], [2, 2])
    assert (same.difference, same.low, same.high, same.p) == (0.0, 0.0, 0.0, 1.0)
    apart = welch([3, 3, 3], [1, 1, 1])
    assert (apart.difference, apart.low, apart.high, apart.p) == (2.0, 2.0, 2.0, 0.0)
    assert apart.t == math.inf
    with pytest.raises(ValueError):
        welch([1], [1, 2])


def test_benjamini_hochberg_paper_example():
    # Benjamini & Hochberg (1995), section 3.2: 15 p-values; at q = 0.05 the step-up rule
    # keeps the four smallest (0.0095 <= 4/15 * 0.05 = 0.0133, while 0.0201 > 5/15 * 0.05),
    # where Bonferroni (0.05 / 15 = 0.0033) keeps only three.
    p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
         0.4262, 0.5719, 0.6528, 0.7590, 1.000]
    kept = benjamini_hochberg(p)
    assert kept == [True] * 4 + [False] * 11
    assert sum(x <= 0.05 / 15 for x in p) == 3


def test_benjamini_hochberg_in_the_order_given_and_step_up():
    # sorted .005, .01, .03, .04 against the bars k/4 * .05 = .0125, .025, .0375, .05: the
    # largest passing rank is 4, so all are kept. Adjusted by hand: .005 * 4/1 = .02,
    # .01 * 4/2 = .02, .03 * 4/3 = .04, .04 * 4/4 = .04.
    p = [0.01, 0.04, 0.03, 0.005]
    assert bh_adjusted(p) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert benjamini_hochberg(p) == [True, True, True, True]
    # step-up: a larger p that passes its own bar keeps smaller ones that did not pass theirs
    assert benjamini_hochberg([0.045, 0.048]) == [True, True]  # .045 > 1/2 * .05, but .048 <= .05
    assert benjamini_hochberg([0.03, 0.2]) == [False, False]  # .03 > .025 and .2 > .05
    assert benjamini_hochberg([]) == []
    assert bh_adjusted([0.5, 0.9, 0.99]) == pytest.approx([0.99, 0.99, 0.99])
