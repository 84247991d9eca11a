"""`amtui stages`, `amtui stage ...`, `amtui products`, `amtui product ...`: what the
pipeline is built on, the sales stages and the product catalogue."""

from __future__ import annotations

import argparse

from amtui.cli.common import (
    CliError,
    begin_change,
    db_parent,
    name_change,
    open_book,
    options_given,
    print_json,
)
from amtui.core import products as catalogue
from amtui.core import stages as st
from amtui.core.change_labels import product_change, stage_change
from amtui.core.choices import OPEN_FORECAST_CATEGORIES
from amtui.core.money import fmt_money, money_str
from amtui.core.parse import parse_choice, parse_int, parse_money, parse_percent
from amtui.core.settings import get_settings
from amtui.models import FORECAST_CATEGORIES


def register(sub) -> None:
    parent = db_parent()
    p = sub.add_parser("stages", parents=[parent], help="list the sales stages")
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p.set_defaults(handler=list_stages)

    stage = sub.add_parser("stage", help="change or add a sales stage")
    ssub = stage.add_subparsers(dest="stage_command", metavar="ACTION", required=True)
    p = ssub.add_parser(
        "set", parents=[parent], help="change a stage's defaults",
        description="Open deals in the stage that were not overridden follow the new defaults.",
    )
    p.add_argument("name", metavar="NAME", help="the stage (amtui stages lists them)")
    p.add_argument("--probability", help="default probability, e.g. 60%%")
    p.add_argument("--category", help=", ".join(OPEN_FORECAST_CATEGORIES))
    p.add_argument("--rot", metavar="DAYS", help="days in the stage before a deal is stale, or 'never'")
    p.add_argument("--rename", metavar="NEW_NAME", help="give it a new name")
    p.set_defaults(handler=set_stage)
    p = ssub.add_parser("add", parents=[parent], help="add an open stage")
    p.add_argument("name", metavar="NAME", help="the new stage's name")
    p.add_argument("--probability", required=True, help="default probability, e.g. 60%%")
    p.add_argument("--category", default="pipeline", help=f"{', '.join(OPEN_FORECAST_CATEGORIES)} (default: pipeline)")
    p.add_argument("--rot", metavar="DAYS", default="30", help="days in the stage before a deal is stale, or 'never' (default: 30)")
    p.add_argument("--after", metavar="STAGE", help="place it after this stage (default: last open)")
    p.set_defaults(handler=add_stage)

    p = sub.add_parser("products", parents=[parent], help="list the product catalogue")
    p.add_argument("--all", action="store_true", help="include retired products")
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p.set_defaults(handler=list_products)

    product = sub.add_parser("product", help="add or change a product")
    psub = product.add_subparsers(dest="product_command", metavar="ACTION", required=True)
    p = psub.add_parser("add", parents=[parent], help="add a product to the catalogue")
    p.add_argument("name", metavar="NAME", help="the product's name")
    p.add_argument("--family", required=True, help="the family white space groups it in")
    p.add_argument("--price", required=True, help="list price per year (or once, with --one-off)")
    p.add_argument("--one-off", action="store_true", help="sold once, not a subscription")
    p.set_defaults(handler=add_product)
    p = psub.add_parser("edit", parents=[parent], help="change a product")
    p.add_argument("name", metavar="NAME", help="the product (amtui products lists them)")
    p.add_argument("--rename", metavar="NEW_NAME", help="give it a new name")
    p.add_argument("--family", help="the family white space groups it in")
    p.add_argument("--price", help="list price per year (or once, for a one-off product)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--one-off", action="store_true", help="sold once")
    kind.add_argument("--recurring", action="store_true", help="a subscription")
    offer = p.add_mutually_exclusive_group()
    offer.add_argument("--retire", action="store_true", help="stop offering it")
    offer.add_argument("--offer", action="store_true", help="offer it again")
    p.set_defaults(handler=edit_product)


def _rot(text: str):
    if text.strip().lower() in ("never", "none", "-", ""):
        return None
    return parse_int(text, field="rot days", minimum=1, maximum=3650)


