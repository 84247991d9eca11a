"""`amtui clients`, `amtui client add|show|edit|archive|delete`, `amtui contact add`."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from decimal import Decimal

from amtui.cli.common import (
    CliError,
    add_client_argument,
    begin_change,
    db_parent,
    name_change,
    open_book,
    options_named,
    print_json,
    print_json_lines,
)
from amtui.cli.output import JSON_BOOL, collector_paused, encode_text, json_day, money_text
from amtui.core import change_labels as labels
from amtui.core import client_list, clock, dates_fmt
from amtui.core.health import band_label
from amtui.core.made import Made
from amtui.core.money import fmt_money, money_str
from amtui.core.parse import FUTURE, parse_date
from amtui.core.settings import get_settings
from amtui.models import CLIENT_STATUSES

# (the client record's modules, amtui.core.clients and .contacts, are imported by the
# handlers that use them: `clients --json` loads neither)

# what people type for --sort -> the list's sort column
SORT_NAMES = {
    "name": "name",
    "tier": "tier",
    "industry": "industry",
    "health": "health",
    "contact": "last_contact",
    "last-contact": "last_contact",
    "follow-up": "next_follow_up",
    "next": "next_follow_up",
    "pipeline": "open_pipeline",
    "issues": "open_issues",
}


def register(sub) -> None:
    parent = db_parent()
    p = sub.add_parser(
        "clients", parents=[parent], help="list clients",
        description="List the clients in the book with health, last contact, next follow-up, "
        "open pipeline and open issues.",
    )
    p.add_argument("--filter", metavar="TEXT", default="", help="only clients whose name, industry or a contact's name holds TEXT")
    p.add_argument("--sort", default="name", choices=sorted(SORT_NAMES), metavar="COLUMN",
                   help="name (default), tier, industry, health (worst first), last-contact (longest silence "
                   "first), follow-up (soonest first), pipeline (biggest first) or issues (most first)")
    p.add_argument("--reverse", action="store_true", help="reverse the sort")
    p.add_argument("--all", action="store_true", help="include archived clients")
    p.add_argument("--json", action="store_true", help="JSON rows instead of a table")
    p.set_defaults(handler=list_clients)

    client = sub.add_parser("client", help="add, show, edit, archive or delete a client")
    csub = client.add_subparsers(dest="client_command", metavar="ACTION", required=True)

    p = csub.add_parser("add", parents=[parent], help="add a client; prints its id")
    p.add_argument("name", metavar="NAME", help="the client's name")
    p.add_argument("--tier", default="B", help="A, B (default) or C")
    _client_options(p)
    p.set_defaults(handler=add_client)

    p = csub.add_parser("edit", parents=[parent], help="change a client's details")
    add_client_argument(p)
    p.add_argument("--name", help="a new name")
    p.add_argument("--tier", help="A, B or C")
    p.add_argument("--status", help=", ".join(CLIENT_STATUSES))
    _client_options(p)
    p.set_defaults(handler=edit_client)

    p = csub.add_parser("show", parents=[parent], help="one client: details, health, contacts, activity")
    add_client_argument(p)
    p.add_argument("--json", action="store_true", help="JSON instead of text")
    p.set_defaults(handler=show_client)

    p = csub.add_parser("archive", parents=[parent], help="archive a client (its history stays)")
    add_client_argument(p)
    p.add_argument("--undo", action="store_true", help="bring an archived client back")
    p.set_defaults(handler=archive)

    p = csub.add_parser("delete", parents=[parent], help="delete a client and everything recorded about it")
    add_client_argument(p)
    p.add_argument("--yes", action="store_true", help="really delete (without it, says what would go)")
    p.set_defaults(handler=delete)

    contact = sub.add_parser("contact", help="add a contact at a client")
    ksub = contact.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    p = ksub.add_parser("add", parents=[parent], help="add a contact; prints its id")
    add_client_argument(p)
    p.add_argument("name", metavar="NAME", help="the contact's name")
    p.add_argument("--title", default="", help="their job title")
    p.add_argument("--email", default="", help="their email address")
    p.add_argument("--phone", default="", help="their phone number")
    p.add_argument("--primary", action="store_true", help="make this the client's primary contact")
    p.set_defaults(handler=add_contact)


def _client_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--industry", help="the client's industry, e.g. Retail")
    p.add_argument("--cadence", metavar="DAYS", help="contact at least every DAYS days (default: the tier's); 'default' clears it")
    p.add_argument("--renewal", metavar="WHEN", help="renewal date: 2027-03-31, 3/31, +6m ...")
    p.add_argument("--needs", help="what the client needs")


# core's cadence_days is what the rep calls the cadence (`--cadence`, like `renewal:`)
_CLIENT_FIELDS = {"cadence_days": "cadence"}


def _changes(args: argparse.Namespace) -> dict:
    changes = {}
    for option, field in (("name", "name"), ("tier", "tier"), ("status", "status"), ("industry", "industry"),
                          ("needs", "needs")):
        value = getattr(args, option, None)
        if value is not None:
            changes[field] = value
    if args.cadence is not None:
        changes["cadence_days"] = None if args.cadence.strip().lower() in ("default", "") else args.cadence
    if args.renewal is not None:
        changes["renewal_on"] = parse_date(args.renewal, tense=FUTURE, field="renewal") if args.renewal.strip() else None
    return changes


# --- list ---------------------------------------------------------------------------------------


def row_line(r: client_list.ClientRow) -> str:
    """One client of `clients --json`, encoded as JSON's own encoder writes it (the keys
    in this order; tested against it)."""
    return row_lines([r])[0]


def row_lines(rows) -> list[str]:
    """`row_line` of each client: an f-string does in a third of the time what the
    encoder does with a dict, which counts at 20,000 clients.  What repeats from client
    to client is encoded once for the list and then looked up: the tier, industry, status
    and archived flag as one run of the line (a book has a few dozen of them), the band,
    a follow-up's day, an amount."""
    texts = Made(encode_text)  # a repeating text -> its JSON
    days = Made(json_day)  # a date -> its JSON
    money = Made(money_text)  # an amount -> its JSON text
    kinds = Made(_kind_keys)  # (tier, industry, status, archived) -> their keys, as written
    out = []
    append = out.append
    # a ClientRow's fields, named at once (its order: a field added fails here)
    for (cid, name, tier, industry, status, archived, health, band, last, since, cadence_days,
         past_cadence, due, pipeline, issues) in rows:
        if last is None:
            moment = "null"
        elif last.tzinfo is UTC:
            # isoformat() from the date and time parts: for UTC (every stored moment)
            # 0.8 µs where an aware isoformat takes 2.1 (inline: a call a client less)
            moment = f'"{last.date().isoformat()}T{last.time().isoformat()}+00:00"'
        else:
            moment = encode_text(last.isoformat())
        append(
            f'{{"id": {cid}, "name": {encode_text(name)}, {kinds[tier, industry, status, archived]}'
            f'"health": {health}, "band": {texts[band]}, '
            f'"last_contact": {moment}, '
            f'"days_since_contact": {"null" if since is None else since}, "cadence_days": {cadence_days}, '
            f'"past_cadence": {JSON_BOOL[past_cadence]}, '
            f'"next_follow_up": {"null" if due is None else days[due]}, '
            f'"open_pipeline": "{money[pipeline]}", "open_issues": {issues}}}'
        )
    return out


