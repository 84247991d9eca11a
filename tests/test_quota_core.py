"""Every quota figure worked by hand, with today frozen at Fri 27 Nov 2026 (2026-Q4 runs
1 Oct - 31 Dec: day 58 of 92, 25 business days left counting today)."""

from datetime import date
from decimal import Decimal as D

import pytest
from quota_fixtures import P, deal

from amtui.core import bookings as bk
from amtui.core import quota as q
from amtui.core import track_record as tr
from amtui.core.against_quota import coverage
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.forecast import annual_forecast, month_quota_shares
from amtui.core.pace import pace
from amtui.core.periods import parse_period
from amtui.core.settings import set_settings
from amtui.models import Client, FollowUp, Holding, Product

Q4 = parse_period("2026-Q4")


@pytest.fixture
def book(book_path):
    return book_path


# --- quotas ---------------------------------------------------------------------------
def test_set_quota_reads_what_people_type_and_updates_in_place(book):
    row = q.set_quota(P("2026-Q4"), "250k", set_by="Dana (VP Sales)", notes="FY26 plan")
    assert (row.period, row.amount, row.set_by, row.start) == ("2026-Q4", D("250000.00"), "Dana (VP Sales)", date(2026, 10, 1))
    again = q.set_quota(P("q4"), D("260000"))  # set_by and notes not given: kept
    assert (again.amount, again.set_by, again.notes) == (D("260000.00"), "Dana (VP Sales)", "FY26 plan")
    assert [r.period for r in q.quotas()] == ["2026-Q4"]
    assert bk.quota_for(Q4) == D("260000.00")


@pytest.mark.parametrize(
    "period, amount, field, words",
    [
        ("2026-11", "10k", "period", "month"),
        ("this month", "10k", "period", "fiscal quarter"),
        ("2026-Q4", "0", "amount", "above zero"),
        ("2026-Q4", "-5k", "amount", "negative"),
        ("2026-Q4", "lots", "amount", "not an amount"),
        ("2026-Q9", "10k", "period", "not a period"),
    ],
)
def test_set_quota_refuses_bad_input_and_writes_nothing(book, period, amount, field, words):
    with pytest.raises(InvalidInput) as exc:
        q.set_quota(P(period), amount)
    assert exc.value.field == field and words in exc.value.reason
    assert q.quotas() == []


def test_year_quota_is_the_sum_of_its_quarters_unless_set(book):
    assert bk.quota_for(P("FY2026")) is None
    q.set_quota(P("2026-Q1"), "200k")
    q.set_quota(P("2026-Q4"), "250k")
    assert bk.quota_for(P("FY2026")) == D("450000.00")
    q.set_quota(P("FY2026"), "1m")
    assert bk.quota_for(P("FY2026")) == D("1000000.00")
    assert bk.quota_for(P("2026-11")) is None  # a month has none
    assert [r.period for r in q.quotas()] == ["FY2026", "2026-Q1", "2026-Q4"]
    q.delete_quota(P("FY2026"))
    assert bk.quota_for(P("FY2026")) == D("450000.00")
    with pytest.raises(NotFound):
        q.delete_quota(P("FY2026"))


# --- bookings, attainment, gap --------------------------------------------------------
def test_won_counts_won_deals_by_won_date_inside_the_period(book):
    deal(100_000, status="won", closed_on=date(2026, 10, 1))  # first day: in
    deal(55_000.55, status="won", closed_on=date(2026, 12, 31))  # last day: in
    deal(7_000, status="won", closed_on=date(2026, 9, 30))  # the quarter before
    deal(9_000, status="lost", closed_on=date(2026, 11, 2))
    deal(30_000, close_on=date(2026, 11, 30))  # open
    assert bk.won_in(Q4) == D("155000.55")
    assert bk.won_in(P("2026-09")) == D("7000.00")
    assert bk.won_in(P("FY2026")) == D("162000.55")


def test_attainment_rounds_down_so_100_means_made():
    assert bk.attainment(D("155000"), D("250000")) == D("62.0")
    assert bk.attainment(D("99999.99"), D("100000")) == D("99.9")
    assert bk.attainment(D("100000"), D("100000")) == D("100.0")
    assert bk.attainment(D("1"), None) is None
    assert bk.gap_and_excess(D("155000"), D("250000")) == (D("95000"), D("0.00"))
    assert bk.gap_and_excess(D("260000"), D("250000")) == (D("0.00"), D("10000"))
    assert bk.gap_and_excess(D("5"), None) == (None, None)


