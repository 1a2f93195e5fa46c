"""Twitch entries and the timeline. Signed-in people only; each view commits once."""
from __future__ import annotations

import uuid as uuid_mod
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from webapp import db
from webapp.diary import screening, services, timeline, vocab
from webapp.diary.forms import DiaryForm, submitted
from webapp.diary.templating import option_context
from webapp.page_cache import remembered
from webapp.security import role_required
from webapp.validation import ValidationFailed, query_int

bp = Blueprint("diary", __name__, url_prefix="/diary")
bp.context_processor(option_context)  # the option lists every diary page shows

person_only = role_required("person")


def _owner() -> Any:
    return current_user._get_current_object()


def new_entry_values(args: dict[str, str]) -> dict[str, Any]:
    """Defaults for a fresh twitch form: now, in the person's zone; a new UUID."""
    trigger = args.get("trigger", "")
    area = args.get("area", "")
    return {
        "uuid": str(uuid_mod.uuid4()),
        "occurred_at": services.local_now(_owner()).strftime("%Y-%m-%dT%H:%M"),
        "triggers": [trigger] if trigger in vocab.TRIGGERS else [],
        "areas": [area] if area else [],
    }


def entry_values(entry: Any) -> dict[str, Any]:
    """An entry as form values, in its own zone."""
    local = entry.occurred_at.astimezone(ZoneInfo(entry.timezone))
    return {
        "uuid": str(entry.uuid), "version": entry.version,
        "occurred_at": local.strftime("%Y-%m-%dT%H:%M"),
        "areas": [f"{a}:{s}" for a, s in entry.area_list],
        "triggers": [t for t in entry.trigger_list if not t.startswith("tag:")],
        "custom_triggers": ", ".join(t[4:] for t in entry.trigger_list if t.startswith("tag:")),
        "intensity": entry.intensity or "", "duration": entry.duration or "",
        "feel": entry.feel or "", "situation": entry.situation or "",
        "anxiety": "" if entry.anxiety is None else entry.anxiety, "note": entry.note,
    }


@bp.route("/", endpoint="timeline")
@person_only
@remembered
def timeline_view() -> ResponseReturnValue:
    """Owner: entries and check-ins by local day, newest first, with a month calendar."""
    f = timeline.Filters.from_args(request.args.to_dict())
    page = query_int(request.args.get("page"), 0, 0, timeline.MAX_PAGE)
    today = services.local_now(_owner()).date()
    month = timeline.month_arg(request.args.get("month"), f.day or today)
    days, has_more = timeline.page_days(db.session, _owner(), f, page)
    entries = timeline.entries_on(db.session, _owner(), f, days)
    checkins = {} if f.only_entries else timeline.checkins_on(db.session, _owner(), days)
    load = timeline.month_load(db.session, _owner(), month.year, month.month)
    by_day: dict[date, list] = {d: [] for d in days}
    for entry in entries:
        by_day.setdefault(entry.local_day, []).append(entry)
    return render_template(
        "diary/timeline.html", days=days, by_day=by_day, checkins=checkins, filters=f,
        page=page, has_more=has_more, today=today, month=month,
        grid=timeline.month_grid(month.year, month.month, load),
        deleted=request.args.get("deleted", ""),
    )


@bp.route("/new", methods=["GET", "POST"])
@person_only
def new_entry() -> ResponseReturnValue:
    """Owner: log a twitch. Only the time and one body area are required; the
    client UUID makes a repeated submission return the entry already stored."""
    form = DiaryForm()
    values, errors = new_entry_values(request.args.to_dict()), {}
    if form.validate_on_submit():
        values = submitted()
        try:
            entry, created = services.create_entry(db.session, _owner(), values.get("uuid"), values)
        except ValidationFailed as err:
            errors = err.errors
            if "uuid" in errors:
                values["uuid"] = str(uuid_mod.uuid4())
        else:
            new_areas = screening.take_offer(db.session, _owner()) if created else []
            db.session.commit()
            if new_areas:
                saved = url_for("diary.entry", entry_uuid=entry.uuid, saved=1)
                return redirect(url_for("diary.screener", reason="first:" + ",".join(new_areas),
                                        next=saved))
            return redirect(url_for("diary.entry", entry_uuid=entry.uuid, saved=1))
    status = 422 if errors or form.errors else 200
    return render_template("diary/entry_form.html", values=values, errors=errors,
                           mode="new"), status


@bp.route("/entry/<entry_uuid>")
@person_only
def entry(entry_uuid: str) -> ResponseReturnValue:
    """Owner: one twitch; someone else's is 404."""
    found = services.entry_for(db.session, _owner(), entry_uuid) or abort(404)
    return render_template("diary/entry.html", entry=found, saved=bool(request.args.get("saved")))


@bp.route("/entry/<entry_uuid>/edit", methods=["GET", "POST"])
@person_only
def edit_entry(entry_uuid: str) -> ResponseReturnValue:
    """Owner: change a twitch. An edit from an older version shows both to choose."""
    found = services.entry_for(db.session, _owner(), entry_uuid) or abort(404)
    form = DiaryForm()
    values, errors, conflict = entry_values(found), {}, None
    if form.validate_on_submit():
        values = submitted()
        values["uuid"] = str(found.uuid)
        try:
            services.update_entry(db.session, _owner(), found.uuid,
                                  request.form.get("version", type=int), values)
        except ValidationFailed as err:
            errors = err.errors
        except services.StaleEdit as stale:
            conflict = entry_values(stale.record)
            values["version"] = stale.record.version
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("diary.entry", entry_uuid=found.uuid))
    status = 409 if conflict else 422 if errors or form.errors else 200
    return render_template("diary/entry_form.html", values=values, errors=errors, mode="edit",
                           entry=found, conflict=conflict), status


@bp.route("/entry/<entry_uuid>/delete", methods=["GET", "POST"])
@person_only
def delete_entry(entry_uuid: str) -> ResponseReturnValue:
    """Owner: asks first; the delete can be undone for a few minutes."""
    found = services.entry_for(db.session, _owner(), entry_uuid) or abort(404)
    form = DiaryForm()
    if form.validate_on_submit():
        services.delete_entry(db.session, _owner(), found)
        db.session.commit()
        return redirect(url_for("diary.timeline", deleted=found.uuid))
    return render_template("diary/delete.html", entry=found)


@bp.route("/entry/<entry_uuid>/restore", methods=["POST"])
@person_only
def restore_entry(entry_uuid: str) -> ResponseReturnValue:
    """Owner: undo a recent delete."""
    DiaryForm().validate_on_submit() or abort(400)
    restored = services.restore_entry(db.session, _owner(), entry_uuid)
    if restored is None:
        abort(404)
    db.session.commit()
    flash(_("The entry is back."), "success")
    return redirect(url_for("diary.entry", entry_uuid=restored.uuid))
