"""Spreadsheet import and export in the admin: export through django-import-export, import through our own
two-step flow (editorial/sheet_import.py): upload and preview, then confirm.

The uploaded file waits for the confirmation in a folder of the uploading editor's own (``SPREADSHEET_TEMP_DIR``
/ user id), under a random name; the confirmation names it by that token only, so nobody can confirm, or delete,
another editor's upload. Files older than ``SPREADSHEET_TEMP_SECONDS`` are removed whenever anyone uploads.
"""

import logging
import re
import secrets
import threading
import time
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from import_export.admin import ExportMixin

from . import roles, sheet_reading
from .models import ImportJob
from .sheet_import import SheetImport, column_label
from .spreadsheets import FORMATS

logger = logging.getLogger(__name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,60}$")
PREVIEW_ROWS = 200


def _user_folder(user):
    return Path(settings.SPREADSHEET_TEMP_DIR) / str(user.pk)


def _remove_expired():
    root = Path(settings.SPREADSHEET_TEMP_DIR)
    if not root.is_dir():
        return
    oldest = time.time() - settings.SPREADSHEET_TEMP_SECONDS
    for folder in root.iterdir():
        for upload in folder.glob("*") if folder.is_dir() else []:
            if upload.stat().st_mtime < oldest:
                upload.unlink(missing_ok=True)


def _progress_key(job_id):
    return f"import-job:{job_id}"


def job_progress(job_id):
    """Rows written so far, if the cache knows (any server's thread writes it there)."""
    try:
        return cache.get(_progress_key(job_id))
    except Exception:  # noqa: BLE001 - the cache is down: the page says only that the import is running
        return None


def _report_progress(job_id, done):
    with suppress(Exception):  # progress is a nicety: with the cache down the import goes on
        cache.set(_progress_key(job_id), done, settings.SPREADSHEET_JOB_MAX_SECONDS)


def run_job(job_id, importer, plan, stored, language):
    """The thread of a large import: one transaction, then the job's outcome; nothing is half-written."""
    jobs = ImportJob.objects.filter(pk=job_id)
    try:
        with translation.override(language):
            try:
                importer.write(
                    plan,
                    comment=f"Spreadsheet import ({stored.name}).",
                    progress=lambda done: _report_progress(job_id, done),
                )
            except ValidationError as refused:
                jobs.update(
                    status=ImportJob.Status.FAILED, message=" ".join(refused.messages), finished_at=timezone.now()
                )
                return
            except Exception:  # noqa: BLE001 - reported to the editor as a failed import, logged for the operator
                logger.exception("spreadsheet import job %s failed", job_id)
                message = gettext(
                    "The import stopped with an error. Nothing was written; try again or ask an administrator."
                )
                jobs.update(status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now())
                return
            message = gettext("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
                "created": plan.created,
                "updated": plan.updated,
                "unchanged": plan.unchanged,
            }
            jobs.update(status=ImportJob.Status.DONE, message=message, finished_at=timezone.now())
            _report_progress(job_id, len(plan.written))
            stored.unlink(missing_ok=True)
    finally:
        connection.close()  # this thread's own connection


