"""Building one demo listing: columns, German Markdown description, timeline, audit steps."""

import random
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date

from ..models import JobState
from .plan import demo_data, text_kind

BAN_REASON = "Unseriöses Angebot: Vorauszahlungen für Startpakete verlangt."
BACK_DAYS = {
    "draft": (1, 20),
    "pending": (0.2, 6),
    "rejected": (5, 30),
    "published": (0.5, 60),
    "expired": (70, 130),
    "filled": (20, 80),
    "withdrawn": (20, 80),
}
BAN_DAYS = 12


def _salary(occupation: dict, rng: random.Random) -> dict:
    """Salary range in cents (monthly or hourly), sometimes not given."""
    if occupation["salary"] is None or rng.random() < 0.18:
        return {"salary_min": None, "salary_max": None, "salary_unit": "month"}
    unit, low, high = occupation["salary"]
    if unit == "hour":  # never below the minimum wage in the data
        factor = rng.uniform(1.0, 1.06)
        low_c, high_c = round(low * factor * 10) * 10, round(high * factor * 10) * 10
    else:
        factor = rng.uniform(0.95, 1.05)
        low_c, high_c = round(low * factor / 50) * 5000, round(high * factor / 50) * 5000
    maximum = None if rng.random() < 0.12 else max(high_c, low_c)
    return {"salary_min": low_c, "salary_max": maximum, "salary_unit": unit}


def _start(kind: str, rng: random.Random, today: date) -> tuple[date | None, str]:
    """Start date (None: ab sofort) and its German wording."""
    if kind == "training":
        year = today.year if today.month < 6 else today.year + 1
        start = date(year, rng.choice([8, 9]), 1)
    elif rng.random() < 0.55:
        return None, "ab sofort"
    else:
        month = today.month + rng.randint(1, 3)
        start = date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return start, "zum " + format_date(start, "d. MMMM y", locale="de")


def _apply(company: dict, rng: random.Random) -> tuple[dict, str]:
    """How to apply (URL, e-mail or contact person) and the matching text."""
    how = rng.choice(["url", "url", "email", "email", "contact"])
    fields = {"apply_url": "", "apply_email": "", "apply_contact": "", "apply_phone": ""}
    values = {
        "url": f"https://{company['slug']}.example.org/karriere",
        "email": f"bewerbung@{company['slug']}.example.org",
        "contact": company["contact"],
        "phone": company["phone"],
    }
    if how == "contact":
        fields.update(apply_contact=values["contact"], apply_phone=values["phone"])
    else:
        fields[f"apply_{how}"] = values[how]
    return fields, rng.choice(demo_data("blocks")["apply"][how]).format(**values)


def _description(job: dict, start_text: str, apply_text: str, rng: random.Random) -> str:
    """German Markdown from the building blocks: intro, tasks, profile, offer, how to apply."""
    blocks, occupation, company = demo_data("blocks"), job["occupation"], job["company"]
    kind = text_kind(occupation)
    town = company["town"]
    town_line = rng.choice(blocks["town_line"]).format(town=town, region=job["region"])
    intro = rng.choice(blocks["intro"]).format(
        company=company["name"],
        tagline=company["tagline"],
        town_line=town_line,
        start=start_text,
        title=occupation["title"],
        place=job["place"].name,
    )
    extra = blocks["profile_extra"][kind]
    profile = occupation.get("profile", [])[:3] + rng.sample(
        extra, 1 if "profile" in occupation else 3
    )
    offer = [b.format(town=town) for b in rng.sample(blocks["benefits"][kind], 4)]
    closing = rng.choice(blocks["closing"]).format(town=town)

    def bullets(items):
        return "\n".join(f"- {item}" for item in items)

    return "\n\n".join(
        [
            intro,
            "## Ihre Aufgaben",
            bullets(occupation["tasks"]),
            "## Ihr Profil",
            bullets(profile),
            "## Wir bieten",
            bullets(offer),
            "## So bewerben Sie sich",
            f"{apply_text} {closing}",
        ]
    )


def _working_model(work: str, rng: random.Random) -> str:
    """Mostly on site; office jobs sometimes hybrid; IT jobs often hybrid, a few remote."""
    if work == "remote":
        return "remote"
    if work == "it":
        return rng.choice(["vor_ort", "hybrid", "hybrid", "remote"])
    return "hybrid" if work == "office" and rng.random() < 0.25 else "vor_ort"


