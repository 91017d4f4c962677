"""HTTP client of the BA job search: timeouts, retries with backoff, a polite rate limit.

The API is unofficial and has changed before (v4 -> v6 in August 2026), so every answer
is checked: a search answer must be a JSON object with maxErgebnisse and a result list
under a known key (`shape.LIST_KEYS`), a details answer a JSON object. A search endpoint
that is gone (403/404/410) or an answer of an unknown shape raises `BaDrift`, anything
else we cannot read `BaAnswerError` (the run fails loudly); a request that still fails
after the retries raises `BaRequestError`.

Details: BA_DETAILS_PATHS are tried in order until one answers; public reports of
August/September 2026 say /pc/v4/jobdetails answers the public client id while
/pc/v6/jobdetails refuses it (403), so v4 comes first. The first path that answered
200 is kept for the rest of the run.
"""

import base64
import email.utils
import logging
import time
from datetime import UTC, datetime

import requests

from .shape import LIST_KEYS, TOTAL_KEY, describe_keys, list_key

log = logging.getLogger("jobportal.ba")

RETRY_STATUS = {429, 500, 502, 503, 504}
GONE_STATUS = {403, 404, 410}  # an endpoint the BA retired answers 404 (v4 search: 403)
EXPECTED_SEARCH = f"JSON-Objekt mit {TOTAL_KEY} und {' oder '.join(LIST_KEYS)}"


class BaError(Exception):
    """The BA import cannot go on; the message says why."""


class BaRequestError(BaError):
    """A request failed even after all retries (network, timeouts, 429 or 5xx)."""


class BaAnswerError(BaError):
    """The BA answered something we do not understand (the API may have changed)."""


class BaDrift(BaAnswerError):
    """The BA's interface changed: an endpoint is gone or answers in an unknown shape."""

    def __init__(self, endpoint: str, problem: str, seen: str, expected: str):
        self.endpoint, self.problem, self.seen, self.expected = endpoint, problem, seen, expected
        super().__init__(
            f"Schnittstelle der BA geändert? {endpoint}: {problem}. "
            f"Gesehen: {seen}. Erwartet: {expected}."
        )


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
        self.search_path = config["BA_SEARCH_PATH"]
        self.details_paths = list(config["BA_DETAILS_PATHS"])
        self.details_answered = False  # the first details path answered 200 in this run
        self.details_missing = 0  # details answered 404 (listing gone, or endpoint gone)
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
        """One page of the job search, checked for a shape we know (BaDrift if not)."""
        path = self.search_path
        response = self.get(path, params)
        if response.status_code in GONE_STATUS:
            raise BaDrift(
                path,
                f"HTTP {response.status_code} ({response.reason})",
                f"Antwort {response.headers.get('Content-Type', '-')}",
                f"HTTP 200 mit {EXPECTED_SEARCH}",
            )
        data = _json_object(response, f"Suche {path}")
        _check_search(data, path, params)
        return data

    def details(self, refnr: str) -> dict | None:
        """A listing's details; None if the BA no longer has it (404). BadDetails for a
        malformed answer of one listing, BaDrift when every details path refuses."""
        key = details_key(refnr)
        refused = []
        for path in list(self.details_paths):
            response = self.get(path.format(key=key))
            if response.status_code == 404 and self.details_answered:
                self.details_missing += 1
                return None  # the path that answers says: no such listing
            if response.status_code in GONE_STATUS:
                refused.append(f"{path.format(key='…')}: HTTP {response.status_code}")
                continue
            data = _details_object(response, refnr)
            self.details_paths.remove(path)  # keep the path that answers first
            self.details_paths.insert(0, path)
            self.details_answered = True
            return data
        if any(item.endswith("HTTP 404") for item in refused):
            self.details_missing += 1
            return None  # a version says: no such listing (the run checks that some answer)
        raise BaDrift(
            "Details", "kein Pfad antwortet", "; ".join(refused), "HTTP 200 mit JSON-Objekt"
        )

    def check_details(self, minimum: int) -> None:
        """BaDrift when at least `minimum` details were asked for and not one answered:
        a retired details endpoint answers 404 for every listing."""
        if self.details_missing >= minimum and not self.details_answered:
            paths = ", ".join(p.format(key="…") for p in self.details_paths)
            problem = f"{self.details_missing} Abrufe, alle mit HTTP 404"
            raise BaDrift("Details", problem, paths, "HTTP 200 für Stellen aus der Suche")


def _details_object(response: requests.Response, refnr: str) -> dict:
    """The details' JSON object; BadDetails when one listing's answer is malformed."""
    try:
        return _json_object(response, f"Details {refnr}")
    except BaAnswerError as error:
        if _is_json(response) and response.ok:
            raise BadDetails(str(error)) from None
        raise


def _check_search(data: dict, path: str, params: dict) -> None:
    """BaDrift unless the answer has maxErgebnisse and, where results are due, a list
    under a known key (a v6 answer without matches has no list at all)."""
    key = list_key(data)
    seen = f"Schlüssel {describe_keys(data)}"
    if TOTAL_KEY not in data:
        raise BaDrift(path, f"es fehlt {TOTAL_KEY}", seen, EXPECTED_SEARCH)
    if key is not None and not isinstance(data[key], list):
        raise BaDrift(path, f"{key} ist keine Liste", seen, f"{key} als Liste")
    if key is None:
        try:
            total = int(data[TOTAL_KEY])
            page, size = int(params.get("page", 1)), int(params.get("size", 1))
        except (TypeError, ValueError):
            raise BaDrift(path, f"{TOTAL_KEY} = {data[TOTAL_KEY]!r}", seen, "eine Zahl") from None
        if total > (page - 1) * size:
            problem = f"{TOTAL_KEY} = {total}, aber keine Ergebnisliste"
            raise BaDrift(path, problem, seen, EXPECTED_SEARCH)


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
