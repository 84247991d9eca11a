"""The forecast ladder holds in every period of the demo book, and every place that
counts open pipeline agrees on it (overdue deals in the current period, none in a
period that is over)."""

from __future__ import annotations

from datetime import date

from peewee import fn
from quota_fixtures import deal

from amtui.core import commission, gap_deals, pipeline
from amtui.core.bookings import current_quarter, fy_start_month
from amtui.core.forecast import annual_forecast
from amtui.core.periods import quarter_of, quarters_of, shift, year_of
from amtui.core.quota import quota_status
from amtui.models import Opportunity


def _span() -> tuple[date, date]:
    first = Opportunity.select(fn.MIN(Opportunity.close_on), fn.MIN(Opportunity.closed_on)).tuples().get()
    last = Opportunity.select(fn.MAX(Opportunity.close_on), fn.MAX(Opportunity.closed_on)).tuples().get()
    return min(d for d in first if d), max(d for d in last if d)


def assert_ladder(s, today: date) -> None:
    label = s.period.label
    assert s.won <= s.forecast_commit <= s.forecast_best_case <= s.forecast_ceiling, label
    # the expected value sits beside the ladder, between what is won and the ceiling
    assert s.won <= s.forecast_weighted <= s.forecast_ceiling, label
    if s.period.end < today:  # over: only what was won
        assert (s.open_count, s.forecast_ceiling, s.required_per_business_day) == (0, s.won, None), label
    if s.quota is not None:
        assert s.gap == max(s.quota - s.won, 0), label
    if s.total_pay is not None:
        assert s.commission + s.bonus - s.capped_by == s.total_pay, label


def test_the_ladder_holds_in_every_quarter_and_year_of_the_demo_book(demo_book):
    today = date(2026, 11, 27)
    first, last = _span()
    fsm = fy_start_month()
    year, end_year = year_of(first, fsm), year_of(last, fsm)
    walked = 0
    while year.start <= end_year.start:
        forecast = annual_forecast(year, today)
        yearly = quota_status(year, today)
        assert_ladder(yearly, today)
        assert (forecast.total.won, forecast.total.forecast_ceiling, forecast.total.forecast) == (
            yearly.won, yearly.forecast_ceiling, yearly.forecast_weighted)
        for q, row in zip(quarters_of(year), forecast.quarters, strict=True):
            s = quota_status(q, today)
            assert_ladder(s, today)
            # the forecast's quarter is the Quota screen's quarter, to the cent
            assert (row.won, row.pipeline, row.weighted, row.forecast_commit, row.forecast_best_case,
                    row.forecast_ceiling, row.gap) == (
                s.won, s.open_pipeline, s.weighted_pipeline, s.forecast_commit, s.forecast_best_case,
                s.forecast_ceiling, s.gap), q.label
            walked += 1
        for m in forecast.months:
            assert m.won <= m.forecast_commit <= m.forecast_best_case <= m.forecast_ceiling, m.period.label
            if m.status == "past":
                assert m.forecast_ceiling == m.won and m.open_count == 0, m.period.label
        year = shift(year, 1)
    assert walked >= 8


def test_overdue_deals_count_in_the_current_quarter_everywhere(demo_book):
    today = date(2026, 11, 27)
    q = current_quarter(today)
    deal(7_000, close_on=date(2026, 9, 1), probability=40, client_name="Late Ltd")  # last quarter's
    status = quota_status(q, today)
    on_pipeline = pipeline.deals(period=q, today=today)
    on_quota_screen = gap_deals.deals_to_close_gap(q, today)
    overdue = [d for d in on_pipeline if d.close_on < today]
    assert overdue and status.overdue_count == len(overdue)  # the demo book has some
    assert any(d.close_on < q.start for d in overdue)  # ... from before this quarter too
    assert {d.id for d in on_pipeline} == {d.id for d in on_quota_screen}
    assert status.open_count == len(on_pipeline)
    assert status.open_pipeline == pipeline.pipeline_totals(on_pipeline).amount
    assert status.weighted_pipeline == pipeline.pipeline_totals(on_pipeline).weighted
    assert all(d.stale_reason.startswith("close date passed") for d in overdue)
    assert sum(1 for d in on_quota_screen if d.overdue) == len(overdue)
    month = annual_forecast(q, today).months[today.month - 1]
    assert month.overdue_count == len(overdue)
    # a quarter that is over: nothing open in it on any of them
    before = quarter_of(shift(q, -1).start)
    assert pipeline.deals(period=before, today=today) == []
    assert gap_deals.deals_to_close_gap(before, today) == []


def test_pays_if_all_won_is_one_figure_for_the_deals_together(demo_book):
    today = date(2026, 11, 27)
    rows = pipeline.deals(period=current_quarter(today), today=today)
    together = commission.pay_if_won(rows, today)
    each = commission.what_deals_pay(rows, today)
    assert together.adds <= sum(each.values())  # the cap and the bonus count once
    on_screen = gap_deals.deals_to_close_gap(current_quarter(today), today)
    assert on_screen[-1].pays_together == together.adds