class SpreadsheetAdmin(ExportMixin):
    """CSV and XLSX export (Excel-safe, numbers as numbers, headers in the editor's language) and import (every
    bad row at once, atomic, unchanged rows skipped, role rules per column)."""

    formats = FORMATS
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"

    # Export
    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        return file_format.export_data(data)

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        dataset.headers = [column_label(self.model, name) for name in dataset.headers]
        return dataset

    # Import
    def has_import_permission(self, request):
        return roles.may(request.user, "change", self.model)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"has_import_permission": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        info = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.sheet_import_view), name=f"{info}_import"),
            path("import/confirm/", view(self.sheet_confirm_view), name=f"{info}_process_import"),
            path("import/job/<int:job_id>/", view(self.sheet_job_view), name=f"{info}_import_job"),
            *super().get_urls(),
        ]

    def sheet_job_view(self, request, job_id):
        job = ImportJob.objects.filter(pk=job_id, model_label=self.model._meta.label_lower).first()
        if job is None or (job.user_id != request.user.pk and not request.user.is_superuser):
            raise Http404(gettext("No such import."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Importing “%(name)s”") % {"name": job.file_name},
            "job": job,
            "written": job_progress(job.pk),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/editorial/sheet_import_job.html", context)

    def _importer(self, request):
        return SheetImport(self.get_export_resource_classes(request)[0], request.user)

    def _page(self, request, **context):
        importer = self._importer(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import %(records)s from a spreadsheet")
            % {"records": self.model._meta.verbose_name_plural},
            "columns": [column_label(self.model, name) for name in importer.columns],
            "id_columns": [column_label(self.model, name) for name in importer.id_columns],
            "max_rows": settings.SPREADSHEET_MAX_ROWS,
            "max_megabytes": settings.SPREADSHEET_MAX_BYTES // 2**20,
            "preview_rows": PREVIEW_ROWS,
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/editorial/sheet_import.html", context)

    def _plan(self, request, name, data):
        try:
            sheet = sheet_reading.read(name, data)
        except sheet_reading.SheetError as error:
            return None, None, str(error)
        return sheet, self._importer(request).plan(sheet), ""

    def sheet_import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = request.FILES.get("import_file") if request.method == "POST" else None
        if request.method != "POST":
            return self._page(request)
        refused = getattr(request, "refused_uploads", [])
        if upload is None and refused:
            message = gettext("“%(name)s” is larger than %(limit)s MB and was not read.")
            limit = settings.SPREADSHEET_MAX_BYTES // 2**20
            return self._page(request, file_error=message % {"name": refused[0], "limit": limit})
        if upload is None:
            return self._page(request, file_error=gettext("Choose a CSV or XLSX file to import."))
        if upload.size > settings.SPREADSHEET_MAX_BYTES:
            return self._page(
                request,
                file_error=gettext("“%(name)s” is %(size)s MB; at most %(limit)s MB can be imported.")
                % {"name": upload.name, "size": upload.size // 2**20, "limit": settings.SPREADSHEET_MAX_BYTES // 2**20},
            )
        data = upload.read()
        sheet, plan, error = self._plan(request, upload.name, data)
        if error:
            return self._page(request, file_error=error, file_name=upload.name)
        token = ""
        if not plan.problems and plan.written:
            _remove_expired()
            folder = _user_folder(request.user)
            folder.mkdir(parents=True, exist_ok=True)
            token = secrets.token_urlsafe(24)
            (folder / token).write_bytes(data)
        return self._page(request, plan=plan, sheet=sheet, token=token, file_name=upload.name)

    def sheet_confirm_view(self, request):
        if not self.has_import_permission(request) or request.method != "POST":
            raise PermissionDenied
        token, name = request.POST.get("token", ""), request.POST.get("file_name", "")[:200]
        stored = _user_folder(request.user) / token if TOKEN.match(token) else None
        if stored is None or not stored.is_file():
            self.message_user(
                request,
                gettext("That upload has expired or was imported already. Upload the file again."),
                messages.ERROR,
            )
            return redirect(reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_import"))
        sheet, plan, error = self._plan(request, name, stored.read_bytes())
        if error or plan.problems:  # the records changed since the preview
            return self._page(request, plan=plan, sheet=sheet, file_error=error, file_name=name)
        if len(plan.written) > settings.SPREADSHEET_INLINE_ROWS:
            job = ImportJob.objects.create(
                user=request.user, model_label=self.model._meta.label_lower, file_name=name, total=len(plan.written)
            )
            thread = threading.Thread(
                target=run_job, args=(job.pk, self._importer(request), plan, stored, translation.get_language()),
                name=f"import-job-{job.pk}", daemon=True,
            )  # fmt: skip
            thread.start()
            return redirect(job.get_absolute_url())
        try:
            self._importer(request).write(plan, comment=f"Spreadsheet import ({name}).")
        except ValidationError as refused:
            return self._page(request, plan=plan, sheet=sheet, file_error=" ".join(refused.messages), file_name=name)
        stored.unlink(missing_ok=True)
        self.message_user(
            request,
            gettext("Imported “%(name)s”: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"name": name, "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
            messages.SUCCESS,
        )
        return redirect(reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist"))
