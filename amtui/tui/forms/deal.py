"""Forms for a deal: new or edit (`DealForm`), won (`WinForm`), lost (`LoseForm`).

Each calls one core function on save and is dismissed with its result: the deal id
(DealForm, LoseForm) or what winning did (`Won`, from WinForm); None when cancelled.
"""

from __future__ import annotations

from datetime import timedelta

from amtui.core import clock, deal_moves
from amtui.core import pipeline as pl
from amtui.core.change_labels import deal_change, deal_label
from amtui.core.choices import DEAL_KINDS, OPEN_FORECAST_CATEGORIES
from amtui.core.clients import find_client, get_client
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.money import amount_text, fmt_amount, fmt_money
from amtui.core.parse import parse_money, parse_percent
from amtui.core.products import product, products
from amtui.core.settings import get_settings
from amtui.core.stages import open_stages
from amtui.core.undo import name_change
from amtui.tui.dialogs.form import FormField, FormScreen
from amtui.tui.forms.client import date_field


def _client_choice(text: str) -> tuple[int, str]:
    try:
        client = find_client(text)
    except NotFound as exc:  # "'A' matches 2 clients: ...", under the field as typed
        raise InvalidInput("client", str(exc).removeprefix("client: ")) from None
    return client.id, client.name


def _whole_percent(text: str) -> int:
    value = parse_percent(text)
    if value != value.to_integral():
        raise InvalidInput("probability", "must be a whole percent")
    return int(value)


class DealForm(FormScreen):
    """A new deal (optionally for a client, with a product and kind prefilled, as white
    space does), or edit one (deal_id).  The title first and focused."""

    EDITS = True  # saved untouched, writes nothing (FormScreen.edits_a_record)

    def __init__(self, client_id: int | None = None, deal_id: int | None = None,
                 product_id: int | None = None, kind: str | None = None):
        self.deal_id = deal_id
        self.deal = self.editing(pl.deal, deal_id)
        d = self.deal
        self.client_id = d.client_id if d else client_id
        self.currency = get_settings().currency
        self.stages = {s.id: s for s in open_stages()}
        catalogue = products()
        keep = d.product_id if d else product_id
        if keep and all(p.id != keep for p in catalogue):  # a retired product the deal names
            catalogue += [p for p in products(include_retired=True) if p.id == keep]
        self.prices = {p.id: p.list_price for p in catalogue}
        is_open = d is None or d.status == "open"
        stage_id = next((s.id for s in self.stages.values() if d and s.name == d.stage), None)
        stage_id = stage_id or next(iter(self.stages))
        chosen = product_id if d is None else d.product_id
        amount = amount_text(d.amount) if d else (amount_text(self.prices[chosen]) if chosen in self.prices else "")

        self.names = {p.id: p.name for p in catalogue}
        fields = [
            # blank with a product chosen: the product's name (white space prefills one)
            FormField("title", "Title *", value=d.title if d else "",
                      placeholder=self.names.get(chosen, "Analytics seats for the EU team"),
                      hint="blank: the product's name" if chosen in self.names else ""),
        ]
        if self.client_id is None:
            fields.append(FormField("client", "Client", parse=_client_choice, required=True,
                                    describe=lambda c: c[1], placeholder="name, or the start of it"))
        fields += [
            FormField("amount", "Amount", value=amount, parse=parse_money, required=True,
                      describe=lambda a: fmt_amount(a, self.currency), placeholder="12500, 12.5k, 1.2m"),
        ]
        if is_open:
            fields.append(FormField(
                "stage", "Stage", kind="choice", value=stage_id, allow_blank=False,
                choices=[(f"{s.name} ({s.probability}%)", s.id) for s in self.stages.values()],
            ))
        close = d.close_on if d else clock.today() + timedelta(days=deal_moves.DEFAULT_CLOSE_DAYS)
        fields.append(date_field("close_on", "Close date" if is_open else "Closed on",
                                 d.closed_on if d and not is_open else close,
                                 tense="future" if is_open else "past"))
        if is_open:
            fields += [
                FormField("probability", "Probability", parse=_whole_percent,
                          value=str(d.probability) if d and d.probability_overridden else "",
                          describe=lambda p: f"{p}% (overrides the stage)", placeholder="blank: the stage's"),
                FormField("forecast_category", "Forecast category", kind="choice",
                          value=d.forecast_category if d and d.category_overridden else "",
                          choices=[(c, c) for c in OPEN_FORECAST_CATEGORIES], placeholder="the stage's"),
            ]
        fields += [
            FormField("kind", "Kind", kind="choice", value=(d.kind if d else kind) or "upsell",
                      choices=[(k, k) for k in DEAL_KINDS], allow_blank=False),
            FormField("product_id", "Product", kind="choice", value=chosen or "",
                      choices=[(f"{p.name} · {p.family}" if p.family else p.name, p.id) for p in catalogue],
                      hint="" if catalogue else "the catalogue is empty: amtui product add NAME ...",
                      placeholder="none"),
            FormField("next_step", "Next step", value=d.next_step if d else "",
                      placeholder="Send the proposal to the CFO"),
        ]
        if d:
            title = deal_label("Edit deal", d)
        elif self.client_id is not None:
            title = f"New deal with {get_client(self.client_id).name}"
        else:
            title = "New deal"
        super().__init__(title, fields, self._save)

    @property
    def saves_as_new(self) -> bool:
        """A won or lost deal deleted elsewhere can't be added back as one (no stage)."""
        return self.deal is None or self.deal.status == "open"

    def become_new(self) -> None:
        self.deal_id = None

    def on_mount(self) -> None:
        super().on_mount()
        self._show_stage_defaults()

    def _field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    def _show_stage_defaults(self) -> None:
        """The blank probability / category hints name what blank means right now."""
        stage_field = self._field("stage")
        if stage_field is None:
            return
        stage = self.stages.get(self._raw(stage_field))
        if stage is None:
            return
        self._field("probability").hint = f"blank: {stage.name}'s {stage.probability}%"
        self._field("forecast_category").hint = f"blank: {stage.name}'s {stage.forecast_category}"
        self._check(self._field("probability"))
        self._check(self._field("forecast_category"))

    def on_field_changed(self, name: str) -> None:
        if name == "stage":
            self._show_stage_defaults()
        elif name == "product_id":
            # a product picked before the amount is typed: start from its list price
            chosen = self._raw(self._field("product_id"))
            if chosen in self.prices and not str(self._raw(self._field("amount"))).strip():
                self.set_field("amount", amount_text(self.prices[chosen]))

    def _save(self, values: dict) -> int:
        client_id = self.client_id if self.client_id is not None else values["client"][0]
        values["title"] = values["title"] or self.names.get(values["product_id"], "")
        common = dict(
            amount=values["amount"], close_on=values["close_on"], kind=values["kind"],
            next_step=values["next_step"] or "", product_id=values["product_id"],
        )
        if "stage" in values:
            common.update(probability=values["probability"],
                          forecast_category=values["forecast_category"] or None)
        if self.deal_id is None:
            added = deal_moves.create_deal(client_id, values["title"], stage=values["stage"], **common)
            name_change(deal_change("Deal added", added))
            return added
        if "stage" in values:
            common["stage"] = values["stage"]
        deal_moves.update_deal(self.deal_id, base=self.base, title=values["title"], **common)
        name_change(deal_change("Deal edited", self.deal_id))
        return self.deal_id


