"""A refusal from core/ becomes a page that says, in the moderator's language, what went wrong.

Texts are keyed by the codes declared in core/refusals.py.
"""

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler

from admin_web.i18n import _
from admin_web.labels import label
from admin_web.templating import money
from core.domain.buyers import BuyerStatus
from core.domain.languages import N_
from core.domain.listings import ListingStatus
from core.errors import Conflict, DomainError, Forbidden, InvalidInput, InvalidState, NotFound, Throttled
from core.refusals import shown_params

_STATUS: list[tuple[type[DomainError], int]] = [
    (NotFound, 404),
    (Forbidden, 403),
    (InvalidState, 409),
    (Conflict, 409),
    (Throttled, 429),
]

TEXTS: dict[str, str] = {
    "text.empty": N_("Please fill in {field}."),
    "text.too_long": N_("{field} is too long: at most {max} characters."),
    "money.not_a_number": N_("That is not an amount of money."),
    "money.not_positive": N_("The amount must be more than zero."),
    "money.too_many_decimals": N_("{currency} has at most {places} decimals."),
    "money.unknown_currency": N_("Unknown currency: {currency}."),
    "dispute.bad_refund": N_("The refund must be between 0 and {max}, the amount held in escrow."),
    "dispute.not_open": N_("This order is no longer in dispute."),
    "payout.not_found": N_("There is no such payout."),
    "payout.already_decided": N_("This payout was already decided by another moderator or an earlier click."),
    "payout.refund_is_owed": N_("A customer refund is owed: it can only be marked refunded."),
    "bond.bad_amount": N_("The buyer's bond holds {max}: forfeit more than 0, up to that."),
    "bond.already_forfeited": N_("The bond was already forfeited for this order."),
    "listing.invalid_decision": N_("The listing is {status} now: it cannot become {to}."),
    "report.already_resolved": N_("This report was already resolved."),
    "buyer.invalid_decision": N_("The buyer is {status} now: that decision does not apply."),
    "buyer.reason_required": N_("Please give a reason."),
    "rate.same_currency": N_("Choose two different currencies."),
    "watchlist.already_watched": N_("{brand} is on the watchlist already."),
    "watchlist.not_watched": N_("That brand is not on the watchlist (any more)."),
    "brand.name_taken": N_("“{name}” is a name of {brand} already."),
    "brand.not_found": N_("There is no such brand."),
    "brand.alias_not_found": N_("That name is not one of the brand's (any more)."),
    "brand.own_name": N_("A brand keeps its own name: add the brand anew to rename it."),
    "rate.not_a_number": N_("The rate must be a number."),
    "rate.out_of_range": N_("The rate is out of range."),
    "fees.not_a_number": N_("Percentages are numbers with at most two decimals."),
    "fees.deposit_range": N_("The deposit must be above 0% and at most 100%."),
    "fees.platform_fee_range": N_("The platform fee must be from 0% to below 50%."),
    "moderator.admin_only": N_("Only admins may do this."),
    "moderator.not_found": N_("There is no such moderator."),
    "moderator.self_deactivation": N_("You cannot deactivate your own account: ask another admin."),
    "moderator.already_inactive": N_("This moderator is deactivated already."),
    "moderator.already_active": N_("This moderator is active already."),
    "order.not_found": N_("There is no such order."),
    "order.changed_meanwhile": N_("Someone changed this order meanwhile: reload and check."),
    "listing.not_found": N_("There is no such listing: it may have been removed. Go back to the list and reload."),
    "report.not_found": N_("There is no such report. Go back to the reports and reload."),
    "buyer.not_found": N_("There is no such buyer application. Go back to the applications and reload."),
    "user.not_found": N_("There is no such person. Search the people list again."),
    "order.invalid_transition": N_("That step is not possible for this order any more: reload the page and check."),
    "ledger.insufficient_funds": N_("Nothing was done: the money for this moved meanwhile. Reload the page and check."),
    "login.failed": N_("Wrong username or password."),
    "throttled": N_("Too many failed attempts: wait {retry_after} seconds and try again."),
}


# The names core gives the fields it checks (`text.empty`, `text.too_long`), in the moderator's language.
_FIELDS = {
    "note": N_("note"),
    "reason": N_("reason"),
    "reference": N_("transfer reference"),
    "brand": N_("brand"),
    "alias": N_("name"),
    "resolution": N_("resolution"),
    "query": N_("search"),
}

# Statuses core reports as codes: shown as their labels.
_STATUS_PARAMS: dict[str, type[StrEnum]] = {
    "listing.invalid_decision": ListingStatus,
    "buyer.invalid_decision": BuyerStatus,
}


def _shown_params(error: DomainError) -> dict[str, Any]:
    params = shown_params(error, money)
    if params.get("field") in _FIELDS:
        params["field"] = _(_FIELDS[params["field"]])
    vocabulary = _STATUS_PARAMS.get(error.code)
    if vocabulary is not None:
        for name in ("status", "to"):
            if params.get(name) in vocabulary._value2member_map_:
                params[name] = label(vocabulary(params[name]))
    return params


def explain(error: DomainError) -> str:
    """The translated sentence for `error`; one no moderator should meet names its code, for the report."""
    text = TEXTS.get(error.code)
    if text is None:
        return _("This could not be done ({code}).").format(code=error.code)
    return _(text).format(**_shown_params(error))


def status_of(error: DomainError) -> int:
    return next((code for kind, code in _STATUS if isinstance(error, kind)), 400)


async def refused_on_form(
    request: web.Request,
    action: Awaitable[object],
    template: str,
    page: Callable[[], Awaitable[dict[str, object]]],
    typed: dict[str, str],
) -> web.Response | None:
    """Do `action`; None when it worked. Refused for what was typed (a rejection without its reason, say): the
    form's own page again (`template` with the `page` context), the refusal beside the form, the typing kept."""
    try:
        await action
    except InvalidInput as error:
        shown = {**await page(), "form_error": explain(error), "typed": typed}
        return aiohttp_jinja2.render_template(template, request, shown, status=status_of(error))
    return None


@web.middleware
async def domain_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except DomainError as error:
        return aiohttp_jinja2.render_template(
            "error.html", request, {"message": explain(error)}, status=status_of(error)
        )
