"""How long a (username, address) pair waits after failed sign-ins.

The pair, not the account alone, is throttled: someone guessing from elsewhere cannot lock the
real owner out, and the wait is bounded so a forgotten password costs a minute, not a day.
"""

from datetime import timedelta

WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
MAX_WAIT = timedelta(seconds=60)


def wait_after(failures: int) -> timedelta:
    """The wait after the last of `failures` failures within WINDOW: none for the first five, then 2, 4, 8... s."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** (failures - FREE_FAILURES + 1)), MAX_WAIT)
