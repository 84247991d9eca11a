"""Rows of cells -> rows of amtui values, with every problem listed by line and column.

This is the first pass of an import and touches no records: each cell of a mapped
column goes through its field's converter; a blank cell means "nothing to say", so the
field keeps its default (new record) or its current value (existing record).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from amtui.core import clock
from amtui.core.errors import InvalidInput
from amtui.core.periods import parse_period
from amtui.core.text import one_line_of, refuse_controls
from amtui.importers.deal_values import StageMatcher, parse_deal_kind, parse_status
from amtui.importers.headers import Mapping
from amtui.importers.reading import Table
from amtui.importers.values import (
    DateOrder,
    date_order,
    folded_synonyms,
    in_the_future,
    is_blank,
    parse_bool_value,
    parse_choice_value,
    parse_date_value,
    parse_int_value,
    parse_money_value,
    parse_percent_value,
    parse_timestamp_value,
    percent_column,
    text_value,
)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        column = f", {self.column}" if self.column else ""
        return f"{where}line {self.line}{column}: {self.reason}"


@dataclass
class Row:
    line: int
    values: dict
    headers: dict[str, str] = field(default_factory=dict)  # field -> the column it came from
    raw: dict = field(default_factory=dict)  # field -> the cell as read

    def header(self, name: str) -> str:
        return self.headers.get(name, name)


# (kind, field) -> what other systems write for our choices
CHOICE_SYNONYMS: dict[tuple[str, str], dict[str, str]] = {
    ("clients", "tier"): folded_synonyms({
        "A": ("hot", "high", "1", "tier 1", "key", "strategic", "gold"),
        "B": ("warm", "medium", "2", "tier 2", "silver"),
        "C": ("cold", "low", "3", "tier 3", "bronze"),
    }),
    ("clients", "status"): folded_synonyms({
        "active": ("customer", "current", "live", "ok", "healthy", "green"),
        "at risk": ("risk", "atrisk", "watch", "yellow", "red", "amber"),
        "churned": ("inactive", "former customer", "former", "lost", "cancelled", "canceled"),
    }),
    ("holdings", "status"): folded_synonyms({
        "active": ("current", "live", "in use", "installed", "purchased"),
        "ended": ("expired", "cancelled", "canceled", "churned", "inactive", "terminated", "obsolete"),
    }),
    ("followups", "priority"): folded_synonyms({
        "high": ("urgent", "critical", "important", "1"),
        "normal": ("medium", "none", "med", "2", "default"),
        "low": ("3", "minor"),
    }),
    ("issues", "severity"): folded_synonyms({
        "critical": ("urgent", "blocker", "p1", "sev1", "highest", "emergency"),
        "high": ("p2", "sev2", "major"),
        "medium": ("normal", "p3", "sev3", "moderate", "med"),
        "low": ("p4", "sev4", "minor", "lowest", "trivial"),
    }),
    ("issues", "status"): folded_synonyms({
        "open": ("new", "reported", "submitted", "not started"),
        "in progress": ("working", "escalated", "waiting on us", "assigned", "investigating"),
        "waiting on client": ("waiting on contact", "waiting on customer", "on hold", "pending customer",
                              "waiting"),
        "resolved": ("closed", "solved", "done", "fixed", "complete", "completed"),
    }),
    ("opportunities", "forecast_category"): folded_synonyms({
        "omitted": ("not forecasted", "omit", "excluded"),
        "closed": ("closed won", "won"),
        "best case": ("bestcase", "upside"),
        "commit": ("committed", "most likely"),
    }),
    ("commitments", "status"): folded_synonyms({
        "kept": ("done", "fulfilled", "met", "delivered", "completed"),
        "broken": ("missed", "failed", "not met"),
        "open": ("pending", "in progress"),
    }),
}

# Interaction kinds: words that say which one (Pipedrive and HubSpot activity types,
# Salesforce task subtypes)
_KIND_WORDS = (
    ("call", ("call", "phone", "rang", "voicemail")),
    ("email", ("mail",)),
    ("visit", ("visit", "site", "onsite", "on-site")),
    ("meeting", ("meet", "lunch", "dinner", "demo", "event", "conference", "presentation", "video", "zoom")),
    ("note", ("note", "task", "deadline", "other", "log", "linkedin", "message", "chat", "sms")),
)


_DONE = {"done", "completed", "complete", "closed", "finished", "yes", "y", "true", "1", "x", "✓"}
_NOT_DONE = {"notstarted", "inprogress", "waitingonsomeoneelse", "waiting", "deferred", "open",
             "todo", "undone", "notdone", "no", "n", "false", "0", "pending", "scheduled", "planned"}


def parse_done(value, *, field: str = "done") -> bool:
    """A task's status as a yes/no: Salesforce's Completed, Pipedrive's Done/To do."""
    if isinstance(value, bool):
        return value
    folded = re.sub(r"[^a-z0-9✓]+", "", text_value(value).casefold())
    if folded in _DONE:
        return True
    if folded in _NOT_DONE:
        return False
    raise InvalidInput(field, f"'{text_value(value)}' is neither done (Completed, Done, yes) nor open")


