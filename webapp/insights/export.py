"""Exports of a person's own diary: CSV for spreadsheets, JSON for everything."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

from flask import Response, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session

from webapp import db
from webapp.diary.models import Checkin, Entry
from webapp.insights.views import bp
from webapp.ownership import owned
from webapp.portability.services import EXPORT_BATCH
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


def _rows(db: Session, user: Any, model: type[Entry] | type[Checkin], order: Any,
          row: Callable[[Any], list[Any]]) -> Iterator[list[Any]]:
    """The owner's rows as CSV rows, read in batches while the download is written
    (constant memory). A generator: the query runs in the streamed response."""
    query = owned(model, user)
    if model is Entry:
        query = query.where(Entry.deleted_at.is_(None))
    records = db.scalars(query.order_by(order, model.id)
                         .execution_options(yield_per=EXPORT_BATCH))
    try:  # closed even when the download is abandoned (a server-side cursor)
        for record in records:
            yield row(record)
    finally:
        records.close()


@bp.route("/export")
@role_required("person")
def export_page() -> ResponseReturnValue:
    """Owner: choose a download."""
    return render_template("insights/export.html")


@bp.route("/export/entries.csv")
@role_required("person")
def export_entries_csv() -> ResponseReturnValue:
    """Owner: every twitch as CSV, oldest first."""
    user = current_user._get_current_object()
    body = db.streamed(lambda own: _csv(ENTRY_COLUMNS, _rows(own, user, Entry,
                                                             Entry.occurred_at, _entry_row)))
    return _download(body, "steady-twitches.csv", "text/csv")


@bp.route("/export/checkins.csv")
@role_required("person")
def export_checkins_csv() -> ResponseReturnValue:
    """Owner: every check-in as CSV, oldest first."""
    user = current_user._get_current_object()
    body = db.streamed(lambda own: _csv(CHECKIN_COLUMNS, _rows(own, user, Checkin,
                                                               Checkin.day, _checkin_row)))
    return _download(body, "steady-checkins.csv", "text/csv")


@bp.route("/export.json")
@role_required("person")
def export_json() -> ResponseReturnValue:
    """Owner: everything they own as one JSON document, the same file as
    /account/export.json (this older address keeps existing links working)."""
    return export_download()
