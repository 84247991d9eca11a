"""`amtui log`: quick capture from the shell (the follow-up commands are in followups.py);
`amtui undo`: put back the last change, whichever process made it (ctrl+z in the app)."""

from __future__ import annotations

from amtui.cli.common import (
    FOLLOW_UP_OPTIONS,
    CliError,
    add_client_argument,
    add_contact_option,
    add_follow_up_options,
    begin_change,
    book_path,
    client_and_contact,
    db_parent,
    name_change,
    open_book,
    options_named,
    record_id,
)
from amtui.cli.followups import say_date, say_due
from amtui.core import clock, followups, interactions, undo
from amtui.core.change_labels import interaction_change
from amtui.core.parse import FUTURE, PAST, parse_choice, parse_date
from amtui.db import read_only
from amtui.models import INTERACTION_KINDS, PRIORITIES

# core's field names -> what the person typed on the command line
OPTION_FOR = {
    **FOLLOW_UP_OPTIONS,
    "summary": "SUMMARY",
    "kind": "--kind",
    "outcome": "--outcome",
    "when": "--when",
    "done": "--done",
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
    add_client_argument(p)
    p.add_argument("summary", metavar="SUMMARY", help="what happened")
    p.add_argument("--kind", default="call", help=f"{', '.join(INTERACTION_KINDS)} (default call)")
    add_contact_option(p)
    p.add_argument("--outcome", metavar="TEXT", default="", help="what came of it")
    p.add_argument(
        "--when", metavar="WHEN", help="when it happened: today (default), yesterday, mon, 11/20"
    )
    add_follow_up_options(p, next_one=True)
    p.add_argument(
        "--done",
        metavar="FOLLOWUP_ID",
        type=record_id("follow-up"),
        action="append",
        default=[],
        help="mark this follow-up of the client done with the log (its id from amtui "
        "followups; repeat for several)",
    )
    p.set_defaults(handler=log)

    p = sub.add_parser(
        "undo",
        parents=[parent],
        help="undo the last change (as ctrl+z in the app), or --list what can be undone",
        description="Put back the book's last change, whether made in the app or by a "
        "command such as amtui log, amtui import or amtui deal won.  The last 50 are kept.",
    )
    p.add_argument("--list", action="store_true", help="the changes that can be undone, latest first")
    p.set_defaults(handler=run_undo)


def log(args) -> int:
    open_book(args, create=False)
    with options_named(OPTION_FOR):
        client, contact = client_and_contact(args)
        begin_change(f"Logged: {args.summary} ({client.name})")  # named once saved, below
        kind = parse_choice(args.kind, INTERACTION_KINDS, field="kind")
        priority = parse_choice(args.priority, PRIORITIES, field="next_priority")
        when = parse_date(args.when, tense=PAST, field="when") if args.when else None
        due = parse_date(args.due, tense=FUTURE, field="next_due") if args.due else None
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
            done_follow_up_ids=args.done,
        )
        name_change(interaction_change("logged", logged.interaction.id))
    row = logged.interaction
    who = f" ({row.contact})" if row.contact else ""
    article = "an" if kind[0] in "aeiou" else "a"
    line = f"Logged {article} {kind} with {row.client}{who}, {say_date(clock.local(row.happened_at).date())}."
    for follow_up_id in logged.done_follow_up_ids:
        line += f" Done: #{follow_up_id} {followups.get_follow_up(follow_up_id).title}."
    if logged.follow_up_id is not None:
        nxt = followups.get_follow_up(logged.follow_up_id)
        line += f" Next: {nxt.title}, due {say_due(nxt.due_on)}."
    if logged.follow_up_id is None and logged.done_follow_up_ids:
        line += " No next follow-up: add one with --next, or amtui followup add."
    print(line)
    return 0


def run_undo(args) -> int:
    open_book(args, create=False)
    undo.made_in("shell")  # a change the app made says so
    if args.list:
        changes = undo.changes()
        for number, change in enumerate(changes, 1):
            print(f"{number:>3}  {change.label}{_made_in(change)}")
        if not changes:
            print("Nothing to undo.")
        return 0
    if read_only.opened_for_full_disk():  # read-only only for the full disk: say that
        raise CliError(f"no space left on the disk holding {book_path(args)}; nothing was "
                       "changed", code=3)
    if read_only.is_read_only():  # an undo writes: refused as every write is, whatever is kept
        raise CliError(f"{book_path(args)} is read-only: amtui can't undo a change in it", code=2)
    undone = undo.undo_last_change()
    if undone is None:
        print("Nothing to undo.")
    elif undone.made_in:
        print(f"Undone (made in {undone.made_in}): {undone.label}.")
    else:
        print(f"Undone: {undone.label}.")
    return 0


def _made_in(change: undo.Change) -> str:
    return f"  (made in {change.made_in})" if change.made_in else ""
