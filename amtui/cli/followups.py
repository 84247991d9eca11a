"""`amtui followups` and `amtui followup add|done|snooze`: the follow-up loop from the shell.

Every row `amtui followups` prints starts with the follow-up's id (`#12`), which the
`followup` commands take.
"""

from __future__ import annotations

from datetime import date

from amtui.cli.common import (
    FOLLOW_UP_OPTIONS,
    add_client_argument,
    add_contact_option,
    add_follow_up_options,
    begin_change,
    client_and_contact,
    db_parent,
    name_change,
    open_book,
    options_named,
    print_json,
    record_id,
)
from amtui.core import clock, dates_fmt, follow_up_agenda, followups
from amtui.core.change_labels import follow_up_change
from amtui.core.parse import FUTURE, parse_choice, parse_date
from amtui.models import PRIORITIES

# core's field names -> what the person typed on the command line
OPTION_FOR = {**FOLLOW_UP_OPTIONS, "title": "TITLE", "until": "--to"}


def register(sub) -> None:
    parent = db_parent()
    p = sub.add_parser(
        "followups",
        parents=[parent],
        help="follow-ups due: overdue and today (--all: upcoming too), each with its id",
        description="The follow-ups that are overdue or due today, oldest first, each with "
        "the id the `amtui followup` commands take.  --all adds the upcoming ones.",
    )
    p.add_argument("--all", action="store_true", help="include upcoming follow-ups")
    p.add_argument("--json", action="store_true", help="JSON rows instead of text")
    p.set_defaults(handler=list_follow_ups)

    group = sub.add_parser(
        "followup",
        help="add a follow-up, mark one done (and schedule the next) or snooze one",
        description="Work a follow-up by the id `amtui followups` prints.",
    )
    fsub = group.add_subparsers(dest="followup_command", metavar="ACTION", required=True)

    p = fsub.add_parser(
        "add",
        parents=[parent],
        help="a new follow-up for a client; prints its id",
        epilog='example: amtui followup add acme "Send the proposal" --due fri --priority high',
    )
    add_client_argument(p)
    p.add_argument("title", metavar="TITLE", help="what to do")
    add_follow_up_options(p, next_one=False, due_required=True)
    add_contact_option(p)
    p.set_defaults(handler=add)

    p = fsub.add_parser(
        "done",
        parents=[parent],
        help="mark a follow-up done; --next / --due schedule the next one",
        description="Mark the follow-up done.  With --next and/or --due, schedule the next "
        "one in the same go (what is not given comes from the suggestion); without them, "
        "print the suggested next one.",
        epilog='example: amtui followup done 12 --next "Call about the quote" --due +1w',
    )
    p.add_argument("id", type=record_id("follow-up"), metavar="ID", help="the follow-up's id (amtui followups)")
    add_follow_up_options(p, next_one=True, priority=False)
    p.set_defaults(handler=done)

    p = fsub.add_parser(
        "snooze",
        parents=[parent],
        help="move a follow-up to the next business day (--to: a day you choose)",
    )
    p.add_argument("id", type=record_id("follow-up"), metavar="ID", help="the follow-up's id (amtui followups)")
    p.add_argument("--to", metavar="WHEN", help="mon, +1w, 12/15 (default: the next business day)")
    p.set_defaults(handler=snooze)


def say_date(day: date) -> str:
    return dates_fmt.day(day)


def say_due(day: date, today: date | None = None) -> str:
    """'Fri 4 Dec', with '(yesterday)' / '(3 days ago)' when it is already past, so
    a due date typed as 12/01 on 2 December is seen for what it is."""
    text = say_date(day)
    late = ((today or clock.today()) - day).days
    if late == 1:
        return f"{text} (yesterday)"
    return f"{text} ({late} days ago)" if late > 1 else text


def _due(text: str, field: str = "due_on") -> date:
    return parse_date(text, tense=FUTURE, field=field)


# --- followups ---------------------------------------------------------------------------


def list_follow_ups(args) -> int:
    open_book(args, create=False)
    today = clock.today()
    groups = follow_up_agenda.agenda_follow_ups(today, include_later=args.all)
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
        upcoming = len(groups["This week"]) + follow_up_agenda.later_count(today)
        hint = f" ({upcoming} upcoming: amtui followups --all)" if upcoming and not args.all else ""
        print(f"Nothing due.{hint}" if not args.all else "No open follow-ups.")
        return 0
    table = []
    for r in rows:
        # the day, then how urgent it is ("11d late", "today", "in 2 days"): "today" had
        # stood in both columns
        when, status = dates_fmt.day(r.due_on, today), dates_fmt.due(r.due_on, today)
        who = f"{r.client} · {r.contact}" if r.contact else r.client
        priority = "" if r.priority == "normal" else r.priority
        table.append((f"#{r.id}", when, status, who, r.title, priority))
    # every column padded to its widest cell but the last (priority, mostly empty)
    widths = [max(map(len, column)) for column in list(zip(*table, strict=True))[:-1]]
    for *padded, priority in table:
        cells = [cell.ljust(width) for cell, width in zip(padded, widths, strict=True)]
        print("  ".join([*cells, priority]).rstrip())
    return 0


# --- followup add | done | snooze ----------------------------------------------------------


def add(args) -> int:
    open_book(args, create=False)
    with options_named(OPTION_FOR):
        client, contact = client_and_contact(args)
        priority = parse_choice(args.priority, PRIORITIES, field="priority")
        due = _due(args.due)
        begin_change(f"Follow-up added: {args.title} ({client.name})")  # named once saved, below
        row = followups.add_follow_up(
            client.id,
            args.title,
            due,
            priority=priority,
            contact_id=contact.id if contact else None,
        )
        name_change(follow_up_change("added", row.id))
    print(f"Added #{row.id} for {row.client}: {row.title}, due {say_due(row.due_on)}.")
    return 0


def done(args) -> int:
    open_book(args, create=False)
    with options_named(OPTION_FOR):
        due = _due(args.due, "next_due") if args.due else None
        label = follow_up_change("done", args.id)
        begin_change(label)
        if args.next_title is None and due is None:
            suggestion = followups.complete_follow_up(args.id)
            print(f"{label}.")
            moved = f", {suggestion.moved_note}" if suggestion.moved_note else ""
            print(
                f"Suggested next: {suggestion.title}, {say_due(suggestion.due_on)}{moved}.  "
                f"Schedule it: amtui followup add {_quoted(suggestion.client)} "
                f"{_quoted(suggestion.title)} --due {suggestion.due_on.isoformat()}"
            )
            return 0
        suggestion, row = followups.complete_and_schedule(
            args.id, title=args.next_title, due_on=due
        )
    print(f"{label}.")
    print(f"Next: #{row.id} {row.title}, due {say_due(row.due_on)}.")
    return 0


def snooze(args) -> int:
    open_book(args, create=False)
    with options_named(OPTION_FOR):
        until = _due(args.to, "until") if args.to else None
        label = follow_up_change("snoozed", args.id)
        begin_change(label)
        row = followups.snooze_follow_up(args.id, until)
    times = f"snoozed {row.snooze_count} times" if row.snooze_count > 1 else "snoozed once"
    print(f"Snoozed #{row.id} {row.title} ({row.client}) to {say_due(row.due_on)}; {times}.")
    return 0


def _quoted(text: str) -> str:
    """Text as a shell word the rep can paste."""
    import shlex

    return shlex.quote(text)
