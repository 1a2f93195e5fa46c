"""The questionnaires are content, checked at start: worded as published, with
their attribution; a broken file stops the app, naming the file and the field."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fixtures.app import make_app
from webapp.measures.instruments import FOLDER, MeasuresError, load_all

PFIZER = ("Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
          "colleagues, with an educational grant from Pfizer Inc. No permission required "
          "to reproduce, translate, display or distribute.")
OPTIONS = ("Not at all", "Several days", "More than half the days", "Nearly every day")


def test_the_published_wording_and_attribution():
    english = load_all()["en"]
    phq9, gad7, phq4 = english["phq9"], english["gad7"], english["phq4"]
    assert phq9.stem == ("Over the last 2 weeks, how often have you been bothered by any of "
                         "the following problems?")
    assert phq9.items[8] == ("Thoughts that you would be better off dead or of hurting "
                             "yourself in some way")
    assert phq9.difficulty.startswith("If you checked off any problems, how difficult")
    assert phq9.attribution == gad7.attribution == PFIZER
    assert gad7.items[0] == "Feeling nervous, anxious or on edge"
    assert "Psychosomatics 2009" in phq4.attribution and "Löwe B" in phq4.attribution
    for instrument in english.values():
        assert instrument.options == OPTIONS


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    folder = tmp_path / "measures"
    shutil.copytree(FOLDER, folder)
    return folder


@pytest.mark.parametrize(("change", "named"), [
    (lambda text: text.replace('stem = "Over', 'stem_typo = "Over'), "'stem'"),
    (lambda text: text.replace('  "Trouble relaxing",\n', ""), "'items'"),
    (lambda text: text.replace('"Nearly every day"]', '"Nearly every day", "Always"]'),
     "'options'"),
    (lambda text: text.replace("[difficulty]", "[difficult]"), "[difficulty]"),
    (lambda text: text + "\n = broken", "not valid TOML"),
])
def test_a_broken_file_stops_the_start(copied, database_url, change, named):
    path = copied / "en" / "gad7.toml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(MeasuresError) as failed:
        make_app(database_url, MEASURES_FOLDER=str(copied))
    assert "en/gad7.toml" in str(failed.value) and named in str(failed.value)


def test_a_missing_english_file_stops_the_start(copied):
    (copied / "en" / "phq4.toml").unlink()
    with pytest.raises(MeasuresError, match="en/phq4.toml: missing"):
        load_all(copied)


def test_a_second_language_is_a_folder_of_files(copied):
    french = copied / "fr"
    french.mkdir()
    text = (copied / "en" / "phq4.toml").read_text(encoding="utf-8")
    (french / "phq4.toml").write_text(text.replace('language = "en"', 'language = "fr"'),
                                       encoding="utf-8")
    languages = load_all(copied)
    assert set(languages["fr"]) == {"phq4"} and languages["fr"]["phq4"].language == "fr"
    (french / "gad7.toml").write_text(text.replace('language = "en"', 'language = "fr"'),
                                       encoding="utf-8")
    with pytest.raises(MeasuresError, match="fr/gad7.toml"):  # 4 items where GAD-7 has 7
        load_all(copied)
