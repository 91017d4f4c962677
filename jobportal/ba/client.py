"""HTTP client of the BA job search: timeouts, retries with backoff, a polite rate limit.

The API is unofficial and has changed before, so every answer is checked: a search
answer must be a JSON object with the expected top-level keys, a details answer a JSON
object. Anything else raises `BaAnswerError` (the run fails loudly); a request that
still fails after the retries raises `BaRequestError`.
"""

import base64
import email.utils
import logging
import time
from datetime import UTC, datetime

import requests

log = logging.getLogger("jobportal.ba")

SEARCH_PATH = "/pc/v4/jobs"
DETAILS_PATH = "/pc/v4/jobdetails/{key}"
SEARCH_KEYS = ("maxErgebnisse",)
RETRY_STATUS = {429, 500, 502, 503, 504}


class BaError(Exception):
    """The BA import cannot go on; the message says why."""


class BaRequestError(BaError):
    """A request failed even after all retries (network, timeouts, 429 or 5xx)."""


class BaAnswerError(BaError):
    """The BA answered something we do not understand (the API may have changed)."""


class BadDetails(ValueError):
    """One listing's details answer is malformed; the record is skipped."""


def details_key(refnr: str) -> str:
    """The path key of a listing's details: the reference number, base64-encoded."""
    return base64.b64encode(refnr.encode("utf-8")).decode("ascii")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BaClient:
    """A requests.Session against the BA job search with the settings of the app config."""

    def __init__(self, config: dict, session: requests.Session | None = None, sleep=time.sleep):
        self.base_url = config["BA_BASE_URL"].rstrip("/")
        self.timeout = float(config["BA_TIMEOUT"])
        self.max_retries = int(config["BA_MAX_RETRIES"])
        self.backoff = float(config["BA_BACKOFF"])
        self.retry_after_max = float(config["BA_RETRY_AFTER_MAX"])
        self.interval = float(config["BA_REQUEST_INTERVAL"])
        self.sleep = sleep
        self.requests = 0
        self._last_request = None
        self.session = session or requests.Session()
        self.session.headers.update(
            {
                "User-Agent": config["BA_USER_AGENT"],
                "X-API-Key": config["BA_API_KEY"],
                "Accept": "application/json",
            }
        )

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()

    def _pause(self) -> None:
        """Keep at least BA_REQUEST_INTERVAL seconds between two requests."""
        if self._last_request is not None and self.interval > 0:
            wait = self.interval - (time.monotonic() - self._last_request)
            if wait > 0:
                self.sleep(wait)
        self._last_request = time.monotonic()

    def _wait_before_retry(self, attempt: int, response) -> None:
        """Back off exponentially; a Retry-After header (429/503) wins, up to a maximum."""
        delay = self.backoff * (2**attempt)
        if response is not None:
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None:
                delay = asked
        self.sleep(min(delay, self.retry_after_max))

    def get(self, path: str, params: dict | None = None) -> requests.Response:
        """GET with retries; the final answer (2xx or a non-retryable 4xx) is returned."""
        url = self.base_url + path
        problem, response = "", None
        for attempt in range(self.max_retries + 1):
            if attempt:
                log.warning("BA: %s, neuer Versuch %d von %d", problem, attempt, self.max_retries)
                self._wait_before_retry(attempt - 1, response)
            self._pause()
            self.requests += 1
            response = None
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.Timeout:
                problem = f"Zeitüberschreitung bei {path}"
                continue
            except requests.ConnectionError as error:
                problem = f"Verbindungsfehler bei {path}: {type(error).__name__}"
                continue
            if response.status_code not in RETRY_STATUS:
                return response
            problem = f"HTTP {response.status_code} bei {path}"
        raise BaRequestError(f"{problem}; aufgegeben nach {self.max_retries + 1} Versuchen")

    def search(self, params: dict) -> dict:
        """One page of the job search, checked for the expected shape."""
        response = self.get(SEARCH_PATH, params)
        data = _json_object(response, "Suche")
        missing = [key for key in SEARCH_KEYS if key not in data]
        if missing:
            raise BaAnswerError(
                f"Unerwartete Antwort der Suche: es fehlt {', '.join(missing)} "
                f"(Schlüssel: {', '.join(sorted(data)[:10]) or '-'})"
            )
        offers = data.get("stellenangebote", [])
        if not isinstance(offers, list):
            raise BaAnswerError("Unerwartete Antwort der Suche: stellenangebote ist keine Liste")
        return data

    def details(self, refnr: str) -> dict | None:
        """A listing's details; None if the BA no longer has it (404). BadDetails for a
        malformed answer of one listing."""
        response = self.get(DETAILS_PATH.format(key=details_key(refnr)))
        if response.status_code == 404:
            return None
        try:
            return _json_object(response, f"Details {refnr}")
        except BaAnswerError as error:
            if _is_json(response) and response.ok:
                raise BadDetails(str(error)) from None
            raise


def _is_json(response: requests.Response) -> bool:
    """Whether the answer says it is JSON."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def _json_object(response: requests.Response, what: str) -> dict:
    """The answer's JSON object, or BaAnswerError (wrong status, type, HTML, not an object)."""
    if not response.ok:
        raise BaAnswerError(f"{what}: HTTP {response.status_code} ({response.reason})")
    if not _is_json(response):
        kind = response.headers.get("Content-Type", "-")
        raise BaAnswerError(f"{what}: Antwort ist kein JSON (Content-Type {kind})")
    try:
        data = response.json()
    except ValueError:
        raise BaAnswerError(f"{what}: Antwort ist kein gültiges JSON") from None
    if not isinstance(data, dict):
        raise BaAnswerError(f"{what}: Antwort ist kein JSON-Objekt")
    return data
