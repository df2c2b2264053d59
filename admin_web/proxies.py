"""Behind a TLS proxy: the client's address and scheme from `X-Forwarded-*`, believed from the proxies only.

aiohttp-remotes reads the headers (the right-most address not of a trusted proxy is the client's); this
middleware first checks that the connection itself comes from a trusted proxy, since anyone who reaches the
admin web directly could send the headers too. So sign-in throttling counts the real client's address, and
`request.secure` (hence `Secure` cookies) follows the proxy's `X-Forwarded-Proto: https`.
"""

from ipaddress import IPv4Network, IPv6Network, ip_address

from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp_remotes import XForwardedFiltered

Network = IPv4Network | IPv6Network


class TrustedProxies:
    def __init__(self, networks: tuple[Network, ...]) -> None:
        self._networks = networks
        self._forwarded = XForwardedFiltered(set(networks))

    def _from_a_proxy(self, request: web.Request) -> bool:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        if not peer:
            return False
        address = ip_address(peer[0])
        return any(address in network for network in self._networks)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self._from_a_proxy(request):
            return await self._forwarded.middleware(request, handler)
        return await handler(request)
