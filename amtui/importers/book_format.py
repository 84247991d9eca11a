"""The layout of `amtui export book --format csv`: one file per kind, every column of
every record, so a book crosses to another book without losing or merging anything.

Export (book_csv.py) and restore (restore.py) both read this table, so what one writes
the other reads.  Each file starts with the record's `id`; then the fields a person
reads and other systems' importers understand (the canonical field names of kinds.py,
records named by name); then what only amtui needs to rebuild the same book: the ids
of the records a row points at (`client_id`, `deal_id`) and the bookkeeping columns
(`created_at`, `probability_overridden`).  A name column is for reading; on restore the
id columns say which record is meant, so two deals of one title stay two deals.
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.importers.kinds import KINDS
from amtui.models import (
    CLIENT_STATUSES,
    COMMITMENT_STATUSES,
    DEAL_KINDS,
    DEAL_STATUSES,
    FORECAST_CATEGORIES,
    HOLDING_STATUSES,
    INTERACTION_KINDS,
    ISSUE_STATUSES,
    PRIORITIES,
    SEVERITIES,
    TIERS,
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
)

STAGE_OUTCOMES = ("open", "won", "lost")


@dataclass(frozen=True)
class Column:
    header: str
    attr: str  # the model field (for a name column: the field holding the id it names)
    type: str  # id ref int text date timestamp money decimal bool json pairs name
    # a name column: (model, its name field), written for people, never read back
    names: tuple | None = None
    choices: tuple[str, ...] = ()
    required: bool = False  # refused when empty on restore

    @property
    def read_back(self) -> bool:
        return self.type != "name"


@dataclass(frozen=True)
class BookFile:
    name: str  # "clients": the file's stem
    model: type
    columns: tuple[Column, ...]
    # what each id column points at: header -> file name
    points_at: dict
    noun: str = ""  # "client", for messages

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def has_id(self) -> bool:
        return self.columns[0].header == "id"


def _c(header, type_="text", attr=None, **kw) -> Column:
    return Column(header, attr or header, type_, **kw)


ID = _c("id", "id", required=True)
_CLIENT_NAME = _c("client", "name", "client", names=(Client, "name"))
_CONTACT_NAME = _c("contact", "name", "contact", names=(Contact, "name"))
_PRODUCT_NAME = _c("product", "name", "product", names=(Product, "name"))
_STAGE_NAME = _c("stage", "name", "stage", names=(Stage, "name"))
_DEAL_NAME = _c("deal", "name", "opportunity", names=(Opportunity, "title"))
_ISSUE_NAME = _c("issue", "name", "service_issue", names=(ServiceIssue, "title"))


def _ref(header: str, attr: str, required: bool = False) -> Column:
    return _c(header, "ref", attr, required=required)


_NOUNS = {"opportunities": "deal", "stage_changes": "stage change", "comp_plans": "comp plan",
          "followups": "follow-up", "issues": "service issue",
          "settings": "setting"}


def _file(name, model, columns, points_at=None) -> BookFile:
    return BookFile(name, model, tuple(columns), points_at or {}, _NOUNS.get(name, name.removesuffix("s")))


# In dependency order: restore writes them in this order, so every id a row points at
# is already in the book.
BOOK_FILES: tuple[BookFile, ...] = (
    _file("settings", Setting, (_c("key", required=True), _c("value", "json", required=True))),
    _file("stages", Stage, (
        ID, _c("name", required=True), _c("position", "int", required=True),
        _c("probability", "int", required=True),
        _c("forecast_category", choices=FORECAST_CATEGORIES, required=True), _c("rot_days", "int"),
        _c("outcome", choices=STAGE_OUTCOMES, required=True),
    )),
    _file("clients", Client, (
        ID, _c("name", required=True), _c("industry"), _c("tier", choices=TIERS),
        _c("status", choices=CLIENT_STATUSES), _c("website"), _c("phone"), _c("address"),
        _c("renewal_on", "date"), _c("cadence_days", "int"), _c("handed_over_on", "date"),
        _c("handed_over_by"), _c("handover_notes"), _c("needs"), _c("notes"), _c("archived", "bool"),
        _c("created_at", "timestamp"), _c("updated_at", "timestamp"),
    )),
    _file("products", Product, (
        ID, _c("name", required=True), _c("family"), _c("list_price", "money"),
        _c("recurring", "bool"), _c("active", "bool"),
    )),
    _file("contacts", Contact, (
        ID, _CLIENT_NAME, _c("name", required=True), _c("title"), _c("email"), _c("phone"),
        _c("is_primary", "bool"), _c("notes"), _ref("client_id", "client", True),
        _c("created_at", "timestamp"),
    ), {"client_id": "clients"}),
    _file("holdings", Holding, (
        ID, _CLIENT_NAME, _PRODUCT_NAME, _c("since", "date"), _c("annual_value", "money"),
        _c("ends_on", "date"), _c("status", choices=HOLDING_STATUSES),
        _ref("client_id", "client", True), _ref("product_id", "product", True),
    ), {"client_id": "clients", "product_id": "products"}),
    _file("opportunities", Opportunity, (
        ID, _CLIENT_NAME, _c("title", required=True), _c("kind", choices=DEAL_KINDS),
        _c("amount", "money"), _STAGE_NAME, _c("status", choices=DEAL_STATUSES),
        _c("probability", "int", required=True),
        _c("forecast_category", choices=FORECAST_CATEGORIES, required=True),
        _c("close_on", "date", required=True), _c("original_close_on", "date", required=True),
        _c("push_count", "int"), _c("next_step"), _c("closed_on", "date"), _c("lost_reason"),
        _PRODUCT_NAME, _c("stage_entered_at", "timestamp"), _c("created_at", "timestamp"),
        _ref("client_id", "client", True), _ref("stage_id", "stage", True), _ref("product_id", "product"),
        _c("probability_overridden", "bool"), _c("category_overridden", "bool"),
        _c("updated_at", "timestamp"),
    ), {"client_id": "clients", "stage_id": "stages", "product_id": "products"}),
    _file("stage_changes", StageChange, (
        ID, _DEAL_NAME, _c("changed_at", "timestamp", required=True), _c("change", required=True),
        _STAGE_NAME, _c("amount", "money", required=True), _c("close_on", "date", required=True),
        _c("probability", "int", required=True),
        _ref("deal_id", "opportunity", True), _ref("stage_id", "stage", True),
    ), {"deal_id": "opportunities", "stage_id": "stages"}),
    _file("interactions", Interaction, (
        ID, _CLIENT_NAME, _c("happened_at", "timestamp", required=True),
        _c("kind", choices=INTERACTION_KINDS), _c("summary", required=True), _c("outcome"),
        _CONTACT_NAME, _ref("client_id", "client", True), _ref("contact_id", "contact"),
        _c("created_at", "timestamp"),
    ), {"client_id": "clients", "contact_id": "contacts"}),
    _file("issues", ServiceIssue, (
        ID, _CLIENT_NAME, _c("title", required=True), _c("description"),
        _c("severity", choices=SEVERITIES), _c("status", choices=ISSUE_STATUSES),
        _c("opened_at", "timestamp"), _c("resolved_at", "timestamp"), _c("resolution"),
        _CONTACT_NAME, _ref("client_id", "client", True), _ref("contact_id", "contact"),
    ), {"client_id": "clients", "contact_id": "contacts"}),
    _file("followups", FollowUp, (
        ID, _CLIENT_NAME, _c("title", required=True), _c("due_on", "date", required=True),
        _c("priority", choices=PRIORITIES), _c("done_at", "timestamp"), _c("snooze_count", "int"),
        _c("notes"), _CONTACT_NAME, _DEAL_NAME, _ISSUE_NAME,
        _ref("client_id", "client", True), _ref("contact_id", "contact"),
        _ref("deal_id", "opportunity"), _ref("issue_id", "service_issue"),
        _c("created_at", "timestamp"),
    ), {"client_id": "clients", "contact_id": "contacts", "deal_id": "opportunities",
        "issue_id": "issues"}),
    _file("quotas", Quota, (
        ID, _c("period", required=True), _c("amount", "money", required=True), _c("set_by"),
        _c("notes"),
    )),
    _file("commitments", Commitment, (
        ID, _CLIENT_NAME, _c("what", required=True), _c("made_by"), _c("due_on", "date"),
        _c("status", choices=COMMITMENT_STATUSES), _ref("client_id", "client", True),
        _c("created_at", "timestamp"),
    ), {"client_id": "clients"}),
    _file("comp_plans", CompPlan, (
        ID, _c("effective_from", "date", required=True), _c("base_salary", "money"),
        _c("rate", "decimal", required=True), _c("tiers", "pairs"), _c("bonuses", "pairs"),
        _c("cap", "money"),
        _c("retroactive", "bool"),
    )),
)

BOOK: dict[str, BookFile] = {f.name: f for f in BOOK_FILES}
# files that only a restore into an empty book reads: no other system writes them
BOOK_ONLY = tuple(name for name in BOOK if name not in KINDS)


def book_file_of(stem: str, headers: list[str]) -> BookFile | None:
    """The book file these headers are, exactly as amtui writes them, else None."""
    clean = [str(h or "").replace("\ufeff", "").strip() for h in headers]
    while clean and not clean[-1]:
        clean.pop()
    found = BOOK.get(stem)
    if found is not None and found.headers == clean:
        return found
    return next((f for f in BOOK_FILES if f.headers == clean), None)
