"""`amtui deals` and `amtui deal ...`: the pipeline from the shell."""

from __future__ import annotations

import argparse
import json
import sys

from amtui.cli.common import (
    CliError,
    add_client_argument,
    begin_change,
    db_parent,
    name_change,
    open_book,
    print_json,
    print_json_lines,
    record_id,
)
from amtui.cli.output import JSON_BOOL, collector_paused, encode_text, json_day, money_text
from amtui.core import dates_fmt, deal_moves
from amtui.core import pipeline as pl
from amtui.core.change_labels import deal_change, moved
from amtui.core.deal_words import (
    category_words,
    close_words,
    next_step_label,
    probability_words,
    stage_words,
)
from amtui.core.errors import InvalidInput
from amtui.core.made import Made
from amtui.core.money import fmt_money, money_str
from amtui.core.names import folded
from amtui.core.parse import FUTURE, PAST, parse_choice, parse_date, parse_money, parse_percent
from amtui.core.periods import parse_period
from amtui.core.settings import get_settings
from amtui.core.stages import stage_by_name, stages
from amtui.core.text import refuse_controls
from amtui.models import DEAL_KINDS, FORECAST_CATEGORIES

DEFAULT_WORDS = ("default", "stage", "auto", "")
MOVE_STEPS = {"next": 1, "forward": 1, "back": -1, "previous": -1, "prev": -1}  # deal move


def register(sub) -> None:
    parent = db_parent()
    p = sub.add_parser(
        "deals", parents=[parent], help="list deals",
        description="List deals, open ones by expected close date. A period holds open deals "
        "by their close date and won / lost deals by the date they closed.",
    )
    p.add_argument("--period", help="2026-Q4, FY2026, 2026-11, this quarter, next quarter ... or all")
    p.add_argument("--stage", help="only deals in this stage (a prefix will do)")
    p.add_argument("--status", default="open", help="open (default), won, lost or all")
    p.add_argument("--client", help="only this client's deals")
    p.add_argument("--json", action="store_true", help="JSON rows instead of a table")
    p.set_defaults(handler=list_deals)

    deal = sub.add_parser("deal", help="add, move, win, lose, show or edit a deal")
    dsub = deal.add_subparsers(dest="deal_command", metavar="ACTION", required=True)

    p = dsub.add_parser("add", parents=[parent], help="add a deal; prints its id")
    add_client_argument(p)
    p.add_argument("title", metavar="TITLE", help="what the deal is, e.g. 'Renewal 2027'")
    p.add_argument("amount", metavar="AMOUNT", help="12500, 12.5k, 1.2m ...")
    p.add_argument("--stage", help="an open stage (default: the first)")
    p.add_argument("--close", metavar="WHEN", help=f"expected close date (default: in {deal_moves.DEFAULT_CLOSE_DAYS} days)")
    p.add_argument("--kind", default="upsell", help=", ".join(DEAL_KINDS))
    p.add_argument("--product", help="a product from the catalogue")
    p.add_argument("--probability", help="override the stage's probability, e.g. 60%%")
    p.add_argument("--category", help="override the stage's forecast category")
    p.add_argument("--next-step", default="", help="what happens next")
    p.set_defaults(handler=add_deal)

    p = dsub.add_parser("move", parents=[parent], help="move a deal to a stage (or next / back)")
    p.add_argument("id", type=record_id("deal"), metavar="ID", help="the deal's id (amtui deals)")
    p.add_argument("stage", metavar="STAGE", help="a stage name (or its start), or next / back (forward / prev: a stage "
                   "named Next or Back is moved to by its name)")
    p.set_defaults(handler=move_deal)

    p = dsub.add_parser("won", parents=[parent], help="mark a deal won")
    p.add_argument("id", type=record_id("deal"), metavar="ID", help="the deal's id (amtui deals)")
    p.add_argument("--date", metavar="WHEN", help="the day it was won (default: today)")
    p.add_argument("--amount", help="the final amount, if it changed")
    p.set_defaults(handler=win_deal)

    p = dsub.add_parser("lost", parents=[parent], help="mark a deal lost, with a reason")
    p.add_argument("id", type=record_id("deal"), metavar="ID", help="the deal's id (amtui deals)")
    p.add_argument(
        "--reason", required=True,
        help=f"{', '.join(deal_moves.LOST_REASONS)}; 'competitor: went with X' adds detail, "
        "and any other text is kept as 'other: TEXT'",
    )
    p.add_argument("--detail", default="", help="what happened")
    p.add_argument("--date", metavar="WHEN", help="the day it was lost (default: today)")
    p.set_defaults(handler=lose_deal)

    p = dsub.add_parser("reopen", parents=[parent], help="put a won or lost deal back in the pipeline")
    p.add_argument("id", type=record_id("deal"), metavar="ID", help="the deal's id (amtui deals)")
    p.add_argument("--stage", help="the open stage (default: the last one it was in)")
    p.set_defaults(handler=reopen_deal)

    p = dsub.add_parser("delete", parents=[parent], help="delete a deal entered by mistake (lose a real one)")
    p.add_argument("id", type=record_id("deal"), metavar="ID", help="the deal's id (amtui deals)")
    p.set_defaults(handler=delete_deal)

    p = dsub.add_parser("show", parents=[parent], help="one deal and its history")
    p.add_argument("id", type=record_id("deal"), metavar="ID", help="the deal's id (amtui deals)")
    p.add_argument("--json", action="store_true", help="the deal and its history as JSON")
    p.set_defaults(handler=show_deal)

    p = dsub.add_parser("edit", parents=[parent], help="change a deal")
    p.add_argument("id", type=record_id("deal"), metavar="ID", help="the deal's id (amtui deals)")
    p.add_argument("--title", help="what the deal is")
    p.add_argument("--amount", help="12500, 12.5k, 1.2m ...")
    p.add_argument("--close", metavar="WHEN", help="expected close date: 2027-03-31, 3/31, fri, +2w ...")
    p.add_argument("--probability", help="a percent, or 'default' for the stage's")
    p.add_argument("--category", help="a forecast category, or 'default' for the stage's")
    p.add_argument("--next-step", help="what happens next")
    p.add_argument("--kind", help="new, upsell, cross-sell, renewal")
    p.add_argument("--product", help="a product, or 'none'")
    p.set_defaults(handler=edit_deal)