# --- pace -----------------------------------------------------------------------------
def test_pace_worked_example(book):
    q.set_quota(P("2026-Q4"), "250k")
    deal(155_000, status="won", closed_on=date(2026, 11, 2))
    p = pace(Q4, date(2026, 11, 27))
    # expected = 250,000 x 58 / 92 = 157,608.6956... -> 157,608.70
    assert p.expected_to_date == D("157608.70")
    assert (p.ahead_by, p.behind_by) == (D("0.00"), D("2608.70"))
    # run rate = 155,000 / 58 x 92 = 245,862.068... -> 245,862.07
    assert p.run_rate_projection == D("245862.07")
    # 95,000 still to book over 25 business days
    assert (p.business_days_left, p.required_per_business_day) == (25, D("3800.00"))


def test_pace_before_after_and_without_quota(book):
    deal(50_000, status="won", closed_on=date(2026, 10, 5))
    before = pace(Q4, date(2026, 9, 1), quota=D("100000"))
    assert (before.elapsed_days, before.expected_to_date, before.run_rate_projection) == (0, D("0.00"), None)
    assert before.required_per_business_day == D("757.58")  # 50,000 over all 66 business days
    after = pace(Q4, date(2027, 1, 15), quota=D("100000"))
    assert (after.expected_to_date, after.behind_by, after.run_rate_projection) == (D("100000.00"), D("50000.00"), D("50000.00"))
    assert after.required_per_business_day is None  # no selling days left
    none = pace(Q4, date(2026, 11, 27))
    assert none.expected_to_date is None and none.ahead_by is None and none.required_per_business_day is None
    assert none.run_rate_projection == D("79310.34")  # 50,000 / 58 x 92


# --- forecast figures and coverage ----------------------------------------------------
def test_forecast_figures_and_coverage(book):
    q.set_quota(P("2026-Q4"), "250k")
    deal(155_000, status="won", closed_on=date(2026, 11, 2))
    deal(40_000, close_on=date(2026, 12, 15), probability=50, category="best case")
    deal(30_000, close_on=date(2026, 12, 20), probability=90, category="commit")
    deal(20_000, close_on=date(2026, 10, 20), probability=25, category="pipeline")  # overdue, still this quarter
    deal(33.33, close_on=date(2026, 12, 1), probability=33, category="omitted")  # 11.00 weighted
    deal(80_000, close_on=date(2027, 1, 10), probability=90, category="commit")  # next quarter
    f = q.period_forecast(Q4)
    assert f.open_count == 4
    assert f.open_pipeline == D("90033.33")
    assert f.weighted_pipeline == D("20000") + D("27000") + D("5000") + D("11.00")
    assert (f.commit, f.best_case) == (D("30000.00"), D("40000.00"))
    assert f.forecast_weighted == D("207011.00")
    assert f.forecast_commit == D("185000.00")
    assert f.forecast_best_case == D("225000.00")
    # coverage: 90,033.33 open / 95,000 still to book = 0.947... -> 0.9x
    assert coverage(f.open_pipeline, D("95000")) == D("0.9")
    assert coverage(D("240000"), D("100000")) == D("2.4")
    assert coverage(D("1"), D("0")) is None and coverage(D("1"), None) is None
    # the open deals read raw carry the same figures as the model's rows
    raw = q.open_deal_rows(Q4, date(2026, 11, 27))
    assert [tuple(d) for d in raw] == [tuple(d) for d in q.open_deals_in(Q4, date(2026, 11, 27)).namedtuples()]
    # a report passing the day's figures gets the same status as one working them out
    today = date(2026, 11, 27)
    standing = q.day_standing(today)
    assert q.quota_status(Q4, today, standing=standing) == q.quota_status(Q4, today)


