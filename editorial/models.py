"""Building blocks every editable record shares: optimistic locking and per-language translation tracking.

The concrete models live in ``carriers`` and ``articles``; they inherit these abstract bases, and each app's
``translation.py`` registers the two tracking timestamps with django-modeltranslation, so a new language in
``LANGUAGES`` gets its own columns through ``makemigrations`` like every other translated field.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from . import status
from .texts import (  # noqa: F401 - the apps import these from here too
    TRACKING_FIELDS,
    _is_blank,
    language_name,
    localized,
    localized_fields,
    same_text,
    text_fields,
)


class StaleEdit(Exception):
    """Someone else saved the record after this editor loaded it; the save was refused."""

    def __init__(self, instance, expected):
        super().__init__(f"{instance._meta.label} {instance.pk}: version {expected} is no longer current")
        self.instance = instance
        self.expected = expected


class LockVersioned(models.Model):
    """A version number that every save increments; a save that names an older version is refused.

    Editors' forms carry the version they loaded (``expected_lock_version``). The increment is a conditional
    ``UPDATE … WHERE lock_version = expected``, which PostgreSQL serialises on the row lock, so of two editors
    who loaded the same version exactly one can save.
    """

    lock_version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        expected = getattr(self, "expected_lock_version", None)
        if self.pk is not None and not self._state.adding:
            rows = type(self)._base_manager.filter(pk=self.pk)
            guarded = rows if expected is None else rows.filter(lock_version=expected)
            if not guarded.update(lock_version=F("lock_version") + 1) and expected is not None:
                raise StaleEdit(self, expected)
            self.lock_version = rows.values_list("lock_version", flat=True).first() or 0
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "lock_version"}
        super().save(*args, **kwargs)
        self.expected_lock_version = None


class TranslationTracked(models.Model):
    """Remembers, per language, when that language's text last changed and when it was last checked.

    A translation is *outdated* when another language's text changed after it was last edited or marked
    reviewed, and *missing* when a text exists in another language but not in this one. ``save()`` derives the
    timestamps by comparing the text with what was loaded, so every write path (admin, importer, services) keeps
    them right without being told.
    """

    text_changed_at = models.DateTimeField(_("text changed at"), null=True, blank=True, editable=False)
    text_checked_at = models.DateTimeField(_("translation checked at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_text = instance._text_snapshot()
        return instance

    def _text_snapshot(self):
        loaded = self.__dict__
        return {
            (name, language): loaded[localized(name, language)]
            for name in text_fields(type(self))
            for language in AVAILABLE_LANGUAGES
            if localized(name, language) in loaded
        }

    def _languages_changed(self):
        before = getattr(self, "_loaded_text", {})
        after = self._text_snapshot()
        changed = set()
        for (name, language), value in after.items():
            old = before.get((name, language))
            if (name, language) not in before and self.pk is not None and not self._state.adding:
                continue  # not loaded (deferred), so unknown: do not guess
            if not same_text(old, value) and not (_is_blank(old) and _is_blank(value)):
                changed.add(language)
        return changed

    def _languages_added(self, changed):
        """Of the ``changed`` languages, those that had no text at all before: a translation being added."""
        before = getattr(self, "_loaded_text", {})
        if self.pk is None or self._state.adding:
            return set()
        return {
            language
            for language in changed
            if all(_is_blank(value) for (_name, lang), value in before.items() if lang == language)
        }

    def save(self, *args, **kwargs):
        changed = self._languages_changed()
        if changed:
            now = timezone.now()
            added = self._languages_added(changed)
            # Texts added where a language had none translate the others, which need not follow them: when only
            # translations were added, they count as written when the existing texts last changed, so adding
            # English never makes the Chinese "outdated". An edit of an existing text outdates the others as ever.
            existing = [localized("text_changed_at", other) for other in AVAILABLE_LANGUAGES if other not in added]
            written = max((w for w in (getattr(self, column) for column in existing) if w is not None), default=None)
            for language in changed:
                for name in TRACKING_FIELDS:
                    setattr(self, localized(name, language), now)
                if changed == added:
                    setattr(self, localized("text_changed_at", language), written)
            if kwargs.get("update_fields") is not None:
                extra = {localized(name, language) for name in TRACKING_FIELDS for language in changed}
                kwargs["update_fields"] = {*kwargs["update_fields"], *extra}
        super().save(*args, **kwargs)
        self._loaded_text = self._text_snapshot()

    def translation_status(self, language):
        return status.translation_status(self, language)


class ImportJob(models.Model):
    """A spreadsheet import with more rows to write than one request may take (SPREADSHEET_INLINE_ROWS): written
    by a thread of the app server, in one transaction, while the editor watches its progress page."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user"))
    model_label = models.CharField(_("records"), max_length=100)
    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    total = models.PositiveIntegerField(_("rows to write"), default=0)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        app_label, model_name = self.model_label.split(".")
        return reverse(f"admin:{app_label}_{model_name}_import_job", args=[self.pk])

    @property
    def is_interrupted(self):
        """Still "running" long after any import could: its server stopped, and its transaction was rolled back."""
        limit = timedelta(seconds=settings.SPREADSHEET_JOB_MAX_SECONDS)
        return self.status == self.Status.RUNNING and timezone.now() - self.created_at > limit


