"""The breathing patterns and routines as data (the custom pattern's bounds are
in test_parsing.py)."""
from webapp.exercises.offline import offline_assets, offline_urls
from webapp.exercises.patterns import PATTERNS, custom_pattern
from webapp.exercises.routines import ROUTINES


def timings(key):
    return [(p.kind, p.seconds) for p in PATTERNS[key].phases]


def test_calm_is_the_4_2_6_breath_in_order():
    assert timings("calm") == [("in", 4), ("hold", 2), ("out", 6)]
    assert "pursed lips" in str(PATTERNS["calm"].how)


def test_box_has_four_sides_of_four_seconds():
    assert timings("box") == [("in", 4), ("hold", 4), ("out", 4), ("hold", 4)]
    assert PATTERNS["box"].cycle_seconds == 16


def test_478_and_coherent():
    assert timings("478") == [("in", 4), ("hold", 7), ("out", 8)]
    assert timings("coherent") == [("in", 5.5), ("out", 5.5)]
    assert PATTERNS["coherent"].cycle_seconds == 11


def test_sigh_has_two_inhales_then_a_long_exhale():
    assert timings("sigh") == [("in", 2), ("in", 1), ("out", 6)]
    first, top_up, _ = (p.label for p in PATTERNS["sigh"].phases)
    assert first != top_up  # the person hears "breathe in", then "a little more"


def test_every_pattern_explains_itself_and_renders_as_player_json():
    for pattern in PATTERNS.values():
        assert str(pattern.summary) and str(pattern.how) and str(pattern.name)
        data = pattern.to_json()
        assert data["key"] == pattern.key
        assert [p["seconds"] for p in data["phases"]] == [p.seconds for p in pattern.phases]
        assert all(isinstance(p["label"], str) and p["label"] for p in data["phases"])
        assert data["cycleSeconds"] == pattern.cycle_seconds


def test_pmr_tenses_10_to_20_seconds_and_releases_from_feet_to_face():
    steps = ROUTINES["pmr"].steps
    tense = [s for s in steps if s.kind == "tense"]
    release = [s for s in steps if s.kind == "release"]
    assert len(tense) == len(release) >= 8
    assert all(10 <= s.seconds <= 20 for s in tense)
    assert all(s.seconds >= 15 for s in release)
    assert str(tense[0].title).startswith("Feet") and str(tense[-1].title).startswith("Face")


def test_routines_link_to_their_learn_section():
    anchors = {slug: r.learn_url for slug, r in ROUTINES.items()}
    assert anchors == {
        "pmr": "/learn/calm-a-twitch-now#pmr",
        "ease-eyelid": "/learn/calm-a-twitch-now#ease-tension",
        "ease-leg": "/learn/calm-a-twitch-now#ease-tension",
        "ease-hand": "/learn/calm-a-twitch-now#ease-tension",
        "grounding": "/learn/calm-a-twitch-now#grounding",
        "side-to-side": "/learn/calm-a-twitch-now#side-to-side",
    }
    beats = [s.beat for s in ROUTINES["side-to-side"].steps if s.beat]
    assert beats and all(40 <= b <= 120 for b in beats)


def test_offline_lists_every_public_exercise_page_and_script():
    urls = offline_urls()
    assert urls[0] == "/exercises"
    assert "/exercises/breathe/calm" in urls and "/exercises/relax/pmr" in urls
    assert "/exercises/breathe/custom" not in urls
    assert len(urls) == 1 + len(PATTERNS) + len(ROUTINES)
    assert "js/breathing/player.js" in offline_assets()
    assert "js/breathing/engine.js" in offline_assets()


def test_custom_pattern_leaves_out_zero_holds():
    pattern = custom_pattern(4, 0, 6.5, 2)
    assert [(p.kind, p.seconds) for p in pattern.phases] == [("in", 4), ("out", 6.5), ("hold", 2)]
    assert pattern.rhythm == "4 · 6.5 · 2"
