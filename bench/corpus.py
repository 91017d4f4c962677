"""Reproducible German job listings for benchmarks and demo-scale tests.

    python bench/corpus.py 2000 --seed 7          # print a summary and one listing
    generate(n, seed)   -> listing dicts (plain values: title, description, place, ...)
    documents(n, seed)  -> index documents (jobportal.search.job_document), no database
    fill_database(n, seed) -> companies and published jobs in the app's database

Always ``random.Random(seed)``, never the global ``random``: Whoosh names its segments
with the global generator.
"""

import csv
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
PLACES_CSV = ROOT / "jobportal" / "data" / "places_de.csv"
STATES = ("SN", "TH")

# sector -> occupations (base form; titles add "(m/w/d)" or a female form).
OCCUPATIONS = {
    "handwerk": "Elektriker|Anlagenmechaniker SHK|Tischler|Dachdecker|Maler und Lackierer|"
    "Fliesenleger|Bäcker|Konditor|Fleischer|Friseur|Kfz-Mechatroniker|Zimmerer|Metallbauer|"
    "Glaser|Schornsteinfeger|Raumausstatter|Elektroniker für Energie- und Gebäudetechnik|"
    "Installateur|Steinmetz|Orthopädietechniker|Zahntechniker|Augenoptiker|Hörakustiker",
    "industrie": "Industriemechaniker|Zerspanungsmechaniker|CNC-Fräser|Maschinenbediener|"
    "Produktionshelfer|Verfahrensmechaniker|Mechatroniker|Schweißer|Qualitätsprüfer|"
    "Werkzeugmechaniker|Elektroniker für Betriebstechnik|Chemikant|Produktionsleiter|"
    "Instandhalter|Konstrukteur|Maschinenbauingenieur|Fertigungsplaner|Schichtleiter|"
    "Lackierer|Kunststofftechniker|Mikrotechnologe|Halbleiterfertiger",
    "it": "Softwareentwickler|Java-Entwickler|Webentwickler|Frontend-Entwickler|"
    "Backend-Entwickler|Fachinformatiker Systemintegration|Fachinformatiker "
    "Anwendungsentwicklung|Systemadministrator|IT-Administrator|Datenbankadministrator|"
    "DevOps Engineer|IT-Sicherheitsbeauftragter|Data Scientist|IT-Projektleiter|"
    "SAP-Berater|Netzwerktechniker|IT-Support Mitarbeiter|Embedded-Softwareentwickler|"
    "Python-Entwickler|Cloud-Architekt|UX-Designer|Testingenieur",
    "gesundheit": "Pflegefachkraft|Altenpfleger|Gesundheits- und Krankenpfleger|"
    "Pflegehelfer|Medizinische Fachangestellte|Zahnmedizinische Fachangestellte|"
    "Physiotherapeut|Ergotherapeut|Logopäde|Hebamme|Notfallsanitäter|Rettungssanitäter|"
    "Arzt in Weiterbildung|Facharzt für Allgemeinmedizin|Oberarzt Innere Medizin|"
    "Apotheker|Pharmazeutisch-technischer Assistent|Medizinisch-technischer Radiologieassistent|"
    "Heilerziehungspfleger|Pflegedienstleitung|Operationstechnischer Assistent|"
    "Tierarzt|Tiermedizinische Fachangestellte|Diätassistent",
    "soziales": "Erzieher|Sozialpädagoge|Sozialarbeiter|Kinderpfleger|Sozialassistent|"
    "Heilpädagoge|Schulbegleiter|Betreuungskraft|Jugendsozialarbeiter|Familienhelfer|"
    "Kitaleitung|Integrationshelfer",
    "handel": "Verkäufer|Kaufmann im Einzelhandel|Filialleiter|Kassierer|Außendienstmitarbeiter|"
    "Vertriebsmitarbeiter Innendienst|Key Account Manager|Einkäufer|Fachberater|"
    "Verkaufsberater|Disponent Einkauf|E-Commerce Manager|Marktleiter|Auszubildender Verkauf",
    "logistik": "Berufskraftfahrer|Lagerist|Fachkraft für Lagerlogistik|Staplerfahrer|"
    "Kommissionierer|Disponent|Busfahrer|Lokführer|Kurierfahrer|Speditionskaufmann|"
    "Logistikleiter|Fahrer Klasse C/CE|Paketzusteller|Triebfahrzeugführer",
    "bau": "Bauleiter|Maurer|Bauingenieur|Architekt|Tiefbauer|Straßenbauer|Betonbauer|"
    "Baggerfahrer|Vermessungstechniker|Bauzeichner|Polier|Bautechniker|Gerüstbauer|"
    "Kanalbauer|Trockenbauer|Estrichleger",
    "verwaltung": "Verwaltungsfachangestellter|Sachbearbeiter Bauamt|Sachbearbeiter Bürgerbüro|"
    "Kämmerer|Standesbeamter|Sachbearbeiter Personal|Bürokaufmann|Kaufmann für Büromanagement|"
    "Teamassistenz|Sekretär|Empfangsmitarbeiter|Verwaltungswirt|Stadtplaner|"
    "Ordnungsamtsmitarbeiter|Digitalisierungsbeauftragter",
    "gastronomie": "Koch|Beikoch|Servicekraft|Restaurantfachmann|Hotelfachmann|Rezeptionist|"
    "Küchenhilfe|Barkeeper|Hausdame|Küchenchef|Systemgastronom|Zimmermädchen|"
    "Veranstaltungskaufmann|Reiseverkehrskaufmann",
    "finanzen": "Bankkaufmann|Steuerfachangestellter|Buchhalter|Finanzbuchhalter|"
    "Lohnbuchhalter|Controller|Versicherungskaufmann|Kundenberater Bank|Steuerberater|"
    "Wirtschaftsprüfer|Bilanzbuchhalter|Kreditsachbearbeiter",
    "bildung": "Lehrer|Grundschullehrer|Berufsschullehrer|Dozent|Ausbilder|"
    "Wissenschaftlicher Mitarbeiter|Bibliothekar|Schulsozialarbeiter|Nachhilfelehrer|"
    "Trainer Erwachsenenbildung|Laborant|Doktorand",
    "energie": "Energieberater|Elektroingenieur|Umwelttechniker|Fachkraft für Abwassertechnik|"
    "Fachkraft für Wasserversorgungstechnik|Servicetechniker Windenergie|Solarteur|"
    "Anlagenfahrer|Projektingenieur Erneuerbare Energien|Netzmonteur|Recyclingfachkraft",
    "landwirtschaft": "Landwirt|Tierwirt|Gärtner|Forstwirt|Agrarwissenschaftler|"
    "Landmaschinenmechaniker|Melker|Erntehelfer|Winzer|Florist|Garten- und Landschaftsbauer",
    "medien": "Mediengestalter|Redakteur|Grafikdesigner|Fotograf|Veranstaltungstechniker|"
    "Online-Redakteur|Social Media Manager|Museumspädagoge|Tontechniker|Marketingmanager",
    "dienstleistung": "Reinigungskraft|Hausmeister|Sicherheitsmitarbeiter|Gebäudereiniger|"
    "Kundenservice Mitarbeiter|Callcenter Agent|Personaldisponent|Immobilienkaufmann|"
    "Objektbetreuer|Textilreiniger|Bestatter|Kosmetiker|Fitnesstrainer|Personalreferent",
}
FEMALE = {
    "er": "erin",
    "eur": "eurin",
    "ist": "istin",
    "ent": "entin",
    "ant": "antin",
    "ekt": "ektin",
    "oge": "ogin",
    "arzt": "ärztin",
}
TASKS = (
    "Sie übernehmen eigenverantwortlich die Planung und Durchführung der täglichen Aufgaben",
    "Sie arbeiten eng mit unseren Kolleginnen und Kollegen im Bereich {sector} zusammen",
    "Zu Ihren Aufgaben gehören Wartung, Dokumentation und Qualitätskontrolle",
    "Sie beraten unsere Kunden kompetent und freundlich vor Ort und am Telefon",
    "Sie unterstützen die Teamleitung bei Organisation und Einsatzplanung",
    "Sie sorgen für die Einhaltung der Vorschriften zu Arbeitsschutz und Hygiene",
    "Sie wirken an der Weiterentwicklung unserer Abläufe und der Digitalisierung mit",
    "Sie betreuen eigene Projekte von der Angebotserstellung bis zur Abnahme",
    "Sie leiten Auszubildende an und geben Ihr Wissen weiter",
    "Sie arbeiten mit modernen Maschinen, Werkzeugen und Softwarelösungen",
)
NEEDS = (
    "eine abgeschlossene Ausbildung als {occupation} oder eine vergleichbare Qualifikation",
    "erste Berufserfahrung, gern aber auch Berufseinsteiger und Rückkehrer in die Region",
    "Zuverlässigkeit, Teamgeist und eine selbstständige Arbeitsweise",
    "einen Führerschein der Klasse B",
    "gute Deutschkenntnisse in Wort und Schrift",
    "Freude am Umgang mit Menschen und ein freundliches Auftreten",
    "Bereitschaft zur Schichtarbeit und gelegentlich zu Wochenenddiensten",
    "sicherer Umgang mit den gängigen Office-Programmen",
)
OFFERS = (
    "eine unbefristete Festanstellung in einem familiären Team",
    "eine Vergütung nach Tarif mit Urlaubs- und Weihnachtsgeld",
    "30 Tage Urlaub und flexible Arbeitszeiten",
    "ein Jobticket und Zuschüsse zur betrieblichen Altersvorsorge",
    "Unterstützung bei der Wohnungssuche für Rückkehrer nach {place}",
    "Fort- und Weiterbildungen sowie echte Aufstiegschancen",
    "ein modernes Arbeitsumfeld und kurze Entscheidungswege",
    "Kinderbetreuungszuschuss und Gesundheitsangebote",
    "die Möglichkeit zum mobilen Arbeiten an einzelnen Tagen",
)
INTRO = (
    "Die {company} ist seit über {years} Jahren in {place} und Umgebung tätig.",
    "Wir sind ein wachsendes Unternehmen aus {place} mit rund {staff} Beschäftigten.",
    "Als regional verwurzelter Betrieb in {place} suchen wir Verstärkung für unser Team.",
    "Für unseren Standort in {place} suchen wir ab sofort eine engagierte Persönlichkeit.",
)
COMPANY_FORMS = ("GmbH", "GmbH & Co. KG", "AG", "e. K.", "eG", "gGmbH")
SURNAMES = (
    "Müller",
    "Schmidt",
    "Richter",
    "Wagner",
    "Hoffmann",
    "Krause",
    "Lehmann",
    "Schäfer",
    "Köhler",
    "Böhme",
    "Günther",
    "Seidel",
    "Fischer",
    "Zimmermann",
)
EMPLOYMENT = (
    "vollzeit",
    "vollzeit",
    "vollzeit",
    "teilzeit",
    "teilzeit",
    "ausbildung",
    "minijob",
    "praktikum",
    "werkstudent",
    "duales_studium",
)
WORKING = ("vor_ort", "vor_ort", "vor_ort", "hybrid", "remote")


