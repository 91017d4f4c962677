"""Vacancy data as the employer form or the JSON import sends it."""


def vacancy_data(**overrides) -> dict:
    """Raw, valid vacancy data (a craft job in Kamenz); ``overrides`` replace or add keys."""
    data = {
        "title": "Mechatroniker (m/w/d)",
        "description": "Wir suchen **Verstärkung** für unsere Werkstatt.",
        "postal_code": "01917",
        "locality": "Kamenz",
        "employment_types": ["vollzeit"],
        "working_model": "vor_ort",
        "sector": "handwerk",
        "apply_email": "bewerbung@example.org",
    }
    data.update(overrides)
    return data
