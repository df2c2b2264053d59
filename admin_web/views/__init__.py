"""Each page is a thin shell over one core service call; this wires them all."""

from aiohttp import web

from admin_web.views import (
    applications,
    audit,
    brands,
    dashboard,
    disputes,
    fees,
    health,
    listings,
    moderators,
    orders,
    payouts,
    photos,
    rates,
    reports,
    users,
)

_PAGES = (
    health,
    dashboard,
    listings,
    reports,
    disputes,
    applications,
    payouts,
    users,
    orders,
    rates,
    brands,
    fees,
    moderators,
    audit,
    photos,
)


def view_routes() -> list[web.RouteDef]:
    return [route for page in _PAGES for route in page.routes if isinstance(route, web.RouteDef)]
