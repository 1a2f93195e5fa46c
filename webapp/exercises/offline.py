"""What the service worker must keep so every exercise works without a network."""
from __future__ import annotations

from webapp.exercises.patterns import PATTERNS
from webapp.exercises.routines import ROUTINES

JS_MODULES = ("player", "engine", "cues", "save", "wakelock")


def offline_urls() -> list[str]:
    """The exercise index, every built-in breathing pattern and every routine.
    The custom pattern is left out: it is personal and answers 404 when signed out."""
    return (["/exercises"] + [f"/exercises/breathe/{key}" for key in PATTERNS]
            + [f"/exercises/relax/{slug}" for slug in ROUTINES])


def offline_assets() -> list[str]:
    """Static files (paths under /static/) the exercise pages load, beyond the
    stylesheet, script and icons every page shares."""
    return [f"js/breathing/{name}.js" for name in JS_MODULES]
