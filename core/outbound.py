"""Outbound requests go only outward: the check on every URL Laurel calls for a tenant (webhooks today).

A tenant chooses these URLs, so without a check any tenant could make Laurel probe and poke the network it runs in
(Redis, the database, the cloud's metadata address). A URL is refused when it is not https (plain http only where
the operator allows it), carries credentials, names an IP address instead of a host, or its host resolves to a
loopback, private, link-local, multicast or otherwise reserved address, IPv4 or IPv6, including IPv4 hidden inside
IPv6 (mapped, 6to4, Teredo, NAT64). The operator may allow named networks for receivers on the premises.

The check runs twice: when the URL is saved (so a tenant hears at once), and when a request is made, on the address
actually connected to: `connect_target` resolves the host once and the caller connects to that address with the
original Host and TLS server name, so a name that resolves elsewhere a second later (DNS rebinding) cannot slip
through. Callers never follow redirects.
"""

import ipaddress
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from core.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")
_INET_ATON_PART = re.compile(r"0[xX][0-9a-fA-F]+|[0-9]+")


class OutboundRefused(Exception):
    """A request Laurel will not make; the message is what the delivery log shows."""


def system_resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for the host (the one the connection would have used)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


def parse_networks(text: str) -> tuple[IPNetwork, ...]:
    """`10.20.0.0/16, fd00::/8` → networks; a bad entry raises ValueError naming it."""
    networks = []
    for item in (part.strip() for part in text.split(",")):
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError as exc:
                raise ValueError(f"{item!r} is not a network (e.g. 10.20.0.0/16)") from exc
    return tuple(networks)


def ip_literal(host: str) -> IPAddress | None:
    """The address a host written as an IP means, in any form a resolver accepts: dotted, decimal (`2130706433`),
    hex (`0x7f000001`), octal (`0177.0.0.1`), short (`127.1`), IPv6 with or without a zone; None for a name."""
    host = host.strip("[]").split("%")[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    parts = host.removesuffix(".").split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_ATON_PART.fullmatch(part) for part in parts):
        return None
    try:
        values = [_inet_aton_number(part) for part in parts]
    except ValueError:  # `08`: a leading zero means octal, and 8 is no octal digit
        return None
    *head, last = values
    if any(value > 255 for value in head) or last >= 256 ** (4 - len(head)):
        return None
    return ipaddress.IPv4Address(sum(value << (8 * (3 - index)) for index, value in enumerate(head)) + last)


def _inet_aton_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part, 16)
    return int(part, 8) if len(part) > 1 and part[0] == "0" else int(part)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_internal(address: IPAddress) -> bool:
    """Not a public unicast address: loopback, private, shared, link-local, multicast, unspecified, reserved."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # the IPv4 address itself, whatever the mapped range is called
            return is_internal(address.ipv4_mapped)
        embedded = _embedded_ipv4(address)
        if embedded is not None and is_internal(embedded):
            return True
    return (
        not address.is_global
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
        or address.is_loopback
        or address.is_link_local
        or address.is_private
        or address in SHARED_ADDRESS_SPACE
    )


@dataclass(frozen=True)
class ConnectTarget:
    """Where to connect (`url` with the checked address in place of the host) and what to tell the server."""

    url: str
    host_header: str
    server_name: str | None


@dataclass(frozen=True)
class OutboundPolicy:
    allow_http: bool = False
    allow_networks: tuple[IPNetwork, ...] = ()
    resolve: Resolver = system_resolve

    @classmethod
    def of(cls, allow_http: bool, allow_networks: str, resolve: Resolver = system_resolve) -> "OutboundPolicy":
        """From the operator's settings (`allow_http_webhooks`, `webhook_allow_networks`)."""
        return cls(allow_http, parse_networks(allow_networks), resolve)

    def allowed(self, address: IPAddress) -> bool:
        if any(_plain(address) in network for network in self.allow_networks):
            return True
        return not is_internal(address)

    def check_url(self, url: str, field: str) -> None:
        """At save: refuse, naming the field, what can be told from the URL and the host's addresses now. A host
        that does not resolve yet is accepted; the check at delivery decides then."""
        try:
            host, port = self._host_and_port(url)
        except OutboundRefused as exc:
            raise InvalidInput(f"{field} {exc}", field=field) from exc
        literal = ip_literal(host)
        if literal is not None:
            if not any(_plain(literal) in network for network in self.allow_networks):
                raise InvalidInput(f"{field} must name a host, not an IP address", field=field)
            return
        try:
            addresses = self.resolve(host, port)
        except OSError:
            return
        if any(not self.allowed(ipaddress.ip_address(a)) for a in addresses):
            raise InvalidInput(
                f"{field} host {host!r} resolves to a private or reserved address; Laurel calls only public "
                "addresses (the operator can allow networks with LAUREL_WEBHOOK_ALLOW_NETWORKS)",
                field=field,
            )

    def connect_target(self, url: str) -> ConnectTarget:
        """At delivery: resolve once and check the address that will be connected to. Raises OutboundRefused."""
        try:
            host, port = self._host_and_port(url)
        except OutboundRefused as exc:
            raise OutboundRefused(f"refused: url {exc}") from exc
        literal = ip_literal(host)
        if literal is not None:
            if not any(_plain(literal) in network for network in self.allow_networks):
                raise OutboundRefused("refused: private address" if is_internal(literal) else "refused: IP address")
            address: IPAddress = literal
        else:
            try:
                addresses = [ipaddress.ip_address(a) for a in self.resolve(host, port)]
            except OSError as exc:
                raise OutboundRefused(f"refused: {host} does not resolve ({exc.strerror or exc})") from exc
            if not addresses:
                raise OutboundRefused(f"refused: {host} does not resolve")
            if any(not self.allowed(a) for a in addresses):
                raise OutboundRefused("refused: private address")
            address = addresses[0]
        parts = urlsplit(url)
        netloc = f"[{address}]" if address.version == 6 else str(address)
        if parts.port is not None:
            netloc += f":{parts.port}"
        target = parts._replace(netloc=netloc).geturl()
        server_name = host if parts.scheme == "https" and literal is None else None
        return ConnectTarget(url=target, host_header=parts.netloc, server_name=server_name)

    def _host_and_port(self, url: str) -> tuple[str, int]:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise OutboundRefused("must be an absolute URL with a valid port") from exc
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise OutboundRefused("must be an absolute https URL")
        if parts.scheme == "http" and not self.allow_http:
            raise OutboundRefused("must use https (plain http is allowed only when the operator enables it)")
        if parts.username is not None or parts.password is not None:
            raise OutboundRefused("must not carry credentials (user:password@)")
        return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _plain(address: IPAddress) -> IPAddress:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
