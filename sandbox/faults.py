"""Faults the sandbox injects on Telegram's side, for simulations that check a bot survives them (bench/chaos).

A bot's call can meet a flood limit (429 with `retry_after`), a server error (502), a timeout (no answer and
nothing done: the connection hangs, then closes) or a lost answer (done, then the connection closes, so the bot
cannot know it was). An update can be delivered twice, or overtake the one queued before it. Nothing of this
happens unless a driver sets a plan (`Driver.inject_faults`).
"""

import random
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

JsonDict = dict[str, Any]


class CallFault(StrEnum):
    FLOOD = "flood"  # 429 Too Many Requests, retry after 1 s
    SERVER_ERROR = "server_error"  # 502 Bad Gateway
    TIMEOUT = "timeout"  # not done; no answer
    LOST_ANSWER = "lost_answer"  # done; no answer


class NoAnswer(Exception):
    """The call gets no answer: the server closes the connection."""


@dataclass(frozen=True)
class Disturbance:
    duplicate: bool = False  # delivered a second time, with the same update_id
    overtake: bool = False  # delivered before the update queued just before it


CALM = Disturbance()


class FaultPlan(Protocol):
    def call_fault(self, method: str, chat_id: int | None) -> CallFault | None:
        """The fault this call meets, if any."""
        ...

    def disturb(self, update: JsonDict) -> Disturbance:
        """How this new update's delivery is disturbed."""
        ...


# Start-up and update fetching: failing them tests the framework's retry loop, not the bot.
UNFAULTED = frozenset(
    {
        "getme", "getupdates", "setwebhook", "deletewebhook", "getwebhookinfo", "setmycommands",
        "deletemycommands", "getmycommands", "logout", "close", "getfile",
    }
)  # fmt: skip


@dataclass(frozen=True)
class FaultRates:
    """Chances per call (`flood` to `lost_answer`, together at most 1) and per update (`duplicate`, `overtake`)."""

    flood: float = 0.0
    server_error: float = 0.0
    timeout: float = 0.0
    lost_answer: float = 0.0
    duplicate: float = 0.0
    overtake: float = 0.0

    def of(self, fault: CallFault) -> float:
        return float(getattr(self, fault.value))


class SeededFaults:
    """A `FaultPlan` that draws from one random stream per chat, seeded with (seed, chat).

    A chat's n-th call and n-th update meet the same faults in every run of a seed, however the chats
    interleave. A chat is known by its id minus `first_user_id`, so a run that numbers its users from elsewhere
    meets the same faults. `active` turns it off (to let a system settle) and on again; `injected` counts what it did.
    """

    def __init__(self, seed: int, rates: FaultRates, first_user_id: int = 0) -> None:
        self.seed, self.rates, self.first_user_id = seed, rates, first_user_id
        self.active = True
        self.injected: Counter[str] = Counter()
        self._streams: dict[tuple[str, int | None], random.Random] = {}

    def _stream(self, what: str, chat_id: int | None) -> random.Random:
        key = (what, None if chat_id is None else chat_id - self.first_user_id)
        if key not in self._streams:
            self._streams[key] = random.Random(f"{self.seed}:{key[0]}:{key[1]}")
        return self._streams[key]

    def call_fault(self, method: str, chat_id: int | None) -> CallFault | None:
        if not self.active or method.lower() in UNFAULTED:
            return None
        draw = self._stream("call", chat_id).random()
        for fault in CallFault:
            if draw < self.rates.of(fault):
                self.injected[fault.value] += 1
                return fault
            draw -= self.rates.of(fault)
        return None

    def disturb(self, update: JsonDict) -> Disturbance:
        if not self.active:
            return CALM
        stream = self._stream("update", chat_of(update))
        disturbance = Disturbance(
            duplicate=stream.random() < self.rates.duplicate, overtake=stream.random() < self.rates.overtake
        )
        self.injected["duplicate"] += disturbance.duplicate
        self.injected["overtake"] += disturbance.overtake
        return disturbance


def chat_of(update: JsonDict) -> int | None:
    """The user an update comes from (their private chat has the same id)."""
    for kind, payload in update.items():
        if kind != "update_id" and isinstance(payload, dict) and isinstance(payload.get("from"), dict):
            return int(payload["from"]["id"])
    return None