class WinForm(FormScreen):
    """Won: the day (today unless changed) and the final amount."""

    def __init__(self, deal_id: int):
        self.deal_id = deal_id
        d = self.base = pl.deal(deal_id)
        currency = get_settings().currency
        fields = [
            date_field("on", "Won date", clock.today(), tense="past"),
            FormField("amount", "Final amount", value=amount_text(d.amount), parse=parse_money,
                      required=True, describe=lambda a: fmt_amount(a, currency)),
        ]
        intro = f"{d.client}: {d.title}, {d.stage}, {fmt_money(d.amount, currency)}"
        if d.product_id is not None and product(d.product_id).recurring:
            intro += f"\nWinning it adds a year to the client's {d.product} holding (or starts one)."
        super().__init__("Won the deal", fields, self._save, submit_label="Won", intro=intro)

    def _save(self, values: dict) -> deal_moves.Won:
        won = deal_moves.win_deal(self.deal_id, values["on"], amount=values["amount"], base=self.base)
        name_change(deal_change("Won", self.deal_id))
        return won


class LoseForm(FormScreen):
    """Lost: a reason from the short list (required) and what happened."""

    def __init__(self, deal_id: int):
        self.deal_id = deal_id
        d = self.base = pl.deal(deal_id)
        fields = [
            FormField("reason", "Reason", kind="choice", required=True,
                      choices=[(r, r) for r in deal_moves.LOST_REASONS]),
            FormField("detail", "What happened", placeholder="went with Initrode at 20% less",
                      hint="required when the reason is other"),
            date_field("on", "Lost date", clock.today(), tense="past"),
        ]
        intro = f"{d.client}: {d.title}, {d.stage}, {fmt_money(d.amount, get_settings().currency)}"
        super().__init__("Lost the deal", fields, self._save, submit_label="Lost", intro=intro)

    def _save(self, values: dict) -> int:
        deal_moves.lose_deal(self.deal_id, values["reason"], values["detail"] or "", on=values["on"],
                             base=self.base)
        name_change(deal_change("Lost", self.deal_id))
        return self.deal_id
