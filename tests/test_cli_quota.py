"""`amtui quota`, `amtui plan` and `amtui status` from the shell, JSON keys and values."""

import json
from datetime import date

from quota_fixtures import P, deal

from amtui.cli import main
from amtui.core import bookings as bk
from amtui.core import comp_plan as cp
from amtui.core import quota as q

ISSUE_KEYS = {
    "period", "start", "end", "quota", "won", "attainment_pct", "gap", "expected_to_date",
    "run_rate_projection", "weighted_pipeline", "forecast_weighted", "forecast_commit",
    "forecast_best_case", "coverage", "coverage_needed", "commission", "bonus",
    "misses_in_a_row", "probation_risk",
}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_quota_set_list_and_delete(book_path, capsys):
    code, out, _ = run(capsys, "quota", "set", "2026-Q4", "250k", "--set-by", "Dana", "--notes", "stretch")
    assert code == 0 and out.strip() == "Quota for 2026-Q4 (1 Oct – 31 Dec 2026): $250,000.00, set by Dana"
    run(capsys, "quota", "set", "FY2027", "1.2m")
    code, out, _ = run(capsys, "quota", "list", "--json")
    assert json.loads(out) == [
        {"period": "2026-Q4", "kind": "quarter", "start": "2026-10-01", "end": "2026-12-31",
         "amount": "250000.00", "set_by": "Dana", "notes": "stretch"},
        {"period": "FY2027", "kind": "year", "start": "2027-01-01", "end": "2027-12-31",
         "amount": "1200000.00", "set_by": "", "notes": ""},
    ]
    code, out, _ = run(capsys, "quota")
    assert "2026-Q4" in out and "$250,000.00" in out and "Dana" in out
    code, out, _ = run(capsys, "quota", "delete", "FY2027")
    assert code == 0 and "FY2027" in out and bk.quota_for(P("FY2027")) is None


def test_quota_set_over_a_quota_says_what_it_replaced(book_path, capsys, frozen_today):
    run(capsys, "quota", "set", "2026-Q4", "300k")
    code, out, err = run(capsys, "quota", "set", "Q4", "12,5k")
    assert (code, err) == (0, "")
    assert out.strip() == "Quota for 2026-Q4 (1 Oct – 31 Dec 2026): $12,500.00 (was $300,000.00)"
    code, out, _ = run(capsys, "quota", "set", "Q4", "12.5k", "--set-by", "Dana")  # the same amount
    assert out.strip() == "Quota for 2026-Q4 (1 Oct – 31 Dec 2026): $12,500.00, set by Dana"
    code, out, _ = run(capsys, "quota", "set", "FY2026", "1m")  # the year's own quota, none before
    assert out.strip() == "Quota for FY2026 (1 Jan – 31 Dec 2026): $1,000,000.00"


def test_quota_set_refusals_are_one_line(book_path, capsys):
    code, out, err = run(capsys, "quota", "set", "2026-11", "10k")
    assert code == 1 and err.strip() == (
        "amtui: period: 2026-11 is a month; quotas are set per fiscal quarter (e.g. 2026-Q4) "
        "or fiscal year (e.g. FY2026)"
    )
    code, _, err = run(capsys, "quota", "set", "2026-Q4", "a lot")
    assert code == 1 and err.startswith("amtui: amount: 'a lot' is not an amount")
    # a non-period suggests only what a quota takes: no month, refused a line above
    quota_help = "write 2026-Q4, Q4, this quarter, next quarter or FY2026"
    for argv in (("quota", "set", "yesterday", "10k"), ("quota", "delete", "yesterday")):
        code, _, err = run(capsys, *argv)
        assert code == 1 and err.strip() == f"amtui: period: 'yesterday' is not a period; {quota_help}"
    code, _, err = run(capsys, "status", "--period", "yesterday")
    assert code == 1 and err.strip() == f"amtui: status: 'yesterday' is not a period; {quota_help}"
    assert q.quotas() == []


