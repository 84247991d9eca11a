"""`amtui deals`, `amtui deal ...`, stages and products from the shell (today = 2026-11-27)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from amtui.cli import main
from amtui.core import deal_moves
from amtui.core import pipeline as pl
from amtui.models import Holding


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_and_show_round_trip_as_json(small_book, capsys):
    code, out, _ = run(capsys, "deal", "add", "acme", "Analytics seats", "12.5k", "--close", "12/15",
                       "--product", "analytics", "--kind", "cross", "--next-step", "Call the CFO")
    assert code == 0
    deal_id = int(out.strip())
    run(capsys, "deal", "add", "Globex", "Support", "6,000", "--stage", "prop", "--probability", "60%",
        "--close", "2027-02-01")
    code, out, _ = run(capsys, "deals", "--json")
    rows = json.loads(out)
    assert [r["title"] for r in rows] == ["Analytics seats", "Support"]
    first = rows[0]
    assert first == {
        **first,
        "id": deal_id, "client": "Acme Corp", "title": "Analytics seats", "kind": "cross-sell",
        "stage": "Qualify", "status": "open", "amount": "12500.00", "probability": 10,
        "weighted": "1250.00", "forecast_category": "pipeline", "close_date": "2026-12-15",
        "days_in_stage": 0, "next_step": "Call the CFO", "product": "Analytics Pro",
    }
    assert rows[1]["probability"] == 60 and rows[1]["probability_overridden"] is True
    assert rows[1]["weighted"] == "3600.00"
    code, out, _ = run(capsys, "deals", "--period", "2026-Q4", "--json")
    assert [r["id"] for r in json.loads(out)] == [deal_id]
    code, out, _ = run(capsys, "deals", "--stage", "propose", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Support"]
    code, out, _ = run(capsys, "deal", "show", str(deal_id), "--json")
    shown = json.loads(out)
    assert shown["id"] == deal_id and shown["history"][0]["change"] == ["created"]


def test_table_output_marks_overrides_and_totals(small_book, capsys):
    run(capsys, "deal", "add", "acme", "Seats", "1000", "--probability", "55")
    code, out, _ = run(capsys, "deals")
    assert code == 0
    assert "55%*" in out and "Acme Corp" in out
    assert "1 deal: $1,000.00, weighted $550.00" in out


def test_move_win_and_lose(small_book, capsys, frozen_today):
    deal_a = deal_moves.create_deal(small_book["acme"], "A", 1000, product_id=small_book["support"])
    deal_b = deal_moves.create_deal(small_book["globex"], "B", 2000)
    code, out, _ = run(capsys, "deal", "move", str(deal_a), "negot")
    assert code == 0 and "Negotiate" in out and "75%" in out
    code, out, _ = run(capsys, "deal", "move", str(deal_a), "next")
    assert "Commit" in out
    code, out, _ = run(capsys, "deal", "won", str(deal_a), "--date", "yesterday")
    assert code == 0 and "holding added" in out
    d = pl.deal(deal_a)
    assert (d.status, d.closed_on) == ("won", date(2026, 11, 26))
    assert Holding.select().count() == 1
    code, _, err = run(capsys, "deal", "move", str(deal_b), "lost")
    assert code == 1 and "--reason" in err
    code, out, _ = run(capsys, "deal", "lost", str(deal_b), "--reason", "comp: went with Initrode")
    assert code == 0
    assert pl.deal(deal_b).lost_reason == "competitor: went with Initrode"
    code, out, _ = run(capsys, "deals", "--status", "all", "--period", "2026-Q4", "--json")
    assert {r["status"] for r in json.loads(out)} == {"won", "lost"}
    code, out, _ = run(capsys, "deal", "reopen", str(deal_b))
    assert code == 0 and "Qualify" in out


def test_lost_reason_forms():
    from amtui.cli.deals import lost_reason

    assert lost_reason("price") == ("price", "")
    assert lost_reason("no dec") == ("no decision", "")
    assert lost_reason("timing: budget freeze until Q2") == ("timing", "budget freeze until Q2")
    assert lost_reason("they vanished", "no reply since May") == ("other", "they vanished no reply since May")


def test_edit_and_errors_are_one_line(small_book, capsys):
    deal_id = deal_moves.create_deal(small_book["acme"], "A", 1000, close_on=date(2026, 12, 1))
    code, out, _ = run(capsys, "deal", "edit", str(deal_id), "--amount", "1.5k", "--close", "2027-01-15",
                       "--probability", "40", "--next-step", "Send proposal")
    assert code == 0
    d = pl.deal(deal_id)
    assert (d.amount, d.close_on, d.probability, d.push_count, d.next_step) == (
        Decimal("1500.00"), date(2027, 1, 15), 40, 1, "Send proposal")
    run(capsys, "deal", "edit", str(deal_id), "--probability", "default")
    assert pl.deal(deal_id).probability == 10
    code, _, err = run(capsys, "deal", "add", "nobody", "X", "100")
    assert code == 1 and err.startswith("amtui: client: no client named 'nobody'")
    code, _, err = run(capsys, "deal", "add", "acme", "X", "lots")
    assert code == 1 and "amount" in err and "\n" not in err.strip()
    code, _, err = run(capsys, "deal", "won", "999")
    assert code == 1 and "no deal #999" in err
    code, _, err = run(capsys, "deal", "lost", str(deal_id), "--reason", " ")
    assert code == 1 and "reason" in err
    code, _, err = run(capsys, "deal", "edit", str(deal_id))
    assert code == 1 and "nothing to change" in err
    code, out, _ = run(capsys, "deal", "delete", str(deal_id))
    assert code == 0 and out == "Deleted: A (Acme Corp)\n"
    assert pl.deals(status="all") == []


def test_stages_and_products_commands(small_book, capsys):
    code, out, _ = run(capsys, "stages", "--json")
    assert [s["name"] for s in json.loads(out)][:2] == ["Qualify", "Discover"]
    deal_id = deal_moves.create_deal(small_book["acme"], "A", 1000, stage="Propose")
    code, out, _ = run(capsys, "stage", "set", "prop", "--probability", "45", "--rot", "never")
    assert code == 0 and "45%" in out and "never stale" in out
    assert pl.deal(deal_id).probability == 45
    code, out, _ = run(capsys, "product", "add", "Reporting", "--family", "analytics", "--price", "3k", "--one-off")
    assert code == 0 and int(out)
    code, out, _ = run(capsys, "products", "--json")
    reporting = next(p for p in json.loads(out) if p["name"] == "Reporting")
    assert reporting == {**reporting, "family": "Analytics", "list_price": "3000.00", "recurring": False}
    code, out, _ = run(capsys, "product", "edit", "report", "--retire")
    assert "retired" in out
    code, out, _ = run(capsys, "products")
    assert "Reporting" not in out and "Analytics Pro" in out


def test_deal_show_keeps_a_space_after_every_label(small_book, capsys, frozen_today):
    deal_id = deal_moves.create_deal(small_book["globex"], "B", 2000)
    run(capsys, "deal", "lost", str(deal_id), "--reason", "competitor")
    code, out, _ = run(capsys, "deal", "show", str(deal_id))
    assert code == 0
    assert "  Lost because: competitor" in out.splitlines()


def test_a_date_that_is_no_date_is_quoted_as_typed(small_book, capsys):
    """The line names the option's field, quotes what was typed (31/02/2027 once came back
    as 2027-31-02, the day and month seemingly swapped) and says why; nothing is written."""
    deal_id = deal_moves.create_deal(small_book["acme"], "A", 1000)
    cases = [
        (("deal", "add", "acme", "X", "100", "--close", "31/02/2027"),
         "close date: '31/02/2027' is not a real date: there is no month 31 (dates are month/day/year)"),
        (("deal", "edit", str(deal_id), "--close", "13/02/2027"),
         "close date: '13/02/2027' is not a real date: there is no month 13 "
         "(dates are month/day/year: for 13 Feb 2027 write 02/13/2027)"),
        (("deal", "won", str(deal_id), "--date", "13/25/2026"),
         "won date: '13/25/2026' is not a real date: there is no month 13 (dates are month/day/year)"),
        (("followup", "add", "acme", "Call", "--due", "02/30/2027"),
         "--due: '02/30/2027' is not a real date: February 2027 has 28 days"),
    ]
    for argv, line in cases:
        code, out, err = run(capsys, *argv)
        assert (code, out, err) == (1, "", f"amtui: {line}\n"), argv
    assert [d.id for d in pl.deals(status="all")] == [deal_id]
    assert pl.deal(deal_id).status == "open"


def test_a_probability_that_reads_as_a_fraction_too_is_refused(small_book, capsys):
    """`--probability 1.0` was 100%: now a bare number is a percent (60 = 60%), and one
    that reads as a fraction too is refused naming both readings; nothing is written."""
    deal_id = deal_moves.create_deal(small_book["acme"], "A", 1000)
    for argv in (("deal", "add", "acme", "X", "100", "--probability", "1.0"),
                 ("deal", "edit", str(deal_id), "--probability", "1.0")):
        code, out, err = run(capsys, *argv)
        assert (code, out, err) == (1, "", "amtui: probability: '1.0' could be 100% or 1%: write 100% or 1%\n")
    code, _, err = run(capsys, "stage", "set", "prop", "--probability", "0.6")
    assert (code, err) == (1, "amtui: probability: '0.6' could be 60% or 0.6%: write 60% or 0.6%\n")
    assert [d.id for d in pl.deals(status="all")] == [deal_id]
    assert (pl.deal(deal_id).probability, pl.deal(deal_id).probability_overridden) == (10, False)
    code, out, _ = run(capsys, "deal", "edit", str(deal_id), "--probability", "1%")
    assert code == 0 and pl.deal(deal_id).probability == 1
    code, out, _ = run(capsys, "deal", "edit", str(deal_id), "--probability", "60")
    assert code == 0 and pl.deal(deal_id).probability == 60


def test_a_stage_named_next_or_back_is_moved_to_by_its_name(small_book, capsys):
    """A stage named Next could not be moved to: `deal move ID next` stepped instead.  The
    rep's exact stage name wins; the step keeps its other words (forward, prev)."""
    deal_id = deal_moves.create_deal(small_book["acme"], "A", 1000)  # in Qualify
    assert run(capsys, "stage", "add", "Next", "--probability", "60", "--after", "Propose")[0] == 0
    code, out, _ = run(capsys, "deal", "move", str(deal_id), "next")
    assert code == 0 and pl.deal(deal_id).stage == "Next" and "(Next, " in out
    code, _, _ = run(capsys, "deal", "move", str(deal_id), "forward")
    assert code == 0 and pl.deal(deal_id).stage == "Negotiate"
    code, _, _ = run(capsys, "deal", "move", str(deal_id), "back")  # no stage named Back: a step
    assert code == 0 and pl.deal(deal_id).stage == "Next"
    assert run(capsys, "stage", "add", "Backlog", "--probability", "5", "--after", "Qualify")[0] == 0
    code, _, _ = run(capsys, "deal", "move", str(deal_id), "back")  # only an exact name wins
    assert code == 0 and pl.deal(deal_id).stage == "Propose"


