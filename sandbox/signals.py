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

    def listen(self) -> asyncio.Event:
        """The event the next `notify()` sets. Taken before reading what may change, it also catches a change
        made while the reader awaited something else (writing to a slow client, say)."""
        if self._event is None:
            self._event = asyncio.Event()
        return self._event

    async def wait(self, seconds: float) -> bool:
        """Sleep until the next `notify()`, at most `seconds`; True if notified."""
        return await sleep_until(self.listen(), seconds)


async def sleep_until(event: asyncio.Event, seconds: float) -> bool:
    """Sleep until `event` is set, at most `seconds`; True if it was."""
    # Not asyncio.wait_for: on Python 3.11 it swallows a cancellation that arrives just as the event is
    # set (the sandbox's close does both at once), and the webhook sender then never stops.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()
    return event.is_set()
