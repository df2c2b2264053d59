"""Filters the templates use to show money and times the same way everywhere."""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from admin_web.i18n import current_language
from core.domain.money import Money


def money(amount: int | Money, currency: str | None = None) -> str:
    value = amount if isinstance(amount, Money) else Money(amount, currency or "")
    return value.format(current_language())


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def next_page(query: dict[str, str], before: int) -> str:
    """The query string of the next page: the same filters, a later cursor."""
    return "?" + urlencode({**{k: v for k, v in query.items() if k != "before"}, "before": before})


FILTERS: dict[str, Callable[..., Any]] = {"money": money, "when": when, "next_page": next_page}
