"""Import of vacancies from the Bundesagentur für Arbeit (BA) job search.

client: the HTTP client (timeouts, retries, rate limit); areas: where to search;
mapping: BA records to our vacancy data; listings: create/update/end imported
listings; importer: one run (`flask import ba`). See docs/ba-import.md.
"""

from .importer import run_import, summary

__all__ = ["run_import", "summary"]
