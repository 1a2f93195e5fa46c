"""The import form: one file, with the CSRF token every form carries."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class ImportForm(FlaskForm):
    file = FileField(_l("Your Steady export (a .json file)"),
                     validators=[FileRequired(_l("Choose the export file to import."))])
