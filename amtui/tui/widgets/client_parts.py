"""The client detail's pieces: the header and one table per part of the record.

Pure rendering: ClientDetail (plain data from core) in, Rich text and table rows out.
The screen decides what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text

from amtui.core import clock, dates_fmt
from amtui.core.client_detail import ClientDetail
from amtui.core.money import fmt_money
from amtui.tui.colours import Colours
from amtui.tui.safe import plain
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.fitted_table import FittedTable, cut
from amtui.tui.widgets.row_line import joined

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


@dataclass(frozen=True)
class Part:
    id: str  # also the TabPane's id and the binding checks' name
    title: str
    noun: str  # what `n` adds
    columns: tuple[tuple[str, int | None], ...]  # header, width (None: fit)
    names: tuple[int, ...] = (0,)  # the columns that say which record it is (confirmations)
    short: str = ""  # the tab's title on a narrow terminal
    # columns a narrow table leaves out, lowest first, before its text is cut to noise
    drops: tuple[tuple[str, int], ...] = ()
    # the highlighted row whole, under a table that cuts it: (column, wording), the
    # record's name first ("Send the deck · due Fri 4 Dec · with Jane Doe"); every column
    # as it is when empty
    line: tuple[tuple[int, str], ...] = ()

    def tab_label(self, count: int, form: int = 0) -> str:
        """The tab's label: 'Products held (3)'; narrower, 'Products 3'; narrowest,
        'Products' (`tab_labels` picks the form that fits)."""
        if form == 0:
            return f"{self.title} ({count:,})" if count else self.title
        short = self.short or self.title
        return f"{short} {count:,}" if count and form == 1 else short


PARTS = (
    Part("contacts", "Contacts", "contact",
         (("Name", 26), ("Title", 24), ("Email", 28), ("Phone", 16), ("Notes", None)), (0, 1)),
    # a virtual list with its own columns (widgets/timeline_table.py): a career's timeline
    Part("timeline", "Timeline", "interaction", ()),
    Part("follow_ups", "Follow-ups", "follow-up",
         (("Due", 12), ("Title", 40), ("Contact", 18), ("Priority", 8), ("Snoozed", 7)), (1, 0),
         line=((1, "{}"), (0, "due {}"), (2, "with {}"), (3, "{} priority"), (4, "snoozed {}×"))),
    Part("deals", "Deals", "deal",
         (("Title", 30), ("Kind", 10), ("Stage", 10), ("Amount", 12), ("Prob", 5), ("Weighted", 12),
          ("Close", 12), ("Status", 6)), (0, 3),
         drops=(("Prob", 1), ("Weighted", 2)),  # the stage implies the one, amount x prob the other
         line=((0, "{}"), (1, "{}"), (2, "{}"), (3, "{}"), (4, "{}"), (5, "{} weighted"), (6, "{}"))),
    Part("issues", "Service issues", "service issue",
         (("Severity", 8), ("Title", 34), ("Status", 17), ("Opened", 12), ("Contact", 16), ("Resolution", None)),
         (1, 0), "Issues",
         line=((1, "{}"), (0, "{}"), (2, "{}"), (3, "opened {}"), (4, "with {}"), (5, "resolution: {}"))),
    Part("holdings", "Products held", "holding",
         (("Product", 28), ("Family", 16), ("Annual value", 13), ("Since", 12), ("Ends", 12), ("Status", 6)),
         (0, 2), "Products",
         line=((0, "{}"), (1, "{}"), (2, "{} a year"), (3, "since {}"), (4, "ends {}"), (5, "{}"))),
    Part("commitments", "Commitments", "commitment",
         (("What", 50), ("Made by", 18), ("Due", 12), ("Status", 7)), (0, 2),
         line=((0, "{}"), (1, "made by {}"), (2, "due {}"), (3, "{}"))),
)
PART_IDS = tuple(p.id for p in PARTS)
TAB_PADDING = 2  # a Tab's padding (one cell each side)


def tab_labels(counts: dict[str, int], room: int) -> dict[str, str]:
    """Each part's tab label, in the fullest form whose tabs all fit in `room` cells: the
    strip never hides a part off its right edge."""
    for form in (0, 1, 2):
        labels = {p.id: p.tab_label(counts.get(p.id, 0), form) for p in PARTS}
        if sum(len(label) + TAB_PADDING for label in labels.values()) <= room:
            break
    return labels




def _day(day: date | None, today: date) -> str:
    return dates_fmt.day(day, today)


def _right(text: str, style: str = "") -> Text:
    return Text(text, justify="right", style=style)


# --- the header -----------------------------------------------------------------------------


def _chunk(*parts: tuple[str, str] | str) -> Text:
    """A piece of a header line kept whole on one line when it fits (a figure with its
    words: "health 85 Green", "open pipeline $81,000")."""
    chunk = Text()
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        chunk.append(plain(text), style=style)
    return chunk


class HeaderLine:
    """A header line that wraps between its chunks rather than cut them: at 80 columns
    "health 85 Green" moves to the next line whole instead of reading "health 85 Gre…".
    A chunk wider than the whole line (a long hand-over note) wraps on its words."""

    INDENT = "  "

    def __init__(self, chunks: list[Text], separator: str = " · ", style: str = ""):
        self.chunks = [c for c in chunks if c.plain]
        self.separator, self.style = separator, style

    def lines(self, width: int) -> list[Text]:
        out: list[Text] = []
        line = Text()
        for chunk in self.chunks:
            if not line.plain:
                line.append_text(chunk)
            elif line.cell_len + len(self.separator) + chunk.cell_len <= width:
                line.append(self.separator, style=self.style)
                line.append_text(chunk)
            else:
                out.append(line)
                line = Text(self.INDENT)
                line.append_text(chunk)
        if line.plain:
            out.append(line)
        for text in out:
            text.no_wrap = text.cell_len <= width  # only a chunk wider than the line wraps
        return out

    def __rich_console__(self, console, options):
        yield from self.lines(options.max_width)

    @property
    def plain(self) -> str:
        return self.separator.join(c.plain for c in self.chunks)


def _days_ago(days: int) -> str:
    return dates_fmt.ago(days)


def header_lines(d: ClientDetail, currency: str, p: Colours) -> list[HeaderLine]:
    """The header: who and how healthy, why, contact against cadence and money, needs,
    then who the contact is and the handover (the least pressing, so the last to go out
    of a short terminal's view).  Each line wraps between its parts; no figure is cut."""
    c, h, today = d.client, d.health, clock.today()
    bits = [f"tier {c.tier}", c.status] + ([c.industry] if c.industry else [])
    lines: list[HeaderLine] = [HeaderLine([
        _chunk((c.name, "bold")),
        _chunk("health ", (f"{h.score} {h.label}", f"bold {p.band(h.band)}")),
        _chunk(" · ".join(bits)),
        _chunk(("archived", p.attention)) if c.archived else Text(),
    ], separator="   ")]
    if h.reasons:  # every reason counts: they wrap, each kept whole
        reasons = [_chunk((str(reason), p.won if reason.points > 0 else p.attention)) for reason in h.reasons]
        reasons[0] = _chunk(("health ", p.muted)) + reasons[0]
        lines.append(HeaderLine(reasons, style=p.muted))
    over = d.days_over_cadence
    if d.last_contact is None:
        contact = ("never contacted", p.miss if over else p.muted)
    else:
        contact = (f"last contact {_days_ago(d.days_since_contact)}", p.miss if over else "")
    cadence = f" (every {d.cadence_days} days" + (f", {over} over)" if over else ")")
    chunks = [_chunk(contact, (cadence, p.muted))]
    if c.renewal_on:
        left = (c.renewal_on - today).days
        chunks.append(_chunk(f"renewal {_day(c.renewal_on, today)}",
                             (f" (in {left} days)", p.attention) if 0 <= left <= 60 else ""))
    chunks.append(_chunk(f"open pipeline {fmt_money(d.open_pipeline, currency, decimals=False)}",
                         (f" ({fmt_money(d.weighted_pipeline, currency, decimals=False)} weighted)", p.muted)))
    if d.annual_value_held:
        chunks.append(_chunk(f"holds {fmt_money(d.annual_value_held, currency, decimals=False)} a year"))
    lines.append(HeaderLine(chunks))
    if c.needs:
        lines.append(HeaderLine([_chunk(("needs ", p.muted), " ".join(c.needs.split()))]))
    primary = d.primary_contact
    if primary or c.handed_over_on or c.handed_over_by or c.handover_notes:
        chunks = [_chunk(("primary ", p.muted), primary.name + (f", {primary.title}" if primary.title else ""))
                  ] if primary else []
        if c.handed_over_on or c.handed_over_by or c.handover_notes:
            handover = [("handed over", p.muted)]
            if c.handed_over_on:
                handover.append(f" {_day(c.handed_over_on, today)}")
            if c.handed_over_by:
                handover.append(f" by {c.handed_over_by}")
            chunks.append(_chunk(*handover))
            if c.handover_notes:  # the note on its own: it wraps on its words when long
                chunks.append(_chunk((" ".join(c.handover_notes.split()), p.muted)))
        lines.append(HeaderLine(chunks, separator="   "))
    return lines


# --- the parts' rows: (row key, cells) --------------------------------------------------------


def part_rows(part: str, d: ClientDetail, currency: str, p: Colours) -> list[tuple[str, list]]:
    today = clock.today()

    def money(amount) -> Text:
        return _right(fmt_money(amount, currency, decimals=False))

    if part == "contacts":
        return [
            (str(c.id), [Text(("★ " if c.is_primary else "  ") + c.name, style="bold" if c.is_primary else ""),
                         c.title, c.email, c.phone, " ".join(c.notes.split())])
            for c in d.contacts
        ]
    if part == "follow_ups":
        rows = []
        for f in d.follow_ups:
            style = p.miss if f.due_on < today else "bold" if f.due_on == today else ""
            due = Text("today" if f.due_on == today else _day(f.due_on, today), style=style)
            priority = Text(f.priority, style=p.attention if f.priority == "high" else "")
            rows.append((str(f.id), [due, f.title, f.contact, priority, _right(str(f.snooze_count or ""))]))
        return rows
    if part == "deals":
        rows = []
        for deal in d.deals:
            closed = deal.status != "open"
            late = not closed and deal.close_on < today
            status_style = p.won if deal.status == "won" else p.muted if deal.status == "lost" else ""
            rows.append((str(deal.id), [
                Text(deal.title, style=p.muted if closed else ""), deal.kind, deal.stage, money(deal.amount),
                _right(f"{deal.probability}%"), money(deal.weighted),
                Text(_day(deal.closed_on if closed else deal.close_on, today), style=p.miss if late else ""),
                Text(deal.status, style=status_style),
            ]))
        return rows
    if part == "issues":
        rows = []
        for issue in d.issues:
            resolved = issue.status == "resolved"
            opened = clock.local(issue.opened_at).date()
            age = (today - opened).days
            severity_style = p.muted if resolved else p.attention if issue.severity in ("critical", "high") else ""
            rows.append((str(issue.id), [
                Text(issue.severity, style=severity_style), issue.title, issue.status,
                dates_fmt.ago(age) if not resolved else _day(opened, today), issue.contact,
                " ".join(issue.resolution.split()),
            ]))
        return rows
    if part == "holdings":
        rows = []
        for h in d.holdings:
            held = h.held_on(today)  # one past its end date shows ended, as it counts
            ending = held and h.ends_on is not None and (h.ends_on - today).days <= 60
            rows.append((str(h.id), [
                Text(h.product, style=p.muted if not held else ""), h.family, money(h.annual_value),
                _day(h.since, today), Text(_day(h.ends_on, today), style=p.attention if ending else ""),
                h.status_on(today),
            ]))
        return rows
    if part == "commitments":
        rows = []
        for c in d.commitments:
            late = c.status == "open" and c.due_on is not None and c.due_on < today
            status_style = p.won if c.status == "kept" else p.miss if c.status == "broken" else ""
            rows.append((str(c.id), [
                " ".join(c.what.split()), c.made_by, Text(_day(c.due_on, today), style=p.miss if late else ""),
                Text(c.status, style=status_style),
            ]))
        return rows
    raise ValueError(f"unknown part {part!r}")


# Days, amounts and states are sized to their widest cell and never cut; the text columns
# (names, titles, notes) share what is left (fitted_table.py).
FIXED = frozenset({"Due", "Amount", "Prob", "Weighted", "Close", "Opened", "Since", "Ends", "Annual value",
                   "Priority", "Snoozed", "Severity", "Status", "Phone", "Stage", "Kind"})


def part_specs(part: Part) -> list[ColumnSpec]:
    """A part's columns, keyed by their place ("0", "1", ...)."""
    drops = dict(part.drops)
    return [ColumnSpec(str(i), header, len(header), drop=drops.get(header, 0)) if header in FIXED
            else ColumnSpec(str(i), header, min(width or 12, 12), share=1, ideal=width or 0)
            for i, (header, width) in enumerate(part.columns)]


class PartTable(FittedTable):
    """One part of the record; rows keyed by the record's id."""

    def __init__(self, part: Part, **kwargs):
        super().__init__(part_specs(part), cursor_type="row", zebra_stripes=True, id=f"table-{part.id}", **kwargs)
        self.part = part

    def describe(self, key: str) -> str:
        """'call · Tue 24 Nov 26 12:00 · QBR': which record, in a confirmation."""
        cells = [cut(c).plain for c in self.cells(key)]
        return " · ".join(cells[i].strip() for i in self.part.names if cells[i].strip())

    def selected_whole(self) -> str | None:
        """The highlighted record whole, in words (the part's `line`), for under the table."""
        cells = self.selected_cells()
        return None if cells is None else self._whole(cells)

    def wholes(self) -> list[str]:
        """Every record whole, as `selected_whole` says it: the rows the line's height holds."""
        return [self._whole(cells) for _key, cells in self.rows_shown]

    def _whole(self, cells: list) -> str:
        wording = self.part.line or tuple((i, "{}") for i in range(len(cells)))
        texts = ((form, " ".join(cut(cells[i]).plain.split())) for i, form in wording)
        return joined(form.format(text) for form, text in texts if text)

    def selected_id(self) -> int | None:
        key = self.selected_key()
        return int(key) if key is not None else None

    def select(self, record_id: int) -> bool:
        """Put the cursor on a record; False when the table does not hold it."""
        if str(record_id) not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(str(record_id)), animate=False)
        return True
