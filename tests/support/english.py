"""Helpers of the English-language tests: German UI words outside lang="de" content."""

import re
from html.parser import HTMLParser

# Common words of the German interface that never belong on an English page (proper names
# like "Wachstumsregion Dresden" and what people wrote, marked lang="de", are left out).
GERMAN_UI_WORDS = {
    "Abmelden", "Anmelden", "Anstellungsart", "Anzeige", "Anzeigen", "Arbeitgeber",
    "Arbeitsort", "Beginn", "Beschreibung", "Bitte", "Branche", "Datenschutz", "Entfernung",
    "Gehalt", "Gemeinde", "Ihr", "Ihre", "Ihren", "Impressum", "Konto", "Menü", "Merken",
    "Merkliste", "Passwort", "Postleitzahl", "Registrieren", "Seite", "Sie", "Speichern",
    "Stelle", "Stellen", "Suche", "Suchauftrag", "Suchaufträge", "Umkreis", "Unternehmen",
    "Veröffentlicht", "Vollzeit", "Zurück", "bitte", "für", "keine", "mit", "nicht", "oder",
    "suchen", "und", "wählen", "über",
}  # fmt: skip
TEXT_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _EnglishText(HTMLParser):
    """Collects text (and text attributes) outside elements marked lang="de"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: inside German content?
        self.skip = 0  # inside <script>/<style>/<textarea> (a form field holds what people wrote)
        self.texts: list[str] = []

    def _german(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        german = lang.startswith("de") if lang else self._german()
        if not german:
            self.texts += [attrs[a] for a in TEXT_ATTRIBUTES if attrs.get(a)]
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.texts.append(attrs.get("value") or "")
        if tag in ("script", "style", "textarea"):
            self.skip += 1
        if tag not in VOID:
            self.stack.append(german)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea"):
            self.skip -= 1
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skip and not self._german():
            self.texts.append(data)


def german_words(html: str) -> set[str]:
    """German UI words found in the page outside lang="de" content."""
    parser = _EnglishText()
    parser.feed(html)
    words = set(re.findall(r"[A-Za-zÄÖÜäöüß]+", " ".join(parser.texts)))
    return words & GERMAN_UI_WORDS
