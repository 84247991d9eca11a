"""Writing deals: create, edit, move through the stages, win, lose, reopen.

Each function is one transaction that validates everything before writing.  Every
change of stage, amount, close date or product leaves one `StageChange` snapshot, and moving the
expected close date into a later fiscal quarter counts as a push.  The read side (rows,
totals, history) is `amtui.core.pipeline`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from amtui.core import clock, versions
from amtui.core.choices import OPEN_FORECAST_CATEGORIES
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.parse import parse_choice
from amtui.core.periods import quarter_of
from amtui.core.pipeline import deal
from amtui.core.settings import get_settings
from amtui.core.stages import (
    StageRow,
    closing_stage,
    open_stages,
    stage_by_id,
    stage_by_name,
    stages,
)
from amtui.core.text import refuse_controls
from amtui.core.win_holding import KEPT, PRODUCT_CHANGED, Won, holding_for_win, won_before  # noqa: F401
from amtui.core.years import in_range
from amtui.models import (
    DEAL_KINDS,
    Client,
    Opportunity,
    Product,
    StageChange,
    database,
)

LOST_REASONS = ("price", "timing", "competitor", "no decision", "no budget", "product fit", "other")
# A new deal with no close date is expected to close a month out: soon enough to be
# chased, and the rep sets the real date at the first conversation about timing.
DEFAULT_CLOSE_DAYS = 30

_UNSET = object()


# --- checking what the rep typed -----------------------------------------------------
def _load(deal_id: int) -> Opportunity:
    opp = Opportunity.get_or_none(Opportunity.id == deal_id)
    if opp is None:
        raise NotFound(f"deal: no deal #{deal_id}")
    return opp


def _as_shown(changes: dict) -> dict:
    """A deal write's arguments as the deal's fields: the stage by name."""
    stage = changes.get("stage")
    if isinstance(stage, int):
        changes = {**changes, "stage": stage_by_id(stage).name}
    return changes


def _title(title: str) -> str:
    title = " ".join(refuse_controls("title", title or "").split())
    if not title:
        raise InvalidInput("title", "is required")
    if len(title) > 200:
        raise InvalidInput("title", "is longer than 200 characters")
    return title


def _amount(amount) -> Decimal:
    if amount is None:
        raise InvalidInput("amount", "is required")
    amount = Decimal(amount)
    if amount < 0:
        raise InvalidInput("amount", "must not be negative")
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("amount", "has fractions of a cent")
    return amount


def _kind(kind: str) -> str:
    return parse_choice(kind or "", DEAL_KINDS, field="kind")


def _probability(value) -> int:
    number = Decimal(value)
    if number != number.to_integral() or not 0 <= number <= 100:
        raise InvalidInput("probability", "must be a whole percent from 0 to 100")
    return int(number)


def _category(value: str) -> str:
    """An open deal's category (a deal given one is in an open stage: `_open_stage`)."""
    return parse_choice(value or "", OPEN_FORECAST_CATEGORIES, field="forecast category")


def _open_stage(stage) -> StageRow:
    """A stage given as a StageRow, an id or a name; it must be an open stage."""
    if isinstance(stage, StageRow):
        row = stage
    elif isinstance(stage, int):
        row = stage_by_id(stage)
    else:
        row = stage_by_name(str(stage))
    if not row.is_open:
        raise InvalidInput("stage", f"{row.name} closes a deal; win or lose the deal instead")
    return row


def _product(product_id: int | None, *, current: int | None = None) -> int | None:
    if product_id is None:
        return None
    found = Product.get_or_none(Product.id == product_id)
    if found is None:
        raise NotFound(f"product: no product #{product_id}")
    if not found.active and product_id != current:
        raise InvalidInput("product", f"{found.name} is retired")
    return found.id


def _next_step(text: str) -> str:
    text = " ".join(refuse_controls("next step", text or "").split())
    if len(text) > 200:
        raise InvalidInput("next step", "is longer than 200 characters")
    return text


# --- the bookkeeping every change shares ----------------------------------------------
def _snapshot(opp: Opportunity, change: list[str], at: datetime) -> None:
    StageChange.create(
        opportunity=opp.id,
        changed_at=at,
        change=",".join(change),
        stage=opp.stage_id,
        amount=opp.amount,
        close_on=opp.close_on,
        probability=opp.probability,
    )


def _enter_stage(opp: Opportunity, stage: StageRow, at: datetime) -> None:
    """Put the deal in `stage`; probability and category follow unless overridden."""
    opp.stage = stage.id
    opp.stage_entered_at = at
    opp.status = stage.outcome
    if stage.is_open:
        opp.closed_on = None
        opp.lost_reason = ""
        if not opp.probability_overridden:
            opp.probability = stage.probability
        if not opp.category_overridden:
            opp.forecast_category = stage.forecast_category
    else:
        # a closed deal is certain either way; overrides no longer mean anything
        opp.probability, opp.probability_overridden = stage.probability, False
        opp.forecast_category, opp.category_overridden = stage.forecast_category, False


