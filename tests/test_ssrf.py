"""No SSRF: with allow_private_networks off, no request reaches a loopback, private or link-local
address, whether named in a source, found as a link, or reached by a redirect, and the check is
made on the address actually connected to.

Loopback only, by construction: every name is pinned to 127.0.0.1 through `[crawl] resolve` (a
stub resolver), so even a broken guard could only ever connect to this machine."""
import pytest
from twisted.internet.address import IPv4Address
from twisted.internet.interfaces import IResolutionReceiver
from zope.interface import implementer

from crawler.netguard import GuardedResolver, is_private_address
from tests.conftest import query, run_cli
from tests.loopback import ARTICLE, LoopbackSite


class Intranet(LoopbackSite):
    """One loopback server that answers every name (`hosts` notes which Host each request named)."""
    def __init__(self):
        super().__init__(self.route)

    def route(self, path: str, headers: dict):
        port = self.port
        if path == "/tin-tuc":
            links = [f"http://tinh.test:{port}/tin/ok-1.html",
                     f"http://cloud.tinh.test:{port}/tin/cloud-2.html",    # same site, a private address
                     f"http://127.0.0.1:{port}/tin/literal-3.html",        # off-site: never followed anyway
                     f"http://tinh.test:{port}/tin/redirect-5.html"]       # redirects inward
            return 200, ("<html><body>" + "".join(f'<a href="{u}">{u}</a>' for u in links) + "</body></html>").encode(), {}
        if path == "/tin/redirect-5.html":
            return 302, b"", {"Location": f"http://db.tinh.test:{port}/tin/after-redirect-6.html"}
        if path.startswith("/tin/"):
            return 200, ARTICLE.format(t=f"Bài {path}").encode(), {}
        return None


@pytest.fixture
def intranet():
    srv = Intranet()
    yield srv
    srv.close()


def config(tmp_path, srv, *, allow_hosts='["tinh.test"]', allow_all="false", entry="tinh.test"):
    cfg = tmp_path / "dxwatch.toml"
    cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "dx.db"}"\n\n[crawl]\nallow_private_networks = {allow_all}\n'
                   f'allow_private_hosts = {allow_hosts}\nsources_dir = ""\ndownload_delay = 0\nautothrottle = false\n'
                   f'retry_times = 0\n[crawl.resolve]\n"tinh.test" = "127.0.0.1"\n"cloud.tinh.test" = "127.0.0.1"\n'
                   f'"db.tinh.test" = "127.0.0.1"\n\n'
                   f'[[sources]]\nid = "intranet"\nname = "Cổng nội bộ"\nstart_urls = ["http://{entry}:{srv.port}/tin-tuc"]\n'
                   f'article_url_pattern = "/tin/"\n', encoding="utf-8")
    return cfg


def test_links_redirects_and_literals_to_private_addresses_are_never_fetched(tmp_path, intranet):
    res = run_cli("crawl", config=config(tmp_path, intranet))
    assert "Traceback" not in res.stderr
    assert set(intranet.hosts) == {"tinh.test"}, intranet.hosts        # nothing else was ever connected to
    urls = {r[0] for r in query(f"sqlite:///{tmp_path / 'dx.db'}", "SELECT url FROM article_urls")}
    assert any("ok-1" in u for u in urls) and not any(k in u for u in urls for k in ("cloud", "literal", "after-redirect"))
    said = res.stdout + res.stderr
    assert "cloud.tinh.test" in said and "db.tinh.test" in said            # refused, and said so


def test_a_source_pointing_at_a_private_name_fails_cleanly_and_nothing_is_sent(tmp_path, intranet):
    res = run_cli("crawl", config=config(tmp_path, intranet, allow_hosts="[]"))
    assert res.returncode == 0 and intranet.hosts == [] and "Traceback" not in res.stderr
    health = query(f"sqlite:///{tmp_path / 'dx.db'}", "SELECT consecutive_failures, last_error FROM v_source_health")
    assert health[0][0] == 1 and "tinh.test" in health[0][1]


def test_allow_private_networks_opens_the_same_crawl(tmp_path, intranet):
    res = run_cli("crawl", config=config(tmp_path, intranet, allow_hosts="[]", allow_all="true"))
    assert res.returncode == 0
    assert {"tinh.test", "cloud.tinh.test", "db.tinh.test"} == set(intranet.hosts)


@implementer(IResolutionReceiver)
class Collect:
    def __init__(self):
        self.addresses, self.done = [], False

    def resolutionBegan(self, resolution):
        pass

    def addressResolved(self, address):
        self.addresses.append(address.host)

    def resolutionComplete(self):
        self.done = True


class Rebinding:
    """A resolver whose answer changes: what the connection would use is loopback."""
    def resolveHostName(self, receiver, name, portNumber=0, addressTypes=None, transportSemantics="TCP"):
        receiver.resolutionBegan(None)
        receiver.addressResolved(IPv4Address("TCP", "127.0.0.1", portNumber))
        receiver.resolutionComplete()
        return receiver


class FakeReactor:
    nameResolver = Rebinding()

    def installNameResolver(self, r):
        self.nameResolver = r


def test_the_connect_time_resolver_filters_what_the_connection_will_use():
    guarded = GuardedResolver(FakeReactor())
    got = Collect()
    guarded.resolveHostName(got, "portal.example.vn", 80)
    assert got.done and got.addresses == []                         # the connection has nowhere to go
    allowed = GuardedResolver(FakeReactor(), allowed_hosts=["portal.example.vn"])
    ok = Collect()
    allowed.resolveHostName(ok, "portal.example.vn", 80)
    assert ok.addresses == ["127.0.0.1"]


@pytest.mark.parametrize("addr, private", [
    ("127.0.0.1", True), ("10.1.2.3", True), ("172.16.0.1", True), ("192.168.1.1", True), ("169.254.169.254", True),
    ("224.0.0.1", True), ("::1", True), ("fe80::1", True), ("fc00::1", True), ("::ffff:127.0.0.1", True),
    ("0.0.0.0", True), ("8.8.8.8", False), ("2001:4860:4860::8888", False), ("14.225.0.1", False),
])
def test_private_address_classes(addr, private):
    assert is_private_address(addr) is private


def test_a_pin_that_is_not_an_address_is_a_config_error(tmp_path, intranet):
    cfg = config(tmp_path, intranet)
    cfg.write_text(cfg.read_text().replace('"db.tinh.test" = "127.0.0.1"', '"db.tinh.test" = "db-server"'))
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 2 and "crawl.resolve" in res.stderr and "db-server" in res.stderr
    assert intranet.hosts == []
