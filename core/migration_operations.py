"""Migration operations of our own, for the committed migrations in core/migrations/."""

from typing import Any

from tortoise.migrations import operations as ops


class AlterComment(ops.AlterField):
    """A change of a column's comment only (e.g. the enum values it lists). PostgreSQL comments the
    column; SQLite would rebuild the whole table for it, dropping its indexes and UNIQUE constraints."""

    async def database_forward(self, app_label: str, old_state: Any, new_state: Any, state_editor: Any = None) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect != "sqlite":
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label: str, old_state: Any, new_state: Any, state_editor: Any = None) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect != "sqlite":
            await super().database_backward(app_label, old_state, new_state, state_editor)
