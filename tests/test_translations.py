"""The English catalogue: complete, consistent, compiled and up to date with the sources.

`make translations` extracts, updates and compiles; these tests fail (and so CI) when a
wrapped string has no English translation, when the committed .mo is stale, or when the
sources hold strings the catalogue does not know yet.
"""

import gettext
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "jobportal" / "translations" / "en" / "LC_MESSAGES"
PO, MO = CATALOG_DIR / "messages.po", CATALOG_DIR / "messages.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def _messages(catalog):
    return [m for m in catalog if m.id]


def test_every_msgid_has_an_english_translation(catalog):
    untranslated = [
        m.id
        for m in _messages(catalog)
        if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    fuzzy = [m.id for m in _messages(catalog) if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(_messages(catalog)) > 1000


def test_translations_keep_the_placeholders(catalog):
    broken = []
    for m in _messages(catalog):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        broken += [(ids[0], s) for s in strings if set(PLACEHOLDER.findall(s)) != wanted]
    assert broken == []


def test_translations_are_english_not_copies(catalog):
    copies = [
        m.id
        for m in _messages(catalog)
        if isinstance(m.id, str) and m.string == m.id and re.search(r"[äöüß]|\b(und|Sie)\b", m.id)
    ]
    assert copies == []


def test_the_compiled_catalogue_is_current(catalog):
    """The committed .mo says exactly what compiling the .po says (`make translations`)."""
    fresh = io.BytesIO()
    write_mo(fresh, catalog)
    fresh.seek(0)
    expected = gettext.GNUTranslations(fresh)._catalog
    with MO.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)._catalog
    # The header entry carries a compile date (Babel fills it in): compare the messages.
    expected.pop("", None)
    committed.pop("", None)
    assert committed == expected, "messages.mo is stale: run `make translations`"


def test_the_catalogue_knows_every_wrapped_string(catalog, tmp_path):
    """Nothing wrapped in the sources is missing from the .po (run `make translations`)."""
    pot = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [
            str(Path(sys.executable).with_name("pybabel")),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as handle:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages(catalog)}
    assert sorted(extracted - known) == [], "new strings: run `make translations` and translate"
