"""Region identity: colours with enough contrast, logo and photos with credits."""

from pathlib import Path

import pytest

from jobportal.places import (
    IdentityError,
    available_regions,
    contrast_ratio,
    region_definition,
    region_identity,
    theme_css,
)
from jobportal.places.identity import checked_colors

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("slug", available_regions())
def test_every_shipped_region_has_a_usable_identity(slug):
    identity = region_identity(slug)
    assert "identity" in region_definition(slug)
    for color in identity.colors.values():
        assert contrast_ratio(color, "#ffffff") >= 4.5
    assert (STATIC / identity.static_path(identity.logo)).is_file()
    assert identity.photos
    for photo in identity.photos:
        assert (STATIC / identity.static_path(photo.file)).is_file()
        assert photo.alt and photo.author and photo.licence
        if photo.member:
            members = {m["slug"] for m in region_definition(slug)["members"]}
            assert photo.member in members
    css = theme_css(identity)
    assert f"--c-primary: {identity.colors['primary']};" in css


@pytest.mark.parametrize(
    "colors, message",
    [
        ({"primary": "blue"}, "not #rrggbb"),
        ({"primary": "#ffdd00"}, "4.5:1"),
        ({"background": "#000000"}, "unknown colour"),
        ({"primary": "#0b5394; } body { display: none"}, "not #rrggbb"),
    ],
)
def test_bad_colours_fail_loudly(colors, message):
    with pytest.raises(IdentityError, match=message):
        checked_colors(colors)
