"""Exports of a person's own diary: CSV for spreadsheets, JSON for everything."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from flask import Response, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.diary.models import Checkin, Entry
from webapp.insights.views import bp
from webapp.ownership import owned
from webapp.portability.views import export_download
from webapp.security import role_required

ENTRY_COLUMNS = ("uuid", "occurred_at", "local_day", "timezone", "areas", "intensity", "duration",
                 "feel", "situation", "triggers", "anxiety", "note")
CHECKIN_COLUMNS = ("uuid", "day", *Checkin.ANSWERS)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Spreadsheets run cells that start like a formula; a leading ' keeps them text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _entry_row(e: Entry) -> list[Any]:
    return [str(e.uuid), e.occurred_at.isoformat(), e.local_day.isoformat(), e.timezone,
            " ".join(f"{a}:{s}" for a, s in e.area_list), e.intensity, e.duration, e.feel,
            e.situation, " ".join(e.trigger_list), e.anxiety, e.note]


def _checkin_row(c: Checkin) -> list[Any]:
    return [str(c.uuid), c.day.isoformat()] + [getattr(c, name) for name in Checkin.ANSWERS]


def _csv(header: tuple[str, ...], rows: Iterator[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        if buffer.tell() > 16_384:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _download(body: Any, filename: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _owned(model: type[Entry] | type[Checkin], order: Any) -> Any:
    query = owned(model, current_user)
    if model is Entry:
        query = query.where(Entry.deleted_at.is_(None))
    return db.session.scalars(query.order_by(order)).all()


@bp.route("/export")
@role_required("person")
def export_page() -> ResponseReturnValue:
    """Owner: choose a download."""
    return render_template("insights/export.html")


@bp.route("/export/entries.csv")
@role_required("person")
def export_entries_csv() -> ResponseReturnValue:
    """Owner: every twitch as CSV, oldest first."""
    rows = [_entry_row(e) for e in _owned(Entry, Entry.occurred_at)]
    return _download(_csv(ENTRY_COLUMNS, iter(rows)), "steady-twitches.csv", "text/csv")


@bp.route("/export/checkins.csv")
@role_required("person")
def export_checkins_csv() -> ResponseReturnValue:
    """Owner: every check-in as CSV, oldest first."""
    rows = [_checkin_row(c) for c in _owned(Checkin, Checkin.day)]
    return _download(_csv(CHECKIN_COLUMNS, iter(rows)), "steady-checkins.csv", "text/csv")


@bp.route("/export.json")
@role_required("person")
def export_json() -> ResponseReturnValue:
    """Owner: everything they own as one JSON document, the same file as
    /account/export.json (this older address keeps existing links working)."""
    return export_download()
