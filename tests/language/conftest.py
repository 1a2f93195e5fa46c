"""A Spanish catalogue of the tests' own, a few sentences long: the real one is
translated elsewhere, and these tests are about choosing a language, not its words."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask_babel import Domain

SPANISH = {
    "Skip to content": "Saltar al contenido",
    "Log a twitch": "Anotar un tic",
    "Daily check-in": "Registro diario",
    "Breathe now": "Respira ahora",
    "Calm, sourced help for muscle twitching from anxiety and stress: learn, keep a diary, "
    "breathe. Works offline.": "Ayuda serena y con fuentes para los tics musculares por "
                               "ansiedad y estrés. Funciona sin conexión.",
}
HTML_LANG = re.compile(r'<html lang="([^"]*)"')


def page_language(html: str) -> str:
    match = HTML_LANG.search(html)
    assert match, "the page says its language"
    return match.group(1)


@pytest.fixture
def catalogue_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """translations/es/LC_MESSAGES/messages.mo in a temporary folder."""
    catalog = Catalog(locale="es")
    for english, spanish in SPANISH.items():
        catalog.add(english, spanish)
    folder = tmp_path / "translations" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as mo:
        write_mo(mo, catalog)
    # Flask-Babel keeps loaded catalogues in one dict for the whole process: this test
    # has a dict of its own, and the next test gets the shared one back.
    cache: dict[Any, Any] = {}
    monkeypatch.setattr(Domain, "get_translations_cache", lambda self, ctx: cache)
    return tmp_path / "translations"


@pytest.fixture
def app_config(catalogue_dir: Path) -> dict[str, Any]:
    return {"BABEL_TRANSLATION_DIRECTORIES": str(catalogue_dir), "RATELIMIT_ENABLED": False}
