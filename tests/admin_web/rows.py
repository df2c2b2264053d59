"""Finding database rows in what a template is rendered with: the admin pages must show plain values only.

Importing `core.models` in admin_web/ is not the only way a row gets to a template: a service can hand back a
container of rows, and a template then follows relations on them. So every render is checked, whatever built it.
"""

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from tortoise.models import Model


def rows_in(value: Any, path: str = "context") -> Iterator[str]:
    """Where in `value` a Tortoise row is: inside dataclasses, mappings and collections, at any depth."""
    if isinstance(value, Model):
        yield f"{path}: {type(value).__name__}"
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from rows_in(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from rows_in(key, f"{path} key {key!r}")
            yield from rows_in(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from rows_in(item, f"{path}[{index}]")
