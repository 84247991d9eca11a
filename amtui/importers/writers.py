"""The second pass of an import: match each row to its record, then write the batch.

A writer first plans: every row is new, an update of the record it matches (only the
fields that differ), or unchanged.  Existing records are loaded once into dicts (no
SELECT per row).  The same record twice in one file is one record: the later row wins.
Nothing is written until the whole file has been planned without an error; then
`write()` inserts the new records in multi-row batches and updates the changed ones.

How a row finds its record (the matching rules of the import):
clients by case-insensitive name, else by website domain; contacts by email, else by
client + name; products by name; holdings by client + product; quotas by period;
commitments by client + what was promised.  Deals and activity: deal_writer.py and
activity_writers.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.core import clock
from amtui.importers.batches import Ref, ids_in, insert_all, update_each
from amtui.importers.refs import Refs, domain_of, fold
from amtui.importers.rows import Context, Row
from amtui.models import Client, Commitment, Contact, Holding, Product, Quota


@dataclass
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return self.new + self.updated + self.unchanged

    def add(self, other: Counts) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged


def same(old, new) -> bool:
    if isinstance(new, Ref):
        new = new.id if new.id is not None else new.key
    if isinstance(old, Ref):
        old = old.id if old.id is not None else old.key
    return old == new


def client_ids(values: list[dict], field: str = "client") -> list[int]:
    return sorted({v[field].id for v in values if v.get(field) is not None and v[field].id is not None})


class Writer:
    """Plans and writes one file's rows of one kind.

    Subclasses say how a row and a record are grouped (`base`, `base_of`): the records a
    row could be.  Within a group, `discriminator` (a deal's created time, a
    commitment's due date) tells same-titled records apart when the file gives it; a
    row whose discriminator matches nothing still takes the group's only record, unless
    another row claimed it (the rep moved a due date, or the record was typed by hand).
    """

    model = None
    discriminator: str | None = None

    def __init__(self, refs: Refs, ctx: Context):
        self.refs, self.ctx = refs, ctx
        self.counts = Counts()
        self.pending: dict = {}  # key -> values of a new record
        self.updates: dict[int, dict] = {}
        self.groups: dict = {}  # base key -> existing records, oldest first
        self.now = clock.now()

    # --- what each kind says ----------------------------------------------------------
    def resolve(self, row: Row) -> dict | None:
        """The row's values with names turned into Refs; None if a name can't be found."""
        return dict(row.values)

    def existing(self, values: list[dict]) -> list[dict]:
        """The existing records these rows could match (loaded once)."""
        return []

    def base(self, values: dict):
        raise NotImplementedError

    def base_of(self, record: dict):
        raise NotImplementedError

    def same_discriminator(self, record: dict, values: dict) -> bool:
        return same(record[self.discriminator], values[self.discriminator])

    def discriminator_key(self, values: dict):
        return values.get(self.discriminator) if self.discriminator else None

    def pick(self, candidates: list[dict]) -> dict:
        """Of several same-named records and nothing to tell them apart: the latest."""
        return candidates[-1]

    def changes(self, old: dict, values: dict) -> dict:
        return {k: v for k, v in values.items() if not same(old.get(k), v)}

    def new(self, values: dict) -> dict:
        return values

    def seen(self, values: dict) -> None:
        """Called with every row's values, matched or not."""

    def after_write(self) -> None:
        """Bookkeeping that needs the new records' ids."""

    # --- matching -------------------------------------------------------------------------
    def load(self, values: list[dict]) -> None:
        for record in self.existing(values):
            self.groups.setdefault(self.base_of(record), []).append(record)

    def find(self, values: dict) -> dict | None:
        candidates = self.groups.get(self.base(values), [])
        if self.discriminator and values.get(self.discriminator) is not None:
            return next((c for c in candidates if self.same_discriminator(c, values)), None)
        return self.pick(candidates) if candidates else None

    def fallback(self, values: dict, claimed: set[int]) -> dict | None:
        candidates = self.groups.get(self.base(values), [])
        if self.discriminator and len(candidates) == 1 and id(candidates[0]) not in claimed:
            return candidates[0]
        return None

    def key(self, values: dict):
        return self.base(values), self.discriminator_key(values)

    # --- the plan and the write ---------------------------------------------------------
    def plan(self, rows: list[Row]) -> None:
        resolved = [self.resolve(row) for row in rows]
        if self.refs.errors:
            return
        self.load(resolved)
        found = [self.find(values) for values in resolved]
        claimed = {id(old) for old in found if old is not None}
        for i, values in enumerate(resolved):
            if found[i] is None:
                found[i] = self.fallback(values, claimed)
                if found[i] is not None:
                    claimed.add(id(found[i]))
        for values, old in zip(resolved, found, strict=True):
            self.seen(values)
            if old is not None:
                changes = self.changes(old, values)
                if changes:
                    self.updates.setdefault(old["id"], {}).update(changes)
                    old.update(changes)
                    self.counts.updated += 1
                else:
                    self.counts.unchanged += 1
                continue
            key = self.key(values)
            pending = self.pending.get(key)
            if pending is None:
                self.pending[key] = dict(values)
                self.counts.new += 1
            elif all(same(pending.get(k), v) for k, v in values.items()):
                self.counts.unchanged += 1
            else:
                pending.update(values)
                self.counts.updated += 1

    def write(self) -> None:
        insert_all(self.model, [self.new(values) for values in self.pending.values()])
        update_each(self.model, self.updates)
        self.after_write()


def load_by_client(model, ids: list[int], *columns) -> list[dict]:
    out = []
    for chunk in ids_in(ids):
        out.extend(model.select(*columns).where(model.client.in_(chunk)).order_by(model.id).dicts())
    return out


# --- clients -------------------------------------------------------------------------------


class ClientWriter(Writer):
    model = Client

    def resolve(self, row):
        values = dict(row.values)
        values["name"] = " ".join(values["name"].split())
        return values

    def load(self, values):
        self.by_key, domains = {}, {}
        for c in Client.select().dicts():
            self.by_key[c["name_key"]] = c
            domain = domain_of(c["website"])
            if domain:
                domains.setdefault(domain, []).append(c)
        # a domain shared by two clients (subsidiaries) identifies neither
        self.by_domain = {d: cs[0] for d, cs in domains.items() if len(cs) == 1}

    def find(self, values):
        old = self.by_key.get(Client.key_for(values["name"]))
        if old is None and values.get("website"):
            old = self.by_domain.get(domain_of(values["website"]))
            if old is not None:
                values.pop("name")  # matched by its website: the rep's name for it stays
        return old

    def fallback(self, values, claimed):
        return None

    def key(self, values):
        return Client.key_for(values["name"])

    def changes(self, old, values):
        changes = super().changes(old, values)
        if changes:
            if "name" in changes:
                changes["name_key"] = Client.key_for(changes["name"])
            changes["updated_at"] = self.now
        return changes

    def new(self, values):
        return {**values, "name_key": Client.key_for(values["name"]), "created_at": self.now, "updated_at": self.now}


# --- contacts ------------------------------------------------------------------------------


class ContactWriter(Writer):
    model = Contact

    def __init__(self, refs, ctx):
        super().__init__(refs, ctx)
        self.primary: dict = {}  # client key -> values of the contact the file made primary

    def resolve(self, row):
        client = self.refs.client(row)
        if client is None:
            return None
        values = dict(row.values)
        values["client"] = client
        values["name"] = " ".join(values["name"].split())
        return values

    def load(self, values):
        self.by_email, self.by_name, self.has_contacts = {}, {}, set()
        for c in Contact.select().order_by(Contact.id).dicts():
            if c["email"]:
                self.by_email.setdefault(fold(c["email"]), c)
            self.by_name.setdefault((c["client"], fold(c["name"])), c)
            self.has_contacts.add(c["client"])

    def find(self, values):
        email = fold(values.get("email", ""))
        if email and email in self.by_email:
            return self.by_email[email]
        old = self.by_name.get((values["client"].key, fold(values["name"])))
        if old is not None and (not old["email"] or not email):
            return old
        return None

    def fallback(self, values, claimed):
        return None

    def key(self, values):
        email = fold(values.get("email", ""))
        return email or (values["client"].key, fold(values["name"]))

    def seen(self, values):
        if values.get("is_primary"):
            self.primary[values["client"].key] = values

    def new(self, values):
        client = values["client"]
        if "is_primary" not in values:
            # a client's first contact is its primary one, as when added by hand
            values["is_primary"] = client.key not in self.has_contacts
            self.has_contacts.add(client.key)
        return {**values, "created_at": self.now}

    def after_write(self):
        """One primary contact per client: the one the file marked last."""
        wanted = {values["client"].id: values for values in self.primary.values()}
        columns = (Contact.id, Contact.client, Contact.name, Contact.email, Contact.is_primary)
        by_client: dict[int, list[dict]] = {}
        for c in load_by_client(Contact, list(wanted), *columns):
            by_client.setdefault(c["client"], []).append(c)
        unset = []
        for client_id, values in wanted.items():
            contacts = by_client.get(client_id, [])
            if values.get("email"):
                chosen = [c["id"] for c in contacts if fold(c["email"]) == fold(values["email"])]
            else:
                chosen = [c["id"] for c in contacts if fold(c["name"]) == fold(values["name"])]
            if chosen:
                unset += [c["id"] for c in contacts if c["is_primary"] and c["id"] != chosen[-1]]
        for chunk in ids_in(unset):
            Contact.update(is_primary=False).where(Contact.id.in_(chunk)).execute()


# --- products, holdings, quotas, commitments -----------------------------------------------


class ProductWriter(Writer):
    model = Product

    def resolve(self, row):
        values = dict(row.values)
        values["name"] = " ".join(values["name"].split())
        return values

    def existing(self, values):
        return list(Product.select().order_by(Product.id).dicts())

    def base(self, values):
        return fold(values["name"])

    def base_of(self, record):
        return fold(record["name"])


class HoldingWriter(Writer):
    """Holdings by client + product; a client that held a product twice (it ended,
    they bought again) is told apart by the start date."""

    model = Holding
    discriminator = "since"

    def resolve(self, row):
        client, product = self.refs.client(row), self.refs.product(row)
        if client is None or product is None:
            return None
        return {**row.values, "client": client, "product": product}

    def existing(self, values):
        return load_by_client(Holding, client_ids(values))

    def base(self, values):
        return values["client"].key, values["product"].key

    def base_of(self, record):
        return record["client"], record["product"]


class QuotaWriter(Writer):
    model = Quota

    def existing(self, values):
        return list(Quota.select().dicts())

    def base(self, values):
        return values["period"]

    def base_of(self, record):
        return record["period"]


class CommitmentWriter(Writer):
    """Commitments by client + what was promised; a promise made again (a monthly
    report) is told apart by its due date."""

    model = Commitment
    discriminator = "due_on"

    def resolve(self, row):
        client = self.refs.client(row)
        return None if client is None else {**row.values, "client": client}

    def existing(self, values):
        return load_by_client(Commitment, client_ids(values))

    def base(self, values):
        return values["client"].key, fold(values["what"])

    def base_of(self, record):
        return record["client"], fold(record["what"])

    def new(self, values):
        return {**values, "created_at": self.now}
