"""Text helpers: user-written Markdown rendered to sanitised HTML; names folded for comparison."""

import re
import unicodedata

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "a",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def render_markdown(text: str | None) -> Markup:
    """Render Markdown and strip everything but a small set of harmless tags."""
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 # nosec B704 - sanitised by nh3 above


def plain_text(text: str | None, limit: int = 0) -> str:
    """Markdown reduced to plain text (for snippets, mails, JSON-LD)."""
    html = md.markdown(text or "", output_format="html")
    plain = " ".join(nh3.clean(html, tags=set()).split())
    if limit and len(plain) > limit:
        plain = plain[: limit - 1].rsplit(" ", 1)[0] + "…"
    return plain


def fold(text: str) -> str:
    """Fold a place name for lookups: 'Großröhrsdorf' and 'Grossroehrsdorf' become equal."""
    text = unicodedata.normalize("NFC", text or "").lower().translate(_UMLAUTS)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_ALNUM.sub(" ", text).split())
