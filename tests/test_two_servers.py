"""Two app servers on one PostgreSQL database (and one Redis, when REDIS_URL is set): an editor saves a plan
feature through one server, and a reader's very next request to the other shows the new value."""

import http.cookiejar
import os
import re
import urllib.parse
import urllib.request

from tests.servers import app_server, environment, get, manage, scratch_database


class Browser:
    """Just enough of a browser for the admin: cookies, CSRF token, form posts."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": self.base + path, "Accept-Language": "en"}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - 127.0.0.1
        with self.opener.open(request, timeout=15) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.geturl(), response.read().decode()

    @staticmethod
    def field(html, name):
        match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(
            rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html
        )
        return match[1] if match else ""


def test_a_save_through_one_server_shows_on_the_others_next_request(tmp_path):
    name = f"esimguide_two_{os.getpid()}"
    with scratch_database(name):
        env = environment(f"postgres://postgres@127.0.0.1:5432/{name}")
        manage("migrate", "--no-input", "-v0", env=env)
        manage("load_demo", "-v0", env=env)
        env_with_editor = {**env, "DJANGO_SUPERUSER_PASSWORD": "correct horse battery"}
        manage("createsuperuser", "--no-input", "--username", "mei", "--email", "mei@example.com", env=env_with_editor)
        with app_server(env, tmp_path / "a.log") as server_a, app_server(env, tmp_path / "b.log") as server_b:
            page = "/en/plans/cmhk-travel-5/"
            assert get(server_b + page)[0] == 200 and get(server_b + page)[1].get("X-Page-Cache") == "hit"
            before = get(server_b + page)[2]
            assert "Limited · 3" not in before

            editor = Browser(server_a)
            _status, _url, login = editor.open("/admin/login/")
            credentials = {"username": "mei", "password": "correct horse battery"}
            editor.open(
                "/admin/login/", {**credentials, "csrfmiddlewaretoken": editor.field(login, "csrfmiddlewaretoken")}
            )
            _status, _url, listing = editor.open("/admin/carriers/planfeature/?q=cmhk-travel-5")
            hotspot_row = next(row for row in listing.split("<tr") if "Hotspot" in row)
            change_path = re.search(r'href="(/admin/carriers/planfeature/\d+/change/)[^"]*"', hotspot_row)[1]
            _status, _url, form = editor.open(change_path)
            fields = ["plan", "feature", "note_zh_hans", "note_en", "source_url", "verified_on", "seen_version"]
            data = {field: editor.field(form, field) for field in fields}
            data["plan"] = re.search(r'<option value="(\d+)" selected>', form)[1]
            data["feature"] = re.findall(r'<option value="(\d+)" selected>', form)[1]
            data.update(support="limited", value="3", csrfmiddlewaretoken=editor.field(form, "csrfmiddlewaretoken"))
            status, landed, _html = editor.open(change_path, data)
            assert status == 200 and landed.endswith("/admin/carriers/planfeature/")  # saved, back to the list

            status, headers, after = get(server_b + page)
            assert status == 200 and headers.get("X-Page-Cache") == "miss"
            assert "Limited · 3" in after
