"""The one source of "now" for domain rules, so tests can move time (patch `core.clock.now`).

A simulation moves the time of whole processes at once (bench/chaos): `DAIGOU_CLOCK_OFFSET_FILE` names a file
holding the seconds to add to the real time, which every process reads afresh. Only that simulation sets it.
"""

import os
from datetime import UTC, datetime, timedelta

CLOCK_OFFSET_FILE = "DAIGOU_CLOCK_OFFSET_FILE"


def now() -> datetime:
    return datetime.now(UTC) + _offset()


def _offset() -> timedelta:
    path = os.environ.get(CLOCK_OFFSET_FILE)
    if not path:
        return timedelta(0)
    try:
        with open(path) as file:
            return timedelta(seconds=float(file.read() or 0))
    except FileNotFoundError:
        return timedelta(0)
