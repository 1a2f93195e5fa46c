"""The therapist's side of assigned practice, for one client: what they assigned,
done against planned, any declines with the client's note, and the forms to
assign an exercise, a checks target, an experiment or a questionnaire (a
questionnaire is a measures schedule, nothing more). Every route needs a
therapist who completed two-step sign-in; a share that is not theirs, revoked
or ended is a 404 or the ended page, and nothing is stored for it. A kind of
practice needs the scope it reads: exercises for an exercise, the ledger
(recovery) for a checks target or an experiment, questionnaires for one."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import literal, select

from webapp import db
from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.services import local_now
from webapp.measures import instruments, schedules
from webapp.measures.parsing import DEFAULT_EXPIRY, EXPIRY_MAX, parse_schedule
from webapp.practice import progress, services, words
from webapp.practice.blueprint import bp
from webapp.practice.parsing import (
    CHECKS_MAX,
    TIMES_A_WEEK,
    WEEKS,
    exercise_choices,
    parse_assignment,
)
from webapp.recovery.experiment_parsing import TEMPLATES
from webapp.recovery.parsing import KINDS as CHECK_KINDS
from webapp.security import therapist_with_two_factor
from webapp.sharing import services as sharing
from webapp.sharing.client_lists import client_lists
from webapp.sharing.client_page import open_client
from webapp.sharing.models import Share
from webapp.validation import ValidationFailed, query_int

SCOPE = {"exercise": "exercises", "checks": "recovery", "experiment": "recovery",
         "questionnaire": "measures"}


def _therapist() -> Any:
    return current_user._get_current_object()


def _client(share_id: int) -> tuple[Share, User]:
    found = sharing.client_share(db.session, current_user, share_id)
    if found is None or not any(found[0].allows(s) for s in set(SCOPE.values())):
        abort(404)
    return found


def visible(share: Share, assignments: list[Any]) -> list[Any]:
    """Only the assignments whose scope the share still includes."""
    return [a for a in assignments if share.allows(SCOPE[a.kind])]


def client_practice(share: Share, person: Any) -> dict[str, Any] | None:
    """Therapist, on a client's page (templates/practice/_client_practice.html):
    their assignments for this client that the share's scopes allow, with
    progress. None when the share includes neither exercises nor the ledger.
    One query for the progress (the assignments come from the page's one read
    of its lists), none when nothing is assigned."""
    if not (share.share_exercises or share.share_recovery) or not current_user.is_authenticated:
        return None
    now = utcnow()
    assignments = visible(share, client_lists(db.session, share, person,
                                              _therapist()).assignments)
    return {"assignments": assignments, "describe": words.describe,
            "progress": progress.progress(db.session, select(literal(person.id)), assignments,
                                          now)}


def _page(share: Share, person: User, values: dict[str, Any], errors: dict[str, str],
          failed: str = "") -> ResponseReturnValue:
    today = local_now(person).date()
    return render_template(
        "practice/client.html", share=share, person=person, values=values, errors=errors,
        failed=failed, today=today, exercise_choices=exercise_choices(),
        check_kinds={k: v for k, v in CHECK_KINDS.items() if k != "other"},
        experiments=TEMPLATES, instruments=instruments.all_instruments(),
        bounds={"times": TIMES_A_WEEK, "weeks": WEEKS, "checks": CHECKS_MAX,
                "expiry": EXPIRY_MAX},
        practice=client_practice(share, person)), 422 if errors else 200


def _fresh(today: Any) -> dict[str, Any]:
    return {"exercise": "breathe:478", "per_week": "5", "weeks": "4", "check_kind": "strength",
            "limit": "0", "instrument": "phq9", "cadence": "weekly",
            "starts_on": today.isoformat(), "ends_on": "", "expiry_days": str(DEFAULT_EXPIRY)}


@bp.route("/clients/<int:share_id>/practice")
@therapist_with_two_factor
def client(share_id: int) -> ResponseReturnValue:
    """Therapist, with an active share: the client's assigned practice and the
    forms to assign more. Logs the view."""
    share, person = _client(share_id)
    ended = open_client(share, person, _therapist(), "practice")
    if ended is not None:
        return ended
    page = _page(share, person, _fresh(local_now(person).date()), {})
    db.session.commit()
    return page


@bp.route("/clients/<int:share_id>/practice", methods=["POST"])
@therapist_with_two_factor
def assign(share_id: int) -> ResponseReturnValue:
    """Therapist, with an active share that includes the kind's scope: assign an
    exercise, a checks target, an experiment, or a questionnaire (a measures
    schedule). A refused one shows the form again with what was typed and a
    clear message; nothing is stored."""
    share, person = _client(share_id)
    DiaryForm().validate_on_submit() or abort(400)
    values = submitted()
    kind = values.get("kind", "")
    if share.ended():
        return render_template("sharing/ended.html", share=share, person=person), 410
    if kind in SCOPE and not share.allows(SCOPE[kind]):
        return _page(share, person, values, {"kind": _(
            "%(name)s does not share this part of their diary, so it cannot be assigned.",
            name=person.display_name)}, "scope")
    today = local_now(person).date()
    if kind == "questionnaire":
        try:
            parsed = parse_schedule(values, today)
        except ValidationFailed as err:
            return _page(share, person, values, err.errors, kind)
        schedules.create_schedule(db.session, _therapist(), person, parsed)
    else:
        if kind == "checks":
            values["per_week"] = values.get("limit", "")
        try:
            parsed = parse_assignment(values, today)
        except ValidationFailed as err:
            errors = {("limit" if k == "per_week" and kind == "checks" else k): v
                      for k, v in err.errors.items()}
            return _page(share, person, values, errors, kind)
        services.assign(db.session, _therapist(), person, parsed)
    db.session.commit()
    flash(_("Assigned. %(name)s sees it on their home screen under From your therapist.",
            name=person.display_name), "success")
    return redirect(url_for("practice.client", share_id=share.id))


@bp.route("/clients/<int:share_id>/practice/stop", methods=["POST"])
@therapist_with_two_factor
def stop(share_id: int) -> ResponseReturnValue:
    """Therapist, with an active share: stop one of their assignments for this
    client (it stays on record as stopped)."""
    share, person = _client(share_id)
    DiaryForm().validate_on_submit() or abort(400)
    if share.ended():
        abort(404)
    assignment_id = query_int(submitted().get("assignment"), 0, 0, 2**31 - 1)
    if services.stop(db.session, _therapist(), person, assignment_id):
        db.session.commit()
        flash(_("Stopped. It no longer shows on their home screen."), "success")
    else:
        flash(_("That assignment was already stopped."), "info")
    return redirect(url_for("practice.client", share_id=share.id))
