"""What a new book starts with: the default stages and settings."""

from __future__ import annotations

from amtui.models.book import Setting, Stage

DEFAULT_STAGES = (
    # name, probability, category, rot_days, outcome
    ("Qualify", 10, "pipeline", 21, "open"),
    ("Discover", 25, "pipeline", 30, "open"),
    ("Propose", 50, "best case", 30, "open"),
    ("Negotiate", 75, "best case", 21, "open"),
    ("Commit", 90, "commit", 14, "open"),
    ("Won", 100, "closed", None, "won"),
    ("Lost", 0, "omitted", None, "lost"),
)

DEFAULT_SETTINGS = {
    "rep_name": "",
    "company": "",
    "currency": "USD",
    "fy_start_month": 1,
    "cadence_days": {"A": 14, "B": 30, "C": 60},
    "reports_dir": "",
}


def seed_defaults() -> None:
    """Default stages and settings for a new book; idempotent."""
    if not Stage.select().exists():
        Stage.insert_many(
            [
                {
                    "name": name,
                    "position": i,
                    "probability": prob,
                    "forecast_category": cat,
                    "rot_days": rot,
                    "outcome": outcome,
                }
                for i, (name, prob, cat, rot, outcome) in enumerate(DEFAULT_STAGES)
            ]
        ).execute()
    for key, value in DEFAULT_SETTINGS.items():
        Setting.insert(key=key, value=value).on_conflict_ignore().execute()
