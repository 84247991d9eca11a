"""Importing deals: matched by client + title; the stage decides status, probability and
forecast category as it does when the rep moves a deal by hand (core/deal_moves.py).

A won or lost deal takes its closing date from the file's closed-on date, else its won
or lost time, else its close date.  A new deal with no close date is expected to close
`DEFAULT_CLOSE_DAYS` out, as a deal added by hand.  Every new deal gets a "created"
snapshot in its stage history; an update that moves its stage, amount or close date gets
a snapshot naming what changed, and moving the close date into a later quarter counts
as a push.
"""

from __future__ import annotations

from datetime import timedelta

from amtui.core import clock
from amtui.core.deal_moves import DEFAULT_CLOSE_DAYS
from amtui.core.periods import quarter_of
from amtui.importers.batches import insert_all, update_each
from amtui.importers.refs import fold
from amtui.importers.writers import Writer, client_ids, load_by_client, same
from amtui.models import Opportunity, StageChange

# fields the file sets as they are
DIRECT = (
    "title", "kind", "amount", "close_on", "original_close_on", "push_count", "next_step",
    "lost_reason", "product", "stage_entered_at", "created_at",
)


class DealWriter(Writer):
    model = Opportunity
    discriminator = "created_at"  # a client's yearly "Renewal" deals share their title

    def __init__(self, refs, ctx):
        super().__init__(refs, ctx)
        self.stage_by_id = {s.id: s for s in ctx.stages.stages}
        self.snapshots: list[dict] = []
        self.today = clock.today()

    def resolve(self, row):
        client = self.refs.client(row)
        product = self.refs.product(row) if "product" in row.values else None
        if client is None or ("product" in row.values and product is None):
            return None
        v = dict(row.values)
        v["client"], v["title"] = client, " ".join(v["title"].split())
        if product is not None:
            v["product"] = product
        status, stage = v.pop("status", None), v.pop("stage", None)
        if status in ("won", "lost") and (stage is None or stage.outcome != status):
            # Pipedrive keeps the stage a deal was in when it was won: the status decides
            stage = self.ctx.stages.closing(status)
        won_on, lost_on = v.pop("won_on", None), v.pop("lost_on", None)
        if stage is not None:
            v["stage"] = stage
            if not stage.is_open and "closed_on" not in v:
                closed = (won_on if stage.outcome == "won" else lost_on) or v.get("close_on")
                if closed:
                    v["closed_on"] = closed
        return v

    def existing(self, values):
        return load_by_client(Opportunity, client_ids(values))

    def base(self, values):
        return values["client"].key, fold(values["title"])

    def base_of(self, record):
        return record["client"], fold(record["title"])

    def pick(self, candidates):
        """A client's deals of one title (a renewal every year) and nothing in the row
        to tell them apart: the open one, else the latest."""
        open_deals = [c for c in candidates if c["status"] == "open"]
        return open_deals[-1] if len(open_deals) == 1 else candidates[-1]

    # --- the rules a stage brings ----------------------------------------------------------
    @staticmethod
    def _overridable(stage, values, old, field: str, flag: str) -> tuple:
        """The deal's `field` (probability, forecast category) and whether it overrides
        the stage's: a closed deal takes the stage's (certain either way); a value given
        overrides when it differs; else a deal keeps an override it had."""
        default = getattr(stage, field)
        if not stage.is_open:
            return default, False
        if field in values:
            return values[field], values[field] != default
        if old is not None and old[flag]:
            return old[field], True
        return default, False

    def _probability(self, stage, values, old=None) -> tuple[int, bool]:
        return self._overridable(stage, values, old, "probability", "probability_overridden")

    def _category(self, stage, values, old=None) -> tuple[str, bool]:
        return self._overridable(stage, values, old, "forecast_category", "category_overridden")

    def _is_push(self, old, new) -> bool:
        fsm = self.ctx.fy_start_month
        return quarter_of(new, fsm).start > quarter_of(old, fsm).start

    # --- new deals ------------------------------------------------------------------------
    def new(self, values):
        stage = values.get("stage") or self.ctx.stages.first_open()
        closed_on = None
        if not stage.is_open:
            closed_on = values.get("closed_on") or values.get("close_on") or self.today
        close_on = values.get("close_on") or closed_on or self.today + timedelta(days=DEFAULT_CLOSE_DAYS)
        probability, prob_overridden = self._probability(stage, values)
        category, cat_overridden = self._category(stage, values)
        record = {k: values[k] for k in DIRECT if k in values}
        record.update(
            client=values["client"], stage=stage.id, status=stage.outcome,
            probability=probability, probability_overridden=prob_overridden,
            forecast_category=category, category_overridden=cat_overridden,
            close_on=close_on, original_close_on=values.get("original_close_on", close_on),
            closed_on=closed_on, stage_entered_at=values.get("stage_entered_at", self.now),
            created_at=values.get("created_at", self.now),
            # never before its creation (a file may date a deal ahead): the changes walk
            # finds a deal created since a day by its updated_at (core/changes.py)
            updated_at=max(self.now, values.get("created_at", self.now)),
        )
        return record

    # --- existing deals ----------------------------------------------------------------------
    def changes(self, old, values):
        stage = values.get("stage") or self.stage_by_id[old["stage"]]
        wanted = {k: values[k] for k in DIRECT if k in values}
        wanted["client"] = values["client"]
        if stage.id != old["stage"]:
            wanted["stage"] = stage.id
            wanted.setdefault("stage_entered_at", self.now)
        wanted["status"] = stage.outcome
        wanted["probability"], wanted["probability_overridden"] = self._probability(stage, values, old)
        wanted["forecast_category"], wanted["category_overridden"] = self._category(stage, values, old)
        if stage.is_open:
            wanted["closed_on"] = None
        else:
            wanted["closed_on"] = values.get("closed_on") or old["closed_on"] or values.get("close_on") or self.today
        if (
            "close_on" in values and "push_count" not in values and stage.is_open
            and self._is_push(old["close_on"], values["close_on"])
        ):
            wanted["push_count"] = old["push_count"] + 1
        changes = {k: v for k, v in wanted.items() if not same(old[k], v)}
        if changes:
            changes["updated_at"] = self.now
            moved = [name for name, col in (("stage", "stage"), ("amount", "amount"), ("close", "close_on"))
                     if col in changes]
            if moved:
                after = {**old, **changes}
                self.snapshots.append({
                    "opportunity": old["id"], "changed_at": self.now, "change": ",".join(moved),
                    "stage": after["stage"], "amount": after["amount"], "close_on": after["close_on"],
                    "probability": after["probability"],
                })
        return changes

    def write(self):
        records = [self.new(values) for values in self.pending.values()]
        insert_all(Opportunity, records)
        update_each(Opportunity, self.updates)
        # the new deals' ids, for their "created" snapshots
        ids = {}
        new_rows = load_by_client(
            Opportunity, sorted({r["client"].id for r in records}), Opportunity.id, Opportunity.client, Opportunity.title
        )
        for d in new_rows:
            ids[(d["client"], fold(d["title"]))] = d["id"]  # the newest with that title
        created = [
            {
                "opportunity": ids[(r["client"].id, fold(r["title"]))], "changed_at": r["created_at"],
                "change": "created", "stage": r["stage"], "amount": r.get("amount", 0),
                "close_on": r["close_on"], "probability": r["probability"],
            }
            for r in records
        ]
        insert_all(StageChange, created + self.snapshots)
