"""A `/metrics` answer read as an operator reads a dashboard: one figure by its name and labels."""

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp.test_utils import TestClient
from prometheus_client.parser import text_string_to_metric_families


class Figures:
    def __init__(self, text: str) -> None:
        self.text = text
        families = list(text_string_to_metric_families(text))
        self.families = {family.name for family in families}
        self.label_values = {
            value for family in families for sample in family.samples for value in sample.labels.values()
        }
        self._values = {
            (sample.name, frozenset(sample.labels.items())): sample.value
            for family in families
            for sample in family.samples
        }

    def __call__(self, name: str, **labels: str) -> float:
        """The sample's value; 0 for a labelled series not seen yet (a counter that has not moved)."""
        return self._values.get((name, frozenset(labels.items())), 0.0)


async def scrape(client: TestClient[Any, Any]) -> Figures:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.content_type == "text/plain"
    return Figures(await response.text())


async def scrape_until(client: TestClient[Any, Any], shows: Callable[[Figures], bool], within: float = 2.0) -> Figures:
    """Scrape until the figures show what `shows` looks for: an update is counted just after its answer is sent."""
    async with asyncio.timeout(within):
        while True:
            if shows(figures := await scrape(client)):
                return figures
            await asyncio.sleep(0.01)
