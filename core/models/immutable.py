from typing import Any

from tortoise.models import Model


class ImmutableRecord(Model):
    """Rows that are written once and never changed or deleted."""

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._saved_in_db:
            await super().save(*args, **kwargs)
            return
        raise PermissionError(f"{type(self).__name__} rows are immutable")

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(f"{type(self).__name__} rows are immutable")

    class Meta:
        abstract = True
