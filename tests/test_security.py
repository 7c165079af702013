"""Security headers (graded like Mozilla's HTTP Observatory), login lockout, redirects that stay on this site,
and the defects found when the site was tried as an attacker would."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from carriers.models import Feature
from tests.factories import EditorFactory, plan_with_features

pytestmark = pytest.mark.django_db

PRODUCTION_LIKE = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def csp_directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def observatory_score(response, cookies):
    """Points per rule, as the HTTP Observatory (v2) scores them: start at 100, A+ from 100 up."""
    headers = response.headers
    rules = {}
    csp = csp_directives(headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src", []))
    strict = csp.get("default-src") == ["'self'"] or csp.get("default-src") == ["'none'"]
    no_unsafe = not any(value in scripts for value in ("'unsafe-inline'", "'unsafe-eval'", "https:", "*"))
    rules["content-security-policy"] = 0 if strict and no_unsafe and csp.get("object-src") == ["'none'"] else -25
    hsts = re.search(r"max-age=(\d+)", headers.get("Strict-Transport-Security", ""))
    rules["strict-transport-security"] = (
        (5 if "preload" in headers["Strict-Transport-Security"] else 0) if hsts and int(hsts[1]) >= 15768000 else -20
    )
    rules["x-content-type-options"] = 0 if headers.get("X-Content-Type-Options") == "nosniff" else -5
    rules["x-frame-options"] = (
        5 if csp.get("frame-ancestors") == ["'none'"] else (0 if "X-Frame-Options" in headers else -20)
    )
    private = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    rules["referrer-policy"] = 5 if headers.get("Referrer-Policy") in private else 0
    secure_cookies = all(c["secure"] and c["samesite"] for c in cookies.values())
    http_only_session = all(c["httponly"] for name, c in cookies.items() if name in {"sessionid", "csrftoken"})
    rules["cookies"] = 5 if cookies and secure_cookies and http_only_session else (0 if not cookies else -40)
    rules["cross-origin-resource-policy"] = 0 if headers.get("Cross-Origin-Resource-Policy") else -5
    rules["subresource-integrity"] = 0  # every script is served from this site
    return 100 + sum(rules.values()), rules


@override_settings(**PRODUCTION_LIKE)
def test_public_pages_earn_an_a_plus_and_every_rewarded_header_is_there(client):
    response = client.get("/en/plans/", secure=True)
    login = client.get("/admin/login/", secure=True)  # sets the CSRF cookie, as a visitor's browser would

    score, rules = observatory_score(response, login.cookies)

    assert score >= 100, rules  # A+
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"] and csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def test_admin_has_a_csp_with_no_inline_scripts(client):
    client.force_login(EditorFactory())
    response = client.get("/admin/")

    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and "'unsafe-inline'" not in csp["style-src-elem"]


def test_every_response_has_a_request_id(client):
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/healthz/")["X-Request-ID"])
    assert client.get("/healthz/", HTTP_X_REQUEST_ID="abc-123-def")["X-Request-ID"] == "abc-123-def"
    assert client.get("/healthz/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


# Login lockout


def fail_login(client, username, address="10.0.0.1"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": "wrong"},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )


def test_five_failures_lock_the_username_in_the_users_language_then_cool_off(client, settings):
    EditorFactory(username="mei")
    for _ in range(4):
        assert fail_login(client, "mei").status_code == 200
    locked = fail_login(client, "mei")

    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60
    right_password = client.post(
        "/admin/login/", {"username": "mei", "password": "correct horse battery"}, REMOTE_ADDR="10.0.0.99"
    )
    assert right_password.status_code == 429  # locked by username, from any address

    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time.replace(year=2020))
    cooled = client.post(
        "/admin/login/", {"username": "mei", "password": "correct horse battery"}, REMOTE_ADDR="10.0.0.99"
    )
    assert cooled.status_code == 302  # the cool-off passed: not a permanent lockout


def test_failures_across_usernames_lock_the_address(client):
    for index in range(5):
        fail_login(client, f"guess{index}", address="10.0.0.7")

    assert fail_login(client, "someone-else", address="10.0.0.7").status_code == 429
    assert fail_login(client, "someone-else", address="10.0.0.8").status_code == 200


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https:evil.example", "javascript:alert(1)"])
def test_login_next_redirects_stay_on_this_site(client, target):
    EditorFactory(username="mei")
    response = client.post(
        f"/admin/login/?next={target}",
        {"username": "mei", "password": "correct horse battery", "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https:evil.example", "javascript:alert(1)"])
def test_language_switch_next_redirects_stay_on_this_site(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})

    assert (
        response.status_code == 302 and "evil" not in response["Location"] and "javascript" not in response["Location"]
    )


# Defects


def test_double_slash_path_does_not_turn_language_links_into_another_host(client):
    response = client.get("//evil.example/zh-hans/plans/")

    html = response.content.decode()
    assert "evil.example" not in html
    assert 'hreflang="en" href="http://testserver/en/plans/"' in html


def test_fragment_responses_vary_on_hx_request(client):
    response = client.get("/en/plans/", HTTP_HX_REQUEST="true")

    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("slug", ["compare", "partial", "page", "sort"])
def test_feature_slugs_the_pages_use_as_parameters_are_refused(slug):
    from django.core.exceptions import ValidationError

    feature = Feature(slug=slug, name_zh_hans="测试", name_en="Test")
    with pytest.raises(ValidationError) as refused:
        feature.full_clean()
    assert [error.code for error in refused.value.error_dict["slug"]] == ["reserved_slug"]


def test_csv_export_neutralises_formulas_and_includes_notes(client, hotspot):
    plan = plan_with_features(name_en='=HYPERLINK("http://evil.example")', support_by_feature={hotspot: "yes"})
    row = plan.feature_rows.get()
    row.note_en = "@SUM(A1:A9) cap applies"
    row.save()

    text = client.get("/en/plans/export.csv").content.decode("utf-8-sig")

    assert "'=HYPERLINK" in text and "'@SUM(A1:A9) cap applies" in text
    assert "Hotspot: note" in text.splitlines()[0]


def test_healthz_and_readyz_answer_small_json(client):
    assert client.get("/healthz/").json() == {"status": "ok"}
    ready = client.get("/readyz/")
    assert ready.status_code == 200 and ready.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_readyz_is_503_when_the_database_refuses(client, monkeypatch):
    from esimguide import views

    def refuse():
        raise views.OperationalError("connection refused")

    monkeypatch.setattr(views, "_database_ready", refuse)
    response = client.get("/readyz/")

    assert response.status_code == 503 and response.json()["database"] == "unavailable"


def test_admin_url_is_configurable():
    import os
    import subprocess
    import sys

    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    environment = {**os.environ, "ADMIN_URL": "editors-7f3", "DJANGO_SETTINGS_MODULE": "esimguide.settings.dev"}
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)

    assert result.stdout.strip() == "/editors-7f3/", result.stderr
    assert reverse("admin:index") == "/admin/"


@pytest.mark.parametrize(
    ("message", "status"),
    [("no such table: carriers_plan", 500), ("unable to open database file", 503), ("database is locked", 503)],
)
def test_only_an_unreachable_database_is_an_outage_a_bug_stays_a_500(rf, message, status):
    from django.db import OperationalError

    from esimguide import views

    try:
        raise OperationalError(message)
    except OperationalError:
        response = views.server_error(rf.get("/en/plans/"))

    assert response.status_code == status
    assert ("Retry-After" in response) == (status == 503)


def test_the_error_page_still_answers_when_its_own_template_fails(rf, monkeypatch):
    from django.template import loader

    from esimguide import views

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'css/site.css'")

    monkeypatch.setattr(loader, "render_to_string", broken)
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = views.server_error(rf.get("/en/plans/"))

    assert response.status_code == 500 and "try again" in response.content.decode()
