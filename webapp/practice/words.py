"""What a person and a therapist read about an assignment."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.exercises.services import exercise_name
from webapp.practice.models import Assignment
from webapp.recovery.experiment_parsing import TEMPLATES
from webapp.recovery.parsing import KINDS as CHECK_KINDS


def describe(a: Assignment) -> str:
    """One line: what to do, how often, for how long."""
    weeks = ngettext("for %(num)d week", "for %(num)d weeks", a.weeks)
    if a.kind == "exercise":
        what = exercise_name(a.exercise or "", a.pattern)
        return _("%(what)s, %(times)s %(weeks)s", what=what, weeks=weeks,
                 times=ngettext("%(num)d time a week", "%(num)d times a week", a.per_week))
    if a.kind == "checks":
        kind = str(CHECK_KINDS.get(a.check_kind or "", a.check_kind or ""))
        if a.per_week == 0:
            return _("None of these: %(kind)s, %(weeks)s", kind=kind, weeks=weeks)
        return _("At most %(num)d a week: %(kind)s, %(weeks)s", num=a.per_week, kind=kind,
                 weeks=weeks)
    template = TEMPLATES.get(a.experiment or "")
    if template is not None:
        return _("Try an experiment: %(title)s", title=str(template.title))
    return _("Try a personal experiment of your choice")
