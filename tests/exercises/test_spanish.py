"""The Spanish exercise words load beside English, keep its shape, and are picked for Spanish."""
from __future__ import annotations

from flask_babel import force_locale

from webapp.exercises.content import FOLDER
from webapp.exercises.patterns import PATTERN_FILE
from webapp.exercises.routines import ROUTINE_FILE


def test_spanish_routines_and_patterns_load_with_englishs_shape():
    routines = ROUTINE_FILE.load(FOLDER)
    assert set(routines) == {"en", "es"}
    for slug, routine in routines["es"].items():
        english = routines["en"][slug]
        assert [(s.kind, s.seconds) for s in routine.steps] == \
            [(s.kind, s.seconds) for s in english.steps]
        assert routine.name != english.name
        assert all(s.text != e.text for s, e in zip(routine.steps, english.steps, strict=True))
    patterns = PATTERN_FILE.load(FOLDER)
    assert set(patterns) == {"en", "es"}


def test_a_spanish_request_gets_spanish_steps_and_others_get_english(app):
    with app.test_request_context(), force_locale("es"):
        assert ROUTINE_FILE.current()["pmr"].name == "Relajación muscular progresiva"
        assert PATTERN_FILE.current().cues["in"] == "Inhala"
    with app.test_request_context(), force_locale("de"):
        assert ROUTINE_FILE.current()["pmr"].name == "Progressive muscle relaxation"
