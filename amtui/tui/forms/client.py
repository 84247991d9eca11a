"""Forms for a client, a contact at a client, and a product a client holds.

Each is a FormScreen dismissed with the saved record's id, or None when cancelled.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from amtui.core import change_labels, clients, clock, contacts, dates_fmt, holdings
from amtui.core.choices import CLIENT_STATUSES, HOLDING_STATUSES, TIERS
from amtui.core.money import amount_text, fmt_amount
from amtui.core.parse import FUTURE, PAST, Tense, parse_date, parse_int, parse_money
from amtui.core.products import products
from amtui.core.settings import get_settings
from amtui.core.undo import name_change
from amtui.tui.dialogs.form import FormField, FormScreen

TIER_LABELS = {"A": "A: key account", "B": "B: core", "C": "C: long tail"}
TEXT_FIELDS = {"industry", "handed_over_by", "handover_notes", "needs", "website", "phone", "address", "notes", "title", "email"}


def describe_date(day: date) -> str:
    """'Fri 4 Dec (in 7 days)': what the parser understood, checked at a glance."""
    return dates_fmt.day_and_due(day)


def date_field(
    name: str, label: str, value: date | None, hint: str = "", *, tense: Tense
) -> FormField:
    return FormField(
        name,
        label,
        value=dates_fmt.day(value),  # as the screens show it; parse_date reads it back
        parse=lambda text: parse_date(text, tense=tense, field=name),
        describe=describe_date,
        placeholder="2026-12-01, 12/01, +1m, fri",
        hint=hint,
    )


def _blank_to_empty(values: dict) -> dict:
    """Form fields left empty come back as None; core wants '' for text."""
    return {k: ("" if v is None and k in TEXT_FIELDS else v) for k, v in values.items()}


# --- client ---------------------------------------------------------------------------------


class ClientForm(FormScreen):
    """New client (client_id None) or edit one; the name first and focused."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    saves_as_new = True

    def __init__(self, client_id: int | None = None):
        self.client_id = client_id
        record = self.editing(clients.get_client, client_id)
        self.cadence_defaults = get_settings().cadence_days
        tier = record.tier if record else "B"
        fields = [
            FormField(
                "name",
                "Name",
                value=record.name if record else "",
                parse=lambda text: clients.check_name(text, client_id),
                required=True,
                placeholder="Acme Corp",
            ),
            FormField(
                "tier",
                "Tier",
                kind="choice",
                value=tier,
                choices=[(TIER_LABELS[t], t) for t in TIERS],
                allow_blank=False,
            ),
            FormField("industry", "Industry", value=record.industry if record else ""),
            FormField(
                "status",
                "Status",
                kind="choice",
                value=record.status if record else "active",
                choices=[(s, s) for s in CLIENT_STATUSES],
                allow_blank=False,
            ),
            FormField(
                "cadence_days",
                "Contact every (days)",
                value=str(record.cadence_days) if record and record.cadence_days else "",
                parse=lambda text: parse_int(text, field="cadence_days", minimum=1, maximum=clients.CADENCE_MAX),
                describe=lambda days: f"every {days} days",
                hint=self._cadence_hint(tier),
            ),
            date_field("renewal_on", "Renewal date", record.renewal_on if record else None, tense=FUTURE),
            date_field(
                "handed_over_on",
                "Handed over on",
                record.handed_over_on if record else None,
                hint="when business development passed the client to you",
                tense=PAST,
            ),
            FormField("handed_over_by", "Handed over by", value=record.handed_over_by if record else ""),
            FormField("handover_notes", "Handover notes", kind="multiline", value=record.handover_notes if record else ""),
            FormField("needs", "Needs", kind="multiline", value=record.needs if record else ""),
            FormField("website", "Website", value=record.website if record else ""),
            FormField("phone", "Phone", value=record.phone if record else ""),
            FormField("address", "Address", value=record.address if record else ""),
            FormField("notes", "Notes", kind="multiline", value=record.notes if record else ""),
        ]
        title = f"Edit client: {record.name}" if record else "New client"
        super().__init__(title, fields, self._save)

    def _cadence_hint(self, tier: str | None) -> str:
        days = self.cadence_defaults.get(tier or "B", 30)
        return f"blank: tier {tier or 'B'} default, every {days} days"

    def on_field_changed(self, name: str) -> None:
        if name == "tier":
            cadence = next(f for f in self.fields if f.name == "cadence_days")
            cadence.hint = self._cadence_hint(self._raw(next(f for f in self.fields if f.name == "tier")))
            self._check(cadence)

    def become_new(self) -> None:
        self.client_id = None

    def _save(self, values: dict) -> int:
        return _add_or_update(self.client_id, self.base, _blank_to_empty(values),
                              add=clients.create_client, update=clients.update_client,
                              label=change_labels.client_change)


def _add_or_update(record_id: int | None, base, values: dict, *, add, update, label) -> int:
    """What a form's save does: add the record (`add(**values)`, returning its id) when the
    form is a new one, else update it from what the form read (`base`); then name the
    change after the record as saved (`label("added" or "edited", its id)`)."""
    if record_id is None:
        record_id, verb = add(**values), "added"
    else:
        update(record_id, base=base, **values)
        verb = "edited"
    name_change(label(verb, record_id))
    return record_id


