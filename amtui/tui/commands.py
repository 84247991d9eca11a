"""The command palette: jump to any client or deal, and run any action by name."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Provider

from amtui.core.search import search_book
from amtui.tui import navigation
from amtui.tui.safe import plain

# title, help, action string (run on the app): every action a rep can find with ctrl+p.
# Screens' features add their entries here.
ACTIONS: list[tuple[str, str, str]] = [
    ("Today", "Follow-ups, cadence, issues and renewals", "app.switch_mode('today')"),
    ("Clients", "The client list", "app.switch_mode('clients')"),
    ("Pipeline", "Deals by stage", "app.switch_mode('pipeline')"),
    ("Quota", "Attainment, pace and commission", "app.switch_mode('quota')"),
    ("Reports", "Reports and recent exports", "app.switch_mode('reports')"),
    ("Export a report", "Choose a report and write a workbook", "app.export"),
    ("Export account status", "Every active client's health, revenue and open work (xlsx)", "app.export('status')"),
    ("Export quarterly results", "Quota, won, attainment and commission for a quarter (xlsx)", "app.export('quarterly')"),
    ("Export annual forecast", "The fiscal year by month and quarter against quota (xlsx)", "app.export('forecast')"),
    ("Export a client brief", "One client before a meeting (xlsx)", "app.export('brief')"),
    ("Export the whole book", "Every record, one sheet per kind (xlsx)", "app.export('book')"),
    ("Import a file", "Bring clients, deals or activity in from CSV or Excel", "app.import_file"),
    ("Keys", "All keys of this screen", "app.keys"),
    ("New client", "Add a client to the book, then open it", "app.new_client"),
    ("New deal", "A new opportunity for a client", "app.new_deal"),
    ("White space", "Clients x product families: owned, in pipeline, gap", "app.white_space"),
    ("Log an interaction", "A call, email or meeting with the highlighted client (l)", "screen.log"),
    ("New follow-up", "A follow-up for the highlighted client (f)", "screen.follow_up"),
    ("Follow-up done", "Mark the highlighted follow-up done and schedule the next (d)", "screen.done"),
    ("Snooze follow-up", "Move the highlighted follow-up to the next business day (s)", "screen.snooze"),
    ("New service issue", "A service issue for the highlighted client (i)", "screen.issue"),
    ("Set quota", "Set the quota of this quarter, or any period (q on the Quota screen)", "app.quota('set_quota')"),
    ("Comp plan", "Edit commission rate, tiers, bonuses and cap (c on the Quota screen)", "app.quota('edit_plan')"),
]


class BookProvider(Provider):
    """Clients and deals by name, looked up in SQL off the event loop."""

    async def search(self, query: str):
        matcher = self.matcher(query)
        for hit in await asyncio.to_thread(search_book, query):
            title = plain(hit.title)  # book text: control characters made visible
            yield Hit(
                max(matcher.match(title), 0.2),
                matcher.highlight(title),
                partial(navigation.open_hit, self.app, hit),
                help=plain(hit.help),
            )
        for title, help_text, action in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.run_action, action), help=help_text)

    async def discover(self):
        for title, help_text, action in ACTIONS:
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)
