"""Opening a record from anywhere (palette hits, Today rows, white space)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from amtui.core.search import SearchHit  # the palette's, imported with it


def open_client(app: App, client_id: int) -> None:
    from amtui.tui.screens.client_detail import ClientDetailScreen

    app.push_screen(ClientDetailScreen(client_id))


def open_deal(app: App, deal_id: int) -> None:
    from amtui.tui.screens.pipeline import open_deal as show_deal

    show_deal(app, deal_id)


def open_hit(app: App, hit: SearchHit) -> None:
    if hit.kind == "client":
        open_client(app, hit.id)
    elif hit.kind == "deal":
        open_deal(app, hit.id)
