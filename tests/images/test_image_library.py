"""The image library: uploads checked and cleaned, renditions with srcset, placed in articles, where used."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from images.models import Image
from tests.factories import ArticleFactory, DataMaintainerFactory, EditorFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo(kind="JPEG", size=(1600, 900), with_location=True):
    image = PILImage.new("RGB", size, (30, 120, 200))
    exif = PILImage.Exif()
    if with_location:
        exif[0x010F] = "PhoneMaker"  # camera make
        exif[GPS_IFD] = {1: "N", 2: (22.0, 16.0, 48.0), 3: "E", 4: (114.0, 9.0, 36.0)}  # Victoria Harbour
    out = io.BytesIO()
    image.save(out, format=kind, exif=exif)
    return out.getvalue()


def png_header_only(width, height):
    """A PNG that declares ``width`` × ``height`` pixels in a few bytes: a decompression bomb's header."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def upload(client, name, content, **fields):
    data = {
        "file": SimpleUploadedFile(name, content),
        "alt_zh_hans": "维多利亚港的夜景",
        "alt_en": "Victoria Harbour at night",
        "credit": "Photo by the esimguide team, 2026-11",
        **fields,
    }
    return client.post(reverse("admin:images_image_add"), data, HTTP_ACCEPT_LANGUAGE="en")


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def test_an_editor_uploads_a_photo_stored_without_location_with_renditions(client, media_root):
    client.force_login(EditorFactory())

    response = upload(client, "harbour.jpg", photo())

    assert response.status_code == 302, response.content.decode()[-2000:]
    image = Image.objects.get()
    assert (image.width, image.height) == (1600, 900)
    with PILImage.open(image.file.path) as stored:
        assert dict(stored.getexif()) == {} and "exif" not in stored.info
    names = {path.suffix for path in stored_files(media_root)}
    assert {".jpg", ".webp"} <= names and len(stored_files(media_root)) == 1 + 6  # original + 3 widths × 2 formats
    assert [width for _url, width in image.renditions("webp")] == [480, 960, 1440]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", png_header_only(30_000, 30_000), "too many pixels"),
        ("big.png", png_header_only(8_000, 6_000), "8000 × 6000 pixels; at most 40 million"),
        ("photo.jpg", photo(kind="PNG"), "is a PNG image but its name ends in “.jpg”"),
        ("page.png", b"<html><script>alert(1)</script></html>", "not an image we can read"),
        ("anim.gif", photo(kind="GIF", with_location=False), "is a GIF image; upload a JPEG, PNG or WebP"),
    ],
)
def test_a_hostile_or_mistyped_upload_is_refused_and_nothing_is_stored(client, media_root, name, content, message):
    client.force_login(EditorFactory())

    response = upload(client, name, content)

    assert response.status_code == 200 and message in response.content.decode()
    assert not Image.objects.exists() and stored_files(media_root) == []


def test_a_file_over_the_size_limit_is_refused_with_its_limit(client, settings, media_root):
    settings.IMAGE_MAX_BYTES = 10_000
    client.force_login(EditorFactory())

    response = upload(client, "harbour.jpg", photo(size=(1200, 1200)) + b"\0" * 20_000)

    assert "images may be at most" in response.content.decode() and not Image.objects.exists()


def test_an_article_shows_the_image_with_srcset_sizes_and_alt_in_the_readers_language(client):
    client.force_login(EditorFactory())
    upload(client, "harbour.jpg", photo())
    image = Image.objects.get()
    client.logout()
    article = ArticleFactory(
        slug="harbour", body_en=f"Intro.\n\n{image.tag}\n\nMore.", body_zh_hans=f"介绍。\n\n{image.tag}"
    )

    english = client.get("/en/articles/harbour/").content.decode()
    traditional = client.get("/zh-hant/articles/harbour/").content.decode()

    assert '<source type="image/webp" srcset="' in english and " 480w, " in english and " 1440w" in english
    assert 'width="1600" height="900" alt="Victoria Harbour at night"' in english
    assert 'alt="維多利亞港的夜景"' in traditional  # converted from Simplified, as every text is
    assert "Photo by the esimguide team, 2026-11" in english
    assert list(article.images.all()) == [image]


def test_the_image_page_says_where_it_is_used(client):
    client.force_login(EditorFactory())
    upload(client, "harbour.jpg", photo())
    image = Image.objects.get()
    ArticleFactory(title_en="Harbour guide", body_en=image.tag)

    html = client.get(reverse("admin:images_image_change", args=[image.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Harbour guide" in html and f"[[image {image.pk}]]" in html


def test_a_data_maintainer_may_look_but_not_upload(client, media_root):
    client.force_login(DataMaintainerFactory())
    assert client.get(reverse("admin:images_image_changelist")).status_code == 200
    assert upload(client, "harbour.jpg", photo()).status_code == 403
    assert not Image.objects.exists()


def test_an_unknown_image_tag_shows_nothing_to_readers(client):
    ArticleFactory(slug="missing", body_en="Before.\n\n[[image 999]]\n\nAfter.")
    html = client.get("/en/articles/missing/").content.decode()
    assert "[[image" not in html and "IMG" not in html and "After." in html
