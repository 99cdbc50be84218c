"""The private-network guard at connect time: Scrapy's name resolver, filtered.

Twisted's HostnameEndpoint asks the reactor's name resolver for the addresses it will connect
to, for names and IP literals alike. This resolver hands it only public addresses (unless
`[crawl] allow_private_networks`, or the host is in `allow_private_hosts`), so what is checked
is exactly what is connected to: a name that resolved to a public address when the request was
made and to 127.0.0.1 a moment later (DNS rebinding), a redirect, a link found in a page, all
meet the same check. `[crawl] resolve` pins names to addresses (like curl's --resolve) and is
checked the same way.
"""
from __future__ import annotations

import ipaddress
import logging

from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution, IResolutionReceiver
from zope.interface import implementer

log = logging.getLogger("dxwatch.netguard")
REFUSED: dict[str, str] = {}          # host -> the private address it resolved to (for reports)


def is_private_address(addr: str) -> bool:
    ip = ipaddress.ip_address(addr.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str):
        self.name = name

    def cancel(self) -> None:
        pass


@implementer(IResolutionReceiver)
class _Filter:
    """Passes public addresses on; remembers the private ones it dropped."""

    def __init__(self, receiver, host: str):
        self.receiver, self.host, self.dropped, self.passed = receiver, host, [], 0

    def resolutionBegan(self, resolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address) -> None:
        if is_private_address(address.host):
            self.dropped.append(address.host)
        else:
            self.passed += 1
            self.receiver.addressResolved(address)

    def resolutionComplete(self) -> None:
        if self.dropped and not self.passed:
            REFUSED[self.host] = self.dropped[0]
            log.warning("refused at connect time: %s resolves to %s (private, loopback or link-local); "
                        "[crawl] allow_private_networks is off", self.host, self.dropped[0])
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class GuardedResolver:
    def __init__(self, reactor, *, allow_all: bool = False, allowed_hosts=(), pinned: dict | None = None):
        self.reactor = reactor
        self.inner = reactor.nameResolver
        self.allow_all = allow_all
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.pinned = {k.lower(): v for k, v in (pinned or {}).items()}

    @classmethod
    def from_crawler(cls, crawler, reactor):
        s = crawler.settings
        return cls(reactor, allow_all=s.getbool("DXWATCH_ALLOW_PRIVATE_NETWORKS"),
                   allowed_hosts=s.getlist("DXWATCH_ALLOW_PRIVATE_HOSTS"), pinned=s.getdict("DXWATCH_RESOLVE"))

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(self, resolutionReceiver, hostName: str, portNumber: int = 0, addressTypes=None,
                        transportSemantics: str = "TCP"):
        host = hostName.lower().strip("[]")
        receiver = resolutionReceiver if self.allow_all or host in self.allowed_hosts \
            else _Filter(resolutionReceiver, host)
        if host in self.pinned:
            ip = self.pinned[host]
            receiver.resolutionBegan(_Resolution(hostName))
            kind = IPv6Address if ":" in ip else IPv4Address
            receiver.addressResolved(kind("TCP", ip, portNumber))
            receiver.resolutionComplete()
            return resolutionReceiver
        return self.inner.resolveHostName(receiver, hostName, portNumber, addressTypes, transportSemantics)
