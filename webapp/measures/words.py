"""The words for bands, reliable change and the method behind it, in the page's
language (the questionnaires' own words are content files)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.measures.scoring import INSTRUMENTS, s_diff

BANDS = {
    "normal": _l("Normal"), "minimal": _l("Minimal"), "mild": _l("Mild"),
    "moderate": _l("Moderate"), "moderately_severe": _l("Moderately severe"),
    "severe": _l("Severe"),
}
CHANGES = {
    "improvement": _l("Reliable improvement"), "worsening": _l("Reliable worsening"),
    "none": _l("No reliable change"),
}
SUBSCALES = {"anxiety": _l("Anxiety (questions 1 and 2)"),
             "depression": _l("Depression (questions 3 and 4)")}
CADENCE_WORDS = {"once": _l("Once"), "weekly": _l("Every week"),
                 "fortnightly": _l("Every 2 weeks"), "sessions": _l("Before each session")}


def band_label(key: str) -> str:
    return str(BANDS.get(key, key))


def change_label(label: str) -> str:
    return str(CHANGES.get(label, label))


def method(key: str) -> str:
    """How reliable change is decided for this questionnaire, and from which numbers."""
    reliable = INSTRUMENTS[key].reliable
    if reliable.sd is not None and reliable.reliability is not None:
        diff = s_diff(reliable.sd, reliable.reliability)
        return _("Reliable change means a change of at least %(points)d points. It uses the "
                 "Jacobson and Truax reliable change index with a standard deviation of "
                 "%(sd)s and a reliability of %(r)s, published in %(source)s: 1.96 × "
                 "%(diff)s = %(limit)s points.", points=reliable.points, sd=reliable.sd,
                 r=reliable.reliability, source=reliable.source, diff=format(diff, ".2f"),
                 limit=format(1.96 * diff, ".2f"))
    return _("Reliable change means a change of at least %(points)d points: the threshold "
             "of the %(source)s, worked out with the Jacobson and Truax reliable change "
             "index.", points=reliable.points, source=reliable.source)
