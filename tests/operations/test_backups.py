"""Backup and restore round-trip every record, on the database the suite runs on (SQLite or PostgreSQL)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from carriers.models import Plan, PlanFeature
from tests.factories import ArticleFactory, EditorFactory, plan_with_features

pytestmark = pytest.mark.django_db(transaction=True)

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "reversion"]


def snapshot():
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", *[f"--exclude={name}" for name in EXCLUDED], stdout=out)
    return out.getvalue()


def test_backup_then_restore_brings_back_every_record_exactly(tmp_path, hotspot, family_sharing, hong_kong):
    EditorFactory()
    for index in range(3):
        plan_with_features(slug=f"plan-{index}", support_by_feature={hotspot: "yes", family_sharing: ("limited", 5)})
    ArticleFactory(slug="kept", title_en="Kept")
    before = snapshot()
    counts = (Plan.objects.count(), PlanFeature.objects.count(), Article.objects.count())
    dump = tmp_path / "esimguide.backup"

    call_command("backup", str(dump), stdout=io.StringIO())
    Plan.objects.filter(slug="plan-0").delete()
    Article.objects.update(title_en="Vandalised")
    ArticleFactory(slug="added-after-backup")
    call_command("restore", str(dump), "--yes", stdout=io.StringIO())

    assert (Plan.objects.count(), PlanFeature.objects.count(), Article.objects.count()) == counts == (3, 6, 1)
    assert snapshot() == before


def test_a_restore_leaves_the_planner_statistics_gathered(tmp_path, hotspot):
    plan_with_features(slug="plan-0", support_by_feature={hotspot: "yes"})
    dump = tmp_path / "esimguide.backup"
    call_command("backup", str(dump), stdout=io.StringIO())

    call_command("restore", str(dump), "--yes", stdout=io.StringIO())

    table = PlanFeature._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # reltuples is -1 for a table never analysed, as a fresh restore's
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            assert cursor.fetchone()[0] == 1
        else:  # SQLite keeps what ANALYZE found in sqlite_stat1
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            assert cursor.fetchall()


def test_restore_of_a_missing_file_is_a_clear_error_and_changes_nothing(tmp_path):
    from django.core.management import CommandError

    ArticleFactory(slug="still-here")
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", str(tmp_path / "nope.dump"), "--yes")
    assert Article.objects.filter(slug="still-here").exists()


def test_backup_and_restore_carry_the_uploaded_images(tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from images.models import Image
    from images.uploads import clean_upload
    from tests.images.test_image_library import photo

    settings.MEDIA_ROOT = tmp_path / "media"
    cleaned, _width, _height = clean_upload(SimpleUploadedFile("harbour.jpg", photo()))
    image = Image.objects.create(file=cleaned, alt_zh_hans="港口", alt_en="Harbour", credit="esimguide, 2026-12")
    files = sorted(p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    dump = tmp_path / "esimguide.backup"

    call_command("backup", str(dump), stdout=io.StringIO())
    Image.objects.all().delete()
    for path in [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]:
        path.unlink()
    out = io.StringIO()
    call_command("restore", str(dump), "--yes", stdout=out)

    restored = sorted(p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    assert Image.objects.get().file.name == image.file.name
    assert restored == files and len(files) == 7 and f"{len(files)} media file(s) restored." in out.getvalue()


def test_a_media_archive_with_paths_outside_media_root_is_refused(tmp_path, settings):
    import tarfile

    settings.MEDIA_ROOT = tmp_path / "media"
    dump = tmp_path / "esimguide.backup"
    call_command("backup", str(dump), stdout=io.StringIO())
    with tarfile.open(str(dump) + ".media.tar", "w") as archive:
        evil = tmp_path / "evil.txt"
        evil.write_text("x")
        archive.add(evil, arcname="../../escaped.txt")

    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore", str(dump), "--yes", stdout=io.StringIO())
    assert not (tmp_path.parent / "escaped.txt").exists()
