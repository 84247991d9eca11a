"""What each kind of record takes: its fields, which are required, their types.

The field names are the canonical column headers: `amtui export book --format csv`
writes the `exported` fields, in this order, between a record's id and the ids and
bookkeeping columns only amtui reads back (book_format.py); `amtui import` matches any
file's headers to these fields.
Fields that are not exported are helpers other systems' files need (first and last
name in separate columns, an address in parts, a won date beside a lost date).
How a row finds its existing record lives with the writers (writers.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.core.errors import InvalidInput
from amtui.models import (
    CLIENT_STATUSES,
    COMMITMENT_STATUSES,
    FORECAST_CATEGORIES,
    HOLDING_STATUSES,
    INTERACTION_KINDS,
    ISSUE_STATUSES,
    PRIORITIES,
    SEVERITIES,
    TIERS,
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"  # see rows.CONVERTERS for every type
    choices: tuple[str, ...] = ()
    exported: bool = True
    limit: int | None = None  # longest text accepted
    minimum: int = 0  # smallest whole number accepted
    maximum: int | None = None


@dataclass(frozen=True)
class Kind:
    name: str  # "clients": the --kind value and the CSV file's stem
    noun: str  # "client"
    fields: tuple[Field, ...]
    # each group must have at least one of its fields mapped, e.g. a contact's name may
    # come whole or as first and last name
    required: tuple[tuple[str, ...], ...]
    # Pipedrive headers carry the entity: "Deal - Value"; these prefixes are this kind's own
    prefixes: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def exported(self) -> list[str]:
        return [f.name for f in self.fields if f.exported]


def _f(name: str, type_: str = "text", **kw) -> Field:
    return Field(name, type_, **kw)


_ADDRESS_PARTS = tuple(
    _f(f"address_{part}", exported=False) for part in ("street", "city", "state", "zip", "country")
)

CLIENTS = Kind(
    "clients", "client",
    (
        _f("name", limit=200), _f("industry", limit=100), _f("tier", "choice", choices=TIERS),
        _f("status", "choice", choices=CLIENT_STATUSES), _f("website", limit=200),
        _f("phone", limit=50), _f("address", "longtext"), _f("renewal_on", "date"),
        _f("cadence_days", "int", minimum=1, maximum=3650), _f("handed_over_on", "date"), _f("handed_over_by", limit=100),
        _f("handover_notes", "longtext"), _f("needs", "longtext"), _f("notes", "longtext"),
        _f("archived", "bool"), *_ADDRESS_PARTS,
    ),
    required=(("name",),),
    prefixes=("organization", "organisation", "company", "account"),
)

CONTACTS = Kind(
    "contacts", "contact",
    (
        _f("client", "client"), _f("name", limit=200), _f("title", limit=200),
        _f("email", "email"), _f("phone", limit=50), _f("is_primary", "bool"),
        _f("notes", "longtext"), _f("first_name", exported=False), _f("last_name", exported=False),
    ),
    required=(("client",), ("name", "first_name", "last_name")),
    prefixes=("person", "contact"),
)

PRODUCTS = Kind(
    "products", "product",
    (
        _f("name", limit=200), _f("family", limit=100), _f("list_price", "money"),
        _f("recurring", "bool"), _f("active", "bool"),
    ),
    required=(("name",),),
    prefixes=("product",),
)

HOLDINGS = Kind(
    "holdings", "holding",
    (
        _f("client", "client"), _f("product", "product"), _f("since", "date"),
        _f("annual_value", "money"), _f("ends_on", "date"),
        _f("status", "choice", choices=HOLDING_STATUSES),
    ),
    required=(("client",), ("product",)),
)

OPPORTUNITIES = Kind(
    "opportunities", "deal",
    (
        _f("client", "client"), _f("title", limit=200), _f("kind", "dealkind"),
        _f("amount", "money"), _f("stage", "stage"), _f("status", "dealstatus"),
        _f("probability", "percent"),
        _f("forecast_category", "choice", choices=FORECAST_CATEGORIES),
        _f("close_on", "date"), _f("original_close_on", "date"), _f("push_count", "int"),
        _f("next_step", limit=200), _f("closed_on", "date"), _f("lost_reason", "longtext"),
        _f("product", "product"), _f("stage_entered_at", "timestamp"),
        _f("created_at", "timestamp"),
        _f("won_on", "date", exported=False), _f("lost_on", "date", exported=False),
    ),
    required=(("client",), ("title",)),
    prefixes=("deal", "opportunity"),
)

INTERACTIONS = Kind(
    "interactions", "interaction",
    (
        _f("client", "client"), _f("happened_at", "timestamp"),
        _f("kind", "interactionkind", choices=INTERACTION_KINDS), _f("summary", "longtext"),
        _f("outcome", "longtext"), _f("contact", "contact"),
        _f("time", "time", exported=False),
    ),
    required=(("client",), ("happened_at",), ("summary",)),
    prefixes=("activity", "note", "call", "meeting", "email"),
)

FOLLOWUPS = Kind(
    "followups", "follow-up",
    (
        _f("client", "client"), _f("title", limit=200), _f("due_on", "date"),
        _f("priority", "choice", choices=PRIORITIES), _f("done_at", "timestamp"),
        _f("snooze_count", "int"), _f("notes", "longtext"), _f("contact", "contact"),
        _f("deal", "deal"), _f("issue", "issue"), _f("done", "done", exported=False),
    ),
    required=(("client",), ("title",), ("due_on",)),
    prefixes=("task", "activity", "follow up", "followup"),
)

ISSUES = Kind(
    "issues", "service issue",
    (
        _f("client", "client"), _f("title", limit=200), _f("description", "longtext"),
        _f("severity", "choice", choices=SEVERITIES),
        _f("status", "choice", choices=ISSUE_STATUSES), _f("opened_at", "timestamp"),
        _f("resolved_at", "timestamp"), _f("resolution", "longtext"), _f("contact", "contact"),
        _f("case_number", exported=False),
    ),
    required=(("client",), ("title",)),
    prefixes=("case", "ticket", "issue"),
)

QUOTAS = Kind(
    "quotas", "quota",
    (_f("period", "period"), _f("amount", "money"), _f("set_by", limit=100), _f("notes", "longtext")),
    required=(("period",), ("amount",)),
    prefixes=("quota",),
)

COMMITMENTS = Kind(
    "commitments", "commitment",
    (
        _f("client", "client"), _f("what", "title"), _f("made_by", limit=100),
        _f("due_on", "date"), _f("status", "choice", choices=COMMITMENT_STATUSES),
    ),
    required=(("client",), ("what",)),
    prefixes=("commitment",),
)

# In dependency order: several files are imported in this order, so every file finds
# the clients, products, contacts, deals and issues it names.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (CLIENTS, PRODUCTS, CONTACTS, HOLDINGS, OPPORTUNITIES, INTERACTIONS, ISSUES,
              FOLLOWUPS, QUOTAS, COMMITMENTS)
}
KIND_NAMES = tuple(KINDS)
# what people type for --kind
KIND_ALIASES = {
    "client": "clients", "accounts": "clients", "account": "clients", "companies": "clients",
    "organizations": "clients", "contact": "contacts", "people": "contacts", "persons": "contacts",
    "product": "products", "holding": "holdings", "deals": "opportunities", "deal": "opportunities",
    "opportunity": "opportunities", "interaction": "interactions", "activities": "interactions",
    "followup": "followups", "follow-ups": "followups", "tasks": "followups", "task": "followups",
    "issue": "issues", "cases": "issues", "tickets": "issues", "quota": "quotas",
    "commitment": "commitments", "promises": "commitments",
}


def kind_named(name: str) -> Kind:
    key = name.strip().lower()
    key = KIND_ALIASES.get(key, key)
    if key not in KINDS:
        raise InvalidInput("kind", f"'{name}' is not a kind; kinds are {', '.join(KIND_NAMES)}")
    return KINDS[key]