def parse_interaction_kind(value, *, field: str = "kind") -> str:
    text = text_value(value).casefold()
    for kind, words in _KIND_WORDS:
        if any(w in text for w in words):
            return kind
    raise InvalidInput(field, f"'{text_value(value)}' is not call, email, meeting, note or visit")


@dataclass
class Context:
    """What converters need to know about the file and the book (read, never written)."""

    kind: str
    order: str | None
    stages: StageMatcher
    fy_start_month: int
    latest: datetime | None = None  # the end of today, UTC: later moments haven't happened
    # percent field -> its column holds fractions (True), percents (False) or doesn't say
    fractions: dict[str, bool | None] = field(default_factory=dict)


def _text(limit: int | None, *, one_line: bool) -> Callable:
    def convert(value, f, ctx):
        # a NUL or an escape sequence in a cell is refused like any bad value (issue 10)
        text = refuse_controls(f.name, text_value(value).replace("\r\n", "\n").replace("\r", "\n"))
        if one_line:  # a name or a title: as core cleans one typed (core/text.py)
            text = one_line_of(text)
        if limit is not None and len(text) > limit:
            raise InvalidInput(f.name, f"is too long ({len(text)} characters; at most {limit})")
        return text
    return convert


def _email(value, f, ctx):
    text = text_value(value)
    first = re.split(r"[,;\s]+", text.strip())[0]
    if not EMAIL.match(first):
        raise InvalidInput(f.name, f"'{text}' does not look like an email address")
    return text.strip() if first == text.strip() else text  # several: contacts split them


# Fields that record what has happened: a day after today is refused, as the CLI refuses
# `deal won --date fri` next week (interactions' happened_at: finishing.interactions)
PAST_FIELDS = frozenset({"handed_over_on", "closed_on", "won_on", "lost_on", "done_at", "resolved_at"})


def _not_future(cell, value: date, f, ctx: Context) -> date:
    if f.name in PAST_FIELDS:
        if isinstance(value, datetime):
            if ctx.latest is None:
                ctx.latest = datetime.combine(clock.today() + timedelta(days=1), time(0)).astimezone(UTC)
            late = value >= ctx.latest
        else:
            late = value > clock.today()
        if late:
            raise InvalidInput(f.name, in_the_future(cell, value, "it records what has happened"))
    return value


CONVERTERS: dict[str, Callable] = {
    "date": lambda v, f, ctx: _not_future(v, parse_date_value(v, ctx.order, field=f.name), f, ctx),
    "timestamp": lambda v, f, ctx: _not_future(v, parse_timestamp_value(v, ctx.order, field=f.name), f, ctx),
    "time": lambda v, f, ctx: v,  # joined to its date by the kind's finishing step
    "money": lambda v, f, ctx: parse_money_value(v, field=f.name),
    "percent": lambda v, f, ctx: parse_percent_value(v, field=f.name, fractions=ctx.fractions.get(f.name)),
    "int": lambda v, f, ctx: parse_int_value(v, field=f.name, minimum=f.minimum, maximum=f.maximum),
    "bool": lambda v, f, ctx: parse_bool_value(v, field=f.name),
    "done": lambda v, f, ctx: parse_done(v, field=f.name),
    "choice": lambda v, f, ctx: parse_choice_value(
        v, f.choices, CHOICE_SYNONYMS.get((ctx.kind, f.name)), field=f.name
    ),
    "email": _email,
    "stage": lambda v, f, ctx: ctx.stages.match(v, field=f.name),
    "dealstatus": lambda v, f, ctx: parse_status(v, field=f.name),
    "dealkind": lambda v, f, ctx: parse_deal_kind(v, field=f.name),
    "interactionkind": lambda v, f, ctx: parse_interaction_kind(v, field=f.name),
    "period": lambda v, f, ctx: parse_period(text_value(v), ctx.fy_start_month, field=f.name).label,
}
for _name in ("client", "contact", "product", "deal", "issue"):  # names, resolved later
    CONVERTERS[_name] = _text(200, one_line=True)


def _converter(f) -> Callable:
    if f.type in ("text",):  # a limited text is a name or a title; an address part keeps its lines
        return _text(f.limit, one_line=f.limit is not None)
    if f.type == "title":  # one line, no limit (a commitment's what, as core takes it)
        return _text(f.limit, one_line=True)
    if f.type == "longtext":
        return _text(None, one_line=False)
    return CONVERTERS[f.type]