# --- contact --------------------------------------------------------------------------------


class ContactForm(FormScreen):
    """New contact at a client (contact_id None) or edit one."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    saves_as_new = True

    def __init__(self, client_id: int, contact_id: int | None = None):
        self.client_id, self.contact_id = client_id, contact_id
        c = self.editing(contacts.get_contact, contact_id)
        fields = [
            FormField("name", "Name", value=c.name if c else "", required=True, placeholder="Jane Doe"),
            FormField("title", "Title", value=c.title if c else "", placeholder="Head of Operations"),
            FormField("email", "Email", value=c.email if c else "", parse=contacts.check_email),
            FormField("phone", "Phone", value=c.phone if c else ""),
            FormField(
                "is_primary",
                "Primary contact",
                kind="checkbox",
                value=c.is_primary if c else False,
                hint="one per client: this unsets the others",
            ),
            FormField("notes", "Notes", kind="multiline", value=c.notes if c else ""),
        ]
        client = clients.get_client(client_id)
        title = f"Edit contact: {c.name}" if c else f"New contact at {client.name}"
        super().__init__(title, fields, self._save)

    def become_new(self) -> None:
        self.contact_id = None

    def _save(self, values: dict) -> int:
        return _add_or_update(self.contact_id, self.base, _blank_to_empty(values),
                              add=partial(contacts.add_contact, self.client_id),
                              update=contacts.update_contact, label=change_labels.contact_change)


# --- holding --------------------------------------------------------------------------------


class HoldingForm(FormScreen):
    """A product the client holds: new (holding_id None) or edit one."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    saves_as_new = True

    def __init__(self, client_id: int, holding_id: int | None = None):
        self.client_id, self.holding_id = client_id, holding_id
        h = self.editing(holdings.get_holding, holding_id)
        catalogue = products()
        if h is not None and all(p.id != h.product_id for p in catalogue):
            catalogue.append(next(p for p in products(include_retired=True) if p.id == h.product_id))
        self.prices = {p.id: p.list_price for p in catalogue}
        self.currency = get_settings().currency
        fields = [
            FormField(
                "product_id",
                "Product",
                kind="choice",
                value=h.product_id if h else "",
                choices=[(f"{p.name} ({p.family})" if p.family else p.name, p.id) for p in catalogue],
                required=True,
            ),
            FormField(
                "annual_value",
                "Annual value",
                value=amount_text(h.annual_value) if h else "",
                parse=lambda text: parse_money(text, field="annual_value"),
                describe=lambda amount: fmt_amount(amount, self.currency),
                placeholder="12.5k",
                hint="blank: the product's list price",
            ),
            date_field("since", "Since", h.since if h else clock.today(), tense=PAST),
            date_field("ends_on", "Ends or renews on", h.ends_on if h else None, tense=FUTURE),
            FormField(
                "status",
                "Status",
                kind="choice",
                value=h.status if h else "active",
                choices=[(s, s) for s in HOLDING_STATUSES],
                allow_blank=False,
            ),
        ]
        client = clients.get_client(client_id)
        title = f"Edit holding: {h.product}" if h else f"New holding for {client.name}"
        intro = "" if catalogue else "The catalogue is empty: add products to it first."
        super().__init__(title, fields, self._save, intro=intro)

    def become_new(self) -> None:
        self.holding_id = None

    def _save(self, values: dict) -> int:
        if values.get("annual_value") is None:
            values["annual_value"] = self.prices.get(values["product_id"], Decimal("0"))
        return _add_or_update(self.holding_id, self.base, values,
                              add=partial(holdings.add_holding, self.client_id),
                              update=holdings.update_holding, label=change_labels.holding_change)


# --- the activity forms, opened on a client --------------------------------------------------

SAVED = {
    # kind -> what to say once its form is saved
    "log": "Interaction logged",
    "follow_up": "Follow-up saved",
    "issue": "Service issue saved",
    "commitment": "Commitment saved",
    "deal": "Deal saved",
}


def activity_form_class(kind: str) -> type[FormScreen]:
    """The form for `kind`: log, follow_up, issue, commitment or deal."""
    # Imported here, not at the top: deal.py imports date_field from this module.
    from amtui.tui.forms import activity, deal, follow_up

    return {
        "log": activity.LogInteractionForm,
        "follow_up": follow_up.FollowUpForm,
        "issue": activity.ServiceIssueForm,
        "commitment": activity.CommitmentForm,
        "deal": deal.DealForm,
    }[kind]


def open_activity_form(app, kind: str, client_id: int, on_done=None, **kwargs) -> None:
    """Push the form for `kind` on a client (log, follow_up, issue, commitment, deal),
    say so once it is saved, then call on_done(saved id or None)."""
    form = activity_form_class(kind)(client_id=client_id, **kwargs)

    def dismissed(result) -> None:
        if result is not None:  # what the form says it did, else what its kind says
            app.notify(getattr(form, "saved_note", "") or SAVED[kind], markup=False)
        if on_done is not None:
            on_done(result)

    app.push_screen(form, dismissed)
