"""An operator reads the logs: as text or one JSON object a line (LOG_FORMAT), from LOG_LEVEL up, each line naming
the update, user and order it was logged for, and nothing personal."""

import io
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from core.domain.order_machine import OrderState
from core.logs import log_scope, note_ids
from core.services.runtime import scheduler
from core.services.runtime.scheduler import JobKind
from core.services.trade.orders import lock_order
from tests import factories
from tests.conftest import Travel

Logs = Callable[..., io.StringIO]
log = logging.getLogger("daigou.test")


def objects(lines: io.StringIO) -> list[dict[str, Any]]:
    """Every line as the JSON object it must be."""
    return [json.loads(line) for line in lines.getvalue().splitlines()]


def test_in_json_each_line_is_one_object_with_the_time_level_logger_and_message(logs: Logs) -> None:
    lines = logs(LOG_FORMAT="json")

    log.info("order %s shipped", 12)
    try:
        raise RuntimeError("the database went away")
    except RuntimeError:
        log.exception("round failed")

    shipped, failed = objects(lines)
    assert list(shipped) == ["time", "level", "logger", "message"]
    assert shipped["time"].endswith("+00:00")
    assert (shipped["level"], shipped["logger"], shipped["message"]) == ("INFO", "daigou.test", "order 12 shipped")
    # The traceback stays inside its line's object.
    assert failed["level"] == "ERROR" and "RuntimeError: the database went away" in failed["exception"]


def test_lines_inside_a_unit_of_work_name_the_ids_noted_in_it_and_only_there(logs: Logs) -> None:
    lines = logs(LOG_FORMAT="json")

    with log_scope(update_id=501):
        note_ids(user_id=7)
        log.info("handling")
        note_ids(order_id=12)
        log.warning("acting on the order")
    note_ids(order_id=13)  # outside any unit of work: names nothing
    log.info("between updates")

    handling, acting, between = objects(lines)
    assert (handling["update_id"], handling["user_id"]) == (501, 7) and "order_id" not in handling
    assert (acting["update_id"], acting["user_id"], acting["order_id"]) == (501, 7, 12)
    assert not {"update_id", "user_id", "order_id"} & between.keys()


def test_as_text_the_ids_follow_the_message(logs: Logs) -> None:
    lines = logs()  # text, the default

    with log_scope(update_id=501, user_id=7):
        note_ids(order_id=12)
        log.info("acting on the order")
    log.info("between updates")

    acting, between = lines.getvalue().splitlines()
    assert acting.endswith(" INFO daigou.test: acting on the order [update_id=501 user_id=7 order_id=12]")
    assert between.endswith(" INFO daigou.test: between updates")


def test_log_level_leaves_out_the_lines_below_it(logs: Logs) -> None:
    lines = logs(LOG_LEVEL="WARNING")

    log.info("polling")
    log.warning("flood wait")

    (only,) = lines.getvalue().splitlines()
    assert only.endswith(" WARNING daigou.test: flood wait")


def test_even_at_debug_the_database_layer_never_logs_queries_with_their_values(logs: Logs) -> None:
    lines = logs(LOG_LEVEL="DEBUG")

    logging.getLogger("tortoise.db_client").debug("SELECT * FROM users WHERE first_name=%s: %s", "?", ["Alice"])
    logging.getLogger("aiosqlite").debug("executing %s", "partial(execute, 'SELECT …', ['Alice'])")
    log.debug("claimed 3 notices")

    assert "Alice" not in lines.getvalue() and "claimed 3 notices" in lines.getvalue()


async def test_a_failing_job_on_an_order_is_logged_with_the_order_and_the_next_job_is_not(
    logs: Logs, travel: Travel
) -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)

    async def fail_on_the_order(key: str) -> None:
        await lock_order(int(key))
        raise RuntimeError("the payment provider is down")

    async def look_around(key: str) -> None:
        log.info("looked around")

    kinds = {"test.order": JobKind(fail_on_the_order), "test.look": JobKind(look_around)}
    await scheduler.plan("test.order", str(order.id), travel.now() - timedelta(minutes=2))
    await scheduler.plan("test.look", "-", travel.now() - timedelta(minutes=1))
    lines = logs(LOG_FORMAT="json")

    assert await scheduler.run_due(kinds) == 1

    failed, looked = objects(lines)
    assert failed["message"].endswith("failed; it will be retried") and failed["order_id"] == order.id
    assert looked["message"] == "looked around" and "order_id" not in looked
