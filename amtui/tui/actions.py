"""The actions table: every key of amtui, once.

The screens' BINDINGS, the `?` help, the command palette's actions and README's key tables
all come from KEYS (as Harlequin keeps one actions table).  One key has one meaning: `d`
finishes the highlighted to-do wherever it is, `r` reloads and never does anything else.
tests/test_keys_table.py fails when a key gets two meanings on two screens, or when README's
tables drift from this one.  Modal dialogs (forms, confirm, export, import, welcome) have
keys of their own (`y` yes, `n` no): they are listed in DIALOGS and checked among themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

NAVIGATE, ROW, SCREEN, APP = "navigate", "act on the row", "screen", "anywhere"
GROUPS = (NAVIGATE, ROW, SCREEN)


@dataclass(frozen=True)
class Key:
    scope: str  # the screen (or widget) whose BINDINGS hold it; "app" for the app's own
    name: str  # the binding id is scope.name: what config.toml remaps
    keys: str  # Textual key names, comma separated ("p,greater_than_sign")
    action: str  # the action string the binding runs
    label: str  # the footer's word
    help: str  # one line for `?`, the footer's tooltip and README
    group: str = ROW
    footer: bool = False  # shown in the footer (the screen's most important keys)
    meaning: str = ""  # what the key does anywhere; defaults to name (the one-meaning test)
    palette: str = ""  # the command palette's title, when the action is worth finding there
    priority: bool = False
    bound: bool = True  # False: a key Textual already handles (tab), listed for `?` and README

    @property
    def id(self) -> str:
        return f"{self.scope}.{self.name}"

    @property
    def does(self) -> str:
        return self.meaning or self.name

    def binding(self) -> Binding:
        return Binding(
            self.keys, self.action, self.label, show=self.footer, tooltip=self.help,
            id=self.id, priority=self.priority,
        )


def _sections() -> tuple[Key, ...]:
    sections = (
        ("1", "today", "Today", "Follow-ups, cadence, issues and renewals"),
        ("2", "clients", "Clients", "The client list"),
        ("3", "pipeline", "Pipeline", "Deals by stage"),
        ("4", "quota", "Quota", "Attainment, pace and commission"),
        ("5", "reports", "Reports", "Workbooks for management and recent exports"),
    )
    return tuple(
        Key("app", mode, key, f"app.switch_mode('{mode}')", title, f"{title}: {tip.lower()}",
            NAVIGATE, meaning=f"section {mode}", palette=title)
        for key, mode, title, tip in sections
    )


KEYS: tuple[Key, ...] = (
    # --- the app: anywhere -----------------------------------------------------------------
    *_sections(),
    Key("app", "keys", "question_mark", "app.keys", "Keys", "All keys of this screen", SCREEN,
        footer=True, palette="Keys"),
    Key("app", "undo", "ctrl+z", "app.undo", "Undo", "Undo the last change (won, lost, stage move, done, snooze, edit, delete, archive)",
        SCREEN, palette="Undo the last change"),
    Key("app", "export", "x", "app.export", "Export", "Export a report workbook (on a client: its brief)",
        SCREEN, palette="Export a report"),
    Key("app", "palette", "ctrl+p", "", "Palette", "Command palette: jump to any client or deal, run any action",
        SCREEN, bound=False),
    Key("app", "quit", "ctrl+q", "app.quit", "Quit", "Quit amtui (over a form with unsaved typing it asks first)", SCREEN,
        priority=True),
    # --- Today -------------------------------------------------------------------------------
    Key("today", "next_table", "tab", "", "Next section", "Next / previous section (shift+tab)",
        NAVIGATE, bound=False, meaning="next part"),
    Key("today", "open", "enter", "open", "Open", "Open the row's client", NAVIGATE, footer=True),
    Key("today", "done", "d", "done", "Done",
        "Follow-up done, then \"Schedule the next one?\" (enter/y schedules, e edits, escape skips); "
        "commitment kept; issue resolved (asks what fixed it)", footer=True, palette="Done: finish the highlighted to-do"),
    Key("today", "snooze", "s", "snooze", "Snooze", "Snooze the follow-up to the next business day",
        footer=True, palette="Snooze the highlighted follow-up"),
    Key("today", "snooze_until", "S", "snooze_until", "Snooze to", "Snooze the follow-up to a day you type",
        meaning="snooze_to"),
    Key("today", "log", "l", "log", "Log",
        "Log an interaction with the row's client (summary first; kind, contact, outcome, when, and the next "
        "follow-up in the same form); when the client has follow-ups due, the form offers \"Mark done\" for each, "
        "checked for the row's; the log, the follow-ups marked done and the next one are saved together",
        footer=True,
        palette="Log an interaction"),
    Key("today", "follow_up", "f", "follow_up", "Follow-up", "New follow-up for the row's client",
        footer=True, palette="New follow-up"),
    Key("today", "issue", "i", "issue", "Issue", "New service issue for the row's client",
        palette="New service issue"),
    Key("today", "edit", "e", "edit", "Edit", "Edit the follow-up, issue (resolving needs a resolution) or commitment"),
    Key("today", "refresh", "r", "reload", "Reload", "Reload the agenda", SCREEN, meaning="reload"),
    # --- Clients -----------------------------------------------------------------------------
    Key("clients", "filter", "slash", "focus_filter", "Filter",
        "Filter on name, industry and contact names as you type (every word must match); enter or down goes to the list",
        NAVIGATE, footer=True),
    Key("clients", "clear", "escape", "clear_filter", "Clear", "Clear the filter", NAVIGATE, meaning="back"),
    Key("clients", "open", "enter", "open", "Open", "Open the client", NAVIGATE, footer=True),
    Key("clients", "sort", "greater_than_sign", "sort", "Sort",
        "Sort by the next column (or click a header); health sorts worst first, last contact longest silence first, pipeline biggest first",
        NAVIGATE, footer=True, meaning="sort"),
    Key("clients", "reverse", "less_than_sign", "reverse", "Reverse", "Reverse the sort", NAVIGATE,
        meaning="sort reverse"),
    Key("clients", "new", "n", "new", "New", "New client (then opens it)", SCREEN, footer=True),
    Key("clients", "edit", "e", "edit", "Edit", "Edit the client"),
    Key("clients", "log", "l", "log", "Log", "Log an interaction with the client", footer=True,
        palette="Log an interaction"),
    Key("clients", "follow_up", "f", "follow_up", "Follow-up", "New follow-up for the client",
        palette="New follow-up"),
    Key("clients", "issue", "i", "issue", "Issue", "New service issue for the client",
        palette="New service issue"),
    Key("clients", "deal", "o", "deal", "Deal", "New opportunity for the client", palette="New deal for the client"),
    Key("clients", "archive", "a", "archive", "Archive", "Archive the client (asks first), or bring back an archived one"),
    Key("clients", "show_archived", "A", "show_archived", "Archived", "Show or hide archived clients", SCREEN),
    Key("clients", "delete", "D", "delete", "Delete", "Delete the client, after a confirmation that says what goes with it"),
    Key("clients", "reload", "r", "reload", "Reload", "Load the list again", SCREEN),
    # --- one client --------------------------------------------------------------------------
    Key("client", "back", "escape", "back", "Back", "Back to the list", NAVIGATE, footer=True),
    Key("client", "next_part", "tab", "part(1)", "Next part", "Next part of the record", NAVIGATE, footer=True,
        meaning="next part"),
    Key("client", "previous_part", "shift+tab", "part(-1)", "Previous part", "Previous part of the record",
        NAVIGATE, meaning="previous part"),
    Key("client", "new", "n", "new", "New", "Add a record to the part shown", SCREEN, footer=True),
    Key("client", "edit", "e", "edit", "Edit", "Edit the selected record (or enter)"),
    Key("client", "edit_client", "E", "edit_client", "Edit client", "Edit the client's own details", SCREEN),
    Key("client", "done", "d", "done", "Done",
        "Finish the highlighted to-do: follow-up done (then offers the next), issue resolved (asks what fixed it), commitment kept",
        footer=True, palette="Done: finish the highlighted to-do"),
    Key("client", "snooze", "s", "snooze", "Snooze", "Snooze the follow-up to the next business day",
        footer=True, palette="Snooze the highlighted follow-up"),
    Key("client", "snooze_to", "S", "snooze_to", "Snooze to", "Snooze the follow-up to a day you type"),
    Key("client", "next_stage", "right_square_bracket", "next_stage", "Next stage", "Move the deal to the next stage", footer=True),
    Key("client", "previous_stage", "left_square_bracket", "previous_stage", "Prev stage", "Move the deal back a stage"),
    Key("client", "win", "w", "win", "Won", "Mark the deal won", footer=True),
    Key("client", "lose", "L", "lose", "Lost", "Mark the deal lost (asks why)", footer=True),
    Key("client", "reopen", "R", "reopen", "Reopen", "Reopen a won or lost deal"),
    Key("client", "broken", "b", "broken", "Broken", "Mark the commitment broken"),
    Key("client", "primary", "asterisk", "primary", "Primary", "Make the contact the primary one (one per client)", footer=True),
    Key("client", "log", "l", "log", "Log", "Log an interaction with this client", footer=True, palette="Log an interaction"),
    Key("client", "follow_up", "f", "follow_up", "Follow-up", "New follow-up for this client", palette="New follow-up"),
    Key("client", "issue", "i", "issue", "Issue", "New service issue for this client", palette="New service issue"),
    Key("client", "deal", "o", "deal", "Deal", "New opportunity for this client", palette="New deal for the client"),
    Key("client", "delete", "D", "delete", "Delete", "Delete the selected record (asks first)"),
    Key("client", "archive", "a", "archive", "Archive", "Archive or unarchive this client", SCREEN),
    Key("client", "export", "x", "export_brief", "Brief", "Export this client's brief", SCREEN, meaning="export",
        palette="Export this client's brief"),
    Key("client", "reload", "r", "reload", "Reload", "Load the record again", SCREEN),
    # --- Pipeline ----------------------------------------------------------------------------
    Key("pipeline", "filter", "slash", "focus_filter", "Filter", "Filter by client, title, product or next step",
        NAVIGATE, footer=True),
    Key("pipeline", "clear", "escape", "clear_filter", "Clear", "Clear the filter", NAVIGATE, meaning="back"),
    Key("pipeline", "show", "enter", "show", "Open", "The deal and its history of stage, amount and close-date changes",
        NAVIGATE, meaning="open"),
    Key("pipeline", "period", "p", "cycle_period(1)", "Period",
        "Close period: all, this quarter, next quarter, this fiscal year (P goes back)", NAVIGATE, footer=True,
        meaning="next period"),
    Key("pipeline", "previous_period", "P", "cycle_period(-1)", "Prev period",
        "The close period before", NAVIGATE, meaning="previous period"),
    Key("pipeline", "status", "O", "cycle_status", "Open/won/lost",
        "Show open, won, lost or all deals (won / lost by the day they closed)", NAVIGATE, meaning="which deals"),
    Key("pipeline", "view", "v", "toggle_view", "Board", "Table or board (left / right move between board columns)",
        NAVIGATE, footer=True),
    Key("pipeline", "new", "n", "new", "New", "New deal", SCREEN),
    Key("pipeline", "edit", "e", "edit", "Edit", "Edit the deal (blank probability or category = the stage's default)"),
    Key("pipeline", "next_stage", "right_square_bracket", "advance(1)", "Next stage",
        "Move the deal to the next stage (w wins from Commit)", footer=True),
    Key("pipeline", "previous_stage", "left_square_bracket", "advance(-1)", "Prev stage", "Move the deal to the previous stage"),
    Key("pipeline", "win", "w", "win", "Won",
        "Won: the date (today unless changed) and final amount; a recurring product adds a year to the client's holding",
        footer=True),
    Key("pipeline", "lose", "L", "lose", "Lost",
        "Lost: a reason (price, timing, competitor, no decision, no budget, product fit, other) and what happened", footer=True),
    Key("pipeline", "reopen", "R", "reopen", "Reopen", "Reopen a won or lost deal in the last open stage it was in",
        footer=True),
    Key("pipeline", "delete", "D", "delete", "Delete",
        "Delete a deal entered by mistake (asks first; a real deal that fell through is lost, not deleted)"),
    Key("pipeline", "log", "l", "log", "Log", "Log an interaction with the deal's client", palette="Log an interaction"),
    Key("pipeline", "follow_up", "f", "follow_up", "Follow-up", "New follow-up for the deal's client", palette="New follow-up"),
    Key("pipeline", "white_space", "W", "white_space", "White space", "White space: clients x product families", SCREEN),
    Key("pipeline", "reload", "r", "reload", "Reload", "Load the deals again", SCREEN),
    Key("pipeline", "changes", "C", "app.changes", "Changes",
        "What changed since last week and how the forecast moved", SCREEN),
    Key("board", "left", "left", "neighbour(-1)", "Column left", "The board column to the left", NAVIGATE,
        meaning="left"),
    Key("board", "right", "right", "neighbour(1)", "Column right", "The board column to the right", NAVIGATE,
        meaning="right"),
    # --- any list (widgets/virtual_table.py): the moves every table answers --------------------
    Key("list", "up", "up", "cursor(-1)", "Up", "The row above", NAVIGATE),
    Key("list", "down", "down", "cursor(1)", "Down", "The row below", NAVIGATE),
    Key("list", "page_up", "pageup", "page(-1)", "Page up", "A screen of rows up", NAVIGATE),
    Key("list", "page_down", "pagedown", "page(1)", "Page down", "A screen of rows down", NAVIGATE),
    Key("list", "first", "home", "to(0)", "First", "The first row", NAVIGATE),
    Key("list", "last", "end", "to(-1)", "Last", "The last row (the whole list scrolls)", NAVIGATE),
    Key("list", "open", "enter", "select", "Open", "Open the row", NAVIGATE, meaning="open"),
    Key("list", "left", "left", "column(-1)", "Left", "The cell to the left (White space's grid)", NAVIGATE,
        meaning="left"),
    Key("list", "right", "right", "column(1)", "Right", "The cell to the right (White space's grid)", NAVIGATE,
        meaning="right"),
    # --- one deal ----------------------------------------------------------------------------
    Key("deal", "close", "escape", "close", "Back", "Close the deal", NAVIGATE, footer=True, meaning="back"),
    Key("deal", "client", "enter", "client", "Client", "Open the deal's client", NAVIGATE, footer=True, meaning="open"),
    Key("deal", "edit", "e", "edit", "Edit", "Edit the deal", footer=True),
    Key("deal", "next_stage", "right_square_bracket", "advance(1)", "Next stage", "Move to the next stage", footer=True),
    Key("deal", "previous_stage", "left_square_bracket", "advance(-1)", "Prev stage", "Move to the previous stage"),
    Key("deal", "win", "w", "win", "Won", "Mark the deal won", footer=True),
    Key("deal", "lose", "L", "lose", "Lost", "Mark the deal lost, with a reason", footer=True),
    Key("deal", "reopen", "R", "reopen", "Reopen", "Put a won or lost deal back in the pipeline", footer=True),
    Key("deal", "log", "l", "log", "Log", "Log an interaction with the client", palette="Log an interaction"),
    Key("deal", "follow_up", "f", "follow_up", "Follow-up", "New follow-up for the client", palette="New follow-up"),
    Key("deal", "delete", "D", "delete", "Delete", "Delete a deal entered by mistake"),
    Key("deal", "reload", "r", "reload", "Reload", "Load the deal again", SCREEN),
    # --- White space -------------------------------------------------------------------------
    Key("whitespace", "back", "escape", "back", "Back", "Clear the filter, or back to the Pipeline", NAVIGATE, footer=True),
    Key("whitespace", "filter", "slash", "focus_filter", "Filter", "Filter clients by name", NAVIGATE, footer=True),
    Key("whitespace", "client", "enter", "open_client", "Client", "Open the client", NAVIGATE, footer=True, meaning="open"),
    Key("whitespace", "gaps", "g", "gaps_only", "Gaps only", "Only clients with a gap, or everyone", NAVIGATE, footer=True),
    Key("whitespace", "deal", "o", "opportunity", "New deal",
        "New deal for a product of the family the client lacks (cross-sell on a gap)", footer=True),
    Key("whitespace", "reload", "r", "reload", "Reload", "Load the grid again", SCREEN),
    # --- Quota -------------------------------------------------------------------------------
    Key("quota", "next", "p", "step(1)", "Period", "Next period (P goes back)", NAVIGATE,
        footer=True, meaning="next period"),
    Key("quota", "previous", "P", "step(-1)", "Prev period", "Previous period", NAVIGATE,
        meaning="previous period"),
    Key("quota", "this", "t", "this_period", "Now", "Back to the current quarter", NAVIGATE, footer=True),
    Key("quota", "year", "y", "year", "Year", "Switch between the quarter and its fiscal year", NAVIGATE, footer=True),
    Key("quota", "open", "enter", "open_deal", "Open deal", "Open the selected deal", NAVIGATE, meaning="open"),
    Key("quota", "set", "q", "set_quota", "Set quota", "Set a quota: the period shown, or the one typed in its Period field", SCREEN, footer=True,
        palette="Set quota"),
    Key("quota", "plan", "c", "edit_plan", "Comp plan", "Edit the comp plan paying the period shown: rate, tiers, bonuses, cap, retroactive, base salary",
        SCREEN, footer=True, palette="Comp plan"),
    Key("quota", "refresh", "r", "reload", "Reload", "Load the figures again", SCREEN, meaning="reload"),
    Key("quota", "changes", "C", "changes", "Changes", "What changed in this period and how the forecast moved",
        SCREEN),
    # --- What changed ------------------------------------------------------------------------
    Key("changes", "back", "escape", "back", "Back", "Back to where you came from", NAVIGATE, footer=True,
        meaning="back"),
    Key("changes", "since", "p", "cycle_since", "Since", "Since 7 days ago, yesterday, 30 days ago or the last export",
        NAVIGATE, footer=True, meaning="next period"),
    Key("changes", "year", "y", "year", "Year", "Switch between the quarter and its fiscal year", NAVIGATE,
        footer=True),
    Key("changes", "open", "enter", "open_deal", "Open deal", "Open the selected deal", NAVIGATE, footer=True,
        meaning="open"),
    Key("changes", "reload", "r", "refresh", "Reload", "Load the changes again", SCREEN, meaning="reload"),
    # --- Reports -----------------------------------------------------------------------------
    Key("reports", "export", "x", "export", "Export", "Export the highlighted report (enter too): the chooser opens set to it",
        footer=True),
    Key("reports", "open", "enter", "", "Open", "On a recent export: open that workbook", NAVIGATE, bound=False),
    Key("reports", "open_folder", "F", "open_folder", "Folder",
        "Open the reports folder (with xdg-open / open; else shows its path)", SCREEN, footer=True),
    Key("reports", "refresh", "r", "reload", "Reload", "Work the previews out again and reload the list", SCREEN,
        footer=True, meaning="reload"),
    # --- dialogs: keys of their own ----------------------------------------------------------
    Key("keys", "close", "escape,question_mark", "dismiss", "Close", "Close the keys", NAVIGATE, footer=True, meaning="back"),
    # not a priority key: ctrl+s then comes after the keys typed ahead of it (a paste, a
    # quick typist) in the focused field's own order, so the save has all of them
    Key("form", "save", "ctrl+s", "save", "Save", "Save the form (tab moves between fields)", SCREEN, footer=True),
    Key("form", "cancel", "escape", "cancel", "Cancel", "Close without saving (over typing never saved it asks first)",
        SCREEN, footer=True, meaning="back"),
    Key("confirm", "yes", "y", "answer(True)", "Yes", "Yes", footer=True),
    Key("confirm", "no", "n,escape", "answer(False)", "No", "No", footer=True),
    # a save refused because another machine changed the record since the form opened
    Key("conflict", "theirs", "t", "answer('theirs')", "Keep theirs",
        "Keep the other machine's version: the form closes, your changes are dropped", footer=True),
    Key("conflict", "mine", "m", "answer('mine')", "Keep mine",
        "Save your changes over the other machine's; a field you left keeps theirs", footer=True),
    Key("conflict", "edit", "e,escape", "answer('edit')", "Edit again",
        "Back to the form with your typing; the other machine's values in the hints", footer=True,
        meaning="back"),
    # ... or deleted it: no version of theirs to keep or to save over
    Key("deleted", "new", "n", "answer('new')", "Save as new",
        "Add what the form holds as a new record (where the form can add one)", footer=True),
    Key("deleted", "let_go", "t", "answer('theirs')", "Let it go",
        "Close the form: the record stays deleted, your changes are dropped", footer=True),
    Key("deleted", "edit", "e,escape", "answer('edit')", "Edit again",
        "Back to the form with your typing", footer=True, meaning="back"),
    Key("export", "save", "ctrl+s", "save", "Export", "Write the workbook", SCREEN, footer=True),
    Key("export", "close", "escape", "cancel", "Close", "Close (an export under way carries on)", SCREEN, footer=True,
        meaning="back"),
    Key("import", "confirm", "ctrl+s", "confirm", "Import", "Import the file as previewed", SCREEN, footer=True,
        priority=True, meaning="save"),
    Key("import", "close", "escape", "cancel", "Cancel", "Close without importing", SCREEN, footer=True, meaning="back"),
    Key("next_step", "accept", "enter,y", "answer('accept')", "Schedule", "Schedule the suggested follow-up", footer=True),
    Key("next_step", "edit", "e", "answer('edit')", "Edit", "Change it before scheduling", footer=True),
    Key("next_step", "skip", "escape,n", "answer(None)", "Skip", "Schedule nothing", footer=True),
    Key("welcome", "demo", "d", "demo", "Demo book", "Load the demo book into this empty book", footer=True),
    Key("welcome", "new_client", "n", "new_client", "First client", "Add your first client", footer=True),
    Key("welcome", "import", "i", "import_file", "Import", "Import clients from a CSV or Excel file", footer=True),
    Key("welcome", "close", "escape", "close", "Empty book", "Start with the empty book", footer=True, meaning="back"),
    *(
        Key("welcome", mode, key, f"section('{mode}')", mode.capitalize(),
            f"Close the welcome and go to {mode.capitalize()}", NAVIGATE, meaning=f"section {mode}")
        for key, mode in zip("12345", ("today", "clients", "pipeline", "quota", "reports"), strict=True)
    ),
)

# Modal dialogs: their keys answer the dialog (`y`, `n`), so they are not held to the
# screens' meanings; the test checks them among themselves.
DIALOGS = frozenset({"keys", "form", "confirm", "conflict", "deleted", "export", "import", "next_step", "welcome"})
# Palette-only actions (no key): they work from any screen.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Export account status", "Every active client's health, revenue and open work (xlsx)", "app.export('status')"),
    ("Export quarterly results", "Quota, won, attainment and win rate for a quarter, no pay (xlsx)", "app.export('quarterly')"),
    ("Export annual forecast", "The fiscal year by month and quarter against quota (xlsx)", "app.export('forecast')"),
    ("Export a client brief", "One client before a meeting (xlsx)", "app.export('brief')"),
    ("Export the whole book", "Every record, one sheet per kind (xlsx)", "app.export('book')"),
    ("Import a file", "Bring clients, deals or activity in from CSV or Excel", "app.import_file"),
    ("New client", "Add a client to the book, then open it", "app.new_client"),
    ("New deal", "A new opportunity for a client", "app.new_deal"),
    ("White space", "Clients x product families: owned, in pipeline, gap", "app.white_space"),
    ("What changed", "Deals that moved since last week and how the forecast moved", "app.changes"),
    ("Set quota", "Set the quota of this quarter, or any period", "app.quota('set_quota_now')"),
    ("Comp plan", "Edit commission rate, tiers, bonuses and cap", "app.quota('edit_plan_now')"),
)

BY_ID = {k.id: k for k in KEYS}


def scope_keys(scope: str) -> tuple[Key, ...]:
    return tuple(k for k in KEYS if k.scope == scope)


# The footer shows a screen's footer keys in the table's order, unless this says otherwise
# (the row's actions before the view's switches), and drops the last ones when narrow.
FOOTER_ORDER = {
    "pipeline": ("next_stage", "win", "lose", "filter", "period", "view"),
    "client": ("done", "snooze", "next_stage", "win", "lose", "primary", "log", "new", "next_part", "back"),
}


def bindings(scope: str) -> list[Binding]:
    """A screen's BINDINGS from the table; the footer's keys first, most important first."""
    keys = [k for k in scope_keys(scope) if k.bound]
    order = FOOTER_ORDER.get(scope, ())
    keys.sort(key=lambda k: (not k.footer, order.index(k.name) if k.name in order else len(order)))
    return [k.binding() for k in keys]


# Textual key names -> what a person types
_SHOWN = {
    "question_mark": "?", "slash": "/", "asterisk": "*", "greater_than_sign": ">",
    "less_than_sign": "<", "right_square_bracket": "]", "left_square_bracket": "[",
    "left": "←", "right": "→",
}


def key_display(keys: str) -> str:
    return " ".join(f"`{_SHOWN.get(k, k)}`" for k in keys.split(","))


def readme_table(scope: str) -> str:
    """The markdown table README.md holds for a screen (tests/test_keys_table.py compares)."""
    lines = ["| key | does |", "|---|---|"]
    for k in scope_keys(scope):
        lines.append(f"| {key_display(k.keys)} | {k.help} |")
    return "\n".join(lines)


README_SCOPES = ("app", "form", "conflict", "deleted", "today", "clients", "client", "pipeline", "deal", "whitespace", "quota", "reports",
                 "changes")

if __name__ == "__main__":  # print README's tables: python -m amtui.tui.actions
    for scope in README_SCOPES:
        print(f"<!-- keys: {scope} -->\n{readme_table(scope)}\n")
