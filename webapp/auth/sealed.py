"""Authenticator secrets sealed at rest: whoever reads the database (a backup, a
copied file, a leaked dump) cannot make anyone's two-step codes from it.

The column type encrypts on the way in and decrypts on the way out (Fernet:
AES-128-CBC with an HMAC, from the `cryptography` package), with a key derived
from SECRET_KEY by HKDF, so there is no second secret to deploy; every server
already shares SECRET_KEY. Code using ``TwoFactor.secret`` sees the plain secret.

A secret stored before sealing existed reads as it is, and `flask db upgrade`
seals those (migration ts01). A sealed secret that no longer opens, because
SECRET_KEY changed, reads as empty: its codes are refused, and the account signs
in with a recovery code (stored as hashes, not sealed) and sets up again."""
from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

PREFIX = "sealed:"  # so a stored value says which kind it is


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=b"steady two-step secrets").derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(plain: str, secret_key: str) -> str:
    return PREFIX + _fernet(secret_key).encrypt(plain.encode()).decode()


def unseal(stored: str, secret_key: str) -> str:
    """The plain secret; a value from before sealing as it is; "" when it does not open."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _fernet(secret_key).decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken:
        return ""


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


class SealedSecret(TypeDecorator[str]):
    """A short secret kept sealed in a String column (read and written in an app
    context, which every database access here has)."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None or is_sealed(value):
            return value
        return seal(value, current_app.config["SECRET_KEY"])

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else unseal(value, current_app.config["SECRET_KEY"])
