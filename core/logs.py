"""Logging for every process: one setup (LOG_LEVEL, LOG_FORMAT), and the ids each line carries from context.

A unit of work (an update's handling, a scheduler job, a notice's delivery) runs in a `log_scope`; what it learns
on the way (the update, the user, the order) it notes with `note_ids`, and every line logged in the rest of that
scope carries those ids: as fields in JSON, as `[update_id=… user_id=…]` in text. Only ids, never names or texts:
an id leads an operator to the rows, and the personal data stays in the database.
"""

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

from core.config import Settings
from core.error_reports import report_errors

IDS = ("update_id", "user_id", "order_id")

# None outside any scope: an id noted there would stick to every later line of the task and of the tasks it starts.
_ids: ContextVar[dict[str, int] | None] = ContextVar("log_ids", default=None)

# Whatever LOG_LEVEL says: their DEBUG lines carry query values and connection parameters (the database password).
NEVER_BELOW = {"tortoise": logging.WARNING, "aiosqlite": logging.INFO}
_HANDLER = "daigou"


@contextmanager
def log_scope(*, update_id: int | None = None, user_id: int | None = None) -> Iterator[None]:
    """One unit of work: the ids given and those noted inside end with it."""
    given = {"update_id": update_id, "user_id": user_id}
    token = _ids.set({name: value for name, value in given.items() if value is not None})
    try:
        yield
    finally:
        _ids.reset(token)


def note_ids(*, user_id: int | None = None, order_id: int | None = None) -> None:
    """Name what the work at hand is about, for the rest of the current scope (outside one, nothing happens)."""
    current = _ids.get()
    if current is not None:
        noted = {"user_id": user_id, "order_id": order_id}
        _ids.set({**current, **{name: value for name, value in noted.items() if value is not None}})


class _ContextIds(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in (_ids.get() or {}).items():
            record.__dict__.setdefault(name, value)
        return True


class _Text(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        ids = " ".join(f"{name}={record.__dict__[name]}" for name in IDS if name in record.__dict__)
        return f"{line} [{ids}]" if ids else line


def _json() -> logging.Formatter:
    return JsonFormatter(
        "{levelname}{name}{message}",
        style="{",
        rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"},
        timestamp="time",
        defaults={"time": None},  # keeps the time first on the line; the timestamp fills it in
    )


def configure_logging(settings: Settings, stream: TextIO | None = None) -> None:
    """Every process's one logging set-up: lines to stderr (or `stream`) from LOG_LEVEL up, as LOG_FORMAT says.

    Called again, it replaces what it set up before."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER)
    handler.setFormatter(_json() if settings.log_format == "json" else _Text())
    handler.addFilter(_ContextIds())
    remove_logging()
    logging.getLogger().addHandler(handler)
    level = logging.getLevelNamesMapping()[settings.log_level]
    logging.getLogger().setLevel(level)
    for name, floor in NEVER_BELOW.items():
        logging.getLogger(name).setLevel(max(level, floor))
    report_errors(settings)


def remove_logging() -> None:
    """Take away what `configure_logging` set up (tests run entry points in their own process)."""
    root = logging.getLogger()
    for handler in [each for each in root.handlers if each.get_name() == _HANDLER]:
        root.removeHandler(handler)
