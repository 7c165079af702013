"""Spreadsheet import and export of carriers, plans and plan features in the admin (django-import-export)."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carriers.models import Plan, PlanFeature
from editorial.spreadsheets import neutralise
from tests.factories import CarrierFactory, DataMaintainerFactory, PlanFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db

PLAN_HEADER = (
    "slug,carrier,name_zh_hans,name_en,plan_type,data_gb,is_unlimited_data,validity_days,price,currency,is_5g,"
    "purchase_url,is_active"
)


@pytest.fixture
def editor_client(client):
    client.force_login(DataMaintainerFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload(client, url_name, content, name="plans.csv"):
    response = client.post(reverse(url_name), {"import_file": SimpleUploadedFile(name, content)})
    return response, response.content.decode()


def confirm(client, url_name, html):
    """Press "Confirm the import" on the preview page."""
    fields = dict(re.findall(r'name="(token|file_name)" value="([^"]*)"', html))
    return client.post(reverse(url_name), fields)


def test_plan_csv_import_previews_then_writes_on_confirm(editor_client):
    CarrierFactory(slug="harbour-mobile")
    csv = (
        PLAN_HEADER + "\n"
        "harbour-5,harbour-mobile,海港 5GB,Harbour 5 GB,travel,5,0,7,48,HKD,0,,1\n"
        "harbour-unl,harbour-mobile,海港无限,Harbour Unlimited,travel,,1,7,98,HKD,1,,1\n"
    ).encode("utf-8-sig")

    response, html = upload(editor_client, "admin:carriers_plan_import", csv)

    assert response.status_code == 200 and "Harbour Unlimited" in html
    assert Plan.objects.count() == 0  # a preview writes nothing
    confirm(editor_client, "admin:carriers_plan_process_import", html)
    assert set(Plan.objects.values_list("slug", "name_zh_hans")) == {
        ("harbour-5", "海港 5GB"),
        ("harbour-unl", "海港无限"),
    }


def test_plan_csv_with_one_bad_row_writes_nothing_and_names_the_row(editor_client):
    CarrierFactory(slug="harbour-mobile")
    csv = (
        PLAN_HEADER + "\n"
        "good-plan,harbour-mobile,好计划,Good plan,travel,5,0,7,48,HKD,0,,1\n"
        "bad-plan,harbour-mobile,坏计划,Bad plan,travel,5,0,7,not-a-price,HKD,0,,1\n"
    ).encode()

    response, html = upload(editor_client, "admin:carriers_plan_import", csv)

    assert re.search(r"<th scope=\"row\">3</th><td>I \(price\)</td><td><code>not-a-price</code></td>", html)
    assert "Enter a number." in html
    assert 'name="token"' not in html  # no confirm button
    assert Plan.objects.count() == 0


def test_unknown_carrier_is_an_error_on_its_row(editor_client):
    csv = (PLAN_HEADER + "\n" + "x-plan,no-such-carrier,计划,Plan,travel,5,0,7,48,HKD,0,,1\n").encode()
    _response, html = upload(editor_client, "admin:carriers_plan_import", csv)
    assert re.search(r"<th scope=\"row\">2</th><td>B \(carrier\)</td><td><code>no-such-carrier</code>", html)
    assert "no record with this slug exists" in html and Plan.objects.count() == 0


def test_plan_feature_rows_import_by_plan_and_feature_slug_without_duplicates(editor_client, hotspot):
    existing = PlanFeatureFactory(plan=PlanFactory(slug="harbour-5"), feature=hotspot, support="yes")
    csv = (
        "plan,feature,support,value,note_zh_hans,note_en,source_url,verified_on\n"
        "harbour-5,hotspot,limited,5,热点 5GB,Hotspot 5 GB,https://example.com/t,2026-11-01\n"
    ).encode()

    _response, html = upload(editor_client, "admin:carriers_planfeature_import", csv)
    confirm(editor_client, "admin:carriers_planfeature_process_import", html)

    row = PlanFeature.objects.get()
    assert (row.pk, row.support, row.value, row.note_en) == (existing.pk, "limited", 5, "Hotspot 5 GB")


CSV_FORMAT, XLSX_FORMAT = 0, 1  # positions in editorial.spreadsheets.FORMATS


def export_carriers(client, file_format):
    columns = {f"carrierresource_{name}": "on" for name in ["slug", "name_zh_hans", "name_en"]}
    return client.post(reverse("admin:carriers_carrier_export"), {"format": file_format, "resource": 0, **columns})


def test_csv_export_has_a_bom_chinese_intact_and_formulas_neutralised(editor_client):
    CarrierFactory(slug="evil", name_en='=HYPERLINK("http://x")', name_zh_hans="香港电讯")

    response = export_carriers(editor_client, CSV_FORMAT)

    body = response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "香港电讯" in text and "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_xlsx_export_opens_with_chinese_and_neutralised_cells(editor_client):
    CarrierFactory(slug="at-sign", name_en="@SUM(1+1)", name_zh_hans="数码通")

    response = export_carriers(editor_client, XLSX_FORMAT)

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "数码通" in values and "'@SUM(1+1)" in values


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-x", "'-x"), ("@A1", "'@A1"), ("-5", "-5"), ("5", "5"), ("香港", "香港")],
)
def test_formula_cells_are_neutralised_and_numbers_kept(cell, expected):
    assert neutralise(cell) == expected


def test_confirmed_import_is_recorded_in_history(editor_client):
    from reversion.models import Version

    CarrierFactory(slug="harbour-mobile")
    csv = (PLAN_HEADER + "\n" + "harbour-5,harbour-mobile,海港 5GB,Harbour 5 GB,travel,5,0,7,48,HKD,0,,1\n").encode()
    _response, html = upload(editor_client, "admin:carriers_plan_import", csv)
    confirm(editor_client, "admin:carriers_plan_process_import", html)

    version = Version.objects.get_for_object(Plan.objects.get(slug="harbour-5")).get()
    assert version.revision.user.is_staff
