"""The JSON API /api/v1: search, one listing, errors, CORS, and the OpenAPI description."""

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from jobportal.core.extensions import db
from jobportal.models import Job
from tests.support.search import index, public_jobs, spread_corpus, within

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec():
    """The OpenAPI document."""
    return yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))


def validate(spec, name: str, instance) -> None:
    """Validate against a schema of the OpenAPI components (JSON Schema 2020-12)."""
    registry = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(spec))
    schema = {"$ref": f"urn:openapi#/components/schemas/{name}"}
    checker = Draft202012Validator.FORMAT_CHECKER
    Draft202012Validator(schema, registry=registry, format_checker=checker).validate(instance)


@pytest.fixture
def corpus(app, factory):
    """60 listings spread over the network, indexed."""
    made = spread_corpus(app, factory)
    index(app)
    return made


def test_search_answers_the_documented_shape(app, client, spec, corpus):
    response = client.get("/api/v1/jobs?q=Pfleger&where=Kamenz&radius_km=50&per_page=5")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json()
    validate(spec, "SearchResponse", data)
    assert data["page"] == 1 and data["per_page"] == 5
    assert 0 < len(data["items"]) <= 5
    item = data["items"][0]
    assert set(item) >= {"id", "title", "company", "place", "distance_km", "url"}
    assert item["url"] == f"http://localhost/stellen/{item['id']}"
    assert data["where"]["label"] == "Kamenz (01917, Sachsen)"


def test_occupation_expansion_and_correction_are_reported(client, spec, corpus):
    data = client.get("/api/v1/jobs?q=Krankenschwster").get_json()
    validate(spec, "SearchResponse", data)
    assert data["corrected"] == "Krankenschwester" and data["total"] > 0
    assert data["expanded"][0]["term"] == "Krankenschwester"
    assert data["expanded"][0]["occupations"][:2] == ["Pflegefachkraft", "Pflegefachfrau"]
    assert client.get("/api/v1/jobs?q=Team").get_json()["expanded"] == []


def test_without_a_place_items_have_no_distance(client, spec, corpus):
    data = client.get("/api/v1/jobs?sort=date").get_json()
    validate(spec, "SearchResponse", data)
    assert data["where"] is None
    assert all("distance_km" not in item for item in data["items"])
    assert data["total"] == len(corpus)


@pytest.mark.parametrize("town", ["Pulsnitz", "Kamenz", "Hoyerswerda"])
def test_radius_search_equals_brute_force_haversine(app, client, corpus, town):
    jobs = public_jobs(app)
    for radius in (10, 25, 50):
        data = client.get(f"/api/v1/jobs?where={town}&radius_km={radius}&per_page=100").get_json()
        assert {item["id"] for item in data["items"]} == within(app, jobs, town, radius)
        assert data["total"] == len(data["items"])


def test_distance_sort_is_non_decreasing(client, corpus):
    data = client.get("/api/v1/jobs?where=Pulsnitz&radius_km=50&sort=distance&per_page=100")
    distances = [item["distance_km"] for item in data.get_json()["items"]]
    assert len(distances) > 5
    assert distances == sorted(distances)


def test_facet_counts_equal_counts_from_the_database(app, client, corpus):
    data = client.get("/api/v1/jobs?employment_type=teilzeit&working_model=hybrid").get_json()
    jobs = public_jobs(app)
    with_type = [j for j in jobs if "teilzeit" in j.types]
    with_model = [j for j in jobs if j.model == "hybrid"]
    hits = [j for j in with_type if j.model == "hybrid"]
    facets = data["facets"]
    assert data["total"] == len(hits)
    for value in ("vollzeit", "teilzeit", "ausbildung", "minijob"):
        assert facets["employment_type"].get(value, 0) == sum(value in j.types for j in with_model)
    for value in ("vor_ort", "hybrid", "remote"):
        assert facets["working_model"].get(value, 0) == sum(j.model == value for j in with_type)
    for value in ("gesundheit", "handwerk", "it", "logistik"):
        assert facets["sector"].get(value, 0) == sum(j.sector == value for j in hits)
    assert facets["salary_given"] == sum(j.salary for j in hits)
    assert facets["published_within"]["30"] == len(hits)
    assert facets["member"] == ({"kamenz": len(hits)} if hits else {})


def test_filters_and_paging(app, client, corpus):
    jobs = public_jobs(app)
    expected = {j.id for j in jobs if j.sector == "it" or j.sector == "logistik"}
    seen = []
    for page in (1, 2, 3):
        data = client.get(f"/api/v1/jobs?sector=it&sector=logistik&per_page=7&page={page}")
        seen += [item["id"] for item in data.get_json()["items"]]
    assert data.get_json()["total"] == len(expected)
    assert len(seen) == len(set(seen)) == min(21, len(expected))
    assert set(seen) <= expected


def test_one_listing(app, client, spec, factory):
    job_id = factory.job(title="Kfz-Mechatroniker", salary_min=320000, salary_unit="month")
    response = client.get(f"/api/v1/jobs/{job_id}")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json()
    validate(spec, "JobDetail", data)
    assert data["title"] == "Kfz-Mechatroniker"
    assert data["salary"] == {"min": 3200.0, "max": None, "unit": "month", "currency": "EUR"}
    assert data["member"] == {"slug": "kamenz", "name": "Kamenz"}


