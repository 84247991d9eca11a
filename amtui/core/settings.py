"""The rep's settings: name, currency, fiscal-year start, contact cadence per tier."""

from __future__ import annotations

from dataclasses import dataclass, field

from amtui.core.currencies import ISO_4217, currency_code
from amtui.core.errors import InvalidInput
from amtui.core.text import refuse_controls
from amtui.models import DEFAULT_SETTINGS, TIERS, Setting, database


@dataclass(frozen=True)
class Settings:
    rep_name: str = ""
    company: str = ""
    currency: str = "USD"
    fy_start_month: int = 1
    cadence_days: dict[str, int] = field(default_factory=lambda: {"A": 14, "B": 30, "C": 60})
    reports_dir: str = ""

    def cadence_for(self, tier: str, client_cadence: int | None = None) -> int:
        """A client's own cadence, else its tier's default."""
        if client_cadence:
            return client_cadence
        return int(self.cadence_days.get(tier, self.cadence_days.get("B", 30)))


def get_settings() -> Settings:
    stored = {row.key: row.value for row in Setting.select()}
    values = {**DEFAULT_SETTINGS, **{k: v for k, v in stored.items() if k in DEFAULT_SETTINGS}}
    values["fy_start_month"] = int(values["fy_start_month"])
    values["cadence_days"] = {**DEFAULT_SETTINGS["cadence_days"], **values["cadence_days"]}
    return Settings(**values)


TEXT_SETTINGS = ("rep_name", "company", "currency", "reports_dir")


def _validate(key: str, value):
    if key not in DEFAULT_SETTINGS:
        raise InvalidInput(key, f"is not a setting; settings are {', '.join(DEFAULT_SETTINGS)}")
    if key == "fy_start_month":
        if not isinstance(value, int) or not 1 <= value <= 12:
            raise InvalidInput(key, "must be a month number from 1 to 12")
    if key == "cadence_days":
        if set(value) - set(TIERS):
            raise InvalidInput(key, f"tiers are {', '.join(TIERS)}")
        for tier, days in value.items():
            if not isinstance(days, int) or days < 1:
                raise InvalidInput(key, f"tier {tier}: days must be a whole number above 0")
    if key == "currency" and (not isinstance(value, str) or value not in ISO_4217):
        # says why ('ZZZ' is not a currency code ...); a code that only needs tidying
        # ('usd') is refused too: what is stored is what every figure prints
        code = currency_code(value if isinstance(value, str) else "")
        raise InvalidInput(key, f"'{value}' is written {code}")
    if key in TEXT_SETTINGS:
        if not isinstance(value, str):
            raise InvalidInput(key, "must be text")
        refuse_controls(key, value)  # shown on every screen and workbook: no escapes
    return value


def set_settings(**values) -> Settings:
    """Change settings in one transaction; unknown keys and bad values are refused."""
    for key, value in values.items():
        _validate(key, value)
    with database.atomic():
        for key, value in values.items():
            Setting.insert(key=key, value=value).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: value}).execute()
    return get_settings()
