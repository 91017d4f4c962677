"""One run of the BA import (`flask import ba`).

For each active member one search (per angebotsart) with a radius covering its places,
paged within the BA's caps; details are fetched only for new or changed listings
(aenderungsdatum, v4: modifikationsTimestamp). Each page is committed with the run's
counters, so a run that fails midway leaves a consistent database and the next run
resumes without duplicates (the refnr is unique). One bad record is logged and skipped;
an answer we do not understand, or a request that fails after all retries, fails the run
(recorded). Drift of the interface (endpoint gone, unknown list key, no record of a
non-empty answer maps) fails the run too and is mailed to the admins (drift.py).
Listings not seen for BA_END_AFTER_DAYS are ended, but only after a complete run.
"""

import logging
import time
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from .. import listings
from ..core.clock import berlin_today
from ..core.extensions import db
from ..models import BaImportRun, JobState
from ..models.ba import RUN_COUNTERS
from ..models.base import utcnow
from ..places import active_members
from . import shape, sync
from .areas import SearchArea, search_areas
from .client import BaAnswerError, BaClient, BadDetails, BaDrift, BaError
from .drift import record_drift
from .mapping import BadRecord, Offer, employer_name, listing_data, offer_from_search
from .placing import Placement, merged, place_listing

log = logging.getLogger("jobportal.ba")

MAX_SIZE, MAX_RESULTS = 100, 10_000  # the BA's caps: size <= 100, page x size <= 10,000
MAX_ERROR_LINES = 200
END_BATCH = 200
RECORD_ERRORS = (BadRecord, BadDetails, listings.InvalidListing, TypeError, ValueError, KeyError)
DRIFT_MIN_RECORDS = 3  # a page with this many new records of which none maps is drift
EXPECTED_RECORD = "referenznummer, stellenangebotsTitel, firma, stellenlokationen (v6)"
AGENCY_FLAGS = ("istArbeitnehmerUeberlassung",)
PRIVATE_FLAGS = ("istPrivateArbeitsvermittlung",)


