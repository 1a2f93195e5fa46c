"""Plain statistics for the insights page, with no database and nothing beyond
``math``: means and medians, Student's t through the regularized incomplete beta
function, the Welch t-interval with its p-value, and the Benjamini-Hochberg rule
for many comparisons made at once.

Welch's interval does not assume both groups spread alike, which suits daily
twitch counts (days with a trigger are often more variable). The p-value is
two-sided, from the same t statistic and Welch-Satterthwaite degrees of freedom."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

CONFIDENCE = 0.95
FALSE_DISCOVERY_RATE = 0.05  # Benjamini-Hochberg's q


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or None for no values."""
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count), or None."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2.0


def variance(values: Sequence[float]) -> float:
    """The sample variance (divided by n - 1); 0 for fewer than two values."""
    if len(values) < 2:
        return 0.0
    centre = sum(values) / len(values)
    return sum((v - centre) ** 2 for v in values) / (len(values) - 1)


# Student's t, from the regularized incomplete beta function ------------------------

def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction for I_x(a, b) by the modified Lentz method
    (Numerical Recipes, 6.4), to double precision."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 500):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return result


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b) for a, b > 0, 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):  # the fraction converges fast on this side
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` (possibly fractional) degrees of freedom."""
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_pdf(t: float, df: float) -> float:
    """The density of Student's t with ``df`` degrees of freedom."""
    log_front = math.lgamma((df + 1.0) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    return math.exp(log_front - (df + 1.0) / 2.0 * math.log1p(t * t / df))


@lru_cache(maxsize=4096)  # pure: the same (p, df) comes back across pages and requests
def t_quantile(p: float, df: float) -> float:
    """The t below which a share ``p`` (0 < p < 1) of Student's t lies: Newton's method
    on the CDF, kept inside a bracket that bisection narrows whenever a step leaves it."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    # Start from the Cornish-Fisher expansion around the normal quantile: Newton then
    # needs two or three steps instead of a dozen (each step is a continued fraction).
    z = NormalDist().inv_cdf(p)
    guess = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df)
    low, high = 0.0, max(1.0, 2.0 * guess)
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    x = guess if low < guess < high else (low + high) / 2.0
    for _ in range(100):
        gap = t_cdf(x, df) - p
        if gap < 0:
            low = x
        else:
            high = x
        step = gap / t_pdf(x, df)
        moved = x - step
        if not low < moved < high:
            moved = (low + high) / 2.0
        if abs(moved - x) < 1e-13 * max(1.0, abs(x)) or high - low < 1e-13:
            return moved
        x = moved
    return x


# Two groups of days ----------------------------------------------------------------

@dataclass(frozen=True)
class Welch:
    """mean(a) - mean(b) with its Welch t-interval, t statistic, degrees of freedom
    and two-sided p-value."""

    difference: float
    low: float
    high: float
    t: float
    df: float
    p: float

    @property
    def includes_zero(self) -> bool:
        return self.low <= 0.0 <= self.high


def welch(a: Sequence[float], b: Sequence[float], confidence: float = CONFIDENCE) -> Welch:
    """Welch's comparison of two groups of at least two values each. When every value
    within each group is the same, there is no spread to estimate: the interval is
    the difference itself, with p = 1 if the groups are equal and 0 if not."""
    if len(a) < 2 or len(b) < 2:
        raise ValueError("Welch's interval needs at least two values in each group")
    difference = sum(a) / len(a) - sum(b) / len(b)
    share_a, share_b = variance(a) / len(a), variance(b) / len(b)
    error = math.sqrt(share_a + share_b)
    if error == 0.0:
        if difference == 0.0:
            return Welch(0.0, 0.0, 0.0, 0.0, float(len(a) + len(b) - 2), 1.0)
        return Welch(difference, difference, difference, math.copysign(math.inf, difference),
                     float(len(a) + len(b) - 2), 0.0)
    df = (share_a + share_b) ** 2 / (share_a ** 2 / (len(a) - 1) + share_b ** 2 / (len(b) - 1))
    t = difference / error
    margin = t_quantile(0.5 + confidence / 2.0, df) * error
    p = min(1.0, 2.0 * (1.0 - t_cdf(abs(t), df)))
    return Welch(difference, difference - margin, difference + margin, t, df, p)


# Many comparisons at once ----------------------------------------------------------

def bh_adjusted(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values, in the order given: the smallest false
    discovery rate at which each comparison would count as a finding."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):  # from the largest p down, keeping it monotone
        index = order[rank - 1]
        running = min(running, p_values[index] * m / rank)
        adjusted[index] = min(1.0, running)
    return adjusted


def benjamini_hochberg(p_values: Sequence[float],
                       q: float = FALSE_DISCOVERY_RATE) -> list[bool]:
    """Which comparisons survive the Benjamini-Hochberg step-up rule at false
    discovery rate ``q``: sort the m p-values, find the largest rank k with
    p(k) <= k/m * q, and keep the k smallest. In the order given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    keep = 0
    for rank, index in enumerate(order, 1):
        if p_values[index] <= rank / m * q:
            keep = rank
    kept = set(order[:keep])
    return [i in kept for i in range(m)]
