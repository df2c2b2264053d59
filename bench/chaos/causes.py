"""What the bot's log says it did with each update, and why an update was lost as far as a run can tell, so
violations can be counted by cause (and so by finding).

aiogram logs "Update id=N is handled" (or "not handled") when it is done with an update, whatever the outcome
(also when it drops a duplicate); the product's error handler logs "update N failed: <exception type>". A lost
update's cause is, in order: a database error logged for it (a deadlock, "database is locked", a dropped
connection); the bot killed soon after the update reached it; the hostile moment the simulation gave the payment
(a burst of messages just before it, which flood control answers by dropping it); any other error logged for it;
none of these, which says the run cannot tell.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from bench.chaos.disruptions import Interruption
from bench.chaos.plan import LABELS, Fault
from sandbox.journal import Journal

_FAILED = re.compile(r"update (\d+) failed(?:: (\w+))?")
_DONE = re.compile(r"Update id=(\d+) is (?:not )?handled")
# An exception no handler caught (raised in a middleware, say): aiogram logs it with its type on the next line.
_UNCAUGHT = re.compile(r"Cause exception while process update id=(\d+) by bot id=\d+\n(\w+)")
KILLED_WITHIN = 2.0  # seconds after its delivery in which a kill of the bot explains a lost update
_ERRORS = {
    "DeadlockDetectedError": "deadlock",
    "OperationalError": "database error (SQLite: database is locked)",
    "ConnectionDoesNotExistError": "database connection dropped",
    "InterfaceError": "database connection dropped",
    "ConnectionResetError": "database connection dropped",
    "AdminShutdownError": "database connection dropped",
    "InternalClientError": "database connection dropped",
}


@dataclass(frozen=True)
class BotLog:
    done: set[int]  # updates the bot finished with, whatever the outcome
    errors: dict[int, str]  # update id -> the type of the exception logged for it


def read_bot_log(path: Path) -> BotLog:
    text = path.read_text(errors="replace") if path.exists() else ""
    errors = {int(found[1]): found[2] or "an error" for found in _FAILED.finditer(text)}
    errors |= {int(found[1]): found[2] for found in _UNCAUGHT.finditer(text)}
    return BotLog({int(found[1]) for found in _DONE.finditer(text)}, errors)


@dataclass(frozen=True)
class Causes:
    journal: Journal
    bot_log: BotLog
    moments: dict[int, str]  # update id of a payment -> the hostile moment it came in
    interruptions: list[Interruption]

    def of(self, update_id: int) -> str:
        """Why this update (known lost: unanswered, or its charge unrecorded) was lost."""
        error = self.bot_log.errors.get(update_id)
        if error in _ERRORS:
            return _ERRORS[error]
        moment = self.moments.get(update_id)
        if self._killed_with(update_id):
            return moment if moment == LABELS[Fault.KILL_AFTER_ACK] else "bot killed while it had the update"
        if moment:
            return moment
        # Any other error (a Telegram call the handler made failing, say) comes after what decided the update's fate.
        return f"the bot failed it ({error})" if error else "cause not seen"

    def _killed_with(self, update_id: int) -> bool:
        delivered = [delivery.at for delivery in self.journal.deliveries if delivery.update_id == update_id]
        for interruption in self.interruptions:
            killed_bot = interruption.cause == "killed" and "bot" in interruption.processes
            if killed_bot and any(at <= interruption.start <= at + KILLED_WITHIN for at in delivered):
                return True
        return False
