"""Hostile Markdown: every class of pathological text is refused with a message naming its limit, or renders;
readers are served the HTML rendered at save; bulk edits still show. Timings are in bench/markdown.py."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import markdown
from articles.models import Article
from articles.services import import_articles
from tests.articles.hostile_markdown import classes
from tests.factories import ArticleFactory, ChiefEditorFactory, EditorFactory

HOSTILE = classes()


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_class_is_refused_with_its_limit_or_renders_without_error(name):
    text = HOSTILE[name]
    try:
        with translation.override("en"):
            markdown.check(text)
    except ValidationError as error:
        assert all("at most" in message for message in error.messages)
        assert "<pre>" in markdown.render_markdown(text)  # saved before the limits existed: shown as plain text
    else:
        html = markdown.render_markdown(text)
        assert isinstance(html, str) and "<script" not in html


def test_limits_name_the_number_found_and_the_limit_in_the_editors_language():
    deep = "".join("  " * level + "- item\n" for level in range(40))
    with translation.override("en"), pytest.raises(ValidationError) as english:
        markdown.check(deep)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as chinese:
        markdown.check(deep)

    assert "nested 80 deep; at most 32 levels" in english.value.messages[0]
    assert chinese.value.messages[0] == "列表、引用或 HTML 标签嵌套了 80 层，最多允许 32 层。"


def test_an_ordinary_long_article_is_within_the_limits():
    markdown.check(HOSTILE["ordinary long article"])  # does not raise


@pytest.mark.django_db
def test_editor_saving_an_over_limit_body_sees_the_limit_on_the_field(client):
    client.force_login(EditorFactory())
    body = "".join(">" * level + " quote\n" for level in range(1, 60))

    response = client.post(
        reverse("admin:articles_article_add"),
        {"slug": "deep", "title_zh_hans": "很深", "title_en": "Deep", "body_zh_hans": body, "status": "draft"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "at most 32 levels are allowed" in response.content.decode()
    assert not Article.objects.filter(slug="deep").exists()


@pytest.mark.django_db
def test_readers_get_the_html_rendered_at_save_without_parsing(client):
    article = ArticleFactory(body_zh_hans="## 回答\n\n可以**分享**。", body_en="## Answer\n\nYou **can**.")

    with mock.patch.object(markdown, "_parse", wraps=markdown._parse) as parse:
        zh, hant, en = (
            client.get(f"/{language}/articles/{article.slug}/") for language in ("zh-hans", "zh-hant", "en")
        )

    assert "<strong>分享</strong>" in zh.content.decode()
    assert "<strong>分享</strong>" in hant.content.decode()  # the converted text was rendered at save too
    assert "<strong>can</strong>" in en.content.decode()
    assert parse.call_count == 0


@pytest.mark.django_db
def test_a_bulk_update_of_the_body_shows_on_the_next_request(client):
    article = ArticleFactory(body_zh_hans="旧的正文")
    Article.objects.filter(pk=article.pk).update(body_zh_hans="新的**正文**")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "新的<strong>正文</strong>" in html and "旧的正文" not in html


@pytest.mark.django_db
def test_published_with_no_date_in_the_admin_means_now(client):
    client.force_login(ChiefEditorFactory())
    before = timezone.now()

    response = client.post(
        reverse("admin:articles_article_add"),
        {"slug": "now", "title_zh_hans": "现在", "title_en": "Now", "body_zh_hans": "正文", "status": "published"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    article = Article.objects.get(slug="now")
    assert article.is_published and before <= article.published_at <= timezone.now()


@pytest.mark.django_db
def test_import_of_an_over_limit_file_names_the_file_and_the_limit():
    deep = "# 很深\n\n" + "".join(">" * level + " q\n" for level in range(1, 60))
    with translation.override("en"):
        report = import_articles(files=[("deep.zh-hans.md", deep.encode())], language="zh-hans")

    assert report.failed == 1 and not Article.objects.exists()
    assert "at most 32 levels" in report.files[0].error and report.files[0].name == "deep.zh-hans.md"


@pytest.mark.django_db
@pytest.mark.parametrize("stem", ["untitled", "index", "readme", "post", "1"])
def test_two_unrelated_files_with_a_generic_name_become_two_articles(stem):
    first = "# 香港热点\n\n第一篇。\n".encode()
    second = "# 澳门漫游\n\n第二篇。\n".encode()

    import_articles(files=[(f"{stem}.zh-hans.md", first)], language="zh-hans")
    import_articles(files=[(f"{stem}.zh-hans.md", second)], language="zh-hans")

    assert sorted(Article.objects.values_list("title_zh_hans", flat=True)) == ["澳门漫游", "香港热点"]


@pytest.mark.django_db
def test_the_summary_of_a_file_of_brackets_is_made_without_scanning_it_all():
    from articles.importing import first_paragraph

    summary = first_paragraph("[" * 500_000)

    assert len(summary) <= 280


@pytest.mark.django_db
def test_scheduled_article_stays_hidden_after_a_render_at_save(client):
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1), body_zh_hans="将来")
    assert client.get(article.get_absolute_url()).status_code == 404


MARKDOWN_PIECES = ["[", "]", "(", ")", "![", "*", "_", "`", "> ", "- ", "1. ", "\n", "  ", "|", "[^1]", "<div>", "</a>",
                   "<script>", "//x", "\\", "#", "~~", "&", "[[fact a b]]", "热点", "https://x.example/"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=400).map("".join))
def test_any_mix_of_markdown_punctuation_is_checked_and_rendered_safely(text):
    try:
        markdown.check(text)
    except ValidationError as error:
        assert error.messages  # a refusal always says which limit
    html = str(markdown.render_markdown(text))

    assert "<script" not in html and "javascript:" not in html.lower()
    assert 'href="//' not in html and 'src="//' not in html


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_file_at_once_give_the_second_a_message():
    import threading

    from django.db import connection, transaction

    files = [("harbour.zh-hans.md", "# 海港热点\n\n正文。\n".encode())]
    first_written, let_first_commit, results = threading.Event(), threading.Event(), {}

    def first():
        with transaction.atomic():
            results["first"] = import_articles(files=files, language="zh-hans")
            first_written.set()
            let_first_commit.wait(10)
        connection.close()

    def second():
        with translation.override("en"):
            results["second"] = import_articles(files=files, language="zh-hans")  # waits on the first's row lock
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    first_written.wait(10)
    threads[1].start()
    threads[1].join(0.5)  # the second is now blocked inserting the same import key
    let_first_commit.set()
    for thread in threads:
        thread.join(10)

    assert results["first"].created == 1
    assert results["second"].failed == 1
    assert "another import created this article at the same moment" in results["second"].files[0].error
    assert Article.objects.count() == 1
