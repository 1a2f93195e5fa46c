"""Two-step sign-in: an authenticator app's 6-digit code (TOTP, RFC 6238) or one
of 10 single-use recovery codes. Services flush; the calling view commits once.

Recovery codes are 16 characters from a 32-letter alphabet: 80 random bits each.
They are stored as plain SHA-256 hashes, not Argon2: a slow hash protects secrets
people choose (guessable, so every guess must cost), while 2**80 random codes
cannot be searched at any hash speed; a fast hash also lets one indexed lookup
find the code, instead of ten Argon2 verifications on every attempt. No key is
mixed in, so rotating SECRET_KEY does not lock anyone out.

TOTP codes are checked against the step before, the current one and the one
after (clocks drift by a few seconds), and ``last_step`` refuses any step at or
before the last accepted one: a code works once."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from datetime import datetime

import pyotp
import segno
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from webapp.auth.models import RecoveryCode, TwoFactor, User
from webapp.ownership import owned, owned_delete, owned_record
from webapp.security import verify_password

STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_COUNT = 10
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: 5 bits each
RECOVERY_LENGTH = 16
ISSUER = "Steady"


class TwoFactorError(ValueError):
    """A code that was refused; the message says why, calmly, for the form."""


def step_at(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def code_at(secret: str, moment: datetime) -> str:
    """The 6-digit code an authenticator shows at ``moment`` (for tests and the demo)."""
    return pyotp.TOTP(secret).at(moment)


def setup_for(db: Session, user: User) -> TwoFactor:
    """The signed-in user only: their authenticator secret, made on first use and
    kept (unconfirmed) until a code confirms it, so the QR code does not change."""
    record = user.two_factor
    if record is None:
        record = owned_record(TwoFactor, user, secret=pyotp.random_base32())
        db.add(record)
        db.flush()
        set_committed_value(user, "two_factor", record)
    return record


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> bytes:
    """The QR code as a standalone SVG document (served from a no-store route)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000",
                                                 light="#fff").encode()


def normalise(code: str) -> str:
    """Letters and digits only, in ASCII: a digit typed on another script's keyboard
    (Arabic-Indic, full-width) counts as that digit; anything else is dropped."""
    kept = []
    for ch in (code or "").upper():
        if ch.isdecimal():
            kept.append(str(unicodedata.decimal(ch)))
        elif ch.isascii() and ch.isalnum():
            kept.append(ch)
    return "".join(kept)[:32]


def _totp_step(record: TwoFactor, code: str, moment: datetime) -> int:
    """The time step ``code`` belongs to; TwoFactorError when it is wrong or used."""
    # An empty secret (sealed under another SECRET_KEY) matches nothing: HMAC with an
    # empty key would still make codes, and anyone could make the same ones.
    if record.secret:
        totp, now_step = pyotp.TOTP(record.secret), step_at(moment)
        for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
            if hmac.compare_digest(totp.generate_otp(step), code):
                if record.last_step is not None and step <= record.last_step:
                    raise TwoFactorError(_("This code has already been used. Wait for the "
                                           "next code in your app, then enter that one."))
                return step
    raise TwoFactorError(_("That code is not right. Check the 6-digit code in your "
                           "authenticator app and try again."))


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def new_recovery_codes(db: Session, user: User) -> list[str]:
    """The signed-in user only: 10 fresh recovery codes, shown once; the old ones
    stop working. Only their hashes are stored."""
    db.execute(owned_delete(RecoveryCode, user))
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
             for _ in range(RECOVERY_COUNT)]
    db.add_all(owned_record(RecoveryCode, user, code_hash=_hash(code)) for code in codes)
    db.flush()
    return ["-".join(code[i:i + 4] for i in range(0, RECOVERY_LENGTH, 4)) for code in codes]


def confirm(db: Session, user: User, code: str, moment: datetime) -> list[str]:
    """The signed-in user, on the setup page: a right code turns two-step sign-in
    on and returns the recovery codes to show once. Nothing changes otherwise."""
    record = setup_for(db, user)
    step = _totp_step(record, normalise(code), moment)
    record.enabled_at, record.last_step = moment, step
    return new_recovery_codes(db, user)


def verify(db: Session, user: User, code: str, moment: datetime) -> str:
    """Anyone who has given ``user``'s password, at the second step: "totp" or
    "recovery" for an accepted code (which cannot be used again), else
    TwoFactorError and nothing changes."""
    record = user.two_factor
    if record is None or record.enabled_at is None:
        raise TwoFactorError(_("Two-step sign-in is not on for this account."))
    entered = normalise(code)
    if entered.isdigit():
        record.last_step = _totp_step(record, entered, moment)
        db.flush()
        return "totp"
    stored = db.scalar(owned(RecoveryCode, user).where(RecoveryCode.code_hash == _hash(entered)))
    if stored is None:
        raise TwoFactorError(_("That code is not right. Enter the 6-digit code from your app, "
                               "or one of your recovery codes."))
    if stored.used_at is not None:
        raise TwoFactorError(_("This recovery code has already been used. Each one works "
                               "once: use another."))
    stored.used_at = moment
    db.flush()
    return "recovery"


def recovery_left(db: Session, user: User) -> int:
    return len(db.scalars(owned(RecoveryCode, user).where(RecoveryCode.used_at.is_(None))
                          .with_only_columns(RecoveryCode.id)).all())


def turn_off(db: Session, user: User, password: str, code: str, moment: datetime) -> None:
    """A person (never a therapist, for whom it is required), with their password
    and a current code: two-step sign-in off, secret and recovery codes removed."""
    if user.is_therapist:
        raise TwoFactorError(_("Therapists need two-step sign-in to read their clients' "
                               "diaries, so it stays on."))
    if not verify_password(user.password_hash, password):
        raise TwoFactorError(_("That password is not right, so nothing changed."))
    verify(db, user, code, moment)
    db.execute(owned_delete(RecoveryCode, user))
    db.execute(owned_delete(TwoFactor, user))
    set_committed_value(user, "two_factor", None)
    db.flush()
