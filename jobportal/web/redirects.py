"""Safe redirect targets: only same-site relative paths are followed."""

from urllib.parse import urlsplit

MAX_NEXT_LENGTH = 2000


def safe_next_url(target: str | None, fallback: str | None = None) -> str | None:
    """``target`` if it is a same-site relative path such as '/konto?x=1', else ``fallback``.

    Rejects absolute URLs ('http://...'), scheme-relative ones ('//evil.com'),
    backslashes ('/\\evil.com' is '//evil.com' to browsers) and control characters
    (browsers drop tabs and newlines, so '/\\t/evil.com' would become '//evil.com').
    """
    if not isinstance(target, str) or not target or len(target) > MAX_NEXT_LENGTH:
        return fallback
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
