"""Demo returnee profiles with varied homes, commutes, work and visibility (idempotent).

Desired homes are the centres of the region's active members, so the profiles fit
whichever region the installation serves; one profile wants to live outside it.
"""

from datetime import date

from sqlalchemy import select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..models import ReturneeProfile, User
from ..places import active_members
from ..returnees import ProfileError, ProfileInput, save_profile

# (current place or "", abroad country, member indexes or a place, km, work, visibility, extra)
PROFILES = [
    (
        "München",
        "",
        (1,),
        30,
        "Elektriker",
        "promoters_employers",
        {
            "needs": ["kita", "partner_job"],
            "partner_work_text": "Pflegefachkraft, Altenpflege",
            "partner_commute_km": 25,
        },
    ),
    ("", "Schweiz", (0, 2), 50, "Softwareentwickler, DevOps", "promoters", {"sector": "it"}),
    ("20095 Hamburg", "", (3,), 20, "Pflegefachkraft", "promoters_employers", {"months": 4}),
    ("Leipzig", "", "München", 30, "Erzieherin", "private", {"needs": ["school", "rental"]}),
    ("Berlin", "", (0,), 100, "", "private", {"needs": ["building_plot", "partner_job"]}),
]


def _month_after(months: int, today: date) -> date:
    """The first day of the month ``months`` after today's month."""
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _homes(spec, members) -> list[str]:
    """Desired homes: member centres by index (skipping missing ones) or a place name."""
    if isinstance(spec, str):
        return [spec]
    return [members[i].center_place.label for i in spec if i < len(members)][:3]


def seed_returnees(jobseeker_emails: list[str]) -> str:
    """Give the demo job seekers profiles (those without one); returns a German summary."""

    members = [m for m in active_members() if m.center_place is not None]
    created = 0
    for email, spec in zip(jobseeker_emails, PROFILES, strict=False):
        user = db.session.execute(select(User).filter_by(email=email)).scalar_one_or_none()
        if user is None or members == []:
            continue
        if db.session.execute(select(ReturneeProfile.id).filter_by(user_id=user.id)).first():
            continue
        current, country, homes, km, work, visibility, extra = spec
        extra = dict(extra)
        months = extra.pop("months", None)
        data = ProfileInput(
            homes=_homes(homes, members),
            commute_km=km,
            current_place=current,
            abroad_country=country,
            work_text=work,
            visibility=visibility,
            return_month=_month_after(months, berlin_today()) if months else None,
            **extra,
        )
        try:
            save_profile(user, data)
        except ProfileError:
            continue
        created += 1
    db.session.commit()
    return f"Rückkehrprofile: {created} neu."
