"""Opportunities, stages, stage history and the weighted pipeline."""

from __future__ import annotations

from decimal import Decimal

from amtui.core.money import cents


def deal_weighted(amount: Decimal, probability: int | Decimal) -> Decimal:
    """One deal's weighted amount: amount x probability, rounded to cents half up.

    Rounding each deal before summing is the rule, so a report's rows add up to its total.
    """
    return cents(amount * Decimal(probability) / 100)


def weighted_pipeline(deals) -> Decimal:
    """Sum of the deals' weighted amounts; `deals` are anything with amount and probability."""
    return sum((deal_weighted(d.amount, d.probability) for d in deals), Decimal("0.00"))