def settle_percents(table: Table, mapping: Mapping) -> dict[str, bool | None]:
    """Each percent field's column, fractions or percents, from its number cells (a
    number cell 1 is 100% among 0.25s, 1% among 25s)."""
    settled = {}
    for name, idx in mapping.sources.items():
        if mapping.kind.field(name).type == "percent":
            settled[name] = percent_column(cells[i] for _line, cells in table.rows for i in idx)
    return settled


def date_texts(table: Table, mapping: Mapping):
    """Every text cell of the date and timestamp columns, for settling day/month order."""
    indexes = [
        i for name, idx in mapping.sources.items()
        if mapping.kind.field(name).type in ("date", "timestamp") for i in idx
    ]
    for _line, cells in table.rows:
        for i in indexes:
            if isinstance(cells[i], str):
                yield cells[i]


def settle_dates(table: Table, mapping: Mapping, date_format: str | None) -> tuple[DateOrder, list[RowError]]:
    # each distinct text once, in the order first seen (the examples quoted stay the same)
    order = date_order(dict.fromkeys(date_texts(table, mapping)), date_format)
    errors = []
    example = order.conflict or order.ambiguous
    if example:
        line, column = _first_cell(table, mapping, order.ambiguous) if order.ambiguous else (0, "")
        reason = (
            f"the file mixes day-first and month-first dates ({order.conflict}); fix them, "
            "or choose --date-format dmy or mdy"
            if order.conflict
            else f"dates like '{order.ambiguous}' could be day/month or month/day and no date in "
            "the file settles it; choose --date-format dmy (27/11/2026) or mdy (11/27/2026)"
        )
        errors.append(RowError(line, column, reason))
    return order, errors


def _first_cell(table: Table, mapping: Mapping, text: str) -> tuple[int, str]:
    for line, cells in table.rows:
        for column in mapping.columns:
            if column.field and isinstance(cells[column.index], str) and cells[column.index].strip() == text:
                return line, column.header
    return 0, ""


# Converters whose answer depends only on the cell's text (and the file's date order,
# fixed for the file): a file says "Closed Won" or "Call" thousands of times, and a CRM's
# export writes the same few hundred days and times of day again and again, so each
# distinct text of a column is converted once (its error, too, for every line it is on).
_CACHED = {"choice", "stage", "dealstatus", "dealkind", "interactionkind", "bool", "done", "period",
           "date", "timestamp", "money", "percent", "int",
           "client", "contact", "product", "deal", "issue"}


def _cached(convert: Callable) -> Callable:
    memo: dict = {}

    def lookup(value, f, ctx):
        if not isinstance(value, str):
            return convert(value, f, ctx)
        if value not in memo:
            try:
                memo[value] = convert(value, f, ctx)
            except InvalidInput as exc:
                memo[value] = exc
        answer = memo[value]
        if isinstance(answer, InvalidInput):
            raise answer
        return answer

    return lookup


def convert_rows(
    table: Table, mapping: Mapping, ctx: Context, finish: Callable | None = None,
    tick: Callable[[int], None] | None = None,
) -> tuple[list[Row], list[RowError]]:
    """Convert every row; `tick(rows done)` is called every 2,000 rows for a progress bar."""
    kind = mapping.kind
    plan = []
    for name, indexes in mapping.sources.items():
        f = kind.field(name)
        convert = _cached(_converter(f)) if f.type in _CACHED else _converter(f)
        plan.append((name, f, convert, indexes))
    rows, errors = [], [RowError(line, "", reason) for line, reason in table.problems]
    headers_of = [column.header for column in mapping.columns]
    for done, (line, cells) in enumerate(table.rows, start=1):
        if tick is not None and done % 2000 == 0:
            tick(done)
        values, headers, raw, row_errors = {}, {}, {}, []
        for name, f, convert, indexes in plan:
            for index in indexes:  # the first of the field's columns that is filled in
                cell = cells[index]
                if cell is not None and (not isinstance(cell, str) or cell.strip()):
                    break
            else:
                continue
            header = headers_of[index]
            headers[name], raw[name] = header, cell
            try:
                values[name] = convert(cell, f, ctx)
            except InvalidInput as exc:
                row_errors.append(RowError(line, header, exc.reason))
        row = Row(line, values, headers, raw)
        if not row_errors:
            for group in kind.required:
                for name in group:
                    if not is_blank(values.get(name)):
                        break
                else:
                    row_errors.append(RowError(line, mapping.header_of(group[0]), "is empty"))
                    break
        if not row_errors and finish is not None:
            try:
                finish(row, ctx)
            except InvalidInput as exc:
                row_errors.append(RowError(line, row.header(exc.field), exc.reason))
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append(row)
    return rows, errors
