"""'Report outdated info': stored in a queue, CSRF-checked, rate-limited per client, with a honeypot."""

import pytest
from django.test import Client, override_settings

from reports.models import Report
from tests.factories import ArticleFactory, EditorFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db

VALID = {"message": "The hotspot cap is now 5 GB, not 10 GB.", "source_url": "https://carrier.example/terms"}


@pytest.fixture
def plan(hong_kong, hotspot):
    return PlanFeatureFactory(plan__carrier__region=hong_kong, plan__slug="hk-travel", feature=hotspot).plan


def test_plan_and_article_pages_link_to_the_form_and_carry_no_token(client, plan):
    ArticleFactory(slug="answer", title_en="Answer", title_zh_hans="答案")

    pages = {"/en/plans/hk-travel/": "/en/report/plan/hk-travel/", "/en/articles/answer/": "/en/report/article/answer/"}
    for path, form in pages.items():
        html = client.get(path).content.decode()
        assert f'href="{form}"' in html
        assert "csrfmiddlewaretoken" not in html


def test_a_report_is_stored_and_linked_to_the_plan(client, plan):
    response = client.post("/en/report/plan/hk-travel/", VALID)

    assert response.status_code == 302
    assert response["Location"] == "/en/report/plan/hk-travel/sent/"
    report = Report.objects.get()
    assert report.record == plan
    assert report.language == "en"
    assert "Your report was received" in client.get(response["Location"]).content.decode()


def test_confirmation_and_errors_are_in_the_readers_language(client, plan):
    response = client.post("/zh-hant/report/plan/hk-travel/", {"message": "", "source_url": "not a url"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "這個欄位是必須的。" in html
    assert "請輸入有效的 URL。" in html
    assert Report.objects.count() == 0


def test_the_form_is_csrf_protected(plan):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/zh-hans/report/plan/hk-travel/", VALID)

    assert response.status_code == 403
    assert "表单未能发送" in response.content.decode()
    assert Report.objects.count() == 0


def test_the_form_page_itself_is_never_cached(client, plan):
    response = client.get("/en/report/plan/hk-travel/")

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" in response.content.decode()


@override_settings(REPORTS_PER_CLIENT=(3, 3600))
def test_reports_are_rate_limited_per_client(plan):
    first, second = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="198.51.100.8")
    statuses = [first.post("/en/report/plan/hk-travel/", VALID).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    limited = first.post("/en/report/plan/hk-travel/", VALID)
    assert limited["Retry-After"] == "3600"
    assert "Please try again in 60 minutes" in limited.content.decode()
    assert second.post("/en/report/plan/hk-travel/", VALID).status_code == 302
    assert Report.objects.count() == 4


def test_a_filled_honeypot_is_thanked_and_not_stored(client, plan):
    response = client.post("/en/report/plan/hk-travel/", {**VALID, "website": "http://spam.example"})

    assert response.status_code == 302
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/en/report/plan/no-such-plan/", "/en/report/carrier/csl/", "/en/report/article/draft/"]
)
def test_unknown_records_and_kinds_are_404(client, db, path):
    ArticleFactory(slug="draft", status="draft")

    assert client.get(path).status_code == 404
    assert client.post(path, VALID).status_code == 404


def test_editors_see_the_queue_with_a_link_to_the_record(client, plan):
    Client().post("/en/report/plan/hk-travel/", VALID)
    client.force_login(EditorFactory(is_superuser=True, is_staff=True))

    html = client.get("/admin/reports/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "The hotspot cap is now 5 GB" in html
    assert f'href="/admin/carriers/plan/{plan.pk}/change/"' in html


def test_the_admin_index_counts_open_reports(client, plan):
    Client().post("/en/report/plan/hk-travel/", VALID)
    client.force_login(EditorFactory(is_superuser=True, is_staff=True))

    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Readers&#x27; reports to check" in html or "Readers' reports to check" in html
    assert "/admin/reports/report/?status__exact=open" in html


def test_a_report_is_still_taken_when_the_rate_limit_cache_is_down(client, plan, unreachable_cache):
    assert client.post("/en/report/plan/hk-travel/", VALID).status_code == 302
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"message": "nul \x00 byte in the text"},
        {"message": "x" * 5000},
        {"message": "fine text", "source_url": "javascript:alert(1)"},
        {"message": "fine text", "email": "not-an-email"},
        {"message": "tiny"},
    ],
)
def test_bad_reports_get_field_errors_not_server_errors(client, plan, data):
    response = client.post("/en/report/plan/hk-travel/", data)

    assert response.status_code == 400
    assert Report.objects.count() == 0
