"""A one-shot broadcast that waiters can sleep on until something changes."""

import asyncio
import contextlib


class Signal:
    """Wakes every current waiter on `notify()`; later waiters wait for the next notification."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def notify(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait(self, seconds: float) -> bool:
        """Sleep until the next `notify()`, at most `seconds`; True if notified."""
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        # Not asyncio.wait_for: on Python 3.11 it swallows a cancellation that arrives just as the event is
        # set (the sandbox's close does both at once), and the webhook sender then never stops.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await event.wait()
        return event.is_set()
