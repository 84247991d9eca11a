"""`amtui settings` and `amtui settings set KEY VALUE`: the rep's name, currency, fiscal
year start, contact cadence per tier and where reports go."""

from __future__ import annotations

import argparse
import calendar
import os
from pathlib import Path

from amtui.cli.common import db_parent, open_book, print_json
from amtui.core.errors import InvalidInput
from amtui.core.parse import parse_int

NAME_MAX, PATH_MAX = 255, 4096  # Linux limits, in bytes; longer names fail at every use
KEYS_HELP = "rep_name, company, currency, fy_start_month, reports_dir, cadence.A, cadence.B, cadence.C"


def register(sub) -> None:
    parent = db_parent()
    settings = sub.add_parser(
        "settings",
        parents=[parent],
        help="show or change settings",
        description="Show the book's settings, or change one with "
        "`amtui settings set KEY VALUE`. Keys: " + KEYS_HELP + ".",
    )
    settings.add_argument("--json", action="store_true", help="print the settings as JSON")
    settings.set_defaults(handler=show)
    actions = settings.add_subparsers(dest="settings_command", metavar="set")
    change = actions.add_parser(
        "set",
        parents=[parent],
        help="change one setting",
        description="Change one setting. Examples: `amtui settings set rep_name 'Dana "
        "Whitfield'`, `amtui settings set fy_start_month feb`, `amtui settings set "
        "cadence.A 14`.",
    )
    change.add_argument("key", metavar="KEY", help=KEYS_HELP)
    change.add_argument("value", metavar="VALUE", help="the new value ('' clears a text setting)")
    change.set_defaults(handler=set_one)


def _lines(current) -> list[tuple[str, str]]:
    return [
        ("rep_name", current.rep_name),
        ("company", current.company),
        ("currency", current.currency),
        ("fy_start_month", f"{current.fy_start_month} ({calendar.month_name[current.fy_start_month]})"),
        ("reports_dir", current.reports_dir),
        *((f"cadence.{tier}", f"{days} days") for tier, days in sorted(current.cadence_days.items())),
    ]


def show(args: argparse.Namespace) -> int:
    from amtui.core.settings import get_settings

    open_book(args, create=False)
    current = get_settings()
    if args.json:
        print_json({
            "rep_name": current.rep_name,
            "company": current.company,
            "currency": current.currency,
            "fy_start_month": current.fy_start_month,
            "reports_dir": current.reports_dir,
            "cadence_days": dict(sorted(current.cadence_days.items())),
        })
        return 0
    for key, value in _lines(current):
        print(f"{key}: {value}")
    return 0


def _month(text: str) -> int:
    """`2`, `feb` or `February`."""
    value = text.strip().lower()
    for number in range(1, 13):
        if value in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower()):
            return number
    return parse_int(text, field="fy_start_month", minimum=1, maximum=12)


def parse_setting(key: str, text: str) -> tuple[str, object]:
    """(setting name, value) for `settings set`; bad keys and values raise InvalidInput."""
    from amtui.core.settings import get_settings

    if key in ("rep_name", "company"):
        return key, " ".join(text.split())
    if key == "currency":
        from amtui.core.currencies import currency_code

        return key, currency_code(text, field=key)
    if key == "fy_start_month":
        return key, _month(text)
    if key == "reports_dir":
        if not text.strip():
            return key, ""
        folder = Path(text.strip()).expanduser()
        if any(len(os.fsencode(part)) > NAME_MAX for part in folder.parts) or len(
                os.fsencode(str(folder))) > PATH_MAX:
            raise InvalidInput(key, f"a folder name can be at most {NAME_MAX} characters "
                               f"(a whole path {PATH_MAX}); choose a shorter one")
        if "\x00" in text:
            raise InvalidInput(key, "contains a NUL character")
        try:
            folder = folder.resolve()
            if folder.exists() and not folder.is_dir():
                raise InvalidInput(key, f"{folder} is a file, not a folder")
        except OSError as exc:
            raise InvalidInput(key, f"{folder}: {exc.strerror or exc}") from None
        return key, str(folder)
    tier = key.partition(".")[2].upper() if key.lower().startswith("cadence.") else ""
    if tier in ("A", "B", "C"):
        days = parse_int(text, field=f"cadence.{tier}", minimum=1, maximum=3650)
        return "cadence_days", {**get_settings().cadence_days, tier: days}
    raise InvalidInput("KEY", f"'{key}' is not a setting; settings are {KEYS_HELP}")


def set_one(args: argparse.Namespace) -> int:
    from amtui.core.settings import set_settings

    open_book(args, change=f"Setting: {args.key}")
    name, value = parse_setting(args.key, args.value)
    current = set_settings(**{name: value})
    shown = dict(_lines(current))
    key = args.key if name != "cadence_days" else f"cadence.{args.key.partition('.')[2].upper()}"
    print(f"{key}: {shown[key]}")
    return 0
