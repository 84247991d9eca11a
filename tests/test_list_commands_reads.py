"""`deals --json` and `clients --json` at a career's size: how the deal list reads its
rows (a table scan when only the status narrows it) and what the two commands load."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from query_plans import plans_of

from amtui.core import deal_moves
from amtui.core import pipeline as pl
from amtui.models import Opportunity


def _deal_plan(**filters) -> list[str]:
    [(_, plan)] = plans_of(lambda: pl.deals(**filters))
    return plan


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_a_status_alone_reads_the_deals_by_a_table_scan(demo_book):
    """A quarter or more of a career's deals share a status: one pass over the table
    reads them in a fifth less than a seek for each through the status index."""
    for status in ("open", "won", "lost"):
        plan = _deal_plan(status=status)
        assert any(line.startswith("SCAN t1") for line in plan), plan
        assert not any("opportunity_status" in line for line in plan), plan
    plan = _deal_plan(status="open", text="renewal")  # words narrow nothing an index holds
    assert any(line.startswith("SCAN t1") for line in plan), plan


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_a_client_or_a_period_still_narrows_the_deals_by_an_index(demo_book):
    from amtui.core.periods import Period

    cid = Opportunity.select(Opportunity.client).first().client_id
    plan = _deal_plan(client_id=cid)
    assert any("opportunity_client_id_status_amount (client_id=? AND status=?)" in line for line in plan), plan
    q1 = Period("quarter", "2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    plan = _deal_plan(period=q1)
    assert any("opportunity_status_close_on (status=?" in line for line in plan), plan


def test_every_status_filter_lists_exactly_its_deals(small_book):
    """The status compared as `status || ''` (no index) picks the same deals, on either
    engine."""
    ids = [deal_moves.create_deal(small_book["acme"], f"Deal {i}", Decimal(1000 + i),
                                  close_on=date(2026, 12, 1 + i)) for i in range(6)]
    deal_moves.win_deal(ids[1])
    deal_moves.win_deal(ids[2])
    deal_moves.lose_deal(ids[3], "price", "")
    every = {d.id: d.status for d in pl.deals(status="all")}
    assert set(every) >= set(ids)
    for status in ("open", "won", "lost"):
        listed = pl.deals(status=status)
        assert {d.id for d in listed} == {i for i, s in every.items() if s == status}, status
        assert {d.id for d in pl.deals(status=status, client_id=small_book["acme"])} == {
            d.id for d in listed if d.client_id == small_book["acme"]}


def test_the_list_commands_load_none_of_the_record_modules(book_path):
    """`clients --json` and `deals --json` start without the modules only the client
    record's and the deal's writing commands use."""
    code = (
        "import sys\n"
        "from amtui.cli import main\n"
        "main(['clients', '--json'])\n"
        "main(['deals', '--json'])\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('amtui.'))), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stderr.strip().splitlines()[-1].split(","))
    assert not loaded & {"amtui.core.clients", "amtui.core.contacts", "amtui.core.products"}, loaded


def test_the_collector_is_paused_only_while_a_list_is_read_and_written(small_book, capsys):
    import gc

    from amtui.cli import main
    from amtui.cli.output import collector_paused

    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("a failing list still resumes it")
    assert gc.isenabled()
    for command in (["clients", "--json"], ["deals", "--json"], ["clients"], ["deals"]):
        assert main(command) == 0
        assert gc.isenabled(), command
    capsys.readouterr()
