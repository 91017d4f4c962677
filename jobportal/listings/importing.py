"""Bulk import of vacancies from a JSON file (format: docs/import-format.md).

Every record goes through the same validation as the vacancy form. New records are
created and submitted for review (published with publish=True, for promoters and
admins); each record runs in a savepoint, so a rejected one leaves nothing
behind; a record whose "ref" was imported before for the company updates that
listing instead of creating a second one. Nothing here commits.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import Job, JobState, Role
from .data import FIELD_LABELS, clean
from .lifecycle import approve, create_draft, submit, update
from .rules import RULES, SYSTEM, JobError, allowed_actions, may_create

SOURCE = "import"
MAX_RECORDS = 2000
REF_MAX = 80
EXTRA_LABELS = {"postal_code": _l("Postleitzahl"), "locality": _l("Ort"), "ref": "ref"}


@dataclass
class RecordResult:
    """What happened to one record of the file."""

    index: int  # 1-based position in the file
    ref: str
    status: str  # accepted | updated | rejected
    job_id: int | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """The outcome of one import, record by record."""

    results: list[RecordResult] = field(default_factory=list)

    def _with(self, status: str) -> list[RecordResult]:
        return [r for r in self.results if r.status == status]

    @property
    def accepted(self) -> list[RecordResult]:
        """Newly created listings."""
        return self._with("accepted")

    @property
    def updated(self) -> list[RecordResult]:
        """Listings updated from a record with a known ref."""
        return self._with("updated")

    @property
    def rejected(self) -> list[RecordResult]:
        """Records not imported, with their reasons."""
        return self._with("rejected")

    def summary(self) -> str:
        """One German line with the counts."""
        return (
            f"{len(self.accepted)} neu, {len(self.updated)} aktualisiert, "
            f"{len(self.rejected)} abgelehnt"
        )


def load_records(path_or_data) -> list:
    """The list of vacancy records from a Path, JSON text/bytes or parsed data.

    Only a ``Path`` is read from disk: a string is always JSON text, so user input
    can never make the server read a file.
    """
    data = path_or_data
    if isinstance(data, Path):
        try:
            data = Path(data).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise JobError(_("Die Datei konnte nicht gelesen werden: %(exc)s", exc=exc)) from None
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise JobError(_("Die Datei ist kein gültiges JSON: %(exc)s", exc=exc)) from None
    if isinstance(data, dict):
        data = data.get("jobs")
    if not isinstance(data, list):
        raise JobError(_("Erwartet wird eine Liste von Stellen oder ein Objekt mit „jobs“."))
    if len(data) > MAX_RECORDS:
        raise JobError(_("Höchstens %(n)s Stellen pro Datei.", n=MAX_RECORDS))
    return data


def _messages(errors: dict) -> list[str]:
    """Validation errors as 'Feld: Meldung' lines."""
    labels = {**FIELD_LABELS, **EXTRA_LABELS}
    return [
        f"{labels.get(key, key)}: {message}" if key != "__all__" else message
        for key, messages in errors.items()
        for message in messages
    ]


def _ref_of(record) -> tuple[str, list[str]]:
    """The record's external reference and any problem with it."""
    ref = record.get("ref") if isinstance(record, dict) else None
    if isinstance(ref, int) and not isinstance(ref, bool):
        ref = str(ref)
    if not isinstance(ref, str) or not ref.strip():
        return "", [_("ref: Jede Stelle braucht eine eindeutige Referenz „ref“.")]
    if len(ref.strip()) > REF_MAX:
        return "", [_("ref: höchstens %(n)s Zeichen.", n=REF_MAX)]
    return ref.strip(), []


def may_publish(company, actor) -> bool:
    """Promoters of the company's member and admins may import straight to published."""
    if actor is SYSTEM or actor.has_role(Role.ADMIN):
        return True
    return actor.has_role(Role.PROMOTER) and company.member_id in {m.id for m in actor.members}


