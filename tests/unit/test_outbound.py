"""The outbound policy: every way of writing an internal address is refused, at save and at connect time."""

import ipaddress

import pytest

from core.errors import InvalidInput
from core.outbound import OutboundPolicy, OutboundRefused, ip_literal, is_internal, parse_networks, system_resolve

INTERNAL_HOSTS = [
    "127.0.0.1",
    "2130706433",  # decimal
    "0x7f000001",  # hex
    "0177.0.0.1",  # octal
    "127.1",  # short
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",  # shared address space (carrier NAT)
    "169.254.169.254",  # cloud metadata
    "224.0.0.1",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "::1",
    "::",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "fe80::1",  # link-local
    "fc00::1",  # unique local
    "ff02::1",  # multicast
    "2002:7f00:1::",  # 6to4 around 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
]


class Hosts:
    """A resolver from a table, like /etc/hosts; `answers` change what a name resolves to between calls, as a
    rebinding DNS server does."""

    def __init__(self, answers: dict[str, list[list[str]]] | None = None) -> None:
        self.answers = {name: list(seq) for name, seq in (answers or {}).items()}

    def __call__(self, host: str, port: int) -> list[str]:
        queue = self.answers.get(host)
        if not queue:
            raise OSError(f"{host} does not resolve")
        return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_every_form_of_an_internal_address_is_internal(host: str) -> None:
    address = ip_literal(host)
    assert address is not None and is_internal(address)


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_an_ip_literal_is_refused_at_save_and_at_connect(host: str) -> None:
    policy = OutboundPolicy()
    url = f"https://[{host}]/hook" if ":" in host else f"https://{host}/hook"
    with pytest.raises(InvalidInput) as refused:
        policy.check_url(url, "url")
    assert refused.value.extra == {"field": "url"}
    with pytest.raises(OutboundRefused, match="refused: private address"):
        policy.connect_target(url)


def test_public_addresses_are_not_internal() -> None:
    for host in ("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"):
        assert not is_internal(ipaddress.ip_address(host)), host
    assert (
        ip_literal("hooks.example.com") is None and ip_literal("1.2.3.4.5") is None and ip_literal("08.1.1.1") is None
    )


def test_plain_http_and_credentials_are_refused_naming_the_field() -> None:
    policy = OutboundPolicy(resolve=Hosts({"hooks.example.com": [["93.184.216.34"]]}))
    for url, says in (
        ("http://hooks.example.com/h", "https"),
        ("https://user:secret@hooks.example.com/h", "credentials"),
        ("https://user@hooks.example.com/h", "credentials"),
        ("ftp://hooks.example.com/h", "https"),
        ("https:///h", "https"),
    ):
        with pytest.raises(InvalidInput, match=says) as refused:
            policy.check_url(url, "url")
        assert refused.value.extra == {"field": "url"}
    policy.check_url("https://hooks.example.com/h", "url")
    OutboundPolicy(allow_http=True, resolve=policy.resolve).check_url("http://hooks.example.com/h", "url")


def test_localhost_resolves_inside_and_is_refused() -> None:
    assert "127.0.0.1" in system_resolve("localhost", 443)
    with pytest.raises(InvalidInput, match="resolves to a private or reserved address"):
        OutboundPolicy().check_url("https://localhost:5432/", "url")


def test_a_name_that_rebinds_inside_is_refused_when_connecting() -> None:
    resolver = Hosts({"hooks.tenant.test": [["93.184.216.34"], ["127.0.0.1"]]})
    policy = OutboundPolicy(resolve=resolver)
    policy.check_url("https://hooks.tenant.test/h", "url")
    with pytest.raises(OutboundRefused, match="refused: private address"):
        policy.connect_target("https://hooks.tenant.test/h")


def test_one_internal_answer_among_public_ones_is_refused() -> None:
    policy = OutboundPolicy(resolve=Hosts({"mixed.test": [["93.184.216.34", "10.0.0.7"]]}))
    with pytest.raises(InvalidInput):
        policy.check_url("https://mixed.test/h", "url")


def test_the_connection_goes_to_the_checked_address_with_the_original_host_and_server_name() -> None:
    policy = OutboundPolicy(resolve=Hosts({"hooks.tenant.test": [["93.184.216.34"]]}))
    target = policy.connect_target("https://hooks.tenant.test:8443/h?x=1")
    assert target.url == "https://93.184.216.34:8443/h?x=1"
    assert target.host_header == "hooks.tenant.test:8443" and target.server_name == "hooks.tenant.test"
    six = OutboundPolicy(resolve=Hosts({"six.test": [["2606:4700:4700::1111"]]})).connect_target("https://six.test/")
    assert six.url == "https://[2606:4700:4700::1111]/" and six.host_header == "six.test"


def test_the_operator_can_allow_named_private_networks() -> None:
    networks = parse_networks("10.8.0.0/16, 127.0.0.0/8")
    policy = OutboundPolicy(allow_http=True, allow_networks=networks, resolve=Hosts({"erp.local": [["10.8.1.2"]]}))
    policy.check_url("http://erp.local/hook", "url")
    assert policy.connect_target("http://erp.local/hook").url == "http://10.8.1.2/hook"
    policy.check_url("http://127.0.0.1:9000/hook", "url")
    policy.check_url("http://[::ffff:127.0.0.1]:9000/hook", "url")
    with pytest.raises(InvalidInput):
        policy.check_url("http://10.9.0.1/hook", "url")
    with pytest.raises(ValueError, match="not a network"):
        parse_networks("10.8.0.0/16, intranet")


def test_a_name_that_does_not_resolve_yet_is_accepted_at_save_and_refused_at_connect() -> None:
    policy = OutboundPolicy(resolve=Hosts())
    policy.check_url("https://not-yet.test/h", "url")
    with pytest.raises(OutboundRefused, match="does not resolve"):
        policy.connect_target("https://not-yet.test/h")
