"""A deal's forecast state at a moment, and where past states come from.

A state holds what the forecast reads of a deal: status, stage, amount, close date,
category, probability and won/lost date.  Today's states come from the deals
themselves; past ones from the daily snapshots (`DealState`, written only when a deal
changed) or, before the first snapshot, reconstructed from `StageChange`, which keeps
stage, amount, close date and probability but not the forecast category: a
reconstructed deal gets its stage's default category unless it still sits in the same
stage today (then today's category, overrides included).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import NamedTuple

from amtui.core import sql
from amtui.core.periods import Period
from amtui.core.pipeline import booking_day, deal_weighted
from amtui.models import ForecastSnapshot, Stage, StageChange, cursor_rows, from_cents


class DealSnap(NamedTuple):
    """(A named tuple: a forecast walk makes and copies thousands of them.)"""

    id: int
    status: str  # open | won | lost | deleted
    stage_id: int
    amount: Decimal
    close_on: date
    forecast_category: str
    probability: int
    closed_on: date | None

    def key(self) -> tuple:
        """What a snapshot compares: a new DealState row only when this differs."""
        return (self.status, self.stage_id, self.amount, self.close_on, self.forecast_category,
                self.probability, self.closed_on)


class StageInfo(NamedTuple):
    name: str
    position: int
    outcome: str
    category: str


def stage_infos() -> dict[int, StageInfo]:
    return {
        s.id: StageInfo(s.name, s.position, s.outcome, s.forecast_category)
        for s in Stage.select(
            Stage.id, Stage.name, Stage.position, Stage.outcome, Stage.forecast_category
        ).namedtuples()
    }


def day_start_utc(day: date) -> str:
    """The stored-timestamp text of the rep's local midnight starting `day`."""
    moment = datetime.combine(day, time()).astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


# --- what counts where: the one per-deal rule, summing to `quota.forecast_from` ---------
def counted_open(s: DealSnap | None, period: Period, today: date) -> bool:
    """An open deal the period counts on `today` (`pipeline.open_in` for one deal)."""
    if s is None or s.status != "open" or period.end < today:
        return False
    return period.contains(booking_day(s.close_on, today))


def won_in_period(s: DealSnap | None, period: Period) -> bool:
    return s is not None and s.status == "won" and s.closed_on is not None and period.contains(s.closed_on)


class Standing(NamedTuple):
    """A deal's standing in a period on a day: whether it belongs to the period's story
    (counted open, or closed in it) and its shares of won + commit and won + weighted
    pipeline.  The one place these rules live: the changes walk works out all three of a
    state at once."""

    member: bool
    commit: Decimal
    weighted: Decimal


NOT_COUNTED = Standing(False, Decimal("0.00"), Decimal("0.00"))


def standing(s: DealSnap | None, period: Period, today: date) -> Standing:
    """The deal's `Standing` in `period` on `today` (weighted rounded per deal, as everywhere)."""
    if s is None:
        return NOT_COUNTED
    if s.status in ("won", "lost"):
        if s.closed_on is None or not period.contains(s.closed_on):
            return NOT_COUNTED
        if s.status == "won":  # won_in_period
            return Standing(True, s.amount, s.amount)
        return Standing(True, Decimal("0.00"), Decimal("0.00"))
    if not counted_open(s, period, today):
        return NOT_COUNTED
    return Standing(True, s.amount if s.forecast_category == "commit" else Decimal("0.00"),
                    deal_weighted(s.amount, s.probability))


def commit_part(s: DealSnap | None, period: Period, today: date) -> Decimal:
    """The deal's share of won + commit."""
    return standing(s, period, today).commit


def weighted_part(s: DealSnap | None, period: Period, today: date) -> Decimal:
    """The deal's share of won + weighted pipeline (rounded per deal, as everywhere)."""
    return standing(s, period, today).weighted


