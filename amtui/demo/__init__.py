"""The demo book: deterministic, realistic, dated from today so it never goes stale.

The same seed and the same today give the same book, row for row.  It scales: 5,000
clients (about 40 interactions and 4 deals each) are written in well under 30 seconds,
in chunks of clients, one transaction per chunk, rows inserted in batches.
Rows get explicit ids (read inside each chunk's transaction) so a chunk's contacts,
deals and follow-ups can point at each other without a round trip per row.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from amtui.core import clock
from amtui.core.settings import get_settings
from amtui.db import ids_written
from amtui.demo import names
from amtui.demo.deals import (
    DealPlan,
    DealWriter,
    StageInfo,
    comp_plan_row,
    plan_deals,
    quarters,
    quota_rows,
)
from amtui.models import (
    BOOK_RECORDS,
    Client,
    Commitment,
    CompPlan,
    Contact,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    Product,
    Quota,
    ServiceIssue,
    Setting,
    Stage,
    StageChange,
    database,
)

REP_NAME = "Dana Whitfield"
COMPANY = "Northwind Media Group"
CHUNK_CLIENTS = 100  # clients written per transaction: short enough (well under a second, even on a busy machine) that an open amtui saving meanwhile never waits out its 5 s busy timeout
BATCH_ROWS = 2000  # rows converted and sent per executemany call
INTERACTIONS_BY_TIER = {"A": 55, "B": 40, "C": 25}  # about 40 a client on average
KINDS = ("call", "email", "meeting", "note", "visit")
KIND_WEIGHTS = (35, 35, 15, 10, 5)
FOLLOW_UP_BUCKETS = (("overdue", 20), ("today", 10), ("week", 25), ("later", 45))
# what a chunk of clients writes, parents first: the book's records but the catalogue and the plan
PER_CLIENT = tuple(m for m in BOOK_RECORDS if m not in (Product, Quota, CompPlan))


def build_demo_book(clients: int = 40, seed: int = 7) -> None:
    """Write a demo book of `clients` clients into the open book."""
    if clients < 1:
        raise ValueError("clients must be at least 1")
    from amtui.undo_schema import text_index_paused

    with text_index_paused(database.obj):  # the text index in one go at the end
        _Builder(clients, seed).build()
    ids_written()  # the builder gives ids itself: a server book's id sequences move on


def _insert(model, rows: list[dict]) -> None:
    """Insert rows of one model in batches through the fields' own conversions.

    Peewee's `insert_many` builds SQL value by value (about 80% of the demo's time at
    5,000 clients); one prepared INSERT run with `executemany` and each field's
    `db_value` (cents, UTC text, ids) writes the same rows ten times faster.
    """
    if not rows:
        return
    keys = list(rows[0])
    # fields the rows leave out get their model default (all constants: the demo gives
    # every timestamp itself so the book is deterministic)
    defaults = {
        name: field.default
        for name, field in model._meta.fields.items()
        if name not in keys and field.default is not None and not callable(field.default)
    }
    fields = [model._meta.fields[k] for k in [*keys, *defaults]]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([database.param] * len(fields))  # "?" on SQLite, "%s" on PostgreSQL
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    convert = [(k, f.db_value) for k, f in zip(keys, fields, strict=False)]
    fixed = tuple(f.db_value(v) for f, v in zip(fields[len(keys) :], defaults.values(), strict=True))
    cursor = database.cursor()
    for start in range(0, len(rows), BATCH_ROWS):
        batch = rows[start : start + BATCH_ROWS]
        cursor.executemany(sql, [(*(conv(row[k]) for k, conv in convert), *fixed) for row in batch])


def _weekday(day: date, *, forward: bool = False) -> date:
    """People work Monday to Friday: a weekend day moves to Friday (or Monday)."""
    while day.weekday() >= 5:
        day += timedelta(days=1 if forward else -1)
    return day


def _next_id(model) -> int:
    return (model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0) + 1


class _Builder:
    def __init__(self, clients: int, seed: int):
        self.n, self.rng = clients, random.Random(seed)
        self.today = clock.today()
        self.now_text = clock.now().strftime("%Y-%m-%d %H:%M:%S")
        self.fsm = get_settings().fy_start_month
        self.quarters = quarters(self.today, self.fsm)

    def stamp(self, day: date) -> str:
        """A working-hours UTC timestamp on `day`, never later than now."""
        text = f"{day.isoformat()} {self.rng.randint(13, 21):02d}:{self.rng.choice((0, 10, 20, 30, 45)):02d}:00"
        return min(text, self.now_text)

    def build(self) -> None:
        with database.atomic():
            self._settings()
            self.rep = get_settings().rep_name  # the rep's own name if they set one
            products = self._products()
            quotas = quota_rows(self.n, self.quarters)
            Quota.insert_many(quotas).on_conflict_ignore().execute()
            CompPlan.insert(comp_plan_row(self.quarters)).on_conflict_ignore().execute()
            stages = list(Stage.select().order_by(Stage.position))
        info = [StageInfo(s.id, s.name, s.probability, s.forecast_category, s.rot_days) for s in stages]
        outcome = {s.id: s.outcome for s in stages}
        open_stages = [s for s in info if outcome[s.id] == "open"]
        won = next(s for s in info if outcome[s.id] == "won")
        lost = next(s for s in info if outcome[s.id] == "lost")
        clients = self._client_specs()
        self.deals = DealWriter(self.rng, self.today, self.stamp, open_stages, won, lost, products, self.fsm)
        plans = plan_deals(self.rng, clients, quotas, self.quarters, self.today)
        live = [i for i, c in enumerate(clients) if c["status"] != "churned"] or [0]
        self.follow_ups_of = self._deal_out(self._spread(FOLLOW_UP_BUCKETS, max(12, round(self.n * 1.3))), live)
        self.issues_of = self._deal_out(self._issue_specs(), range(self.n))
        for start in range(0, self.n, CHUNK_CLIENTS):
            with database.atomic():
                self._write_chunk(clients, start, products, plans)

    # --- the book's frame -----------------------------------------------------------
    def _settings(self) -> None:
        for key, value in (("rep_name", REP_NAME), ("company", COMPANY)):
            row = Setting.get_or_none(Setting.key == key)
            if row is None or not row.value:  # never overwrite the rep's own name
                Setting.insert(key=key, value=value).on_conflict(
                    conflict_target=[Setting.key], update={Setting.value: value}).execute()

    def _products(self) -> list[dict]:
        Product.insert_many(
            [{"name": n, "family": f, "list_price": Decimal(p), "recurring": r}
             for n, f, p, r in names.PRODUCTS]
        ).on_conflict_ignore().execute()
        wanted = [p[0] for p in names.PRODUCTS]
        found = {p.name: p for p in Product.select().where(Product.name.in_(wanted))}
        return [{"id": found[n].id, "name": n, "list_price": found[n].list_price,
                 "recurring": found[n].recurring} for n in wanted]

    def _spread(self, buckets, count: int) -> list[str]:
        """`count` labels in the given proportions (each at least twice), shuffled."""
        total = sum(w for _, w in buckets)
        out = [label for label, w in buckets for _ in range(max(2, round(count * w / total)))]
        self.rng.shuffle(out)
        return out

    def _deal_out(self, items: list, clients) -> dict[int, list]:
        """Hand each item to a random client of `clients`, by client index."""
        out: dict[int, list] = {}
        for item, index in zip(items, self.rng.choices(list(clients), k=len(items)), strict=True):
            out.setdefault(index, []).append(item)
        return out

    def _issue_specs(self) -> list[tuple[str, bool]]:
        """(severity, resolved) for every service issue: each severity both open and resolved."""
        sev = ("low", "medium", "high", "critical")
        specs = [(s, r) for s in sev for r in (False, True)]
        extra = max(8, round(self.n * 0.45)) - len(specs)
        specs += [(self.rng.choices(sev, (30, 35, 25, 10))[0], self.rng.random() < 0.6)
                  for _ in range(max(0, extra))]
        self.rng.shuffle(specs)
        return specs

    def _client_specs(self) -> list[dict]:
        rng, specs, used = self.rng, [], set()
        curated = [(name, ind) for ind, (names_, _, _) in names.INDUSTRIES.items() for name in names_]
        rng.shuffle(curated)
        industries = list(names.INDUSTRY_WEIGHTS)
        weights = list(names.INDUSTRY_WEIGHTS.values())
        for i in range(self.n):
            if i < len(curated):
                name, industry = curated[i]
            else:
                industry = rng.choices(industries, weights)[0]
                _, stems, suffixes = names.INDUSTRIES[industry]
                name = f"{rng.choice(stems)} {rng.choice(suffixes)}"
                if Client.key_for(name) in used:
                    name = f"{name} {rng.choice(names.REGIONS)}"
                while Client.key_for(name) in used:
                    name = f"{name.rsplit(' #', 1)[0]} #{rng.randint(2, 999)}"
            used.add(Client.key_for(name))
            specs.append({"name": name, "industry": industry,
                          "tier": rng.choices("ABC", (25, 45, 30))[0],
                          "status": rng.choices(("active", "at risk", "churned"), (78, 15, 7))[0]})
        return specs

    # --- one chunk of clients ---------------------------------------------------------
    def _write_chunk(self, specs: list[dict], start: int, products, plans) -> None:
        ids = {m: _next_id(m) for m in PER_CLIENT}
        rows: dict = {m: [] for m in ids}
        for index in range(start, min(start + CHUNK_CLIENTS, self.n)):
            client_id = ids[Client]
            ids[Client] += 1
            self._client(rows, ids, client_id, index, specs[index], products, plans.get(index, []))
        for model in PER_CLIENT:
            _insert(model, rows[model])

    def _take(self, ids, model) -> int:
        ids[model] += 1
        return ids[model] - 1

    def _client(self, rows, ids, client_id, index, spec, products, plans: list[DealPlan]) -> None:
        rng, today = self.rng, self.today
        handed = today - timedelta(rng.randint(90, 1400))
        city, state, area = rng.choice(names.CITIES)
        slug = "".join(ch for ch in spec["name"].lower().split(" #")[0] if ch.isalnum())
        held = rng.sample([p for p in products if p["recurring"]], rng.randint(1, 3))
        cadence = rng.choice((7, 21, 45)) if rng.random() < 0.1 else None
        p1, p2 = held[0]["name"], rng.choice(products)["name"]
        client = {
            "id": client_id, "name": spec["name"], "name_key": Client.key_for(spec["name"]),
            "industry": spec["industry"], "tier": spec["tier"], "status": spec["status"],
            "handed_over_on": handed, "handed_over_by": rng.choice(names.BD_COLLEAGUES),
            "handover_notes": rng.choice(names.HANDOVER).format(p1=p1, p2=p2, month=handed.strftime("%B %Y")),
            "needs": rng.choice(names.NEEDS), "cadence_days": cadence,
            "website": f"https://www.{slug}.com", "phone": f"({area}) 555-01{rng.randint(0, 99):02d}",
            "address": f"{rng.randint(10, 990)} {rng.choice(names.STREETS)}, {city}, {state}",
            "archived": spec["status"] == "churned" and rng.random() < 0.3,
            "created_at": self.stamp(handed), "updated_at": self.stamp(handed),
        }
        rows[Client].append(client)
        contacts = self._contacts(rows, ids, client_id, slug, area, handed)
        holdings = self._holdings(rows, ids, client_id, held, handed, spec["status"])
        active_ends = [h["ends_on"] for h in holdings if h["status"] == "active"]
        client["renewal_on"] = min(active_ends) if active_ends else None
        self._interactions(rows, ids, client_id, spec, contacts, handed, cadence, held)
        open_deals = []
        for plan in plans:
            deal, changes = self.deals.rows(plan, client_id, self._take(ids, Opportunity), held)
            rows[Opportunity].append(deal)
            rows[StageChange] += [{"id": self._take(ids, StageChange), **c} for c in changes]
            if deal["status"] == "open":
                open_deals.append(deal["id"])
        issues = self._issues(rows, ids, client_id, contacts, self.issues_of.get(index, []))
        if spec["status"] != "churned":
            buckets = [None] * self.rng.randint(1, 2) + self.follow_ups_of.get(index, [])
            self._follow_ups(rows, ids, client_id, contacts, open_deals, issues, held, buckets)
        self._commitments(rows, ids, client_id, handed, client["handed_over_by"])

    def _contacts(self, rows, ids, client_id, slug, area, handed) -> list[tuple[int, str]]:
        rng, out = self.rng, []
        people = set()
        for i in range(rng.randint(2, 4)):
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
            while (first, last) in people:
                first = rng.choice(names.FIRST_NAMES)
            people.add((first, last))
            titles = [t for t, w in names.TITLES if w > 0] if i == 0 else [t for t, _ in names.TITLES]
            contact_id = self._take(ids, Contact)
            email = f"{first}.{last}".lower().replace("'", "")
            rows[Contact].append({
                "id": contact_id, "client": client_id, "name": f"{first} {last}",
                "title": rng.choice(titles), "email": f"{email}@{slug}.com",
                "phone": f"({area}) 555-{rng.randint(1000, 9999)}", "is_primary": i == 0,
                "notes": "Prefers email before 10am." if rng.random() < 0.15 else "",
                "created_at": self.stamp(handed),
            })
            out.append((contact_id, first))
        return out

    def _holdings(self, rows, ids, client_id, held, handed, status) -> list[dict]:
        rng, out = self.rng, []
        for product in held:
            since = handed - timedelta(rng.randint(0, 400))
            ends = date(since.year + 1, since.month, min(since.day, 28))
            while ends < self.today:
                ends = date(ends.year + 1, ends.month, ends.day)
            ended = status == "churned"
            if ended:
                ends = self.today - timedelta(rng.randint(10, 200))
            row = {"id": self._take(ids, Holding), "client": client_id, "product": product["id"],
                   "since": since, "ends_on": ends, "status": "ended" if ended else "active",
                   "annual_value": (product["list_price"] * Decimal(str(rng.uniform(0.6, 1.4))) / 500)
                   .quantize(Decimal(1)) * 500}
            rows[Holding].append(row)
            out.append(row)
        return out

    def _interactions(self, rows, ids, client_id, spec, contacts, handed, cadence, held) -> None:
        rng, today = self.rng, self.today
        every = cadence or {"A": 14, "B": 30, "C": 60}[spec["tier"]]
        if spec["status"] == "churned":
            last = rng.randint(every + 60, every + 200)
        elif rng.random() < 0.7:
            last = rng.randint(0, every - 1)  # within cadence
        else:
            last = every + rng.randint(1, 40)  # past cadence: shows on Today
        first_day = max(handed, today - timedelta(730))
        last_day = max(first_day, today - timedelta(last))
        count = max(3, INTERACTIONS_BY_TIER[spec["tier"]] + rng.randint(-8, 8))
        span = (last_day - first_day).days
        days = sorted(first_day + timedelta(rng.randint(0, span)) for _ in range(count - 1))
        days.append(last_day)
        for day in days:
            day = _weekday(day)
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            contact_id, first = rng.choice(contacts)
            topic = rng.choice(names.INTERACTION_TOPICS).format(
                q=rng.randint(1, 4), product=rng.choice(held)["name"])
            when = self.stamp(day)
            rows[Interaction].append({
                "id": self._take(ids, Interaction), "client": client_id,
                "contact": None if kind == "note" else contact_id, "kind": kind,
                "happened_at": when, "summary": f"{kind.capitalize()} with {first}: {topic}"
                if kind != "note" else f"Note: {topic}",
                "outcome": rng.choice(names.INTERACTION_OUTCOMES), "created_at": when,
            })

    def _issues(self, rows, ids, client_id, contacts, specs) -> list[int]:
        rng, out = self.rng, []
        for severity, resolved in specs:
            title, description = rng.choice(names.ISSUES)
            opened = self.today - timedelta(rng.randint(20, 300) if resolved else rng.randint(0, 20))
            issue_id = self._take(ids, ServiceIssue)
            rows[ServiceIssue].append({
                "id": issue_id, "client": client_id, "contact": rng.choice(contacts)[0],
                "title": title, "description": description, "severity": severity,
                "status": "resolved" if resolved else rng.choice(("open", "in progress", "waiting on client")),
                "opened_at": self.stamp(opened),
                "resolved_at": self.stamp(opened + timedelta(rng.randint(1, 12))) if resolved else None,
                "resolution": rng.choice(names.RESOLUTIONS) if resolved else "",
            })
            if not resolved:
                out.append(issue_id)
        return out

    def _follow_ups(self, rows, ids, client_id, contacts, open_deals, issues, held, buckets) -> None:
        """Follow-ups by bucket: None is a done one (history), else when the open one is due."""
        rng, today = self.rng, self.today
        for bucket in buckets:
            due = {
                None: today - timedelta(rng.randint(5, 300)),
                "overdue": today - timedelta(rng.randint(1, 12)),
                "today": today,
                "week": today + timedelta(rng.randint(1, 6)),
                "later": today + timedelta(rng.randint(7, 60)),
            }[bucket]
            if bucket != "today":
                due = _weekday(due, forward=bucket in ("week", "later"))
            contact_id, first = rng.choice(contacts)
            title = rng.choice(names.FOLLOW_UP_TITLES).format(
                contact=first, topic=rng.choice(("pricing", "the proposal", "last week's call", "results")),
                product=rng.choice(held)["name"])
            opportunity = rng.choice(open_deals) if open_deals and rng.random() < 0.35 else None
            issue = issues[0] if issues and bucket and rng.random() < 0.5 else None
            rows[FollowUp].append({
                "id": self._take(ids, FollowUp), "client": client_id, "contact": contact_id,
                "opportunity": opportunity, "service_issue": issue, "title": title, "due_on": due,
                "priority": rng.choices(("low", "normal", "high"), (20, 60, 20))[0],
                "done_at": self.stamp(due + timedelta(rng.randint(0, 2))) if bucket is None else None,
                "snooze_count": rng.randint(1, 3) if bucket == "overdue" and rng.random() < 0.4 else 0,
                "created_at": self.stamp(min(due, today) - timedelta(rng.randint(1, 14))),
            })

    def _commitments(self, rows, ids, client_id, handed, bd_colleague) -> None:
        rng, today = self.rng, self.today
        for i in range(rng.randint(1, 2)):
            by_bd = i == 0
            made = handed if by_bd else today - timedelta(rng.randint(5, 200))
            due = made + timedelta(rng.randint(14, 240))
            if due < today:
                status = rng.choices(("kept", "broken", "open"), (70, 15, 15))[0]
            else:
                status = "open"
            rows[Commitment].append({
                "id": self._take(ids, Commitment), "client": client_id,
                "what": rng.choice(names.COMMITMENTS), "made_by": bd_colleague if by_bd else self.rep,
                "due_on": due, "status": status, "created_at": self.stamp(made),
            })
