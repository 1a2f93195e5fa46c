"""Demo data: one finished experiment ("no caffeine after noon", 7 days with the
change, then 7 as usual) with its daily answers, over the diary's demo days.
Registered with `flask demo` (webapp.cli.add_demo_filler); runs after the diary's
filler, though the result is read from the diary whenever the page is shown."""
from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from webapp.auth.models import User
from webapp.ownership import owned_delete, owned_record
from webapp.recovery.experiment_parsing import TEMPLATES
from webapp.recovery.experiment_stats import phases_text, plan
from webapp.recovery.experiments import Adherence, Experiment, local_today

ENDED_DAYS_AGO = 3
ANSWERS = ["yes", "yes", "partly", "yes", "yes", "yes", "no", "yes", "yes", "yes", "yes",
           "yes", "yes", "yes"]


def fill(db: Session, user: User, days: int) -> None:
    """Replace the person's experiments with one finished one, when the diary's
    ``days`` reach back far enough to hold it."""
    db.execute(owned_delete(Adherence, user))
    db.execute(owned_delete(Experiment, user))
    template = TEMPLATES["caffeine"]
    length = sum(template.lengths)
    if days < length + ENDED_DAYS_AGO:
        db.flush()
        return
    start = local_today(user) - timedelta(days=length + ENDED_DAYS_AGO - 1)
    phases = plan(template.first, start, template.lengths)
    experiment = owned_record(
        Experiment, user, uuid=uuid.uuid4(), template=template.key, title=str(template.title),
        change=str(template.change), measures="," + ",".join(template.measures) + ",",
        phases=phases_text(phases), starts_on=phases[0].start, ends_on=phases[-1].end)
    db.add(experiment)
    db.flush()
    for offset, kept in enumerate(ANSWERS[:length]):
        db.add(owned_record(Adherence, user, uuid=uuid.uuid4(), experiment_id=experiment.id,
                            day=start + timedelta(days=offset), kept=kept))
    db.flush()
