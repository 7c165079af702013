"""The Markdown importer: command and admin upload, on fixture files written for these tests."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article, CleanupRule
from articles.services import import_articles
from tests.factories import ArticleFactory, EditorFactory, FeatureFactory

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "import_files"


@pytest.fixture
def topics(hong_kong, hotspot, family_sharing):
    hotspot.keywords_zh_hans, hotspot.keywords_en = "热点, 熱點", "hotspot, tethering"
    hotspot.save()
    family_sharing.keywords_zh_hans = "家庭共享"
    family_sharing.save()
    return hong_kong, hotspot, family_sharing


@pytest.fixture
def bad_folder(tmp_path):
    """The two good files plus one that is not UTF-8 (made here: a repository file would trip text tools)."""
    for path in (FILES / "good").iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "broken.md").write_bytes(b"\xff\xfe\x00\x00 # not utf8 \xc3\x28")
    return tmp_path


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_articles", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_imported_hong_kong_hotspot_article_is_a_draft_tagged_with_region_and_feature(topics):
    output = run(FILES / "good" / "harbour-hotspot.zh-hans.md", "--language", "zh-hans")

    article = Article.objects.get(slug="harbour-hotspot")
    assert article.status == Article.Status.DRAFT and not article.is_published
    assert article.title_zh_hans == "在香港用 eSIM 开热点要注意什么"
    assert "# 在香港" not in article.body_zh_hans and "## 条款里怎么写" in article.body_zh_hans
    assert [r.slug for r in article.regions.all()] == ["hong-kong"]
    assert [f.slug for f in article.features.all()] == ["hotspot"]
    assert "created" in output and "topics: regions hong-kong; features hotspot" in output
    assert "1 file(s): 1 created, 0 updated, 0 failed." in output


def test_promotional_footer_and_remote_images_are_removed_and_listed(topics):
    output = run(FILES / "good" / "harbour-hotspot.zh-hans.md", "--language", "zh-hans")

    body = Article.objects.get(slug="harbour-hotspot").body_zh_hans
    assert "@harbour_deals" not in body and "example.org" not in body and "images.example.net" not in body
    assert "removed (Promotional footer" in output and "@harbour_deals" in output
    assert "removed remote image: https://images.example.net/tracker/cap.png" in output
    assert "小结" in body  # the article's own headings stay


def test_editor_maintained_cleanup_rule_removes_its_pattern(topics):
    CleanupRule.objects.create(name="Byline", pattern=r"^出发前.*$")
    run(FILES / "good" / "harbour-hotspot.zh-hans.md", "--language", "zh-hans")

    assert "出发前" not in Article.objects.get(slug="harbour-hotspot").body_zh_hans


def test_folder_with_one_bad_file_writes_nothing_and_names_that_file(topics, bad_folder):
    with pytest.raises(CommandError, match="Nothing was written"):
        run(bad_folder, "--language", "zh-hans")

    assert Article.objects.count() == 0


def test_bad_file_is_named_with_its_reason(topics, bad_folder, capsys):
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(bad_folder), "--language", "zh-hans", stdout=out)
    assert "failed   " in out.getvalue() and "broken.md: not UTF-8 text" in out.getvalue()


def test_skip_invalid_imports_the_usable_files(topics, bad_folder):
    output = run(bad_folder, "--language", "zh-hans", "--skip-invalid")

    assert set(Article.objects.values_list("slug", flat=True)) == {"harbour-hotspot", "border-roaming"}
    assert "3 file(s): 2 created, 0 updated, 1 failed." in output


def test_dry_run_reports_the_same_and_writes_nothing(topics):
    output = run(FILES / "good", "--language", "zh-hans", "--dry-run")

    assert Article.objects.count() == 0
    assert "2 created" in output and "Dry run: nothing was written." in output


def test_reimport_updates_the_same_article_and_keeps_the_other_language(topics):
    run(FILES / "good" / "harbour-hotspot.zh-hans.md", "--language", "zh-hans")
    article = Article.objects.get()
    article.title_en = "Hotspots on Hong Kong eSIMs"
    article.body_en = "An editor's English text."
    article.save()

    output = run(FILES / "good" / "harbour-hotspot.zh-hans.md", "--language", "zh-hans")

    article = Article.objects.get()
    assert Article.objects.count() == 1 and "updated" in output
    assert (article.title_en, article.body_en) == ("Hotspots on Hong Kong eSIMs", "An editor's English text.")


def test_english_file_with_the_same_name_fills_the_english_side_of_the_same_article(topics, tmp_path):
    run(FILES / "good" / "harbour-hotspot.zh-hans.md", "--language", "zh-hans")
    english = tmp_path / "harbour-hotspot.en.md"
    english.write_text("# Tethering with a Hong Kong eSIM\n\nCheck the hotspot cap first.\n", encoding="utf-8")

    run(english, "--language", "en")

    article = Article.objects.get()
    assert article.title_en == "Tethering with a Hong Kong eSIM"
    assert article.title_zh_hans == "在香港用 eSIM 开热点要注意什么"


def test_slug_comes_from_pinyin_of_the_title_when_the_file_name_says_nothing(topics):
    run(FILES / "pinyin" / "untitled.md", "--language", "zh-hans")

    article = Article.objects.get()
    assert article.slug == "jia-ting-gong-xiang-liu-liang-zen-me-she-zhi"
    assert [f.slug for f in article.features.all()] == ["family-sharing"]


def test_slug_taken_by_another_article_gets_a_suffix(topics):
    ArticleFactory(slug="border-roaming")
    run(FILES / "good" / "border-roaming.md", "--language", "en")

    assert Article.objects.filter(
        slug="border-roaming-2", title_en="Crossing the border with a Hong Kong eSIM"
    ).exists()


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("empty.md", b"  \n", "empty"),
        ("no-heading.md", (FILES / "no-heading.md").read_bytes(), "no “# ” title heading"),
        ("latin1.md", "# Café\n\nCrème".encode("latin-1"), "not UTF-8 text"),
        ("huge.md", b"# Big\n\n" + b"x" * 600_000, "larger than 512 KB"),
    ],
)
def test_unusable_files_are_refused_with_their_reason(topics, name, raw, reason):
    with translation.override("en"):
        report = import_articles(files=[(name, raw)], language="en")

    assert report.failed == 1 and report.files[0].error == reason
    assert Article.objects.count() == 0


def test_publish_flag_publishes_at_once(topics):
    run(FILES / "good" / "border-roaming.md", "--language", "en", "--publish")

    assert Article.objects.published().filter(slug="border-roaming").exists()


def test_markdown_is_sanitised_like_every_body(topics, client):
    raw = b"# Safe\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1))\n"
    import_articles(files=[("safe-article.md", raw)], language="en", publish=True)

    html = client.get("/en/articles/safe-article/").content.decode()
    assert "<script>alert" not in html and "javascript:alert" not in html


def test_missing_path_is_a_clear_error(topics):
    with pytest.raises(CommandError, match="no such file or folder"):
        run(FILES / "nope", "--language", "en")


def test_editor_uploads_several_files_in_the_admin_and_sees_the_report(topics, client):
    client.force_login(EditorFactory())
    files = [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/markdown")
        for path in sorted((FILES / "good").iterdir())
    ]
    response = client.post(
        reverse("admin:articles_article_import"),
        {"files": files, "language": "zh-hans"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 files: 2 created, 0 updated, 0 failed." in html
    assert "https://images.example.net/tracker/cap.png" in html and "Upload it to the image library" in html
    assert "<strong>Hong Kong</strong>" in html and "<strong>Hotspot</strong>" in html and "in the title" in html
    assert Article.objects.drafts().count() == 2


def test_admin_upload_with_a_bad_file_writes_nothing_and_names_it_in_chinese(topics, bad_folder, client):
    client.force_login(EditorFactory())
    files = [SimpleUploadedFile(path.name, path.read_bytes()) for path in sorted(bad_folder.iterdir())]
    response = client.post(
        reverse("admin:articles_article_import"),
        {"files": files, "language": "zh-hans"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    html = response.content.decode()
    assert "broken.md" in html and "不是 UTF-8 文本" in html
    assert Article.objects.count() == 0


LEAD = "香港多数旅行 eSIM 都能开热点，但要先看清每日上限。"


def test_the_lead_paragraph_becomes_the_summary_and_is_not_repeated_in_the_body(topics):
    text = f"# 香港热点\n\n{LEAD}\n\n## 怎么查\n\n看条款。\n"
    import_articles(files=[("hk-hotspot-lead.zh-hans.md", text.encode())], language="zh-hans")

    article = Article.objects.get(slug="hk-hotspot-lead")
    assert article.summary_zh_hans == LEAD and LEAD not in article.body_zh_hans
    assert article.body_zh_hans.startswith("## 怎么查")


def test_a_reimport_keeps_an_edited_summary_and_the_whole_body(topics):
    text = f"# 香港热点\n\n{LEAD}\n\n## 怎么查\n\n看条款。\n"
    import_articles(files=[("hk-hotspot-lead.zh-hans.md", text.encode())], language="zh-hans")
    Article.objects.filter(slug="hk-hotspot-lead").update(summary_zh_hans="编辑写的摘要")

    import_articles(files=[("hk-hotspot-lead.zh-hans.md", text.encode())], language="zh-hans")

    article = Article.objects.get(slug="hk-hotspot-lead")
    assert article.summary_zh_hans == "编辑写的摘要" and LEAD in article.body_zh_hans


@pytest.mark.parametrize("name", ["001_fa9c0f0c07f1a057.txt", "20261101-3f9a2c1d.md", "12345.md"])
def test_files_named_by_numbers_and_hashes_get_their_slug_from_the_title(topics, name):
    import_articles(files=[(name, "# 家庭共享\n\n一张卡，全家用。\n".encode())], language="zh-hans")

    assert Article.objects.get().slug == "jia-ting-gong-xiang"


def test_a_real_word_that_happens_to_be_hex_is_kept_as_the_slug(topics):
    import_articles(files=[("facade.md", "# 外观\n\n正文。\n".encode())], language="zh-hans")

    assert Article.objects.get().slug == "facade"


FAMILY_SHARING_ARTICLE = """# 一张香港 eSIM 能不能全家一起用