def test_coverage_needed_from_win_rate_with_3x_fallback(book):
    assert tr.coverage_needed() == D("3.0") and tr.win_rate() is None  # no history
    deal(10_000, status="lost", closed_on=date(2026, 3, 1))
    assert tr.coverage_needed() is None  # lost everything: no coverage is enough
    deal(10_000, status="won", closed_on=date(2025, 10, 1))  # first day of the window
    deal(10_000, status="lost", closed_on=date(2026, 9, 30))  # last day of the window
    deal(10_000, status="won", closed_on=date(2025, 9, 30))  # before the window
    deal(10_000, status="won", closed_on=date(2026, 11, 1))  # this quarter: not completed
    assert tr.win_record() == (1, 2)
    assert tr.win_rate() == D("33.3")
    assert tr.coverage_needed() == D("3.0")  # 3 closed / 1 won
    deal(10_000, status="won", closed_on=date(2026, 5, 1))
    assert tr.coverage_needed() == D("2.0")


# --- history and misses -----------------------------------------------------------------
def test_history_and_misses_in_a_row(book):
    for label in ("2026-Q1", "2026-Q2", "2026-Q3"):
        q.set_quota(P(label), "100k")
    q.set_quota(P("2025-Q3"), "100k")
    deal(100_000, status="won", closed_on=date(2025, 8, 1))  # 2025-Q3: exactly on quota, a hit
    deal(90_000, status="won", closed_on=date(2026, 2, 1))  # misses in Q1, Q2, Q3
    deal(99_999.99, status="won", closed_on=date(2026, 9, 30))
    deal(500_000, status="won", closed_on=date(2026, 11, 1))  # this quarter never counts
    rows = tr.history(today=date(2026, 11, 27))
    labels = [r.period.label for r in rows]
    assert labels == ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    by = {r.period.label: r for r in rows}
    assert (by["2025-Q3"].hit, by["2025-Q3"].attainment_pct) == (True, D("100.0"))
    assert by["2025-Q4"].hit is None and by["2025-Q4"].quota is None
    assert (by["2026-Q3"].won, by["2026-Q3"].attainment_pct, by["2026-Q3"].hit) == (D("99999.99"), D("99.9"), False)
    # Q3, Q2, Q1 missed; 2025-Q4 had no quota, which ends the run
    assert tr.misses_in_a_row() == 3
    assert tr.probation_risk(3) and tr.probation_risk(2) and not tr.probation_risk(1)
    # a hit ends the run too
    deal(10_000, status="won", closed_on=date(2026, 5, 1))
    deal(1_000, status="won", closed_on=date(2026, 5, 2))
    assert bk.won_in(P("2026-Q2")) == D("11000.00")
    q.set_quota(P("2026-Q2"), "11k")
    assert tr.misses_in_a_row() == 1


def test_a_run_of_misses_ends_once_this_quarters_quota_is_made(book):
    """Two misses in a row are a probation risk until this quarter's number is made:
    "PROBATION RISK" beside "exceeded by" told the rep the opposite of the truth."""
    for label in ("2026-Q2", "2026-Q3", "2026-Q4"):
        q.set_quota(P(label), "100k")
    deal(50_000, status="won", closed_on=date(2026, 8, 1))  # Q2 and Q3 missed
    assert tr.misses_in_a_row() == 2 and not tr.made_this_quarter()
    assert q.quota_status(P("2026-Q4")).probation_risk
    assert tr.probation() == (2, True, False)
    assert "PROBATION RISK: 2 misses" in q.status_line()
    deal(100_000, status="won", closed_on=date(2026, 11, 20))  # Q4 made
    assert tr.made_this_quarter() and tr.misses_in_a_row() == 2
    status = q.quota_status(P("2026-Q4"))
    assert (status.misses_in_a_row, status.probation_risk) == (2, False)
    assert "PROBATION" not in q.status_line() and "quota made" in q.status_line()
    assert not tr.probation_risk(2, made_now=True) and tr.probation_risk(2)
    assert tr.probation() == (2, False, True) and tr.probation(made_now=False) == (2, True, False)
    assert status.run_ended


def test_misses_count_nothing_without_quotas(book):
    deal(5_000, status="won", closed_on=date(2026, 8, 1))
    assert tr.misses_in_a_row() == 0
    assert all(r.hit is None for r in tr.history())


