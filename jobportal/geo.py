"""Places of Germany: loading the shipped CSV, name folding, distances."""

import csv
import math
import re
import unicodedata
from pathlib import Path

from sqlalchemy import func, insert, select

from .extensions import db
from .models import Place

PLACES_CSV = Path(__file__).resolve().parent / "data" / "places_de.csv"
EARTH_RADIUS_KM = 6371.0088

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Fold a place name for lookups: 'Großröhrsdorf' and 'Grossroehrsdorf' become equal."""
    text = unicodedata.normalize("NFC", text or "").lower().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def load_places(path: Path = PLACES_CSV) -> int:
    """Load the places CSV into an empty places table; returns the number of places.

    Idempotent: does nothing when places are already loaded.
    """
    if db.session.execute(select(func.count(Place.id))).scalar_one():
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            {
                "postal_code": row["postal_code"],
                "name": row["name"],
                "name_key": fold(row["name"]),
                "state": row["state"],
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
            }
            for row in csv.DictReader(handle)
        ]
    db.session.execute(insert(Place), rows)
    return len(rows)