class Share(NamedTuple):
    """A deal's part of a period's forecast figures on a day (`quota.forecast_from`
    summed deal by deal): what an incremental tally adds and takes away."""

    won: Decimal = Decimal("0.00")
    pipeline: Decimal = Decimal("0.00")  # open and counted: the ceiling's part
    commit: Decimal = Decimal("0.00")
    best_case: Decimal = Decimal("0.00")
    weighted: Decimal = Decimal("0.00")


NO_SHARE = Share()


def share_of(s: DealSnap | None, period: Period, today: date) -> Share:
    if won_in_period(s, period):
        return Share(won=s.amount)
    if not counted_open(s, period, today):
        return NO_SHARE
    return Share(pipeline=s.amount,
                 commit=s.amount if s.forecast_category == "commit" else Decimal("0.00"),
                 best_case=s.amount if s.forecast_category == "best case" else Decimal("0.00"),
                 weighted=deal_weighted(s.amount, s.probability))


# --- today -----------------------------------------------------------------------------
class DealName(NamedTuple):
    title: str
    client: str
    client_id: int | None


class StateRow(NamedTuple):
    """A deal as stored (cents, ISO dates), named in DealState's column order, then the
    client's id (None from a DealState row, which keeps the client's name only)."""

    id: int
    status: str
    stage_id: int
    amount: int
    close_on: str
    category: str
    probability: int
    closed_on: str | None
    title: str
    client: str
    client_id: int | None

    def state_key(self) -> tuple:
        """What a snapshot compares: a new DealState row only when this differs."""
        return (self.status, self.stage_id, self.amount, self.close_on, self.category,
                self.probability, self.closed_on)

    def stored(self, day: str) -> tuple:
        """The DealState row of `day`, in `STATE_COLUMNS` order."""
        return (day, self.id, self.status, self.stage_id, self.amount, self.close_on,
                self.category, self.probability, self.closed_on, self.title, self.client)


STATE_COLUMNS = ("day", "opportunity_id", "status", "stage_id", "amount", "close_on", "category",
                 "probability", "closed_on", "title", "client")

_CURRENT_SQL = (
    "SELECT o.id, o.status, o.stage_id, o.amount, o.close_on, o.forecast_category AS category, "
    "o.probability, o.closed_on, o.title, c.name AS client, c.id AS client_id "
    "FROM opportunity o JOIN client c ON c.id = o.client_id"
)


def current_rows(where: str = "", params: tuple = ()) -> list[StateRow]:
    """Deals as stored: raw SQL built into StateRows by column name, because a snapshot compares
    5,000 of them and peewee's row building took four times as long as the query."""
    query = _CURRENT_SQL + (f" WHERE {where}" if where else "")
    return list(cursor_rows(sql.raw(query, params), into=StateRow))


def snap_of(row: StateRow) -> DealSnap:
    return DealSnap(row.id, row.status, row.stage_id, from_cents(row.amount),
                    sql.iso_date(row.close_on), row.category, row.probability,
                    sql.iso_date(row.closed_on))


def current_states(where: str = "", params: tuple = ()) -> tuple[dict[int, DealSnap], dict[int, DealName]]:
    """Every deal's state now (those matching the SQL `where` on `o` and `c`), with its
    title and client."""
    states, names = {}, {}
    for row in current_rows(where, params):
        states[row.id] = snap_of(row)
        names[row.id] = DealName(row.title, row.client, row.client_id)
    return states, names


# --- the past: snapshots ------------------------------------------------------------------
def latest_snapshot_rows(day: date | None = None) -> list[StateRow]:
    """Each deal's last DealState row (on or before `day`), deleted deals included."""
    on_or_before = "" if day is None else "WHERE day <= ?"
    params = () if day is None else (day.isoformat(),)
    query = (
        "SELECT d.opportunity_id AS id, d.status, d.stage_id, d.amount, d.close_on, d.category, "
        "d.probability, d.closed_on, d.title, d.client, NULL AS client_id FROM deal_state d JOIN "
        f"(SELECT MAX(id) AS last FROM deal_state {on_or_before} GROUP BY opportunity_id) m "
        "ON d.id = m.last"
    )
    return list(cursor_rows(sql.raw(query, params), into=StateRow))