# --- the bundle and the one-line status -------------------------------------------------
def test_quota_status_for_a_quarter_with_no_quota_and_no_deals(book):
    s = q.quota_status()
    assert (s.period.label, s.start, s.end) == ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
    assert s.quota is None and s.attainment_pct is None and s.gap is None and s.exceeded_by is None
    assert s.won == D("0.00") and s.run_rate_projection == D("0.00")
    assert s.expected_to_date is None and s.coverage is None and s.coverage_needed == D("3.0")
    assert s.commission is None and "no comp plan" in s.commission_note
    assert (s.misses_in_a_row, s.probation_risk, s.due_count) == (0, False, 0)
    assert q.status_line() == "No quota for 2026-Q4 yet: amtui quota set 2026-Q4 250k, or q on Quota"


def test_quota_status_bundles_every_figure(book):
    from amtui.core.comp_plan import set_plan

    q.set_quota(P("2026-Q4"), "250k")
    q.set_quota(P("2026-Q3"), "200k")
    q.set_quota(P("2026-Q2"), "200k")
    set_plan(base_salary="60k", rate="10%", tiers="0:0.5,50:1,100:1.5,125:2")
    deal(155_000, status="won", closed_on=date(2026, 11, 2))
    deal(40_000, close_on=date(2026, 12, 15), probability=50, category="best case")
    s = q.quota_status()
    assert (s.quota, s.won, s.attainment_pct, s.gap) == (D("250000.00"), D("155000.00"), D("62.0"), D("95000.00"))
    assert (s.expected_to_date, s.behind_by, s.ahead_by) == (D("157608.70"), D("2608.70"), D("0.00"))
    assert (s.weighted_pipeline, s.forecast_weighted, s.forecast_best_case) == (D("20000.00"), D("175000.00"), D("195000.00"))
    assert s.coverage == D("0.4")  # 40,000 / 95,000
    # 125,000 at 5% + 30,000 at 10%
    assert (s.commission, s.bonus) == (D("9250.00"), D("0.00"))
    assert (s.misses_in_a_row, s.probation_risk) == (2, True)
    assert q.status_line() == "Q4 62% of 250k · behind 2.6k · PROBATION RISK: 2 misses"


def test_status_line_ahead_made_exceeded_and_due(book):
    client = Client.create(name="Acme Media")
    FollowUp.create(client=client, title="Call back", due_on=date(2026, 11, 27))
    FollowUp.create(client=client, title="Send deck", due_on=date(2026, 11, 20))
    FollowUp.create(client=client, title="Later", due_on=date(2026, 12, 20))
    q.set_quota(P("2026-Q4"), "100k")
    deal(70_000, status="won", closed_on=date(2026, 10, 2))
    assert q.status_line() == "Q4 70% of 100k · ahead 7k · 2 due"  # 70,000 vs 63,043.48 expected
    deal(30_000, status="won", closed_on=date(2026, 10, 3))  # exactly on quota
    assert q.status_line() == "Q4 100% of 100k · quota made · 2 due"
    deal(12_500, status="won", closed_on=date(2026, 10, 4))
    assert q.status_line() == "Q4 112% of 100k · exceeded by 12.5k · 2 due"
    # a career's count reads as the agenda writes it
    assert q.status_line(due=14554) == "Q4 112% of 100k · exceeded by 12.5k · 14,554 due"
    assert q.quota_status().exceeded_by == D("12500.00") and q.quota_status().gap == D("0.00")
    assert q.quota_status().required_per_business_day == D("0.00")


def test_no_quota_line_suggests_last_quarters_amount(book):
    q.set_quota(P("2026-Q3"), "180k")
    assert q.status_line().startswith("No quota for 2026-Q4 yet: amtui quota set 2026-Q4 180k")