def _percent(text: str) -> int:
    value = parse_percent(text)
    if value != value.to_integral():
        raise CliError("probability: must be a whole percent")
    return int(value)


def list_stages(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    rows = st.stages()
    if args.json:
        print_json([
            {"name": s.name, "position": s.position, "probability": s.probability,
             "forecast_category": s.forecast_category, "rot_days": s.rot_days, "outcome": s.outcome}
            for s in rows
        ])
        return 0
    width = max(len(s.name) for s in rows)
    for s in rows:
        rot = f"stale after {s.rot_days} days" if s.rot_days else ("closes the deal" if not s.is_open else "never stale")
        print(f"{s.name:<{width}}  {s.probability:>3}%  {s.forecast_category:<10}  {rot}")
    return 0


def set_stage(args: argparse.Namespace) -> int:
    open_book(args)
    begin_change(stage_change("changed", st.stage_by_name(args.name).name))  # as the book names it
    changes = options_given(args, {
        "probability": ("probability", _percent),
        "category": ("forecast_category",
                     lambda text: parse_choice(text, FORECAST_CATEGORIES, field="category")),
        "rot": ("rot_days", _rot),
        "rename": ("new_name", str),
    })
    if not changes:
        raise CliError("nothing to change; give --probability, --category, --rot or --rename")
    s = st.update_stage(args.name, **changes)
    name_change(stage_change("changed", s.name))  # by its new name, when --rename gave one
    print(f"{s.name}: {s.probability}%, {s.forecast_category}, "
          f"{f'stale after {s.rot_days} days' if s.rot_days else 'never stale'}")
    return 0


def add_stage(args: argparse.Namespace) -> int:
    open_book(args, change=f"Stage added: {args.name}")  # named once saved, below
    s = st.add_stage(
        args.name, _percent(args.probability),
        parse_choice(args.category, FORECAST_CATEGORIES, field="category"), _rot(args.rot),
        after=args.after,
    )
    if s:
        name_change(stage_change("added", s.name))
    print(" > ".join(x.name for x in st.open_stages()))
    return 0 if s else 1


def list_products(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    rows = catalogue.products(include_retired=args.all)
    if args.json:
        print_json([
            {"id": p.id, "name": p.name, "family": p.family, "list_price": money_str(p.list_price),
             "recurring": p.recurring, "active": p.active}
            for p in rows
        ])
        return 0
    if not rows:
        print("The catalogue is empty; add one with `amtui product add NAME --family F --price P`.")
        return 0
    currency = get_settings().currency
    name_w = max(len(p.name) for p in rows)
    fam_w = max(len(p.family) for p in rows)
    for p in rows:
        kind = "per year" if p.recurring else "one-off"
        retired = "  (retired)" if not p.active else ""
        print(f"{p.name:<{name_w}}  {p.family:<{fam_w}}  {fmt_money(p.list_price, currency):>12} {kind}{retired}")
    return 0


def add_product(args: argparse.Namespace) -> int:
    open_book(args, change=f"Product added: {args.name}")  # named once saved, below
    product_id = catalogue.create_product(
        args.name, args.family, parse_money(args.price, field="price"), recurring=not args.one_off
    )
    name_change(product_change("added", product_id))
    print(product_id)
    return 0


def edit_product(args: argparse.Namespace) -> int:
    open_book(args)
    found = catalogue.product_by_name(args.name)
    begin_change(product_change("edited", found.id))
    changes = options_given(args, {
        "rename": ("name", str),
        "family": ("family", str),
        "price": ("list_price", lambda text: parse_money(text, field="price")),
    })
    if args.one_off or args.recurring:
        changes["recurring"] = args.recurring
    if args.retire or args.offer:
        changes["active"] = args.offer
    if not changes:
        raise CliError("nothing to change; give --price, --family, --rename, --retire ...")
    p = catalogue.update_product(found.id, **changes)
    name_change(product_change("edited", found.id))  # by its new name, when --rename gave one
    print(f"{p.name} ({p.family}): {fmt_money(p.list_price, get_settings().currency)}"
          f"{' per year' if p.recurring else ' one-off'}{'' if p.active else ', retired'}")
    return 0
