"""GET /karte/marker/<kind>.json: the markers of a Leaflet map, anonymous and cached."""

from flask import abort, jsonify, make_response, request

from ...core.translation import gettext as _
from . import bp
from .build import map_settings
from .draw import map_shapes
from .markers import KINDS, BadMarkerRequest


def marker_json(point) -> dict:
    """One marker as JSON (what static/js/map.js reads)."""
    body = {
        "lat": round(point.lat, 5),
        "lon": round(point.lon, 5),
        "label": point.label,
        "count": point.count,
        "type": point.kind,
    }
    if point.url:
        body["url"] = point.url
    if point.items:
        body["items"] = [{"label": label, "url": url} for label, url in point.items]
    return body


@bp.get("/karte/marker/<kind>.json")
def markers(kind: str):
    """``{"kind": ..., "markers": [...]}``; unknown kinds 404, bad parameters 400."""
    if kind not in KINDS:
        abort(404)
    function, max_age = KINDS[kind]
    try:
        points = function(request.args)
    except BadMarkerRequest as error:
        body = {"error": _("Ungültige Anfrage"), "parameter": error.param, "message": error.message}
        return make_response(jsonify(body), 400)
    response = jsonify({"kind": kind, "markers": [marker_json(p) for p in points]})
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


@bp.app_context_processor
def _map_context():
    """``map_tiles``: the tile service for the Leaflet maps, or None."""
    return {"map_tiles": map_settings()}


bp.add_app_template_global(map_shapes)  # the shapes of the SVG maps (templates/_map.html)
