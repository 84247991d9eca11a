"""The commission statement: deals split over bands by hand-worked examples, shares that
add up to core's band figures to the cent (hypothesis), and the workbook read back and
reconciled with `amtui status --json`."""

from __future__ import annotations

import itertools
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports_fixtures import load, rows, totals

from amtui.cli import main
from amtui.core import comp_plan as cp
from amtui.core import quota
from amtui.core.clients import create_client
from amtui.core.commission_statement import band_label, commission_statement
from amtui.core.deal_moves import create_deal, win_deal
from amtui.core.errors import InvalidInput
from amtui.core.periods import parse_period
from amtui.models import Opportunity
from amtui.reports.export import plan_export, run_export

Q4 = parse_period("2026-Q4")
TIERS = "0:0.5,50:1,100:1.5,125:2"
NAMES = itertools.count()  # hypothesis reuses the book: each example its own client


def _won(client, amounts_and_days):
    for amount, day in amounts_and_days:
        deal = create_deal(client, f"Deal {amount}", Decimal(amount), close_on=day)
        win_deal(deal, day)


@pytest.fixture
def worked(book_path):
    """Quota 100,000; 10% with accelerators; a 5,000 bonus at 110%; cap 15,000; four
    deals won in order: 40,000, 30,000, 45,000, 15,000 (130,000: 130%)."""
    quota.set_quota(Q4, Decimal("100000"))
    cp.set_plan(rate="10%", tiers=TIERS, bonuses="110:5000", cap="15000",
                  effective_from=date(2026, 1, 1))
    client = create_client("Acme")
    _won(client, [("40000", date(2026, 10, 5)), ("30000", date(2026, 10, 20)),
                  ("45000", date(2026, 11, 3)), ("15000", date(2026, 11, 20))])
    return book_path


def test_deals_fill_the_bands_in_the_order_won(worked):
    s = commission_statement(Q4)
    parts = [[(band_label(p.band), p.booked, p.commission) for p in d.parts] for d in s.deals]
    assert parts == [
        [("0–50%", Decimal("40000"), Decimal("2000.00"))],
        [("0–50%", Decimal("10000"), Decimal("500.00")),
         ("50–100%", Decimal("20000"), Decimal("2000.00"))],
        [("50–100%", Decimal("30000"), Decimal("3000.00")),
         ("100–125%", Decimal("15000"), Decimal("2250.00"))],
        [("100–125%", Decimal("10000"), Decimal("1500.00")),
         ("125%+", Decimal("5000"), Decimal("1000.00"))],
    ]
    assert [d.earned for d in s.deals] == [Decimal("2000.00"), Decimal("2500.00"),
                                           Decimal("5250.00"), Decimal("2500.00")]
    assert s.commission_earned == Decimal("12250.00")
    assert s.bonus_earned == Decimal("5000")
    assert s.before_cap == Decimal("17250.00")
    assert s.cut_by_cap == Decimal("2250.00")
    assert s.total_paid == Decimal("15000.00")


def test_retroactive_pays_every_deal_at_the_band_reached(worked):
    cp.set_plan(rate="10%", tiers=TIERS, retroactive=True, effective_from=date(2026, 1, 1))
    s = commission_statement(Q4)
    assert [[band_label(p.band) for p in d.parts] for d in s.deals] == [["125%+"]] * 4
    assert [d.earned for d in s.deals] == [Decimal("8000.00"), Decimal("6000.00"),
                                           Decimal("9000.00"), Decimal("3000.00")]
    assert s.total_paid == Decimal("26000.00")


def test_no_plan_lists_the_deals_without_pay(book_path):
    quota.set_quota(Q4, Decimal("100000"))
    _won(create_client("Acme"), [("1000", date(2026, 10, 5))])
    s = commission_statement(Q4)
    assert [(d.amount, d.earned) for d in s.deals] == [(Decimal("1000.00"), None)]
    assert s.total_paid is None and "no comp plan" in s.pay.missing


def test_a_year_is_refused(book_path):
    with pytest.raises(InvalidInput, match="quarter"):
        commission_statement(parse_period("FY2026"))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.lists(st.integers(min_value=1, max_value=9_999_999), min_size=1, max_size=8),
       retroactive=st.booleans())
def test_shares_add_up_to_core_to_the_cent(book_path, cents, retroactive):
    Opportunity.delete().execute()
    quota.set_quota(Q4, Decimal("123456.78"))
    cp.set_plan(rate="7.3%", tiers="0:0.5,40:1,100:1.7,130:2.2", bonuses="100:999.99",
                  cap="20000", retroactive=retroactive, effective_from=date(2026, 1, 1))
    client = create_client(f"C{Opportunity.select().count()}-{next(NAMES)}")
    _won(client, [(str(Decimal(c) / 100), date(2026, 11, 1)) for c in cents])
    s = commission_statement(Q4)
    result = s.pay.result
    assert sum((d.amount for d in s.deals), Decimal(0)) == result.booked
    for band in result.bands:
        shares = [p.commission for d in s.deals for p in d.parts if p.band == band]
        assert sum(shares, Decimal(0)) == band.commission
        assert sum((p.booked for d in s.deals for p in d.parts if p.band == band),
                   Decimal(0)) == band.booked
    assert sum((d.earned for d in s.deals), Decimal(0)) == s.commission_earned
    assert s.total_paid == quota.quota_status(Q4).total_pay


def test_workbook_reconciles_with_status_json(worked, tmp_path, capsys):
    path = run_export(plan_export("commission", period="2026-Q4", output=tmp_path / "c.xlsx"))
    wb = load(path)
    assert wb.sheetnames == ["Summary", "Deals", "Definitions"]
    deals = rows(wb["Deals"])
    assert [r["Deal"] for r in deals] == ["Deal 40000", "Deal 30000", "(continued)",
                                         "Deal 45000", "(continued)", "Deal 15000",
                                         "(continued)"]
    assert [r["Earned"] for r in deals] == [2000, 500, 2000, 3000, 2250, 1500, 1000]
    assert [r["Rate"] for r in deals] == [0.05, 0.05, 0.1, 0.1, 0.15, 0.15, 0.2]
    assert totals(wb["Deals"])["Earned"] == 12250
    assert totals(wb["Deals"])["Amount"] == 130000
    assert wb["Deals"]["D2"].number_format.startswith("$#,##0.00")  # cents on a statement
    summary = wb["Summary"]
    lines = {r[0].value: r[1].value for r in summary.iter_rows() if r[0].value}
    assert lines["Commission on won deals"] == 12250
    assert lines["Bonus at 110% of quota"] == 5000
    assert lines["Before the cap"] == 17250
    assert lines["Cap ($15,000 a quarter)"] == -2250
    assert lines["Total paid"] == 15000
    assert main(["status", "--json", "--period", "2026-Q4"]) == 0
    status = json.loads(capsys.readouterr().out)
    paid = status.get("total_pay") or str(Decimal(status["commission"]) + Decimal(status["bonus"]))
    assert Decimal(paid) == Decimal(str(lines["Total paid"])) == Decimal("15000.00")
