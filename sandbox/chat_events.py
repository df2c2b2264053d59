"""The live chat for the web page: server-sent events carrying the chat each time it changes."""

import json
import time

from aiohttp import web

from sandbox.driver import Driver
from sandbox.signals import sleep_until

# A change wakes the stream at once; the timeout only bounds how late a missed wake-up would be noticed.
RECHECK_SECONDS = 1.0
KEEPALIVE_SECONDS = 15.0


def chat_snapshot(driver: Driver, user_id: int) -> str:
    """The chat as the user sees it: every message (edits applied, deleted ones gone) and the reply keyboard."""
    return json.dumps(
        {
            "messages": [message.to_json() for message in driver.history(user_id)],
            "reply_keyboard": driver.reply_keyboard(user_id),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


async def stream_chat(request: web.Request, driver: Driver, user_id: int) -> web.StreamResponse:
    """Send the chat now and again after every change, until the page goes away or the sandbox closes."""
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
    await response.prepare(request)
    sent, quiet_since = "", time.monotonic()
    try:
        while not driver.sandbox.closed:
            change = driver.bot.changed.listen()  # before the snapshot: a change while we write wakes us too
            snapshot = chat_snapshot(driver, user_id)
            if snapshot != sent:
                await response.write(f"data: {snapshot}\n\n".encode())
                sent, quiet_since = snapshot, time.monotonic()
            elif time.monotonic() - quiet_since > KEEPALIVE_SECONDS:
                await response.write(b": still here\n\n")
                quiet_since = time.monotonic()
            await sleep_until(change, RECHECK_SECONDS)
    except ConnectionResetError:
        pass  # the page was closed
    return response
