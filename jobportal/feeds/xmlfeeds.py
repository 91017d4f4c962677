"""XML feeds: Personio's job feed (`https://{company}.jobs.personio.de/xml`), RSS 2.0 and
Atom. Shapes as recorded in tests/data/feeds/ (sources: docs/sources.md).

Personio: `<workzag-jobs>` with one `<position>` per job: `id`, `name`, `office`,
`additionalOffices` (`<office>` children or text), `subcompany`, `jobDescriptions/
jobDescription/{name, value (HTML in CDATA)}`, `employmentType` (permanent, intern,
trainee, freelance, temporary), `schedule` (full-time, part-time, full-or-part-time),
`seniority`, `createdAt`. No URL per job: the job page is `https://{host}/job/{id}`.
No salary in the public feed.

XML with a DOCTYPE or entities is refused (no entity expansion from strangers).
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from .postings import FeedDrift, Posting, is_remote, location, locations_in_text, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEDULES = {
    "full-time": ["vollzeit"],
    "part-time": ["teilzeit"],
    "full-or-part-time": ["vollzeit", "teilzeit"],
}
PERSONIO_TYPES = {"intern": "praktikum", "trainee": "ausbildung"}
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class BadPosting(ValueError):
    """One record of a feed cannot be read; the message says why."""


def parse_xml(body: bytes, url: str) -> ET.Element:
    """The root element; FeedDrift when the body is no XML we read."""
    if _DTD.search(body[:4096]) or b"<!ENTITY" in body:
        raise FeedDrift(f"{url}: XML mit DOCTYPE/Entitäten wird nicht gelesen.")
    try:
        return ET.fromstring(body)  # noqa: S314 # nosec B314 - DTD and entities refused above
    except ET.ParseError as error:
        raise FeedDrift(f"{url}: kein lesbares XML ({error}).") from None


def _text(element, path: str) -> str:
    found = element.find(path) if element is not None else None
    return " ".join((found.text or "").split()) if found is not None and found.text else ""


def _personio_offices(position) -> list[str]:
    offices = [_text(position, "office")]
    extra = position.find("additionalOffices")
    if extra is not None:
        offices += [" ".join((o.text or "").split()) for o in extra.findall("office")]
        offices += [part.strip() for part in (extra.text or "").split(",")]
    return [o for o in dict.fromkeys(offices) if o]


def _inner(element) -> str:
    """All text inside an element ('' for None)."""
    return "".join(element.itertext()) if element is not None else ""


def _personio_description(position) -> str:
    parts = []
    for section in position.iter("jobDescription"):
        name, text = _text(section, "name"), text_of(_inner(section.find("value")))
        if text:
            parts.append(f"**{name}**\n\n{text}" if name else text)
    return "\n\n".join(parts)


def personio_posting(position, host: str) -> Posting:
    """One `<position>` as a Posting (BadPosting without id or name)."""
    ref, title = _text(position, "id"), _text(position, "name")
    if not ref or not title:
        raise BadPosting("Stelle ohne <id> oder <name>")
    offices = _personio_offices(position)
    types = list(SCHEDULES.get(_text(position, "schedule").lower(), []))
    special = PERSONIO_TYPES.get(_text(position, "employmentType").lower())
    if _text(position, "seniority").lower() == "student":
        special = special or "werkstudent"
    towns = [_town_of(o) for o in offices]
    remote = [is_remote(o) for o in offices]
    model = "remote" if remote and all(remote) else "hybrid" if any(remote) else ""
    return Posting(
        ref=ref,
        title=title,
        description=_personio_description(position),
        locations=[location(town=t) for t in towns if t and not is_remote(t)],
        employment_types=[special] if special else types,
        working_model=model,
        url=f"https://{host}/job/{ref}",
        employer=_text(position, "subcompany"),
        published=_text(position, "createdAt"),
        sector=_text(position, "recruitingCategory"),
    )


def _town_of(office: str) -> str:
    """'Berlin (Remote)' -> 'Berlin'."""
    return office.split("(")[0].strip()


def read_personio(root, url: str) -> list:
    """(Posting | BadPosting) per `<position>` of a Personio feed."""
    host = urlsplit(url).hostname or ""
    out = []
    for position in root.findall("position"):
        try:
            out.append(personio_posting(position, host))
        except BadPosting as error:
            out.append(error)
    return out


def _rss_posting(item) -> Posting:
    title = _text(item, "title")
    ref = _text(item, "guid") or _text(item, "link")
    if not ref or not title:
        raise BadPosting("Eintrag ohne <guid>/<link> oder <title>")
    description = _inner(item.find("description"))
    return Posting(
        ref=ref,
        title=title,
        description=text_of(description),
        locations=locations_in_text(f"{title} {text_of(description)}"),
        url=_text(item, "link"),
        published=_text(item, "pubDate"),
    )


def _atom_link(entry) -> str:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return ""


def _atom_posting(entry) -> Posting:
    title, ref = _text(entry, f"{ATOM}title"), _text(entry, f"{ATOM}id")
    if not ref or not title:
        raise BadPosting("Eintrag ohne <id> oder <title>")
    body = entry.find(f"{ATOM}content")
    text = text_of(_inner(body if body is not None else entry.find(f"{ATOM}summary")))
    return Posting(
        ref=ref,
        title=title,
        description=text,
        locations=locations_in_text(f"{title} {text}"),
        url=_atom_link(entry),
        employer=_text(entry, f"{ATOM}author/{ATOM}name"),
        published=_text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated"),
    )


def _each(records, read) -> list:
    out = []
    for record in records:
        try:
            out.append(read(record))
        except BadPosting as error:
            out.append(error)
    return out


def read_xml_feed(body: bytes, url: str) -> tuple[str, list]:
    """(format name, Postings and BadPostings) of a Personio, RSS or Atom feed;
    FeedDrift for any other XML."""
    root = parse_xml(body, url)
    if root.tag == "workzag-jobs":
        return "personio", read_personio(root, url)
    if root.tag == "rss":
        return "rss", _each(root.findall("channel/item"), _rss_posting)
    if root.tag == f"{ATOM}feed":
        return "atom", _each(root.findall(f"{ATOM}entry"), _atom_posting)
    raise FeedDrift(
        f"{url}: unbekanntes XML-Format <{root.tag}> "
        "(erwartet: <workzag-jobs> von Personio, <rss> oder Atom <feed>)."
    )
