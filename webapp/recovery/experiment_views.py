"""Personal experiments (/recovery/experiments): choose a template or write your
own, fix what is measured and the phases in advance, answer "did you keep to it
today?" once a day, and read the result. The owner only; each view commits once."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.services import local_now
from webapp.recovery import experiments as service
from webapp.recovery.experiment_parsing import (
    DESIGNS,
    TEMPLATES,
    WORDS,
    form_phases,
)
from webapp.recovery.experiment_stats import plan
from webapp.recovery.experiments import Experiment
from webapp.recovery.views import bp, person_only
from webapp.security import safe_next
from webapp.validation import ValidationFailed, uuid_or_none


def _owner() -> Any:
    return current_user._get_current_object()


def _today() -> date:
    return local_now(_owner()).date()


@bp.context_processor
def experiment_words() -> dict[str, Any]:
    """The words every experiment page shows for measures and answers."""
    return {**WORDS, "experiment_words": WORDS}


def _adherence_form(experiment: Experiment, today: date) -> dict[str, str]:
    return {"uuid": str(uuid_mod.uuid4()), "experiment": str(experiment.uuid),
            "day": today.isoformat()}


@bp.route("/experiments")
@person_only
def experiments() -> Any:
    """Owner: the running experiment (with today's question) and the earlier ones."""
    today = _today()
    found = [service.summarize(e, days, today)
             for e, days in service.with_days(db.session, _owner())]
    current = next((r for r in found if r["status"] in ("running", "planned")), None)
    return render_template("recovery/experiments.html", current=current, today=today,
                           done=[r for r in found if r is not current],
                           answer=_adherence_form(current["experiment"], today)
                           if current else None, errors={})


@bp.route("/experiments/new")
@person_only
def experiment_new() -> Any:
    """Owner: choose a template or start from your own words."""
    running = service.active_experiment(db.session, _owner(), _today())
    return render_template("recovery/experiments_new.html", templates=TEMPLATES.values(),
                           running=running, plan=plan, today=_today())


def setup_values(template_key: str, design: str, today: date) -> dict[str, Any]:
    """A fresh setup form: the template's words, measures and phases from today."""
    template = TEMPLATES.get(template_key)
    values: dict[str, Any] = {"uuid": str(uuid_mod.uuid4()), "design": design,
                              "template": template.key if template else "",
                              "title": str(template.title) if template else "",
                              "change": str(template.change) if template else "",
                              "measures": list(template.measures) if template else []}
    return {**values, **form_phases(template, design, today)}


def follow_on(values: dict[str, Any], today: date) -> dict[str, Any]:
    """The typed form with each phase after the first moved to follow the one before,
    keeping its length where it has a readable one (else the template's)."""
    template = TEMPLATES.get(values.get("template", ""))
    count = DESIGNS.get(values.get("design", ""), 2)
    defaults = (template.lengths if template else (7, 7)) * 2
    lengths = []
    for number in range(1, count + 1):
        try:
            start = date.fromisoformat(values.get(f"phase_{number}_start", ""))
            days = (date.fromisoformat(values.get(f"phase_{number}_end", "")) - start).days + 1
        except ValueError:
            days = 0
        lengths.append(days if 0 < days <= 400 else defaults[number - 1])
    try:
        first = date.fromisoformat(values.get("phase_1_start", ""))
    except ValueError:
        first = today
    laid = form_phases(None, "abab" if count == 4 else "ab", first)
    for number, phase in enumerate(plan(values.get("first", "change"), first, lengths), 1):
        laid[f"phase_{number}_start"], laid[f"phase_{number}_end"] = (
            phase.start.isoformat(), phase.end.isoformat())
    return {**values, **{k: v for k, v in laid.items() if k != "first"}}


def _setup_page(values: dict[str, Any], errors: dict[str, str], status: int) -> Any:
    user = _owner()
    return render_template("recovery/experiments_setup.html", values=values, errors=errors,
                           running=service.active_experiment(db.session, user, _today()),
                           phase_count=DESIGNS.get(values.get("design") or "", 2)), status


@bp.route("/experiments/setup", methods=["GET", "POST"])
@person_only
def experiment_setup() -> Any:
    """Owner: fix the measures and phases, then start. Other buttons switch between
    two and four phases or line the phases up, keeping everything typed. A refused
    form stores nothing and shows each problem next to its field."""
    today = _today()
    form = DiaryForm()
    if not form.validate_on_submit():
        design = request.args.get("design", "ab")
        values = setup_values(request.args.get("template", ""),
                              design if design in DESIGNS else "ab", today)
        return _setup_page(values, {}, 422 if form.errors else 200)
    values = submitted()
    values["measures"] = request.form.getlist("measures")
    action = values.pop("action", "save")
    if action == "design":
        values["design"] = "abab" if values.get("design") == "ab" else "ab"
        return _setup_page(follow_on(values, today), {}, 200)
    if action == "follow":
        return _setup_page(follow_on(values, today), {}, 200)
    try:
        experiment, _created = service.create_experiment(db.session, _owner(),
                                                         values.get("uuid"), values, today)
    except ValidationFailed as err:
        db.session.rollback()
        if "uuid" in err.errors:
            values["uuid"] = str(uuid_mod.uuid4())
        return _setup_page(values, err.errors, 422)
    db.session.commit()
    flash(_("Your experiment is set. Steady fills it in from your diary; answer the one "
            "daily question when you can."), "success")
    return redirect(url_for("recovery.experiment", experiment_uuid=experiment.uuid))


def _one(key: str) -> tuple[Experiment, dict[date, Any]]:
    found = uuid_or_none(key)
    rows = service.with_days(db.session, _owner(), Experiment.uuid == found) if found else []
    if not rows:
        abort(404)
    return rows[0]


@bp.route("/experiments/<experiment_uuid>")
@person_only
def experiment(experiment_uuid: str) -> Any:
    """Owner: the phases, today's question, and the result so far."""
    today = _today()
    found, days = _one(experiment_uuid)
    return render_template("recovery/experiments_detail.html", today=today, errors={},
                           answer=_adherence_form(found, today),
                           **service.summarize(found, days, today))


@bp.route("/experiments/<experiment_uuid>/adherence", methods=["POST"])
@person_only
def experiment_adherence(experiment_uuid: str) -> Any:
    """Owner: answer "did you keep to it?" for a day (today, as the form says). The
    same UUID again changes nothing; another answer for that day replaces it."""
    DiaryForm().validate_on_submit() or abort(400)
    today, values = _today(), submitted()
    values["experiment"] = experiment_uuid
    try:
        service.record_adherence(db.session, _owner(), values.get("uuid"), values, today)
    except ValidationFailed as err:
        db.session.rollback()
        found, days = _one(experiment_uuid)
        return render_template("recovery/experiments_detail.html", today=today,
                               errors=err.errors, answer={**_adherence_form(found, today),
                                                          **values},
                               **service.summarize(found, days, today)), 422
    db.session.commit()
    flash(_("Noted. Thank you."), "success")
    return redirect(safe_next(request.form.get("next"),
                              url_for("recovery.experiment", experiment_uuid=experiment_uuid)))


def _mine(experiment_uuid: str) -> Experiment:
    found = service.experiment_for(db.session, _owner(), experiment_uuid)
    if found is None:
        abort(404)
    return found


@bp.route("/experiments/<experiment_uuid>/stop", methods=["GET", "POST"])
@person_only
def experiment_stop(experiment_uuid: str) -> Any:
    """Owner: end a running or planned experiment today; the days so far stay."""
    found, today = _mine(experiment_uuid), _today()
    if request.method == "GET":
        return render_template("recovery/experiments_stop.html", experiment=found,
                               status=found.status(today))
    DiaryForm().validate_on_submit() or abort(400)
    service.stop_experiment(db.session, _owner(), found, today)
    db.session.commit()
    flash(_("Stopped. The days so far are kept."), "success")
    return redirect(url_for("recovery.experiment", experiment_uuid=experiment_uuid))


@bp.route("/experiments/<experiment_uuid>/delete", methods=["GET", "POST"])
@person_only
def experiment_delete(experiment_uuid: str) -> Any:
    """Owner: delete the experiment and its daily answers (the diary stays)."""
    found = _mine(experiment_uuid)
    if request.method == "GET":
        return render_template("recovery/experiments_delete.html", experiment=found)
    DiaryForm().validate_on_submit() or abort(400)
    service.delete_experiment(db.session, _owner(), found)
    db.session.commit()
    flash(_("Experiment deleted. Your diary is unchanged."), "success")
    return redirect(url_for("recovery.experiments"))
