"""The curated occupation list (jobportal/data/occupations.json) as a lookup for queries.

A query word or phrase that names an occupation in any of its forms (female, male,
neutral, synonym, former name, abbreviation, English) is expanded to all forms of that
occupation (and of its broader occupation, e.g. Kinderkrankenpfleger -> Pflegefachkraft).
Forms are compared as the index sees them: analysed into stems (``analyze``), so
"Krankenschwestern" and "krankenschwester" are the same form. ``closest`` finds the
occupation form nearest to a misspelt word ("Krankenschwster").
"""

import difflib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..adapter import analyze, fold

OCCUPATIONS_JSON = Path(__file__).resolve().parents[2] / "data" / "occupations.json"
FORM_KINDS = ("neutral", "female", "male", "synonyms", "en")
FUZZY_MIN_CHARS = 5  # shorter words are never corrected
FUZZY_CUTOFF = 0.85  # difflib ratio a correction needs
SHOWN_FORMS = 4


@dataclass(frozen=True)
class Occupation:
    """One occupation: canonical name, every form (name first), the broader one and the
    few German forms a notice shows ("Pflegefachkraft, Pflegefachfrau, Pflegefachmann")."""

    name: str
    forms: tuple
    broader: str | None = None
    shown: tuple = ()


@dataclass(frozen=True)
class Sense:
    """What a query form means: the occupations it names and the stems to search for."""

    form: str  # the form as written in the list ("Krankenschwester")
    names: tuple  # canonical names of the occupations
    shown: tuple  # what a notice names: a few forms of one occupation, else the names
    alternatives: tuple  # stem tuples of every form of those occupations


class Lexicon:
    """Occupations by the stems of each of their forms."""

    def __init__(self, occupations: list[Occupation]):
        self.occupations = {o.name: o for o in occupations}
        self._owners: dict[tuple, list[str]] = {}
        self._written: dict[tuple, str] = {}
        self._keys: dict[str, tuple] = {}  # form -> its stems, analysed once
        for occupation in occupations:
            for form in occupation.forms:
                key = self._keys[form] = tuple(analyze(form))
                if key:
                    owners = self._owners.setdefault(key, [])
                    if occupation.name not in owners:
                        owners.append(occupation.name)
                    self._written.setdefault(key, form)
        self.longest = max((len(key) for key in self._owners), default=0)
        self._spellings = {fold(form): form for o in occupations for form in o.forms}

    def form_keys(self) -> list[tuple]:
        """The stems of every form (each once)."""
        return list(self._owners)

    def owners(self, key: tuple) -> list[str]:
        """Canonical names of the occupations with a form analysed to ``key``."""
        return self._owners.get(tuple(key), [])

    def _stems_of(self, name: str) -> list[tuple]:
        """Stem tuples of the forms of an occupation and its broader occupation, without
        the generic forms several occupations share ("Fahrer" is no form of Busfahrer's
        to search for: a search for "Fahrer" finds every kind of driver instead)."""
        occupation = self.occupations[name]
        forms = list(occupation.forms)
        if occupation.broader in self.occupations:
            forms += self.occupations[occupation.broader].forms
        keys = (self._keys[f] for f in forms)
        return [key for key in keys if key and len(self._owners.get(key, ())) < 2]

    @cache  # noqa: B019 - one lexicon per process
    def sense(self, key: tuple) -> Sense | None:
        """The expansion of a form's stems, or None when no occupation has that form."""
        names = self.owners(key)
        if not names:
            return None
        alternatives = dict.fromkeys([key, *(s for name in names for s in self._stems_of(name))])
        shown = tuple(names) if len(names) > 1 else self.occupations[names[0]].shown
        return Sense(self._written[key], tuple(names), shown, tuple(alternatives))

    def named_in(self, text: str) -> list[str]:
        """Canonical names of the occupations a form of which occurs in ``text`` as words
        of their own ("Ausbildung Koch (m/w/d)": Auszubildender, Koch)."""
        stems, found = analyze(text), []
        for start in range(len(stems)):
            for size in range(1, min(self.longest, len(stems) - start) + 1):
                found.extend(self.owners(tuple(stems[start : start + size])))
        return list(dict.fromkeys(found))

    def is_form(self, word: str) -> bool:
        """Whether ``word`` is written like a form of some occupation."""
        return fold(word) in self._spellings

    def closest(self, word: str) -> str | None:
        """The occupation form spelt most like ``word`` (a typo), or None."""
        folded = fold(word)
        if len(folded) < FUZZY_MIN_CHARS or folded in self._spellings:
            return None
        found = difflib.get_close_matches(folded, self._spellings, n=1, cutoff=FUZZY_CUTOFF)
        return self._spellings[found[0]] if found else None


def read_occupations(path: Path = OCCUPATIONS_JSON) -> list[Occupation]:
    """The occupations of the shipped list (or another file of the same shape)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for entry in data["occupations"]:
        forms = [entry["name"]] + [f for kind in FORM_KINDS for f in entry.get(kind, [])]
        female, male = entry["female"], entry["male"]
        shown = [entry["name"], *female[:1], *male[:2], *entry.get("neutral", [])]
        found.append(
            Occupation(
                entry["name"],
                tuple(dict.fromkeys(forms)),
                entry.get("broader"),
                tuple(dict.fromkeys(shown))[:SHOWN_FORMS],
            )
        )
    return found


@cache
def lexicon() -> Lexicon:
    """The shipped occupation list, loaded once per process."""
    return Lexicon(read_occupations())


def occupation_forms(name: str) -> list[str]:
    """Every form of the occupation with this canonical name (name first)."""
    return list(lexicon().occupations[name].forms)


def occupations_in_title(title: str) -> list[str]:
    """Canonical names of the occupations named in a listing title."""
    return lexicon().named_in(title)
