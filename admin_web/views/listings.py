import aiohttp_jinja2
from aiohttp import web

from admin_web.errors import refused_on_form
from admin_web.flash import back_to
from admin_web.forms import before, form, path_id
from admin_web.keys import MODERATOR
from core.domain.listings import ListingStatus
from core.services.catalog import photo_hashes
from core.services.oversight import moderation, moderation_queues

routes = web.RouteTableDef()

_DECISIONS = {"approve": ListingStatus.ACTIVE, "reject": ListingStatus.REJECTED, "remove": ListingStatus.REMOVED}


@routes.get("/flagged", name="flagged")
@aiohttp_jinja2.template("flagged.html")
async def queue(request: web.Request) -> dict[str, object]:
    return {"page": await moderation_queues.flagged_listings(before(request))}


@routes.get("/listings/{id}")
@aiohttp_jinja2.template("listing.html")
async def case(request: web.Request) -> dict[str, object]:
    return await _case(path_id(request))


async def _case(listing_id: int) -> dict[str, object]:
    listing = await moderation_queues.listing_case(listing_id)
    return {
        "listing": listing,
        "history": await moderation_queues.history_of(listing.buyer.id),
        "look_alikes": await photo_hashes.look_alikes(listing.id),
    }


@routes.post("/listings/{id}/decision")
async def decide(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    status = _DECISIONS.get(data.get("decision", ""))
    if status is None:
        raise web.HTTPBadRequest()
    listing_id = path_id(request)
    decision = moderation.decide_listing(request[MODERATOR].id, listing_id, status, data.get("reason", ""))
    if refused := await refused_on_form(request, decision, "listing.html", lambda: _case(listing_id), data):
        return refused
    raise back_to(request, "/flagged", f"listing.{status.value}")


@routes.get("/listings", name="listings")
@aiohttp_jinja2.template("listings.html")
async def search(request: web.Request) -> dict[str, object]:
    status_text = request.query.get("status", "")
    status = ListingStatus(status_text) if status_text in ListingStatus._value2member_map_ else None
    text = request.query.get("q", "")
    return {
        "page": await moderation_queues.search_listings(text, status, before(request)),
        "q": text,
        "status": status_text,
        "statuses": list(ListingStatus),
    }
