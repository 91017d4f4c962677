"""Names of saved searches in words: "Pflegefachkraft oder Altenpflege in Kamenz, 25 km"."""

import re

from ..core.translation import gettext as _

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR = {"OR", "||", "|"}
_DROPPED = {"AND", "&&", "&", "NOT", "!"}


def query_in_words(q: str) -> str:
    """The search words as a reader says them: OR -> "oder", -word -> "ohne word"."""
    words, excluded = [], []
    for minus, phrase, token in _TOKEN.findall(q or ""):
        if phrase:
            part = f"„{phrase.strip()}“"
        else:
            part = token.strip("()")
            if part.upper() in _OR:
                words.append(_("oder"))
                continue
            if part.upper() in _DROPPED or not part.strip("-*"):
                continue
            if part.startswith("-"):
                minus, part = "-", part.lstrip("-")
        part = part.rstrip("*") if not phrase else part
        (excluded if minus else words).append(part)
    while words and words[0] == _("oder"):
        words.pop(0)
    while words and words[-1] == _("oder"):
        words.pop()
    text = " ".join(words)
    if excluded:
        text = f"{text} {_('ohne')} {', '.join(excluded)}".strip()
    return text


def alert_name(params: dict) -> str:
    """A name for a search: its words and place ("Pflege in Kamenz, 25 km")."""
    text = query_in_words(params.get("q") or "") or _("Alle Stellen")
    if params.get("where"):
        text += " " + _("in %(where)s, %(km)s km", where=params["where"], km=params["radius_km"])
    return text
