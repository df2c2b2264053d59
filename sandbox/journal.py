"""The sandbox's own record of a bot's traffic: every update it delivered and every call the bot made.

Kept only when a driver asks for it (`Driver.keep_journal`), for checkers that judge a whole run afterwards
(bench/chaos): the sandbox is Telegram and the payment provider, so it knows what the bot was sent, what it
acknowledged and what it said, whatever the bot's own database claims.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox.faults import CallFault
from sandbox.params import Params

JsonDict = dict[str, Any]
# Answers to a query name the query, not the chat.
QUERY_IDS = ("callback_query_id", "pre_checkout_query_id", "inline_query_id")


@dataclass(frozen=True)
class Call:
    """One Bot API call: what it was about, whether the sandbox carried it out, and which fault it met.

    `done` and `fault` are independent: a call that met LOST_ANSWER was carried out though the bot never
    heard so; one that met FLOOD, SERVER_ERROR or TIMEOUT was not.
    """

    at: float  # time.monotonic()
    method: str  # lower case, as Telegram matches it
    chat_id: int | None
    done: bool
    fault: CallFault | None = None
    text: str | None = None  # the message's text or caption as stored
    payload: str | None = None  # an invoice's payload
    query_id: str | None = None


@dataclass(frozen=True)
class Push:
    """A new update queued for the bot (what a user did)."""

    at: float
    update: JsonDict

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])


@dataclass(frozen=True)
class Delivery:
    """An update handed to the bot: returned by getUpdates, or posted to its webhook (accepted or not)."""

    at: float
    update_id: int


@dataclass
class Journal:
    pushes: list[Push] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    acknowledged: set[int] = field(default_factory=set)
    # Told of each update the bot acknowledges (a later getUpdates offset, or a 2xx from its webhook).
    on_acknowledged: list[Callable[[JsonDict], None]] = field(default_factory=list)

    def pushed(self, update: JsonDict) -> None:
        self.pushes.append(Push(time.monotonic(), update))

    def delivered(self, update: JsonDict) -> None:
        self.deliveries.append(Delivery(time.monotonic(), int(update["update_id"])))

    def acknowledge(self, update: JsonDict) -> None:
        self.acknowledged.add(int(update["update_id"]))
        for listener in self.on_acknowledged:
            listener(update)

    def call(self, method: str, params: Params, result: Any, *, done: bool, fault: CallFault | None) -> None:
        message = result[0] if isinstance(result, list) and result else result
        message = message if isinstance(message, dict) else {}
        query_id = next((params.text(name) for name in QUERY_IDS if params.has(name)), None)
        self.calls.append(
            Call(
                at=time.monotonic(),
                method=method.lower(),
                chat_id=_chat_id(params.raw("chat_id")),
                done=done,
                fault=fault,
                text=message.get("text") or message.get("caption"),
                payload=params.text("payload") if method.lower() == "sendinvoice" else None,
                query_id=query_id,
            )
        )


def _chat_id(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
