"""Which phones take an eSIM, by where they were sold: the public page, its search, its sources, and who may edit."""

import pytest
from django.urls import reverse

from devices.models import Device, DeviceSetup
from devices.services import load_demo_devices
from tests.factories import DataMaintainerFactory, EditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_devices():
    load_demo_devices()


def test_a_mainland_china_iphone_is_shown_without_esim_in_every_language(client, demo_devices):
    pages = {
        language: client.get(f"/{language}/devices/", {"q": "iPhone XR"}) for language in ("zh-hans", "zh-hant", "en")
    }

    english = pages["en"].content.decode()
    assert all(page.status_code == 200 for page in pages.values())
    start = english.index('<th scope="row">Mainland China')
    row = english[start : english.index("</tr>", start)]
    assert "No eSIM" in row and "Two nano-SIMs, no eSIM" in row and "scmp.com" in row and "2026-12-01" in row
    assert "大陆" in pages["zh-hans"].content.decode() and "沒有 eSIM" in pages["zh-hant"].content.decode()
    assert english.count("<h2>") == 1 and "<h2>Apple iPhone XR" in english  # the search kept only the XR


def test_an_answer_we_could_not_source_is_not_confirmed_never_yes(client, demo_devices):
    html = client.get("/en/devices/", {"q": "iPhone 15"}).content.decode()
    mainland = DeviceSetup.objects.get(device__slug="apple-iphone-15", sales_region="mainland-china")

    assert mainland.takes_esim is None and not mainland.source_url
    assert "Not confirmed" in html


def test_search_by_model_number_and_hostile_queries(client, demo_devices):
    Device.objects.filter(slug="apple-iphone-xr").update(model_numbers="A1984, A2105")

    assert "iPhone XR" in client.get("/en/devices/", {"q": "a2105"}).content.decode()
    assert "No phone matches" in client.get("/en/devices/", {"q": "nokia 3310"}).content.decode()
    long = client.get("/en/devices/", {"q": "x" * 20000, "page": "999"})
    junk = client.get("/en/devices/", {"utm_source": "mail"})
    assert long.status_code == 200 and junk.status_code == 301


def test_the_page_is_never_served_stale_from_the_page_cache(client, demo_devices):
    client.get("/en/devices/")
    DeviceSetup.objects.filter(device__slug="apple-iphone-air", sales_region="united-states").update(
        note_en="Checked again today."
    )

    response = client.get("/en/devices/")

    assert "Checked again today." in response.content.decode() and "private" in response["Cache-Control"]


def test_only_data_maintainers_edit_devices(client, demo_devices):
    device = Device.objects.get(slug="apple-iphone-air")
    url = reverse("admin:devices_device_change", args=[device.pk])
    data = {"slug": device.slug, "brand": "Apple", "model": "iPhone Air (renamed)", "model_numbers": "", "year": 2025,
            "setups-TOTAL_FORMS": 0, "setups-INITIAL_FORMS": 0}  # fmt: skip

    client.force_login(EditorFactory())
    assert client.get(url).status_code == 200  # may look
    client.post(url, data)
    assert Device.objects.get(pk=device.pk).model == "iPhone Air"
    client.force_login(DataMaintainerFactory())
    response = client.post(url, data)
    assert response.status_code == 302 and Device.objects.get(pk=device.pk).model == "iPhone Air (renamed)"


def test_a_search_spread_over_pages_keeps_its_query_in_the_pages_links(client, settings):
    for number in range(settings.DEVICES_PER_PAGE + 1):
        Device.objects.create(brand="Pixel", model=f"Pixel {number}", slug=f"pixel-{number}", year=2020)
    Device.objects.create(brand="Other", model="Other 1", slug="other-1", year=2020)

    html = client.get("/zh-hant/devices/?q=Pixel").content.decode()

    assert "第 1 頁，共 2 頁" in html and 'rel="next" href="?q=Pixel&amp;page=2"' in html
    assert "Other 1" not in html