def _kind_keys(kind: tuple[str, str, str, bool]) -> str:
    tier, industry, status, archived = kind
    return (f'"tier": {encode_text(tier)}, "industry": {encode_text(industry)}, '
            f'"status": {encode_text(status)}, "archived": {JSON_BOOL[archived]}, ')


def row_json(r: client_list.ClientRow) -> dict:
    """One client of `clients --json` as data (the line `row_line` writes, read back)."""
    return json.loads(row_line(r))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def list_clients(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    sort = SORT_NAMES[args.sort]
    descending = client_list.NATURAL_DESCENDING[sort] != args.reverse
    with collector_paused():
        total = client_list.client_count(args.filter, args.all)
        rows = client_list.client_page(args.filter, sort=sort, descending=descending, limit=max(total, 1),
                                       include_archived=args.all)
        if args.json:
            print_json_lines(row_lines(rows))
            return 0
    if not rows:
        print("No clients match." if args.filter else "No clients yet: amtui client add NAME")
        return 0
    currency = get_settings().currency
    print(f"{'ID':>5}  {'CLIENT':<30} {'TIER':<4} {'INDUSTRY':<16} {'HEALTH':<11} {'LAST CONTACT':<13} "
          f"{'NEXT STEP':<10} {'PIPELINE':>12} {'ISSUES':>6}")
    for r in rows:
        name = r.name + (" (archived)" if r.archived else "")
        contact = dates_fmt.ago(r.days_since_contact)
        if r.past_cadence:
            contact += " !"
        print(
            f"{r.id:>5}  {_cut(name, 30):<30} {r.tier:<4} {_cut(r.industry, 16):<16} "
            f"{f'{r.health} {band_label(r.band)}':<11} {contact:<13} "
            f"{dates_fmt.day(r.next_follow_up) or 'none':<10} "
            f"{fmt_money(r.open_pipeline, currency, decimals=False) if r.open_pipeline else '':>12} "
            f"{r.open_issues or '':>6}"
        )
    return 0


# --- one client -----------------------------------------------------------------------------------


def add_client(args: argparse.Namespace) -> int:
    from amtui.core import clients as core
    open_book(args, change=f"Client added: {args.name}")  # named once saved, below
    changes = _changes(args)
    name = changes.pop("name")
    with options_named(_CLIENT_FIELDS):
        client_id = core.create_client(name, **changes)
    name_change(labels.client_change("added", client_id))  # as kept: "Acme Corp", however spaced
    print(client_id)
    return 0


def edit_client(args: argparse.Namespace) -> int:
    from amtui.core import clients as core
    open_book(args, create=False)
    client = core.find_client(args.client, include_archived=True)
    begin_change(labels.client_change("edited", client.id))  # named as the book has it, not as typed
    changes = _changes(args)
    if not changes:
        raise CliError("nothing to change: give --name, --tier, --status, --industry, --cadence, --renewal or --needs")
    with options_named(_CLIENT_FIELDS):
        changed = core.update_client(client.id, **changes)
    if not changed:  # what it holds already: nothing written, nothing for undo
        print(f"Nothing changed: {client.name} holds that already")
        return 0
    name_change(labels.client_change("edited", client.id))  # by its new name, when --name gave one
    print(f"Saved {core.get_client(client.id).name}")
    return 0


def archive(args: argparse.Namespace) -> int:
    from amtui.core import clients as core
    open_book(args, create=False)
    client = core.find_client(args.client, include_archived=True)
    begin_change(labels.archived(client.name, back=args.undo))
    core.archive_client(client.id, archived=not args.undo)
    print(f"{client.name} {'is back in the book' if args.undo else 'archived'}")
    return 0


def delete(args: argparse.Namespace) -> int:
    from amtui.core import clients as core
    open_book(args, create=False)
    client = core.find_client(args.client, include_archived=True)
    goes = core.describe_deletion(core.deletion_summary(client.id))
    if not args.yes:
        raise CliError(
            f"deleting {client.name} also deletes {goes}; run again with --yes to delete, "
            "or `amtui client archive` to keep its history"
        )
    begin_change(f"Deleted: {client.name}")
    core.delete_client(client.id)
    print(f"Deleted {client.name} and {goes}")
    return 0


def add_contact(args: argparse.Namespace) -> int:
    from amtui.core import clients as core
    from amtui.core import contacts
    open_book(args, create=False)
    client = core.find_client(args.client)
    begin_change(f"Contact added: {args.name} ({client.name})")  # named once saved, below
    contact_id = contacts.add_contact(client.id, args.name, title=args.title, email=args.email, phone=args.phone,
                                      is_primary=args.primary)
    name_change(labels.contact_change("added", contact_id))
    print(contact_id)
    return 0


def show_client(args: argparse.Namespace) -> int:
    from amtui.core import clients as core
    from amtui.core.client_detail import client_detail

    open_book(args, create=False)
    client = core.find_client(args.client, include_archived=True)
    detail = client_detail(client.id)
    if args.json:
        print_json(detail_json(detail))
    else:
        print_detail(detail, get_settings().currency)
    return 0


def _jsonable(value):
    """Money as two-decimal strings, dates ISO, the rest as is."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def detail_json(d) -> dict:
    out = _jsonable(asdict(d))
    # Health is a named tuple (asdict keeps those as tuples): its fields by name
    out["health"] = {"score": d.health.score, "band": d.health.band,
                     "reasons": [str(r) for r in d.health.reasons]}
    out["open_pipeline"] = money_str(d.open_pipeline)
    out["weighted_pipeline"] = money_str(d.weighted_pipeline)
    out["annual_value_held"] = money_str(d.annual_value_held)
    return out


def _section(title: str, lines: list[str], empty: str) -> None:
    print(f"\n{title}")
    for line in lines or [empty]:
        print(f"  {line}")


def print_detail(d, currency: str) -> None:
    c, h = d.client, d.health
    today = d.today or clock.today()

    def money(amount) -> str:
        return fmt_money(amount, currency, decimals=False)

    bits = [f"tier {c.tier}", c.status] + ([c.industry] if c.industry else []) + (["archived"] if c.archived else [])
    print(f"{c.name}  (id {c.id})  " + " · ".join(bits))
    print(f"Health {h.score} {h.label}" + "".join(f"\n  {r}" for r in h.reasons))
    if d.last_contact is None:
        contact = "never"
    else:
        contact = dates_fmt.ago(d.days_since_contact)
    over = f", {d.days_over_cadence} days over" if d.days_over_cadence else ""
    print(f"Last contact: {contact} (every {d.cadence_days} days{over})")
    if c.renewal_on:
        print(f"Renewal: {dates_fmt.day(c.renewal_on)}")
    if c.handed_over_on or c.handed_over_by:
        by = f" by {c.handed_over_by}" if c.handed_over_by else ""
        on = dates_fmt.day(c.handed_over_on)
        print(f"Handed over: {on}{by}".rstrip())
    for label, text in (("Handover notes", c.handover_notes), ("Needs", c.needs), ("Website", c.website),
                        ("Phone", c.phone), ("Address", c.address), ("Notes", c.notes)):
        if text:
            print(f"{label}: {' '.join(text.split())}")
    print(f"Open pipeline: {money(d.open_pipeline)} ({money(d.weighted_pipeline)} weighted)"
          f" · holds {money(d.annual_value_held)} a year")
    _section("Contacts", [
        f"{'* ' if k.is_primary else '  '}{k.name}" + "".join(f", {x}" for x in (k.title, k.email, k.phone) if x)
        for k in d.contacts
    ], "none yet: amtui contact add")
    _section("Follow-ups", [
        f"{dates_fmt.day(f.due_on):<11} {f.title}" + (f" ({f.contact})" if f.contact else "") for f in d.follow_ups
    ], "none open")
    _section("Deals", [
        f"#{x.id} {x.title}  {x.stage}  {money(x.amount)}  {x.probability}%  "
        f"{'closed ' + dates_fmt.day(x.closed_on) if x.closed_on else 'close ' + dates_fmt.day(x.close_on)}  {x.status}"
        for x in d.deals
    ], "none")
    _section("Service issues", [f"{i.severity:<8} {i.status:<17} {i.title}" for i in d.issues], "none")
    _section("Products held", [
        f"{x.product}  {money(x.annual_value)} a year" + (f"  ends {dates_fmt.day(x.ends_on)}" if x.ends_on else "")
        + ("" if x.held_on(today) else f"  ({x.status_on(today)})")
        for x in d.holdings
    ], "none")
    _section("Commitments", [
        f"{x.status:<7} {dates_fmt.day(x.due_on):<11} {' '.join(x.what.split())}"
        for x in d.commitments
    ], "none")
    _section("Timeline (latest 10)", [
        f"{dates_fmt.moment(i.happened_at):<16} {i.kind:<7} "
        + (f"{i.contact}: " if i.contact else "") + " ".join(i.summary.split())
        for i in d.timeline[:10]
    ], "nothing logged yet: amtui log")
