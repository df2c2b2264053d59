"""Effects outside the database (a payment counted in the metrics) happen once its transaction commits, once."""

import pytest

from core.services.runtime.transactions import on_commit, retrying


class Deadlock(Exception):
    sqlstate = "40P01"  # as asyncpg reports it: the transaction is run again


async def test_a_transaction_run_again_after_a_deadlock_counts_its_effect_once() -> None:
    counted: list[int] = []
    attempts = 0

    async def record() -> None:
        nonlocal attempts
        attempts += 1
        on_commit(lambda: counted.append(attempts))
        if attempts == 1:
            raise Deadlock()

    await retrying(record)

    assert counted == [2]


async def test_a_transaction_that_fails_counts_nothing_and_one_inside_another_waits_for_the_outer_commit() -> None:
    counted: list[str] = []

    async def fails() -> None:
        on_commit(lambda: counted.append("failed"))
        raise ValueError("refused")

    async def outer() -> None:
        await retrying(inner)  # joins the outer transaction
        assert counted == [], "nothing is counted before the outer transaction commits"

    async def inner() -> None:
        on_commit(lambda: counted.append("inner"))

    with pytest.raises(ValueError):
        await retrying(fails)
    await retrying(outer)

    assert counted == ["inner"]