# A won or lost deal's closing snapshot keeps the probability and forecast category it
# had open, "*" marking the rep's override ("open=70*/best case*"), since closing resets
# them: reopening gives them back.  History shows no "=" token (pipeline.deal_history).
OPEN_STATE = "open="


def _open_state(opp: Opportunity) -> str:
    mark = {True: "*", False: ""}
    return (f"{OPEN_STATE}{opp.probability}{mark[bool(opp.probability_overridden)]}"
            f"/{opp.forecast_category}{mark[bool(opp.category_overridden)]}")


def _close(opp: Opportunity, outcome: str, on: date, change: list[str], at: datetime) -> None:
    """Close the deal as won or lost on `on`, keeping its open state in the snapshot."""
    change = [*change, _open_state(opp)]
    _enter_stage(opp, closing_stage(outcome), at)
    opp.closed_on = on
    _save(opp, change, at)


def _reopened_values(opp: Opportunity, stage: StageRow) -> None:
    """The probability and category the deal had when it last closed, overridden or not
    (read from its closing snapshot); a deal closed before amtui kept them takes the
    stage's defaults."""
    closed_ids = [s.id for s in stages() if not s.is_open]
    # the closing snapshot itself: a closed deal's later corrections (close date, amount,
    # product) leave snapshots in the closed stage too, without the open state
    closing = (
        StageChange.select(StageChange.change)
        .where(StageChange.opportunity == opp.id, StageChange.stage.in_(closed_ids),
               StageChange.change.contains(OPEN_STATE))
        .order_by(StageChange.changed_at.desc(), StageChange.id.desc())
        .first()
    )
    tokens = closing.change.split(",") if closing else ()
    token = next((t for t in tokens if t.startswith(OPEN_STATE)), None)
    opp.probability_overridden = opp.category_overridden = False
    if token is None:
        return
    probability, _, category = token[len(OPEN_STATE):].partition("/")
    if probability.endswith("*") and probability[:-1].isdigit():
        opp.probability, opp.probability_overridden = int(probability[:-1]), True
    if category.endswith("*") and category[:-1] in OPEN_FORECAST_CATEGORIES:
        opp.forecast_category, opp.category_overridden = category[:-1], True


def _is_push(old: date, new: date) -> bool:
    fsm = get_settings().fy_start_month
    if not in_range(old.year):  # a close date an older amtui let in (9999)
        return new > old
    return quarter_of(new, fsm).start > quarter_of(old, fsm).start


def _save(opp: Opportunity, change: list[str], at: datetime) -> None:
    opp.updated_at = at
    opp.save()
    if change:
        _snapshot(opp, change, at)


# --- the writes -------------------------------------------------------------------------
def create_deal(
    client_id: int,
    title: str,
    amount,
    *,
    kind: str = "upsell",
    stage=None,
    close_on: date | None = None,
    probability=None,
    forecast_category: str | None = None,
    next_step: str = "",
    product_id: int | None = None,
) -> int:
    """A new open deal; stage defaults to the first open stage and the close date to
    DEFAULT_CLOSE_DAYS from today.  A probability or category equal to the stage's
    default is not an override."""
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFound(f"client: no client #{client_id}")
    if client.archived:
        raise InvalidInput("client", f"{client.name} is archived")
    title, amount, kind = _title(title), _amount(amount), _kind(kind)
    stage_row = _open_stage(stage) if stage is not None else open_stages()[0]
    close_on = close_on or clock.today() + timedelta(days=DEFAULT_CLOSE_DAYS)
    prob = stage_row.probability if probability is None else _probability(probability)
    category = stage_row.forecast_category if forecast_category is None else _category(forecast_category)
    product_id = _product(product_id)
    next_step = _next_step(next_step)
    now = clock.now()
    with database.atomic():
        opp = Opportunity.create(
            client=client.id, title=title, kind=kind, amount=amount, stage=stage_row.id,
            status="open", probability=prob, probability_overridden=prob != stage_row.probability,
            forecast_category=category,
            category_overridden=category != stage_row.forecast_category,
            close_on=close_on, original_close_on=close_on, next_step=next_step,
            stage_entered_at=now, product=product_id, created_at=now, updated_at=now,
        )
        _snapshot(opp, ["created"], now)
    return opp.id


