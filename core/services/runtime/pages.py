"""Keyset pagination: `before` an id, newest first, fast at any depth."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

PAGE_SIZE = 50
M = TypeVar("M", bound=Model)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """A page of rows for core, or of the values a front end shows built from them."""

    items: tuple[T, ...]
    next_before: int | None  # the `before` of the next page, None on the last one


async def page_of(query: QuerySet[M], before: int | None, limit: int = PAGE_SIZE) -> Page[M]:
    if before is not None:
        query = query.filter(id__lt=before)
    rows = await query.order_by("-id").limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(tuple(rows), rows[-1].pk if more else None)


def page_read_as(page: Page[M], value: Callable[[M], T]) -> Page[T]:
    """The same page with each row read into a plain value (relations prefetched: no query per row)."""
    return Page(tuple(value(row) for row in page.items), page.next_before)