# --- shaping output ---------------------------------------------------------------------
def deal_line(d: pl.DealRow) -> str:
    """One deal of `deals --json`, encoded as JSON's own encoder writes it (the keys in
    this order; tested against it)."""
    return deal_lines([d])[0]


def deal_lines(rows) -> list[str]:
    """`deal_line` of each deal: an f-string does in a third of the time what the encoder
    does with a dict, which counts at 20,000 deals.  What repeats from deal to deal (a
    client's name and id, the stage, kind, status, category, product, stale and lost
    reasons, a day, an amount) is encoded once for the list and then looked up."""
    texts = Made(encode_text)  # a repeating text -> its JSON
    days = Made(json_day)  # a date -> its JSON
    money = Made(money_text)  # an amount -> its JSON text
    clients: dict[int, str] = {}  # a client's id -> its two keys, as written
    out = []
    # each row unpacked into named locals in DealRow's field order (a named tuple read
    # by attribute costs a third of the time at 20,000 deals); a test checks every key
    for (deal_id, client_id, client, title, kind, stage, _position, status, amount, probability,
         probability_overridden, weighted, category, category_overridden, close_on, days_in_stage,
         stale, stale_reason, push_count, next_step, product, closed, lost_reason, _product_id,
         _rot_days, original, _version) in rows:
        client_keys = clients.get(client_id)
        if client_keys is None:
            client_keys = clients[client_id] = f'"client": {encode_text(client)}, "client_id": {client_id}'
        out.append(
            f'{{"id": {deal_id}, {client_keys}, '
            f'"title": {encode_text(title)}, '
            f'"kind": {texts[kind]}, "stage": {texts[stage]}, "status": {texts[status]}, '
            f'"amount": "{money[amount]}", "probability": {probability}, '
            f'"probability_overridden": {JSON_BOOL[probability_overridden]}, '
            f'"weighted": "{money[weighted]}", "forecast_category": {texts[category]}, '
            f'"category_overridden": {JSON_BOOL[category_overridden]}, '
            f'"close_date": {days[close_on]}, '
            f'"original_close_date": {"null" if original is None else days[original]}, '
            f'"days_in_stage": {days_in_stage}, "stale": {JSON_BOOL[stale]}, '
            f'"stale_reason": {texts[stale_reason]}, "push_count": {push_count}, '
            f'"next_step": {encode_text(next_step)}, "product": {texts[product] if product else "null"}, '
            f'"closed_on": {"null" if closed is None else days[closed]}, '
            f'"lost_reason": {texts[lost_reason]}}}'
        )
    return out


