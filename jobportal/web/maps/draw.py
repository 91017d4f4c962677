"""The shapes of a server-rendered SVG map (commute circles, points with their titles,
names), written out in one go for templates/_map.html.

A search page's map has some 20 points with a title and a name each; drawn by the
template they cost about as much as the 20 hit cards (five escaped values, a
translation and a number per point). Coordinates are numbers from places.svg_map and
the kinds a fixed set; every text is escaped.
"""

from functools import lru_cache

from markupsafe import Markup, escape

from ...core.formats import number_de
from ...core.translation import current_locale
from ...places import SvgMap
from ..templating import markup_gettext as _text


def _title(point, one: Markup) -> Markup:
    """A point's title: its name, and for members and hits the number of open jobs."""
    if point.kind == "place":
        return escape(point.label)
    count = one if point.count == 1 else _text("%(n)s offene Stellen", n=number_de(point.count))
    return escape(point.label) + Markup(": ") + count


def map_shapes(svg: SvgMap) -> Markup:
    """The circles, points and names of ``svg`` as SVG elements, one per line (written
    once per map and language: a popular search page shows the same map again)."""
    return _shapes(svg, str(current_locale()))


@lru_cache(maxsize=256)
def _shapes(svg: SvgMap, _locale: str) -> Markup:
    """map_shapes in the current language (``_locale`` its name, the cache key)."""
    one, lines = _text("1 offene Stelle"), []
    for c in svg.circles:
        title = _text("%(km)s km um %(name)s", km=c.radius_km, name=c.label)
        lines.append(
            f'      <circle class="map-commute" cx="{c.x}" cy="{c.y}" r="{c.r}">'
            f"<title>{title}</title></circle>\n"
        )
    for p in svg.points:
        lines.append(
            f'      <circle class="map-point map-point-{escape(p.point.kind)}" cx="{p.x}" '
            f'cy="{p.y}" r="{p.r}"><title>{_title(p.point, one)}</title></circle>\n'
        )
    for p in svg.points:
        if p.label_x is not None:
            anchor = ' text-anchor="end"' if p.label_end else ""
            lines.append(
                f'      <text class="map-label"{anchor} x="{p.label_x}" y="{p.y + 5}">'
                f"{escape(p.point.label)}</text>\n"
            )
    return Markup("".join(lines))  # noqa: S704 - numbers and escaped texts (above)