def test_status_json_keys_and_values(book_path, capsys):
    q.set_quota(P("2026-Q4"), "250k")
    q.set_quota(P("2026-Q3"), "200k")
    q.set_quota(P("2026-Q2"), "200k")
    cp.set_plan(base_salary="60k", rate="10%", tiers="0:0.5,50:1,100:1.5,125:2", bonuses="110:5000")
    deal(155_000, status="won", closed_on=date(2026, 11, 2))
    deal(150_000, status="won", closed_on=date(2026, 8, 2))
    deal(10_000, status="lost", closed_on=date(2026, 8, 3))
    deal(40_000, close_on=date(2026, 12, 15), probability=50, category="best case")
    deal(30_000, close_on=date(2026, 12, 20), probability=90, category="commit")
    deal(20_000, close_on=date(2026, 10, 20), probability=25, category="pipeline")
    code, out, _ = run(capsys, "status", "--json")
    data = json.loads(out)
    assert code == 0 and ISSUE_KEYS <= set(data)
    assert {k: data[k] for k in ISSUE_KEYS} == {
        "period": "2026-Q4",
        "start": "2026-10-01",
        "end": "2026-12-31",
        "quota": "250000.00",
        "won": "155000.00",
        "attainment_pct": 62.0,
        "gap": "95000.00",
        "expected_to_date": "157608.70",
        "run_rate_projection": "245862.07",
        "weighted_pipeline": "52000.00",
        "forecast_weighted": "207000.00",
        "forecast_commit": "185000.00",
        "forecast_best_case": "225000.00",
        "coverage": 0.9,
        "coverage_needed": 2.0,
        "commission": "9250.00",
        "bonus": "0.00",
        "misses_in_a_row": 2,
        "probation_risk": True,
    }
    assert (data["behind_by"], data["required_per_business_day"], data["win_rate_pct"]) == ("2608.70", "3800.00", 50.0)
    code, out, _ = run(capsys, "status", "--line")
    assert out == "Q4 62% of 250k · behind 2.6k · PROBATION RISK: 2 misses\n"
    code, out, _ = run(capsys, "status")
    assert "62.0% of $250,000.00" in out and "PROBATION RISK" in out and "behind by $2,608.70" in out


def test_status_json_nulls_without_quota_or_plan(book_path, capsys):
    code, out, _ = run(capsys, "status", "--json", "--period", "2027-Q1")
    data = json.loads(out)
    assert (data["period"], data["start"], data["end"]) == ("2027-Q1", "2027-01-01", "2027-03-31")
    for key in ("quota", "attainment_pct", "gap", "expected_to_date", "coverage", "commission", "bonus"):
        assert data[key] is None, key
    assert data["run_rate_projection"] is None  # the quarter has not started
    assert (data["won"], data["coverage_needed"], data["probation_risk"]) == ("0.00", 3.0, False)
    code, out, _ = run(capsys, "status", "--line")
    assert out.strip() == "No quota for 2026-Q4 yet: amtui quota set 2026-Q4 250k, or q on Quota"
    code, _, err = run(capsys, "status", "--period", "someday")
    assert code == 1 and "not a period" in err


def test_status_for_a_fiscal_year(book_path, capsys):
    q.set_quota(P("2026-Q1"), "100k")
    q.set_quota(P("2026-Q4"), "150k")
    deal(50_000, status="won", closed_on=date(2026, 2, 1))
    code, out, _ = run(capsys, "status", "--json", "--period", "FY2026")
    data = json.loads(out)
    assert (data["period"], data["quota"], data["won"], data["attainment_pct"]) == ("FY2026", "250000.00", "50000.00", 20.0)


