"""A fake BA job search server for the import tests (a small Flask app on 127.0.0.1).

It speaks v6 like the real service since August 2026: /pc/v6/jobs answers with
`ergebnisliste` (no list at all when nothing matched), /pc/v4/jobs answers 404 unless a
test turns it back on (then with the v4 `stellenangebote` shape, for the mapping layer).
Details answer on /pc/v4/jobdetails; /pc/v6/jobdetails refuses with 403, as public reports
say the real one does for the public client id. Answers are built from the recorded files
in tests/data/ba/: the same offers for every search (so members whose radii overlap see
the same listings) unless a `wo` has its own list, paged by `page` and `size`; details by
base64 refnr. Tests can force answers (429, 500, HTML, slow answers) for the next
requests and read the log of requests made.
"""

import base64
import copy
import json
import threading
import time
from pathlib import Path

from flask import Flask, Response, abort, request
from werkzeug.serving import make_server

DATA = Path(__file__).resolve().parent.parent / "data" / "ba"
API_KEY = "jobboerse-jobsuche"
LIST_KEYS = {"v6": "ergebnisliste", "v4": "stellenangebote"}
# What details made for another offer than the recorded one take over from that offer.
OWN_KEYS = {
    "arbeitszeitVollzeit",
    "arbeitszeitTeilzeitFlexibel",
    "istGeringfuegigeBeschaeftigung",
    "verguetungsangabe",
    "gehaltsspanneVon",
    "gehaltsspanneBis",
}


