"""Readers' "this is outdated" reports about a plan or an article, queued for editors in the admin."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    message = models.TextField(_("what is wrong"), max_length=2000)
    source_url = models.URLField(_("source"), blank=True, max_length=500)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reader's report")
        verbose_name_plural = _("readers' reports")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="report_status_idx"),
            models.Index(fields=["content_type", "object_id"], name="report_record_idx"),
        ]

    def __str__(self):
        return f"{self.record or self.object_id}: {self.message[:60]}"