def test_fiscal_year_starting_in_february(book):
    set_settings(fy_start_month=2)
    # today (27 Nov 2026) is in 2027-Q4: 1 Nov 2026 - 31 Jan 2027, 92 days, day 27
    q.set_quota(P("2027-Q4"), "92k")
    deal(27_000, status="won", closed_on=date(2026, 11, 3))
    deal(5_000, status="won", closed_on=date(2026, 10, 31))  # 2027-Q3
    s = q.quota_status()
    assert (s.period.label, s.start, s.end, s.elapsed_days) == ("2027-Q4", date(2026, 11, 1), date(2027, 1, 31), 27)
    assert (s.won, s.expected_to_date, s.ahead_by, s.behind_by) == (D("27000.00"), D("27000.00"), D("0.00"), D("0.00"))
    assert q.status_line() == "Q4 29% of 92k · on pace"
    assert bk.quota_for(P("FY2027")) == D("92000.00")
    with pytest.raises(InvalidInput):
        q.quota_status(P("2026-11"))
    f = annual_forecast()
    assert (f.year.label, f.months[0].period.label, f.months[-1].period.label) == ("FY2027", "2026-02", "2027-01")
    assert [m.won for m in f.months[8:10]] == [D("5000.00"), D("27000.00")]  # October, November
    assert f.quarters[3].quota == D("92000.00") and f.quarters[3].won == D("27000.00")


# --- the annual forecast ----------------------------------------------------------------
def test_annual_forecast_by_month_and_quarter(book):
    q.set_quota(P("2026-Q4"), "250k")
    q.set_quota(P("2026-Q3"), "200k")
    deal(150_000, status="won", closed_on=date(2026, 8, 2))
    deal(155_000, status="won", closed_on=date(2026, 11, 2))
    deal(40_000, close_on=date(2026, 12, 15), probability=50, category="best case")
    deal(20_000, close_on=date(2026, 10, 20), probability=25)  # overdue
    deal(99_000, close_on=date(2027, 2, 1), probability=90)  # next year: not in FY2026
    acme = Client.create(name="Globex", renewal_on=date(2026, 12, 1))
    ads = Product.create(name="Display ads")
    Holding.create(client=acme, product=ads, annual_value=D("48000"))  # renews with the contract
    Holding.create(client=acme, product=Product.create(name="Search"), annual_value=D("12000"), ends_on=date(2026, 12, 31))
    f = annual_forecast()
    assert f.year.label == "FY2026" and len(f.months) == 12 and len(f.quarters) == 4
    nov, dec = f.months[10], f.months[11]
    assert (nov.status, nov.won, nov.quota) == ("current", D("155000.00"), D("83333.33"))
    assert (dec.status, dec.pipeline, dec.weighted, dec.best_case, dec.forecast) == (
        "future", D("40000.00"), D("20000.00"), D("40000.00"), D("20000.00")
    )
    q4 = f.quarters[3]
    status = q.quota_status(P("2026-Q4"))
    assert (q4.quota, q4.won, q4.weighted, q4.forecast) == (status.quota, status.won, status.weighted_pipeline, status.forecast_weighted)
    assert q4.gap == D("250000") - D("155000")  # gap to quota: quota - won, whatever the forecast
    # October is over: only what was won; its overdue deal counts in November, the current month
    oct_ = f.months[9]
    assert (oct_.status, oct_.open_count, oct_.pipeline, oct_.forecast_ceiling) == ("past", 0, D("0.00"), D("0.00"))
    assert (nov.open_count, nov.pipeline, nov.overdue_count) == (1, D("20000.00"), 1)
    assert f.quarters[2].exceeded_by == D("0.00") and f.quarters[2].gap == D("50000.00")
    assert sum((m.quota for m in f.months[9:]), D(0)) == D("250000.00")
    assert (f.total.quota, f.total.won, f.total.pipeline) == (D("450000.00"), D("305000.00"), D("60000.00"))
    assert f.coverage == D("0.4")  # 60,000 open / 145,000 still to book
    assert (f.overdue_count, f.overdue_amount) == (1, D("20000.00"))
    december = f.renewals[11]
    assert [(r.what, r.annual_value) for r in december.renewals] == [("Contract renewal", D("48000.00")), ("Search", D("12000.00"))]
    assert december.value == dec.renewals == D("60000.00") and f.total.renewals == D("60000.00")
    assert f.pay.commission == D("0.00")  # no comp plan
    assert annual_forecast(P("2026-Q2")).year.label == "FY2026"


def test_month_quota_shares_add_up():
    assert month_quota_shares(D("100000")) == [D("33333.33"), D("33333.33"), D("33333.34")]
    assert month_quota_shares(None) == [None, None, None]