def _fields(job: dict, rng: random.Random, today: date) -> dict:
    """All columns of a planned listing except its timeline."""
    occupation, company = job["occupation"], job["company"]
    types = occupation["types"]
    start, start_text = _start(text_kind(occupation), rng, today)
    apply_fields, apply_text = _apply(company, rng)
    return {
        "title": job["title"],
        "description": _description(job, start_text, apply_text, rng),
        "street": company["street"] if job["place"].id == job["home_place_id"] else "",
        "employment_types": types if len(types) == 1 or rng.random() < 0.5 else types[:1],
        "working_model": _working_model(occupation["work"], rng),
        "english_ok": occupation["work"] == "it",  # the demo's IT teams work in English
        "sector": company["sector"],
        "start_date": start,
        **_salary(occupation, rng),
        **apply_fields,
        "source": "portal",
        "external_ref": job["ref"],
        "place_id": job["place"].id,
    }


def _days(rng: random.Random, low: float, high: float) -> timedelta:
    """A random span of days."""
    return timedelta(days=rng.uniform(low, high))


def _ending(job: dict, times: dict, rng: random.Random, now: datetime, today: date) -> tuple:
    """End date of an approved listing and, if it ended, the step that ended it."""
    state, published = job["state"], times["published_at"]
    if state == JobState.PUBLISHED:
        times["ends_on"] = today + timedelta(
            days=rng.randint(1, 7) if job.get("ending_soon") else rng.randint(8, 75)
        )
        return ()
    times["ends_on"] = published.date() + timedelta(days=60)
    if state == JobState.EXPIRED:
        times["ends_on"] = today - timedelta(days=rng.randint(2, 30))
        ended = datetime.combine(times["ends_on"] + timedelta(days=1), time(3), UTC)
        step = ("expire", JobState.PUBLISHED, state, "system", ended, "")
    elif job["company"].get("status") == "banned":
        ended = now - timedelta(days=BAN_DAYS)
        step = ("unpublish", JobState.PUBLISHED, state, "promoter", ended, BAN_REASON)
    else:
        ended = published + (now - published) * rng.uniform(0.3, 0.95)
        action = "fill" if state == JobState.FILLED else "withdraw"
        step = (action, JobState.PUBLISHED, state, "employer", ended, "")
    times["ended_at"] = ended
    return (step,)


def _timeline(job: dict, rng: random.Random, now: datetime, today: date) -> tuple[dict, list]:
    """Timestamps and audit steps (action, from, to, actor kind, when, reason) of a listing."""
    state = job["state"]
    anchor = now - _days(rng, *BACK_DAYS[state])
    times = {"ends_on": today + timedelta(days=rng.randint(30, 60))}
    if state == JobState.DRAFT:
        steps = [("create", "", JobState.DRAFT, "employer", anchor, "")]
        return dict(times, created_at=anchor, updated_at=anchor), steps
    waiting = state in {JobState.PENDING, JobState.REJECTED}
    submitted = anchor if waiting else anchor - _days(rng, 0.1, 2)
    created = submitted - _days(rng, 0.05, 3)
    steps = [
        ("create", "", JobState.DRAFT, "employer", created, ""),
        ("submit", JobState.DRAFT, JobState.PENDING, "employer", submitted, ""),
    ]
    times.update(created_at=created, submitted_at=submitted)
    if state == JobState.REJECTED:
        reason = rng.choice(demo_data("blocks")["rejection_reasons"])
        steps.append(
            ("reject", JobState.PENDING, state, "promoter", submitted + _days(rng, 0.2, 3), reason)
        )
        times["rejection_reason"] = reason
    elif not waiting:
        times["published_at"] = anchor
        steps.append(("approve", JobState.PENDING, JobState.PUBLISHED, "promoter", anchor, ""))
        steps.extend(_ending(job, times, rng, now, today))
    times["updated_at"] = steps[-1][4]
    return times, steps


def build_jobs(jobs: list[dict], rng: random.Random, now: datetime, today: date) -> None:
    """Add the columns and audit steps to every planned listing."""
    for job in jobs:
        fields = _fields(job, rng, today)
        times, job["steps"] = _timeline(job, rng, now, today)
        fields.update(times, state=job["state"].value)
        if fields.get("published_at"):
            fields["views"] = rng.randint(20, 900)
            fields["apply_clicks"] = fields["views"] * rng.randint(2, 9) // 100
        job["fields"] = fields
