"""The people at a client: one of them the primary contact.

Re-exported by clients.py, where the contract names these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import fn

from amtui.core import versions
from amtui.core.errors import InvalidInput, NotFound, existing
from amtui.core.names import folded, pick_by_name
from amtui.core.text import clean_text
from amtui.models import Client, Contact, database

NAME_MAX = 200
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def check_email(value, field: str = "email") -> str:
    email = clean_text(field, value, limit=254)
    if email and not EMAIL.match(email):
        raise InvalidInput(field, f"'{email}' does not look like an email address (name@example.com)")
    return email


# --- contacts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    id: int
    client_id: int
    name: str
    title: str
    email: str
    phone: str
    is_primary: bool
    notes: str
    version: int = 0  # the row's version when read (core.versions)


def _contact_row(c: Contact) -> ContactRow:
    return ContactRow(c.id, c.client_id, c.name, c.title, c.email, c.phone, c.is_primary, c.notes,
                      c.version)


CONTACT_FIELDS = {
    "name": lambda v: " ".join(clean_text("name", v, required=True, limit=NAME_MAX).split()),
    "title": lambda v: clean_text("title", v, limit=100),
    "email": check_email,
    "phone": lambda v: clean_text("phone", v, limit=50),
    "is_primary": bool,
    "notes": lambda v: clean_text("notes", v),
}


def _clean_contact(changes: dict) -> dict:
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "is not a contact field")
    return {field: CONTACT_FIELDS[field](value) for field, value in changes.items()}


def _contact(contact_id: int) -> Contact:
    return existing(Contact, contact_id, "contact")


def _only_primary(contact: Contact) -> None:
    """One primary contact per client: making this one primary unsets the others."""
    (
        Contact.update(is_primary=False)
        .where(Contact.client == contact.client_id, Contact.id != contact.id)
        .execute()
    )


def add_contact(
    client_id: int,
    name: str,
    *,
    title: str = "",
    email: str = "",
    phone: str = "",
    is_primary: bool = False,
    notes: str = "",
) -> int:
    """A new contact at a client; the client's first contact becomes its primary one."""
    clean = _clean_contact(
        dict(name=name, title=title, email=email, phone=phone, is_primary=is_primary, notes=notes)
    )
    with database.atomic():
        if not Client.select().where(Client.id == client_id).exists():
            raise NotFound(f"client: no client with id {client_id}")
        _name_free(client_id, clean["name"])
        if not Contact.select().where(Contact.client == client_id).exists():
            clean["is_primary"] = True
        contact = Contact.create(client=client_id, **clean)
        if contact.is_primary:
            _only_primary(contact)
        return contact.id


def _name_free(client_id: int, name: str, *, but: int | None = None) -> None:
    """Refuse a second contact of the client by the same name (any case, any spacing):
    `amtui log ... --contact "Ava Xu"` could then pick neither, and an import takes the
    client and the name as who a contact is."""
    key = folded(name)
    taken = (Contact.select(Contact.id, Contact.name)
             .where(Contact.client == client_id, Contact.id != (but or 0)).tuples())
    if any(folded(other) == key for _id, other in taken):
        raise InvalidInput("name", f"{name} is already a contact of this client; edit that one instead")


def update_contact(contact_id: int, *, base=None, **changes) -> bool:
    """`base`: the contact as the rep's form read it (see core.versions).  False when
    the changes are what the contact holds already: nothing was written."""
    clean = _clean_contact(changes)
    with versions.edit("contact", contact_id, base, load=get_contact, yours=changes), \
            database.atomic():
        contact = _contact(contact_id)
        versions.expect(contact, base)
        if "name" in clean:
            _name_free(contact.client_id, clean["name"], but=contact_id)
        for field, value in clean.items():
            setattr(contact, field, value)
        if not contact.save():  # it held these values already
            return False
        if contact.is_primary:
            _only_primary(contact)
    return True


def delete_contact(contact_id: int) -> None:
    """Delete a contact; interactions and issues that named them keep their record."""
    with database.atomic():
        _contact(contact_id)
        Contact.delete().where(Contact.id == contact_id).execute()


def get_contact(contact_id: int) -> ContactRow:
    return _contact_row(_contact(contact_id))


def client_contacts(client_id: int) -> list[ContactRow]:
    """The client's contacts, the primary one first, then by name."""
    query = (
        Contact.select()
        .where(Contact.client == client_id)
        .order_by(Contact.is_primary.desc(), fn.lower(Contact.name), Contact.id)
    )
    return [_contact_row(c) for c in query]


def find_contact(client_id: int, name: str) -> ContactRow:
    """A contact of the client by name: exact, else a unique prefix or substring."""
    found, names = pick_by_name(client_contacts(client_id), name)
    if found is not None:
        return found
    if names:
        raise NotFound(f"contact: '{name}' matches {', '.join(names)}", names)
    raise NotFound(f"contact: no contact named '{name}' at this client")
