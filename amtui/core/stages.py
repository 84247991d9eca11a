"""The rep's sales stages: order, default probability and forecast category, rot limit.

Open stages come first in `position` order; the closing stages (outcome won / lost) sit
after them.  A deal's probability and category follow its stage unless the rep
overrode them on the deal, so changing a stage's default moves every such open deal.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from amtui.core import clock
from amtui.core.choices import OPEN_FORECAST_CATEGORIES
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.names import folded, pick_by_name
from amtui.core.text import refuse_controls
from amtui.models import FORECAST_CATEGORIES, Opportunity, Stage, database

_UNSET = object()


@dataclass(frozen=True)
class StageRow:
    id: int
    name: str
    position: int
    probability: int  # percent
    forecast_category: str
    rot_days: int | None  # a deal longer than this in the stage is stale
    outcome: str  # open | won | lost

    @property
    def is_open(self) -> bool:
        return self.outcome == "open"


def _row(s: Stage) -> StageRow:
    return StageRow(s.id, s.name, s.position, s.probability, s.forecast_category, s.rot_days, s.outcome)


def stages() -> list[StageRow]:
    """Every stage: the open ones in order, then Won and Lost."""
    query = Stage.select().order_by(Stage.outcome != "open", Stage.position, Stage.id)
    return [_row(s) for s in query]


def open_stages() -> list[StageRow]:
    return [s for s in stages() if s.is_open]


def closing_stage(outcome: str) -> StageRow:
    """The stage a won or lost deal sits in."""
    found = next((s for s in stages() if s.outcome == outcome), None)
    if found is None:
        raise NotFound(f"stage: the book has no {outcome} stage")
    return found


def stage_by_id(stage_id: int) -> StageRow:
    found = Stage.get_or_none(Stage.id == stage_id)
    if found is None:
        raise NotFound(f"stage: no stage #{stage_id}")
    return _row(found)


def stage_by_name(name: str) -> StageRow:
    """A stage by name, case-insensitively, or by a unique prefix ("neg" is Negotiate)."""
    every = stages()
    listing = ", ".join(s.name for s in every)
    if not folded(name):
        raise NotFound(f"stage: no name given; stages are {listing}")
    found, names = pick_by_name(every, name, substring=False)
    if found is not None:
        return found
    if names:
        raise NotFound(f"stage: '{name}' matches {', '.join(names)}", names)
    raise NotFound(f"stage: no stage named '{name}'; stages are {listing}", [s.name for s in every])


def _check_probability(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise InvalidInput("probability", "must be a whole percent from 0 to 100")
    return value


def _check_category(value: str, open_stage: bool = True) -> str:
    allowed = OPEN_FORECAST_CATEGORIES if open_stage else FORECAST_CATEGORIES
    if value not in allowed:
        raise InvalidInput("forecast category", f"'{value}' is not one of: {', '.join(allowed)}"
                           + (" ('closed' is Won's and Lost's)" if value == "closed" else ""))
    return value


def _check_rot(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput("rot days", "must be a whole number of days above 0 (or empty for never)")
    return value


def _check_name(name: str, stage_id: int | None = None) -> str:
    name = " ".join(refuse_controls("name", name).split())
    if not name:
        raise InvalidInput("name", "is required")
    clash = Stage.select().where(fn.lower(Stage.name) == name.lower())
    if stage_id is not None:
        clash = clash.where(Stage.id != stage_id)
    if clash.exists():
        raise InvalidInput("name", f"a stage named '{name}' already exists")
    return name


def update_stage(
    name: str,
    *,
    probability: int | None = None,
    forecast_category: str | None = None,
    rot_days=_UNSET,
    new_name: str | None = None,
) -> StageRow:
    """Change a stage's defaults; open deals in it that were not overridden follow.

    `rot_days=None` means the stage never rots; leave it out to keep the limit.
    """
    stage = stage_by_name(name)
    changes: dict = {}
    if probability is not None:
        if not stage.is_open and probability != stage.probability:
            raise InvalidInput("probability", f"{stage.name} is a closing stage; its probability is fixed")
        changes["probability"] = _check_probability(probability)
    if forecast_category is not None:
        if not stage.is_open and forecast_category != stage.forecast_category:
            raise InvalidInput("forecast category", f"{stage.name} is a closing stage; its category is fixed")
        changes["forecast_category"] = _check_category(forecast_category, stage.is_open)
    if rot_days is not _UNSET:
        changes["rot_days"] = _check_rot(rot_days)
    if new_name is not None:
        changes["name"] = _check_name(new_name, stage.id)
    if not changes:
        return stage
    with database.atomic():
        Stage.update(**changes).where(Stage.id == stage.id).execute()
        in_stage = (Opportunity.stage == stage.id) & (Opportunity.status == "open")
        if "probability" in changes:
            Opportunity.update(probability=changes["probability"], updated_at=clock.now()).where(
                in_stage & (Opportunity.probability_overridden == False)  # noqa: E712
            ).execute()
        if "forecast_category" in changes:
            Opportunity.update(forecast_category=changes["forecast_category"], updated_at=clock.now()).where(
                in_stage & (Opportunity.category_overridden == False)  # noqa: E712
            ).execute()
    return stage_by_id(stage.id)


def add_stage(
    name: str, probability: int, forecast_category: str = "pipeline", rot_days: int | None = 30,
    *, after: str | None = None,
) -> StageRow:
    """A new open stage, placed after `after` (default: the last open stage)."""
    name = _check_name(name)
    probability = _check_probability(probability)
    forecast_category = _check_category(forecast_category)
    rot_days = _check_rot(rot_days)
    ordered = open_stages()
    if after is not None:
        anchor = stage_by_name(after)
        if not anchor.is_open:
            raise InvalidInput("after", "new stages go among the open stages, before Won and Lost")
        index = next(i for i, s in enumerate(ordered) if s.id == anchor.id) + 1
    else:
        index = len(ordered)
    with database.atomic():
        stage = Stage.create(
            name=name, position=0, probability=probability,
            forecast_category=forecast_category, rot_days=rot_days, outcome="open",
        )
        ids = [s.id for s in ordered]
        ids.insert(index, stage.id)
        _renumber(ids)
    return stage_by_id(stage.id)


def _renumber(open_ids: list[int]) -> None:
    """Open stages 0..n-1 in the given order, closing stages after them."""
    for position, stage_id in enumerate(open_ids):
        Stage.update(position=position).where(Stage.id == stage_id).execute()
    closing = Stage.select(Stage.id).where(Stage.outcome != "open").order_by(Stage.position)
    for offset, stage in enumerate(list(closing)):
        Stage.update(position=len(open_ids) + offset).where(Stage.id == stage.id).execute()
