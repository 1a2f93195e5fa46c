"""The Spanish-speaking regions (issue 17): present, sourced, dialable, picked by the browser."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from flask_babel import force_locale

from webapp.learn.library import source_url_problem
from webapp.learn.render import ContentError
from webapp.safety.crisis import load_directory, parse_directory

DATA = Path(__file__).resolve().parents[2] / "content" / "safety" / "crisis_lines.toml"
SPANISH_REGIONS = ("ES", "MX", "AR", "CO", "CL")


@pytest.fixture(scope="module")
def directory():
    return load_directory(DATA)


@pytest.mark.parametrize("key", SPANISH_REGIONS)
def test_each_spanish_speaking_region_loads_with_sourced_lines(directory, key):
    region = directory.regions[key]
    assert region.of_kind("emergency") and region.of_kind("crisis")
    assert any(line.can_call for line in region.of_kind("crisis"))
    for line in region.lines:
        assert line.source.startswith("https://") and source_url_problem(line.source) is None
        assert line.name and line.note


@pytest.mark.parametrize(("key", "kind", "digits"), [
    ("ES", "emergency", "112"),
    ("ES", "crisis", "024"),
    ("MX", "emergency", "911"),
    ("MX", "crisis", "8009112000"),
    ("AR", "emergency", "911"),
    ("AR", "emergency", "107"),
    ("AR", "crisis", "135"),
    ("AR", "crisis", "08003451435"),
    ("CO", "emergency", "123"),
    ("CO", "crisis", "106"),
    ("CL", "emergency", "131"),
    ("CL", "emergency", "133"),
    ("CL", "crisis", "*4141"),
])
def test_the_spanish_speaking_numbers_are_pinned(directory, key, kind, digits):
    assert digits in {line.digits for line in directory.regions[key].of_kind(kind)}


def test_the_us_lifeline_has_its_spanish_option(directory):
    crisis = directory.regions["US"].of_kind("crisis")
    spanish = [line for line in crisis if line.text_word == "AYUDA"]
    assert len(spanish) == 1
    assert spanish[0].digits == "988" and spanish[0].can_call and spanish[0].can_text
    assert "press 2" in spanish[0].note


def test_spain_has_its_own_region_and_left_the_eu_one(directory):
    assert directory.by_country["ES"] == "ES"
    assert "ES" not in directory.regions["EU"].countries
    assert directory.region_for_languages(["es-ES", "en"]) == "ES"
    assert directory.region_for_languages(["es-MX"]) == "MX"
    assert directory.region_for_languages(["es-AR"]) == "AR"
    assert directory.region_for_languages(["es-US", "es"]) == "US"


def test_a_star_short_code_dials_with_its_star():
    line = {"kind": "crisis", "name": "Short code", "number": "*4141", "contact": "call",
            "note": "A note.", "source": "https://example.org/line"}
    data = {"checked": load_directory(DATA).checked, "order": ["CL"], "regions": {"CL": {
        "name": "Chile", "countries": ["CL"],
        "lines": [{**line, "kind": "emergency", "number": "131"}, line]}},
        "fallback": {"name": "Elsewhere", "url": "https://findahelpline.com/",
                     "label": "findahelpline.com", "note": "A note.",
                     "source": "https://findahelpline.com/"}}
    assert parse_directory(data).regions["CL"].of_kind("crisis")[0].digits == "*4141"
    for bad in ("4*141", "**4141", "*41"):
        data["regions"]["CL"]["lines"][1]["number"] = bad
        with pytest.raises(ContentError, match="not a number a phone can dial"):
            parse_directory(data)


# Spanish pages: the words a person reads for each Spanish-speaking region are in
# Spanish (the numbers, sources and order are the same lines as in English).

SPANISH_WORDS_REGIONS = (*SPANISH_REGIONS, "US")


@pytest.mark.parametrize("key", SPANISH_WORDS_REGIONS)
def test_each_spanish_speaking_region_reads_in_spanish(directory, key):
    english, spanish = directory.regions[key], directory.for_language("es").regions[key]
    def dialled(region):
        return [(line.kind, line.number, line.contact, line.source, line.text_word)
                for line in region.lines]

    assert dialled(spanish) == dialled(english)
    for es, en in zip(spanish.lines, english.lines, strict=True):
        assert es.note and es.note != en.note, (key, en.name)
    assert directory.for_language("es_MX").regions[key] == spanish


def test_the_spanish_words_say_what_the_english_ones_say(directory):
    spanish = directory.for_language("es")
    lifeline = [line for line in spanish.regions["US"].of_kind("crisis") if line.text_word]
    assert "oprime el 2" in lifeline[0].note and "AYUDA" in lifeline[0].note
    assert "el 2" in spanish.regions["US"].of_kind("crisis")[0].note
    assert all("911" in line.note for line in spanish.regions["AR"].of_kind("crisis"))
    assert spanish.regions["ES"].name == "España" and spanish.regions["MX"].name == "México"
    assert spanish.fallback.name == "En otro lugar"
    assert spanish.fallback.note.startswith("Líneas de ayuda gratuitas")
    assert spanish.fallback.url == directory.fallback.url


def test_english_and_languages_without_words_keep_the_english_file(directory):
    assert directory.for_language("en") is directory
    assert directory.for_language("de") is directory
    assert directory.regions["ES"].name == "Spain (España)"
    assert directory.regions["US"].of_kind("crisis")[1].note.startswith("The 988 Lifeline in")
    # A region without Spanish words shows its English ones on a Spanish page.
    assert directory.for_language("es").regions["GB"].lines == directory.regions["GB"].lines


def spanish_help_page(app, accept_language: str) -> str:
    with app.test_request_context("/help", headers={"Accept-Language": accept_language}), \
            force_locale("es"):
        response = app.view_functions["safety.help_now"]()
        return response.get_data(as_text=True)


def test_the_help_page_in_spanish_shows_the_spanish_words(app):
    html = spanish_help_page(app, "es-MX")
    assert "Apoyo gratuito en salud mental" in html
    assert "Free mental health support" not in html
    assert '<option selected value="MX">México</option>' in html
    assert "<summary>España</summary>" in html and "<summary>United Kingdom</summary>" not in html
    assert 'href="tel:8009112000"' in html


def test_the_help_page_in_english_is_unchanged(app, client):
    client.set_cookie("steady_lang", "en")  # a Mexican browser, English chosen on the switcher
    html = client.get("/help", headers={"Accept-Language": "es-MX"}).get_data(as_text=True)
    assert "Free mental health support, any time, day or night." in html
    assert "Apoyo gratuito" not in html and "<summary>Spain (España)</summary>" in html


@pytest.mark.parametrize(("change", "problem"), [
    (lambda line: line.update(en={"note": "Twice."}), "English is the plain"),
    (lambda line: line.update(es={"note": "Gratis.", "number": "112"}), "only translate"),
    (lambda line: line.update(es={"note": " "}), "needs a 'note'"),
    (lambda line: line.update(es="Gratis."), "must hold"),
])
def test_broken_translations_are_refused(change, problem):
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    change(data["regions"]["ES"]["lines"][0])
    with pytest.raises(ContentError, match=problem):
        parse_directory(data)