def path_without_language(url):
    """``/zh-hans/articles/x/`` → ``/articles/x/``: an address the same in every language."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if url.startswith(prefix):
            return url[len(prefix) - 1 :]
    return url


class Redirect(models.Model):
    """An address that moved, kept working: ``old_path`` answers 301 to ``new_path`` under every language prefix.

    Made by ``KeepsOldAddresses`` when a record's slug changes; editors may add and edit them too. Paths are
    stored without the language prefix, so one row serves /zh-hans/, /zh-hant/ and /en/ alike. Only addresses that
    would otherwise be a 404 are redirected, so a redirect never hides a live page."""

    old_path = models.CharField(_("old address"), max_length=300, unique=True, help_text=_("e.g. /articles/old-slug/"))
    new_path = models.CharField(_("new address"), max_length=300, help_text=_("e.g. /articles/new-slug/"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        constraints = [models.CheckConstraint(condition=~Q(old_path=F("new_path")), name="redirect_not_to_itself")]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def get_absolute_url(self):
        return reverse("admin:editorial_redirect_change", args=[self.pk])

    def clean(self):
        for name in ("old_path", "new_path"):
            path = path_without_language("/" + (getattr(self, name) or "").strip().lstrip("/"))
            if "//" in path or "\\" in path or "://" in path:
                raise ValidationError({name: _("Enter a path on this site, such as /articles/hotspot/.")})
            setattr(self, name, path)
        seen, path = {self.old_path}, self.new_path
        while (following := Redirect.objects.exclude(pk=self.pk).filter(old_path=path).first()) is not None:
            if following.new_path in seen:
                raise ValidationError({"new_path": _("This would make a loop of redirects back to %(path)s.")
                                       % {"path": following.new_path}})  # fmt: skip
            seen.add(path)
            path = following.new_path
        if self.new_path == self.old_path:
            raise ValidationError({"new_path": _("A redirect cannot lead to its own address.")})


class KeepsOldAddresses(models.Model):
    """A record whose address holds its slug: when the slug changes, the old address redirects to the new one in
    every language, chains are collapsed (A → B then B → C becomes A → C and B → C) and a redirect from the new
    address (an earlier rename back) is removed."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")  # the address is worked out only if it changes
        return instance

    def _address(self, slug):
        current, self.slug = self.slug, slug
        try:
            return path_without_language(self.get_absolute_url())
        finally:
            self.slug = current

    def save(self, *args, **kwargs):
        old_slug = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            old, new = self._address(old_slug), self._address(self.slug)
            Redirect.objects.filter(old_path=new).delete()
            Redirect.objects.filter(new_path=old).update(new_path=new)
            Redirect.objects.update_or_create(old_path=old, defaults={"new_path": new})
        self._loaded_slug = self.slug


class Presence(models.Model):
    """Who has a record's form open: a soft lock, shown to the others, that lapses ``EDIT_PRESENCE_SECONDS``
    after the form last said it was still open (a save removes it). It never refuses a save: stale saves are
    refused by ``LockVersioned``."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("open form")
        verbose_name_plural = _("open forms")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "user"], name="presence_one_per_user")
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "seen_at"], name="presence_record_idx")]

    def __str__(self):
        return f"{self.user} · {self.content_type_id}/{self.object_id}"

    @classmethod
    def _record(cls, obj):
        from django.contrib.contenttypes.models import ContentType

        return {
            "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=True),
            "object_id": str(obj.pk),
        }

    @classmethod
    def mark(cls, obj, user):
        """``user`` has ``obj``'s form open now; returns the others who have it open, longest first."""
        record = cls._record(obj)
        cls.objects.update_or_create(**record, user=user, defaults={"seen_at": timezone.now()})
        since = timezone.now() - timedelta(seconds=settings.EDIT_PRESENCE_SECONDS)
        return list(
            cls.objects.filter(**record, seen_at__gte=since).exclude(user=user).select_related("user").order_by("pk")
        )

    @classmethod
    def leave(cls, obj, user):
        cls.objects.filter(**cls._record(obj), user=user).delete()
