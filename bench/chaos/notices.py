"""Each outbox notice as its person sees it in the chat, to find it among what the sandbox recorded.

A notice is rendered as the bot renders it (bot/notices.py, in the recipient's language) and its HTML parsed as
Telegram parses it (sandbox/formatting.py), so it can be matched to the bot's calls: the text or caption of a
message, or the payload of an invoice.
"""

from dataclasses import dataclass

from bot.i18n import build_i18n, locale_of
from bot.notices import INVOICES, known, render
from core.models.notifications import Notification
from sandbox.formatting import format_text
from sandbox.journal import Call

Content = tuple[str, str]  # ("text", plain text) or ("invoice", payload)


@dataclass(frozen=True)
class Notice:
    id: int
    key: str
    chat_id: int  # the person's Telegram id
    content: Content
    settled: bool
    error: str | None


def content_of(call: Call) -> Content | None:
    """What a call showed the person, comparable with a notice's content."""
    if call.method == "sendinvoice":
        return ("invoice", call.payload or "")
    return ("text", call.text) if call.text else None


async def every_notice() -> list[Notice]:
    i18n = build_i18n()
    found = []
    for notification in await Notification.all().order_by("id").prefetch_related("user"):
        if not known(notification.key):
            content: Content = ("unknown key", notification.key)
        elif notification.key in INVOICES:
            purpose = INVOICES[notification.key].value
            content = ("invoice", f"order:{notification.params['order_id']}:{purpose}")
        else:
            with i18n.context(), i18n.use_locale(locale_of(i18n, notification.user.language)):
                content = ("text", format_text(render(notification.key, notification.params), "HTML").text)
        found.append(
            Notice(
                notification.id,
                notification.key,
                notification.user.telegram_id,
                content,
                notification.sent_at is not None,
                notification.error,
            )
        )
    return found