@versions.guarded("deal", deal, _as_shown)
def update_deal(
    deal_id: int,
    *,
    base=None,
    title=_UNSET,
    amount=_UNSET,
    close_on=_UNSET,
    probability=_UNSET,
    forecast_category=_UNSET,
    next_step=_UNSET,
    product_id=_UNSET,
    kind=_UNSET,
    stage=_UNSET,
) -> bool:
    """Change what is given.  `probability=None` / `forecast_category=None` go back to
    the stage's default.  On a won or lost deal, `close_on` corrects the day it closed
    (`closed_on`); its stage, probability and category are fixed until it is reopened.
    `base`: the deal as the rep's form read it (see core.versions).  False: given only
    what the deal holds, nothing was written (no new version, nothing to undo)."""
    opp = _load(deal_id)
    versions.expect(opp, base)
    is_open = opp.status == "open"
    current = stage_by_id(opp.stage_id)
    if not is_open:
        for name, value in (("stage", stage), ("probability", probability),
                            ("forecast category", forecast_category)):
            if value is not _UNSET:
                raise InvalidInput(name, f"the deal is {opp.status}; reopen it to change its {name}")
    new_stage = _open_stage(stage) if stage is not _UNSET else current
    change: list[str] = []
    if title is not _UNSET:
        opp.title = _title(title)
    if kind is not _UNSET:
        opp.kind = _kind(kind)
    if next_step is not _UNSET:
        opp.next_step = _next_step(next_step)
    if product_id is not _UNSET:
        was_product = opp.product_id
        opp.product = _product(product_id, current=was_product)
        if opp.product_id != was_product:
            # the history tells of every product change; after a win it also makes the
            # next win the new product's first (win_holding.won_before)
            change.append(PRODUCT_CHANGED)
    if probability is not _UNSET:
        value = new_stage.probability if probability is None else _probability(probability)
        opp.probability = value
        opp.probability_overridden = value != new_stage.probability
    if forecast_category is not _UNSET:
        value = new_stage.forecast_category if forecast_category is None else _category(forecast_category)
        opp.forecast_category = value
        opp.category_overridden = value != new_stage.forecast_category
    if amount is not _UNSET:
        value = _amount(amount)
        if value != opp.amount:
            opp.amount = value
            change.append("amount")
    if close_on is not _UNSET:
        if close_on is None:
            raise InvalidInput("close date", "is required")
        if not is_open:
            if close_on > clock.today():
                raise InvalidInput("close date", f"is in the future; a {opp.status} deal closed already")
            if close_on != opp.closed_on:
                opp.closed_on = close_on
                change.append("close")
        elif close_on != opp.close_on:
            if _is_push(opp.close_on, close_on):
                opp.push_count += 1
            opp.close_on = close_on
            change.append("close")
    if new_stage.id == current.id and not change and opp.unchanged_since_read():
        return False
    now = clock.now()
    if new_stage.id != current.id:
        _enter_stage(opp, new_stage, now)
        change.insert(0, "stage")
    with database.atomic():
        _save(opp, change, now)
    return True


@versions.guarded("deal", deal)
def move_deal(deal_id: int, step: int, *, base=None) -> StageRow:
    """The next (step 1) or previous (step -1) open stage; winning is `win_deal`.  `base`:
    the deal as the screen showed it: moved or changed elsewhere since, nothing moves."""
    opp = _load(deal_id)
    versions.expect(opp, base)
    if opp.status != "open":
        raise InvalidInput("stage", f"the deal is {opp.status}; reopen it to move it")
    ordered = open_stages()
    index = next((i for i, s in enumerate(ordered) if s.id == opp.stage_id), 0)
    target = index + step
    if target >= len(ordered):
        raise InvalidInput("stage", f"{ordered[-1].name} is the last open stage; win the deal to close it")
    if target < 0:
        raise InvalidInput("stage", f"{ordered[0].name} is the first stage")
    stage = ordered[target]
    now = clock.now()
    with database.atomic():
        _enter_stage(opp, stage, now)
        _save(opp, ["stage"], now)
    return stage


def set_stage(deal_id: int, stage_name: str) -> StageRow:
    """Put a deal in the named stage: Won wins it today, an open stage reopens a closed
    deal; Lost needs a reason, so it is refused here (use lose_deal)."""
    opp = _load(deal_id)
    stage = stage_by_name(stage_name)
    if stage.outcome == "won":
        win_deal(deal_id)
        return stage
    if stage.outcome == "lost":
        raise InvalidInput("stage", "losing a deal needs a reason; lose it with a reason instead")
    if opp.status != "open":
        reopen_deal(deal_id, stage.name)
        return stage
    if stage.id != opp.stage_id:
        now = clock.now()
        with database.atomic():
            _enter_stage(opp, stage, now)
            _save(opp, ["stage"], now)
    return stage


