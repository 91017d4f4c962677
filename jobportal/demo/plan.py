"""Planning the demo data (no queries of its own): companies, listing titles, states.

Every choice comes from ``random.Random`` instances (never the global module, which
Whoosh uses) and the building blocks in jobportal/data/demo/.
"""

import json
import random
from collections import Counter
from functools import cache
from pathlib import Path

from ..models import JobState

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
DEMO_PASSWORD = "Demo-Passwort-2026"  # noqa: S105 - the published demo login
ADMIN_EMAIL = "admin@jobportal.example"
SEED = 2026
TARGET_JOBS = 300
MIN_COMPANIES = 24
REF_PREFIX = "demo:"
FIXED_JOBS = {"banned": 3, "unverified": 4}
# Listings of verified companies per final state besides "published" and "pending".
STATE_QUOTA = {"draft": 10, "rejected": 9, "expired": 12, "filled": 8, "withdrawn": 4}
ENDING_SOON = 6
# Occupation groups every kind of company has (office, marketing): picked after its own.
CROSS_GROUPS = {"buero", "marketing"}


@cache
def demo_data(name: str):
    """A shipped demo data file."""
    return json.loads((DEMO_DIR / f"{name}.json").read_text(encoding="utf-8"))


def promoter_email(member_slug: str) -> str:
    """Login of the demo promoter of a member."""
    return f"wifoe.{member_slug}@jobportal.example"


def employer_email(company_slug: str) -> str:
    """Login of the demo employer of a company."""
    return f"arbeitgeber@{company_slug}.example"


def jobseeker_email(number: int) -> str:
    """Login of the n-th demo returnee."""
    return f"rueckkehrer{number}@example.org"


def person_name(index: int) -> str:
    """A deterministic German name."""
    blocks = demo_data("blocks")
    first, last = blocks["first_names"], blocks["last_names"]
    return f"{first[(2 * index + 1) % len(first)]} {last[(3 * index + 2) % len(last)]}"


def text_kind(occupation: dict) -> str:
    """Which text blocks fit an occupation: regular job, training, student or mini job."""
    types = set(occupation["types"])
    if {"ausbildung", "duales_studium"} & types:
        return "training"
    if {"werkstudent", "praktikum"} & types:
        return "student"
    return "mini" if occupation["types"][0] == "minijob" else "job"


def _generic_company(member: tuple[str, str], nth: int, index: int, region: str) -> dict:
    """The nth generic company (a sector template) of a member without curated companies."""
    data = demo_data("companies")
    template = data["generic"][(index + 7 * nth) % len(data["generic"])]
    slug, town = member
    streets = data["generic_streets"]
    name, tagline = (template[key].format(town=town) for key in ("name", "tagline"))
    about = data["generic_description"].format(town=town, region=region)
    return dict(
        template,
        member=slug,
        slug=f"{template['key']}-{slug}",
        name=name,
        tagline=tagline,
        street=streets[(index + 3 * nth) % len(streets)],
        contact=person_name(index + 5 * nth),
        phone=f"+49 3500 000 {100 + index}{nth}",
        description=f"{name} {tagline}\n\n{about}",
    )


def plan_companies(members: list[tuple[str, str]], region: str) -> list[dict]:
    """Company specs for (slug, name) members: curated ones, topped up with generic ones."""
    names = dict(members)
    plans = [dict(c) for c in demo_data("companies")["curated"] if c["member"] in names]
    counts = Counter(c["member"] for c in plans)
    order = [slug for slug, _ in members]
    target = max(MIN_COMPANIES, len(members) + 3)
    curated = bool(plans)
    while len(plans) < target or any(counts[slug] == 0 for slug in order):
        slug = min(order, key=lambda s: (counts[s], order.index(s)))
        plans.append(_generic_company((slug, names[slug]), counts[slug], order.index(slug), region))
        counts[slug] += 1
    if not curated:  # the last ones share their member with another company
        for plan, status in zip(plans[-3:], ("unverified", "unverified", "banned"), strict=True):
            plan["status"] = status
    for plan in plans:
        plan["town"] = names[plan["member"]]
    return plans


