"""Names in a file -> records in the book: clients, contacts, products, deals, issues.

Every lookup table is loaded once per import (no SELECT per row).  A client, product or
contact the book doesn't have yet is created when the import is written, unless the rep
said --no-create; deals and service issues a follow-up names must already exist.
"""

from __future__ import annotations

import re

from amtui.core import clock
from amtui.importers.batches import Ref, ids_in, insert_all
from amtui.importers.rows import Row, RowError
from amtui.models import Client, Contact, Opportunity, Product, ServiceIssue


def fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def domain_of(website: str) -> str:
    """`https://www.Acme.com/about` -> `acme.com`."""
    text = str(website or "").strip().lower()
    text = re.sub(r"^[a-z]+://", "", text).split("/")[0].split("?")[0].split(":")[0]
    return text.removeprefix("www.")


class Refs:
    def __init__(self, *, create: bool = True):
        self.create = create
        self.errors: list[RowError] = []
        self._clients: dict[str, Ref] | None = None
        self._client_of_text: dict[str, Ref] = {}
        self._products: dict[str, Ref] | None = None
        self._contacts_by_email: dict[str, Ref] = {}
        self._contacts_by_name: dict[tuple, Ref] | None = None
        self._deals: dict[tuple, int] | None = None
        self._issues: dict[tuple, int] | None = None
        self._names: dict[str, dict[int, tuple]] = {}
        self.new_clients: list[Ref] = []
        self.new_products: list[Ref] = []
        self.new_contacts: list[Ref] = []

    def _missing(self, row: Row, field: str, what: str) -> None:
        self.errors.append(RowError(row.line, row.header(field), what))

    # --- clients -------------------------------------------------------------------
    @property
    def clients(self) -> dict[str, Ref]:
        if self._clients is None:
            query = Client.select(Client.id, Client.name, Client.name_key)
            self._clients = {c.name_key: Ref(c.id, c.id, c.name) for c in query.namedtuples()}
        return self._clients

    def client(self, row: Row, field: str = "client") -> Ref | None:
        text = row.values[field]
        ref = self._client_of_text.get(text)  # a file names each client many times
        if ref is not None:
            return ref
        name = " ".join(text.split())
        key = Client.key_for(name)
        ref = self.clients.get(key)
        if ref is None:
            if not self.create:
                self._missing(row, field, f"no client named '{name}' in the book (--no-create)")
                return None
            ref = Ref(None, ("new client", key), name)
            self.clients[key] = ref
            self.new_clients.append(ref)
        self._client_of_text[text] = ref
        return ref

    # --- products ------------------------------------------------------------------
    def product(self, row: Row, field: str = "product") -> Ref | None:
        if self._products is None:
            self._products = {fold(n): Ref(pid, pid, n) for pid, n in Product.select(Product.id, Product.name).tuples()}
        name = " ".join(row.values[field].split())
        ref = self._products.get(fold(name))
        if ref is None:
            if not self.create:
                self._missing(row, field, f"no product named '{name}' in the book (--no-create)")
                return None
            ref = Ref(None, ("new product", fold(name)), name)
            self._products[fold(name)] = ref
            self.new_products.append(ref)
        return ref

    # --- contacts ------------------------------------------------------------------
    def _load_contacts(self) -> None:
        self._contacts_by_name = {}
        query = Contact.select(Contact.id, Contact.client, Contact.name, Contact.email).order_by(Contact.id)
        for c in query.namedtuples():
            ref = Ref(c.id, c.id, c.name)
            self._contacts_by_name.setdefault((c.client, fold(c.name)), ref)
            if c.email:
                self._contacts_by_email.setdefault(fold(c.email), ref)

    def contact(self, row: Row, client: Ref, field: str = "contact") -> Ref | None:
        """A contact of the client by name, or anyone's by email address."""
        if self._contacts_by_name is None:
            self._load_contacts()
        text = " ".join(row.values[field].split())
        is_email = "@" in text
        ref = self._contacts_by_email.get(fold(text)) if is_email else None
        ref = ref or self._contacts_by_name.get((client.key, fold(text)))
        if ref is None:
            if not self.create:
                self._missing(row, field, f"{client.name} has no contact '{text}' (--no-create)")
                return None
            ref = Ref(None, ("new contact", client.key, fold(text)), text, client, text if is_email else "")
            self._contacts_by_name[(client.key, fold(text))] = ref
            if is_email:
                self._contacts_by_email[fold(text)] = ref
            self.new_contacts.append(ref)
        return ref

    # --- deals and issues (never created from a reference) ---------------------------
    def deal(self, row: Row, client: Ref, field: str = "deal") -> int | None:
        if self._deals is None:
            query = Opportunity.select(Opportunity.id, Opportunity.client, Opportunity.title)
            # of a client's deals that share a title, the open one (else the latest) wins
            query = query.order_by(Opportunity.status == "open", Opportunity.id)
            self._deals = {(d.client, fold(d.title)): d.id for d in query.namedtuples()}
        found = self._deals.get((client.key, fold(row.values[field])))
        if found is None:
            self._missing(row, field, f"{client.name} has no deal '{row.values[field]}'; import the deals first")
        return found

    def issue(self, row: Row, client: Ref, field: str = "issue") -> int | None:
        if self._issues is None:
            query = ServiceIssue.select(ServiceIssue.id, ServiceIssue.client, ServiceIssue.title)
            query = query.order_by(ServiceIssue.opened_at, ServiceIssue.id)
            self._issues = {(i.client, fold(i.title)): i.id for i in query.namedtuples()}  # the latest wins
        found = self._issues.get((client.key, fold(row.values[field])))
        if found is None:
            self._missing(row, field, f"{client.name} has no service issue '{row.values[field]}'; import the issues first")
        return found

    def same_name(self, kind: str, a: int | None, b: int | None) -> bool:
        """Whether deals (or issues) a and b are one client's records of the same title.

        A file names a follow-up's deal by title; when the client has several deals of
        that title the record keeps the one it already points at, so importing an
        export back changes nothing.
        """
        if a is None or b is None:
            return a == b
        if kind not in self._names:
            model = Opportunity if kind == "deal" else ServiceIssue
            query = model.select(model.id, model.client, model.title)
            self._names[kind] = {r.id: (r.client, fold(r.title)) for r in query.namedtuples()}
        names = self._names[kind]
        return a == b or (a in names and names.get(a) == names.get(b))

    # --- writing what is new -----------------------------------------------------------
    def pending_counts(self) -> dict[str, int]:
        return {"clients": len(self.new_clients), "products": len(self.new_products),
                "contacts": len(self.new_contacts)}

    def write_new(self) -> None:
        """Create the clients, products and contacts rows named that the book lacked."""
        now = clock.now()
        if self.new_clients:
            insert_all(Client, [
                {"name": r.name, "name_key": Client.key_for(r.name), "created_at": now, "updated_at": now}
                for r in self.new_clients
            ])
            _read_back(Client.name_key, {Client.key_for(r.name): r for r in self.new_clients})
        if self.new_products:
            insert_all(Product, [{"name": r.name} for r in self.new_products])
            _read_back(Product.name, {r.name: r for r in self.new_products})
        if self.new_contacts:
            insert_all(Contact, [
                {"client": r.parent.id, "name": r.name, "email": r.email, "created_at": now}
                for r in self.new_contacts
            ])
            wanted = {(r.parent.id, fold(r.name)): r for r in self.new_contacts}
            for chunk in ids_in([r.parent.id for r in self.new_contacts]):
                query = Contact.select(Contact.id, Contact.client, Contact.name).where(Contact.client.in_(chunk))
                for c in query.order_by(Contact.id).namedtuples():
                    ref = wanted.get((c.client, fold(c.name)))
                    if ref is not None:
                        ref.id = c.id


def _read_back(key_field, wanted: dict[str, Ref]) -> None:
    """Give each new row's Ref the id the book gave it, found by the row's unique key
    (`key_field`: a client's name key, a product's name)."""
    model = key_field.model
    for chunk in ids_in(list(wanted)):
        query = model.select(model.id, key_field.alias("key")).where(key_field.in_(chunk))
        for row in query.namedtuples():
            wanted[row.key].id = row.id
