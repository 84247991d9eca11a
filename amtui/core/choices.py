"""The fixed lists a person picks from (tiers, statuses, kinds), as the schema defines them.

The core writers validate against these same tuples; forms offer them as choices.  The TUI
may not import amtui.models (the import-linter contract in pyproject.toml), so it reads
them here.
"""

from __future__ import annotations

from amtui.models import (
    CLIENT_STATUSES,
    COMMITMENT_STATUSES,
    DEAL_KINDS,
    FORECAST_CATEGORIES,
    HOLDING_STATUSES,
    INTERACTION_KINDS,
    ISSUE_STATUSES,
    PRIORITIES,
    SEVERITIES,
    TIERS,
)

__all__ = [
    "CLIENT_STATUSES",
    "COMMITMENT_STATUSES",
    "DEAL_KINDS",
    "FORECAST_CATEGORIES",
    "HOLDING_STATUSES",
    "INTERACTION_KINDS",
    "ISSUE_STATUSES",
    "PRIORITIES",
    "SEVERITIES",
    "TIERS",
]

# an open deal's or open stage's forecast category: "closed" is Won's and Lost's, and an
# open deal in it dropped out of commit and best case while still counted as open
OPEN_FORECAST_CATEGORIES = tuple(c for c in FORECAST_CATEGORIES if c != "closed")