def page_limit(size: int, max_pages: int) -> tuple[int, int]:
    """(page size, last page) within the caps: size <= 100, page x size <= 10,000."""
    size = max(1, min(int(size), MAX_SIZE))
    return size, max(1, min(int(max_pages), MAX_RESULTS // size))


def _count(value, what: str) -> int:
    """A count of the answer (the BA sends numbers as strings); BaAnswerError if not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BaAnswerError(f"Unerwartete Antwort der Suche: {what} = {value!r}") from None


class Run:
    """The state of one import run: client, counters, error lines, refnrs seen."""

    def __init__(self, record: BaImportRun, client: BaClient, today: date, now: datetime):
        self.config = current_app.config
        self.record, self.client, self.today, self.now = record, client, today, now
        self.counts = dict.fromkeys(RUN_COUNTERS, 0)
        self.errors: list[str] = []
        self.seen: set[str] = set()
        self.complete = True
        self.committed = dict(self.counts)
        self.tried = self.mapped = 0  # new search records, and those that mapped
        self.unmapped_keys = ""  # keys of the last record that did not map

    def note(self, message: str, level: int = logging.WARNING) -> None:
        """Log a line and keep it for the run's error text."""
        log.log(level, "BA-Import: %s", message)
        self.errors.append(message)

    def skip(self, message: str) -> None:
        """One record is skipped (logged, counted)."""
        self.counts["skipped"] += 1
        self.note(f"übersprungen: {message}")

    def save(self, status: str | None = None) -> None:
        """Copy counters and errors onto the run record (the caller commits)."""
        self.counts["requests"] = self.client.requests
        for key, value in self.counts.items():
            setattr(self.record, key, value)
        lines = self.errors[:MAX_ERROR_LINES]
        if len(self.errors) > MAX_ERROR_LINES:
            lines.append(f"… und {len(self.errors) - MAX_ERROR_LINES} weitere Meldungen")
        self.record.errors = "\n".join(lines)
        if status:
            self.record.status = status
            self.record.finished_at = utcnow()

    def checkpoint(self) -> None:
        """Commit the work so far with the run's counters (a failure resumes from here)."""
        self.save()
        db.session.commit()
        self.committed = dict(self.counts)

    def search(self, area: SearchArea, angebotsart: int) -> None:
        """Page through one search, committing page by page."""
        size, last = page_limit(self.config["BA_PAGE_SIZE"], self.config["BA_MAX_PAGES"])
        params = search_params(self.config, area, angebotsart)
        for page in range(1, last + 1):
            data = self.client.search({**params, "page": page, "size": size})
            total = _count(data[shape.TOTAL_KEY], shape.TOTAL_KEY)
            key = shape.list_key(data)
            offers = (data[key] if key else None) or []
            tried, mapped = self.tried, self.mapped
            for item in offers:
                self.offer(item, angebotsart)
            if self.tried - tried >= DRIFT_MIN_RECORDS and self.mapped == mapped:
                raise self.unmapped(f"keiner der {self.tried - tried} Einträge der Seite lesbar")
            self.checkpoint()
            if len(offers) < size or page * size >= total:
                return
        self.complete = False
        self.note(
            f"{area.member_name} (Angebotsart {angebotsart}): {total} Treffer, "
            f"nur {last * size} abrufbar; Beenden alter Anzeigen ausgesetzt",
            logging.INFO,
        )

    def unmapped(self, problem: str) -> BaDrift:
        """The drift error for records none of which maps."""
        seen = f"Schlüssel eines Eintrags: {self.unmapped_keys or '-'}"
        return BaDrift(self.client.search_path, problem, seen, EXPECTED_RECORD)

    def check_mapped(self) -> None:
        """BaDrift when the searches returned records and not one of them mapped, or the
        details of none could be fetched."""
        if self.tried and not self.mapped:
            raise self.unmapped(f"keiner der {self.tried} Einträge lesbar")
        self.client.check_details(DRIFT_MIN_RECORDS)

    def read(self, item) -> Offer | None:
        """The offer of a search record (None: skipped and logged)."""
        self.tried += 1
        try:
            offer = offer_from_search(item)
        except BadRecord as error:
            if isinstance(item, dict):
                self.unmapped_keys = shape.describe_keys(item)
            self.skip(str(error))
            return None
        self.mapped += 1
        return offer

    def placed(self, offer: Offer) -> Placement | None:
        """The offer's places, or None (counted: outside the network, or unknown place)."""
        placement = place_listing(offer.places, self.today, self.config["BA_COORDINATES_KM"])
        if placement.main is not None:
            return placement
        if placement.found:
            self.counts["outside"] += 1
        else:
            self.counts["unplaced"] += 1
            log.info("BA-Import: %s: Arbeitsort unbekannt (%s)", offer.refnr, placement.labels)
        return None

    def filtered(self, *records: dict) -> bool:
        """Whether settings leave the listing out (temporary agency, private placement)."""
        agency = not self.config["BA_ZEITARBEIT"] and any(
            shape.flag(r, *AGENCY_FLAGS) for r in records
        )
        private = not self.config["BA_PAV"] and any(shape.flag(r, *PRIVATE_FLAGS) for r in records)
        if agency or private:
            self.counts["filtered"] += 1
        return agency or private

    def offer(self, item, angebotsart: int) -> None:
        """Handle one search result: dedupe, place check, details, create or update."""
        key = _record_key(item)
        if key in self.seen:  # members' areas overlap: each listing once per run
            return
        self.seen.add(key)
        offer = self.read(item)
        if offer is None or self.filtered(offer.raw):
            return
        placement = self.placed(offer)
        if placement is None:
            return
        link = sync.find(offer.refnr)
        if link is not None:
            sync.keep_alive(link, self.now, self.today)
            expired = link.job.state == JobState.EXPIRED.value  # offered again: renew it
            if link.modified == offer.modified and not expired:
                self.counts["unchanged"] += 1
                return
        try:
            values, extra = self.prepare(offer, placement, angebotsart)
        except RECORD_ERRORS as error:
            self.skip(f"{offer.refnr}: {_describe(error)}")
            return
        if values is None:
            return
        self.store(offer, link, values, extra)

    def store(self, offer: Offer, link, values: dict, extra: dict) -> None:
        """Create the listing or bring it up to date (counted)."""
        publish = bool(self.config["BA_PUBLISH_DIRECTLY"])
        if link is None:
            sync.create(offer.refnr, offer.modified, values, extra, publish, self.today)
            self.counts["new"] += 1
        elif sync.update(link, offer.modified, values, extra, publish, self.today):
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1

    def prepare(self, offer: Offer, placement: Placement, angebotsart: int):
        """Fetch the details and validate the listing: (values, extra); values is None when
        the BA no longer has the listing or settings leave it out. Raises one of
        RECORD_ERRORS for a bad record."""
        details = self.client.details(offer.refnr)
        if details is None:
            self.skip(f"{offer.refnr}: Details nicht mehr vorhanden (404)")
            return None, {}
        if self.filtered(details):
            return None, {}
        source_url = self.config["BA_JOBDETAIL_URL"].format(refnr=offer.refnr)
        place, street = placement.main, placement.main_location.street
        raw = listing_data(offer, details, place, angebotsart, source_url, self.today, street)
        values = listings.validated(raw, self.today)
        more = merged(offer.places, shape.locations(details) or [])
        others = place_listing(more, self.today, self.config["BA_COORDINATES_KM"]).others
        extra = {
            "employer_name": employer_name(offer, details),
            "source_url": source_url,
            "salary_text": shape.salary_text(details, offer.raw),
            "places": [p for p in others if p["place_id"] != place.id],
        }
        return values, extra

    def end_vanished(self) -> None:
        """End listings no run has seen for BA_END_AFTER_DAYS (committed in batches)."""
        days = int(self.config["BA_END_AFTER_DAYS"])
        cutoff = self.now - timedelta(days=days)
        while batch := sync.vanished(cutoff, END_BATCH):
            for link in batch:
                sync.end(link, days)
                self.counts["ended"] += 1
            self.checkpoint()


def search_params(config, area: SearchArea, angebotsart: int) -> dict:
    """The parameters of one search (without page and size)."""
    params = {"wo": area.wo, "umkreis": area.umkreis, "angebotsart": angebotsart}
    params["zeitarbeit"] = "true" if config["BA_ZEITARBEIT"] else "false"
    params["pav"] = "true" if config["BA_PAV"] else "false"
    if config["BA_VEROEFFENTLICHT_SEIT"]:
        params["veroeffentlichtseit"] = min(int(config["BA_VEROEFFENTLICHT_SEIT"]), 100)
    return params


def _record_key(item) -> str:
    """What identifies a search result within a run: its refnr (or the raw entry)."""
    refnr = shape.pick(item, "refnr") if isinstance(item, dict) else None
    return refnr if isinstance(refnr, str) and refnr else f"raw:{item!r:.300}"


def _describe(error: Exception) -> str:
    """A one-line description of a record error."""
    if isinstance(error, listings.InvalidListing):
        return "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in error.errors.items())
    if isinstance(error, BadRecord | BadDetails):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _close_stale_runs() -> None:
    """Runs still marked running were interrupted (killed); mark them aborted."""
    query = select(BaImportRun).filter_by(status="running")
    for stale in db.session.execute(query).scalars():
        stale.status = "aborted"
        stale.finished_at = stale.finished_at or utcnow()
        stale.errors = (stale.errors + "\nLauf wurde unterbrochen.").strip()
    db.session.commit()


def run_import(progress=None, client: BaClient | None = None, today: date | None = None):
    """Run the import once and return its BaImportRun (status succeeded or failed).

    progress(done, total, label) is called after every search.
    """
    _close_stale_runs()
    record = BaImportRun(status="running", started_at=utcnow())
    db.session.add(record)
    db.session.commit()
    client = client or BaClient(current_app.config)
    run = Run(record, client, today or berlin_today(), utcnow())
    started = time.monotonic()
    try:
        _search_everything(run, progress)
        run.check_mapped()
        if run.complete:
            run.end_vanished()
        run.save("succeeded")
    except Exception as error:
        _fail(run, error, "failed")
        if isinstance(error, BaDrift):
            record_drift(run.record, error, run.today)
    except BaseException as error:  # Ctrl+C, SystemExit: record it, then stop
        _fail(run, error, "aborted")
        raise
    finally:
        client.close()
        db.session.commit()
    seconds = time.monotonic() - started
    log.info("BA-Import %s in %.1f s: %s", record.status, seconds, summary(record))
    return record


def _search_everything(run: Run, progress) -> None:
    """All searches: every active member's area, per configured angebotsart."""
    kinds = [int(kind) for kind in run.config["BA_ANGEBOTSARTEN"]]
    searches = [(a, k) for a in search_areas(active_members(run.today)) for k in kinds]
    for done, (area, kind) in enumerate(searches, 1):
        run.search(area, kind)
        if progress:
            progress(done, len(searches), area.member_name)


def _fail(run: Run, error: BaseException, status: str) -> None:
    """Roll back the unfinished page and record the failure on the run."""
    db.session.rollback()
    run.counts = dict(run.committed)  # the rolled-back page counts for nothing
    if not isinstance(error, BaError):
        log.error("BA-Import: unerwarteter Fehler", exc_info=error)
    message = str(error) or type(error).__name__
    run.note(f"Abbruch: {type(error).__name__}: {message}", logging.ERROR)
    run.record = db.session.get(BaImportRun, run.record.id)
    run.save(status)


def summary(record: BaImportRun) -> str:
    """The run's counters and duration as one German line."""
    parts = [f"{label}: {getattr(record, key)}" for key, label in RUN_COUNTERS.items()]
    if record.seconds is not None:
        parts.append(f"Zeit: {record.seconds} s")
    return ", ".join(parts)
