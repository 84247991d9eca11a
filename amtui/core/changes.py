"""What changed in a period's deals since a date, and how the forecast moved.

The deals as they stood when `since` began come from the daily snapshots (`DealState`),
or, for a date before the first snapshot, are reconstructed from `StageChange`
(`source == "reconstructed"`: forecast categories and deleted deals are then unknown).
Today's come from the deals themselves.

The forecast walk takes each deal from its start state to today's one attribute at a
time, in a fixed order (status, then category and probability, then close date, then
amount), and books what each step did to the figure under that step's name.  The steps
of every deal telescope, so start + steps = now, to the cent, by construction:

    won + commit at the start, + new, + upgraded, - downgraded, + pulled in,
    - pushed out, - lost, + won, + reopened, - deleted, +/- amount = won + commit now

and the same for won + weighted pipeline (where a probability change is an upgrade or a
downgrade, and a win moves a deal from its weighted amount to its full amount).  The walk
itself is `core.change_walk`'s; this module finds the states at both ends and the lines.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from amtui.core import clock, dates_fmt, sql
from amtui.core.change_walk import Walk, both_walks
from amtui.core.deal_states import (
    DealName,
    DealSnap,
    Standing,
    StateRow,
    changed_snapshot_rows,
    counted_open,
    current_rows,
    day_start_utc,
    first_snapshot_day,
    reconstructed_states,
    stage_infos,
    standing,
)
from amtui.core.errors import InvalidInput
from amtui.core.made import Made
from amtui.core.money import fmt_short, money_str
from amtui.core.parse import PAST, parse_date
from amtui.core.periods import Period
from amtui.models import ExportRecord, Opportunity, cursor_rows, from_cents

# change lines, in the order they are listed
KINDS = ("added", "won", "lost", "reopened", "deleted", "advanced", "moved back", "pulled in",
         "pushed out", "category", "amount up", "amount down")


class ChangeLine(NamedTuple):
    kind: str  # one of KINDS
    deal_id: int
    deal: str
    client: str
    client_id: int | None  # None for a deleted deal
    before: str  # "" for an added deal
    after: str  # "" for a deleted deal
    when: date | None  # the day of the change, when known
    amount: Decimal  # the deal's amount now (before, if deleted)


class Changes(NamedTuple):
    period: Period
    since: date
    today: date
    source: str  # snapshots | reconstructed
    commit: Walk
    weighted: Walk
    lines: tuple[ChangeLine, ...]

    def count(self, kind: str) -> int:
        return sum(1 for line in self.lines if line.kind == kind)


# --- since when -------------------------------------------------------------------------

def parse_since(text: str | None, *, today: date | None = None, report: str | None = None) -> date:
    """What a rep types after --since: `7d`, `2w`, `1m` (that long ago), a date
    (`2026-11-20`, `yesterday`, `mon`: the Monday just gone) or `last-export` (the day the
    last workbook, of `report` if given, was written; 7 days ago without one).
    Default: 7 days ago."""
    today = today or clock.today()
    value = " ".join((text or "7d").strip().lower().split())
    if value in ("last-export", "last export", "export"):
        return since_last_export(report, today=today)
    return parse_date(value, tense=PAST, field="since", today=today)


def since_last_export(report: str | None = None, *, today: date | None = None) -> date:
    """The local day of the previous export (of `report`, if given), else 7 days ago."""
    today = today or clock.today()
    query = ExportRecord.select(ExportRecord.created_at).order_by(ExportRecord.created_at.desc())
    if report:
        query = query.where(ExportRecord.report == report)
    last = query.first()
    if last is None:
        return today - timedelta(days=7)
    return min(clock.local(last.created_at).date(), today)


# --- the states at both ends -----------------------------------------------------------
def _converter():
    """A function making a DealSnap of a stored row (`deal_states.snap_of`), each distinct
    date text and amount converted once: a career's book repeats them thousands of times."""
    day = Made(sql.iso_date)  # a stored day -> the date
    day[None] = None
    amounts = Made(from_cents)  # stored cents -> Decimal

    def convert(row: StateRow) -> DealSnap:
        return DealSnap(row.id, row.status, row.stage_id, amounts[row.amount], day[row.close_on], row.category,
                        row.probability, day[row.closed_on])

    return convert


class Start(NamedTuple):
    """Where the start comes from: the snapshots (from the first one on or before `since`)
    or the stage history; the moment it stands for (a snapshot's time, else the day's
    start, as stored), and `touched`: from when a deal's write means it may differ
    from its state at the start (`touched_since`)."""

    source: str  # snapshots | reconstructed
    moment: object
    touched: str


