"""Deal values other CRMs write: their stage names, won / lost status, deal types.

A stage from another system lands on one of the rep's own stages: by its exact name
first, then by what it means.  Salesforce's, HubSpot's and Pipedrive's default stages
each mean one step of amtui's default pipeline (Qualify .. Commit, Won, Lost); when the
rep has renamed their stages, the open stage whose default probability is nearest that
step's stands in for it.
"""

from __future__ import annotations

import re

from amtui.core.errors import InvalidInput
from amtui.core.stages import StageRow
from amtui.importers.values import folded_synonyms, parse_choice_value, text_value
from amtui.models import DEAL_KINDS, DEFAULT_STAGES

# amtui default stage -> the names other systems give that step (folded when used)
STAGE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Qualify": (
        "prospecting", "prospect", "qualification", "qualifying", "qualified", "lead",
        "new", "lead in", "appointmentscheduled", "appointment scheduled", "discovery call",
    ),
    "Discover": (
        "needs analysis", "value proposition", "id. decision makers", "id decision makers",
        "identify decision makers", "perception analysis", "discovery", "discover",
        "qualifiedtobuy", "qualified to buy", "contact made", "needs defined", "demo",
        "demo scheduled", "meeting scheduled", "solution", "develop",
    ),
    "Propose": (
        "proposal", "proposal/price quote", "proposal price quote", "price quote", "quote",
        "quoted", "proposal made", "proposal sent", "presentationscheduled",
        "presentation scheduled", "propose",
    ),
    "Negotiate": (
        "negotiation", "negotiation/review", "negotiation review", "negotiations started",
        "negotiating", "review", "decisionmakerboughtin", "decision maker bought-in",
        "decision maker bought in", "negotiate",
    ),
    "Commit": (
        "commit", "committed", "verbal", "verbal commit", "verbal agreement", "contractsent",
        "contract sent", "contract", "closing", "contracting", "legal",
    ),
    "Won": ("won", "closed won", "closedwon", "closed - won", "closed/won", "win", "booked", "signed"),
    "Lost": ("lost", "closed lost", "closedlost", "closed - lost", "closed/lost", "dead",
             "disqualified", "no decision", "closed no decision"),
}
_MEANING = folded_synonyms(STAGE_SYNONYMS)
_DEFAULT_PROBABILITY = {name: prob for name, prob, _cat, _rot, _outcome in DEFAULT_STAGES}

STATUSES = ("open", "won", "lost")
_STATUS_SYNONYMS = folded_synonyms({
    "open": ("in progress", "active", "pending", "opened"),
    "won": ("closed won", "closedwon", "win", "booked", "signed", "yes"),
    "lost": ("closed lost", "closedlost", "lose", "dead", "no"),
})

# Salesforce `Type`, HubSpot `Deal Type` (dealtype), plain sheets
_KIND_SYNONYMS = folded_synonyms({
    "new": ("new customer", "new business", "newbusiness", "new logo", "new account", "new deal"),
    "upsell": ("existing customer - upgrade", "existing customer upgrade", "upgrade",
               "existing business", "existingbusiness", "expansion", "upsell", "up-sell",
               "add-on", "add on"),
    "cross-sell": ("crosssell", "cross sell", "existing customer - cross-sell"),
    "renewal": ("existing customer - replacement", "existing customer - downgrade",
                "replacement", "downgrade", "renew", "renewal business"),
})


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


class StageMatcher:
    """Finds the rep's stage for a stage name another system wrote."""

    def __init__(self, stages: list[StageRow]):
        self.stages = stages
        self.by_name = {_fold(s.name): s for s in stages}
        self.open = [s for s in stages if s.is_open]

    def closing(self, outcome: str) -> StageRow:
        found = next((s for s in self.stages if s.outcome == outcome), None)
        if found is None:
            raise InvalidInput("stage", f"the book has no {outcome} stage")
        return found

    def first_open(self) -> StageRow:
        if not self.open:
            raise InvalidInput("stage", "the book has no open stage")
        return self.open[0]

    def match(self, value, *, field: str = "stage") -> StageRow:
        raw = text_value(value)
        folded = _fold(raw)
        if folded in self.by_name:
            return self.by_name[folded]
        meaning = _MEANING.get(folded)
        if meaning is None:
            names = ", ".join(s.name for s in self.stages)
            raise InvalidInput(
                field, f"'{raw}' is not a stage amtui knows; rename it in the file to one of: {names}"
            )
        if _fold(meaning) in self.by_name:
            return self.by_name[_fold(meaning)]
        if meaning in ("Won", "Lost"):
            return self.closing(meaning.lower())
        if not self.open:
            raise InvalidInput(field, "the book has no open stage")
        target = _DEFAULT_PROBABILITY[meaning]
        return min(self.open, key=lambda s: (abs(s.probability - target), s.position))


def parse_status(value, *, field: str = "status") -> str:
    """open / won / lost, as Pipedrive's `Deal - Status` or a plain sheet writes it."""
    return parse_choice_value(value, STATUSES, _STATUS_SYNONYMS, field=field)


def parse_deal_kind(value, *, field: str = "kind") -> str:
    return parse_choice_value(value, DEAL_KINDS, _KIND_SYNONYMS, field=field)