def test_won_reopened_and_won_again_says_the_holding_is_kept(small_book, capsys, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Sponsorship", 12000, product_id=small_book["analytics"])
    code, out, _ = run(capsys, "deal", "won", str(deal_id))
    assert code == 0 and "Analytics Pro holding added, renews 27 Nov 2027" in out
    code, out, _ = run(capsys, "deal", "reopen", str(deal_id))
    assert code == 0
    assert "the Analytics Pro holding stays as the win left it (winning the deal again keeps that term)" in out
    code, out, err = run(capsys, "deal", "won", str(deal_id), "--amount", "14000")
    assert code == 0 and err == ""  # 14,000 on a 12,000 deal: no note
    assert out.strip().endswith(
        "Analytics Pro holding kept from this deal's first win, now $14,000.00 a year (was $12,000.00), "
        "renews 27 Nov 2027")
    holding = Holding.get()
    assert (holding.ends_on, holding.annual_value) == (date(2027, 11, 27), Decimal("14000.00"))


def test_reopening_a_deal_of_no_recurring_product_names_no_holding(small_book, capsys):
    deal_id = deal_moves.create_deal(small_book["acme"], "Training", 2500, product_id=small_book["training"])
    deal_moves.win_deal(deal_id)
    code, out, _ = run(capsys, "deal", "reopen", str(deal_id))
    assert code == 0 and "holding" not in out


def test_won_at_a_hundredth_of_the_deal_notes_it_on_stderr(small_book, capsys, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Seats", 12500)
    code, out, err = run(capsys, "deal", "won", str(deal_id), "--amount", "12,5")
    assert code == 0 and out.startswith(f"Won #{deal_id} Acme Corp: Seats, $12.50 on Fri 27 Nov")
    assert err == ("note: won at $12.50, the deal was $12,500.00; `amtui undo` if that was a typo\n")
    assert pl.deal(deal_id).amount == Decimal("12.50")  # the win stands as typed
    other = deal_moves.create_deal(small_book["acme"], "Licences", 12500)
    code, out, err = run(capsys, "deal", "won", str(other), "--amount", "1.25m")
    assert code == 0 and err == "note: won at $1,250,000.00, the deal was $12,500.00; `amtui undo` if that was a typo\n"
    third = deal_moves.create_deal(small_book["acme"], "Support", 12500)
    code, _, err = run(capsys, "deal", "won", str(third))  # no --amount: nothing to compare
    assert code == 0 and err == ""


def test_an_edit_giving_what_the_deal_holds_writes_nothing(small_book, capsys):
    """The audit: `deal edit 43 --amount 10000` on a $10,000 deal wrote a new version and
    a "Deal edited" that undo then put back with nothing to show for it."""
    from amtui.core import undo

    deal = deal_moves.create_deal(small_book["acme"], "Seats", Decimal("10000"), close_on=date(2027, 1, 15))
    before = pl.deal(deal)
    assert main(["deal", "edit", str(deal), "--amount", "10k", "--close", "2027-01-15", "--title", " Seats "]) == 0
    assert capsys.readouterr().out.startswith("Nothing changed: #")
    assert pl.deal(deal) == before and undo.last_change() is None
    assert main(["deal", "edit", str(deal), "--amount", "10.5k"]) == 0  # a change is still a change
    assert "Nothing changed" not in capsys.readouterr().out
    assert pl.deal(deal).amount == Decimal("10500") and undo.last_change().startswith("Deal edited: Seats")
    assert deal_moves.update_deal(deal, amount=Decimal("10500")) is False