def _start_of(since: date) -> Start:
    first = first_snapshot_day()
    if first is None or first > since:
        moment = day_start_utc(since)
        return Start("reconstructed", moment, touched_since(moment, since))
    (last_taken,) = sql.raw(
        "SELECT MAX(taken_at) FROM forecast_snapshot WHERE day <= ? AND NOT reconstructed",
        (since.isoformat(),),
    ).fetchone()
    moment = last_taken or day_start_utc(since)
    return Start("snapshots", moment, touched_since(moment, since))


class Written(NamedTuple):
    """The deals written to since the start's `touched` moment (the updated_at index, read
    once): `ids`, and `created`, those of them created after the start's moment.  It
    feeds the start's past rows, which deals stand as they stand now, and which ids name
    a new deal (reused ids).  From a reconstructed start, `ids` holds the created alone
    (the start reads no past rows)."""

    ids: frozenset[int]
    created: frozenset[int]


def _written_since(at: Start) -> Written:
    """One read of the deals written since `at.touched`, each with whether it was created
    after `at.moment` (created since means written since: a deal's `updated_at` is never
    before its `created_at`).  A reconstructed start needs only the created ones: a
    year's written deals are thousands, the created a handful."""
    if at.source == "reconstructed":
        created = frozenset(oid for (oid,) in sql.raw(
            "SELECT id FROM opportunity WHERE updated_at >= ? AND created_at > ?",
            (at.touched, at.moment),
        ).fetchall())
        return Written(created, created)
    ids, created = [], []
    for oid, new in sql.raw(
        "SELECT id, CASE WHEN created_at > ? THEN 1 ELSE 0 END FROM opportunity WHERE updated_at >= ?",
        (at.moment, at.touched),
    ).fetchall():
        ids.append(oid)
        if new:
            created.append(oid)
    return Written(frozenset(ids), frozenset(created))


def _states_at_start(since: date, at: Start, written: Written, now: dict[int, DealSnap],
                     now_rows: dict[int, StateRow], convert) -> tuple[dict[int, DealSnap], dict[int, StateRow]]:
    """The deals at the start and the snapshot rows naming them (deleted ones').  A deal
    stored the same at both ends shares today's DealSnap."""
    if at.source == "reconstructed":
        return reconstructed_states(since, now), {}
    # a deal not written to since both the snapshot and the day began stands in its last
    # row (if any) as it stands now: only the others' rows are read
    snap, rows = {}, {}
    for row in changed_snapshot_rows(since, at.touched, written.ids):
        rows[row.id] = row
        current = now_rows.get(row.id)
        if current is not None and current.state_key() == row.state_key():
            snap[row.id] = now[row.id]
        else:
            snap[row.id] = convert(row)
    touched = written.ids
    missing = [oid for oid in touched if oid in now and oid not in snap]
    snap.update((oid, s) for oid, s in now.items() if oid not in touched)
    if missing:  # closed before snapshots began (or created since): the history says which
        # (a deal's reconstruction reads only its own history and state now).  A snapshot
        # writes a row for every deal it sees open, so one created before the snapshot and
        # open then by its history, yet without a row, was not there when the snapshot
        # was taken: deleted then, and put back by undo since (its history came back with it)
        rebuilt = reconstructed_states(since, {oid: now[oid] for oid in missing})
        snap.update((oid, rebuilt[oid]) for oid in missing if oid in rebuilt and (
            rebuilt[oid].status != "open" or oid in written.created))
    start = {oid: s for oid, s in snap.items() if s.status != "deleted"}
    return start, rows


# how long before the snapshot (or the day's start) a deal's write counts as "since": a
# day, so two machines sharing a server book may disagree on the time by that much
CLOCK_SLACK = timedelta(days=1)


def touched_since(taken, since: date) -> str:
    """The stored UTC text from which a deal's `updated_at` says it may differ from its
    last snapshot row: the earlier of the snapshot's time (`taken`, text or a datetime)
    and the start of `since`, less `CLOCK_SLACK`.  Every write to a deal sets its
    `updated_at` (undo too), and a deal's `updated_at` is never before its `created_at`."""
    start = datetime.fromisoformat(day_start_utc(since))
    moment = datetime.fromisoformat(str(taken)).replace(tzinfo=None)
    return (min(start, moment) - CLOCK_SLACK).strftime("%Y-%m-%d %H:%M:%S")


