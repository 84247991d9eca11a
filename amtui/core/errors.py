"""Errors core raises for bad input; screens and the CLI show them as one line."""

from __future__ import annotations


class InvalidInput(ValueError):
    """A value the rep typed was refused; `field` names it, `reason` says why."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFound(LookupError):
    """A record named by the rep does not exist (or the name is ambiguous)."""

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = candidates or []
