"""Upload sizes are checked before a body is read: a request over the limit gets 413 from its headers alone, a file
over the per-file limit is not kept, and each importer names the file and the limit beside the others' results."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db
GOOD = "# 香港热点\n\n大多数旅行 eSIM 可以开热点。\n".encode()


def import_markdown(client, files, language="en"):
    response = client.post(
        reverse("admin:articles_article_import"), {"files": files, "language": "zh-hans"}, HTTP_ACCEPT_LANGUAGE=language
    )
    return response, response.content.decode()


@pytest.fixture
def editor(client):
    client.force_login(EditorFactory())
    return client


def test_a_request_over_the_limit_is_answered_413_in_the_users_language(editor, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 10_000
    big = SimpleUploadedFile("big.md", b"x" * 20_000)

    response, html = import_markdown(editor, [big], language="zh-hans")

    assert response.status_code == 413 and 'lang="zh-hans"' in html and "Traceback" not in html
    assert not Article.objects.exists()


def test_a_file_over_the_upload_limit_is_not_kept_and_is_named(editor, settings):
    settings.UPLOAD_MAX_FILE_BYTES = 5_000

    response, html = import_markdown(editor, [SimpleUploadedFile("huge.md", b"# t\n\n" + b"x" * 50_000)])

    assert response.status_code == 200 and "Too large to import: huge.md" in html
    assert not Article.objects.exists()


def test_a_markdown_file_over_the_import_limit_is_reported_by_name(editor, settings):
    settings.ARTICLE_IMPORT_MAX_BYTES = 1_000

    _response, html = import_markdown(editor, [SimpleUploadedFile("long.zh-hans.md", b"# t\n\n" + b"x" * 5_000)])

    assert "long.zh-hans.md" in html and "larger than 0 KB" in html


def test_an_empty_markdown_file_is_reported_by_name_beside_the_others(editor):
    files = [SimpleUploadedFile("empty.zh-hans.md", b""), SimpleUploadedFile("hotspot.zh-hans.md", GOOD)]

    _response, html = import_markdown(editor, files)

    assert "empty.zh-hans.md" in html and "empty" in html and "hotspot.zh-hans.md" in html
    assert "The submitted file is empty" not in html