def test_plan_set_and_show(book_path, capsys):
    code, out, _ = run(
        capsys, "plan", "set", "--base", "60000", "--rate", "10%", "--tiers", "0:0.5,50:1,100:1.5,125:2",
        "--bonus", "110:5000", "--bonus", "125:10k", "--cap", "40000",
    )
    assert code == 0 and out.startswith("Comp plan from Thu 1 Jan: 10% of bookings · marginal tiers")
    run(capsys, "plan", "set", "--retroactive", "--cap", "none")  # keeps everything else
    code, out, _ = run(capsys, "plan", "show", "--json")
    assert json.loads(out) == {
        "current": {
            "effective_from": "2026-01-01",
            "base_salary": "60000.00",
            "rate_pct": 10.0,
            "tiers": [
                {"threshold_pct": 0.0, "multiplier": 0.5},
                {"threshold_pct": 50.0, "multiplier": 1.0},
                {"threshold_pct": 100.0, "multiplier": 1.5},
                {"threshold_pct": 125.0, "multiplier": 2.0},
            ],
            "bonuses": [
                {"threshold_pct": 110.0, "amount": "5000.00"},
                {"threshold_pct": 125.0, "amount": "10000.00"},
            ],
            "cap": None,
            "retroactive": True,
        },
        "later": [],
    }
    run(capsys, "plan", "set", "--rate", "12%", "--from", "2027-01-01", "--marginal", "--bonus", "none")
    q.set_quota(P("2026-Q4"), "100k")
    deal(130_000, status="won", closed_on=date(2026, 11, 2))
    code, out, _ = run(capsys, "plan")
    assert "Tiers        retroactive: below 50%: 0.5x (5%)" in out
    assert "Comp plan from 1 Jan 2027" in out and "Bonuses      none" in out
    # retroactive: 130,000 at 20% + both bonuses
    assert "2026-Q4 so far, on $130,000.00 won (130.0% of $100,000.00):" in out
    assert "Commission earned  $26,000.00\n  Bonuses earned     $15,000.00\n  Total paid         $41,000.00" in out


def test_plan_set_needs_a_rate_first_and_refuses_bad_tiers(book_path, capsys):
    code, _, err = run(capsys, "plan", "set", "--base", "60k")
    assert code == 1 and "--rate" in err
    code, _, err = run(capsys, "plan", "set", "--rate", "10", "--tiers", "0:0.5,50")
    assert code == 1 and err.startswith("amtui: tiers: '50' needs two parts")
    assert cp.plans() == []


def test_status_json_splits_pay_at_the_cap(book_path, capsys):
    # the issue's worked test: 130,000 on 100,000 with a cap of 15,000
    q.set_quota(P("2026-Q3"), "100k")
    cp.set_plan(rate="10%", tiers="0:0.5,50:1,100:1.5,125:2", bonuses="110:5000", cap="15000")
    deal(130_000, status="won", closed_on=date(2026, 8, 2))
    deal(8_000, status="lost", closed_on=date(2026, 9, 2))
    deal(5_000, close_on=date(2026, 9, 20), probability=50)  # overdue: counts in Q4, not Q3
    code, out, _ = run(capsys, "status", "--json", "--period", "2026-Q3")
    data = json.loads(out)
    assert {k: data[k] for k in ("commission", "bonus", "capped_by", "total_pay", "commission_capped")} == {
        "commission": "12250.00", "bonus": "5000.00", "capped_by": "2250.00", "total_pay": "15000.00",
        "commission_capped": True,
    }
    # the quarter is over: it holds only what was won, and needs nothing a business day
    assert (data["open_deals"], data["open_pipeline"], data["forecast_ceiling"]) == (0, "0.00", "130000.00")
    assert data["required_per_business_day"] is None
    code, out, _ = run(capsys, "status", "--json")
    now = json.loads(out)
    assert (now["open_deals"], now["overdue_deals"], now["overdue_amount"]) == (1, 1, "5000.00")
    code, out, _ = run(capsys, "status", "--period", "2026-Q3")
    assert "Cut by the cap     -$2,250.00" in out and "Total paid         $15,000.00" in out


