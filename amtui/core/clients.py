"""Clients, contacts, interactions, follow-ups, service issues, commitments."""

from __future__ import annotations

from peewee import fn

from amtui.core.errors import NotFound
from amtui.models import Client


def find_client(name: str, *, include_archived: bool = False) -> Client:
    """A client by exact name (case-insensitive), else by a unique prefix, else by a
    unique substring.  Unknown or ambiguous names raise NotFound listing the candidates."""
    wanted = Client.key_for(name)
    if not wanted:
        raise NotFound("client: no name given")
    query = Client.select()
    if not include_archived:
        query = query.where(Client.archived == False)  # noqa: E712
    exact = query.where(Client.name_key == wanted).first()
    if exact:
        return exact
    position = fn.instr(Client.name_key, wanted)  # instr: no LIKE wildcards in names
    for condition in (position == 1, position > 0):
        hits = list(query.where(condition).order_by(Client.name_key).limit(11))
        if len(hits) == 1:
            return hits[0]
        if hits:
            names = [c.name for c in hits[:10]]
            more = " …" if len(hits) > 10 else ""
            raise NotFound(
                f"client: '{name}' matches {len(hits)}{'+' if more else ''} clients: "
                f"{', '.join(names)}{more}",
                names,
            )
    raise NotFound(f"client: no client named '{name}'")
