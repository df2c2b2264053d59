"""Chat state (aiogram FSM) kept in the bot process's memory, for the embedded product and a single worker.

aiogram's MemoryStorage makes a record for every chat it is asked about, so a bot that 100,000 people
once opened holds 100,000 empty records (bench/memory.py). This one keeps a chat only while it has a
state or data: in the middle of a wizard, or with a search to page through.
"""

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey


class ChatStates(BaseStorage):
    def __init__(self) -> None:
        self._states: dict[StorageKey, str] = {}
        self._data: dict[StorageKey, dict[str, Any]] = {}

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        if value is None:
            self._states.pop(key, None)
        else:
            self._states[key] = value

    async def get_state(self, key: StorageKey) -> str | None:
        return self._states.get(key)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if data:
            self._data[key] = dict(data)
        else:
            self._data.pop(key, None)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict(self._data.get(key, {}))

    async def close(self) -> None:
        self._states.clear()
        self._data.clear()
