"""Helpers shared by the search page, API and feed tests: small corpora and the index."""

import random
from types import SimpleNamespace

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.core.geometry import haversine_km
from jobportal.listings import is_public
from jobportal.models import Job, Place
from jobportal.places import lookup_place, network_places
from jobportal.search import rebuild, reset_pools

TYPES = ["vollzeit", "teilzeit", "ausbildung", "minijob"]
MODELS = ["vor_ort", "hybrid", "remote"]
SECTORS = ["gesundheit", "handwerk", "it", "logistik"]
TITLES = ["Pflegefachkraft", "Elektriker", "Softwareentwickler", "Lagerist", "Pfleger"]


def index(app) -> None:
    """Build the app's search index from the database (fresh searchers afterwards)."""
    with app.app_context():
        rebuild(app)
    reset_pools()


def place_id(app, postal_code: str, name: str) -> int:
    """The id of the place row with this postal code and name."""
    with app.app_context():
        return db.session.execute(
            select(Place.id).filter_by(postal_code=postal_code, name=name)
        ).scalar_one()


def job_at(app, factory, place, **fields) -> int:
    """A listing (via the conftest factory) moved to the place row with id ``place``."""
    job_id = factory.job(**fields)
    with app.app_context():
        db.session.get(Job, job_id).place_id = place
        db.session.commit()
    return job_id


def spread_corpus(app, factory, n: int = 60, seed: int = 7) -> list[int]:
    """Listings on random places of the network (seeded), with varied filter values."""
    rng = random.Random(seed)
    with app.app_context():
        places = sorted(p.id for p in network_places())
    company = factory.company(name="Pflegedienst Lausitz GmbH")
    made = []
    for i in range(n):
        made.append(
            job_at(
                app,
                factory,
                rng.choice(places),
                company_id=company,
                title=f"{rng.choice(TITLES)} {i}",
                employment_types=rng.sample(TYPES, rng.randint(1, 2)),
                working_model=rng.choice(MODELS),
                sector=rng.choice(SECTORS),
                salary_min=rng.choice([None, 300000]),
            )
        )
    return made


def public_jobs(app) -> list[SimpleNamespace]:
    """Plain copies of every public listing (id, filters, coordinates)."""
    with app.app_context():
        return [
            SimpleNamespace(
                id=job.id,
                types=set(job.employment_types),
                model=job.working_model,
                sector=job.sector,
                salary=bool(job.salary_min or job.salary_max),
                lat=job.place.lat,
                lon=job.place.lon,
                place_id=job.place_id,
                title=job.title,
            )
            for job in db.session.execute(select(Job)).scalars()
            if is_public(job)
        ]


def within(app, jobs, where: str, radius: float) -> set[int]:
    """Brute force: ids of ``jobs`` within ``radius`` km of the place (or in the town)."""
    with app.app_context():
        lookup = lookup_place(where)
        lat, lon = lookup.point
        town = set(lookup.place_ids)
    return {
        job.id
        for job in jobs
        if haversine_km(lat, lon, job.lat, job.lon) <= radius or job.place_id in town
    }
