"""Filters the templates use to show money, times and stored codes the same way everywhere."""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from admin_web import labels
from admin_web.i18n import current_language
from core.domain.money import Money


def money(amount: int | Money, currency: str | None = None) -> str:
    value = amount if isinstance(amount, Money) else Money(amount, currency or "")
    return value.format(current_language())


def plain_number(value: Decimal) -> str:
    """190, 0.048: never the exponent `normalize()` alone would give (1.9E+2)."""
    return f"{value.normalize():f}"


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def next_page(query: dict[str, str], before: int) -> str:
    """The query string of the next page: the same filters, a later cursor."""
    return "?" + urlencode({**{k: v for k, v in query.items() if k != "before"}, "before": before})


FILTERS: dict[str, Callable[..., Any]] = {
    "money": money,
    "when": when,
    "plain_number": plain_number,
    "next_page": next_page,
    "label": labels.label,
    "category": labels.category,
    "country": labels.country,
    "language_name": labels.language_name,
    "customs_field": labels.customs_field,
    "audit_action": labels.audit_action,
    "audit_target": labels.audit_target,
    "transfer_kind": labels.transfer_kind,
    "contact_kind": labels.contact_kind,
}
