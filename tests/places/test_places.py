"""Places of Germany: lookups, suggestions and radius search."""

import math

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.core.geometry import haversine_km
from jobportal.models import Place
from jobportal.places import (
    clear_locality_cache,
    locality_of,
    lookup_place,
    place_distances,
    place_for,
    places_of,
    places_within,
    rank,
    suggest_places,
)


@pytest.mark.parametrize(
    "query",
    ["Großröhrsdorf", "Grossroehrsdorf", "grossröhrsdorf", "GROSSRÖHRSDORF", " Großröhrsdorf  "],
)
def test_umlaut_and_transcribed_spellings_find_the_town(ctx, query):
    result = lookup_place(query)
    assert result.found and not result.ambiguous
    assert result.locality.label == "Großröhrsdorf (01900, Sachsen)"


@pytest.mark.parametrize("query", ["01917", "Kamenz", "01917 Kamenz", "Kamenz 01917", "kamenz"])
def test_postal_code_name_or_both_find_kamenz(ctx, query):
    result = lookup_place(query)
    assert result.locality.name == "Kamenz"
    assert result.locality.state_name == "Sachsen"
    assert result.locality.postal_codes == ("01917",)
    assert result.candidates == (result.locality,)


def test_a_town_groups_its_postal_codes_with_the_mean_centroid(ctx):
    dresden = lookup_place("Dresden").locality
    rows = db.session.execute(select(Place).filter_by(name="Dresden", state="SN")).scalars().all()
    assert len(dresden.postal_codes) == len(rows) > 20
    assert "01067" in dresden.postal_codes
    assert dresden.lat == pytest.approx(sum(p.lat for p in rows) / len(rows))
    assert dresden.lon == pytest.approx(sum(p.lon for p in rows) / len(rows))
    assert dresden.label.startswith("Dresden (01067–") and dresden.label.endswith(", Sachsen)")
    assert sorted(p.id for p in places_of(dresden)) == sorted(dresden.place_ids)


def test_names_with_qualifiers(ctx):
    frankfurt = lookup_place("Frankfurt am Main")
    assert frankfurt.found and frankfurt.locality.state_name == "Hessen"
    both = lookup_place("Frankfurt")
    assert both.ambiguous and {c.name for c in both.candidates} == {
        "Frankfurt am Main",
        "Frankfurt (Oder)",
    }
    assert lookup_place("Stollberg").locality.name == "Stollberg/Erzgebirge"
    assert lookup_place("Stollberg/Erzgeb.").locality.name == "Stollberg/Erzgebirge"
    assert lookup_place("Oelsnitz/Erzgebirge").locality.name == "Oelsnitz/Erzgeb."
    assert lookup_place("Oelsnitz").ambiguous


@pytest.mark.parametrize(
    ("query", "states"),
    [("Freiberg", {"SN", "BW"}), ("Mühlhausen", {"BW", "BY", "TH"}), ("Neustadt", None)],
)
def test_a_name_shared_by_several_towns_is_ambiguous(ctx, query, states):
    result = lookup_place(query)
    assert result.ambiguous and result.locality is None
    assert result.point is None and result.place_ids == ()
    if states:
        assert {c.state for c in result.candidates} == states
    assert list(result.candidates) == sorted(result.candidates, key=rank)
    sizes = [len(c.postal_codes) for c in result.candidates]
    assert sizes == sorted(sizes, reverse=True)
    labels = [c.label for c in result.candidates]
    assert len(set(labels)) == len(labels)


def test_same_name_same_state_far_apart_are_different_towns(ctx):
    bavarian = [c for c in lookup_place("Mühlhausen").candidates if c.state == "BY"]
    assert len(bavarian) == 2
    a, b = bavarian
    assert haversine_km(a.lat, a.lon, b.lat, b.lon) > 15
    saxon = [c for c in lookup_place("Lichtenberg").candidates if c.state == "SN"]
    assert {c.postal_codes for c in saxon} == {("01896",), ("09638",)}


def test_every_candidate_can_be_chosen_by_its_query(ctx):
    for name in ("Mühlhausen", "Lichtenberg", "Neustadt", "Halle"):
        for candidate in lookup_place(name).candidates:
            assert lookup_place(candidate.query).locality == candidate


def test_postal_code_with_several_towns(ctx):
    result = lookup_place("01896")
    assert result.ambiguous
    assert [c.name for c in result.candidates] == ["Lichtenberg", "Ohorn", "Pulsnitz"]
    row = db.session.execute(select(Place).filter_by(postal_code="01896")).scalars().first()
    assert result.point == (row.lat, row.lon)  # the code alone still places a radius search
    assert len(result.place_ids) == 3
    chosen = lookup_place("01896 Pulsnitz")
    assert chosen.locality.name == "Pulsnitz" and chosen.name_matched is True
    assert chosen.place_id == place_for("01896", "Pulsnitz").id


