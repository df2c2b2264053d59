"""A refusal from core/ becomes a page that says, in the moderator's language, what went wrong."""

from enum import StrEnum
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler

from admin_web.i18n import _, __
from admin_web.labels import label
from admin_web.templating import money
from core.errors import Conflict, DomainError, Forbidden, InvalidState, NotFound, Throttled
from core.models.listings import ListingStatus
from core.models.users import BuyerStatus

_STATUS: list[tuple[type[DomainError], int]] = [
    (NotFound, 404),
    (Forbidden, 403),
    (InvalidState, 409),
    (Conflict, 409),
    (Throttled, 429),
]

_TEXTS: dict[str, Any] = {
    "text.empty": __("Please fill in %(field)s."),
    "text.too_long": __("%(field)s is too long: at most %(max)s characters."),
    "money.not_a_number": __("That is not an amount of money."),
    "money.not_positive": __("The amount must be more than zero."),
    "money.too_many_decimals": __("%(currency)s has at most %(places)s decimals."),
    "money.unknown_currency": __("Unknown currency: %(currency)s."),
    "dispute.bad_refund": __("The refund must be between 0 and %(max)s, the amount held in escrow."),
    "dispute.not_open": __("This order is no longer in dispute."),
    "bond.bad_amount": __("The buyer's bond holds %(max)s: forfeit more than 0, up to that."),
    "bond.already_forfeited": __("The bond was already forfeited for this order."),
    "listing.invalid_decision": __("The listing is %(status)s now: it cannot become %(to)s."),
    "report.already_resolved": __("This report was already resolved."),
    "buyer.invalid_decision": __("The buyer is %(status)s now: that decision does not apply."),
    "buyer.reason_required": __("Please give a reason."),
    "rate.same_currency": __("Choose two different currencies."),
    "watchlist.already_watched": __("%(brand)s is on the watchlist already."),
    "watchlist.not_watched": __("That brand is not on the watchlist (any more)."),
    "rate.not_a_number": __("The rate must be a number."),
    "rate.out_of_range": __("The rate is out of range."),
    "fees.not_a_number": __("Percentages are numbers with at most two decimals."),
    "fees.deposit_range": __("The deposit must be above 0% and at most 100%."),
    "fees.platform_fee_range": __("The platform fee must be from 0% to below 50%."),
    "moderator.admin_only": __("Only admins may do this."),
    "moderator.not_found": __("There is no such moderator."),
    "moderator.self_deactivation": __("You cannot deactivate your own account: ask another admin."),
    "moderator.already_inactive": __("This moderator is deactivated already."),
    "moderator.already_active": __("This moderator is active already."),
    "order.not_found": __("There is no such order."),
    "order.changed_meanwhile": __("Someone changed this order meanwhile: reload and check."),
}


# Amounts core reports in integer minor units of the error's `currency`: shown as money.
_MONEY_PARAMS: dict[str, tuple[str, ...]] = {"dispute.bad_refund": ("max",), "bond.bad_amount": ("max",)}


# Statuses core reports as codes: shown as their labels.
_STATUS_PARAMS: dict[str, type[StrEnum]] = {
    "listing.invalid_decision": ListingStatus,
    "buyer.invalid_decision": BuyerStatus,
}


def _shown_params(error: DomainError) -> dict[str, Any]:
    params = dict(error.params)
    for name in _MONEY_PARAMS.get(error.code, ()):
        if isinstance(params.get(name), int) and isinstance(params.get("currency"), str):
            params[name] = money(params[name], params["currency"])
    vocabulary = _STATUS_PARAMS.get(error.code)
    if vocabulary is not None:
        for name in ("status", "to"):
            if params.get(name) in vocabulary._value2member_map_:
                params[name] = label(vocabulary(params[name]))
    return params


def explain(error: DomainError) -> str:
    text = _TEXTS.get(error.code)
    if text is None:
        return _("This could not be done (%(code)s).") % {"code": error.code}
    try:
        return str(text) % _shown_params(error)
    except (KeyError, TypeError, ValueError):
        return str(text)


@web.middleware
async def domain_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except DomainError as error:
        status = next((code for kind, code in _STATUS if isinstance(error, kind)), 400)
        return aiohttp_jinja2.render_template("error.html", request, {"message": explain(error)}, status=status)