# --- the lines ---------------------------------------------------------------------------
def _state_text(s: DealSnap, stages, shown: date) -> str:
    stage = stages.get(s.stage_id)
    return f"{stage.name if stage else '?'} · {fmt_short(s.amount)} · {dates_fmt.day(s.close_on, shown)}"


def _lines_for(oid: int, s0: DealSnap | None, s1: DealSnap | None, name: DealName, stages,
               period: Period, since: date, today: date, when: date | None,
               reasons: dict[int, str], shown: date) -> list[ChangeLine]:
    def line(kind, before, after, amount):
        return ChangeLine(kind, oid, name.title, name.client, name.client_id, before, after, when, amount)

    if s0 is None:
        out = [line("added", "", _state_text(s1, stages, shown), s1.amount)]
        if s1.status in ("won", "lost"):
            out.append(_closed_line(line, s1, reasons.get(oid, ""), shown))
        return out
    if s1 is None:
        return [line("deleted", _state_text(s0, stages, shown), "", s0.amount)]
    out = []
    if s0.status != s1.status:
        if s1.status in ("won", "lost"):
            out.append(_closed_line(line, s1, reasons.get(oid, ""), shown, _state_text(s0, stages, shown)))
        else:
            out.append(line("reopened", s0.status.capitalize(), _state_text(s1, stages, shown), s1.amount))
    elif s1.status == "open":
        p0, p1 = stages.get(s0.stage_id), stages.get(s1.stage_id)
        if p0 and p1 and p0.position != p1.position:
            kind = "advanced" if p1.position > p0.position else "moved back"
            out.append(line(kind, p0.name, p1.name, s1.amount))
        in0, in1 = counted_open(s0, period, since), counted_open(s1, period, today)
        if in0 != in1:
            kind = "pulled in" if in1 else "pushed out"
            out.append(line(kind, dates_fmt.day(s0.close_on, today), dates_fmt.day(s1.close_on, today),
                             s1.amount))
        if s0.forecast_category != s1.forecast_category:
            out.append(line("category", s0.forecast_category, s1.forecast_category, s1.amount))
    if s0.amount != s1.amount:
        kind = "amount up" if s1.amount > s0.amount else "amount down"
        out.append(line(kind, fmt_short(s0.amount), fmt_short(s1.amount), s1.amount))
    return out


def _closed_line(line, s1: DealSnap, reason: str, shown: date, before: str = "") -> ChangeLine:
    if s1.status == "won":
        return line("won", before, f"Won {dates_fmt.day(s1.closed_on, shown)} · {fmt_short(s1.amount)}", s1.amount)
    return line("lost", before, f"Lost {dates_fmt.day(s1.closed_on, shown)}" + (f": {reason}" if reason else ""),
                s1.amount)


def _when(since: date) -> dict[int, date]:
    """The local day each deal last changed since `since` began: its stage history, else
    the snapshot that first saw the change (a category or a deletion)."""
    out: dict[int, date] = {}
    for r in cursor_rows(sql.raw(
        "SELECT opportunity_id, MAX(day) AS last_day FROM deal_state WHERE day > ? GROUP BY opportunity_id",
        (since.isoformat(),),
    )):
        out[r.opportunity_id] = sql.iso_date(r.last_day)
    # the latest per deal picked here: grouped in SQL, SQLite walked the whole table by
    # deal (18 ms at 5k clients) instead of the rows since by the changed_at index (3 ms)
    last: dict[int, str] = {}
    for deal_id, at in sql.raw(
        "SELECT opportunity_id, changed_at FROM stage_change WHERE changed_at >= ?",
        (day_start_utc(since),),
    ).fetchall():
        if deal_id not in last or at > last[deal_id]:
            last[deal_id] = at
    for deal_id, at in last.items():
        out[deal_id] = clock.local(datetime.fromisoformat(at).replace(tzinfo=UTC)).date()
    return out