def test_status_says_no_wins_yet_when_every_deal_was_lost(book_path, capsys):
    q.set_quota(P("2026-Q4"), "100k")
    deal(8_000, status="lost", closed_on=date(2026, 9, 2))
    deal(5_000, close_on=date(2026, 12, 20), probability=50)
    code, out, _ = run(capsys, "status", "--json")
    assert json.loads(out)["coverage_needed"] is None
    code, out, _ = run(capsys, "status")
    assert "needed no wins yet" in out and "from 1 open deal (" in out


def test_status_of_a_quarter_not_begun_says_it_has_no_run_rate_yet(book_path, capsys):
    """It printed 'run rate ends at ;' (no figure) for a quarter still to come."""
    q.set_quota(P("2027-Q1"), "120k")
    code, out, _ = run(capsys, "status", "--period", "2027-Q1")
    assert code == 0 and "run rate ends at ;" not in out
    assert "no run rate before it starts on 1 Jan 2027" in out


def test_status_says_a_made_quarter_ends_the_run_of_misses(book_path, capsys):
    for label in ("2026-Q2", "2026-Q3", "2026-Q4"):
        q.set_quota(P(label), "100k")
    deal(50_000, status="won", closed_on=date(2026, 8, 1))
    code, out, _ = run(capsys, "status")
    assert code == 0 and "Track record 2 misses in a row: PROBATION RISK" in out
    deal(120_000, status="won", closed_on=date(2026, 11, 20))
    code, out, _ = run(capsys, "status")
    assert "Track record 2 misses in a row, ended by this quarter's number" in out
    assert "PROBATION" not in run(capsys, "status", "--line")[1]


def test_the_same_quota_set_again_writes_nothing(book_path, capsys, frozen_today):
    """The audit: `quota set 2026-Q4 300000` over $300,000 wrote a new version and a
    "Quota set" for undo to put back with nothing to show for it."""
    from amtui.core import undo

    assert main(["quota", "set", "2026-Q4", "300k"]) == 0
    version = q.quotas()[0].version
    assert main(["quota", "set", "2026-Q4", "300,000"]) == 0
    assert "$300,000.00" in capsys.readouterr().out
    assert q.quotas()[0].version == version
    assert undo.history() == ["Quota set: 2026-Q4 at $300,000"]  # the first set only
    assert main(["quota", "set", "2026-Q4", "310k"]) == 0  # a change is still one
    assert q.quotas()[0].version == version + 1 and len(undo.history()) == 2
    assert "Nothing changed: Quota for 2026-Q4" not in capsys.readouterr().out
    assert main(["quota", "set", "2026-Q4", "310,000.00"]) == 0
    assert capsys.readouterr().out.startswith("Nothing changed: Quota for 2026-Q4 (")


def test_the_same_plan_set_again_writes_nothing_and_says_so(book_path, capsys, frozen_today):
    """The audit: `plan set` with the plan's own figures wrote a new version and a "Comp
    plan set" for undo to put back, as the quota had."""
    from amtui.core import undo

    assert main(["plan", "set", "--base", "60000", "--rate", "10%", "--tiers", "0:0.5,100:1.5"]) == 0
    plan = cp.current_plan()
    assert not capsys.readouterr().out.startswith("Nothing changed")
    assert main(["plan", "set", "--rate", "10", "--base", "60,000.00"]) == 0  # the same, typed otherwise
    assert capsys.readouterr().out.startswith("Nothing changed: Comp plan from ")
    assert cp.current_plan().version == plan.version
    assert len(undo.history()) == 1
    assert main(["plan", "set", "--rate", "11%"]) == 0  # a change is still one
    assert not capsys.readouterr().out.startswith("Nothing changed")
    assert cp.current_plan().version == plan.version + 1 and len(undo.history()) == 2
