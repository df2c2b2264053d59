"""Keyset pagination: `before` an id, newest first, fast at any depth."""

from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

PAGE_SIZE = 50
T = TypeVar("T")
M = TypeVar("M", bound=Model)


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
