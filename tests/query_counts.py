"""Counting the SQL a block runs: a page of cards must not run more queries the more buyers it shows."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from tortoise import connections


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """The SQL run inside the block (outside a transaction), one string per query."""
    sent: list[str] = []
    client = type(connections.get("default"))
    with pytest.MonkeyPatch.context() as patch:
        for method in ("execute_query", "execute_query_dict"):
            original = getattr(client, method)

            async def counting(self: Any, query: str, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
                sent.append(query)
                return await _original(self, query, *args, **kwargs)

            patch.setattr(client, method, counting)
        yield sent