def load(name: str) -> dict:
    """One recorded answer from tests/data/ba/."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def refnr_of(offer: dict):
    """The reference number of an offer of either shape."""
    return offer.get("referenznummer") or offer.get("refnr")


class FakeBA:
    """The fake server's state and its thread."""

    def __init__(self):
        self.offers = copy.deepcopy(load("v6_jobs_page.json")["ergebnisliste"])
        self.offers_by_wo: dict[str, list] = {}
        self.details: dict[str, object] = {}  # refnr -> dict, or raw body text
        self.search_versions = {"v6"}  # others answer 404, like the retired v4 search
        self.details_status = {"v6": 403}  # version -> status instead of an answer
        self.max_results: int | None = None  # report more results than there are
        self.forced: list[dict] = []
        self.log: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.app = self._make_app()
        self.server = None
        self.thread = None

    # --- set-up helpers --------------------------------------------------------------

    def speak_v4(self) -> None:
        """Serve the old v4 search with the recorded v4 answer (v6 answers 404)."""
        self.search_versions = {"v4"}
        self.offers = copy.deepcopy(load("v4_jobs_page.json")["stellenangebote"])

    def offer(self, refnr: str) -> dict:
        """The served offer with this refnr (to change it)."""
        return next(o for o in self.all_offers() if refnr_of(o) == refnr)

    def add_offer(self, refnr: str, **fields) -> dict:
        """A new v6 offer based on the first example, in Kamenz unless fields say otherwise."""
        offer = copy.deepcopy(load("v6_jobs_page.json")["ergebnisliste"][0])
        offer.update(
            {"referenznummer": refnr, "stellenangebotsTitel": f"Stelle {refnr} (m/w/d)", **fields}
        )
        self.offers.append(offer)
        return offer

    def force(self, kind: str, status=200, body="", content_type="application/json", **extra):
        """Answer the next `kind` ("jobs" or "details") request like this: times=n in a
        row, after=n normal answers first; headers, delay (seconds) as given."""
        for _ in range(extra.get("times", 1)):
            entry = {"kind": kind, "status": status, "body": body, "content_type": content_type}
            entry.update(headers=extra.get("headers", {}), delay=extra.get("delay", 0.0))
            entry["after"] = extra.get("after", 0)
            self.forced.append(entry)

    def all_offers(self) -> list:
        """Every offer the server knows."""
        offers = self.offers + [o for lst in self.offers_by_wo.values() for o in lst]
        return [o for o in offers if isinstance(o, dict)]

    def searches(self) -> list[dict]:
        """The parameters of every search request, in order."""
        return [params for kind, params in self.log if kind == "jobs"]

    def detail_requests(self, version: str | None = "v4") -> list[str]:
        """The refnrs whose details were requested (of one version, or all), in order."""
        return [
            params["refnr"]
            for kind, params in self.log
            if kind == "details" and version in (None, params["version"])
        ]

    # --- the app ---------------------------------------------------------------------

    def _forced(self, kind: str):
        with self.lock:
            mine = [entry for entry in self.forced if entry["kind"] == kind]
            if not mine:
                return None
            if mine[0]["after"] > 0:
                for entry in mine:
                    entry["after"] -= 1
                return None
            self.forced.remove(mine[0])
            return mine[0]

    def _answer(self, kind: str, build):
        if request.headers.get("X-API-Key") != API_KEY:
            abort(403)
        forced = self._forced(kind)
        if forced is None:
            return build()
        time.sleep(forced["delay"])
        return Response(
            forced["body"],
            status=forced["status"],
            content_type=forced["content_type"],
            headers=forced["headers"],
        )

    def _search(self, version: str):
        if version not in self.search_versions:
            abort(404)
        page, size = int(request.args.get("page", 1)), int(request.args.get("size", 25))
        offers = self.offers_by_wo.get(request.args.get("wo", ""), self.offers)
        chunk = offers[(page - 1) * size : page * size]
        key = LIST_KEYS[version]
        if self.max_results:
            ref = "referenznummer" if "referenznummer" in offers[0] else "refnr"
            chunk = [dict(offers[0], **{ref: f"X-{page}-{i}"}) for i in range(size)]
        answer = load(f"{version}_jobs_empty.json")
        total = self.max_results or len(offers)
        number = (lambda n: n) if version == "v6" else str
        answer.update(maxErgebnisse=number(total), page=number(page), size=number(size))
        if chunk:
            answer[key] = chunk
        return Response(json.dumps(answer), content_type="application/json")

    def _details(self, refnr: str, version: str):
        if version in self.details_status:
            abort(self.details_status[version])
        body = self.details.get(refnr)
        if isinstance(body, str):
            return Response(body, content_type="application/json")
        if body is None:
            offer = next((o for o in self.all_offers() if refnr_of(o) == refnr), None)
            if offer is None:
                abort(404)
            body = load("v4_jobdetails.json")
            if refnr != body["referenznummer"]:  # recorded for the first offer only
                body = {k: v for k, v in body.items() if k not in OWN_KEYS}
                body.update({k: v for k, v in offer.items() if k in OWN_KEYS})
            body.update(
                referenznummer=refnr,
                stellenangebotsTitel=offer.get("stellenangebotsTitel") or offer.get("titel"),
                firma=offer.get("firma") or offer.get("arbeitgeber"),
                aenderungsdatum=offer.get("aenderungsdatum") or offer.get("modifikationsTimestamp"),
            )
        return Response(json.dumps(body), content_type="application/json")

    def _make_app(self) -> Flask:
        app = Flask("fake_ba")

        @app.get("/pc/<version>/jobs")
        def jobs(version):
            """The job search: offers for `wo`, one page."""
            self.log.append(("jobs", dict(request.args, version=version)))
            return self._answer("jobs", lambda: self._search(version))

        @app.get("/pc/<version>/jobdetails/<key>")
        def details(version, key):
            """A listing's details by base64 refnr (404 if unknown)."""
            refnr = base64.b64decode(key).decode("utf-8")
            self.log.append(("details", {"refnr": refnr, "version": version}))
            return self._answer("details", lambda: self._details(refnr, version))

        return app

    # --- server ----------------------------------------------------------------------

    def start(self) -> "FakeBA":
        """Serve on a free port of 127.0.0.1 in a thread."""
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        """The base URL to put into BA_BASE_URL."""
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
