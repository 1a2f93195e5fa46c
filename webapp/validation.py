"""One error type for data that fails validation, shared by forms and the sync API."""
from __future__ import annotations


class ValidationFailed(ValueError):
    """Field name -> a message the person can act on. Nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
