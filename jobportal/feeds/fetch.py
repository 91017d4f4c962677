"""Fetching a feed URL without server-side request forgery.

Only http(s) URLs with a host; every address the host resolves to must be public (no
private, loopback, link-local, multicast, reserved or unspecified address), checked
again for every redirect (followed by hand, at most FEEDS_MAX_REDIRECTS) and for the
address the connection really went to (DNS answers can change between the check and
the connect). Answers are read in chunks up to FEEDS_MAX_BYTES within FEEDS_DEADLINE
seconds; the content type must be one the caller expects. FEEDS_ALLOW_PRIVATE lifts the
address rule for tests with a local server only.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import requests

from ..core.urls import is_web_url, parse_url

CHUNK = 16_384
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """The feed could not be fetched; the message (German) says why; ``status`` is the
    HTTP status of a non-200 answer."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass
class Fetched:
    """A fetched answer: the final URL, its content type (lower case, no parameters) and
    the body."""

    url: str
    content_type: str
    body: bytes

    def text(self) -> str:
        """The body as text (UTF-8, bad bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class FetchSettings:
    """Limits of one fetch (from the app config: FEEDS_*)."""

    timeout: float = 10.0
    deadline: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 3
    allow_private: bool = False
    user_agent: str = "Jobportal-Feeds/1.0"

    @classmethod
    def from_config(cls, config) -> "FetchSettings":
        """The settings of an app config."""
        return cls(
            timeout=float(config["FEEDS_TIMEOUT"]),
            deadline=float(config["FEEDS_DEADLINE"]),
            max_bytes=int(config["FEEDS_MAX_BYTES"]),
            max_redirects=int(config["FEEDS_MAX_REDIRECTS"]),
            allow_private=bool(config["FEEDS_ALLOW_PRIVATE"]),
            user_agent=str(config["FEEDS_USER_AGENT"]),
        )


def public_address(address: str) -> bool:
    """Whether an IP address is a public (globally routable) one."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def check_url(url: str, settings: FetchSettings) -> None:
    """Raise FetchError unless the URL is http(s) and its host resolves only to addresses
    we may fetch from."""
    if not is_web_url(url):
        raise FetchError("Nur http- und https-Adressen mit einem Rechnernamen sind erlaubt.")
    parts = parse_url(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(f"Der Rechner „{parts.hostname}“ ist nicht bekannt.") from None
    addresses = {info[4][0] for info in infos}
    if not addresses:
        raise FetchError(f"Der Rechner „{parts.hostname}“ ist nicht bekannt.")
    if not settings.allow_private and not all(public_address(a) for a in addresses):
        raise FetchError(
            f"Die Adresse „{parts.hostname}“ zeigt auf ein internes Netz; "
            "solche Adressen rufen wir nicht ab."
        )


def _peer_ok(response, settings: FetchSettings) -> bool:
    """Whether the address the connection went to is allowed (unknown: allowed, the
    name was checked before)."""
    if settings.allow_private:
        return True
    try:
        peer = response.raw.connection.sock.getpeername()[0]
    except (AttributeError, OSError, TypeError):
        return True
    return public_address(peer)


def _read(response, settings: FetchSettings, started: float) -> bytes:
    """The body within the size limit and the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(f"Die Antwort ist zu groß (mehr als {settings.max_bytes:,} Bytes).")
    body = bytearray()
    for chunk in response.iter_content(CHUNK):
        body += chunk
        if len(body) > settings.max_bytes:
            raise FetchError(f"Die Antwort ist zu groß (mehr als {settings.max_bytes:,} Bytes).")
        if time.monotonic() - started > settings.deadline:
            raise FetchError(f"Die Antwort kam zu langsam (über {settings.deadline:g} Sekunden).")
    return bytes(body)


def _media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _get(session, url: str, headers: dict, settings: FetchSettings):
    """One GET without following redirects, streamed."""
    try:
        return session.get(
            url, headers=headers, timeout=settings.timeout, allow_redirects=False, stream=True
        )
    except requests.Timeout:
        raise FetchError(f"Keine Antwort innerhalb von {settings.timeout:g} Sekunden.") from None
    except requests.RequestException as error:
        raise FetchError(f"Verbindung fehlgeschlagen ({type(error).__name__}).") from None


def _answer(response, url: str, settings: FetchSettings, accept, started: float) -> Fetched:
    """The body of a 200 answer of an accepted media type."""
    if response.status_code != 200:
        raise FetchError(
            f"Der Server antwortete mit Status {response.status_code}.", response.status_code
        )
    media = _media_type(response)
    if media not in accept:
        expected = ", ".join(accept)
        raise FetchError(f"Unerwarteter Inhaltstyp „{media or 'keiner'}“ (erwartet: {expected}).")
    try:
        return Fetched(url, media, _read(response, settings, started))
    except requests.RequestException:
        raise FetchError(
            f"Die Antwort brach ab oder stockte (über {settings.timeout:g} Sekunden)."
        ) from None


def fetch(url: str, settings: FetchSettings, accept: tuple[str, ...], session=None) -> Fetched:
    """GET ``url`` safely; ``accept`` lists the media types we can read (raises
    FetchError with a German reason otherwise)."""
    session = session or requests.Session()
    started = time.monotonic()
    headers = {"User-Agent": settings.user_agent, "Accept": ", ".join(accept)}
    for _hop in range(settings.max_redirects + 1):
        check_url(url, settings)
        with _get(session, url, headers, settings) as response:
            if not _peer_ok(response, settings):
                raise FetchError("Die Verbindung ging an ein internes Netz; abgebrochen.")
            if response.status_code in REDIRECTS and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            return _answer(response, url, settings, accept, started)
    raise FetchError(f"Zu viele Weiterleitungen (mehr als {settings.max_redirects}).")
