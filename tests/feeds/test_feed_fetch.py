"""Fetching feeds safely: only public http(s) addresses (also after redirects), size
limit, deadline for slow answers, content type; a local fake server stands in."""

import importlib

import pytest

from jobportal.feeds import FetchError, FetchSettings, fetch, public_address
from tests.support.fake_feeds import FakeFeeds

XML = ("application/xml", "text/xml")
LOCAL = FetchSettings(timeout=2.0, deadline=1.0, max_bytes=100_000, allow_private=True)
STRICT = FetchSettings(timeout=2.0, deadline=1.0, max_bytes=100_000)


@pytest.fixture
def server():
    fake = FakeFeeds().start()
    yield fake
    fake.stop()


@pytest.fixture
def other_loopback(monkeypatch):
    """A fake server on 127.0.0.2, which the fetcher is told to treat as public: the
    stand-in for a real web server, so that refusals of 127.0.0.1 can be seen."""
    fetch_module = importlib.import_module("jobportal.feeds.fetch")
    original = fetch_module.public_address
    monkeypatch.setattr(fetch_module, "public_address", lambda a: a == "127.0.0.2" or original(a))
    fake = FakeFeeds(host="127.0.0.2").start()
    yield fake
    fake.stop()


@pytest.mark.parametrize(
    "address, public",
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("172.16.5.4", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("93.184.215.14", True),
        ("2a00:1450:4001:82a::200e", True),
    ],
)
def test_public_addresses(address, public):
    assert public_address(address) is public


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/feed.xml",
        "http://localhost:9/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/feed.xml",
        "http://0x7f.1:9/feed.xml",
        "http://10.0.0.1/feed.xml",
    ],
)
def test_private_and_loopback_addresses_are_refused_before_connecting(url):
    with pytest.raises(FetchError, match="internes Netz"):
        fetch(url, STRICT, XML)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "gopher://x/", "javascript:1"]
)
def test_only_http_and_https(url):
    with pytest.raises(FetchError, match="Nur http"):
        fetch(url, STRICT, XML)


def test_unknown_host_is_a_clear_error():
    with pytest.raises(FetchError, match="nicht bekannt"):
        fetch("http://no-such-host.invalid/feed.xml", STRICT, XML)


def test_loopback_is_refused_unless_the_flag_allows_it(server):
    url = server.serve("/feed.xml", "rss.xml")
    with pytest.raises(FetchError, match="internes Netz"):
        fetch(url, STRICT, XML)
    answer = fetch(url, LOCAL, XML)
    assert answer.content_type == "application/xml" and b"<rss" in answer.body


def test_a_redirect_to_loopback_is_refused(other_loopback, server):
    target = server.serve("/secret.xml", "rss.xml")
    url = other_loopback.url(f"/redirect?to={target}")
    with pytest.raises(FetchError, match="internes Netz"):
        fetch(url, STRICT, XML)
    assert server.log == []  # never asked


def test_redirects_are_followed_and_capped(other_loopback):
    final = other_loopback.serve("/feed.xml", "rss.xml")
    once = other_loopback.url(f"/redirect?to={final}")
    assert fetch(once, STRICT, XML).url == final
    loop = other_loopback.url("/redirect?to=/redirect%3Fto%3D/redirect%253Fto%253D/feed.xml")
    with pytest.raises(FetchError, match="Weiterleitungen"):
        fetch(loop, FetchSettings(max_redirects=1, allow_private=False), XML)


def test_huge_answers_are_cut_off(server):
    with pytest.raises(FetchError, match="zu groß"):
        fetch(server.url("/huge"), LOCAL, XML)


def test_declared_huge_answers_are_refused_unread(server):
    url = server.serve("/big.xml", b"<rss>" + b" " * 200_000 + b"</rss>")
    with pytest.raises(FetchError, match="zu groß"):
        fetch(url, LOCAL, XML)


def test_slow_drip_answers_hit_the_deadline(server):
    with pytest.raises(FetchError, match="zu langsam"):
        fetch(server.url("/drip"), LOCAL, XML)


def test_wrong_content_type_and_status(server):
    url = server.serve("/page.json", b"{}", "application/json")
    with pytest.raises(FetchError, match="Inhaltstyp"):
        fetch(url, LOCAL, XML)
    with pytest.raises(FetchError, match="Status 404"):
        fetch(server.url("/missing.xml"), LOCAL, XML)
