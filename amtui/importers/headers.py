"""Column headers as real exports name them -> amtui's fields.

Matching ignores case, spacing and punctuation (`Probability (%)` is `probability`).
Pipedrive writes the entity before each header (`Deal - Value`, `Person - Email`);
Salesforce reports sometimes write it with a colon (`Account: Account Name`).  A prefix
that names the kind being imported is dropped, so `Deal - Value` is a deal's `Value`;
other entities' columns are listed in full (`Organization - Name` is a deal's client).
Each field lists its spellings best first: when two columns feed one field, the better
spelling wins and the other fills in where it is empty (Phone, then Mobile).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from amtui.core.errors import InvalidInput
from amtui.importers.kinds import Kind

_CLIENT = (
    "client", "client name", "account name", "account", "company name", "company",
    "organization", "organisation", "organization name", "organisation name",
    "organization - name", "deal - organization", "person - organization",
    "activity - organization", "associated company", "associated company (primary)",
    "customer", "customer name", "company / account", "account: account name", "account.name",
)
_CONTACT = (
    "contact", "contact name", "contact person", "person", "person name", "person - name",
    "associated contact", "associated contact (primary)", "deal - contact person",
    "activity - contact person", "contact: full name", "primary contact",
)
_DEAL = ("deal", "opportunity", "opportunity name", "deal name", "deal - title", "related deal")
_ISSUE = ("issue", "service issue", "case", "case subject", "ticket", "ticket name")

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "clients": {
        "name": (
            "name", "client", "client name", "account name", "company name", "company",
            "account", "organization", "organisation", "organization name", "customer",
            "customer name", "business name", "account: account name",
        ),
        "industry": ("industry", "sector", "vertical", "industry (standardized)", "line of business"),
        "tier": ("tier", "client tier", "account tier", "rating", "segment", "priority"),
        "status": ("status", "client status", "account status"),
        "website": ("website", "website url", "web site", "company domain name", "domain", "url", "web"),
        "phone": ("phone", "phone number", "main phone", "telephone", "office phone", "company phone"),
        "address": ("address", "full address", "billing address", "mailing address", "location"),
        "address_street": ("billing street", "street address", "street", "address line 1",
                           "address - street/road name of address", "shipping street"),
        "address_city": ("billing city", "city", "town", "address - city/town/village/locality of address"),
        "address_state": ("billing state/province", "billing state", "state/region", "state", "province", "region",
                          "address - state/county of address"),
        "address_zip": ("billing zip/postal code", "billing postal code", "billing zip", "postal code", "zip", "zip code", "postcode",
                        "address - zip/postal code of address"),
        "address_country": ("billing country", "country/region", "country", "address - country of address"),
        "renewal_on": ("renewal on", "renewal", "renewal date", "contract end date", "contract end",
                       "next renewal"),
        "cadence_days": ("cadence days", "cadence", "contact every", "contact cadence"),
        "handed_over_on": ("handed over on", "handed over", "handover date", "handover on", "assigned on"),
        "handed_over_by": ("handed over by", "handover by", "account owner", "company owner", "owner",
                           "organization - owner", "previous owner"),
        "handover_notes": ("handover notes", "handover", "handover note", "transition notes"),
        "needs": ("needs", "client needs", "pain points", "requirements"),
        "notes": ("notes", "description", "account description", "comments", "about", "note"),
        "archived": ("archived", "is archived"),
    },
    "contacts": {
        "client": _CLIENT,
        "name": ("name", "full name", "contact name", "contact", "person - name", "person name"),
        "first_name": ("first name", "firstname", "given name", "forename"),
        "last_name": ("last name", "lastname", "surname", "family name"),
        "title": ("title", "job title", "position", "role", "job role"),
        "email": ("email", "email address", "e-mail", "work email", "email work", "email (work)",
                  "business email", "email home", "email (home)", "email other", "email (other)"),
        "phone": ("phone", "phone number", "business phone", "work phone", "direct phone",
                  "phone work", "phone (work)", "mobile", "mobile phone", "mobile phone number",
                  "phone mobile", "phone (mobile)", "phone home", "phone (home)", "phone other"),
        "is_primary": ("is primary", "primary", "primary contact", "main contact", "key contact"),
        "notes": ("notes", "description", "comments", "note"),
    },
    "products": {
        "name": ("name", "product", "product name", "item", "item name", "sku name"),
        "family": ("family", "product family", "category", "product category", "product line",
                   "product type"),
        "list_price": ("list price", "price", "unit price", "list", "standard price", "sales price"),
        "recurring": ("recurring", "subscription", "billing frequency", "is recurring"),
        "active": ("active", "is active", "status"),
    },
    "holdings": {
        "client": _CLIENT,
        "product": ("product", "product name", "product - name", "item", "sku"),
        "since": ("since", "start date", "purchase date", "contract start date", "install date",
                  "start", "usage start date"),
        "annual_value": ("annual value", "arr", "annual recurring revenue", "annual amount",
                         "value", "amount", "total price", "acv"),
        "ends_on": ("ends on", "end date", "renewal date", "contract end date", "usage end date",
                    "end", "renewal", "expiry", "expires"),
        "status": ("status", "holding status"),
    },
    "opportunities": {
        "client": _CLIENT,
        "title": ("title", "deal", "deal name", "opportunity name", "opportunity", "name",
                  "deal title", "opportunity title"),
        "kind": ("kind", "type", "deal type", "opportunity type", "business type"),
        "amount": ("amount", "value", "deal value", "deal amount", "opportunity amount",
                   "total", "amount (converted)", "deal size"),
        "stage": ("stage", "deal stage", "stage name", "stagename", "sales stage",
                  "pipeline stage", "stage (pipeline)"),
        "status": ("status", "deal status", "won/lost", "outcome", "result"),
        "probability": ("probability", "probability (%)", "deal probability", "win probability",
                        "chance", "likelihood"),
        "forecast_category": ("forecast category", "forecast category name",
                              "forecastcategoryname", "forecast"),
        "close_on": ("close on", "close date", "expected close date", "expected close",
                     "closedate", "close", "closing date", "close by", "expected close on"),
        "original_close_on": ("original close on", "original close date", "original close"),
        "push_count": ("push count", "pushes", "pushed"),
        "next_step": ("next step", "next steps", "nextstep", "next action"),
        "closed_on": ("closed on", "closed date", "date closed", "actual close date"),
        "won_on": ("won on", "won time", "won date", "closed won date", "date won"),
        "lost_on": ("lost on", "lost time", "lost date", "closed lost date", "date lost"),
        "lost_reason": ("lost reason", "closed lost reason", "loss reason", "reason lost",
                        "lost reason detail"),
        "product": ("product", "product name", "primary product"),
        "stage_entered_at": ("stage entered at", "last stage change", "stage change date",
                             "last stage change date", "date entered stage"),
        "created_at": ("created at", "created date", "create date", "created", "deal created",
                       "creation date", "createddate", "date created"),
    },
    "interactions": {
        "client": _CLIENT,
        "happened_at": ("happened at", "date", "when", "activity date", "date/time",
                        "date time", "due date", "done time", "marked as done time",
                        "call date", "meeting date", "email date", "start date", "created date",
                        "create date", "date of activity", "activity - due date"),
        "time": ("time", "due time", "start time", "activity - due time"),
        "kind": ("kind", "type", "activity type", "task subtype", "channel", "interaction type",
                 "activity", "call type"),
        "summary": ("summary", "subject", "title", "call title", "activity subject",
                    "content", "note", "meeting name", "email subject"),
        "outcome": ("outcome", "result", "notes", "comments", "full comments", "description",
                    "call notes", "body", "details", "meeting notes", "activity - note"),
        "contact": _CONTACT + ("name", "with", "attendee"),
    },
    "followups": {
        "client": _CLIENT,
        "title": ("title", "subject", "task", "follow-up", "follow up", "task title", "to do",
                  "todo", "action", "next step"),
        "due_on": ("due on", "due date", "due", "activity date", "task due date", "date",
                   "due by", "deadline", "activity - due date"),
        "priority": ("priority", "task priority", "importance"),
        "done_at": ("done at", "completed at", "completed date", "completion date",
                    "marked as done time", "date completed", "done time"),
        "done": ("done", "completed", "status", "task status", "is done"),
        "snooze_count": ("snooze count", "snoozes"),
        "notes": ("notes", "comments", "description", "note", "activity - note", "details"),
        "contact": _CONTACT + ("name",),
        "deal": _DEAL,
        "issue": _ISSUE,
    },
    "issues": {
        "client": _CLIENT,
        "title": ("title", "subject", "issue", "ticket name", "case subject", "summary",
                  "problem", "ticket"),
        "description": ("description", "ticket description", "case description", "details",
                        "problem description"),
        "severity": ("severity", "priority", "case priority", "ticket priority", "impact"),
        "status": ("status", "ticket status", "case status", "pipeline stage"),
        "opened_at": ("opened at", "opened", "date/time opened", "opened date", "date opened",
                      "created date", "create date", "created", "reported on", "reported"),
        "resolved_at": ("resolved at", "resolved", "date/time closed", "closed date",
                        "close date", "date closed", "resolved on", "closed"),
        "resolution": ("resolution", "resolution notes", "closing comments", "resolution summary"),
        "contact": _CONTACT,
        "case_number": ("case number", "ticket id", "case id", "ticket number", "record id"),
    },
    "quotas": {
        "period": ("period", "quarter", "fiscal period", "quota period", "year", "month", "fiscal year"),
        "amount": ("amount", "quota", "target", "quota amount", "goal"),
        "set_by": ("set by", "manager", "owner", "approved by"),
        "notes": ("notes", "comments", "note"),
    },
    "commitments": {
        "client": _CLIENT,
        "what": ("what", "commitment", "promise", "description", "promised"),
        "made_by": ("made by", "promised by", "owner", "who"),
        "due_on": ("due on", "due date", "due", "by", "deadline"),
        "status": ("status",),
    },
}


def norm(header: str) -> str:
    """`Probability (%)` -> `probability`; `E-mail` -> `email`; `Date/Time Opened` -> `datetimeopened`."""
    text = unicodedata.normalize("NFKC", str(header)).replace("\ufeff", "").casefold()
    return re.sub(r"[^\w]|_", "", text.replace("&", "and"))


_PREFIX = re.compile(r"^\s*([^\W\d_][\w ]*?)\s*(?:\s-\s|:)\s*(.+)$")


def _tables() -> dict[str, dict[str, tuple[str, int]]]:
    tables: dict[str, dict[str, tuple[str, int]]] = {}
    for kind, fields in SYNONYMS.items():
        table: dict[str, tuple[str, int]] = {}
        for name, spellings in fields.items():
            for rank, spelling in enumerate((name, *spellings)):
                table.setdefault(norm(spelling), (name, rank))
        tables[kind] = table
    return tables


_TABLES = _tables()


def lookup(kind: Kind, header: str) -> tuple[str, int] | None:
    """(field, rank) for a header, or None.  Lower ranks are better spellings."""
    table = _TABLES[kind.name]
    hit = table.get(norm(header))
    if hit:
        return hit
    m = _PREFIX.match(str(header))
    if m and norm(m.group(1)) in {norm(p) for p in kind.prefixes}:
        hit = table.get(norm(m.group(2)))
        if hit:
            return hit[0], hit[1] + 100  # "Deal - Value" ranks after a plain "Value"
    return None


@dataclass
class Column:
    index: int
    header: str
    field: str | None  # None: ignored
    note: str = ""  # "fills in when X is empty", "also mapped to X", "given with --map"


@dataclass
class Mapping:
    kind: Kind
    columns: list[Column]
    # field -> column indexes, best first: the value is the first that is not empty
    sources: dict[str, list[int]] = field(default_factory=dict)

    @property
    def fields(self) -> set[str]:
        return set(self.sources)

    def missing(self) -> list[tuple[str, ...]]:
        """Required field groups with no column."""
        return [group for group in self.kind.required if not any(f in self.sources for f in group)]

    def header_of(self, name: str) -> str:
        indexes = self.sources.get(name)
        return self.columns[indexes[0]].header if indexes else name


IGNORE = ("", "-", "ignore", "skip", "none")


def parse_overrides(pairs: list[str] | None, kind: Kind) -> dict[str, str | None]:
    """`--map "Their header=field"` -> {normalised header: field or None (ignore it)}."""
    overrides: dict[str, str | None] = {}
    for pair in pairs or []:
        header, sep, target = pair.rpartition("=")
        if not sep or not header.strip():
            raise InvalidInput("--map", f"'{pair}' should look like \"Their header=field\"")
        target = target.strip().lower().replace(" ", "_")
        if target in IGNORE:
            overrides[norm(header)] = None
            continue
        if target not in kind.field_names:
            raise InvalidInput(
                "--map", f"'{target}' is not a field of {kind.name}; fields are {', '.join(kind.field_names)}"
            )
        overrides[norm(header)] = target
    return overrides


def map_headers(headers: list[str], kind: Kind, overrides: dict[str, str | None] | None = None) -> Mapping:
    overrides = overrides or {}
    columns: list[Column] = []
    ranked: dict[str, list[tuple[int, int]]] = {}
    for index, header in enumerate(headers):
        key = norm(header)
        if not key:
            columns.append(Column(index, header, None, "no header"))
            continue
        if key in overrides:
            target = overrides[key]
            columns.append(Column(index, header, target, "given with --map"))
            if target:
                ranked.setdefault(target, []).append((-1, index))
            continue
        hit = lookup(kind, header)
        columns.append(Column(index, header, hit[0] if hit else None))
        if hit:
            ranked.setdefault(hit[0], []).append((hit[1], index))
    sources = {name: [i for _rank, i in sorted(hits)] for name, hits in ranked.items()}
    for indexes in sources.values():
        for i in indexes[1:]:
            columns[i].note = f"fills in where {columns[indexes[0]].header} is empty"
    return Mapping(kind, columns, sources)
