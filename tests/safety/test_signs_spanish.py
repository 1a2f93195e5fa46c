"""The Spanish warning signs mirror the English ones: same keys, urgencies and visit rules."""
from __future__ import annotations

from webapp.safety.signs import FOLDER, article_markdown, for_language, load_folder


def test_spanish_mirrors_english_sign_for_sign():
    catalogues = load_folder(FOLDER)
    spanish, english = catalogues["es"], catalogues["en"]
    assert [s.key for s in spanish.signs] == [s.key for s in english.signs]
    for es, en in zip(spanish.signs, english.signs, strict=True):
        assert (es.urgency, es.after_visit, bool(es.since_visit)) == \
            (en.urgency, en.after_visit, bool(en.since_visit))
        assert es.question != en.question and es.article != en.article
    assert set(spanish.levels) == set(english.levels)


def test_spanish_is_picked_for_spanish_locales_and_makes_its_own_table():
    assert for_language("es").language == "es"
    assert for_language("es_MX").language == "es"
    table = article_markdown(for_language("es"))
    assert table.startswith("| Urgencia | Señal | Qué hacer |")
    assert "Pide ayuda urgente ahora" in table
