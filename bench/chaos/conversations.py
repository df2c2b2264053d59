"""The invariants read from the sandbox's journal of the chats: every update got an answer, and every notice reached
its person, twice only in the window the outbox documents (its sender interrupted between Telegram's accept and
the row marked sent), such repeats counted by cause.
"""

from collections import Counter, defaultdict

from bench.chaos.notices import Content, Notice, content_of
from bench.chaos.verdict import Evidence, Verdict
from sandbox.faults import CallFault
from sandbox.journal import Call

# An invoice notice for a step no longer due is settled with the refusal's code and never sent: as designed.
NO_LONGER_DUE = frozenset({"payment.not_due", "payment.nothing_due"})
# A repeat is in the documented window when its sender was interrupted this soon after Telegram took the first copy
# (or just before: the journal notes a call when the sandbox has done it, the kill may land while it does).
WINDOW = 2.0
JUST_BEFORE = 0.1


def answers(evidence: Evidence, verdict: Verdict) -> None:
    """A query is answered when the bot answered its id. A message is when the bot finished with it (its log says
    so) and then called anything about the chat that is not a notice: the journal cannot tell which message a
    reply answers, the bot's log can tell which messages it never finished (killed, or lost after acknowledging)."""
    journal = evidence.journal
    delivered: dict[int, float] = {}
    for delivery in journal.deliveries:
        delivered.setdefault(delivery.update_id, delivery.at)
    queries_answered = {call.query_id for call in journal.calls if call.query_id}
    notices = {(notice.chat_id, notice.content) for notice in evidence.notices}
    last_reply: dict[int, float] = {}
    last_told: dict[int, float] = {}  # replies and notices alike
    for call in journal.calls:
        if call.chat_id is not None:
            last_told[call.chat_id] = call.at
            if (call.chat_id, content_of(call)) not in notices:
                last_reply[call.chat_id] = call.at
    finished = evidence.causes.bot_log.done
    for push in journal.pushes:
        kind = next(key for key in push.update if key != "update_id")
        payload = push.update[kind]
        if kind in ("callback_query", "pre_checkout_query"):
            answered = payload["id"] in queries_answered
        elif kind == "message" and "successful_payment" in payload:
            # The bot says how the payment went, or (the bot failed) the scheduler's recording tells through the outbox.
            since = delivered.get(push.update_id, float("inf"))
            answered = last_told.get(payload["chat"]["id"], 0.0) > since
        elif kind == "message" and push.update_id not in evidence.flood_updates:
            since = delivered.get(push.update_id, float("inf"))
            answered = push.update_id in finished and last_reply.get(payload["chat"]["id"], 0.0) > since
        else:
            continue
        if not answered:
            cause = evidence.causes.of(push.update_id)
            what = f"update {push.update_id} ({_described(kind, payload)} from {payload['from']['id']})"
            verdict.add("answers", f"{what} got no answer ({cause})", cause)


def _described(kind: str, payload: dict[str, object]) -> str:
    if kind == "callback_query":
        return f"a press of {payload.get('data')!r}"
    if kind != "message":
        return kind.replace("_", " ")
    if "successful_payment" in payload:
        return "a successful payment"
    return f"message {str(payload['text'])[:30]!r}" if "text" in payload else "a photo"


def notices(evidence: Evidence, verdict: Verdict) -> None:
    copies: defaultdict[tuple[int, Content], list[Call]] = defaultdict(list)
    for call in evidence.journal.calls:
        content = content_of(call)
        if call.done and call.chat_id is not None and content is not None:
            copies[(call.chat_id, content)].append(call)
    expected: defaultdict[tuple[int, Content], list[Notice]] = defaultdict(list)
    for notice in evidence.notices:
        what = f"notice {notice.id} ({notice.key}) to {notice.chat_id}"
        if not notice.settled:
            verdict.add("notices", f"{what} was never sent")
        elif notice.error is None:
            expected[(notice.chat_id, notice.content)].append(notice)
        elif notice.error not in NO_LONGER_DUE:
            verdict.add("notices", f"{what} was given up: {notice.error}")
    for seen, group in expected.items():
        sent = copies.get(seen, [])
        if not sent:
            for notice in group:
                verdict.add("notices", f"notice {notice.id} ({notice.key}) is marked sent but never reached {seen[0]}")
        elif seen[1][0] == "text" and len(sent) > len(group):
            _repeats(evidence, group[0], sent, len(sent) - len(group), verdict)


def _repeats(evidence: Evidence, notice: Notice, sent: list[Call], extra: int, verdict: Verdict) -> None:
    """Count repeats in the documented window by cause; any others are violations."""
    causes = Counter(cause for call in sent if (cause := _interrupted(evidence, call)))
    for cause, count in causes.items():
        explained = min(count, extra)
        if explained:
            verdict.repeats[cause] += explained
            extra -= explained
    if extra:
        verdict.add(
            "notices",
            f"notice {notice.id} ({notice.key}) reached {notice.chat_id} {extra} more time(s)"
            " with no interruption of its sender",
        )


def _interrupted(evidence: Evidence, call: Call) -> str | None:
    """Why the sender of a notice Telegram took may not have marked it sent: the answer was lost, it was cut off, or
    the fake clock jumped past its lease while it sent (a stall of hours: the simulation's doing, see clock.py)."""
    if call.fault is CallFault.LOST_ANSWER:
        return "answer lost"
    for interruption in evidence.interruptions:
        cut_off = call.at - JUST_BEFORE <= interruption.end and interruption.start <= call.at + WINDOW
        if cut_off and interruption.processes & evidence.senders:
            return "sender killed" if interruption.cause == "killed" else "database fault"
    if any(call.at - WINDOW <= jump <= call.at + WINDOW for jump in evidence.clock_jumps):
        return "fake clock jumped past its lease"
    return None
