"""Download everything as JSON; import such a file back into the signed-in account."""
from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from webapp import db
from webapp.db import utcnow
from webapp.extensions import csrf
from webapp.portability import services
from webapp.portability.forms import ImportForm
from webapp.portability.registry import read_only_sections, record_types
from webapp.security import role_required

bp = Blueprint("portability", __name__, url_prefix="/account")

DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # years of a busy diary fit in a few MB


def max_bytes() -> int:
    """The largest file the import reads (STEADY_IMPORT_MAX_BYTES)."""
    return int(current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def export_download() -> Response:
    """The signed-in person's whole export as a JSON download (also /diary/export.json)."""
    user = current_user._get_current_object()
    types, sections = record_types(current_app), read_only_sections(current_app)
    chunks = db.streamed(lambda own: services.export_chunks(own, user, types, sections))
    response = Response(chunks, mimetype="application/json")
    filename = f"steady-export-{utcnow().date().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/export.json")
@role_required("person")
def export_json() -> Response:
    """Owner: every record they own, in one JSON file that the import reads back."""
    return export_download()


def _page(form: ImportForm, refused: services.ImportRefused | None = None,
          status: int = 200) -> Any:
    return render_template("portability/import.html", form=form, refused=refused,
                           max_mb=max_bytes() // (1024 * 1024)), status


def _too_large() -> services.ImportRefused:
    return services.ImportRefused(_("This file is larger than %(mb)d MB, more than a Steady "
                                    "export should be. Nothing was imported.",
                                    mb=max_bytes() // (1024 * 1024)))


@bp.route("/import", methods=["GET", "POST"])
@csrf.exempt  # checked below, once the size limit is in place (before the body is read)
@role_required("person")
def import_page() -> Any:
    """Owner: add the records of an export file to their own account, all or nothing.

    Records the account already holds (same UUID) are counted and left as they are;
    a file naming another account's records is refused whole."""
    # Multipart overhead aside, a file over the limit never gets read into memory.
    request.max_content_length = max_bytes() + 64 * 1024
    try:
        if request.method == "POST":
            csrf.protect()
        form = ImportForm()
        if not form.validate_on_submit():
            return _page(form, status=422 if form.errors else 200)
        raw = form.file.data.read(max_bytes() + 1)
    except RequestEntityTooLarge:
        return _page(ImportForm(formdata=None), _too_large(), 413)
    if len(raw) > max_bytes():
        return _page(form, _too_large(), 413)
    types = record_types(current_app)
    try:
        document = services.read_document(raw)
        summary = services.import_document(db.session, current_user._get_current_object(),
                                           document, types)
    except services.ImportRefused as refused:
        db.session.rollback()
        return _page(form, refused, 422)
    db.session.commit()
    flash(summary.sentence(types), "success")
    return redirect(url_for("portability.import_page"))
