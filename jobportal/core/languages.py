"""The interface languages: German (the default) and English."""

LANGUAGES = {"de": "Deutsch", "en": "English"}
DEFAULT_LANGUAGE = "de"


def supported(value) -> str | None:
    """`value` as a language code the portal speaks ("de", "en"), else None."""
    code = str(value or "").strip().lower()[:2]
    return code if code in LANGUAGES else None


def mail_language(*candidates) -> str:
    """The first supported code among the candidates (user choice, stored one), else German."""
    for candidate in candidates:
        code = supported(candidate)
        if code:
            return code
    return DEFAULT_LANGUAGE
