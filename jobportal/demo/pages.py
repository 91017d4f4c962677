"""Demo content of the municipality pages and the contact people for returnees.

The texts in jobportal/data/demo/member_pages.json were written for this project
(plausible, not copied); housing companies, addresses, travel times and the people
are invented. Pages that exist are left alone, so a promoter's edits survive a rerun.
"""

from ..core.extensions import db
from ..models import MemberPage, PromoterContact
from .plan import demo_data

PAGE_FIELDS = (
    "living",
    "housing",
    "childcare",
    "transport",
    "leisure",
    "support",
    "transport_en",
    "housing_company",
    "housing_url",
    "transit_city",
    "transit_mode",
    "transit_minutes",
)


def seed_member_pages(members: list, promoters: dict) -> int:
    """A page for every member that has none, its promoter shown as contact person;
    returns the number of pages created."""
    texts = demo_data("member_pages")["pages"]
    created = 0
    for index, member in enumerate(members):
        text = texts.get(member.slug)
        if text is None or db.session.get(MemberPage, member.id) is not None:
            continue
        page = MemberPage(member_id=member.id, updated_by_id=promoters[member.slug].id)
        for name in PAGE_FIELDS:
            setattr(page, name, text.get(name, "" if name != "transit_minutes" else None))
        member.description = text["description"]
        member.description_en = text.get("description_en", "")
        db.session.add(page)
        user_id = promoters[member.slug].id
        if db.session.get(PromoterContact, user_id) is None:
            phone = f"+49 3500 {100000 + 37 * index} (Demo)"
            db.session.add(PromoterContact(user_id=user_id, shown=True, phone=phone))
        created += 1
    db.session.flush()
    return created
