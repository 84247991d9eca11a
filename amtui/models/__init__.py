"""Peewee models: the only place that knows the schema.

One job a module: `base` (the `database` proxy, the money / UTC timestamp / JSON column
types, BaseModel), `versioned` (optimistic versions and StaleRow), `book` (the rep's
records and their fixed choices), `derived` (exports list, forecast snapshots, deal
states), `undo` (the undo log), `seed` (a new book's stages and settings) and `rows`
(raw query rows read by column name).  Every name is importable from `amtui.models` as
well, as it was when this was one module; new code may import from either.
"""

from __future__ import annotations

from amtui.models.base import (
    CENT,
    BaseModel,
    JSONField,
    MoneyField,
    UTCDateTimeField,
    database,
    from_cents,
    to_cents,
)
from amtui.models.book import (
    CLIENT_STATUSES,
    COMMITMENT_STATUSES,
    DEAL_KINDS,
    DEAL_STATUSES,
    FORECAST_CATEGORIES,
    HOLDING_STATUSES,
    INTERACTION_KINDS,
    ISSUE_STATUSES,
    PRIORITIES,
    SEVERITIES,
    TIERS,
    Client,
    Commitment,
    CompPlan,
    Contact,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    Product,
    Quota,
    ServiceIssue,
    Setting,
    Stage,
    StageChange,
)
from amtui.models.derived import (
    ClientContact,
    DealState,
    ExportRecord,
    ForecastSnapshot,
    add_snapshot_tables,
)
from amtui.models.rows import column_values, cursor_row, cursor_rows
from amtui.models.seed import DEFAULT_SETTINGS, DEFAULT_STAGES, seed_defaults
from amtui.models.undo import UndoAction, UndoRow
from amtui.models.versioned import StaleRow, VersionedModel

ALL_MODELS = [
    Setting,
    Stage,
    Client,
    Contact,
    Product,
    Holding,
    Interaction,
    ServiceIssue,
    Opportunity,
    StageChange,
    FollowUp,
    Commitment,
    Quota,
    CompPlan,
    ExportRecord,
    ForecastSnapshot,
    DealState,
    UndoAction,
    UndoRow,
]

VERSIONED = [m for m in ALL_MODELS if issubclass(m, VersionedModel)]

# The rep's own records, parents before the children that point at them (delete them in
# reverse).  Settings, stages, the list of exports and what amtui derives (snapshots,
# undo) are not among them: a book holding none of these is empty.
BOOK_RECORDS = (Client, Contact, Product, Holding, Interaction, ServiceIssue, Opportunity,
                StageChange, FollowUp, Commitment, Quota, CompPlan)

__all__ = [
    "ALL_MODELS", "BOOK_RECORDS", "CENT", "CLIENT_STATUSES", "COMMITMENT_STATUSES",
    "DEAL_KINDS", "DEAL_STATUSES", "DEFAULT_SETTINGS", "DEFAULT_STAGES",
    "FORECAST_CATEGORIES", "HOLDING_STATUSES", "INTERACTION_KINDS", "ISSUE_STATUSES",
    "PRIORITIES", "SEVERITIES", "TIERS", "VERSIONED",
    "BaseModel", "Client", "ClientContact", "Commitment", "CompPlan", "Contact", "DealState", "ExportRecord",
    "FollowUp", "ForecastSnapshot", "Holding", "Interaction", "JSONField", "MoneyField",
    "Opportunity", "Product", "Quota", "ServiceIssue", "Setting", "Stage", "StageChange",
    "StaleRow", "UTCDateTimeField", "UndoAction", "UndoRow", "VersionedModel",
    "add_snapshot_tables", "column_values", "cursor_row", "cursor_rows", "database", "from_cents",
    "seed_defaults", "to_cents",
]
