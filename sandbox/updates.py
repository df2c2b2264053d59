"""A bot's pending updates: numbered, filtered by allowed_updates, long-polled or pushed to a webhook."""

import random
import time
from dataclasses import dataclass
from typing import Any

from sandbox.errors import conflict
from sandbox.faults import CALM, FaultPlan
from sandbox.journal import Journal
from sandbox.signals import Signal

JsonDict = dict[str, Any]

# Sent only when asked for by name, as Telegram does when allowed_updates is empty or was never set.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
TERMINATED_BY_OTHER_POLL = "terminated by other getUpdates request; make sure that only one bot instance is running"


@dataclass
class _Pending:
    update: JsonDict
    redelivery: bool = False

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])


class UpdateQueue:
    """Updates waiting for the bot; getUpdates' offset confirms (forgets) the ones before it."""

    def __init__(self) -> None:
        self._pending: list[_Pending] = []
        self._history: dict[int, JsonDict] = {}
        # Telegram's update ids are large and start anywhere; bots must not assume small ones.
        self._next_id = random.randint(100_000_000, 900_000_000)
        self.allowed_updates: list[str] = []
        self.arrived = Signal()
        self._poll_generation = 0
        self._abort_reason: str | None = None
        self._closed = False
        # Set by a driver for simulations: faults disturb delivery; the journal records it.
        self.faults: FaultPlan | None = None
        self.journal: Journal | None = None

    def is_allowed(self, kind: str) -> bool:
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in OPT_IN_UPDATES

    def push(self, kind: str, payload: JsonDict) -> int | None:
        """Queue a new update of `kind`; its update_id, or None when allowed_updates filters it out."""
        update_id = self._next_id
        self._next_id += 1
        if not self.is_allowed(kind):
            return None
        update = {"update_id": update_id, kind: payload}
        self._history[update_id] = update
        if self.journal is not None:
            self.journal.pushed(update)
        disturbance = self.faults.disturb(update) if self.faults else CALM
        if disturbance.overtake and self._pending:
            self._pending.insert(len(self._pending) - 1, _Pending(update))
        else:
            self._pending.append(_Pending(update))
        if disturbance.duplicate:
            self._pending.append(_Pending(update, redelivery=True))
        self.arrived.notify()
        return update_id

    def redeliver(self, update_id: int) -> JsonDict:
        """Queue an already delivered update again with the same update_id, as after a lost confirmation."""
        update = self._history[update_id]
        self._pending.append(_Pending(update, redelivery=True))
        self.arrived.notify()
        return update

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def drop_pending(self) -> None:
        self._pending.clear()

    def first(self) -> JsonDict | None:
        """The next update to push to a webhook."""
        return self._pending[0].update if self._pending else None

    def accepted(self, update: JsonDict) -> None:
        """The webhook accepted `update` (taken by `first`; another may have overtaken it meanwhile)."""
        entry = next((entry for entry in self._pending if entry.update is update), None)
        if entry is not None:
            self._pending.remove(entry)
            if self.journal is not None and not entry.redelivery:
                self.journal.acknowledge(update)

    def delivered(self, update: JsonDict) -> None:
        """The update was handed to the bot (posted to its webhook, or returned by getUpdates)."""
        if self.journal is not None:
            self.journal.delivered(update)

    def abort_poll(self, reason: str | None) -> None:
        """End a waiting getUpdates: with a 409 `reason`, or with no updates when `reason` is None."""
        self._poll_generation += 1
        self._abort_reason = reason
        self.arrived.notify()

    def close(self) -> None:
        self._closed = True
        self.abort_poll(None)

    async def poll(self, offset: int | None, limit: int, wait: float) -> list[JsonDict]:
        """getUpdates: confirm everything before `offset`, then wait up to `wait` s for something new."""
        self.abort_poll(TERMINATED_BY_OTHER_POLL)
        generation = self._poll_generation
        self._confirm(offset)
        deadline = time.monotonic() + wait
        while True:
            batch = self._take(limit)
            remaining = deadline - time.monotonic()
            if batch or remaining <= 0 or self._closed:
                for update in batch:
                    self.delivered(update)
                return batch
            await self.arrived.wait(remaining)
            if generation != self._poll_generation:
                if self._abort_reason is None:
                    return []
                raise conflict(self._abort_reason)

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        fresh = [entry for entry in self._pending if not entry.redelivery]
        if offset < 0:
            forgotten = {id(entry) for entry in fresh[: max(len(fresh) + offset, 0)]}
        else:
            forgotten = {id(entry) for entry in fresh if entry.update_id < offset}
        confirmed = [entry for entry in self._pending if id(entry) in forgotten]
        self._pending = [entry for entry in self._pending if id(entry) not in forgotten]
        if self.journal is not None:
            for entry in confirmed:
                self.journal.acknowledge(entry.update)

    def _take(self, limit: int) -> list[JsonDict]:
        chosen = sorted(self._pending[:limit], key=lambda entry: entry.update_id)
        # A redelivered update goes out once; a fresh one stays until an offset confirms it.
        sent_again = {id(entry) for entry in chosen if entry.redelivery}
        self._pending = [entry for entry in self._pending if id(entry) not in sent_again]
        return [entry.update for entry in chosen]
