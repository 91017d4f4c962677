"""Demo data for `flask demo`: companies, vacancies in every lifecycle state, users.

Everything is planned deterministically from the building blocks in
jobportal/data/demo/, then only rows that are missing are inserted, keyed by company
slug, user e-mail and job external_ref: a second run changes nothing.
"""

from .plan import DEMO_PASSWORD, plan_companies
from .seed import demo_logins, seed_demo

__all__ = ["DEMO_PASSWORD", "demo_logins", "plan_companies", "seed_demo"]
