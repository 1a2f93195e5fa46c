from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def entered(field: Field) -> str:
    """What was typed into a required text field, once the form has validated
    (WTForms types ``data`` as optional because it is None before that)."""
    return field.data or ""


def add_error(field: Field, message: str) -> None:
    """Show a problem the view found after validation (a weak password, a failed
    login) beside ``field``, as if a validator had raised it."""
    field.errors = [*field.errors, message]


def email_shape(form: FlaskForm, field: EmailField) -> None:
    if not EMAIL_RE.match((field.data or "").strip()):
        raise ValidationError(_l("Enter an email address like name@example.com."))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address.")),
                                               Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                        Length(max=1024)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("What should we call you?"),
        validators=[DataRequired(_l("Enter a name, any name you like.")), Length(max=80)],
    )
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address.")),
                                               Length(max=254), email_shape])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Choose a password."))])
    timezone = StringField(_l("Time zone"), validators=[Length(max=64)])


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")),
                                                      Length(max=80)])
    timezone = StringField(_l("Time zone"), validators=[Length(max=64)])


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(_l("Enter your current password."))])
    new_password = PasswordField(_l("New password"),
                                 validators=[DataRequired(_l("Choose a new password."))])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"),
                             validators=[DataRequired(_l("Enter your password to confirm."))])


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(_l("Enter the code.")),
                                               Length(max=40)])


class TurnOffForm(FlaskForm):
    password = PasswordField(_l("Your password"),
                             validators=[DataRequired(_l("Enter your password to confirm."))])
    code = StringField(_l("A code from your authenticator app, or a recovery code"),
                       validators=[DataRequired(_l("Enter the code.")), Length(max=40)])