@pytest.mark.parametrize("state", ["draft", "pending", "withdrawn"])
def test_listings_that_are_not_public_are_404(client, spec, factory, state):
    job_id = factory.job(state=state)
    response = client.get(f"/api/v1/jobs/{job_id}")
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    validate(spec, "Error", response.get_json())
    assert client.get("/api/v1/jobs/999999").status_code == 404


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("q=" + "a" * 2001, "q"),
        ("where=" + "K" * 121, "where"),
        ("where=Kamenz&radius_km=7", "radius_km"),
        ("where=Kamenz&radius_km=zehn", "radius_km"),
        ("employment_type=festanstellung", "employment_type"),
        ("working_model=mond", "working_model"),
        ("sector=raumfahrt", "sector"),
        ("member=atlantis", "member"),
        ("published_within=2", "published_within"),
        ("salary_given=vielleicht", "salary_given"),
        ("sort=price", "sort"),
        ("sort=distance", "sort"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=100&page=101", "page"),
        ("where=Xyzqwort", "where"),
        ("where=Mühlhausen", "where"),
        ("member=0", "member"),
        ("member=", "member"),
        ("salary_given=", "salary_given"),
        ("where=Kamenz&radius_km=", "radius_km"),
        ("sector=", "sector"),
        ("sort=", "sort"),
        ("page=", "page"),
        ("per_page=", "per_page"),
        ("published_within=", "published_within"),
    ],
)
def test_invalid_parameters_give_400_naming_the_parameter(client, spec, query, param):
    response = client.get("/api/v1/jobs?" + query)
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json()
    validate(spec, "Error", data)
    assert data["parameter"] == param
    assert param in data["message"]
    repairs = ("ignoriert", "entfernt", "wir zeigen", "wir sortieren", "wir suchen", "wir verw")
    assert not any(words in data["message"].lower() for words in repairs), data["message"]


def test_an_unknown_member_names_the_valid_ones(client):
    message = client.get("/api/v1/jobs?member=0").get_json()["message"]
    assert "Unbekannte Stadt oder Gemeinde" in message and "kamenz" in message


def _parameters(spec) -> list[tuple[str, dict]]:
    """(name, value schema) of the search parameters; arrays by their items."""
    found = []
    for parameter in spec["paths"]["/jobs"]["get"]["parameters"]:
        schema = parameter["schema"]
        found.append((parameter["name"], schema.get("items", schema)))
    return found


def _schema_accepts(spec, schema: dict, value) -> bool:
    registry = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(spec))
    schema = (
        {**schema, "$ref": schema["$ref"].replace("#", "urn:openapi#")}
        if "$ref" in schema
        else schema
    )
    return Draft202012Validator(schema, registry=registry).is_valid(value)


def test_empty_values_answer_as_the_schema_says(client, spec):
    for name, schema in _parameters(spec):
        expected = 200 if _schema_accepts(spec, schema, "") else 400
        response = client.get("/api/v1/jobs", query_string={"where": "Kamenz", name: ""})
        assert response.status_code == expected, name
    assert {n for n, s in _parameters(spec) if _schema_accepts(spec, s, "")} == {"q", "where"}


def test_every_documented_enum_value_is_accepted(client, spec):
    for name, schema in _parameters(spec):
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        for value in schema.get("enum", []):
            response = client.get("/api/v1/jobs", query_string={"where": "Kamenz", name: value})
            assert response.status_code == 200, (name, value)


@pytest.mark.parametrize("q", ["AND", "-", '"', "((((", "\u202e😀", "Pflege " * 280])
def test_odd_search_text_still_answers(client, spec, corpus, q):
    response = client.get("/api/v1/jobs", query_string={"q": q})
    assert response.status_code == 200
    validate(spec, "SearchResponse", response.get_json())


def test_hits_no_longer_public_are_left_out(app, client, factory):
    keep = factory.job(title="Tischler")
    gone = factory.job(title="Tischler Meister")
    index(app)
    with app.app_context():
        db.session.get(Job, gone).state = "filled"
        db.session.commit()
    data = client.get("/api/v1/jobs?q=Tischler").get_json()
    assert [item["id"] for item in data["items"]] == [keep]


def test_the_openapi_file_describes_the_implemented_paths(app, spec):
    assert spec["openapi"].startswith("3.1")
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1")}
    assert rules == {"/api/v1/jobs", "/api/v1/jobs/<int:job_id>"}
    assert set(spec["paths"]) == {"/jobs", "/jobs/{id}"}
    names = {p["name"] for p in spec["paths"]["/jobs"]["get"]["parameters"]}
    assert names == {
        "q",
        "where",
        "radius_km",
        "employment_type",
        "working_model",
        "sector",
        "member",
        "published_within",
        "salary_given",
        "english",
        "sort",
        "page",
        "per_page",
    }
    for name in ("SearchResponse", "JobDetail", "Error"):
        Draft202012Validator.check_schema(spec["components"]["schemas"][name])
