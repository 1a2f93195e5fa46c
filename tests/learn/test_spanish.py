"""The Spanish articles pass the same start-up checks as English and keep its section addresses."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import frontmatter
import pytest

from webapp.learn.library import load_library

CONTENT = Path(__file__).resolve().parents[2] / "content" / "learn"
SPANISH = sorted(p.stem for p in (CONTENT / "es").glob("*.md"))
EXPLICIT_ID = r"{#"


@pytest.fixture(scope="module")
def library():
    return load_library(CONTENT)  # the same checks the app runs at start, for every language


def test_the_spanish_folder_loads_with_the_checks_and_falls_back_to_english(library):
    assert "es" in library.languages and SPANISH
    for article in library.articles("es"):
        assert article.language == ("es" if article.slug in SPANISH else "en")


@pytest.mark.parametrize("slug", SPANISH)
def test_each_spanish_article_has_sources_dates_and_the_same_sections(library, slug):
    spanish, english = library.get(slug, "es"), library.get(slug, "en")
    assert spanish.language == "es" and english.language == "en"
    assert len(spanish.sources) >= 2
    assert spanish.reviewed == dt.date(2026, 11, 30) and spanish.next_review > spanish.reviewed
    assert spanish.reading_minutes >= 1 and spanish.title != english.title
    assert spanish.order == english.order and set(spanish.related) == set(english.related)
    # Links from other pages (/learn/<slug>#section, the diary, the exercises) work in
    # either language: every English section keeps its address in Spanish.
    assert [h.id for h in spanish.headings] == [h.id for h in english.headings]


def test_the_red_flag_table_is_made_from_the_spanish_warning_signs(library):
    html = str(library.get("red-flags", "es").html)
    assert "<th" in html and ">Urgencia</th>" in html and "Pide ayuda urgente ahora" in html
    assert 'aria-labelledby="signs-to-look-out-for"' in html


@pytest.mark.parametrize("slug", SPANISH)
def test_spanish_sources_are_spanish_where_one_exists(slug):
    sources = frontmatter.load(str(CONTENT / "es" / f"{slug}.md")).metadata["sources"]
    assert any("/es/" in s["url"] or "/spanish/" in s["url"] or "espanol" in s["url"]
               for s in sources)