def test_postal_code_with_a_wrong_name_prefers_the_code(ctx):
    result = lookup_place("01917 Dresden")
    assert result.locality.name == "Kamenz" and result.name_matched is False
    assert place_for("01917", "Dresden") is None


def test_place_for_postal_code_and_name(ctx):
    assert place_for("01917").name == "Kamenz"
    assert place_for("01917", "Kamenz").postal_code == "01917"
    assert place_for("02994", "Bernsdorf").state == "SN"
    assert place_for("01896") is None  # three towns share the code
    assert place_for("1917") is None
    assert place_for("abcde", "Kamenz") is None


def test_a_code_of_a_large_town_narrows_the_point(ctx):
    result = lookup_place("01067 Dresden")
    row = place_for("01067", "Dresden")
    assert result.locality.name == "Dresden" and result.point == (row.lat, row.lon)
    assert result.place_ids == (row.id,) and result.place_id == row.id
    assert locality_of(row) == result.locality
    assert result.locality.for_code("01067").label == "Dresden (01067, Sachsen)"


@pytest.mark.parametrize("query", ["Atlantis", "99999", "00000 Kamenz", "Kamenzz"])
def test_unknown_places_give_an_empty_answer(ctx, query):
    result = lookup_place(query)
    assert not result.found and not result.ambiguous and result.candidates == ()
    assert result.point is None


ODD_INPUT = [
    "",
    "  ",
    "%",
    "_",
    "x" * 500,
    "🏔️",
    "Dresden 🎉",
    None,
    "'; DROP TABLE places;--",
    "\x00",
]


@pytest.mark.parametrize("query", ODD_INPUT)
def test_odd_input_never_fails(ctx, query):
    result = lookup_place(query)
    assert isinstance(result.candidates, tuple)
    assert isinstance(suggest_places(query), list)


def test_suggestions_by_name_prefix(ctx):
    found = suggest_places("Grossr")
    assert "Großröhrsdorf" in [loc.name for loc in found]
    assert suggest_places("Kamenz")[0].name == "Kamenz"
    gro = suggest_places("Gro", limit=5)
    assert len(gro) == 5
    assert all(loc.name.lower().startswith("gro") for loc in gro)
    assert suggest_places("Mühlh") == suggest_places("muehlh")
    assert suggest_places("Kamenz", limit=0) == []


def test_suggestions_by_postal_code_prefix(ctx):
    found = suggest_places("019", limit=30)
    codes = [loc.postal_codes for loc in found]
    assert all(len(c) == 1 and c[0].startswith("019") for c in codes)
    assert codes == sorted(codes)
    assert "Kamenz (01917, Sachsen)" in [loc.label for loc in found]
    assert [loc.label for loc in suggest_places("01917 Ka")] == ["Kamenz (01917, Sachsen)"]
    assert [loc.label for loc in suggest_places("0106")] == [
        "Dresden (01067, Sachsen)",
        "Dresden (01069, Sachsen)",
    ]


def _brute_force(lat, lon, radius_km):
    rows = db.session.execute(select(Place.id, Place.lat, Place.lon)).all()
    return {row.id for row in rows if haversine_km(lat, lon, row.lat, row.lon) <= radius_km}


@pytest.mark.parametrize(
    ("lat", "lon", "radius_km"),
    [
        (51.29016, 14.08138, 0),
        (51.29, 14.08, 25),
        (51.05, 13.74, 7.5),
        (50.6, 12.7, 60),
        (54.3, 10.1, 40),
        (47.6, 7.6, 30),
    ],
)
def test_places_within_equals_brute_force(ctx, lat, lon, radius_km):
    found = place_distances(lat, lon, radius_km)
    assert {place.id for place, _d in found} == _brute_force(lat, lon, radius_km)
    distances = [distance for _place, distance in found]
    assert distances == sorted(distances)
    assert [p.id for p in places_within(lat, lon, radius_km)] == [p.id for p, _d in found]


def test_places_within_includes_the_centre_and_rejects_nonsense(ctx):
    kamenz = place_for("01917")
    assert kamenz in places_within(kamenz.lat, kamenz.lon, 0)
    assert places_within(kamenz.lat, kamenz.lon, -1) == []
    assert places_within(math.nan, 14.0, 10) == []
    assert places_within(51.0, 14.0, math.inf) == []
    assert places_within(95.0, 14.0, 10) == []


def test_cache_is_rebuilt_after_clearing(ctx):
    before = lookup_place("Kamenz").locality
    clear_locality_cache()
    assert lookup_place("Kamenz").locality == before
