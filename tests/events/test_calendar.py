"""Calendars, CSV and JSON-LD: .ics parsed with the icalendar package, the CSV as Excel reads
it, the JSON-LD Event as search engines read it."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import icalendar
from sqlalchemy import select

from jobportal import events
from jobportal.core.extensions import db
from jobportal.models import Event, EventRegistration, User
from tests.support.events import make_event


def _ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_event_ics_is_valid_icalendar_in_utc(app, client):
    event_id = make_event(app, title="Rückkehrertag; Kamenz, mit Komma", capacity=30)
    response = client.get(f"/veranstaltungen/{event_id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    assert b"\r\n" in response.data  # RFC 5545 line ends
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (item,) = calendar.walk("VEVENT")
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert item.decoded("DTSTART") == event.starts_at
        assert item.decoded("DTEND") == event.ends_at
        assert item.decoded("DTSTART").tzinfo is not None
    assert str(item["SUMMARY"]) == "Rückkehrertag: Rückkehrertag; Kamenz, mit Komma"
    assert str(item["UID"]).startswith(f"event-{event_id}@")
    assert str(item["LOCATION"]) == "Rathaus, Ratssaal, Markt 1, 01917 Kamenz"
    assert str(item["STATUS"]) == "CONFIRMED"
    assert str(item["URL"]).endswith(f"/veranstaltungen/{event_id}")
    assert item.get("DTSTAMP") is not None


def test_feed_has_every_upcoming_event_and_marks_cancelled(app, client, factory):
    first = make_event(app, starts_in=timedelta(days=2))
    second = make_event(app, member="radeberg", starts_in=timedelta(days=9))
    make_event(app, starts_in=timedelta(days=-2))  # over: not in the feed
    admin = factory.user(role="admin")
    with app.app_context():
        events.cancel_event(db.session.get(Event, second), db.session.get(User, admin))
        db.session.commit()
    response = client.get("/veranstaltungen.ics")
    calendar = icalendar.Calendar.from_ical(response.data)
    items = calendar.walk("VEVENT")
    assert [str(i["UID"]).split("@")[0] for i in items] == [f"event-{first}", f"event-{second}"]
    assert [str(i["STATUS"]) for i in items] == ["CONFIRMED", "CANCELLED"]
    assert "Veranstaltungen" in str(calendar["X-WR-CALNAME"])


def test_csv_for_excel_is_safe_from_formulas(app, factory):
    event_id = make_event(app)
    with app.app_context():
        now = datetime.now(UTC)
        rows = [
            ("Jörg Müller", "joerg@example.org"),
            ('=HYPERLINK("http://evil.example","klick")', "evil@example.org"),
            ("+49 3578", "plus@example.org"),
            ("@SUM(A1)", "at@example.org"),
            ("-1", "minus@example.org"),
            ("Ohne; Semikolon", "semi@example.org"),
        ]
        for i, (name, email) in enumerate(rows):
            db.session.add(
                EventRegistration(
                    event_id=event_id,
                    name=name,
                    email=email,
                    status=EventRegistration.CONFIRMED,
                    confirmed_at=now + timedelta(minutes=i),
                    secret="x" * 32,
                )
            )
        db.session.add(
            EventRegistration(
                event_id=event_id, name="Offen", email="offen@example.org", secret="y" * 32
            )
        )
        db.session.commit()
        data = events.registrations_csv(db.session.get(Event, event_id))
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0] == ["Name", "E-Mail-Adresse", "Angemeldet am", "Mit Konto"]
    names = [row[0] for row in table[1:]]
    assert names == [
        "Jörg Müller",
        '\'=HYPERLINK("http://evil.example","klick")',
        "'+49 3578",
        "'@SUM(A1)",
        "'-1",
        "Ohne; Semikolon",
    ]  # only confirmed ones, pending guests are not coming
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d", table[1][2])
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in table for cell in row)


def test_event_page_json_ld_event(app, client, factory):
    company = factory.company(name="Kamenzer Metallbau GmbH")
    event_id = make_event(app, capacity=2, exhibitors=(company,), kind="jobmesse")
    html = client.get(f"/veranstaltungen/{event_id}").get_data(as_text=True)
    data = _ld(html)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "Event"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00", data["startDate"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00", data["endDate"])
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert datetime.fromisoformat(data["startDate"]) == event.starts_at
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    location = data["location"]
    assert location["@type"] == "Place" and location["name"] == "Rathaus, Ratssaal"
    assert location["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Markt 1",
        "postalCode": "01917",
        "addressLocality": "Kamenz",
        "addressRegion": "Sachsen",
        "addressCountry": "DE",
    }
    assert data["organizer"]["@type"] == "Organization" and data["organizer"]["name"]
    assert data["url"].endswith(f"/veranstaltungen/{event_id}")
    assert data["maximumAttendeeCapacity"] == 2
    assert data["offers"]["availability"] == "https://schema.org/InStock"


def test_json_ld_of_a_cancelled_full_event(app, client, factory):
    event_id = make_event(app, capacity=1)
    seeker, admin = factory.user(), factory.user(role="admin")
    with app.app_context():
        event = db.session.get(Event, event_id)
        events.register_user(event, db.session.get(User, seeker))
        events.cancel_event(event, db.session.get(User, admin))
        db.session.commit()
        assert db.session.execute(select(EventRegistration)).scalar_one().is_confirmed
    data = _ld(client.get(f"/veranstaltungen/{event_id}").get_data(as_text=True))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