def occupations() -> list[tuple[str, str]]:
    """All (occupation, sector) pairs."""
    return [(o, s) for s, names in OCCUPATIONS.items() for o in names.split("|")]


def load_places(states=STATES) -> list[dict]:
    """Places of the given states from the shipped CSV."""
    with PLACES_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            {**row, "lat": float(row["lat"]), "lon": float(row["lon"])}
            for row in csv.DictReader(handle)
            if row["state"] in states
        ]


def _title(rng: random.Random, occupation: str) -> str:
    """A realistic title: gender note, female form or a seniority prefix."""
    head = occupation.split()[0]
    female = next((head[: -len(k)] + v for k, v in FEMALE.items() if head.endswith(k)), None)
    choice = rng.random()
    if female and choice < 0.25:
        return f"{female} / {occupation}".replace(f"{head} / {head}", f"{female} / {head}")
    if choice < 0.35:
        return f"Senior {occupation} (m/w/d)"
    if choice < 0.45:
        return f"{occupation} in Teilzeit (m/w/d)"
    return f"{occupation} (m/w/d)"


def _paragraph(rng: random.Random, pool, k: int, **slots) -> str:
    """``k`` distinct sentences from ``pool`` with the slots filled in."""
    return " ".join(s.format(**slots).rstrip(".") + "." for s in rng.sample(pool, k))


