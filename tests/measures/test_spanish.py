"""The official Spanish questionnaires: loaded, shaped like English, picked for Spanish."""
from __future__ import annotations

from webapp.measures.instruments import FOLDER, instrument, load_all

OFFICIAL_OPTIONS = ("Ningún día", "Varios días", "Más de la mitad de los días",
                    "Casi todos los días")


def test_the_spanish_folder_loads_with_the_same_items_as_english():
    languages = load_all(FOLDER)
    spanish, english = languages["es"], languages["en"]
    assert set(spanish) == {"phq9", "gad7", "phq4"}
    for key, found in spanish.items():
        assert found.language == "es" and found.options == OFFICIAL_OPTIONS
        assert len(found.items) == len(english[key].items)
        assert found.rules == english[key].rules
        assert found.stem.startswith("Durante las últimas 2 semanas")


def test_spanish_is_used_for_spanish_and_english_fills_the_gap(app):
    with app.app_context():
        assert instrument("phq9", "es").language == "es"
        assert instrument("phq9", "es").items[8].startswith("Pensamientos de que estaría mejor")
        assert instrument("phq4", "es").language == "es"
        assert instrument("gad7", "de").language == "en"


def test_the_spanish_phq4_is_the_official_gad2_and_phq2_word_for_word():
    """The PHQ-4 is the GAD-2 then the PHQ-2 (in the English form's order: GAD-7
    items 1 and 2, then PHQ-9 items 2 and 1): its Spanish lines are the official
    Spanish GAD-7 and PHQ-9 lines for those items, word for word."""
    spanish = load_all(FOLDER)["es"]
    phq4, gad7, phq9 = spanish["phq4"], spanish["gad7"], spanish["phq9"]
    assert list(phq4.items) == [gad7.items[0], gad7.items[1], phq9.items[1], phq9.items[0]]
    assert phq4.stem == gad7.stem == phq9.stem and phq4.options == gad7.options