def _may_place(member, actor) -> bool:
    """A promoter imports only listings placed in their own member municipalities."""
    if actor is SYSTEM or actor.has_role(Role.ADMIN) or not actor.has_role(Role.PROMOTER):
        return True
    return member.id in {m.id for m in actor.members}


def _existing(company, ref: str, source: str) -> Job | None:
    """The listing imported earlier under this ref for the company."""
    query = select(Job).filter_by(source=source, external_ref=f"{company.id}:{ref}")
    return db.session.execute(query).scalar_one_or_none()


def _go_online(job: Job, actor, publish: bool, today: date) -> None:
    """Submit for review; with publish, approve right away (no mail)."""
    if job.job_state in (JobState.DRAFT, JobState.REJECTED):
        submit(job, actor, today)
    if publish and "approve" in allowed_actions(job, actor, today):
        approve(job, actor, notify=False, today=today)


def _import_one(record, company, actor, publish: bool, today: date, source: str) -> RecordResult:
    """Create or update one listing from one record (raises JobError)."""
    ref, problems = _ref_of(record)
    values, errors = (
        clean(record, today)
        if isinstance(record, dict)
        else ({}, {"__all__": [_("Eine Stelle muss ein JSON-Objekt sein.")]})
    )
    if problems or errors:
        raise _Rejected(ref, problems + _messages(errors))
    if not _may_place(values["member"], actor):
        raise _Rejected(ref, [_("Postleitzahl: Dieser Arbeitsort liegt nicht in Ihren Kommunen.")])
    job = _existing(company, ref, source)
    if job is None:
        job = create_draft(
            company, actor, record, today, source=source, external_ref=f"{company.id}:{ref}"
        )
        status = "accepted"
    else:
        if job.job_state not in RULES["edit"][1]:
            raise _Rejected(
                ref,
                [
                    _(
                        "Die Stelle ist beendet (%(label)s) und wird nicht mehr aktualisiert.",
                        label=job.job_state.label,
                    )
                ],
            )
        update(job, actor, record, today)
        status = "updated"
    _go_online(job, actor, publish, today)
    return RecordResult(0, ref, status, job.id)


class _Rejected(Exception):
    def __init__(self, ref: str, reasons: list[str]):
        super().__init__(reasons)
        self.ref, self.reasons = ref, reasons


def import_jobs(
    path_or_data,
    company,
    actor,
    publish: bool = False,
    today: date | None = None,
    source: str = SOURCE,
) -> ImportReport:
    """Import vacancies for a company; each record is accepted, updated or rejected.
    ``source`` names where they come from (Job.source: 'import', or 'feed')."""
    today = today or berlin_today()
    if publish and not may_publish(company, actor):
        raise JobError(_("Nur die Wirtschaftsförderung und Admins können direkt veröffentlichen."))
    if not may_create(company, actor):
        raise JobError(_("Dazu sind Sie nicht berechtigt."))
    report, seen = ImportReport(), set()
    for index, record in enumerate(load_records(path_or_data), start=1):
        savepoint = db.session.begin_nested()
        try:
            result = _import_one_unique(record, company, actor, (publish, today, source), seen)
            savepoint.commit()
        except _Rejected as rejected:
            savepoint.rollback()
            result = RecordResult(index, rejected.ref, "rejected", reasons=rejected.reasons)
        except JobError as error:
            savepoint.rollback()
            result = RecordResult(index, _ref_of(record)[0], "rejected", reasons=[str(error)])
        result.index = index
        report.results.append(result)
    return report


def _import_one_unique(record, company, actor, how: tuple, seen: set) -> RecordResult:
    """Reject a ref seen earlier in the same file, else import the record (``how``:
    publish, today, source)."""
    ref, _problems = _ref_of(record)
    if ref and ref in seen:
        raise _Rejected(ref, [_("ref: „%(ref)s“ kommt in der Datei mehrfach vor.", ref=ref)])
    seen.add(ref)
    return _import_one(record, company, actor, *how)
