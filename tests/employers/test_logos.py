"""Company logos: type by magic bytes, size limits, storage by content hash."""

import pytest

from jobportal.core.extensions import db
from jobportal.employers import (
    LogoError,
    inspect_logo,
    logo_dir,
    logo_mimetype,
    prune_logos,
    remove_logo,
    save_logo,
)
from jobportal.models import Company
from tests.support.images import jpeg, png, webp


@pytest.mark.parametrize(
    "data, kind, size",
    [
        (png(64, 32), "png", (64, 32)),
        (jpeg(120, 40), "jpeg", (120, 40)),
        (webp(200, 100), "webp", (200, 100)),
    ],
)
def test_accepted_types_and_their_sizes(data, kind, size):
    info = inspect_logo(data)
    assert (info.kind, info.width, info.height) == (kind, *size)
    assert info.mimetype == f"image/{kind}"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Bilddatei"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "PNG, JPEG oder WebP",
        ),
        (b"GIF89a" + b"\x00" * 20, "PNG, JPEG oder WebP"),
        (png(8, 8), "zwischen 16 und 4096"),
        (png(5000, 20)[:40], "zwischen 16 und 4096"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 4, "beschädigt"),
        (b"\xff\xd8\xff\xe0\x00", "beschädigt"),
        (png() + b"\x00" * (512 * 1024), "512 KB"),
    ],
)
def test_refused_files(data, message):
    with pytest.raises(LogoError, match=message):
        inspect_logo(data)


def test_saved_by_hash_and_pruned_when_unused(app, factory, tmp_path):
    company_id = factory.company()
    with app.app_context():
        company = db.session.get(Company, company_id)
        save_logo(company, png(), tmp_path)
        first = company.logo_file
        db.session.commit()
        assert logo_mimetype(first) == "image/png"
        assert (logo_dir(tmp_path) / first).read_bytes() == png()
        save_logo(company, webp(), tmp_path)
        db.session.commit()
        assert prune_logos(tmp_path) == 1
        assert not (logo_dir(tmp_path) / first).exists()
        remove_logo(company)
        db.session.commit()
        assert prune_logos(tmp_path) == 1
        assert list(logo_dir(tmp_path).iterdir()) == []


@pytest.mark.parametrize("name", ["../etc/passwd", "abc.png", "0" * 32 + ".svg", "0" * 32])
def test_only_hash_names_are_logo_names(name):
    assert logo_mimetype(name) is None
