"""What the bot's log says it did with each update, and why an update was lost as far as a run can tell, so
violations can be counted by cause (and so by finding).

aiogram logs "Update id=N is handled" (or "not handled") when it is done with an update, whatever the outcome
(also when it drops a duplicate); the product's error handler logs "update N failed: <exception type>". A lost
update's cause is, in order: a database error logged for it (a deadlock, "database is locked", a dropped
connection); the bot killed soon after the update reached it; the hostile moment the simulation gave the payment
(a burst of messages just before it, which flood control answers by dropping it); any other error logged for it;
none of these, which says the run cannot tell.
"""

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from bench.chaos.disruptions import Interruption
from bench.chaos.plan import LABELS, Fault
from sandbox.journal import Journal

_DONE = re.compile(r"Update id=(\d+) is (?:not )?handled")
# The error handler names the type ("update N failed: Type"); the webhook logs the traceback after "update N failed";
# aiogram logs what escaped every handler (raised in a middleware, say) as "... process update id=N ...\nType: ...".
_FAILED = re.compile(r"update (\d+) failed(?:: (\w+))?|Cause exception while process update id=(\d+)")
_RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", re.MULTILINE)
_RAISED = re.compile(r"^(?:[\w]+\.)*(\w+)(?::|$)", re.MULTILINE)
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
    errors = {}
    for record in _records(text):
        failed = _FAILED.search(record.split("\n", 1)[0])
        if failed:
            update_id = int(failed[1] or failed[3])
            errors[update_id] = failed[2] or _last_raised(record) or "an error"
    return BotLog({int(found[1]) for found in _DONE.finditer(text)}, errors)


def _records(text: str) -> list[str]:
    """The log's records, each from its timestamp to the next one (tracebacks included)."""
    starts = [found.start() for found in _RECORD_START.finditer(text)] + [len(text)]
    return [text[start:end] for start, end in itertools.pairwise(starts)]


def _last_raised(record: str) -> str | None:
    """The type of the last exception in a record's traceback (the one that escaped)."""
    body = record.split("\n", 1)[1] if "\n" in record else ""
    names = [found[1] for found in _RAISED.finditer(body) if found[1] not in ("Traceback", "During", "The")]
    return names[-1] if names else None


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
