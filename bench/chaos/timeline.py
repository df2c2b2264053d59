"""A seed's timeline (journal.txt beside its logs): every update, delivery and call of the bot as the sandbox saw
them, and every fault the run injected, in one order, for reading a failed seed.
"""

import json
from pathlib import Path
from typing import Any

from bench.chaos.disruptions import Interruption
from sandbox.journal import Journal


def write_timeline(journal: Journal, interruptions: list[Interruption], path: Path) -> None:
    start = min([push.at for push in journal.pushes[:1]] + [call.at for call in journal.calls[:1]], default=0.0)
    lines = [(push.at, f"push     {push.update_id} {_summary(push.update)}") for push in journal.pushes]
    lines += [(delivery.at, f"deliver  {delivery.update_id}") for delivery in journal.deliveries]
    lines += [
        (
            call.at,
            f"call     {call.method} chat={call.chat_id} done={call.done} fault={call.fault} "
            f"query={call.query_id} {call.payload or ''} {(call.text or '')[:80]!r}",
        )
        for call in journal.calls
        if call.method != "getupdates"
    ]
    lines += [
        (cut.start, f"FAULT    {cut.cause} {sorted(cut.processes)} until +{cut.end - cut.start:.3f}")
        for cut in interruptions
    ]
    path.write_text("".join(f"{at - start:9.3f} {line}\n" for at, line in sorted(lines, key=lambda line: line[0])))


def _summary(update: dict[str, Any]) -> str:
    """Who did what, in a line: a message's text (or what else it holds), a press's data, a payment's payload."""
    kind = next(key for key in update if key != "update_id")
    payload = update[kind]
    sender = payload.get("from", {}).get("id")
    if kind == "callback_query":
        what = f"presses {payload.get('data')!r}"
    elif kind == "pre_checkout_query":
        what = f"pre-checkout {payload.get('invoice_payload')}"
    elif "successful_payment" in payload:
        paid = payload["successful_payment"]
        what = f"paid {paid['invoice_payload']} {paid['telegram_payment_charge_id']}"
    elif "text" in payload:
        what = f"says {payload['text'][:60]!r}"
    else:
        what = f"sends {json.dumps(sorted(set(payload) - {'message_id', 'from', 'chat', 'date'}))}"
    return f"{kind} from {sender}: {what}"
