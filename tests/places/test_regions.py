"""Regions, member municipalities and districts, and membership of places in the network."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import Member, Region
from jobportal.places import (
    MembershipError,
    active_members,
    add_member,
    available_regions,
    end_membership,
    in_network,
    member_for_place,
    members_for_place,
    nearest_members,
    network_places,
    place_for,
    region_definition,
    sync_region,
)

REGIONS = [
    "masterplan-suedwestsachsen",
    "nordthueringen",
    "regionalmanagement-erzgebirge",
    "wachstumsregion-dresden",
]
# The facts of shared/seeds: the Landkreis Bautzen is a partner since 2014, Dresden
# since 2016, Hoyerswerda signed on 3 June 2021.
BEFORE_HOYERSWERDA, HOYERSWERDA_JOINED = date(2021, 6, 2), date(2021, 6, 3)
DISTRICT_JOINED = date(2014, 1, 1)
BEFORE_DRESDEN = date(2015, 12, 31)


def _member(slug: str, region: str = "wachstumsregion-dresden") -> Member:
    query = select(Member).join(Member.region).where(Member.slug == slug, Region.slug == region)
    return db.session.execute(query).scalar_one()


@pytest.fixture
def all_regions(ctx):
    """All shipped regions synced into the test database (the configured one is Dresden)."""
    for slug in REGIONS:
        sync_region(slug)
    db.session.commit()


def test_shipped_regions_have_the_full_shape():
    assert available_regions() == REGIONS
    for slug in REGIONS:
        data = region_definition(slug)
        assert data["slug"] == slug
        for key in ("name", "portal_name", "tagline", "description"):
            assert data[key].strip()
        assert set(data["operator"]) == {"name", "address", "email", "phone"}
        assert set(data["legal"]) == {"impressum", "datenschutz", "barrierefreiheit"}
        assert "ODbL" in data["legal"]["impressum"] and "GeoNames" in data["legal"]["impressum"]
        for member in data["members"]:
            pattern = r"\d{5}" if member["kind"] == "district" else r"\d{8}"
            assert re.fullmatch(pattern, member["ags"]), member
            assert member["localities"] and date.fromisoformat(member["joined_on"])
        assert data["sources"] and all(source.strip() for source in data["sources"])


def test_all_regions_sync_idempotently(all_regions):
    counts = {r.slug: len(r.members) for r in db.session.execute(select(Region)).scalars()}
    assert counts == {
        "wachstumsregion-dresden": 9,
        "regionalmanagement-erzgebirge": 13,
        "nordthueringen": 3,
        "masterplan-suedwestsachsen": 5,
    }
    for slug in REGIONS:
        sync_region(slug)
    db.session.commit()
    assert db.session.execute(select(func.count(Member.id))).scalar_one() == 30
    for member in db.session.execute(select(Member)).scalars():
        assert member.places and member.center_place in member.places
        assert member.ags[:2] == {"SN": "14", "TH": "16"}[member.places[0].state]


def test_district_members_cover_their_municipalities(all_regions):
    bautzen = _member("landkreis-bautzen")
    assert bautzen.kind == "district" and bautzen.ags == "14625"
    assert len({p.name for p in bautzen.places}) == 57
    assert {"Bautzen", "Hoyerswerda", "Wittichenau", "Kamenz"} <= {p.name for p in bautzen.places}
    assert [p.postal_code for p in bautzen.places if p.name == "Bernsdorf"] == ["02994"]
    assert bautzen.center_place.name == "Bautzen"
    kyffhaeuser = _member("kyffhaeuserkreis", "nordthueringen")
    assert {p.state for p in kyffhaeuser.places} == {"TH"}
    assert {"Sondershausen", "Artern", "Bad Frankenhausen/Kyffhäuser"} <= {
        p.name for p in kyffhaeuser.places
    }
    assert "Mühlhausen/Thüringen" in {
        p.name for p in _member("unstrut-hainich-kreis", "nordthueringen").places
    }
    assert "Nordhausen" in {
        p.name for p in _member("landkreis-nordhausen", "nordthueringen").places
    }


def test_freiberg_is_the_12th_erzgebirge_municipality(all_regions):
    region = db.session.execute(
        select(Region).filter_by(slug="regionalmanagement-erzgebirge")
    ).scalar_one()
    newest = max(region.members, key=lambda m: m.joined_on)
    assert newest.name == "Freiberg" and newest.ags == "14522180"
    assert newest.joined_on == date(2024, 11, 11)
    towns = [m for m in region.members if m.kind == "municipality"]
    assert len(towns) == 12 and {"Annaberg-Buchholz", "Brand-Erbisdorf"} <= {m.name for m in towns}
    district = _member("erzgebirgskreis", "regionalmanagement-erzgebirge")
    assert district.kind == "district" and district.ags == "14521"
    assert len({p.name for p in district.places}) == 59
    assert "Freiberg" not in {p.name for p in district.places}


def test_masterplan_suedwestsachsen_has_five_territorial_bodies(all_regions):
    region = db.session.execute(
        select(Region).filter_by(slug="masterplan-suedwestsachsen")
    ).scalar_one()
    assert {(m.name, m.ags) for m in region.members} == {
        ("Chemnitz", "14511000"),
        ("Erzgebirgskreis", "14521"),
        ("Landkreis Mittelsachsen", "14522"),
        ("Vogtlandkreis", "14523"),
        ("Landkreis Zwickau", "14524"),
    }
    assert {m.joined_on for m in region.members} == {date(2025, 12, 11)}
    # the Erzgebirgskreis belongs to two networks: one member row in each
    erzgebirge = _member("erzgebirgskreis", "regionalmanagement-erzgebirge")
    assert _member("erzgebirgskreis", "masterplan-suedwestsachsen").id != erzgebirge.id
    assert "Freiberg" in {p.name for p in _member("landkreis-mittelsachsen", region.slug).places}
    zwickau = _member("landkreis-zwickau", region.slug)
    assert {p.postal_code for p in zwickau.places if p.name == "Bernsdorf"} == {"09337"}
    assert "Plauen" in {p.name for p in _member("vogtlandkreis", region.slug).places}


def test_dresden_dates_follow_the_sources(ctx):
    assert _member("landkreis-bautzen").joined_on == date(2014, 1, 1)
    assert _member("dresden").joined_on == date(2016, 1, 1)
    assert _member("hoyerswerda").joined_on == date(2021, 6, 3)
    dresden = place_for("01067")
    assert not in_network(dresden, on=BEFORE_DRESDEN)
    assert in_network(dresden, on=date(2016, 1, 1))


def test_nordthueringen_districts_joined_together(all_regions):
    region = db.session.execute(select(Region).filter_by(slug="nordthueringen")).scalar_one()
    assert {m.joined_on for m in region.members} == {date(2016, 1, 1)}


def test_hoyerswerda_joins_on_its_day(ctx):
    hoyerswerda = place_for("02977", "Hoyerswerda")
    # before its own membership the town was already in the network through its district
    assert member_for_place(hoyerswerda, on=BEFORE_HOYERSWERDA).slug == "landkreis-bautzen"
    assert member_for_place(hoyerswerda, on=HOYERSWERDA_JOINED).slug == "hoyerswerda"
    assert not in_network(hoyerswerda, on=DISTRICT_JOINED - timedelta(days=1))
    before = {m.slug for m in active_members(on=BEFORE_HOYERSWERDA)}
    assert "hoyerswerda" not in before and "kamenz" in before
    assert "hoyerswerda" in {m.slug for m in active_members(on=HOYERSWERDA_JOINED)}


def test_a_municipality_is_preferred_over_its_district(ctx):
    kamenz = place_for("01917")
    on = DISTRICT_JOINED
    assert [m.slug for m in members_for_place(kamenz, on=on)] == ["kamenz", "landkreis-bautzen"]
    assert member_for_place(kamenz, on=on).slug == "kamenz"
    assert member_for_place(kamenz.id, on=on).slug == "kamenz"
    bautzen = place_for("02625")
    assert member_for_place(bautzen, on=on).slug == "landkreis-bautzen"
    assert member_for_place(bautzen, on=on - timedelta(days=1)) is None
    assert member_for_place(kamenz, on=on - timedelta(days=1)) is None


def test_places_outside_the_network(ctx):
    on = DISTRICT_JOINED
    assert not in_network(place_for("01662", "Meißen"), on=on)
    assert not in_network(place_for("02826", "Görlitz"), on=on)
    assert not in_network(None, on=on)
    assert members_for_place(None) == []


def test_other_regions_do_not_count(all_regions):
    freiberg = place_for("09599", "Freiberg")
    assert freiberg.members  # a member of the Erzgebirge region …
    assert not in_network(freiberg)  # … but this installation serves the Dresden region


def test_network_places_follow_the_dates(ctx):
    founding = {p.name for p in network_places(on=DISTRICT_JOINED)}
    assert {"Kamenz", "Radeberg", "Großenhain", "Pulsnitz", "Bautzen", "Hoyerswerda"} <= founding
    assert "Dresden" not in founding and "Radeburg" not in founding
    with_dresden = {p.name for p in network_places(on=date(2016, 1, 1))}
    assert with_dresden - founding == {"Dresden", "Radeburg"}
    # Hoyerswerda's own membership adds no places: the district covered them already
    before = {p.id for p in network_places(on=BEFORE_HOYERSWERDA)}
    assert before == {p.id for p in network_places(on=HOYERSWERDA_JOINED)}
    assert not network_places(on=DISTRICT_JOINED - timedelta(days=1))


def test_membership_defaults_to_today_in_berlin(ctx):
    today = berlin_today()
    assert {m.id for m in active_members()} == {m.id for m in active_members(on=today)}
    assert in_network(place_for("01917"))


def test_a_member_that_left_is_no_longer_active(ctx):
    kamenz = _member("kamenz")
    end_membership(kamenz, date(2020, 1, 1))
    db.session.commit()
    place = place_for("01917")
    assert member_for_place(place, on=date(2019, 12, 31)).slug == "kamenz"
    # the town left, its district stays: the place still belongs to the network
    assert member_for_place(place, on=date(2020, 1, 1)).slug == "landkreis-bautzen"
    assert "kamenz" not in {m.slug for m in active_members(on=date(2020, 1, 1))}
    end_membership(kamenz, None)
    assert member_for_place(place, on=date(2020, 1, 1)).slug == "kamenz"


def test_a_leave_date_must_follow_the_join_date(ctx):
    hoyerswerda = _member("hoyerswerda")
    with pytest.raises(MembershipError) as error:
        end_membership(hoyerswerda, HOYERSWERDA_JOINED)
    assert error.value.field == "left_on"
    assert hoyerswerda.left_on is None


def test_admin_adds_a_member_that_joins_in_the_future(ctx):
    joins = berlin_today() + timedelta(days=30)
    meissen = add_member("Meißen", "14627140", joins, ["Meißen"], population=28000)
    db.session.commit()
    assert meissen.slug == "meissen" and meissen.region.slug == "wachstumsregion-dresden"
    place = place_for("01662", "Meißen")
    assert meissen.center_place == place
    assert meissen not in active_members()
    assert not in_network(place)
    assert in_network(place, on=joins)
    assert meissen in active_members(on=joins)


def test_add_member_with_postal_codes_and_a_district(ctx):
    district = add_member(
        "Landkreis Görlitz",
        "14626",
        date(2027, 1, 1),
        ["Görlitz", {"name": "Bernsdorf", "postal_codes": ["02994"]}],
        kind="district",
    )
    assert district.kind == "district"
    assert {p.postal_code for p in district.places if p.name == "Bernsdorf"} == {"02994"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "Kamenz", "ags": "14625250"}, "ags"),  # already a member
        ({"name": "Meißen", "ags": "1462714"}, "ags"),
        ({"name": "Meißen", "ags": "14627140", "kind": "zweckverband"}, "kind"),
        ({"name": "", "ags": "14627140"}, "name"),
        ({"name": "Meißen", "ags": "14627140", "localities": ["Atlantis"]}, "localities"),
        ({"name": "Meißen", "ags": "14627140", "localities": []}, "localities"),
        ({"name": "Kamenz", "ags": "14627140", "localities": ["Meißen"]}, "name"),  # slug taken
    ],
)
def test_add_member_refuses_bad_data(ctx, kwargs, field):
    values = {"joined_on": date(2027, 1, 1), "localities": ["Meißen"], **kwargs}
    with pytest.raises(MembershipError) as error:
        add_member(**values)
    assert error.value.field == field and error.value.message


def test_sync_keeps_dates_an_admin_changed(ctx):
    kamenz = _member("kamenz")
    kamenz.joined_on = date(2018, 5, 1)
    end_membership(kamenz, date(2030, 1, 1))
    add_member("Meißen", "14627140", date(2027, 1, 1), ["Meißen"])
    db.session.commit()
    sync_region("wachstumsregion-dresden")
    db.session.commit()
    kamenz = _member("kamenz")
    assert (kamenz.joined_on, kamenz.left_on) == (date(2018, 5, 1), date(2030, 1, 1))
    assert _member("meissen").joined_on == date(2027, 1, 1)
    assert db.session.execute(select(func.count(Member.id))).scalar_one() == 10


def test_nearest_members(ctx):
    kamenz = place_for("01917")
    nearest = nearest_members(kamenz.lat, kamenz.lon, on=DISTRICT_JOINED, limit=2)
    assert [m.slug for m, _d in nearest] == ["kamenz", "pulsnitz"]
    assert nearest[0][1] == pytest.approx(0)
    assert nearest_members(kamenz.lat, kamenz.lon, limit=0) == []
