"""amtui.models is a package of one-job modules; every name the single models.py had is
still importable from amtui.models, so no caller had to change."""

from __future__ import annotations

import importlib
from pathlib import Path

import amtui.models

FORMER_NAMES = (
    "ALL_MODELS BOOK_RECORDS BaseModel CENT CLIENT_STATUSES COMMITMENT_STATUSES Client "
    "Commitment CompPlan Contact DEAL_KINDS DEAL_STATUSES DEFAULT_SETTINGS DEFAULT_STAGES "
    "DealState ExportRecord FORECAST_CATEGORIES FollowUp ForecastSnapshot HOLDING_STATUSES "
    "Holding INTERACTION_KINDS ISSUE_STATUSES Interaction JSONField MoneyField Opportunity "
    "PRIORITIES Product Quota SEVERITIES ServiceIssue Setting Stage StageChange StaleRow TIERS "
    "UTCDateTimeField UndoAction UndoRow VERSIONED VersionedModel add_snapshot_tables "
    "database from_cents seed_defaults to_cents"
).split()


def test_every_former_name_imports_from_amtui_models():
    missing = [name for name in FORMER_NAMES if not hasattr(amtui.models, name)]
    assert not missing, f"amtui.models no longer exports {missing}"
    assert set(FORMER_NAMES) <= set(amtui.models.__all__)


def test_each_name_is_one_object_wherever_it_is_imported_from():
    for name in ("database", "Client", "UndoRow", "DealState", "StaleRow", "seed_defaults"):
        defined_in = getattr(amtui.models, name).__module__ if name != "database" else None
        if defined_in:
            assert getattr(importlib.import_module(defined_in), name) is getattr(amtui.models, name)
    from amtui.models import base

    assert base.database is amtui.models.database


def test_models_modules_are_short():
    folder = Path(amtui.models.__file__).parent
    long = {p.name: n for p in folder.glob("*.py") if (n := len(p.read_text().splitlines())) > 300}
    assert not long, f"models modules over 300 lines: {long}"