家庭共享套餐让几部手机共用同一份流量，主卡付费，副卡加入。

## 家庭共享怎么开通

在运营商的应用里添加副卡，每张副卡都会分到共享流量。出门前顺便把共享网络的密码记下来也不错。

## 过关以后

去深圳时，跨境流量要另外买，家庭共享的本地流量不能带过去。
""".encode()


def test_a_topic_is_suggested_only_when_the_text_is_about_it_with_its_evidence(topics, client):
    hong_kong, hotspot, family_sharing = topics
    cross_border = FeatureFactory(slug="cross-border", name_en="Cross-border data", name_zh_hans="跨境数据")
    hotspot.keywords_zh_hans = "共享网络, 热点"
    hotspot.save()
    cross_border.keywords_zh_hans = "跨境"
    cross_border.save()
    client.force_login(EditorFactory())

    response = client.post(
        reverse("admin:articles_article_import"),
        {"files": [SimpleUploadedFile("family.zh-hans.md", FAMILY_SHARING_ARTICLE)], "language": "zh-hans"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    article = Article.objects.get()
    # One passing 共享网络 and one 跨境 are not what this article is about; family sharing and Hong Kong are.
    assert {f.slug for f in article.features.all()} == {"family-sharing"}
    assert {r.slug for r in article.regions.all()} == {"hong-kong"}
    assert "<strong>Family sharing</strong>" in html and "“家庭共享怎么开通”" in html and "3 mention(s)" in html
    assert "<strong>Hotspot</strong>" not in html and "<strong>Cross-border data</strong>" not in html


def test_the_editor_removes_a_suggested_topic_from_the_import_report(topics, client):
    hong_kong, hotspot, family_sharing = topics
    client.force_login(EditorFactory())
    client.post(
        reverse("admin:articles_article_import"),
        {"files": [SimpleUploadedFile("family.zh-hans.md", FAMILY_SHARING_ARTICLE)], "language": "zh-hans"},
    )
    article = Article.objects.get()

    client.post(
        reverse("admin:articles_article_import_topics"),
        {
            "article": [article.pk],
            f"offered-{article.pk}": ["region:hong-kong", "feature:family-sharing"],
            f"keep-{article.pk}": ["feature:family-sharing"],  # Hong Kong unticked
        },
    )

    article = Article.objects.get()
    assert list(article.regions.all()) == [] and [f.slug for f in article.features.all()] == ["family-sharing"]


def test_a_github_style_list_under_a_paragraph_line_renders_as_a_list(topics, client):
    source = "# 怎么测试热点\n\n测试：\n- 确认手机已经连上数据\n- 打开设置里的个人热点\n   - 缩进三格的子项\n".encode()
    import_articles(files=[("test-hotspot.zh-hans.md", source)], language="zh-hans")
    article = Article.objects.get()

    html = str(article.body_html())

    assert "<ul>" in html and "<li>确认手机已经连上数据</li>" in html and html.count("<ul>") == 2