# up to this many written deals are named in the past rows' query (the ids the walk read
# already); more are sought by their updated_at in the same query, which keeps its SQL
# and parameters short however many deals a long span wrote to
FEW_WRITTEN = 500


def changed_snapshot_rows(day: date, touched_since: str, written: Collection[int] | None = None
                          ) -> list[StateRow]:
    """`latest_snapshot_rows(day)` of only the deals that can differ from their row: those
    written to since `touched_since` (stored UTC text; `opportunity.updated_at`, indexed;
    `written`: their ids, when the caller has read them already) and those deleted since
    their row (an anti-join on the deal's key), not rows already marked deleted.  Every
    other deal stands in its last row as it stands now."""
    params: tuple = (day.isoformat(),)
    if written is not None and len(written) <= FEW_WRITTEN:
        ids = sorted(written)
        # the written deals' rows sought by (opportunity_id, day), no deal read again
        chosen = f"s.opportunity_id IN ({', '.join('?' * len(ids))})" if ids else "0 = 1"
        params += tuple(ids)
    else:
        chosen = "s.opportunity_id IN (SELECT o.id FROM opportunity o WHERE o.updated_at >= ?)"
        params += (touched_since,)
    query = (
        "SELECT d.opportunity_id AS id, d.status, d.stage_id, d.amount, d.close_on, d.category, "
        "d.probability, d.closed_on, d.title, d.client, NULL AS client_id FROM deal_state d JOIN "
        # the written deals' rows sought by (opportunity_id, day); the deleted ones found
        # by one pass over that index (in one OR, SQLite made both a pass)
        f"(SELECT MAX(s.id) AS last FROM deal_state s WHERE s.day <= ? AND {chosen} "
        "GROUP BY s.opportunity_id "
        "UNION ALL SELECT MAX(s.id) FROM deal_state s WHERE s.day <= ? AND "
        "NOT EXISTS (SELECT 1 FROM opportunity g WHERE g.id = s.opportunity_id) "
        "GROUP BY s.opportunity_id) m ON d.id = m.last "
        "WHERE d.status != 'deleted' OR EXISTS (SELECT 1 FROM opportunity r WHERE r.id = d.opportunity_id)"
    )
    params += (day.isoformat(),)
    return list(cursor_rows(sql.raw(query, params), into=StateRow))


def latest_snapshot_states(day: date | None = None) -> tuple[dict[int, DealSnap], dict[int, DealName]]:
    states, names = {}, {}
    for row in latest_snapshot_rows(day):
        states[row.id] = snap_of(row)
        names[row.id] = DealName(row.title, row.client, None)
    return states, names


def first_snapshot_day() -> date | None:
    """The first day a snapshot saw the deals (not reconstructed)."""
    first = (
        ForecastSnapshot.select(ForecastSnapshot.day)
        .where(ForecastSnapshot.reconstructed == False)  # noqa: E712
        .order_by(ForecastSnapshot.day).limit(1).scalar()
    )
    if first is None:
        return None
    return sql.iso_date(first)


# --- the past: reconstructed from StageChange ----------------------------------------------
class ChangeRow(NamedTuple):
    """A StageChange as stored (cents, ISO dates, timestamp text)."""

    opportunity_id: int
    changed_at: str
    stage_id: int
    amount: int
    close_on: str
    probability: int


_CHANGE_COLUMNS = ", ".join(ChangeRow._fields)  # the SELECT names ChangeRow's fields


def changed_since(day: date) -> set[int]:
    """Deals whose stage, amount or close date changed (or that were created) since
    `day` began."""
    # read raw: peewee's row building cost more than the query (1,840 deals in a week);
    # no DISTINCT: SQLite then walked the whole table by deal (18 ms at 5k clients)
    # instead of the few rows since `day` by the changed_at index (3 ms)
    rows = sql.raw("SELECT opportunity_id FROM stage_change WHERE changed_at >= ?",
                   (day_start_utc(day),)).fetchall()
    return {deal_id for (deal_id,) in rows}


