"""The experiment arithmetic on hand-made days with answers worked out by hand:
means and days per phase, the Welch t-interval, the overlap of the days, and an
honest "not enough days" (too few days, one phase empty)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from webapp.recovery.experiment_stats import (
    CHANGE,
    USUAL,
    Day,
    adherence,
    compare,
    phases_from_text,
    phases_text,
    plan,
    value,
)
from webapp.stats import t_quantile

START = date(2026, 3, 2)


def diary_days(start: date, counts: list[int | None]) -> dict[date, Day]:
    """One day per count: a twitch count on a day the diary was used; None: nothing logged."""
    return {start + timedelta(days=i): Day(twitches=n, diary=True)
            for i, n in enumerate(counts) if n is not None}


def two_phases(change: list[int | None], usual: list[int | None]):
    phases = plan(CHANGE, START, (len(change), len(usual)))
    days = {**diary_days(phases[0].start, change), **diary_days(phases[1].start, usual)}
    return phases, days


@pytest.mark.parametrize(("df", "expected"), [(1, 12.7062), (4, 2.7764), (8, 2.3060),
                                              (10, 2.2281), (30, 2.0423), (1000, 1.9623)])
def test_t_quantiles_match_the_printed_tables(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_plan_lays_phases_back_to_back_alternating_and_round_trips_as_text():
    phases = plan(USUAL, START, (7, 14, 7, 14))
    assert [(p.kind, p.start, p.end) for p in phases] == [
        (USUAL, date(2026, 3, 2), date(2026, 3, 8)),
        (CHANGE, date(2026, 3, 9), date(2026, 3, 22)),
        (USUAL, date(2026, 3, 23), date(2026, 3, 29)),
        (CHANGE, date(2026, 3, 30), date(2026, 4, 12))]
    assert phases_from_text(phases_text(phases)) == phases


def test_known_means_interval_and_overlap():
    # With the change 1..5 twitches a day (mean 3, variance 2.5), as usual 3..7 (mean 5,
    # variance 2.5): the standard error is 1 and Welch's df is 8, so the 95% interval
    # is -2 +/- 2.306. Of the 25 pairs of days, the change day was lower in 20.5.
    phases, days = two_phases([1, 2, 3, 4, 5], [3, 4, 5, 6, 7])
    result = compare("twitches", phases, days, last=phases[-1].end)
    assert result.enough and not result.all_equal
    assert result.n == {CHANGE: 5, USUAL: 5}
    assert result.means == {CHANGE: 3.0, USUAL: 5.0}
    assert [(r.n, r.mean) for r in result.phases] == [(5, 3.0), (5, 5.0)]
    assert result.difference == -2.0
    assert result.low == pytest.approx(-4.306004, abs=1e-5)
    assert result.high == pytest.approx(0.306004, abs=1e-5)
    assert result.includes_zero
    assert result.lower_share == pytest.approx(20.5 / 25)
    assert result.overlap == "somewhat"


def test_days_far_apart_barely_overlap_and_the_interval_excludes_zero():
    phases, days = two_phases([0, 1, 0, 1, 0, 1], [6, 7, 8, 6, 7, 8])
    result = compare("twitches", phases, days, last=phases[-1].end)
    assert result.difference == pytest.approx(0.5 - 7.0)
    assert result.high < 0 and not result.includes_zero
    assert result.lower_share == 1.0 and result.overlap == "barely"


def test_fewer_than_five_days_with_data_is_not_enough_to_say():
    # Seven days as usual, but only four of them logged.
    phases, days = two_phases([1, 2, 1, 2, 1, 2, 1], [3, None, 4, None, 5, None, 6])
    result = compare("twitches", phases, days, last=phases[-1].end)
    assert not result.enough
    assert result.short_phases == (2,)
    assert result.n == {CHANGE: 7, USUAL: 4}
    assert result.difference is None and result.low is None and result.overlap is None


def test_one_phase_empty_is_not_enough_and_has_no_mean():
    phases, days = two_phases([1, 2, 1, 2, 1], [None] * 5)
    result = compare("twitches", phases, days, last=phases[-1].end)
    assert not result.enough and result.short_phases == (2,)
    assert result.means[USUAL] is None and result.phases[1].n == 0


def test_all_days_equal_show_no_difference_without_dividing_by_zero():
    phases, days = two_phases([3] * 5, [3] * 5)
    result = compare("twitches", phases, days, last=phases[-1].end)
    assert result.enough and result.all_equal
    assert (result.difference, result.low, result.high) == (0.0, 0.0, 0.0)
    assert result.lower_share == 0.5 and result.overlap == "a lot"


def test_each_phase_alike_within_but_different_between_gives_a_point_interval():
    phases, days = two_phases([2] * 5, [4] * 5)
    result = compare("twitches", phases, days, last=phases[-1].end)
    assert (result.difference, result.low, result.high) == (-2.0, -2.0, -2.0)
    assert not result.all_equal and result.overlap == "barely"


def test_a_running_experiment_counts_only_days_so_far():
    phases, days = two_phases([1, 1, 1, 1, 1, 1, 1], [5, 5, 5, 5, 5, 5, 5])
    so_far = compare("twitches", phases, days, last=phases[1].start + timedelta(days=2))
    assert [r.n for r in so_far.phases] == [7, 3]
    assert not so_far.enough and so_far.short_phases == (2,)
    not_started = compare("twitches", phases, days, last=phases[0].end)
    assert not_started.phases[1].n == 0


def test_abab_pools_both_phases_of_each_condition():
    phases = plan(CHANGE, START, (5, 5, 5, 5))
    counts = [[1, 1, 1, 1, 1], [4, 4, 4, 4, 4], [3, 3, 3, 3, 3], [6, 6, 6, 6, 6]]
    days: dict[date, Day] = {}
    for phase, phase_counts in zip(phases, counts, strict=True):
        days |= diary_days(phase.start, phase_counts)
    result = compare("twitches", phases, days, last=phases[-1].end)
    assert [r.mean for r in result.phases] == [1.0, 4.0, 3.0, 6.0]
    assert result.n == {CHANGE: 10, USUAL: 10}
    assert result.means == {CHANGE: 2.0, USUAL: 5.0} and result.difference == -3.0


def test_which_days_count_for_each_measure():
    quiet_checkin = Day(diary=True, anxiety=4.0)
    only_adherence = Day(kept="yes")
    only_ledger = Day(checks=2, ledger=True)
    assert value("twitches", quiet_checkin) == 0.0  # a check-in and no twitches: 0
    assert value("twitches", only_adherence) is None  # no diary that day: unknown
    assert value("checks", only_adherence) == 0.0  # answered Steady, logged no checks
    assert value("checks", only_ledger) == 2.0
    assert value("anxiety", quiet_checkin) == 4.0 and value("anxiety", only_ledger) is None
    assert value("intensity", Day(twitches=2, intensity=3.5, diary=True)) == 3.5
    with pytest.raises(ValueError):
        value("steps", quiet_checkin)


def test_adherence_counts_answers_over_the_days_asked_so_far():
    phases = plan(CHANGE, START, (5, 5))
    days = {START: Day(kept="yes"), START + timedelta(days=1): Day(kept="no"),
            START + timedelta(days=2): Day(kept="yes"), START + timedelta(days=9): Day(kept="yes")}
    assert adherence(phases, days, last=START + timedelta(days=3)) == {
        "yes": 2, "partly": 0, "no": 1, "asked": 4}
