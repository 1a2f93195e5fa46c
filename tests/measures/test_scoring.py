"""Scores, severity bands and reliable change, on worked examples whose answers
are known from the published scoring rules (totals are sums of 0-3 answers)."""
from __future__ import annotations

import math

import pytest

from webapp.measures import scoring
from webapp.measures.scoring import change, rci, s_diff, score


@pytest.mark.parametrize(("answers", "total", "band"), [
    ([0] * 9, 0, "minimal"),
    ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),
    ([2, 2, 2, 1, 1, 1, 0, 0, 0], 9, "mild"),
    ([2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "moderate"),
    ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate"),
    ([2, 2, 2, 2, 2, 2, 2, 1, 0], 15, "moderately_severe"),
    ([3, 3, 3, 2, 2, 2, 2, 2, 0], 19, "moderately_severe"),
    ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "severe"),
    ([3] * 9, 27, "severe"),
])
def test_phq9_totals_and_band_edges(answers, total, band):
    result = score("phq9", answers)
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(("total", "band"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
    (14, "moderate"), (15, "severe"), (21, "severe")])
def test_gad7_band_edges(total, band):
    answers = [min(3, max(0, total - 3 * i)) for i in range(7)]
    assert sum(answers) == total
    result = score("gad7", answers)
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(("answers", "total", "band", "flags"), [
    ([0, 0, 0, 0], 0, "normal", ()),
    ([1, 1, 0, 0], 2, "normal", ()),
    ([2, 1, 0, 0], 3, "mild", ("anxiety",)),
    ([1, 1, 1, 2], 5, "mild", ("depression",)),
    ([2, 1, 2, 1], 6, "moderate", ("anxiety", "depression")),
    ([3, 3, 1, 1], 8, "moderate", ("anxiety",)),
    ([3, 3, 2, 1], 9, "severe", ("anxiety", "depression")),
    ([3, 3, 3, 3], 12, "severe", ("anxiety", "depression")),
])
def test_phq4_total_bands_and_subscales(answers, total, band, flags):
    result = score("phq4", answers)
    assert (result.total, result.band, result.flagged) == (total, band, flags)
    assert result.subscales == {"anxiety": answers[0] + answers[1],
                                "depression": answers[2] + answers[3]}


def test_phq9_item_9_is_reported_apart():
    assert score("phq9", [0] * 8 + [1]).item9 == 1
    assert score("phq9", [3] * 8 + [0]).item9 == 0
    assert score("gad7", [3] * 7).item9 is None


@pytest.mark.parametrize("answers", [[0] * 8, [0] * 10, [0] * 8 + [4], [-1] + [0] * 8])
def test_wrong_answers_are_refused(answers):
    with pytest.raises(ValueError):
        score("phq9", answers)


# Reliable change: Jacobson & Truax (1991), S_diff = sqrt(2) * SD * sqrt(1 - r).

def test_s_diff_worked_example():
    # SD 2.1, r 0.84: sqrt(2) * 2.1 * 0.4 = 1.187939...
    assert s_diff(2.1, 0.84) == pytest.approx(1.1879394, abs=1e-6)
    # SD 7.5, r 0.75: sqrt(2) * 7.5 * 0.5 = 5.3033...
    assert s_diff(7.5, 0.75) == pytest.approx(5.3033009, abs=1e-6)


def test_rci_worked_examples():
    # From 9 to 3 on SD 2.1, r 0.84: -6 / 1.187939 = -5.0507
    assert rci(9, 3, 2.1, 0.84) == pytest.approx(-5.0507, abs=1e-4)
    # From 20 to 15 on SD 7.5, r 0.75: -5 / 5.3033 = -0.9428
    assert rci(20, 15, 7.5, 0.75) == pytest.approx(-0.9428, abs=1e-4)
    assert rci(5, 5, 2.1, 0.84) == 0


def test_phq4_threshold_follows_from_its_published_values():
    rules = scoring.INSTRUMENTS["phq4"].reliable
    assert rules.sd == 2.1 and rules.reliability == 0.84
    # 1.96 * 1.187939 = 2.3284 points: a whole-number change of 3 or more.
    assert rules.points == 3 == math.ceil(1.96 * s_diff(rules.sd, rules.reliability))


@pytest.mark.parametrize(("key", "before", "after", "label"), [
    ("phq9", 18, 12, "improvement"),  # 6 points down: the manual's threshold
    ("phq9", 18, 13, "none"),
    ("phq9", 8, 14, "worsening"),
    ("gad7", 15, 11, "improvement"),
    ("gad7", 15, 12, "none"),
    ("gad7", 5, 9, "worsening"),
    ("phq4", 9, 6, "improvement"),
    ("phq4", 9, 7, "none"),
    ("phq4", 2, 5, "worsening"),
])
def test_reliable_change_labels(key, before, after, label):
    assert change(key, before, after).label == label


def test_a_band_change_alone_is_not_reliable_change():
    # 10 (moderate) to 9 (mild): a new band, but one point is no reliable change.
    assert score("phq9", [2, 2, 2, 2, 2, 0, 0, 0, 0]).band != score(
        "phq9", [2, 2, 2, 1, 1, 1, 0, 0, 0]).band
    assert change("phq9", 10, 9).label == "none"


def test_every_instrument_names_its_published_source():
    for rules in scoring.INSTRUMENTS.values():
        assert rules.reliable.source and rules.reliable.points >= 1