def _job_counts(companies: list[dict]) -> list[int]:
    """Listings per company: fixed for unverified/banned, the rest by company size."""
    sizes = demo_data("companies")["sizes"]
    counts = [FIXED_JOBS.get(c.get("status"), 0) for c in companies]
    free = [i for i, c in enumerate(companies) if not c.get("status")]
    weights = [sizes[companies[i]["size"]] for i in free]
    rest = TARGET_JOBS - sum(counts)
    shares = [rest * w / sum(weights) for w in weights]
    whole = [int(s) for s in shares]
    by_remainder = sorted(range(len(free)), key=lambda j: whole[j] - shares[j])
    for j in by_remainder[: rest - sum(whole)]:
        whole[j] += 1
    for j, i in enumerate(free):
        counts[i] = whole[j]
    return counts


def _unique_title(occupation: dict, used: set, town: str, rng: random.Random) -> str:
    """The occupation's title, or for a repeat the title plus an unused variant."""
    title = occupation["title"]
    if title not in used:
        return title
    own = list(occupation.get("variants", []))
    generic = list(demo_data("blocks")["variants"][text_kind(occupation)])
    rng.shuffle(own)
    rng.shuffle(generic)
    for variant in [*own, *generic, *(f"Stelle {i}" for i in range(2, 99))]:
        title = f"{occupation['title']} – {variant.format(place=town)}"
        if title not in used:
            return title
    raise AssertionError(f"no free title for {occupation['title']}")


def _titles(company: dict, count: int, rng: random.Random) -> list[tuple[dict, str]]:
    """Occupations for a company's listings; repeats get a variant so titles stay unique."""
    groups, sizes = set(company["groups"]), demo_data("companies")["sizes"]
    # a small firm has no accountant or HR officer of its own ("min_size")
    occupations = [
        o
        for o in demo_data("occupations")
        if sizes[company["size"]] >= sizes[o.get("min_size", "1-9")]
    ]
    core = [o for o in occupations if groups & set(o["groups"]) - CROSS_GROUPS]
    cross = [o for o in occupations if groups & set(o["groups"]) and o not in core]
    rng.shuffle(core)
    rng.shuffle(cross)
    pool, used, picks = core + cross, set(), []
    for k in range(count):
        occupation = pool[k % len(pool)]
        title = _unique_title(occupation, used, company["town"], rng)
        used.add(title)
        picks.append((occupation, title))
    return picks


def _assign_states(jobs: list[dict], member_slugs: list[str], rng: random.Random) -> None:
    """Spread the lifecycle states; every member gets pending listings for its promoter."""
    for job in jobs:
        status = job["company"].get("status")
        if status == "banned":
            job["state"] = JobState.WITHDRAWN
        elif status == "unverified":
            job["state"] = JobState.PENDING if job["n"] % 2 else JobState.DRAFT
    open_jobs = [job for job in jobs if "state" not in job]
    rng.shuffle(open_jobs)
    per_member = max(1, min(2, 40 // max(1, len(member_slugs))))
    for slug in member_slugs:
        have = sum(1 for j in jobs if j.get("state") == JobState.PENDING and j["member"] == slug)
        for job in [j for j in open_jobs if j["member"] == slug][: max(0, per_member - have)]:
            job["state"] = JobState.PENDING
    bag = [JobState(state) for state, n in STATE_QUOTA.items() for _ in range(n)]
    rest = [job for job in open_jobs if "state" not in job]
    for job, state in zip(rest, bag + [JobState.PUBLISHED] * len(rest), strict=False):
        job["state"] = state
    published = [job for job in rest if job["state"] == JobState.PUBLISHED]
    for job in published[:ENDING_SOON]:
        job["ending_soon"] = True


def plan_jobs(companies: list[dict], members: list, region: str, rng: random.Random) -> list:
    """About TARGET_JOBS listings over the companies, each at its member's places."""
    by_slug, jobs = {m.slug: m for m in members}, []
    for company, count in zip(companies, _job_counts(companies), strict=True):
        member = by_slug[company["member"]]
        home = member.center_place
        places = sorted(member.places, key=lambda p: (p.postal_code, p.id))
        for n, (occupation, title) in enumerate(_titles(company, count, rng), 1):
            place = home if rng.random() < 0.85 else rng.choice(places)
            jobs.append(
                {
                    "company": company,
                    "member": member.slug,
                    "occupation": occupation,
                    "title": title,
                    "n": n,
                    "ref": f"{REF_PREFIX}{company['slug']}:{n:03d}",
                    "place": place,
                    "home_place_id": home.id,
                    "region": region,
                }
            )
    _assign_states(jobs, [m.slug for m in members], rng)
    return jobs
