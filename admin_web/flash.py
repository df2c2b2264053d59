"""A short confirmation after an action: the POST names it in a cookie, the next page shows it (translated) once."""

from aiohttp import web
from aiohttp.typedefs import Handler

from admin_web.keys import NOTICE
from admin_web.sessions import set_cookie
from core.domain.languages import N_

FLASH_COOKIE = "daigou_done"

# The cookie holds only one of these keys, so nothing a client sets is ever shown.
NOTICES: dict[str, str] = {
    "listing.active": N_("Done: the listing is approved and for sale."),
    "listing.rejected": N_("Done: the listing is rejected; the buyer was told why."),
    "listing.removed": N_("Done: the listing is removed; the buyer was told why."),
    "buyer.verified": N_("Done: the buyer is verified."),
    "buyer.rejected": N_("Done: the application is rejected; the applicant was told why."),
    "buyer.suspended": N_("Done: the buyer is suspended."),
    "buyer.banned": N_("Done: the buyer is banned."),
    "buyer.unbanned": N_("Done: the ban is lifted."),
    "report.upheld": N_("Done: the report is upheld and the listing removed."),
    "report.dismissed": N_("Done: the report is dismissed."),
    "dispute.settled": N_("Done: the dispute is settled; both sides were told."),
    "bond.forfeited": N_("Done: the bond is forfeited to the customer."),
    "payout.paid": N_("Done: the payout is marked paid; the buyer was told."),
    "payout.refused": N_("Done: the payout is refused and back in the buyer's earnings; the buyer was told why."),
    "refund.paid": N_("Done: the refund is recorded; the customer was told."),
    "rate.set": N_("Done: the rate is set."),
    "fees.set": N_("Done: the new fees apply to orders created from now on."),
    "brand.added": N_("Done: the brand is added; search finds it by each of its names."),
    "brand.alias_added": N_("Done: the name is added; search finds the brand by it."),
    "brand.alias_removed": N_("Done: the name is removed."),
    "brand.watched": N_("Done: the brand is on the watchlist."),
    "brand.unwatched": N_("Done: the brand is off the watchlist."),
    "moderator.deactivated": N_("Done: the account is deactivated."),
    "moderator.reactivated": N_("Done: the account is active again."),
}


def back_to(request: web.Request, url: str, notice: str) -> web.HTTPSeeOther:
    """After a POST that worked: show the result with a GET (so a reload does not act twice), saying it worked."""
    if notice not in NOTICES:
        raise ValueError(f"no text for the notice {notice!r}")
    response = web.HTTPSeeOther(url)
    set_cookie(request, response, FLASH_COOKIE, notice)
    return response


@web.middleware
async def flash(request: web.Request, handler: Handler) -> web.StreamResponse:
    notice = request.cookies.get(FLASH_COOKIE, "")
    if request.method != "GET" or notice not in NOTICES:
        return await handler(request)
    request[NOTICE] = NOTICES[notice]
    response = await handler(request)
    response.del_cookie(FLASH_COOKIE, path="/")
    return response
