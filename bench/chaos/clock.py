"""The simulation's fake clock: one offset file that every process of a run reads through `core.clock.now`.

Only the simulation moves it, and only forwards: deadlines pass in a jump, while everything else (timeouts,
pauses, the pace of sending) keeps real time. A jump waits (a little) until no outbox sender is working on a
notice under its lease: jumping past a live lease is a sender stalled for hours, which real time never does,
and a second sender would take the notice over mid-send. A lease nobody renewed for a few seconds is left by a
killed sender and expires with the jump, as it would in time. What a jump still catches is told apart (`jumps`).
"""

import asyncio
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

from core import clock
from core.clock import CLOCK_OFFSET_FILE
from core.models.notifications import Notification
from core.services.runtime.notifications import LEASE

IDLE_WITHIN = 2.0  # seconds a jump waits for the outbox's senders
ORPHANED_AFTER = timedelta(seconds=5)  # a sender renews its lease before each send, paced at most a second apart


class FakeClock:
    """Set for this process too while the block runs (`with FakeClock(path) as clock:`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = timedelta(0)
        self.jumps: list[float] = []  # time.monotonic() of each jump
        self._write()

    def __enter__(self) -> "FakeClock":
        os.environ.update(self.environment)
        return self

    def __exit__(self, *exc_info: object) -> None:
        os.environ.pop(CLOCK_OFFSET_FILE, None)

    @property
    def environment(self) -> dict[str, str]:
        """What a process needs in its environment to share this clock."""
        return {CLOCK_OFFSET_FILE: str(self.path)}

    def now(self) -> datetime:
        return clock.now()

    async def advance(self, by: timedelta) -> None:
        if by <= timedelta(0):
            return
        await _no_live_lease()
        self.offset += by
        self.jumps.append(time.monotonic())
        self._write()

    async def advance_past(self, moment: datetime, margin: timedelta = timedelta(seconds=1)) -> None:
        """Jump so that `moment` is `margin` in the past (no jump if it already is)."""
        await self.advance(moment + margin - clock.now())

    def _write(self) -> None:
        # Written aside and renamed, so a reader never sees half a number.
        draft = self.path.with_suffix(".draft")
        draft.write_text(str(self.offset.total_seconds()))
        os.replace(draft, self.path)


async def _no_live_lease() -> None:
    deadline = time.monotonic() + IDLE_WITHIN
    while time.monotonic() < deadline:
        # A lease runs LEASE from its last claim or renewal: one taken less than ORPHANED_AFTER ago is being worked on.
        recent = clock.now() + LEASE - ORPHANED_AFTER
        leased = Notification.filter(sent_at=None, claimed_by__isnull=False, available_at__gt=recent)
        if not await leased.exists():
            return
        await asyncio.sleep(0.02)
