"""URL checks that never raise: user input and headers can hold anything.

``urllib.parse.urlsplit`` raises ``ValueError`` on malformed IPv6 hosts
(``http://[::1``) and ``SplitResult.port`` on ports that are not numbers in range
(``http://host:99999``); every URL from outside goes through ``parse_url`` first.
"""

import re
from urllib.parse import SplitResult, urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# host (a name, an IPv4 or a bracketed IPv6 address), then an optional port
_HOST_PORT = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^\[\]:@/?#]+)(:[0-9]{1,5})?")


def parse_url(value) -> SplitResult | None:
    """The parts of ``value``, or None when it is not a string or cannot be parsed."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    return parts


def is_web_url(value) -> bool:
    """Whether ``value`` is an absolute http(s) URL with a host, no spaces or control chars."""
    if not isinstance(value, str) or _SPACE_OR_CONTROL.search(value):
        return False
    parts = parse_url(value)
    if parts is None or parts.scheme not in WEB_SCHEMES or not parts.hostname:
        return False
    host_port = parts.netloc.rpartition("@")[2]
    return _HOST_PORT.fullmatch(host_port) is not None