def deal_json(d: pl.DealRow) -> dict:
    """One deal of `deals --json` as data (the line `deal_line` writes, read back)."""
    return json.loads(deal_line(d))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(rows: list[pl.DealRow], currency: str) -> None:
    header = ("id", "client", "title", "stage", "amount", "prob", "weighted", "close", "days", "next step")
    lines = [header]
    for d in rows:
        stage = d.stage if d.status == "open" else d.status
        close = d.closed_on if d.status != "open" else d.close_on
        lines.append((
            str(d.id), _cut(d.client, 24), _cut(d.title, 28), stage,
            fmt_money(d.amount, currency, decimals=False),
            f"{d.probability}%{'*' if d.probability_overridden else ''}",
            fmt_money(d.weighted, currency, decimals=False), dates_fmt.day(close),
            f"{d.days_in_stage}{'!' if d.stale else ''}", _cut(d.next_step, 30),
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {0, 4, 5, 6, 8}
    for line in lines:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        print("  ".join(cells).rstrip())


def _deal_line(d: pl.DealRow, currency: str) -> str:
    return f"#{d.id} {d.client}: {d.title} ({d.stage}, {fmt_money(d.amount, currency)}, {d.probability}%)"


# --- handlers ------------------------------------------------------------------------------
def list_deals(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    settings = get_settings()
    period = None
    if args.period and args.period.strip().lower() not in ("all", "any"):
        period = parse_period(args.period, settings.fy_start_month)
    client_id = None
    if args.client:
        # imported only for --client (a list's start pays for none)
        from amtui.core.clients import find_client

        client_id = find_client(args.client).id
    with collector_paused():
        rows = pl.deals(period=period, stage=args.stage, status=args.status, client_id=client_id)
        if args.json:
            print_json_lines(deal_lines(rows))
            return 0
    if not rows:
        print("No deals match.")
        return 0
    _print_table(rows, settings.currency)
    totals = pl.pipeline_totals(rows)
    print(
        f"\n{totals.count} deal{'s' if totals.count != 1 else ''}{f' closing in {period.label}' if period else ''}: "
        f"{fmt_money(totals.amount, settings.currency)}, weighted {fmt_money(totals.weighted, settings.currency)}"
        "   (* probability overridden, ! stale)"
    )
    return 0


def _percent_or_default(text: str | None):
    if text is None or text.strip().lower() in DEFAULT_WORDS:
        return None
    return parse_percent(text)


def _category_or_default(text: str | None):
    if text is None or text.strip().lower() in DEFAULT_WORDS:
        return None
    return parse_choice(text, FORECAST_CATEGORIES, field="forecast category")


def add_deal(args: argparse.Namespace) -> int:
    from amtui.core.clients import find_client
    from amtui.core.products import product_by_name

    open_book(args, snapshot=True, create=False)
    client = find_client(args.client)
    begin_change(f"Deal added: {args.title} ({client.name})")  # named once saved, below
    deal_id = deal_moves.create_deal(
        client.id, args.title, parse_money(args.amount),
        kind=args.kind, stage=args.stage,
        close_on=parse_date(args.close, tense=FUTURE, field="close date") if args.close else None,
        probability=_percent_or_default(args.probability),
        forecast_category=_category_or_default(args.category),
        next_step=args.next_step,
        product_id=product_by_name(args.product).id if args.product else None,
    )
    name_change(deal_change("Deal added", deal_id))
    print(deal_id)
    return 0


def move_deal(args: argparse.Namespace) -> int:
    open_book(args, snapshot=True, create=False)
    begin_change(deal_change("Stage move", args.id))
    word = folded(args.stage)
    # A stage the rep named "Next" or "Back" is reached by its name: the name is theirs
    # (it is what the board and `amtui stages` show), while each step has other words
    # (forward; previous, prev), so both stay reachable.  Refusing such names instead
    # would leave a book that already holds one stuck.  Only an exact name wins: "back"
    # is still the step beside a stage "Backlog".
    named = any(folded(s.name) == word for s in stages())
    if word in MOVE_STEPS and not named:
        deal_moves.move_deal(args.id, MOVE_STEPS[word])
    elif stage_by_name(args.stage).outcome == "lost":
        raise CliError(f"a lost deal needs a reason: amtui deal lost {args.id} --reason TEXT")
    else:
        deal_moves.set_stage(args.id, args.stage)
    d = pl.deal(args.id)
    name_change(moved(args.id, d.stage))
    print(_deal_line(d, get_settings().currency))
    return 0


def win_deal(args: argparse.Namespace) -> int:
    open_book(args, snapshot=True, create=False)
    begin_change(deal_change("Won", args.id))
    on = parse_date(args.date, tense=PAST, field="won date") if args.date else None
    amount = parse_money(args.amount) if args.amount else None
    was = pl.deal(args.id).amount
    won = deal_moves.win_deal(args.id, on, amount=amount)
    d = pl.deal(args.id)
    currency = get_settings().currency
    message = f"Won #{d.id} {d.client}: {d.title}, {fmt_money(d.amount, currency)} on {dates_fmt.day(d.closed_on)}"
    if won.holding_change:
        message += f"; {d.product} holding {won.holding_change}"
        if won.holding_value_was is not None:
            message += (f", now {fmt_money(d.amount, currency)} a year "
                        f"(was {fmt_money(won.holding_value_was, currency)})")
        message += f", renews {dates_fmt.day(won.holding_ends_on)}"
    print(message, flush=True)  # before the note, when both go to one pipe
    if amount is not None and deal_moves.far_from(d.amount, was):
        # after the success line: the win stands (exit 0), the rep may have mistyped it
        print(f"note: won at {fmt_money(d.amount, currency)}, the deal was {fmt_money(was, currency)}; "
              "`amtui undo` if that was a typo", file=sys.stderr)
    return 0


def lost_reason(text: str, detail: str = "") -> tuple[str, str]:
    """A reason from the list (a prefix will do), "reason: detail", or free text kept as
    "other" so nothing the rep wrote is lost."""
    refuse_controls("--reason", text)  # named as typed: core would say "detail"
    refuse_controls("--detail", detail)
    try:
        return parse_choice(text, deal_moves.LOST_REASONS, field="reason"), detail
    except InvalidInput:
        pass
    head, sep, tail = text.partition(":")
    if sep:
        try:
            reason = parse_choice(head, deal_moves.LOST_REASONS, field="reason")
            return reason, " ".join(x for x in (tail.strip(), detail) if x)
        except InvalidInput:
            pass
    if not text.strip():
        raise InvalidInput("reason", f"is required: one of {', '.join(deal_moves.LOST_REASONS)}")
    return "other", " ".join(x for x in (text.strip(), detail) if x)


def lose_deal(args: argparse.Namespace) -> int:
    open_book(args, snapshot=True, create=False)
    begin_change(deal_change("Lost", args.id))
    reason, detail = lost_reason(args.reason, args.detail)
    on = parse_date(args.date, tense=PAST, field="lost date") if args.date else None
    deal_moves.lose_deal(args.id, reason, detail, on=on)
    d = pl.deal(args.id)
    print(f"Lost #{d.id} {d.client}: {d.title} ({d.lost_reason})")
    return 0


def reopen_deal(args: argparse.Namespace) -> int:
    from amtui.core.win_holding import win_leaves_holding

    open_book(args, snapshot=True, create=False)
    begin_change(deal_change("Reopened", args.id))
    was_won = pl.deal(args.id).status == "won"
    deal_moves.reopen_deal(args.id, args.stage)
    d = pl.deal(args.id)
    line = _deal_line(d, get_settings().currency)
    if was_won and win_leaves_holding(d.product_id):
        line += f"; the {d.product} holding stays as the win left it (winning the deal again keeps that term)"
    print(line)
    return 0


def show_deal(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    d = pl.deal(args.id)
    history = pl.deal_history(args.id)
    if args.json:
        out = deal_json(d)
        out["history"] = [
            {"changed_at": h.changed_at.isoformat(), "change": list(h.change), "stage": h.stage,
             "amount": money_str(h.amount), "close_date": h.close_on.isoformat(),
             "probability": h.probability, "weighted": money_str(h.weighted)}
            for h in history
        ]
        print_json(out)
        return 0
    currency = get_settings().currency
    fields = [
        ("Client", d.client), ("Kind", d.kind), ("Product", d.product or "-"),
        ("Stage", stage_words(d)),  # as the deal screen says it
        ("Amount", fmt_money(d.amount, currency)),
        ("Probability", probability_words(d)),
        ("Weighted", fmt_money(d.weighted, currency)),
        ("Forecast", category_words(d)),
        ("Close date", close_words(d)),  # as the deal screen says it
    ]
    if d.status == "open" or d.next_step:  # a closed deal's "Was next", when there was one
        fields.append((next_step_label(d), d.next_step or "-"))
    if d.lost_reason:
        fields.append(("Lost because", d.lost_reason))
    if d.stale:
        fields.append(("Stale", d.stale_reason))
    print(f"#{d.id} {d.title}")
    width = max(len(label) for label, _ in fields) + 2  # "Lost because: ", never run together
    for label, value in fields:
        print(f"  {label + ':':<{width}}{value}")
    print("\nHistory:")
    for h in history:
        when = f"{dates_fmt.moment(h.changed_at):<16}"
        print(f"  {when}  {', '.join(h.change):<14} {h.stage:<10} {fmt_money(h.amount, currency):>14}"
              f"  {h.probability:>3}%  close {dates_fmt.day(h.close_on)}")
    return 0


def edit_deal(args: argparse.Namespace) -> int:
    open_book(args, snapshot=True, create=False)
    begin_change(deal_change("Deal edited", args.id))  # named again once saved: its title may change
    changes: dict = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.amount is not None:
        changes["amount"] = parse_money(args.amount)
    if args.close is not None:
        changes["close_on"] = parse_date(args.close, tense=FUTURE, field="close date")
    if args.probability is not None:
        changes["probability"] = _percent_or_default(args.probability)
    if args.category is not None:
        changes["forecast_category"] = _category_or_default(args.category)
    if args.next_step is not None:
        changes["next_step"] = args.next_step
    if args.kind is not None:
        changes["kind"] = args.kind
    if args.product is not None:
        from amtui.core.products import product_by_name

        none = args.product.strip().lower() in ("none", "-", "")
        changes["product_id"] = None if none else product_by_name(args.product).id
    if not changes:
        raise CliError("nothing to change; give --amount, --close, --probability, --next-step ...")
    if not deal_moves.update_deal(args.id, **changes):
        # as given already: nothing written, nothing on the undo list
        print(f"Nothing changed: {_deal_line(pl.deal(args.id), get_settings().currency)} already")
        return 0
    name_change(deal_change("Deal edited", args.id))
    print(_deal_line(pl.deal(args.id), get_settings().currency))
    return 0


def delete_deal(args: argparse.Namespace) -> int:
    open_book(args, snapshot=True, create=False)
    label = deal_change("Deleted", args.id)
    begin_change(label)
    deal_moves.delete_deal(args.id)
    print(label)
    return 0