def reconstructed_states(day: date, current: dict[int, DealSnap] | None = None) -> dict[int, DealSnap]:
    """The deals of `current` (default: every deal) as they stood when `day` began.  A
    deal with no StageChange since then stands as it is now; the others are taken from
    their last StageChange before it, and are absent if they had none (created later)."""
    if current is None:
        current, _ = current_states()
    changed_set = {oid for oid in changed_since(day) if oid in current}
    changed = sorted(changed_set)
    out = {oid: s for oid, s in current.items() if oid not in changed_set}
    if not changed:
        return out
    stages = stage_infos()
    boundary = day_start_utc(day)
    for first in range(0, len(changed), 500):
        chunk = changed[first:first + 500]
        rows = cursor_rows(sql.raw(
            f"SELECT {_CHANGE_COLUMNS} FROM "
            "(SELECT *, ROW_NUMBER() OVER (PARTITION BY opportunity_id ORDER BY changed_at DESC, id DESC) AS n "
            f"FROM stage_change WHERE changed_at < ? AND opportunity_id IN ({', '.join('?' * len(chunk))})) "
            "AS latest WHERE n = 1",
            (boundary, *chunk),
        ), into=ChangeRow)
        for row in rows:
            state = _state_from_change(row, current, stages)
            if state is not None:
                out[state.id] = state
    return out


def _state_from_change(row: ChangeRow, current: dict[int, DealSnap], stages: dict[int, StageInfo]) -> DealSnap | None:
    """A deal's state from one StageChange row, with what the row does not keep (the
    category, the won / lost date) taken from the deal as it is now."""
    now, stage = current.get(row.opportunity_id), stages.get(row.stage_id)
    if now is None or stage is None:
        return None
    status = stage.outcome
    same_stage = now.stage_id == row.stage_id and now.status == status
    category = now.forecast_category if same_stage else stage.category
    closed_on = None
    if status != "open":
        # the won / lost date the deal carries (it may be backdated); the day of the
        # change only for a close that was later reopened
        kept = now.status == status and now.closed_on is not None
        closed_on = now.closed_on if kept else datetime.fromisoformat(row.changed_at).date()
    return DealSnap(row.opportunity_id, status, row.stage_id, from_cents(row.amount),
                    sql.iso_date(row.close_on), category, row.probability, closed_on)


def replay(days: list[date], current: dict[int, DealSnap] | None = None):
    """The deals' reconstructed states as each of `days` (ascending) began: one pass over
    StageChange in time order, so a quarter of days costs one read."""
    for states, _ in replay_steps(days, current):
        yield dict(states)


def replay_steps(days: list[date], current: dict[int, DealSnap] | None = None):
    """As `replay`, but one live dict (valid until the next step) and the ids of the
    deals whose state changed since the day before: what an incremental tally needs."""
    if current is None:
        current, _ = current_states()
    stages = stage_infos()
    rows = list(cursor_rows(sql.raw(
        f"SELECT {_CHANGE_COLUMNS} FROM stage_change WHERE changed_at < ? ORDER BY changed_at, id",
        (day_start_utc(days[-1]),),
    ), into=ChangeRow))
    states: dict[int, DealSnap] = {}
    i = 0
    for day in days:
        boundary = day_start_utc(day)
        changed = set()
        while i < len(rows) and rows[i].changed_at < boundary:
            state = _state_from_change(rows[i], current, stages)
            i += 1
            if state is not None:
                states[state.id] = state
                changed.add(state.id)
        yield states, changed


def last_changed(since: date) -> dict[int, datetime]:
    """When each deal last changed stage, amount or close date since `since` began."""
    rows = (
        StageChange.select(StageChange.opportunity.alias("deal"), StageChange.changed_at)
        .where(StageChange.changed_at >= day_start_utc(since))
        .order_by(StageChange.changed_at, StageChange.id)
        .namedtuples()
    )
    return {row.deal: row.changed_at for row in rows}
