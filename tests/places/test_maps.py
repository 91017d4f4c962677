"""The SVG map's geometry: hull, projection, point sizes."""

from jobportal.places import MapPoint, convex_hull, point_radius, svg_map


def test_convex_hull_drops_inner_points():
    coords = [(51.0, 13.0), (51.0, 14.0), (52.0, 14.0), (52.0, 13.0), (51.5, 13.5)]
    hull = convex_hull(coords)
    assert sorted(hull) == sorted(coords[:4])


def test_points_sized_by_count_and_inside_the_box():
    points = [
        MapPoint(51.27, 14.09, "Kamenz", 9),
        MapPoint(51.05, 13.74, "Dresden", 1),
        MapPoint(51.44, 14.24, "Hoyerswerda", 0),
    ]
    svg = svg_map([(51.0, 13.6), (51.5, 14.3)], points)
    assert [p.point.label for p in svg.points] == ["Kamenz", "Dresden", "Hoyerswerda"]
    radii = [p.r for p in svg.points]
    assert radii[0] > radii[1] > 0 and radii[2] == point_radius(0, 9)
    for p in svg.points:
        assert 0 < p.x < svg.width and 0 < p.y < svg.height
    # north is up, east is right
    kamenz, dresden, hoyerswerda = svg.points
    assert hoyerswerda.y < kamenz.y < dresden.y and dresden.x < kamenz.x
    assert svg.outline.startswith("M") and svg.outline.endswith("Z")


def test_a_single_place_still_gets_an_outline():
    svg = svg_map([], [MapPoint(51.27, 14.09, "Kamenz", 1, kind="place")])
    assert svg.outline.count("L") == 3 and len(svg.points) == 1
