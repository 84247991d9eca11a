"""`clients --json` and `deals --json` write each row with an f-string (`row_line`,
`deal_line`): the text must be what JSON's own encoder writes for the same data, for any
text a book can hold, and the whole list what `json_text` lays out.  The lists cost a
fixed number of queries however big the book (frozen today: 2026-11-27)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import activity_fixtures as fx
from playhouse.test_utils import count_queries

from amtui.cli.clients import row_json, row_line, row_lines
from amtui.cli.deals import deal_json, deal_line, deal_lines
from amtui.cli.output import json_lines_text, json_text
from amtui.core import client_list, deal_moves
from amtui.core import pipeline as pl
from amtui.core.client_list import ClientRow
from amtui.core.money import money_str
from amtui.models import Opportunity

ENCODE = json.JSONEncoder(ensure_ascii=False).encode
# quotes, a backslash, C0 and C1 controls, DEL, a line separator, a bidi override, an
# emoji and accents: what a client or deal name pasted from anywhere may hold
TEXTS = ["Acme Corp", 'Say "hi"\\ now', "tab\there\nnew line", "\x1b[31mred\x9b\x7f",
         "sep\u2028ara\u2029tor", "\u202eevil", "Café Ünïcode 😀", ""]


def client_dict(r: ClientRow) -> dict:
    """The row as `clients --json` wrote it before the f-string (a dict, encoded by json)."""
    return {
        "id": r.id, "name": r.name, "tier": r.tier, "industry": r.industry, "status": r.status,
        "archived": r.archived, "health": r.health, "band": r.band,
        "last_contact": r.last_contact.isoformat() if r.last_contact else None,
        "days_since_contact": r.days_since_contact, "cadence_days": r.cadence_days,
        "past_cadence": r.past_cadence,
        "next_follow_up": r.next_follow_up.isoformat() if r.next_follow_up else None,
        "open_pipeline": money_str(r.open_pipeline), "open_issues": r.open_issues,
    }


def deal_dict(d: pl.DealRow) -> dict:
    """The deal as `deals --json` wrote it before the f-string."""
    return {
        "id": d.id, "client": d.client, "client_id": d.client_id, "title": d.title,
        "kind": d.kind, "stage": d.stage, "status": d.status, "amount": money_str(d.amount),
        "probability": d.probability, "probability_overridden": d.probability_overridden,
        "weighted": money_str(d.weighted), "forecast_category": d.forecast_category,
        "category_overridden": d.category_overridden, "close_date": d.close_on.isoformat(),
        "original_close_date": d.original_close_on.isoformat() if d.original_close_on else None,
        "days_in_stage": d.days_in_stage, "stale": d.stale, "stale_reason": d.stale_reason,
        "push_count": d.push_count, "next_step": d.next_step, "product": d.product or None,
        "closed_on": d.closed_on.isoformat() if d.closed_on else None,
        "lost_reason": d.lost_reason,
    }


def client_rows() -> list[ClientRow]:
    rows = []
    for i, text in enumerate(TEXTS):
        contacted = i % 2 == 0
        rows.append(ClientRow(
            id=i + 1, name=text, tier="A", industry=text[::-1], status="at risk" if i % 3 else "active",
            archived=i % 4 == 0, health=i * 13 % 101, band=("green", "yellow", "red")[i % 3],
            last_contact=datetime(2026, 11, 20, 9, 30, i * 7, i * 1000, tzinfo=UTC) if contacted else None,
            days_since_contact=i * 3 if contacted else None, cadence_days=14 + i,
            past_cadence=i % 2 == 1, next_follow_up=date(2026, 12, 1 + i) if i % 3 else None,
            open_pipeline=Decimal(i * 12345) / 100 if i % 2 else Decimal("0.00"), open_issues=i % 3,
        ))
    return rows


def test_client_lines_are_what_the_json_encoder_writes():
    rows = client_rows()
    for r in rows:
        assert row_line(r) == ENCODE(client_dict(r))
        assert row_json(r) == client_dict(r)
    # the whole list: the same document, controls escaped alike
    dicts = [client_dict(r) for r in rows]
    assert json_lines_text([row_line(r) for r in rows]) == json_text(dicts)
    assert json_lines_text([]) == json_text([]) == "[]"


def test_a_whole_list_of_clients_is_what_the_encoder_writes_row_by_row():
    """`row_lines` encodes what repeats (tier, industry, status, band, a follow-up day)
    once per list: rows sharing them, and rows differing only in them, stay exact."""
    base = client_rows()
    rows = base + [r._replace(id=r.id + 100, name=f"{r.name} two") for r in base]  # every text again
    rows += [r._replace(id=r.id + 200, tier="B", status="active", band="green", industry="",
                        next_follow_up=date(2026, 12, 2)) for r in base]
    assert row_lines(rows) == [ENCODE(client_dict(r)) for r in rows]
    assert row_lines([]) == []


def test_a_last_contact_in_another_offset_is_written_as_isoformat_writes_it():
    """Stored moments are UTC (written from their parts, a shortcut); any other offset
    still comes out exactly as `isoformat` gives it."""
    from datetime import timedelta, timezone

    for tz in (UTC, timezone(timedelta(hours=-5)), timezone(timedelta(0))):
        for micro in (0, 1500):
            r = client_rows()[0]._replace(last_contact=datetime(2026, 3, 8, 1, 2, 3, micro, tzinfo=tz))
            assert row_line(r) == ENCODE(client_dict(r))


def test_deal_lines_are_what_the_json_encoder_writes(small_book, move_today):
    move_today(date(2026, 10, 1))
    ids = []
    for i, text in enumerate(TEXTS):
        ids.append(deal_moves.create_deal(
            small_book["acme"], f"Deal {i}", Decimal(i * 1000 + 5) / 10, stage="Propose",
            close_on=date(2026, 10, 15 + i), product_id=small_book["analytics"] if i % 2 else None,
            probability=None if i % 3 else 33,
        ))
        # the forms refuse control characters; a book from elsewhere may still hold them
        Opportunity.update(title=text, next_step=text[::-1]).where(Opportunity.id == ids[-1]).execute()
    deal_moves.win_deal(ids[1])
    deal_moves.lose_deal(ids[2], "other", "they said \"no\"")
    move_today(date(2026, 11, 27))  # overdue and stale ones too
    rows = pl.deals(status="all")
    assert len(rows) == len(TEXTS) and any(d.stale for d in rows)
    assert {d.status for d in rows} == {"open", "won", "lost"}
    for d in rows:
        assert deal_line(d) == ENCODE(deal_dict(d))
        assert deal_json(d) == deal_dict(d)
    assert json_lines_text([deal_line(d) for d in rows]) == json_text([deal_dict(d) for d in rows])
    # the whole list at once (`deals --json`): what repeats is encoded once, the same text
    again = rows + [d._replace(id=d.id + 100, title=d.title + " two") for d in rows]
    assert deal_lines(again) == [ENCODE(deal_dict(d)) for d in again]


def test_days_in_stage_count_local_days(small_book, new_york):
    # 03:30 UTC on the 12th is 22:30 on the 11th in New York: 16 local days before the
    # 27th; 05:30 UTC on the 12th is 00:30 on the 12th there: 15
    late = deal_moves.create_deal(small_book["acme"], "Late", 1000, close_on=date(2026, 12, 31))
    early = deal_moves.create_deal(small_book["acme"], "Early", 1000, close_on=date(2026, 12, 31))
    for deal_id, hour in ((late, 3), (early, 5)):
        Opportunity.update(stage_entered_at=datetime(2026, 11, 12, hour, 30, tzinfo=UTC)).where(
            Opportunity.id == deal_id).execute()
    got = {d.title: d.days_in_stage for d in pl.deals()}
    assert got == {"Late": 16, "Early": 15}
    assert pl.deal(late).days_in_stage == 16  # one deal: the same rule


def _book_of(start: int, stop: int) -> None:
    for i in range(start, stop):
        cid = fx.client(f"Client {i:03}", tier="ABC"[i % 3])
        fx.interaction(cid, date(2026, 11, 1 + i % 20))
        deal_moves.create_deal(cid, f"Deal {i}", 1000 + i, close_on=date(2026, 12, 1 + i % 28))


def test_the_lists_cost_the_same_queries_for_3_or_60_clients(small_book):
    def counted() -> tuple[int, int, int]:
        with count_queries() as clients:
            listed = client_list.client_page("", limit=100_000)
        with count_queries() as deals:
            pl.deals()
        return clients.count, deals.count, len(listed)

    _book_of(0, 3)
    few = counted()
    _book_of(3, 60)
    many = counted()
    assert many[2] == few[2] + 57
    assert many[:2] == few[:2]