def _description(rng: random.Random, occupation, sector, company, place) -> str:
    """100-300 words of Markdown: intro, tasks, profile, offer."""
    from jobportal.models.jobs import SECTORS

    slots = {
        "occupation": occupation,
        "sector": SECTORS[sector],
        "company": company,
        "place": place,
        "years": rng.randint(5, 120),
        "staff": rng.choice((12, 25, 40, 80, 150, 400)),
    }
    parts = [rng.choice(INTRO).format(**slots)]
    for heading, pool, low, high in (
        ("Ihre Aufgaben", TASKS, 3, 6),
        ("Ihr Profil", NEEDS, 2, 5),
        ("Wir bieten", OFFERS, 3, 6),
    ):
        items = rng.sample(pool, rng.randint(low, high))
        parts.append(f"**{heading}**\n" + "\n".join(f"- {i.format(**slots)}" for i in items))
    parts.append(_paragraph(rng, INTRO + TASKS, rng.randint(1, 4), **slots))
    parts.append(f"Wir freuen uns auf Ihre Bewerbung als {occupation} in {place}!")
    return "\n\n".join(parts)


def generate(n: int, seed: int = 1, today: date | None = None, places: list | None = None):
    """Yield ``n`` listing dicts (plain values), reproducible for a seed.

    ``places`` (dicts with postal_code, name, lat, lon) defaults to Saxony and Thuringia.
    """
    rng = random.Random(seed)
    jobs, places = occupations(), places or load_places()
    if today is None:
        from jobportal.core.clock import berlin_today

        today = berlin_today()
    companies = [
        f"{rng.choice(SURNAMES)} {rng.choice(('Bau', 'Technik', 'Service', 'Pflege', 'Logistik', 'Handel', 'Digital', 'Werke'))} {rng.choice(COMPANY_FORMS)}"  # noqa: E501
        for _ in range(max(n // 8, 5))
    ]
    for number in range(1, n + 1):
        occupation, sector = rng.choice(jobs)
        place, company = rng.choice(places), rng.choice(companies)
        salary = rng.random() < 0.4
        base = rng.randint(2200, 6500) * 100
        yield {
            "ref": f"bench-{seed}-{number}",
            "title": _title(rng, occupation),
            "description": _description(rng, occupation, sector, company, place["name"]),
            "company": company,
            "sector": sector,
            "employment_types": sorted(set(rng.sample(EMPLOYMENT, rng.choice((1, 1, 2))))),
            "working_model": rng.choice(WORKING),
            "salary_min": base if salary else None,
            "salary_max": base + 50000 if salary else None,
            "place": place,
            "published_at": datetime.combine(today, datetime.min.time(), UTC)
            - timedelta(minutes=rng.randint(0, 60 * 24 * 60)),
            "ends_on": today + timedelta(days=rng.randint(1, 90)),
        }


JOB_FIELDS = (
    "title", "description", "employment_types", "working_model", "sector",
    "salary_min", "salary_max", "published_at", "ends_on",
)  # fmt: skip


def _job_fields(item: dict) -> dict:
    """The listing values that map one to one onto Job columns."""
    return {k: item[k] for k in JOB_FIELDS}


def _as_job(number: int, item: dict, place_id: int, member_id: int) -> SimpleNamespace:
    """A stand-in with the attributes jobportal.search.job_document reads."""
    place = SimpleNamespace(**{k: item["place"][k] for k in ("postal_code", "lat", "lon")})
    return SimpleNamespace(
        id=number,
        display_employer=item["company"],
        place=place,
        place_id=place_id,
        member_id=member_id,
        created_at=item["published_at"],
        **_job_fields(item),
    )


def documents(n: int, seed: int = 1):
    """Index documents for the Whoosh benchmark (no database; place ids made up)."""
    from jobportal.search import job_document

    place_ids: dict = {}
    for number, item in enumerate(generate(n, seed), start=1):
        key = (item["place"]["postal_code"], item["place"]["name"])
        place_id = place_ids.setdefault(key, len(place_ids) + 1)
        yield job_document(_as_job(number, item, place_id, number % 12 + 1))


def fill_database(n: int, seed: int = 1, batch: int = 1000) -> int:
    """Insert companies and published jobs (app context, places and region loaded).

    Jobs are placed in the network's places, so they are public and get indexed.
    """
    from sqlalchemy import select

    from jobportal.core.clock import berlin_today
    from jobportal.core.extensions import db
    from jobportal.models import Company, Job, Member

    today = berlin_today()
    members = [m for m in db.session.execute(select(Member)).scalars() if m.is_active(today)]
    network = {p.id: p for m in members for p in m.places}
    places = {(p.postal_code, p.name): p.id for p in network.values()}
    rows = [
        {"postal_code": p.postal_code, "name": p.name, "lat": p.lat, "lon": p.lon}
        for p in network.values()
    ]
    companies: dict = {}
    for number, item in enumerate(generate(n, seed, places=rows), start=1):
        company = companies.get(item["company"])
        if company is None:
            company = Company(
                name=item["company"],
                slug=f"bench-{seed}-{len(companies) + 1}",
                member=members[len(companies) % len(members)],
                sector=item["sector"],
                verified_at=datetime.now(UTC),
            )
            companies[item["company"]] = company
        db.session.add(
            Job(
                company=company,
                member=company.member,
                state="published",
                place_id=places[(item["place"]["postal_code"], item["place"]["name"])],
                source="bench",
                external_ref=item["ref"],
                apply_email="bewerbung@example.org",
                **_job_fields(item),
            )
        )
        if number % batch == 0:
            db.session.commit()
    db.session.commit()
    return n


def main(argv: list[str]) -> None:
    """Print a summary of a generated corpus (smoke run)."""
    import time

    n = int(argv[1]) if len(argv) > 1 else 2000
    seed = int(argv[3]) if len(argv) > 3 and argv[2] == "--seed" else 1
    started = time.perf_counter()
    items = list(generate(n, seed))
    seconds = time.perf_counter() - started
    words = [len(i["description"].split()) for i in items]
    print(
        f"{n} listings in {seconds:.2f} s; {len(occupations())} occupations; "
        f"{len({i['place']['postal_code'] for i in items})} postal codes; "
        f"description words min {min(words)} max {max(words)} "
        f"mean {sum(words) / len(words):.0f}"
    )
    print(items[0]["title"], "|", items[0]["company"], "|", items[0]["place"]["name"])
    print(items[0]["description"])


if __name__ == "__main__":
    main(sys.argv)
