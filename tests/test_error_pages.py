"""404 and 500 in the reader's language, under the language prefix, with search and a way back."""

import pytest

from articles.views import ArticleListView

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/zh-hans/no-such-page/", "找不到页面"),
        ("/zh-hant/no-such-page/", "找不到頁面"),
        ("/en/no-such-page/", "Page not found"),
    ],
)
def test_404_is_styled_in_the_readers_language_with_search_and_a_way_back(client, path, heading):
    response = client.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    language = path.split("/")[1]
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'id="error-search-q"' in html
    assert f'action="/{language}/search/"' in html
    assert f'href="/{language}/"' in html
    assert "site.css" in html


def test_a_bug_is_a_500_page_in_the_readers_language(client, monkeypatch):
    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(ArticleListView, "get_queryset", broken)
    client.raise_request_exception = False

    response = client.get("/zh-hant/articles/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="zh-hant">' in html
    assert "<h1>出錯了</h1>" in html
    assert 'action="/zh-hant/search/"' in html
    assert 'href="/zh-hant/"' in html
