"""sendInvoice and answerPreCheckoutQuery; the driver plays the payment provider."""

import re
from typing import Any

from sandbox.chats import InvoiceTerms
from sandbox.errors import bad_request
from sandbox.limits import check_invoice_payload, check_invoice_total
from sandbox.methods.common import deliver, destination, message_json
from sandbox.methods.registry import Call, method
from sandbox.queries import PreCheckoutAnswer

_CURRENCY = re.compile(r"^[A-Z]{3}$")
STARS = "XTR"


@method("sendInvoice")
async def send_invoice(call: Call) -> dict[str, Any]:
    chat = destination(call)
    terms = _invoice_terms(call)
    fields: dict[str, Any] = {
        "invoice": {
            "title": terms.title,
            "description": terms.description,
            "start_parameter": terms.start_parameter,
            "currency": terms.currency,
            "total_amount": terms.total_amount,
        }
    }
    message = deliver(call, chat, fields)
    message.invoice = terms
    return message_json(message)


@method("answerPreCheckoutQuery")
async def answer_pre_checkout_query(call: Call) -> bool:
    params = call.params
    ok = params.flag("ok")
    error_message = params.text("error_message") or None
    if not ok and not error_message:
        # Required when ok is false; this wording is the sandbox's own.
        raise bad_request("error_message must be non-empty when ok is false")
    call.bot.pre_checkout_answers.answer(params.text("pre_checkout_query_id"), PreCheckoutAnswer(ok, error_message))
    return True


def _invoice_terms(call: Call) -> InvoiceTerms:
    params = call.params
    title, description = params.text("title") or "", params.text("description") or ""
    # The Bot API documents these bounds; the wordings below are the sandbox's own.
    if not 1 <= len(title) <= 32:
        raise bad_request("invoice title must be 1-32 characters")
    if not 1 <= len(description) <= 255:
        raise bad_request("invoice description must be 1-255 characters")
    payload = params.text("payload")
    check_invoice_payload(payload)
    currency = params.text("currency") or ""
    if not _CURRENCY.match(currency):
        raise bad_request("CURRENCY_INVALID")
    provider_token = params.text("provider_token") or ""
    if not provider_token and currency != STARS:
        raise bad_request("PAYMENT_PROVIDER_INVALID")
    prices = params.json_value("prices", "can't parse prices JSON object")
    if not isinstance(prices, list) or not prices:
        raise bad_request("can't parse prices JSON object")
    total = 0
    for price in prices:
        if (
            not isinstance(price, dict)
            or not isinstance(price.get("label"), str)
            or not isinstance(price.get("amount"), int)
        ):
            raise bad_request("can't parse LabeledPrice JSON object")
        total += price["amount"]
    if total <= 0:
        raise bad_request("CURRENCY_TOTAL_AMOUNT_INVALID")
    if currency != STARS:  # Stars have limits of their own, not in Telegram's currency table
        check_invoice_total(currency, total)
    return InvoiceTerms(
        title=title,
        description=description,
        payload=payload or "",
        currency=currency,
        total_amount=total,
        provider_token=provider_token,
        start_parameter=params.text("start_parameter") or "",
    )
