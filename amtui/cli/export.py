"""`amtui` subcommands: placeholder until its issue lands."""

from __future__ import annotations


def register(sub) -> None:
    """Add this module's subcommands to the `amtui` parser."""