# --- everything at once ------------------------------------------------------------------
def changes_since(since: date, period: Period, today: date | None = None) -> Changes:
    """The period's changes from the start of `since` to now, and both walks."""
    today = today or clock.today()
    if since > today:
        raise InvalidInput("since", "is in the future")
    convert = _converter()
    at = _start_of(since)
    # what can matter: open deals expected to close by the period's end, deals closed since
    # the period or `since` began, and deals touched since the start (`at.touched`).  A deal
    # untouched since is the same at both ends, and an open one closing after the period
    # never counts in it.  COALESCE keeps SQLite to one pass over the deals: with the
    # updated_at index it would OR three index searches and fetch a third of the deals one
    # by one, half as slow again
    now_rows = {row.id: row for row in current_rows(
        "(o.status = 'open' AND o.close_on <= ?) OR o.closed_on >= ? "
        "OR COALESCE(o.updated_at, o.created_at) >= ?",
        (period.end.isoformat(), min(period.start, since).isoformat(), at.touched),
    )}
    now = {oid: convert(row) for oid, row in now_rows.items()}
    written = _written_since(at)
    start, old_rows = _states_at_start(since, at, written, now, now_rows, convert)
    source = at.source
    ends0: dict[int, Standing] = {}  # each deal's standing at the start, by deal id
    for oid, s in list(start.items()):
        e = ends0[oid] = standing(s, period, since)
        if not e.member and oid not in now:
            del start[oid]
    elsewhere = [oid for oid in start if oid not in now]
    for first in range(0, len(elsewhere), 500):  # outside the filter above, or deleted
        chunk = elsewhere[first:first + 500]
        for row in current_rows(f"o.id IN ({', '.join('?' * len(chunk))})", tuple(chunk)):
            now_rows[row.id] = row
            now[row.id] = convert(row)
    ends1: dict[int, Standing] = {}  # and now (the same when nothing, not even the day, moved)
    for oid, s in now.items():
        ends1[oid] = ends0[oid] if since == today and start.get(oid) is s else standing(s, period, today)
    ids = sorted(
        oid for oid in set(now) | set(start)
        if (oid in start and ends0[oid].member) or (oid in now and ends1[oid].member)
    )
    # SQLite hands a deleted deal's id to the next deal created: a deal created since
    # `since` under an id the start knew is a new deal, and the one before it was deleted
    reused = {oid for oid in written.created if oid in start and oid in now}
    moves = []  # (id, before, after, name)
    for oid in ids:
        s0, s1 = start.get(oid), now.get(oid)
        row = now_rows.get(oid)
        name = DealName(row.title, row.client, row.client_id) if row is not None else None
        if name is None or oid in reused:
            old = old_rows.get(oid)
            gone = DealName(old.title or f"deal #{oid}", old.client, None) if old else DealName(f"deal #{oid}", "", None)
            if oid in reused:
                moves.append((oid, s0, None, gone))
                s0 = None
            name = name or gone
        moves.append((oid, s0, s1, name))
    stages = stage_infos()
    # the reasons of the deals lost since (those a line names), not of all lost in the period
    lost = [oid for oid, s0, s1, _ in moves
            if s1 is not None and s1.status == "lost" and (s0 is None or s0.status != "lost")]
    reasons = {
        r.id: r.lost_reason
        for r in Opportunity.select(Opportunity.id, Opportunity.lost_reason).where(Opportunity.id.in_(lost)).namedtuples()
    } if lost else {}
    when = _when(since)
    # the day dates are shown against (the year left out within it), looked up once
    shown = clock.today()
    lines = []
    for oid, s0, s1, name in moves:
        if s0 is s1 and (since == today or s1.status != "open"):
            continue  # the same state on the same day, or a closed deal untouched: no line
        lines.extend(_lines_for(oid, s0, s1, name, stages, period, since, today, when.get(oid), reasons, shown))
    lines.sort(key=lambda ln: (KINDS.index(ln.kind), -ln.amount, ln.deal_id))
    commit, weighted = both_walks(moves, ends0, ends1, period, since, today)
    return Changes(period=period, since=since, today=today, source=source, commit=commit,
                   weighted=weighted, lines=tuple(lines))


def as_dict(changes: Changes) -> dict:
    """Plain data for `amtui changes --json` and the Changes sheet: money as strings with
    two decimals, dates ISO."""
    def walk_dict(w: Walk) -> dict:
        return {
            "start": money_str(w.start), "now": money_str(w.now), "change": money_str(w.change),
            "steps": [{"step": s.step, "label": s.label, "amount": money_str(s.amount), "deals": s.deals}
                      for s in w.steps],
        }

    return {
        "period": changes.period.label,
        "since": changes.since.isoformat(),
        "today": changes.today.isoformat(),
        "source": changes.source,
        "walks": {"commit": walk_dict(changes.commit), "weighted": walk_dict(changes.weighted)},
        "changes": [
            {"kind": ln.kind, "deal_id": ln.deal_id, "deal": ln.deal, "client": ln.client,
             "client_id": ln.client_id, "before": ln.before, "after": ln.after,
             "when": ln.when.isoformat() if ln.when else None, "amount": money_str(ln.amount)}
            for ln in changes.lines
        ],
    }
