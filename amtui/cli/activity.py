"""`amtui log` and `amtui followups`: quick capture and what is due, from the shell."""

from __future__ import annotations

from datetime import date

from amtui.cli.common import CliError, db_parent, open_book, print_json
from amtui.core import clock, dates_fmt, followups, interactions
from amtui.core.clients import find_client, find_contact
from amtui.core.errors import InvalidInput
from amtui.core.parse import parse_choice, parse_date
from amtui.models import INTERACTION_KINDS, PRIORITIES

# core's field names -> what the person typed on the command line
OPTION_FOR = {
    "summary": "SUMMARY",
    "kind": "--kind",
    "contact": "--contact",
    "outcome": "--outcome",
    "when": "--when",
    "next_title": "--next",
    "next_due": "--due",
    "next_priority": "--priority",
}


def register(sub) -> None:
    parent = db_parent()
    p = sub.add_parser(
        "log",
        parents=[parent],
        help="log an interaction with a client (and schedule the next follow-up)",
        description="Record a call, email, meeting, note or visit with a client, and "
        "optionally the next follow-up in the same go.  CLIENT matches by exact name, else "
        "a unique prefix or part of the name.",
        epilog='example: amtui log acme "Talked renewal terms" --contact jane '
        '--next "Send proposal" --due fri',
    )
    p.add_argument("client", metavar="CLIENT", help="client name (exact, prefix or unique part)")
    p.add_argument("summary", metavar="SUMMARY", help="what happened")
    p.add_argument("--kind", default="call", help=f"{', '.join(INTERACTION_KINDS)} (default call)")
    p.add_argument(
        "--contact", metavar="NAME", help="who at the client (exact, prefix or part of the name)"
    )
    p.add_argument("--outcome", metavar="TEXT", default="", help="what came of it")
    p.add_argument(
        "--when", metavar="WHEN", help="when it happened: today (default), yesterday, mon, 11/20"
    )
    p.add_argument("--next", metavar="TITLE", dest="next_title", help="the next follow-up's title")
    p.add_argument(
        "--due", metavar="WHEN", help="the next follow-up's due date: tomorrow, fri, +1w, 12/01"
    )
    p.add_argument(
        "--priority", default="normal", help="the next follow-up's priority: low, normal, high"
    )
    p.set_defaults(handler=log)

    p = sub.add_parser(
        "followups",
        parents=[parent],
        help="follow-ups due: overdue and today (--all: upcoming too)",
        description="The follow-ups that are overdue or due today, oldest first.  --all adds "
        "the upcoming ones.",
    )
    p.add_argument("--all", action="store_true", help="include upcoming follow-ups")
    p.add_argument("--json", action="store_true", help="JSON rows instead of text")
    p.set_defaults(handler=list_follow_ups)


def _cli_error(exc: InvalidInput) -> CliError:
    return CliError(f"{OPTION_FOR.get(exc.field, exc.field)}: {exc.reason}")


def say_date(day: date) -> str:
    return dates_fmt.day(day)


def log(args) -> int:
    open_book(args)
    try:
        client = find_client(args.client)
        kind = parse_choice(args.kind, INTERACTION_KINDS, field="kind")
        priority = parse_choice(args.priority, PRIORITIES, field="next_priority")
        contact = find_contact(client.id, args.contact) if args.contact else None
        when = parse_date(args.when, field="when") if args.when else None
        due = parse_date(args.due, field="next_due") if args.due else None
        logged = interactions.log_interaction(
            client.id,
            args.summary,
            kind=kind,
            contact_id=contact.id if contact else None,
            outcome=args.outcome,
            when=when,
            next_title=args.next_title,
            next_due=due,
            next_priority=priority,
        )
    except InvalidInput as exc:
        raise _cli_error(exc) from None
    row = logged.interaction
    who = f" ({row.contact})" if row.contact else ""
    article = "an" if kind[0] in "aeiou" else "a"
    line = f"Logged {article} {kind} with {row.client}{who}, {say_date(clock.local(row.happened_at).date())}."
    if logged.follow_up_id is not None:
        nxt = followups.get_follow_up(logged.follow_up_id)
        line += f" Next: {nxt.title}, due {say_date(nxt.due_on)}."
    print(line)
    return 0


def list_follow_ups(args) -> int:
    open_book(args)
    today = clock.today()
    groups = followups.agenda_follow_ups(today, include_later=args.all)
    rows = [r for group in groups.values() for r in group]
    if not args.all:
        rows = [r for r in rows if r.due_on <= today]
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "client_id": r.client_id,
                    "client": r.client,
                    "contact": r.contact or None,
                    "title": r.title,
                    "due": r.due_on.isoformat(),
                    "priority": r.priority,
                    "status": r.status(today),
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        upcoming = len(groups["This week"]) + followups.later_count(today)
        hint = f" ({upcoming} upcoming: amtui followups --all)" if upcoming and not args.all else ""
        print(f"Nothing due.{hint}" if not args.all else "No open follow-ups.")
        return 0
    table = []
    for r in rows:
        late = r.days_late(today)
        when = "today" if r.due_on == today else dates_fmt.day(r.due_on, today)
        status = f"{late}d late" if late else r.status(today)
        who = f"{r.client} · {r.contact}" if r.contact else r.client
        table.append((when, status, who, r.title, "" if r.priority == "normal" else r.priority))
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    for row in table:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:4])] + [row[4]]
        print("  ".join(cells).rstrip())
    return 0
