"""Spreadsheet import as an editor meets it: every bad row at once by line and column in the editor's language,
files that are not spreadsheets named as such, GB18030, formulas, limits read as the file is read, unchanged rows
skipped, uploads private to their editor, and large imports written by a job with a progress page."""

import io
import re
import zipfile

import hypothesis
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st
from reversion.models import Version

from carriers.models import Plan
from editorial.models import ImportJob
from tests.carriers.test_spreadsheets import PLAN_HEADER, confirm, upload
from tests.factories import CarrierFactory, DataMaintainerFactory, PlanFactory

pytestmark = pytest.mark.django_db
IMPORT, CONFIRM = "admin:carriers_plan_import", "admin:carriers_plan_process_import"


@pytest.fixture(autouse=True)
def _private_upload_folder(settings, tmp_path):
    settings.SPREADSHEET_TEMP_DIR = tmp_path / "imports"


def maintainer(language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(DataMaintainerFactory())
    return client


@pytest.fixture
def carrier(db):
    return CarrierFactory(slug="harbour-mobile")


def row(slug, **changes):
    values = {
        "slug": slug, "carrier": "harbour-mobile", "name_zh_hans": "计划", "name_en": "Plan", "plan_type": "travel",
        "data_gb": "5", "is_unlimited_data": "0", "validity_days": "7", "price": "48", "currency": "HKD",
        "is_5g": "0", "purchase_url": "", "is_active": "1", **changes,
    }  # fmt: skip
    return ",".join(values[name] for name in PLAN_HEADER.split(","))


def problems(html):
    """(line, column, value, message) rows of the problem table."""
    pattern = r'<tr><th scope="row">(\d+)</th><td>([^<]*)</td><td><code>([^<]*)</code></td><td>([^<]*)</td></tr>'
    return re.findall(pattern, html)


def test_every_bad_row_is_listed_at_once_with_its_line_column_and_value_in_chinese(carrier):
    csv = "\n".join(
        [PLAN_HEADER, row("ok"), row("bad-price", price="abc"), row("bad-type", plan_type="daily"),
         row("bad-carrier", carrier="nobody"), row("bad-days", validity_days="seven")]
    ).encode()  # fmt: skip

    _response, html = upload(maintainer("zh-hans"), IMPORT, csv)

    found = problems(html)
    assert [(line, column, value) for line, column, value, _message in found] == [
        ("3", "I (price)", "abc"),
        ("4", "E (plan_type)", "daily"),
        ("5", "B (carrier)", "nobody"),
        ("6", "H (validity_days)", "seven"),
    ]
    assert "请输入数字。" in found[0][3]  # Django's own message, in the admin's language
    assert "没有使用此网址标识的记录" in found[2][3]
    assert "ConversionSyntax" not in html and "Traceback" not in html and 'name="token"' not in html
    assert Plan.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not a spreadsheet"),
        ("plans.xlsx", b"slug,carrier\nx,y\n", "named like an Excel workbook but is not one"),
        ("archive.csv", b"PK\x03\x04" + b"\x00" * 40, "damaged"),
        ("empty.csv", b"", "empty"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_named_as_such(carrier, name, content, message):
    _response, html = upload(maintainer(), IMPORT, content, name=name)

    assert message in html and name in html and "Traceback" not in html and "Error'" not in html


def test_a_markdown_file_uploaded_as_csv_says_which_columns_are_missing(carrier):
    _response, html = upload(maintainer(), IMPORT, "# 香港热点\n\n正文。\n".encode(), name="notes.csv")

    assert "this column is needed to find each record" in html and "Traceback" not in html


def test_a_gb18030_csv_from_excel_on_chinese_windows_is_read(carrier):
    csv = (PLAN_HEADER + "\n" + row("gbk-plan", name_zh_hans="香港七日通") + "\n").encode("gb18030")

    client = maintainer()
    _response, html = upload(client, IMPORT, csv)
    confirm(client, CONFIRM, html)

    assert "read as GB18030" in html
    assert Plan.objects.get(slug="gbk-plan").name_zh_hans == "香港七日通"


def xlsx(rows):
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_formula_cell_is_reported_not_blanked(carrier):
    header = PLAN_HEADER.split(",")
    values = row("formula-plan").split(",")
    values[header.index("price")] = "=40+8"

    _response, html = upload(maintainer(), IMPORT, xlsx([header, values]), name="plans.xlsx")

    assert ("2", "I2", "=40+8", "holds a formula; type the value itself instead") in problems(html)
    assert not Plan.objects.exists()


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_opened(carrier, settings):
    settings.SPREADSHEET_MAX_UNPACKED_BYTES = 1_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", "A" * 5_000_000)  # one huge cell, a few KB compressed

    _response, html = upload(maintainer(), IMPORT, buffer.getvalue(), name="bomb.xlsx")

    assert "The workbook unpacks to 4 MB; at most 0 MB can be read." in html


def test_rows_and_cell_sizes_are_limited_while_reading(carrier, settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    too_many = "\n".join([PLAN_HEADER, *(row(f"p{n}") for n in range(5))]).encode()
    huge_cell = (PLAN_HEADER + "\n" + row("long", name_en="x" * 6000) + "\n").encode()

    _response, rows_html = upload(maintainer(), IMPORT, too_many)
    _response, cell_html = upload(maintainer(), IMPORT, huge_cell)

    assert "more than 3 rows" in rows_html
    assert "longer than 5000 characters" in cell_html and "x" * 200 not in cell_html


def test_reimporting_an_unchanged_export_writes_nothing_and_bumps_no_lock(carrier):
    plan = PlanFactory(slug="harbour-5", carrier=carrier, price=48, data_gb=5, validity_days=7)
    client = maintainer()
    exported = client.post(
        reverse("admin:carriers_plan_export"),
        {"format": 0, "resource": 0, **{f"planresource_{name}": "on" for name in PLAN_HEADER.split(",")}},
    ).content
    lock, versions = Plan.objects.get(pk=plan.pk).lock_version, Version.objects.get_for_object(plan).count()

    _response, html = upload(client, IMPORT, exported)

    assert "0 new, 0 changed, 1 unchanged" in html and 'name="token"' not in html
    assert Plan.objects.get(pk=plan.pk).lock_version == lock
    assert Version.objects.get_for_object(plan).count() == versions


def test_xlsx_export_has_numbers_as_numbers_and_headers_in_the_editors_language(carrier):
    PlanFactory(slug="harbour-5", carrier=carrier, price=48, validity_days=7)
    columns = {f"planresource_{name}": "on" for name in ["slug", "price", "validity_days"]}

    response = maintainer("zh-hans").post(
        reverse("admin:carriers_plan_export"), {"format": 1, "resource": 0, **columns}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, values = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
    assert header == ["网址标识 (slug)", "有效期（天） (validity_days)", "价格 (price)"]  # the export's order
    assert values[1] == 7 and values[2] == 48


def test_an_upload_can_be_confirmed_only_by_its_own_editor(carrier):
    owner, other = maintainer(), maintainer()
    _response, html = upload(owner, IMPORT, (PLAN_HEADER + "\n" + row("mine") + "\n").encode())
    token = re.search(r'name="token" value="([^"]+)"', html)[1]

    refused = other.post(reverse(CONFIRM), {"token": token, "file_name": "x.csv"}, follow=True)
    hostile = other.post(reverse(CONFIRM), {"token": "../../etc/passwd", "file_name": "x.csv"}, follow=True)

    assert "expired or was imported already" in refused.content.decode()
    assert "expired or was imported already" in hostile.content.decode()
    assert not Plan.objects.exists()
    confirm(owner, CONFIRM, html)  # the owner's upload is still there
    assert Plan.objects.filter(slug="mine").exists()


def test_expired_uploads_are_removed(carrier, settings):
    import os
    import time

    client = maintainer()
    _response, html = upload(client, IMPORT, (PLAN_HEADER + "\n" + row("old") + "\n").encode())
    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    stored = next(settings.SPREADSHEET_TEMP_DIR.glob(f"*/{token}"))
    old = time.time() - settings.SPREADSHEET_TEMP_SECONDS - 60
    os.utime(stored, (old, old))

    upload(client, IMPORT, (PLAN_HEADER + "\n" + row("new") + "\n").encode())

    assert not stored.exists()


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_written_by_a_job_with_a_progress_page(settings):
    import time

    settings.SPREADSHEET_INLINE_ROWS = 5
    CarrierFactory(slug="harbour-mobile")
    client = maintainer()
    csv = "\n".join([PLAN_HEADER, *(row(f"bulk-{n}") for n in range(30))]).encode()
    _response, html = upload(client, IMPORT, csv)

    response = confirm(client, CONFIRM, html)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    started = time.monotonic()
    while ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING:
        assert time.monotonic() - started < 30
        time.sleep(0.1)
    page = client.get(job.get_absolute_url()).content.decode()
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE
    assert Plan.objects.filter(slug__startswith="bulk-").count() == 30
    assert "30 created, 0 updated, 0 unchanged" in page
    assert maintainer().get(job.get_absolute_url()).status_code == 404  # another editor's job


@hypothesis.settings(max_examples=80, deadline=None)
@hypothesis.given(st.one_of(st.binary(max_size=600), st.text(max_size=300).map(str.encode)))
def test_any_bytes_are_a_sheet_or_a_sheet_error_never_another_exception(data):
    from editorial import sheet_reading

    for name in ("upload.csv", "upload.xlsx"):
        try:
            sheet = sheet_reading.read(name, data)
        except sheet_reading.SheetError as error:
            assert str(error)
        else:
            assert isinstance(sheet.header, list)