@versions.guarded("deal", deal)
def win_deal(deal_id: int, on: date | None = None, *, amount=None, base=None) -> Won:
    """Close the deal as won on `on` (default today), optionally at a final amount.

    A recurring product adds a holding from the won date for a year at the deal's
    amount, or extends the client's holding of it by a year at the new amount.  A deal
    won before and reopened does that once: won again, the active holding keeps the
    term its first win gave it and takes the new amount (KEPT); a holding the rep ended
    or deleted since is added or extended afresh.
    `base`: the deal as the rep's form read it (see core.versions).
    """
    opp = _load(deal_id)
    versions.expect(opp, base)
    if opp.status != "open":
        raise InvalidInput("deal", f"is already {opp.status}; reopen it first")
    today = clock.today()
    on = on or today
    if on > today:
        raise InvalidInput("won date", "is in the future; record the win when it happens")
    change = ["stage"]
    if amount is not None:
        value = _amount(amount)
        if value != opp.amount:
            opp.amount = value
            change.append("amount")
    now = clock.now()
    with database.atomic():
        again = won_before(opp.id)  # read before this win's own snapshot
        _close(opp, "won", on, change, now)
        return holding_for_win(opp, on, again=again)


def far_from(amount: Decimal, deal_amount: Decimal, factor: int = 100) -> bool:
    """Is `amount` `factor` times the deal's amount or more, or as small a part of it?
    Won at $12.50 on a $12,500 deal is almost always a comma typed for a decimal point
    ("12,5"), or "k" left off.  A deal of no amount yet is not compared."""
    if amount <= 0 or deal_amount <= 0:
        return False
    return amount >= deal_amount * factor or deal_amount >= amount * factor


@versions.guarded("deal", deal)
def lose_deal(deal_id: int, reason: str, detail: str = "", *, on: date | None = None,
              base=None) -> None:
    """Close the deal as lost.  `reason` is one of LOST_REASONS (a prefix will do);
    `detail` says what happened and is required when the reason is "other"."""
    opp = _load(deal_id)
    versions.expect(opp, base)
    if opp.status != "open":
        raise InvalidInput("deal", f"is already {opp.status}; reopen it first")
    if not (reason or "").strip():
        raise InvalidInput("reason", f"is required: one of {', '.join(LOST_REASONS)}")
    reason = parse_choice(reason, LOST_REASONS, field="reason")
    detail = " ".join(refuse_controls("detail", detail or "").split())
    if reason == "other" and not detail:
        raise InvalidInput("detail", "say what happened when the reason is other")
    on = on or clock.today()
    if on > clock.today():
        raise InvalidInput("lost date", "is in the future")
    now = clock.now()
    with database.atomic():
        opp.lost_reason = f"{reason}: {detail}" if detail else reason
        _close(opp, "lost", on, ["stage"], now)


def split_lost_reason(text: str) -> tuple[str, str]:
    """("competitor", "went with Initech") from the stored "competitor: went with Initech"."""
    reason, _, detail = (text or "").partition(": ")
    if reason in LOST_REASONS:
        return reason, detail
    return ("other", text) if text else ("", "")


def reopen_deal(deal_id: int, stage=None) -> StageRow:
    """A won or lost deal back in the pipeline: in `stage`, else the last open stage it
    was in, with the probability and forecast category it had before it closed (the
    rep's overrides kept, as moving stages keeps them).  A holding added or extended by winning it stays as the win left it (end it
    on the client if it should); winning the deal again keeps that term, not adds one."""
    opp = _load(deal_id)
    if opp.status == "open":
        raise InvalidInput("deal", "is already open")
    if stage is not None:
        target = _open_stage(stage)
    else:
        open_ids = {s.id: s for s in open_stages()}
        last = (
            StageChange.select(StageChange.stage)
            .where(StageChange.opportunity == opp.id, StageChange.stage.in_(list(open_ids)))
            .order_by(StageChange.changed_at.desc(), StageChange.id.desc())
            .first()
        )
        target = open_ids[last.stage_id] if last else open_stages()[0]
    now = clock.now()
    with database.atomic():
        _reopened_values(opp, target)
        _enter_stage(opp, target, now)
        _save(opp, ["stage"], now)
    return target


def delete_deal(deal_id: int) -> str:
    """Remove a deal entered by mistake, with its history; follow-ups about it stay,
    unlinked.  A real deal that fell through is lost, not deleted.  Returns its title."""
    opp = _load(deal_id)
    with database.atomic():
        StageChange.delete().where(StageChange.opportunity == opp.id).execute()
        opp.delete_instance()  # follow-ups' link is ON DELETE SET NULL
    return opp.title
